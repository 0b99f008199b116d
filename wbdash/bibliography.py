"""Numbered citations for a page, resolving to bibliography entries."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from wbdash.citations import citation_id, compact_label, is_present, source_index
from wbdash.content import Content

_present = is_present


@dataclass(frozen=True)
class Reference:
    number: int
    source_id: str  # the bibliography row it resolves to
    text: str  # plain text; escape before rendering
    url: str | None


def describe_entry(sources: pd.DataFrame, content: Content, source_id: str,
                   footnotes: tuple[int, ...] = ()) -> tuple[str, str | None]:
    """Plain-text description of one bibliography row, and its URL.

    `footnotes`: all the brief's footnotes that cite the same work, when the page cites it through several.
    """
    entry = source_index(sources)[source_id]
    parts = [str(entry[c]) for c in ("author", "title", "publisher", "date") if _present(entry[c])]
    text = ", ".join(parts)
    if _present(entry["parent_id"]):
        parent = compact_label(sources, str(entry["parent_id"]))
        numbers = sorted(set(footnotes) | {int(entry["footnote"])})
        where = (content.text("common.footnote_one", footnote=numbers[0]) if len(numbers) == 1 else
                 content.text("common.footnote_many", footnotes=", ".join(map(str, numbers))))
        text = content.text("common.cited_in", parent=parent, where=where, reference=text)
    url = str(entry["url"]) if _present(entry["url"]) else None
    return text, url


@dataclass
class CitationRegistry:
    """Numbers citations in order of first use on a page: [1], [2], …

    Two footnotes of the brief that cite the same work (same parent document and URL) share one number, so a
    reader never sees one article listed twice.
    """

    sources: pd.DataFrame
    content: Content  # the words of "footnote 12, citing: …", in the reader's language
    _numbers: dict[str, int] = field(default_factory=dict)  # work -> number
    _keys: dict[str, list[str]] = field(default_factory=dict)  # work -> bibliography rows citing it

    def _work(self, key: str) -> str:
        entry = source_index(self.sources)[key]
        if _present(entry["parent_id"]) and _present(entry["url"]):
            return f"{entry['parent_id']}|{entry['url']}"
        return key

    def number(self, source_id: str, footnote: object = None) -> int:
        key = citation_id(source_id, footnote if _present(footnote) else None)
        if key not in source_index(self.sources):
            raise KeyError(f"citation {key!r} has no bibliography entry")
        work = self._work(key)
        if work not in self._numbers:
            self._numbers[work] = len(self._numbers) + 1
        keys = self._keys.setdefault(work, [])
        if key not in keys:
            keys.append(key)
        return self._numbers[work]

    def references(self) -> list[Reference]:
        result = []
        index = source_index(self.sources)
        for work, number in sorted(self._numbers.items(), key=lambda item: item[1]):
            keys = self._keys[work]
            footnotes = tuple(int(index[k]["footnote"]) for k in keys if _present(index[k]["footnote"]))
            text, url = describe_entry(self.sources, self.content, keys[0], footnotes)
            result.append(Reference(number, keys[0], text, url))
        return result
