"""Numbered citations for a page, resolving to bibliography entries."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from wbdash.citations import citation_id, compact_label, is_present, source_index

_present = is_present


@dataclass(frozen=True)
class Reference:
    number: int
    source_id: str  # the bibliography row it resolves to
    text: str  # plain text; escape before rendering
    url: str | None


def describe_entry(sources: pd.DataFrame, source_id: str) -> tuple[str, str | None]:
    """Plain-text description of one bibliography row, and its URL."""
    entry = source_index(sources)[source_id]
    parts = [str(entry[c]) for c in ("author", "title", "publisher", "date") if _present(entry[c])]
    text = ", ".join(parts)
    if _present(entry["parent_id"]):
        parent = compact_label(sources, str(entry["parent_id"]))
        text = f"{parent}, footnote {int(entry['footnote'])}, citing: {text}"
    url = str(entry["url"]) if _present(entry["url"]) else None
    return text, url


@dataclass
class CitationRegistry:
    """Numbers citations in order of first use on a page: [1], [2], …"""

    sources: pd.DataFrame
    _numbers: dict[str, int] = field(default_factory=dict)

    def number(self, source_id: str, footnote: object = None) -> int:
        key = citation_id(source_id, footnote if _present(footnote) else None)
        if key not in source_index(self.sources):
            raise KeyError(f"citation {key!r} has no bibliography entry")
        if key not in self._numbers:
            self._numbers[key] = len(self._numbers) + 1
        return self._numbers[key]

    def references(self) -> list[Reference]:
        result = []
        for key, number in sorted(self._numbers.items(), key=lambda item: item[1]):
            text, url = describe_entry(self.sources, key)
            result.append(Reference(number, key, text, url))
        return result
