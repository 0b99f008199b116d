"""Turn (source id, footnote) pairs into readable citations from the bibliography."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping

import pandas as pd

from wbdash.schema import footnote_source_id

SourceIndex = Mapping[str, Mapping[str, object]]
Sources = pd.DataFrame | SourceIndex


# Pages cite hundreds of values from one bibliography frame; indexing it once per frame (the
# frames are never modified after loading) keeps that to dictionary lookups.
_INDEXES: dict[int, SourceIndex] = {}
_INDEXES_LOCK = threading.Lock()


def source_index(sources: Sources) -> SourceIndex:
    """The bibliography as {source id: entry}, built once per bibliography frame."""
    if not isinstance(sources, pd.DataFrame):
        return sources
    key = id(sources)
    with _INDEXES_LOCK:
        index = _INDEXES.get(key)
        if index is None:
            index = {str(record["source_id"]): record for record in sources.to_dict("records")}
            _INDEXES[key] = index
            weakref.finalize(sources, _INDEXES.pop, key, None)  # the id may be reused once the frame is gone
    return index


def _entry(sources: Sources, source_id: str) -> Mapping[str, object]:
    return source_index(sources)[source_id]


def is_present(value: object) -> bool:
    """False for None, NaN/NA and empty strings: the ways a CSV cell can be blank."""
    if value is None:
        return False
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return False
    except (TypeError, ValueError):
        pass
    return str(value) != ""


_present = is_present


def short_title(sources: Sources, source_id: str) -> str:
    """'Security Tech Brief … (2023-05)' style label of a document."""
    entry = _entry(sources, source_id)
    parts = [str(entry["title"])]
    if _present(entry["publisher"]):
        parts.append(str(entry["publisher"]))
    if _present(entry["date"]):
        parts.append(str(entry["date"]))
    return ", ".join(parts)


def compact_label(sources: Sources, source_id: str) -> str:
    """The short label for source lines, falling back to the full title."""
    entry = _entry(sources, source_id)
    return str(entry["short_title"]) if _present(entry["short_title"]) else short_title(sources, source_id)


def cite(sources: Sources, source_id: str, footnote: object = None) -> str:
    """A one-line citation: the document, and for a footnote what the footnote cites."""
    sources = source_index(sources)
    label = short_title(sources, source_id)
    if not _present(footnote):
        return label
    number = int(footnote)  # type: ignore[arg-type]
    note_id = footnote_source_id(source_id, number)
    if note_id not in sources:
        return f"{label}, fn {number}"
    entry = _entry(sources, note_id)
    cited = [str(entry[c]) for c in ("author", "title", "publisher", "date") if _present(entry[c])]
    return f"{label}, fn {number}: " + ", ".join(cited)


def citation_id(source_id: str, footnote: object = None) -> str:
    """The bibliography id a citation resolves to (the footnote entry when there is one)."""
    return footnote_source_id(source_id, int(footnote)) if _present(footnote) else source_id  # type: ignore[arg-type]
