"""CSV and zip exports: exactly the view, sourced, dated, Excel-safe and formula-safe."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zipfile
from datetime import date

import frictionless
import pandas as pd
import pytest

from wbdash.export import (
    ViewFilters,
    data_as_of,
    file_name,
    metadata,
    neutralise_cell,
    neutralise_frame,
    to_csv_bytes,
    zip_bytes,
)
from wbdash.table import comparison_table, sourced_table

AS_OF = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")  # YYYY or YYYY-MM


def _filters(dataset, indicator: str, countries: list[str], columns: list[str]) -> ViewFilters:
    order = list(dataset.countries["iso2"])
    return ViewFilters(dataset.registry[indicator], tuple(sorted(countries, key=order.index)), tuple(columns),
                       tuple(order))


def test_export_holds_exactly_the_selected_rows_and_columns(dataset):
    table = sourced_table(dataset, ["RS", "ME"], ["eu", "projects"])
    frame = table.frame
    assert list(frame["iso2"]) == ["ME", "RS"]
    assert list(frame.columns) == [
        "country", "iso2",
        "eu_status", "eu_status_source", "eu_status_as_of", "eu_status_evidence", "eu_status_locator",
        "chinese_projects", "chinese_projects_source", "chinese_projects_as_of", "chinese_projects_evidence",
        "chinese_projects_locator",
    ]
    assert frame.set_index("iso2").loc["RS", "chinese_projects_evidence"] == "Out of the total number, 61"
    assert table.indicators == ("eu", "projects")
    assert table.labels["eu_status"] == "EU status" and table.labels["chinese_projects"] == "Chinese projects"
    assert set(table.labels) == set(table.descriptions) == set(frame.columns)
    assert all(table.descriptions.values())
    serbia = frame.set_index("iso2").loc["RS"]
    assert serbia["chinese_projects"] == 61
    assert "fn 55" in serbia["chinese_projects_source"]
    assert "China in the Balkans" in serbia["chinese_projects_source"]
    assert serbia["chinese_projects_as_of"] == "2021"
    assert serbia["eu_status"] == "candidate" and serbia["eu_status_as_of"] == "2023-05"


def test_column_keys_are_machine_keys_and_as_of_values_are_iso_dates(dataset):
    every = [i.key for i in dataset.registry.in_place("table")]
    frame = sourced_table(dataset, list(dataset.countries["iso2"]), every).frame
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", key) for key in frame.columns), list(frame.columns)
    as_of_columns = [key for key in frame.columns if key.endswith("_as_of")]
    assert len(as_of_columns) == len(every)
    for key in as_of_columns:
        values = list(frame[key])
        assert all(isinstance(v, str) and AS_OF.match(v) for v in values), (key, values)
        assert key.removesuffix("_as_of") in frame.columns and key.replace("_as_of", "_source") in frame.columns


def test_per_million_exports_its_inputs_so_it_can_be_recomputed(dataset):
    table = sourced_table(dataset, ["BA", "RS"], ["projects_per_million"])
    frame = table.frame.set_index("iso2")
    assert table.indicators == ("projects_per_million", "projects", "population")
    for key in ("projects_per_million", "chinese_projects", "population"):
        assert {key, f"{key}_source", f"{key}_as_of"} <= set(frame.columns)
    assert frame.loc["RS", "population_as_of"] == "2019"
    for code in ("BA", "RS"):
        recomputed = frame.loc[code, "chinese_projects"] / (frame.loc[code, "population"] / 1e6)
        assert frame.loc[code, "projects_per_million"] == round(recomputed, 2)


def test_csv_is_utf8_with_bom_and_round_trips(dataset):
    table = sourced_table(dataset, ["BA", "RS"], ["projects", "projects_per_million"])
    raw = to_csv_bytes(table.frame)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype={"chinese_projects_as_of": str})
    assert list(back["chinese_projects"]) == [29, 61]
    assert list(back["chinese_projects_as_of"]) == ["2021", "2021"]
    assert list(back.columns) == list(table.frame.columns)


@pytest.mark.parametrize("value", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_formula_like_text_is_neutralised(value):
    assert neutralise_cell(value) == "'" + value


def test_numbers_including_negatives_are_untouched():
    frame = pd.DataFrame({"n": [-3, 5], "x": [-1.5, 2.0], "t": ["-oops", "fine"]})
    safe = neutralise_frame(frame)
    assert list(safe["n"]) == [-3, 5] and list(safe["x"]) == [-1.5, 2.0]
    assert list(safe["t"]) == ["'-oops", "fine"]


def test_hostile_country_name_is_neutralised_in_the_csv(dataset):
    countries = dataset.countries.copy()
    countries.loc[countries["iso2"] == "RS", "name"] = "=cmd|' /C calc'!A0"
    hostile = dataclasses.replace(dataset, countries=countries)
    for frame in (comparison_table(hostile, ["RS"], ["projects"]), sourced_table(hostile, ["RS"], ["projects"]).frame):
        raw = to_csv_bytes(frame).decode("utf-8-sig")
        assert "'=cmd" in raw and "\n=cmd" not in raw


def test_file_name_carries_the_indicator_the_data_date_and_the_export_date(dataset):
    every = tuple(dataset.countries["iso2"])
    filters = _filters(dataset, "projects", list(every), ["eu", "projects"])
    table = sourced_table(dataset, list(every), ["eu", "projects"])
    assert data_as_of(dataset, table) == "2023-05"
    name = file_name("csv", filters, data_as_of(dataset, table), date(2026, 11, 24))
    assert name == "western-balkans-projects-data-2023-05-exported-2026-11-24.csv"
    # A subset of countries is named too; the export date defaults to today.
    some = _filters(dataset, "projects_per_million", ["RS", "AL"], ["projects"])
    assert file_name("csv", some, "2021", date(2026, 1, 2)) == \
        "western-balkans-projects-per-million-al-rs-data-2021-exported-2026-01-02.csv"
    assert file_name("xlsx", some, "2021").endswith(f"-exported-{date.today().isoformat()}.xlsx")


def test_zip_bundles_csv_metadata_and_readme(dataset):
    table = sourced_table(dataset, ["AL", "XK"], ["cni"])
    filters = _filters(dataset, "cni", ["AL", "XK"], ["cni"])
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(dataset, table, filters, date(2026, 1, 2))))
    csv_name = "western-balkans-cni-al-xk-data-2023-05-exported-2026-01-02.csv"
    assert data_as_of(dataset, table) == "2023-05"
    assert set(archive.namelist()) == {csv_name, "datapackage.json", "README.txt"}
    meta = json.loads(archive.read("datapackage.json"))
    assert meta == json.loads(json.dumps(metadata(dataset, table, filters, date(2026, 1, 2))))
    assert meta["created"].startswith("2026-01-02T")
    resource = meta["resources"][0]
    assert resource["path"] == csv_name
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert list(fields) == list(table.frame.columns)
    assert all(f["description"] and f["title"] for f in fields.values())
    assert fields["cni_status"]["title"] == "Clean Network Initiative"
    assert "Countries: Albania, Kosovo" in meta["wbdash"]["filters"]
    assert meta["wbdash"]["data_as_of"] == "2023-05"
    assert meta["wbdash"]["caveats"]
    back = pd.read_csv(io.BytesIO(archive.read(csv_name)), encoding="utf-8-sig")
    assert list(back["iso2"]) == ["AL", "XK"]
    readme = archive.read("README.txt").decode()
    assert "136" in readme and "public domain" in readme
    assert "2026-01-02" in readme and "2023-05" in readme


@pytest.mark.parametrize("columns", [["cni"], ["eu", "nato", "projects", "projects_per_million", "share", "rank"]])
def test_datapackage_passes_frictionless_validation(dataset, tmp_path, columns):
    codes = ["AL", "XK", "RS"]
    table = sourced_table(dataset, codes, columns)
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(dataset, table, _filters(dataset, "projects", codes, columns))))
    archive.extractall(tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])
    assert report.stats["tasks"] == 1  # the CSV itself was read and checked against the schema
