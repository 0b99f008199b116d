"""GIS, Excel and PDF exports: they open in the tools analysts use and keep values and sources."""

from __future__ import annotations

import dataclasses
import io

import geopandas as gpd
import openpyxl
import pytest
from pypdf import PdfReader

from wbdash.country_brief import country_brief_pdf, top_facts
from wbdash.export import ViewFilters
from wbdash.geo_export import to_geojson_bytes
from wbdash.table import sourced_table
from wbdash.view_state import ViewOptions
from wbdash.xlsx_export import to_xlsx_bytes

ALL = ["AL", "BA", "XK", "ME", "MK", "RS"]


def test_geojson_round_trips_with_all_six_and_their_values(dataset):
    columns = list(ViewOptions.of(dataset.registry).default_columns)
    frame = gpd.read_file(io.BytesIO(to_geojson_bytes(dataset, ALL, columns)))
    assert sorted(frame["iso2"]) == sorted(ALL)
    assert frame.crs.to_epsg() == 4326 and frame.geometry.is_valid.all()
    assert set(sourced_table(dataset, ALL, columns).frame.columns) <= set(frame.columns)
    values = frame.set_index("iso2")
    assert values.loc["RS", "chinese_projects"] == 61
    assert values.loc["XK", "eu_status"] == "potential candidate"
    assert "fn 55" in values.loc["RS", "chinese_projects_source"]  # the 61 is in the sentence fn 55 closes
    assert "fn" not in values.loc["BA", "chinese_projects_source"]  # the other counts: the table, no footnote
    assert values.loc["ME", "nato_status_as_of"] == "2023-05"


def test_xlsx_opens_has_about_sheet_and_zero_formula_cells(dataset):
    countries = dataset.countries.copy()
    countries.loc[countries["iso2"] == "RS", "name"] = "=HYPERLINK(\"http://evil\",\"x\")"
    hostile = dataclasses.replace(dataset, countries=countries)
    table = sourced_table(hostile, ALL, ["eu", "projects"])
    codes = tuple(countries["iso2"])
    filters = ViewFilters(dataset.registry["projects"], codes, ("eu", "projects"), codes)
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(hostile, table, filters)))
    assert workbook.sheetnames == ["Comparison", "Comparison (labels)", "About"]
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    comparison = workbook["Comparison"]
    assert [c.value for c in comparison[1]] == list(table.frame.columns)  # machine keys, as in the CSV
    assert [c.value for c in workbook["Comparison (labels)"][1]] == [table.labels[k] for k in table.frame.columns]
    rows = {row[1].value: row for row in comparison.iter_rows(min_row=2)}
    assert rows["RS"][0].value.startswith("=HYPERLINK") and rows["RS"][0].data_type == "s"
    projects = list(table.frame.columns).index("chinese_projects")
    assert rows["RS"][projects].value == 61 and isinstance(rows["RS"][projects].value, int)
    about = "\n".join(str(c.value) for c in workbook["About"]["B"])
    assert "public domain" in about and "Countries:" in about and "2023-05" in about and "136" in "\n".join(
        str(c.value) for row in workbook["About"].iter_rows() for c in row)


@pytest.mark.parametrize("iso2", ALL)
def test_country_brief_pdf_names_the_country_and_its_citations(dataset, iso2):
    pdf = PdfReader(io.BytesIO(country_brief_pdf(dataset, iso2)))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    name = dataset.country(iso2)["name"]
    assert f"{name}: country brief" in text
    assert "[1]" in text and "References" in text and "Security Tech Brief" in text
    if iso2 == "RS":
        assert "footnote 55" in text  # Serbia's 61 is in the sentence fn 55 (BIRN) closes
    else:
        assert "footnote 55" not in text  # the other counts come from the brief's table, which has no footnote
    for fact in top_facts(dataset, iso2).to_dict("records"):
        assert fact["statement"][:25].split()[0] in text
