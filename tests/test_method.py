"""The Sources & method page's content: definitions, as-of dates, caveats, boundaries, bibliography."""

from __future__ import annotations

import ast
import dataclasses
import re

import pandas as pd
import pytest

from wbdash.bibliography import CitationRegistry
from wbdash.citations import citation_id
from wbdash.method import (
    KOSOVO_CITATION,
    VALIDATE_COMMAND,
    ProjectTotals,
    as_of_frame,
    bibliography_rows,
    boundary_source,
    citation_marker,
    data_files,
    dataset_as_of,
    date_range,
    definition_citations,
    project_totals,
    regional_facts,
    schema_columns,
    status_groups,
    totals_explanation,
)
from wbdash.paths import GEO_DIR, REPO_ROOT
from wbdash.schema import DATA_FILES, table_schemas
from wbdash.statuses import REGION_CODE

BRIEF_TEXT = REPO_ROOT.parent / "shared" / "sources" / "000_a7e6f84325087a8f.txt"
STATUS_INDICATORS = ("eu", "nato", "cni")  # the category indicators a definition explains


# Definitions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "needle",
    ["EU candidate", "Membership Action Plan", "Clean Network Initiative", "Chinese project"],
)
def test_the_four_definitions_a_reader_needs_are_there(needle, dataset):
    assert len(dataset.content.definitions) == 4
    assert sum(needle in d.term for d in dataset.content.definitions) == 1


def test_every_definition_cites_an_existing_bibliography_entry(dataset):
    ids = set(dataset.sources["source_id"])
    registry = CitationRegistry(dataset.sources, dataset.content)
    for definition in dataset.content.definitions:
        citations = definition_citations(definition)
        assert citations, definition.term
        for source_id, footnote in citations:
            assert citation_id(source_id, footnote) in ids, definition.term
            assert registry.number(source_id, footnote) >= 1
        assert len(definition.explanation) > 80 and definition.basis, definition.term


def test_status_definitions_name_the_category_indicators(dataset):
    explained = sorted(d.indicator for d in dataset.content.definitions if d.indicator)
    assert explained == sorted(STATUS_INDICATORS)
    assert all(dataset.registry[key].kind == "category" for key in explained)


@pytest.mark.parametrize("key", STATUS_INDICATORS)
def test_status_definitions_explain_every_status_in_the_data(key, dataset):
    definition = next(d for d in dataset.content.definitions if d.indicator == key)
    groups = status_groups(dataset.countries, dataset.registry[key].value_column)
    named = sorted(name for _, names in groups for name in names)
    assert named == sorted(dataset.countries["name"])
    for status, _ in groups:
        assert status in dataset.registry[key].categories
        assert status.lower() in definition.explanation.lower() or status == "none" or status == "not signed"


@pytest.mark.parametrize(("figure", "expected"), [("eu_as_of", "May 2023"), ("projects_as_of", "2021"),
                                                  ("population_as_of", "2019"),
                                                  ("balkan_projects_since_2013_footnote", "55")])
def test_as_of_figures_come_from_the_data(dataset, figure, expected):
    assert dataset.content.figures[figure] == expected


def test_a_footnote_only_some_values_carry_is_not_a_common_figure(dataset):
    assert "projects_footnote" not in dataset.content.figures  # only Serbia's 61 carries fn 55


def test_status_groups_follow_the_status_order(dataset):
    assert [s for s, _ in status_groups(dataset.countries, "nato_status")] == [
        "member", "Membership Action Plan", "none",
    ]
    assert dict(status_groups(dataset.countries, "eu_status"))["potential candidate"] == ["Kosovo"]


def test_birn_definition_admits_the_missing_methodology(dataset):
    birn = next(d for d in dataset.content.definitions if "Chinese project" in d.term)
    assert definition_citations(birn) == (("brief", 55),)
    assert "defines what counts as a project" in birn.explanation and "not available offline" in birn.explanation
    assert birn.basis_type == "inference"  # reading the table's counts as BIRN's is the project's inference
    assert "(2021)" in birn.explanation and "footnote 55" in birn.basis  # placeholders filled from the data
    assert "{" not in birn.explanation + birn.basis


def _word_runs(text: str, size: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(not BRIEF_TEXT.exists(), reason="the brief's text is not available")
def test_own_wording_shares_no_eight_word_run_with_the_brief(dataset):
    content = dataset.content
    texts = [*(d.explanation for d in content.definitions), content.text("boundaries.disclaimer"),
             content.text("boundaries.simplification")]
    brief = _word_runs(BRIEF_TEXT.read_text(encoding="utf-8"), 8)
    for text in texts:
        assert not _word_runs(text, 8) & brief, text[:60]


# As-of dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label_start", "expected"),
    [
        ("EU status, 6 countries", "2023-05"),
        ("NATO status, 6 countries", "2023-05"),
        ("Clean Network Initiative, 6 countries", "2023-05"),
        ("Chinese projects, 6 countries", "2021"),
        ("Population, 6 countries", "2019"),
        ("Region: Chinese projects in the Balkans since 2013", "2021"),
        ("Country boundaries", "v5.1.1 (released 2022-05)"),
        ("Published: Security Tech Brief", "2023-05"),
        ("Published: CEAS", "not dated"),
    ],
)
def test_as_of_dates_come_from_the_data(dataset, label_start, expected):
    matches = [row for row in dataset_as_of(dataset) if row.values.startswith(label_start)]
    assert len(matches) == 1, [row.values for row in dataset_as_of(dataset)]
    assert matches[0].as_of == expected


def test_as_of_list_covers_the_three_key_dates_and_the_facts_range(dataset):
    rows = dataset_as_of(dataset)
    assert {"2023-05", "2021", "2019"} <= {row.as_of for row in rows}
    facts = next(row for row in rows if row.values.startswith("Dated facts"))
    dates = sorted(dataset.facts["date"])
    assert facts.as_of == f"{dates[0]} to {dates[-1]}"


def test_as_of_follows_an_edit_to_the_data(dataset):
    countries = dataset.countries.copy()
    countries.loc[countries["iso2"] == "RS", "eu_status_as_of"] = "2024-01"
    edited = dataclasses.replace(dataset, countries=countries)
    eu = next(row for row in dataset_as_of(edited) if row.values.startswith("EU status"))
    assert eu.as_of == "2023-05, 2024-01"


def test_as_of_rows_cite_resolvable_sources(dataset):
    registry = CitationRegistry(dataset.sources, dataset.content)
    rows = dataset_as_of(dataset)
    for row in rows:
        if row.source_id:
            registry.number(row.source_id, row.footnote)
    projects = next(row for row in rows if row.values.startswith("Chinese projects, "))
    assert (projects.source_id, projects.footnote) == ("brief", None)  # the country table: no footnote
    frame = as_of_frame(rows, dataset.content, cite=lambda s, n: citation_marker([registry.number(s, n)]))
    assert list(frame.columns) == ["Values", "As of", "File", "Source"]
    assert len(frame) == len(rows)


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["2014", "2009-12", "2023-05"], "2009-12 to 2023-05"),
        (["2019-06", "2019"], "2019 to 2019-06"),
        (["2021"], "2021"),
        ([None, ""], "not given"),
    ],
)
def test_date_range(dates, expected, dataset):
    assert date_range(pd.Series(dates, dtype=object), dataset.content) == expected


# Caveats ----------------------------------------------------------------------------------------


def test_project_totals_from_data(dataset):
    totals = project_totals(dataset)
    assert totals.six_total == int(dataset.countries["chinese_projects"].sum()) == 122
    assert totals.region_total == 136 and totals.difference == 14
    assert totals.region_citation == ("brief", 55)
    text = totals_explanation(totals, dataset.content)
    assert "122" in text and "136" in text and "14" in text and "less than half" in text


@pytest.mark.parametrize(
    ("six", "region", "serbia", "expected"),
    [
        (122, 136, 61, "14 projects between them"),
        (136, 136, None, "happen to match"),
        (140, 136, None, "exceeds the regional figure by 4"),
        (100, 110, 70, "about 64%"),
    ],
)
def test_totals_explanation_cases(six, region, serbia, expected, dataset):
    totals = ProjectTotals(six, "2021", region, "2021", ("brief", 55), serbia)
    assert expected in totals_explanation(totals, dataset.content)


def test_regional_facts_are_the_region_rows_oldest_first(dataset):
    facts = regional_facts(dataset.facts)
    assert len(facts) == int((dataset.facts["country"] == REGION_CODE).sum()) > 0
    assert set(facts["country"]) == {REGION_CODE}
    assert list(facts["date"]) == sorted(facts["date"])


def test_regional_facts_sort_partial_dates():
    facts = pd.DataFrame(
        {
            "fact_id": ["c", "a", "b", "x"],
            "country": [REGION_CODE, REGION_CODE, REGION_CODE, "RS"],
            "date": ["2020", "2019-06", "2019", "2000"],
        }
    )
    assert list(regional_facts(facts)["fact_id"]) == ["b", "a", "c"]


# Boundaries -------------------------------------------------------------------------------------


def test_boundary_source_from_the_bibliography(dataset):
    source = boundary_source(dataset.sources, dataset.content)
    assert source.version == "5.1.1"
    assert source.licence == "public domain"
    assert "German point of view" in source.title and "Admin 0" in source.title
    assert KOSOVO_CITATION == ("brief", 92)


@pytest.mark.parametrize("claim", ["5.1.1", "0.015", "12.0 to 28.5", "38.0 to 47.4", "German point-of-view"])
def test_boundary_text_matches_the_provenance_file(claim):
    provenance = (GEO_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    assert claim in provenance


def test_disclaimer_takes_no_position(dataset):
    disclaimer = dataset.content.text("boundaries.disclaimer")
    assert "no position" in disclaimer and "Kosovo" in disclaimer


def test_simplification_note_states_the_box_and_tolerance(dataset):
    note = dataset.content.text("boundaries.simplification")
    assert "12 to 28.5" in note and "38 to 47.4" in note and "0.015" in note


# Bibliography -----------------------------------------------------------------------------------


def test_bibliography_has_one_row_per_source(dataset):
    rows = bibliography_rows(dataset.sources)
    assert len(rows) == len(dataset.sources)
    assert sorted(rows["Source id"]) == sorted(dataset.sources["source_id"])
    assert list(rows.columns) == [
        "Source id", "Cited in", "Footnote", "Author", "Title", "Publisher", "Date", "URL", "Accessed", "Note",
    ]


def test_bibliography_lists_documents_first_then_footnotes_by_number(dataset):
    rows = bibliography_rows(dataset.sources)
    is_footnote = rows["Footnote"].notna().tolist()
    assert is_footnote == sorted(is_footnote)  # all documents before any footnote
    for _, group in rows[rows["Footnote"].notna()].groupby("Cited in", sort=False):
        assert list(group["Footnote"]) == sorted(group["Footnote"])
    assert rows.loc[rows["Source id"] == "brief-fn55", "Cited in"].item() == "Security Tech Brief (May 2023)"


def _sources(rows: list[dict]) -> pd.DataFrame:
    columns = ["source_id", "parent_id", "footnote", "author", "title", "short_title", "publisher", "date",
               "url", "local_file", "note", "accessed"]
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows])
    frame["footnote"] = frame["footnote"].astype("Int64")
    return frame


def test_bibliography_orders_footnotes_numerically_not_as_text():
    sources = _sources(
        [
            {"source_id": "doc-fn10", "parent_id": "doc", "footnote": 10, "title": "Ten"},
            {"source_id": "doc", "title": "The document", "short_title": "Doc"},
            {"source_id": "doc-fn9", "parent_id": "doc", "footnote": 9, "title": "Nine"},
        ]
    )
    assert list(bibliography_rows(sources)["Source id"]) == ["doc", "doc-fn9", "doc-fn10"]


@pytest.mark.parametrize(
    ("url", "kept"),
    [("https://example.org/a", True), ("javascript:alert(1)", False), ("http://x y", False), (None, False)],
)
def test_bibliography_keeps_only_web_links(url, kept):
    sources = _sources([{"source_id": "doc", "title": "The document", "url": url}])
    value = bibliography_rows(sources)["URL"].iloc[0]
    assert (value == url) if kept else pd.isna(value)


# Updating the data ------------------------------------------------------------------------------


def test_data_files_describe_every_schema_file_and_exist(dataset):
    files = data_files(dataset)
    paths = [f.path for f in files]
    assert [f"data/{name}" for name in DATA_FILES] == paths[: len(DATA_FILES)]
    assert "data/indicators.yaml" in paths and "data/content/" in paths
    for item in files:
        assert (REPO_ROOT / item.path).exists(), item.path
        assert item.holds and not item.holds.startswith("data/"), item.path


def test_schema_columns_lists_every_declared_column(dataset):
    columns = schema_columns(dataset)
    schemas = table_schemas(dataset.registry)
    assert len(columns) == sum(len(schema.columns) for schema in schemas.values())
    listed = set(columns.loc[columns["File"] == "data/countries.csv", "Column"])
    assert {i.value_column for i in dataset.registry.stored()} <= listed  # generated from the registry
    assert (columns["Title"] != "").all()


def test_validate_command_is_the_documented_one():
    assert VALIDATE_COMMAND in (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert VALIDATE_COMMAND.endswith("-m wbdash validate")


@pytest.mark.parametrize(("numbers", "expected"), [([3], "[3]"), ([4, 1, 4], "[1, 4]")])
def test_citation_marker(numbers, expected):
    assert citation_marker(numbers) == expected


def test_module_is_streamlit_free():
    tree = ast.parse((REPO_ROOT / "wbdash" / "method.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported and not any(name.split(".")[0] == "streamlit" for name in imported)
