"""CSV and zip exports: exactly the view, sourced, dated, Excel-safe and formula-safe."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pandas as pd
import pytest

from wbdash.dataset import load_dataset
from wbdash.export import ViewFilters, file_name, neutralise_cell, neutralise_frame, to_csv_bytes, zip_bytes
from wbdash.table import comparison_table, sourced_table


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def test_export_holds_exactly_the_selected_rows_and_columns(dataset):
    frame = sourced_table(dataset.countries, dataset.sources, ["RS", "ME"], ["eu", "projects"])
    assert list(frame["Code"]) == ["ME", "RS"]
    assert list(frame.columns) == [
        "Country", "Code",
        "EU status (May 2023)", "EU status (May 2023) - source", "EU status (May 2023) - as of",
        "Chinese projects (count, 2021)", "Chinese projects (count, 2021) - source",
        "Chinese projects (count, 2021) - as of",
    ]
    serbia = frame.set_index("Code").loc["RS"]
    assert serbia["Chinese projects (count, 2021)"] == 61
    assert "fn 55" in serbia["Chinese projects (count, 2021) - source"]
    assert "China in the Balkans" in serbia["Chinese projects (count, 2021) - source"]
    assert serbia["Chinese projects (count, 2021) - as of"] == "2021"


def test_csv_is_utf8_with_bom_and_round_trips(dataset):
    frame = sourced_table(dataset.countries, dataset.sources, ["BA", "RS"], ["projects", "projects_per_million"])
    raw = to_csv_bytes(frame)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(back["Chinese projects (count, 2021)"]) == [29, 61]


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
    raw = to_csv_bytes(comparison_table(countries, ["RS"], ["projects"])).decode("utf-8-sig")
    assert "'=cmd" in raw and "\n=cmd" not in raw


def test_file_name_carries_the_date():
    assert file_name("csv", date(2026, 11, 24)) == "western-balkans-comparison-2026-11-24.csv"


def test_zip_bundles_csv_metadata_and_readme(dataset):
    frame = sourced_table(dataset.countries, dataset.sources, ["AL", "XK"], ["cni"])
    filters = ViewFilters("Clean Network Initiative", ["Albania", "Kosovo"], ["cni"])
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(frame, dataset.sources, filters, date(2026, 1, 2))))
    assert set(archive.namelist()) == {"western-balkans-comparison-2026-01-02.csv", "datapackage.json", "README.txt"}
    meta = json.loads(archive.read("datapackage.json"))
    fields = {f["name"]: f for f in meta["resources"][0]["schema"]["fields"]}
    assert set(fields) == set(frame.columns)
    assert all(f["description"] for f in fields.values())
    assert "Countries: Albania, Kosovo" in meta["filters"]
    readme = archive.read("README.txt").decode()
    assert "136" in readme and "public domain" in readme
