"""GIS, Excel and PDF exports: they open in the tools analysts use and keep values and sources."""

from __future__ import annotations

import io

import geopandas as gpd
import openpyxl
import pytest
from pypdf import PdfReader

from wbdash.country_brief import country_brief_pdf, top_facts
from wbdash.dataset import load_dataset
from wbdash.export import ViewFilters
from wbdash.geo_export import to_geojson_bytes
from wbdash.table import DEFAULT_COLUMNS, sourced_table
from wbdash.xlsx_export import to_xlsx_bytes

ALL = ["AL", "BA", "XK", "ME", "MK", "RS"]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def test_geojson_round_trips_with_all_six_and_their_values(dataset):
    frame = gpd.read_file(io.BytesIO(to_geojson_bytes(dataset.countries, dataset.sources, ALL, list(DEFAULT_COLUMNS))))
    assert sorted(frame["Code"]) == sorted(ALL)
    assert frame.crs.to_epsg() == 4326 and frame.geometry.is_valid.all()
    values = frame.set_index("Code")
    assert values.loc["RS", "Chinese projects (count, 2021)"] == 61
    assert values.loc["XK", "EU status (May 2023)"] == "potential candidate"
    assert "fn 55" in values.loc["BA", "Chinese projects (count, 2021) - source"]
    assert values.loc["ME", "NATO status (May 2023) - as of"] == "2023-05"


def test_xlsx_opens_has_about_sheet_and_zero_formula_cells(dataset):
    countries = dataset.countries.copy()
    countries.loc[countries["iso2"] == "RS", "name"] = "=HYPERLINK(\"http://evil\",\"x\")"
    frame = sourced_table(countries, dataset.sources, ALL, ["eu", "projects"])
    filters = ViewFilters("Chinese projects", list(countries["name"]), ["eu", "projects"])
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame, dataset.sources, filters)))
    assert workbook.sheetnames == ["Comparison", "About"]
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    comparison = workbook["Comparison"]
    rows = {row[1].value: row for row in comparison.iter_rows(min_row=2)}
    assert rows["RS"][0].value.startswith("=HYPERLINK") and rows["RS"][0].data_type == "s"
    assert rows["RS"][5].value == 61 and isinstance(rows["RS"][5].value, int)
    about = "\n".join(str(c.value) for c in workbook["About"]["B"])
    assert "public domain" in about and "Countries:" in about and "136" in "\n".join(
        str(c.value) for row in workbook["About"].iter_rows() for c in row)


@pytest.mark.parametrize("iso2", ALL)
def test_country_brief_pdf_names_the_country_and_its_citations(dataset, iso2):
    pdf = PdfReader(io.BytesIO(country_brief_pdf(dataset, iso2)))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    name = dataset.country(iso2)["name"]
    assert f"{name}: country brief" in text
    assert "[1]" in text and "References" in text and "Security Tech Brief" in text
    assert "footnote 55" in text  # the project count's citation resolves to BIRN via the brief
    for fact in top_facts(dataset, iso2).to_dict("records"):
        assert fact["statement"][:25].split()[0] in text
