"""CSV and metadata exports of the current view, safe to open in spreadsheet software."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date

import pandas as pd
from pandas.api.types import is_integer_dtype, is_numeric_dtype

from wbdash.citations import short_title
from wbdash.cite_view import ViewCitation
from wbdash.dataset import Dataset
from wbdash.figures import format_date
from wbdash.history import Month, month_text
from wbdash.registry import Indicator
from wbdash.table import AS_OF_SUFFIX, ExportTable

# OWASP CSV injection guidance: these leading characters make spreadsheets evaluate a cell.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FILE_STEM = "western-balkans"


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
    """UTF-8 with a byte-order mark so Excel detects the encoding (Bosnian and Serbian names).

    The mark is part of UTF-8 (the descriptor says "utf-8", an IANA name); CSV readers skip it.
    """
    return neutralise_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


@dataclass(frozen=True)
class ViewFilters:
    """What the reader chose; it names the file and is written into its metadata."""

    indicator: Indicator
    countries: tuple[str, ...]  # iso2, in table order
    column_keys: tuple[str, ...]
    all_countries: tuple[str, ...]
    as_of: Month | None = None  # the month chosen on the time axis; None: the brief's date

    def qualifier(self) -> str:
        """'projects', 'projects-al-rs' or 'eu-as-of-2015-01': the map indicator, the countries when not
        all are shown, and the month when it is not the brief's."""
        parts = [self.indicator.key.replace("_", "-")]
        if set(self.countries) != set(self.all_countries):
            parts += [code.lower() for code in self.countries]
        if self.as_of is not None:
            parts += ["as-of", month_text(self.as_of)]
        return "-".join(parts)

    def lines(self, dataset: Dataset) -> list[str]:
        content, names = dataset.content, dict(zip(dataset.countries["iso2"], dataset.countries["name"], strict=False))
        return [
            content.text("export.filter_indicator", label=self.indicator.label),
            content.text("export.filter_countries", names=", ".join(names[c] for c in self.countries)),
            content.text("export.filter_columns", labels=", ".join(dataset.registry[k].label for k in self.column_keys)),
            *([content.text("history.export_filter", as_of=format_date(month_text(self.as_of)),
                            brief_as_of=format_date(month_text(dataset.brief_month)))]
              if self.as_of is not None else []),
        ]


def data_as_of(dataset: Dataset, table: ExportTable) -> str:
    """The latest as-of date among the exported values (ISO, as the data gives it)."""
    dates = [str(v) for key in table.frame.columns if key.endswith(AS_OF_SUFFIX) for v in table.frame[key]]
    return max(dates) if dates else ""


def file_name(extension: str, filters: ViewFilters | None = None, data_date: str = "", on: date | None = None) -> str:
    """'western-balkans-projects-data-2023-05-exported-2026-11-25.csv'.

    `extension` may carry a qualifier ('2x.png'); the view's indicator and countries come from `filters`.
    """
    qualifier, _, suffix = extension.rpartition(".")
    parts = [FILE_STEM]
    if filters is not None:
        parts.append(filters.qualifier())
    if qualifier:
        parts.append(_slug(qualifier))
    if data_date:
        parts.append(f"data-{data_date}")
    parts.append(f"exported-{(on or date.today()).isoformat()}")
    return f"{'-'.join(parts)}.{suffix}"


def _field_type(frame: pd.DataFrame, column: str) -> str:
    if is_integer_dtype(frame[column]):
        return "integer"
    return "number" if is_numeric_dtype(frame[column]) else "string"


def metadata(dataset: Dataset, table: ExportTable, filters: ViewFilters, on: date | None = None,
             citation: ViewCitation | None = None) -> dict:
    """A Frictionless Data Package descriptor for the exported CSV (passes `frictionless validate`)."""
    content = dataset.content
    created = (on or date.today())
    fields = [
        {"name": key, "title": table.labels[key], "type": _field_type(table.frame, key),
         "description": table.descriptions[key]}
        for key in table.frame.columns
    ]
    documents = dataset.sources[dataset.sources["parent_id"].isna()]
    sources = []
    for source_id, url in zip(documents["source_id"], documents["url"], strict=False):
        entry = {"title": short_title(dataset.sources, source_id)}
        if isinstance(url, str) and url:
            entry["path"] = url
        sources.append(entry)
    data_date = data_as_of(dataset, table)
    return {
        "name": _slug(f"{FILE_STEM} {filters.qualifier()}"),
        "title": content.text("export.title"),
        "description": content.text("export.licence"),
        "created": f"{created.isoformat()}T00:00:00Z",
        "sources": sources,
        "wbdash": {"filters": filters.lines(dataset), "data_as_of": data_date,
                   "caveats": [content.text("export.caveat_totals"), content.text("export.caveat_formulas")],
                   **({"cite_as": citation.plain(), "cite_as_csl": json.loads(citation.csl_json())}
                      if citation is not None else {})},
        "resources": [{
            "name": "comparison",
            "path": file_name("csv", filters, data_date, on),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": fields, "primaryKey": ["iso2"]},
        }],
    }


def readme_text(dataset: Dataset, meta: dict) -> str:
    content = dataset.content
    extra = meta["wbdash"]
    lines = [meta["title"], "=" * len(meta["title"]), "",
             content.text("export.readme_exported", created=meta["created"][:10], data_as_of=extra["data_as_of"]),
             "", content.text("export.readme_filters")]
    lines += [f"- {line}" for line in extra["filters"]]
    lines += ["", content.text("export.readme_columns")]
    lines += [f"- {f['name']} ({f['title']}; {f['type']}): {f['description']}"
              for f in meta["resources"][0]["schema"]["fields"]]
    lines += ["", content.text("export.readme_sources")]
    lines += [f"- {s['title']}" + (f" <{s['path']}>" if s.get("path") else "") for s in meta["sources"]]
    lines += ["", content.text("export.readme_licence"), meta["description"], "", *extra["caveats"]]
    if "cite_as" in extra:
        lines += ["", content.text("cite.export_line", title=extra["cite_as"])]
    return "\n".join(lines) + "\n"


def zip_bytes(dataset: Dataset, table: ExportTable, filters: ViewFilters, on: date | None = None,
              citation: ViewCitation | None = None) -> bytes:
    """CSV + datapackage.json + README.txt (+ CITATION.bib/.ris), as Our World in Data bundles its downloads."""
    meta = metadata(dataset, table, filters, on, citation)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(meta["resources"][0]["path"], to_csv_bytes(table.frame))
        archive.writestr("datapackage.json", json.dumps(meta, indent=2, ensure_ascii=False))
        archive.writestr("README.txt", readme_text(dataset, meta))
        if citation is not None:
            archive.writestr("CITATION.bib", citation.bibtex())
            archive.writestr("CITATION.ris", citation.ris())
    return buffer.getvalue()
