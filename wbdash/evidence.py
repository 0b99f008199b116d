"""Evidence: the exact words of a source document that each statement rests on, and a check that finds them.

Every fact, status value and sourced definition may carry an `evidence` phrase (at most ten words) and a
`locator` ("fn 55", "country table"). `python -m wbdash validate --sources DIR` reads the source documents'
text from DIR (their file names are in sources.csv, `local_file`) and reports each phrase that does not
occur, by file, row and column. Case, whitespace and the style of quotation marks and dashes are
normalised; nothing else is, so a changed word is caught.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wbdash.citations import is_present, source_index
from wbdash.content import CONTENT_DIR, DEFINITIONS_FILE, Definition
from wbdash.errors import DataIssue
from wbdash.paths import COUNTRIES_FILE, FACTS_FILE, REGION_FILE, SOURCES_FILE
from wbdash.registry import Registry
from wbdash.schema import HISTORY_FILE

MAX_EVIDENCE_WORDS = 10  # a phrase to find in the source, not a copied passage
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "“": '"', "”": '"',
                         "„": '"', "″": '"', "–": "-", "—": "-", "‑": "-", "\u00a0": " "})
# Footnote markers of the text extractions (superscript digits) sit inside sentences; a phrase may skip them.
_SUPERSCRIPTS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def normalise(text: str) -> str:
    """Case, whitespace, quotation marks, dashes and footnote markers made uniform; words kept as they are."""
    return " ".join(_SUPERSCRIPTS.sub(" ", text.translate(_QUOTES)).casefold().split())


def too_long(phrase: str) -> bool:
    return len(phrase.split()) > MAX_EVIDENCE_WORDS


@dataclass(frozen=True)
class Evidence:
    """One evidence phrase and where it is declared."""

    file: str
    row: int | None
    column: str
    key: str | None  # the entry of a YAML file (a definition)
    source_id: str
    phrase: str


def _rows(frame: pd.DataFrame, lines: list[int]) -> Iterable[tuple[int, dict]]:
    return zip(lines, frame.to_dict("records"), strict=True)


def collect(registry: Registry, frames: Mapping[str, pd.DataFrame], lines: Mapping[str, list[int]],
            definitions: Iterable[Definition] = ()) -> list[Evidence]:
    """Every evidence phrase in the data files and the definitions, with the source it must be found in."""
    items: list[Evidence] = []
    for file_name in (FACTS_FILE, REGION_FILE, HISTORY_FILE):
        for line, row in _rows(frames[file_name], lines[file_name]):
            if is_present(row.get("evidence")):
                items.append(Evidence(file_name, line, "evidence", None, str(row["source_id"]), str(row["evidence"])))
    for indicator in registry.stored():
        columns = indicator.columns
        if columns is None or not columns.evidence:
            continue
        for line, row in _rows(frames[COUNTRIES_FILE], lines[COUNTRIES_FILE]):
            if is_present(row[columns.evidence]):
                items.append(Evidence(COUNTRIES_FILE, line, columns.evidence, None, str(row[columns.source]),
                                      str(row[columns.evidence])))
    for number, definition in enumerate(definitions, start=1):
        for citation in definition.citations:
            if citation.evidence:
                items.append(Evidence(f"{CONTENT_DIR}/{DEFINITIONS_FILE}", None, "citations.evidence",
                                      f"definition {number}", citation.source, citation.evidence))
    return items


def document_file(sources: pd.DataFrame, source_id: str) -> str | None:
    """The local text of a source: its own `local_file`, or its parent document's for a footnote entry."""
    entry = source_index(sources).get(source_id)
    if entry is None:
        return None
    if is_present(entry["local_file"]):
        return str(entry["local_file"])
    parent = entry["parent_id"]
    return document_file(sources, str(parent)) if is_present(parent) else None


def check(items: Iterable[Evidence], sources: pd.DataFrame, sources_dir: Path) -> list[DataIssue]:
    """Each phrase that its document's text does not contain (or whose document cannot be read)."""
    texts: dict[str, str | None] = {}
    issues: list[DataIssue] = []
    for item in items:
        file_name = document_file(sources, item.source_id)
        if file_name is None:
            continue  # a web page or dataset: its text is not kept offline, so it cannot be checked here
        if file_name not in texts:
            path = sources_dir / file_name
            texts[file_name] = normalise(path.read_text(encoding="utf-8")) if path.is_file() else None
        text = texts[file_name]
        if text is None:
            issues.append(DataIssue(SOURCES_FILE, None, "local_file",
                                    f"{file_name} (cited by {item.source_id!r}) is not in {sources_dir}"))
            continue
        if normalise(item.phrase) not in text:
            issues.append(DataIssue(item.file, item.row, item.column,
                                    f"the evidence {item.phrase!r} does not occur in {file_name} "
                                    f"(the text of {item.source_id!r})", key=item.key))
    return list(dict.fromkeys(issues))
