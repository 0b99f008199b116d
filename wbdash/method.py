"""Content of the "Sources & method" page as data: definitions, as-of dates, caveats, bibliography.

Streamlit-free. Every date, count and name shown on that page is derived here from the validated
dataset, so the page cannot drift from the data. Text written here is the project's own wording;
the page escapes everything before rendering it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from wbdash.citations import compact_label, is_present
from wbdash.content import Content, Definition
from wbdash.dataset import Dataset
from wbdash.paths import BOUNDARIES_FILE, COUNTRIES_FILE, FACTS_FILE, PLACES_FILE, REGION_FILE, SOURCES_FILE
from wbdash.registry import REGISTRY_FILE
from wbdash.schema import HISTORY_FILE, SourceSchema, column_description, column_title, table_schemas
from wbdash.statuses import REGION_CODE

BRIEF_ID = "brief"
BOUNDARIES_ID = "natural-earth"
PLACES_ID = "geonames"
BALKAN_PROJECTS_FIGURE = "balkan-projects-since-2013"
SERBIA_SHARE_FIGURE = "serbia-share-of-balkan-projects"
PROJECTS_KEY = "projects"  # the registry indicator the regional figures are compared with
VALIDATE_COMMAND = ".venv/bin/python -m wbdash validate"
PREVIEW_COMMAND = "WBDASH_DATA_DIR=/path/to/edited/data .venv/bin/python -m streamlit run dashboard.py"
REBUILD_BOUNDARIES_COMMAND = ".venv/bin/python geo/build_boundaries.py"

Citation = tuple[str, int | None]  # (source id, footnote number or None)


_present = is_present


def _footnote(value: object) -> int | None:
    return int(value) if _present(value) else None  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Definitions (data/content/definitions.yaml)
# --------------------------------------------------------------------------------------------


def definition_citations(definition: Definition) -> tuple[Citation, ...]:
    return tuple((c.source, c.footnote) for c in definition.citations)


def status_groups(countries: pd.DataFrame, column: str) -> list[tuple[str, list[str]]]:
    """Country names per status value, most integrated status first (statuses are ordered)."""
    values = countries[column]
    order = list(values.cat.categories)[::-1] if isinstance(values.dtype, pd.CategoricalDtype) else sorted(
        values.astype(str).unique()
    )
    groups = []
    for status in order:
        names = sorted(countries.loc[values.astype(str) == str(status), "name"].astype(str))
        if names:
            groups.append((str(status), names))
    return groups


# --------------------------------------------------------------------------------------------
# As-of dates
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AsOf:
    values: str  # what the dataset or value kind is
    file: str  # where it lives, relative to the repository root
    as_of: str  # derived from the data
    source_id: str | None  # None when several sources are involved
    footnote: int | None


def _joined(values: pd.Series, content: Content) -> str:
    unique = sorted({str(v) for v in values if _present(v)})
    return ", ".join(unique) if unique else content.text("as_of.not_given")


def _common_citation(frame: pd.DataFrame, source_column: str, footnote_column: str | None) -> Citation:
    sources = frame[source_column].astype(str).unique()
    if len(sources) != 1:
        return ("", None)
    if footnote_column is None:
        return (str(sources[0]), None)
    notes = {_footnote(v) for v in frame[footnote_column]}
    return (str(sources[0]), notes.pop() if len(notes) == 1 else None)


def indicator_citation(dataset: Dataset, key: str) -> Citation:
    """The citation every country's value of an indicator shares (source id, footnote)."""
    columns = dataset.registry[key].columns
    assert columns is not None
    return _common_citation(dataset.countries, columns.source, columns.footnote)


def _version(title: str) -> str | None:
    match = re.search(r"version\s+(\d+(?:\.\d+)*)", title)
    return match.group(1) if match else None


def _source_row(sources: pd.DataFrame, source_id: str) -> pd.Series:
    return sources.set_index("source_id").loc[source_id]


def date_range(dates: pd.Series, content: Content) -> str:
    """'2009 to 2023-05' for partial ISO dates (they sort correctly as text)."""
    present = sorted(str(d) for d in dates if _present(d))
    if not present:
        return content.text("as_of.not_given")
    if present[0] == present[-1]:
        return present[0]
    return content.text("as_of.range", first=present[0], last=present[-1])


def dataset_as_of(dataset: Dataset) -> list[AsOf]:
    """Each dataset and value kind with the as-of date its own rows give."""
    countries, sources, content = dataset.countries, dataset.sources, dataset.content
    rows: list[AsOf] = []
    for indicator in dataset.registry.stored():
        columns = indicator.columns
        assert columns is not None
        source_id, footnote = _common_citation(countries, columns.source, columns.footnote)
        rows.append(AsOf(content.text("as_of.indicator", label=indicator.label), f"data/{COUNTRIES_FILE}",
                         _joined(countries[columns.as_of], content), source_id or None, footnote))
    for figure in dataset.region.itertuples(index=False):
        rows.append(AsOf(content.text("as_of.region", label=figure.label), f"data/{REGION_FILE}", str(figure.as_of),
                         str(figure.source_id), _footnote(figure.footnote)))
    rows.append(AsOf(content.text("as_of.facts", count=len(dataset.facts)), f"data/{FACTS_FILE}",
                     date_range(dataset.facts["date"], content), None, None))
    rows.append(AsOf(content.text("as_of.history", count=len(dataset.history.milestones)), f"data/{HISTORY_FILE}",
                     date_range(dataset.history.frame["date"], content), None, None))
    earth = _source_row(sources, BOUNDARIES_ID)
    version = _version(str(earth["title"]))
    when = content.text("as_of.version", version=version, date=earth["date"]) if version else str(earth["title"])
    rows.append(AsOf(content.text("as_of.boundaries"), f"geo/{BOUNDARIES_FILE.name}", when, BOUNDARIES_ID, None))
    if PLACES_ID in set(sources["source_id"]):
        places = _source_row(sources, PLACES_ID)
        rows.append(AsOf(content.text("as_of.places"), f"data/{PLACES_FILE}",
                         str(places["date"]) if _present(places["date"]) else content.text("as_of.not_given"),
                         PLACES_ID, None))
    documents = sources[sources["parent_id"].isna() & sources["local_file"].notna()]
    for document in documents.itertuples(index=False):
        rows.append(AsOf(content.text("as_of.published", label=compact_label(sources, str(document.source_id))),
                         f"data/{SOURCES_FILE}",
                         str(document.date) if _present(document.date) else content.text("as_of.not_dated"),
                         str(document.source_id), None))
    return rows


def _source_cell(row: AsOf, cite: Callable[[str, int | None], str] | None, content: Content) -> str:
    if not row.source_id:
        return content.text("as_of.see_each_fact")
    return cite(row.source_id, row.footnote) if cite else row.source_id


def as_of_frame(rows: list[AsOf], content: Content,
                cite: Callable[[str, int | None], str] | None = None) -> pd.DataFrame:
    """The as-of list as a table; `cite` turns a citation into the page's marker, e.g. '[3]'."""
    return pd.DataFrame(
        {
            content.text("as_of.col_values"): [r.values for r in rows],
            content.text("as_of.col_as_of"): [r.as_of for r in rows],
            content.text("as_of.col_file"): [r.file for r in rows],
            content.text("as_of.col_source"): [_source_cell(r, cite, content) for r in rows],
        }
    )


# --------------------------------------------------------------------------------------------
# Caveats
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectTotals:
    six_total: int  # sum of the six countries' counts
    six_as_of: str
    region_total: int  # the brief's Balkans-wide figure
    region_as_of: str
    region_citation: Citation
    serbia: int | None  # the brief's Serbia figure, to compare with the region total

    @property
    def difference(self) -> int:
        return self.region_total - self.six_total

    @property
    def serbia_share(self) -> float | None:
        if self.serbia is None or not self.region_total:
            return None
        return self.serbia / self.region_total * 100


def project_totals(dataset: Dataset) -> ProjectTotals:
    region = dataset.region.set_index("figure_id")
    figure = region.loc[BALKAN_PROJECTS_FIGURE]
    serbia = int(region.loc[SERBIA_SHARE_FIGURE, "value"]) if SERBIA_SHARE_FIGURE in region.index else None
    projects = dataset.registry[PROJECTS_KEY]
    assert projects.columns is not None
    return ProjectTotals(
        six_total=int(dataset.countries[projects.value_column].sum()),
        six_as_of=_joined(dataset.countries[projects.columns.as_of], dataset.content),
        region_total=int(figure["value"]),
        region_as_of=str(figure["as_of"]),
        region_citation=(str(figure["source_id"]), _footnote(figure["footnote"])),
        serbia=serbia,
    )


def totals_explanation(totals: ProjectTotals, content: Content) -> str:
    """Why the six countries' total differs from the brief's regional figure (plain text)."""
    values = {"six_total": totals.six_total, "six_as_of": totals.six_as_of, "region_total": totals.region_total,
              "difference": abs(totals.difference), "serbia": totals.serbia,
              "serbia_share": f"{totals.serbia_share:.0f}" if totals.serbia_share is not None else ""}
    gap = "caveats.gap_positive" if totals.difference > 0 else (
        "caveats.gap_zero" if totals.difference == 0 else "caveats.gap_negative")
    text = content.text("caveats.totals", gap=content.text(gap, **values), **values)
    if totals.serbia_share is not None:
        key = "caveats.serbia_below_half" if totals.serbia_share < 50 else "caveats.serbia_half_or_more"
        text += " " + content.text(key, **values)
    return text


def regional_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """Facts about the whole region (country == REGION), oldest first."""
    region = facts[facts["country"] == REGION_CODE].copy()
    region["_date"] = region["date"].astype(str)
    ordered = region.sort_values(["_date", "fact_id"], kind="stable")
    return ordered.drop(columns="_date").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Boundaries
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoundarySource:
    title: str
    publisher: str
    date: str
    url: str | None
    version: str | None
    licence: str


def boundary_source(sources: pd.DataFrame, content: Content) -> BoundarySource:
    entry = _source_row(sources, BOUNDARIES_ID)
    note = str(entry["note"]) if _present(entry["note"]) else ""
    return BoundarySource(
        title=str(entry["title"]),
        publisher=str(entry["publisher"]) if _present(entry["publisher"]) else "",
        date=str(entry["date"]) if _present(entry["date"]) else "",
        url=str(entry["url"]) if _present(entry["url"]) else None,
        version=_version(str(entry["title"])),
        licence=content.text("boundaries.public_domain") if "public domain" in note.lower()
        else content.text("boundaries.see_provenance"),
    )


KOSOVO_CITATION: Citation = (BRIEF_ID, 92)


# --------------------------------------------------------------------------------------------
# Bibliography
# --------------------------------------------------------------------------------------------

BIBLIOGRAPHY_COLUMNS: tuple[str, ...] = (
    "source_id", "parent_id", "footnote", "author", "title", "publisher", "date", "url", "accessed", "note",
)
_SAFE_URL = re.compile(r"^https?://\S+$")


BIBLIOGRAPHY_HEADER_KEYS = ("source_id", "parent_id", "footnote", "author", "title", "short_title", "publisher", "date",
                            "url", "local_file", "note", "accessed")


def bibliography_headers(content: Content) -> dict[str, str]:
    """The bibliography's column titles (the schema's, in English) -> the reader's language."""
    return {column_title(SourceSchema, column): content.text(f"sources.bib_{column}") for column in BIBLIOGRAPHY_HEADER_KEYS}


def bibliography_rows(sources: pd.DataFrame) -> pd.DataFrame:
    """Every bibliography entry: documents in file order, then each document's footnotes by number."""
    frame = sources.reset_index(drop=True).copy()
    frame["_file_order"] = range(len(frame))
    is_document = frame["parent_id"].isna()
    document_order = {sid: i for i, sid in enumerate(frame.loc[is_document, "source_id"])}
    frame["_group"] = [
        -1 if document else document_order.get(str(parent), len(document_order))
        for document, parent in zip(is_document, frame["parent_id"], strict=False)
    ]
    frame["_number"] = [(-1 if not _present(n) else int(n)) for n in frame["footnote"]]
    frame = frame.sort_values(["_group", "_number", "_file_order"], kind="stable")

    labels = {sid: compact_label(sources, sid) for sid in document_order}
    table = pd.DataFrame(
        {
            column_title(SourceSchema, column): frame[column].to_numpy()
            for column in BIBLIOGRAPHY_COLUMNS
        }
    )
    cited_in = column_title(SourceSchema, "parent_id")
    table[cited_in] = [labels.get(str(p), str(p)) if _present(p) else "" for p in frame["parent_id"]]
    url = column_title(SourceSchema, "url")
    table[url] = [u if _present(u) and _SAFE_URL.match(str(u)) else None for u in frame["url"]]
    footnote = column_title(SourceSchema, "footnote")
    table[footnote] = pd.array([_footnote(n) for n in frame["footnote"]], dtype="Int64")
    for column in BIBLIOGRAPHY_COLUMNS:
        title = column_title(SourceSchema, column)
        if column not in ("footnote", "url"):
            table[title] = [str(v) if _present(v) else "" for v in table[title]]
    return table.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# How to update the data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataFile:
    path: str
    holds: str


def _schema_summary(doc: str) -> str:
    first = doc.strip().splitlines()[0] if doc.strip() else ""
    return first.split(": ", 1)[1] if ": " in first else first


def data_files(dataset: Dataset) -> list[DataFile]:
    """Which file holds what; the table descriptions are the schemas' own."""
    content = dataset.content
    schemas = table_schemas(dataset.registry)
    files = [DataFile(f"data/{name}", _schema_summary(str(schema.description or schema.title or "")))
             for name, schema in schemas.items()]
    files.append(DataFile(f"data/{REGISTRY_FILE}", content.text("files.registry")))
    files.append(DataFile("data/content/", content.text("files.content")))
    files.append(DataFile(f"geo/{BOUNDARIES_FILE.name}",
                          content.text("files.boundaries", command=REBUILD_BOUNDARIES_COMMAND)))
    return files


def schema_columns(dataset: Dataset) -> pd.DataFrame:
    """Every declared column of every data file with its title and description."""
    content = dataset.content
    rows = []
    for file_name, schema in table_schemas(dataset.registry).items():
        for column in schema.columns:
            rows.append(
                {
                    content.text("files.col_file"): f"data/{file_name}",
                    content.text("files.col_column"): column,
                    content.text("files.col_title"): column_title(schema, column),
                    content.text("files.col_description"): column_description(schema, column),
                }
            )
    return pd.DataFrame(rows)


def citation_marker(numbers: list[int] | tuple[int, ...]) -> str:
    """'[1]' or '[1, 4]' as plain text (escape it before Markdown)."""
    unique = sorted(dict.fromkeys(numbers))
    return "[" + ", ".join(str(n) for n in unique) + "]"
