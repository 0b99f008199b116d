"""CSV and metadata exports of the current view, safe to open in spreadsheet software."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date

import pandas as pd
from pandas.api.types import is_numeric_dtype

from wbdash.citations import short_title
from wbdash.table import TABLE_COLUMNS

# OWASP CSV injection guidance: these leading characters make spreadsheets evaluate a cell.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FILE_STEM = "western-balkans-comparison"
DATA_LICENCE = (
    "Values and citations are facts drawn from the sources listed; the summaries and this compilation "
    "are the project's own. Boundaries and population: Natural Earth, public domain."
)


def neutralise_cell(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe; numbers pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if not is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    safe.columns = [neutralise_cell(str(c)) for c in safe.columns]
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark so Excel detects the encoding (Bosnian and Serbian names)."""
    return neutralise_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def file_name(extension: str, on: date | None = None) -> str:
    """'western-balkans-comparison-2026-11-24.csv'; `extension` may carry a qualifier ('eu.png')."""
    qualifier, _, suffix = extension.rpartition(".")
    stem = f"{FILE_STEM}-{qualifier}" if qualifier else FILE_STEM
    return f"{stem}-{(on or date.today()).isoformat()}.{suffix}"


@dataclass(frozen=True)
class ViewFilters:
    indicator_title: str
    country_names: list[str]
    column_keys: list[str]

    def lines(self) -> list[str]:
        return [
            f"Map indicator: {self.indicator_title}",
            f"Countries: {', '.join(self.country_names)}",
            "Columns: " + ", ".join(TABLE_COLUMNS[k].header for k in self.column_keys),
        ]


def metadata(frame: pd.DataFrame, sources: pd.DataFrame, filters: ViewFilters, on: date | None = None) -> dict:
    """A Frictionless-style data package descriptor for the exported CSV."""
    fields = []
    for header in frame.columns:
        base = header.removesuffix(" - source").removesuffix(" - as of")
        column = next((c for c in TABLE_COLUMNS.values() if c.header == base), None)
        if header == "Country":
            description = "Country name as in the brief."
        elif header == "Code":
            description = "ISO 3166-1 alpha-2 code (Kosovo: XK, user-assigned)."
        elif header.endswith(" - source"):
            description = f"Citation for '{base}': document, footnote and what it cites."
        elif header.endswith(" - as of"):
            description = f"Date the value of '{base}' describes."
        else:
            description = column.description if column else ""
        kind = "number" if is_numeric_dtype(frame[header]) else "string"
        fields.append({"name": header, "type": kind, "description": description})
    documents = sources[sources["parent_id"].isna()]
    return {
        "name": FILE_STEM,
        "title": "Western Balkans comparison: EU, NATO, Clean Network Initiative and Chinese projects",
        "created": (on or date.today()).isoformat(),
        "licenses": [{"name": "see-description", "title": DATA_LICENCE}],
        "sources": [
            {"title": short_title(sources, sid), "path": url if isinstance(url, str) else None}
            for sid, url in zip(documents["source_id"], documents["url"])
        ],
        "filters": filters.lines(),
        "resources": [{
            "name": "comparison",
            "path": file_name("csv", on),
            "format": "csv",
            "encoding": "utf-8-sig",
            "schema": {"fields": fields},
        }],
    }


def readme_text(meta: dict) -> str:
    lines = [meta["title"], "=" * len(meta["title"]), "", f"Exported {meta['created']}.", "", "Filters applied:"]
    lines += [f"- {line}" for line in meta["filters"]]
    lines += ["", "Columns:"]
    lines += [f"- {f['name']} ({f['type']}): {f['description']}" for f in meta["resources"][0]["schema"]["fields"]]
    lines += ["", "Sources:"]
    lines += [f"- {s['title']}" + (f" <{s['path']}>" if s["path"] else "") for s in meta["sources"]]
    lines += ["", "Licence:", meta["licenses"][0]["title"], "",
              "Caveat: the six countries total 122 Chinese projects; the brief's 136 covers the whole Balkans.",
              "Cells that began with = + - @ or a tab were prefixed with ' so spreadsheets do not run them."]
    return "\n".join(lines) + "\n"


def zip_bytes(frame: pd.DataFrame, sources: pd.DataFrame, filters: ViewFilters, on: date | None = None) -> bytes:
    """CSV + datapackage.json + README.txt, as Our World in Data bundles its downloads."""
    meta = metadata(frame, sources, filters, on)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(file_name("csv", on), to_csv_bytes(frame))
        archive.writestr("datapackage.json", json.dumps(meta, indent=2, ensure_ascii=False))
        archive.writestr("README.txt", readme_text(meta))
    return buffer.getvalue()
