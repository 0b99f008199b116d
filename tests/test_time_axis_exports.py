"""Every export of a view as of a chosen month carries that month: CSV, zip, XLSX, GeoJSON, PNG/SVG."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from wbdash.as_of import dataset_at
from wbdash.describe import map_text
from wbdash.export import ViewFilters, data_as_of, file_name, to_csv_bytes, zip_bytes
from wbdash.geo_export import to_geojson_bytes
from wbdash.history import parse_month
from wbdash.static_map import render_map
from wbdash.table import sourced_table
from wbdash.xlsx_export import to_xlsx_bytes

MONTH = parse_month("2015-01")
COLUMNS = ["eu", "nato", "cni", "projects"]


@pytest.fixture(scope="module")
def view(dataset):
    earlier = dataset_at(dataset, MONTH)
    codes = list(earlier.countries["iso2"])
    filters = ViewFilters(earlier.registry["eu"], tuple(codes), tuple(COLUMNS), tuple(codes), MONTH)
    return earlier, codes, filters, sourced_table(earlier, codes, COLUMNS)


def test_csv_values_and_as_of_follow_the_month(view):
    earlier, codes, filters, table = view
    frame = table.frame.set_index("iso2")
    assert set(frame["eu_status_as_of"]) == {"2015-01"}
    assert frame.loc["BA", "eu_status"] == "potential candidate"
    assert frame.loc["BA", "eu_status_source"].startswith("Summary of Treaty")  # the milestone's own source
    assert frame["cni_status"].isna().all()  # none recorded yet: empty, never invented
    assert set(frame["chinese_projects_as_of"]) == {"2021"}
    assert "potential candidate" in to_csv_bytes(table.frame).decode("utf-8-sig")


def test_file_names_carry_the_month(view):
    earlier, codes, filters, table = view
    name = file_name("csv", filters, data_as_of(earlier, table), date(2026, 11, 25))
    assert name == "western-balkans-eu-as-of-2015-01-data-2021-exported-2026-11-25.csv"


def test_zip_metadata_and_readme_say_the_month(view):
    earlier, codes, filters, table = view
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(earlier, table, filters, date(2026, 11, 25))))
    meta = json.loads(archive.read("datapackage.json"))
    assert any("Statuses as of January 2015" in line for line in meta["wbdash"]["filters"])
    assert "as-of-2015-01" in meta["resources"][0]["path"]
    assert "Statuses as of January 2015" in archive.read("README.txt").decode()


def test_xlsx_about_sheet_says_the_month(view):
    earlier, codes, filters, table = view
    workbook = load_workbook(io.BytesIO(to_xlsx_bytes(earlier, table, filters)))
    about = [str(cell.value) for row in workbook["About"].iter_rows() for cell in row if cell.value]
    assert any("Statuses as of January 2015, from the dated status history" in v for v in about)
    data = workbook["Comparison"]
    header = [c.value for c in data[1]]
    assert {row[header.index("eu_status_as_of")] for row in data.iter_rows(min_row=2, values_only=True)} == {"2015-01"}


def test_geojson_properties_follow_the_month(view):
    earlier, codes, filters, table = view
    collection = json.loads(to_geojson_bytes(earlier, codes, COLUMNS))
    properties = {f["properties"]["iso2"]: f["properties"] for f in collection["features"]}
    assert properties["BA"]["eu_status"] == "potential candidate"
    assert properties["BA"]["eu_status_as_of"] == "2015-01"
    assert properties["AL"]["cni_status"] is None


def test_static_map_says_the_month_in_the_frame(view, dataset):
    earlier, codes, filters, table = view
    text = map_text(earlier, earlier.registry["eu"], codes)
    svg = render_map(earlier, earlier.registry["eu"], text, image_format="svg").data.decode()
    assert "January 2015" in svg
    assert "not from the brief" in svg


def test_brief_view_exports_are_unchanged(dataset):
    codes = list(dataset.countries["iso2"])
    filters = ViewFilters(dataset.registry["eu"], tuple(codes), tuple(COLUMNS), tuple(codes))
    table = sourced_table(dataset, codes, COLUMNS)
    assert set(table.frame["eu_status_as_of"]) == {"2023-05"}
    assert "as-of" not in file_name("csv", filters, data_as_of(dataset, table))
