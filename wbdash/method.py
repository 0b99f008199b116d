"""Content of the "Sources & method" page as data: definitions, as-of dates, caveats, bibliography.

Streamlit-free. Every date, count and name shown on that page is derived here from the validated
dataset, so the page cannot drift from the data. Text written here is the project's own wording;
the page escapes everything before rendering it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from wbdash.citations import is_present, compact_label
from wbdash.dataset import Dataset
from wbdash.paths import BOUNDARIES_FILE, COUNTRIES_FILE, FACTS_FILE, PLACES_FILE, REGION_FILE, SOURCES_FILE
from wbdash.schema import SCHEMAS, SourceSchema, column_description, column_title
from wbdash.statuses import REGION_CODE

BRIEF_ID = "brief"
BOUNDARIES_ID = "natural-earth"
PLACES_ID = "geonames"
BALKAN_PROJECTS_FIGURE = "balkan-projects-since-2013"
SERBIA_SHARE_FIGURE = "serbia-share-of-balkan-projects"
VALIDATE_COMMAND = ".venv/bin/python -m wbdash validate"
PREVIEW_COMMAND = "WBDASH_DATA_DIR=/path/to/edited/data .venv/bin/python -m streamlit run dashboard.py"
REBUILD_BOUNDARIES_COMMAND = ".venv/bin/python geo/build_boundaries.py"

Citation = tuple[str, int | None]  # (source id, footnote number or None)


_present = is_present


def _footnote(value: object) -> int | None:
    return int(value) if _present(value) else None  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Definitions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Definition:
    term: str
    explanation: str  # the project's own wording
    source_id: str  # bibliography row the citation resolves to (with footnote)
    footnote: int | None
    basis: str  # where the explanation comes from, in plain words
    see_also: tuple[Citation, ...] = ()  # further citations for the same definition
    status_column: str | None = None  # countries.csv column whose values the definition explains


DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        term="EU candidate and potential candidate",
        explanation=(
            "A candidate country has been formally accepted by the European Union as a candidate for "
            "membership; accession talks may or may not have opened yet. A potential candidate has been "
            "promised the prospect of joining one day but has not yet been granted candidate status. "
            "Neither is a member of the Union."
        ),
        source_id=BRIEF_ID,
        footnote=None,
        basis=(
            "The explanation is the project's own (general knowledge, not taken from the sources). "
            "Which country holds which status comes from the brief's country table."
        ),
        status_column="eu_status",
    ),
    Definition(
        term="NATO member and Membership Action Plan (MAP)",
        explanation=(
            "A member has joined the North Atlantic alliance. The Membership Action Plan is NATO's "
            "programme of advice, assistance and practical support for countries that wish to join; "
            "taking part in it does not make a country a member. The brief records Bosnia and "
            "Herzegovina as holding MAP status. 'None' in this dashboard means neither."
        ),
        source_id=BRIEF_ID,
        footnote=None,
        basis=(
            "The explanation is the project's own (general knowledge, not taken from the sources). "
            "The statuses, including Bosnia and Herzegovina's MAP, come from the brief's country table."
        ),
        status_column="nato_status",
    ),
    Definition(
        term="Clean Network Initiative (CNI), and what signing means",
        explanation=(
            "A United States initiative launched in 2020 to keep vendors it considered untrusted out "
            "of digital infrastructure such as telecoms and 5G networks. The brief stresses that it "
            "openly named the Chinese government and companies linked to it as the threat. A country "
            "that signed joined the US-led coalition of governments backing these trust standards; the "
            "brief records who signed but does not describe any legal obligations that signing carries."
        ),
        source_id=BRIEF_ID,
        footnote=91,
        basis=(
            "Summarised from the brief's 'Geopolitics in the Western Balkans' section and its "
            "'International implications' paragraph, which points to a US State Department page "
            "(footnote 91); who signed comes from the brief's country table and footnote 92."
        ),
        see_also=((BRIEF_ID, 92),),
        status_column="cni_status",
    ),
    Definition(
        term="Chinese project (BIRN 'China in the Balkans')",
        explanation=(
            "The project counts are those of the Balkan Investigative Reporting Network's (BIRN) "
            "'China in the Balkans' database, 2021 figures, as the brief reports them. The brief "
            "describes them as projects China has started in the Balkans since 2013, across sectors "
            "from infrastructure and energy to security. It does not define the inclusion criteria "
            "any further (for example whether a project must be finished, or how it is financed), and "
            "BIRN's own methodology was not available offline, so a count says how many projects BIRN "
            "listed, not how large or costly they are."
        ),
        source_id=BRIEF_ID,
        footnote=55,
        basis=(
            "Summarised from the brief's section on Chinese surveillance technology in the West Balkans "
            "(footnote 55)."
        ),
    ),
)


def definition_citations(definition: Definition) -> tuple[Citation, ...]:
    return ((definition.source_id, definition.footnote), *definition.see_also)


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


def _joined(values: pd.Series) -> str:
    unique = sorted({str(v) for v in values if _present(v)})
    return ", ".join(unique) if unique else "not given"


def column_as_of(countries: pd.DataFrame, column: str) -> str:
    """The as-of date(s) the country table gives for one value column, e.g. '2023-05'."""
    return _joined(countries[f"{column}_as_of"])


def _common_citation(frame: pd.DataFrame, source_column: str, footnote_column: str | None) -> Citation:
    sources = frame[source_column].astype(str).unique()
    if len(sources) != 1:
        return ("", None)
    if footnote_column is None:
        return (str(sources[0]), None)
    notes = {_footnote(v) for v in frame[footnote_column]}
    return (str(sources[0]), notes.pop() if len(notes) == 1 else None)


def _version(title: str) -> str | None:
    match = re.search(r"version\s+(\d+(?:\.\d+)*)", title)
    return match.group(1) if match else None


def _source_row(sources: pd.DataFrame, source_id: str) -> pd.Series:
    return sources.set_index("source_id").loc[source_id]


def date_range(dates: pd.Series) -> str:
    """'2009 to 2023-05' for partial ISO dates (they sort correctly as text)."""
    present = sorted(str(d) for d in dates if _present(d))
    if not present:
        return "not given"
    return present[0] if present[0] == present[-1] else f"{present[0]} to {present[-1]}"


def dataset_as_of(dataset: Dataset) -> list[AsOf]:
    """Each dataset and value kind with the as-of date its own rows give."""
    countries, sources = dataset.countries, dataset.sources
    rows: list[AsOf] = []
    for column, label in (
        ("eu_status", "EU status, six countries"),
        ("nato_status", "NATO status, six countries"),
        ("cni_status", "Clean Network Initiative, six countries"),
        ("chinese_projects", "Chinese projects per country (BIRN)"),
    ):
        source_id, footnote = _common_citation(countries, f"{column}_source_id", f"{column}_footnote")
        rows.append(
            AsOf(
                label, f"data/{COUNTRIES_FILE}", _joined(countries[f"{column}_as_of"]),
                source_id or None, footnote,
            )
        )
    source_id, _ = _common_citation(countries, "population_source_id", None)
    rows.append(
        AsOf(
            "Population estimates (POP_EST)", f"data/{COUNTRIES_FILE}",
            _joined(countries["population_as_of"]),
            source_id or None, None,
        )
    )
    for figure in dataset.region.itertuples(index=False):
        rows.append(
            AsOf(
                f"Region: {figure.label}", f"data/{REGION_FILE}", str(figure.as_of),
                str(figure.source_id), _footnote(figure.footnote),
            )
        )
    rows.append(
        AsOf(
            f"Dated facts ({len(dataset.facts)} facts)", f"data/{FACTS_FILE}",
            date_range(dataset.facts["date"]),
            None, None,
        )
    )
    earth = _source_row(sources, BOUNDARIES_ID)
    version = _version(str(earth["title"]))
    released = f" (released {earth['date']})" if _present(earth["date"]) else ""
    rows.append(
        AsOf(
            "Country boundaries", f"geo/{BOUNDARIES_FILE.name}",
            f"v{version}{released}" if version else str(earth["title"]), BOUNDARIES_ID, None,
        )
    )
    if PLACES_ID in set(sources["source_id"]):
        places = _source_row(sources, PLACES_ID)
        rows.append(
            AsOf(
                "City coordinates", f"data/{PLACES_FILE}",
                str(places["date"]) if _present(places["date"]) else "not given", PLACES_ID, None,
            )
        )
    documents = sources[sources["parent_id"].isna() & sources["local_file"].notna()]
    for document in documents.itertuples(index=False):
        rows.append(
            AsOf(
                f"Published: {compact_label(sources, str(document.source_id))}",
                f"data/{SOURCES_FILE}",
                str(document.date) if _present(document.date) else "not dated", str(document.source_id), None,
            )
        )
    return rows


def _source_cell(row: AsOf, cite: Callable[[str, int | None], str] | None) -> str:
    if not row.source_id:
        return "see each fact"
    return cite(row.source_id, row.footnote) if cite else row.source_id


def as_of_frame(rows: list[AsOf], cite: Callable[[str, int | None], str] | None = None) -> pd.DataFrame:
    """The as-of list as a table; `cite` turns a citation into the page's marker, e.g. '[3]'."""
    return pd.DataFrame(
        {
            "Values": [r.values for r in rows],
            "As of": [r.as_of for r in rows],
            "File": [r.file for r in rows],
            "Source": [_source_cell(r, cite) for r in rows],
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
    return ProjectTotals(
        six_total=int(dataset.countries["chinese_projects"].sum()),
        six_as_of=_joined(dataset.countries["chinese_projects_as_of"]),
        region_total=int(figure["value"]),
        region_as_of=str(figure["as_of"]),
        region_citation=(str(figure["source_id"]), _footnote(figure["footnote"])),
        serbia=serbia,
    )


def totals_explanation(totals: ProjectTotals) -> str:
    """Why the six countries' total differs from the brief's regional figure (plain text)."""
    if totals.difference > 0:
        gap = (
            f"If both come from the same BIRN count, the {totals.difference} projects between them are in "
            "Balkan countries outside these six; the brief does not say which."
        )
    elif totals.difference == 0:
        gap = "Here the two figures happen to match."
    else:
        gap = (
            f"The six countries' total exceeds the regional figure by {-totals.difference}, which the brief "
            "does not explain; check the data."
        )
    text = (
        f"The six countries' counts add up to {totals.six_total} ({totals.six_as_of}). The brief's "
        f"{totals.region_total} is a different figure: every project BIRN records across the whole Balkans "
        f"region since 2013, including countries this dashboard does not show. {gap} Read "
        f"{totals.six_total} as the six countries' part of the regional figure, "
        "not as a second estimate of it."
    )
    if totals.serbia_share is not None:
        text += (
            f" The brief calls Serbia's {totals.serbia} projects a majority of the {totals.region_total}; "
            f"they are the largest single share, about {totals.serbia_share:.0f}%, though less than half."
            if totals.serbia_share < 50
            else f" Serbia's {totals.serbia} projects are about {totals.serbia_share:.0f}% of the "
            "regional total."
        )
    return text


SNAPSHOT_CAVEAT = (
    "The brief is a snapshot: it describes EU, NATO and Clean Network positions as they stood in May 2023. "
    "Any of them may have changed since. This dashboard does not track later changes, so check current "
    "official sources before relying on a status."
)
PROJECTS_CAVEAT = (
    "Project counts are BIRN's 2021 figures as quoted by the brief, not a 2023 count, and a count is not "
    "a measure of money or size."
)


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


def boundary_source(sources: pd.DataFrame) -> BoundarySource:
    entry = _source_row(sources, BOUNDARIES_ID)
    note = str(entry["note"]) if _present(entry["note"]) else ""
    return BoundarySource(
        title=str(entry["title"]),
        publisher=str(entry["publisher"]) if _present(entry["publisher"]) else "",
        date=str(entry["date"]) if _present(entry["date"]) else "",
        url=str(entry["url"]) if _present(entry["url"]) else None,
        version=_version(str(entry["title"])),
        licence="public domain" if "public domain" in note.lower() else "see geo/PROVENANCE.md",
    )


SIMPLIFICATION_NOTE = (
    "Clipped to a box around the region (longitude 12 to 28.5 E, latitude 38 to 47.4 N) and simplified "
    "for display at regional scale with Shapely's coverage simplifier at a tolerance of 0.015 degrees. "
    "Shared borders are simplified once, together, so neighbours keep meeting without gaps or overlaps. "
    "Lakes on borders (Ohrid, Prespa, Skadar) are part of the country shapes, not drawn as water. "
    "Full details, checksums and the rebuild command are in geo/PROVENANCE.md."
)
BOUNDARY_DISCLAIMER = (
    "The boundaries are illustrative, not authoritative. Showing them implies no position on the legal "
    "status of any country, territory or area, or on where its borders lie. Kosovo is shown as a separate "
    "entity, as in the brief this dashboard is based on; the brief notes that neither Serbia nor China "
    "recognises it."
)
KOSOVO_CITATION: Citation = (BRIEF_ID, 92)


# --------------------------------------------------------------------------------------------
# Bibliography
# --------------------------------------------------------------------------------------------

BIBLIOGRAPHY_COLUMNS: tuple[str, ...] = (
    "source_id", "parent_id", "footnote", "author", "title", "publisher", "date", "url", "note",
)
_SAFE_URL = re.compile(r"^https?://\S+$")


def bibliography_rows(sources: pd.DataFrame) -> pd.DataFrame:
    """Every bibliography entry: documents in file order, then each document's footnotes by number."""
    frame = sources.reset_index(drop=True).copy()
    frame["_file_order"] = range(len(frame))
    is_document = frame["parent_id"].isna()
    document_order = {sid: i for i, sid in enumerate(frame.loc[is_document, "source_id"])}
    frame["_group"] = [
        -1 if document else document_order.get(str(parent), len(document_order))
        for document, parent in zip(is_document, frame["parent_id"])
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


def _model_summary(file_name: str) -> str:
    doc = (SCHEMAS[file_name].__doc__ or "").strip().splitlines()[0]
    return doc.split(": ", 1)[1] if ": " in doc else doc


def data_files() -> list[DataFile]:
    """Which file holds what; the descriptions are the schema models' own docstrings."""
    files = [DataFile(f"data/{name}", _model_summary(name)) for name in SCHEMAS]
    files.append(
        DataFile(
            f"geo/{BOUNDARIES_FILE.name}",
            "country shapes: Natural Earth admin-0, clipped and simplified (see geo/PROVENANCE.md); "
            f"rebuild with {REBUILD_BOUNDARIES_COMMAND}",
        )
    )
    return files


def schema_columns() -> pd.DataFrame:
    """Every declared column of every data file with its title and description."""
    rows = []
    for file_name, model in SCHEMAS.items():
        for column in model.to_schema().columns:
            rows.append(
                {
                    "File": f"data/{file_name}",
                    "Column": column,
                    "Title": column_title(model, column),
                    "Description": column_description(model, column),
                }
            )
    return pd.DataFrame(rows)


def citation_marker(numbers: list[int] | tuple[int, ...]) -> str:
    """'[1]' or '[1, 4]' as plain text (escape it before Markdown)."""
    unique = sorted(dict.fromkeys(numbers))
    return "[" + ", ".join(str(n) for n in unique) + "]"
