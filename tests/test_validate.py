"""The data files: the brief's values, and a located error for every kind of bad input.

The CSV files, the indicator registry (data/indicators.yaml) and the content files (data/content/*.yaml):
each problem names its file and where in it (row and column, or key and field).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
import yaml

from wbdash.dataset import load_dataset
from wbdash.errors import DataIssue, DataValidationError
from wbdash.validate import load_tables

BRIEF_TABLE = [
    # iso2, EU, NATO, CNI, Chinese projects (brief, May 2023; projects: BIRN 2021, fn 55)
    ("AL", "candidate", "member", "signed", 8),
    ("BA", "candidate", "Membership Action Plan", "not signed", 29),
    ("XK", "potential candidate", "none", "signed", 0),
    ("ME", "candidate", "member", "not signed", 9),
    ("MK", "candidate", "member", "signed", 15),
    ("RS", "candidate", "none", "not signed", 61),
]


@pytest.fixture(scope="module")
def tables():
    return load_tables()


@pytest.mark.parametrize(("iso2", "eu", "nato", "cni", "projects"), BRIEF_TABLE)
def test_country_row_equals_the_brief(tables, iso2, eu, nato, cni, projects):
    row = tables.countries.set_index("iso2").loc[iso2]
    assert (row.eu_status, row.nato_status, row.cni_status, row.chinese_projects) == (eu, nato, cni, projects)
    # Only Serbia's 61 sits in the sentence fn 55 (BIRN) closes; the other counts are in the unfootnoted table.
    assert row.chinese_projects_source_id == "brief"
    assert (row.chinese_projects_footnote == 55) if iso2 == "RS" else pd.isna(row.chinese_projects_footnote)
    assert row.chinese_projects_as_of == "2021"
    assert row.eu_status_as_of == row.nato_status_as_of == row.cni_status_as_of == "2023-05"


def test_six_countries_sum_to_122_and_136_is_a_regional_fact(tables):
    assert sorted(tables.countries["iso2"]) == sorted(code for code, *_ in BRIEF_TABLE)
    assert tables.countries["chinese_projects"].sum() == 122
    regional = tables.facts[tables.facts["country"] == "REGION"]
    assert regional["statement"].str.contains("136").any()
    assert not tables.facts[tables.facts["country"] != "REGION"]["statement"].str.contains(r"\b122\b").any()


def test_kosovo_uses_xk_codes_and_serbia_has_the_5g_note(tables):
    countries = tables.countries.set_index("iso2")
    assert countries.loc["XK", "iso3"] == "XKX"
    assert "untrusted vendors" in countries.loc["RS", "cni_status_note"]
    assert "Membership Action Plan" in countries.loc["BA", "nato_status_note"]


def test_every_country_has_facts_on_its_eu_nato_and_cni_position(tables):
    for iso2, *_ in BRIEF_TABLE:
        facts = tables.facts[tables.facts["country"] == iso2]
        assert (facts["category"] == "alignment").any(), iso2


def test_every_value_cites_a_bibliography_entry(tables):
    known = set(tables.sources["source_id"])
    for column in [c for c in tables.countries.columns if c.endswith("_source_id")]:
        assert set(tables.countries[column]) <= known
    assert set(tables.facts["source_id"]) <= known


# --- bad input: one case per kind, each must name file, row and column -------------------------

def _rewrite(path: Path, edit) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _set_cell(file_name: str, line: int, column: str, value: str):
    def edit(rows: list[list[str]]) -> None:
        rows[line - 1][rows[0].index(column)] = value
    return file_name, edit


def _drop_column(file_name: str, column: str):
    def edit(rows: list[list[str]]) -> None:
        index = rows[0].index(column)
        for row in rows:
            del row[index]
    return file_name, edit


BAD_CELLS = [
    # (description, file, line, column, new value, expected file/row/column, words in the message)
    ("unknown EU status", "countries.csv", 3, "eu_status", "almost member", 3, "eu_status", "not an allowed value"),
    ("unknown NATO status", "countries.csv", 4, "nato_status", "MAP", 4, "nato_status", "not an allowed value"),
    ("negative project count", "countries.csv", 2, "chinese_projects", "-3", 2, "chinese_projects", "below the minimum"),
    ("non-integer project count", "countries.csv", 5, "chinese_projects", "9.5", 5, "chinese_projects", "not a whole number"),
    ("count written as words", "countries.csv", 6, "chinese_projects", "fifteen", 6, "chinese_projects", "not a whole number"),
    ("duplicate country code", "countries.csv", 3, "iso2", "AL", 3, "iso2", "more than once"),
    ("unknown source id", "countries.csv", 7, "eu_status_source_id", "nowhere", 7, "eu_status_source_id", "not in sources.csv"),
    ("bad as-of date", "countries.csv", 2, "population_as_of", "May 2019", 2, "population_as_of", "YYYY"),
    ("missing required value", "countries.csv", 4, "name", "", 4, "name", "required"),
    ("footnote without bibliography entry", "countries.csv", 2, "chinese_projects_footnote", "999", 2,
     "chinese_projects_footnote", "no bibliography entry"),
    ("unknown fact category", "facts.csv", 2, "category", "gossip", 2, "category", "not an allowed value"),
    ("unknown fact source", "facts.csv", 3, "source_id", "blog", 3, "source_id", "not in sources.csv"),
]


@pytest.mark.parametrize(
    ("file_name", "line", "column", "value", "row", "expected_column", "words"),
    [case[1:] for case in BAD_CELLS],
    ids=[case[0] for case in BAD_CELLS],
)
def test_bad_cell_is_reported_with_file_row_and_column(data_copy, file_name, line, column, value, row,
                                                        expected_column, words):
    name, edit = _set_cell(file_name, line, column, value)
    _rewrite(data_copy / name, edit)
    with pytest.raises(DataValidationError) as caught:
        load_tables(data_copy)
    matching = [i for i in caught.value.issues if (i.file, i.row, i.column) == (file_name, row, expected_column)]
    assert matching, caught.value.issues
    assert words in matching[0].message


def test_missing_column_is_reported(data_copy):
    name, edit = _drop_column("countries.csv", "nato_status")
    _rewrite(data_copy / name, edit)
    with pytest.raises(DataValidationError) as caught:
        load_tables(data_copy)
    assert DataIssue("countries.csv", 1, "nato_status", "required column is missing from the header") in caught.value.issues


def test_unexpected_column_is_reported(data_copy):
    def edit(rows):
        for position, row in enumerate(rows):
            row.append("gdp" if position == 0 else "1")
    _rewrite(data_copy / "countries.csv", edit)
    with pytest.raises(DataValidationError) as caught:
        load_tables(data_copy)
    assert any(i.column == "gdp" and i.row == 1 for i in caught.value.issues)


def test_duplicated_header_is_reported(data_copy):
    def edit(rows):
        rows[0][rows[0].index("population_as_of")] = "population"
    _rewrite(data_copy / "countries.csv", edit)
    with pytest.raises(DataValidationError) as caught:
        load_tables(data_copy)
    assert any(i.row == 1 and i.column == "population" and "more than once" in i.message for i in caught.value.issues)


def test_short_row_is_reported_not_padded(data_copy):
    path = data_copy / "countries.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = ",".join(lines[3].split(",")[:5])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load_tables(data_copy)
    assert any(i.file == "countries.csv" and i.row == 4 and "fields" in i.message for i in caught.value.issues)


def test_missing_country_row_is_reported(data_copy):
    path = data_copy / "countries.csv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("XK,")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load_tables(data_copy)
    assert any(i.column == "iso2" and "XK" in i.message for i in caught.value.issues)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"iso2,name\n\xff\xfe broken", "UTF-8"),
        (b'iso2,name\n"AL,Albania\n', "well-formed CSV"),
        (b"iso2,iso3\n", "no data rows"),
    ],
    ids=["empty", "blank lines", "binary", "not utf-8", "unclosed quote", "header only"],
)
def test_unreadable_file_is_reported(data_copy, content, words):
    (data_copy / "countries.csv").write_bytes(content)
    with pytest.raises(DataValidationError) as caught:
        load_tables(data_copy)
    issues = [i for i in caught.value.issues if i.file == "countries.csv"]
    assert issues and words in issues[0].message, caught.value.issues


def test_missing_file_is_reported(data_copy):
    (data_copy / "facts.csv").unlink()
    with pytest.raises(DataValidationError) as caught:
        load_tables(data_copy)
    assert any(i.file == "facts.csv" and "not found" in i.message for i in caught.value.issues)


def test_all_problems_are_reported_in_one_run(data_copy):
    for file_name, line, column, value in [
        ("countries.csv", 2, "eu_status", "x"),
        ("countries.csv", 5, "chinese_projects", "-1"),
        ("facts.csv", 2, "category", "y"),
    ]:
        _rewrite(data_copy / file_name, _set_cell(file_name, line, column, value)[1])
    with pytest.raises(DataValidationError) as caught:
        load_tables(data_copy)
    located = {(i.file, i.row, i.column) for i in caught.value.issues}
    assert {("countries.csv", 2, "eu_status"), ("countries.csv", 5, "chinese_projects"), ("facts.csv", 2, "category")} <= located


def test_bom_is_accepted(data_copy):
    path = data_copy / "countries.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_tables(data_copy).countries) == 6


# --- the indicator registry and the content files ------------------------------------------------

def _edit_yaml(path: Path, edit) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _edit_indicator(data_dir: Path, key: str, edit) -> None:
    def edit_registry(document: dict) -> None:
        edit(next(entry for entry in document["indicators"] if entry["key"] == key))
    _edit_yaml(data_dir / "indicators.yaml", edit_registry)


def _registry_issues(caught: pytest.ExceptionInfo, key: str, field: str) -> list[DataIssue]:
    return [i for i in caught.value.issues if (i.file, i.key, i.column) == ("indicators.yaml", key, field)]


def test_unknown_column_named_by_an_indicator_is_reported_against_the_registry(data_copy):
    def rename(entry: dict) -> None:
        entry["columns"]["value"] = "eu_state"
    _edit_indicator(data_copy, "eu", rename)
    with pytest.raises(DataValidationError) as caught:
        load_tables(data_copy)
    issues = _registry_issues(caught, "eu", "columns.value")
    assert issues, caught.value.issues
    text = str(issues[0])
    assert text.startswith("indicators.yaml, key 'eu', field 'columns.value'") and "eu_state" in text, text
    assert "countries.csv" in issues[0].message
    assert "indicators.yaml" in str(caught.value)  # the summary every caller prints names the file too


def test_unknown_colorbrewer_palette_is_reported_with_key_and_field(data_copy):
    def repaint(entry: dict) -> None:
        entry["palette"]["scheme"] = "NotABrewerScheme"
    _edit_indicator(data_copy, "projects", repaint)
    with pytest.raises(DataValidationError) as caught:
        load_tables(data_copy)
    issues = _registry_issues(caught, "projects", "palette.scheme")
    assert issues, caught.value.issues
    assert str(issues[0]).startswith("indicators.yaml, key 'projects', field 'palette.scheme'")
    assert "NotABrewerScheme" in issues[0].message and "ColorBrewer" in issues[0].message


def test_missing_label_is_reported_with_key_and_field(data_copy):
    _edit_indicator(data_copy, "nato", lambda entry: entry.pop("label"))
    with pytest.raises(DataValidationError) as caught:
        load_tables(data_copy)
    issues = _registry_issues(caught, "nato", "label")
    assert issues and "required" in issues[0].message, caught.value.issues
    assert str(issues[0]).startswith("indicators.yaml, key 'nato', field 'label'")


def test_category_missing_from_the_registry_is_reported_in_countries_csv_with_a_hint(data_copy):
    def drop_map_status(entry: dict) -> None:  # Bosnia and Herzegovina (line 3) has this NATO status
        entry["categories"] = ["none", "member"]
        entry["palette"]["pick"] = [1, 3]  # one colour per remaining category, so the registry itself is valid
    _edit_indicator(data_copy, "nato", drop_map_status)
    with pytest.raises(DataValidationError) as caught:
        load_tables(data_copy)
    issues = [i for i in caught.value.issues if (i.file, i.row, i.column) == ("countries.csv", 3, "nato_status")]
    assert issues, caught.value.issues
    message = issues[0].message
    assert "Membership Action Plan" in message and "not an allowed value" in message
    assert "indicators.yaml" in message and "'nato'" in message, message
    assert str(issues[0]).startswith("countries.csv, row 3, column 'nato_status'")


def test_new_status_in_countries_csv_points_to_the_registry(data_copy):
    _rewrite(data_copy / "countries.csv", _set_cell("countries.csv", 3, "eu_status", "associate")[1])
    with pytest.raises(DataValidationError) as caught:
        load_tables(data_copy)
    issues = [i for i in caught.value.issues if (i.file, i.row, i.column) == ("countries.csv", 3, "eu_status")]
    assert issues and "indicators.yaml" in issues[0].message and "'eu'" in issues[0].message, caught.value.issues


def test_unknown_placeholder_in_text_yaml_names_the_file_and_key(data_copy):
    def typo(document: dict) -> None:
        document["text"]["overview"]["title"] = "Western Balkans: {country_cuont} countries"
    _edit_yaml(data_copy / "content" / "text.yaml", typo)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    issues = [i for i in caught.value.issues if i.file.endswith("text.yaml") and i.key == "overview.title"]
    assert issues, caught.value.issues
    text = str(issues[0])
    assert "text.yaml" in text and "overview.title" in text and "{country_cuont}" in text, text
    assert "placeholder" in issues[0].message


def test_known_placeholders_and_the_real_content_load(dataset):
    assert "{" not in dataset.content.text("overview.intro")  # every figure filled in
    assert dataset.registry.default_map == "projects"
