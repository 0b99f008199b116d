"""The indicator registry: a new indicator added only in data files appears in every view and export.

The proof the design rests on: copy the data folder, add a fifth indicator (a yes/no column with its own
source, footnote and as-of) to countries.csv and data/indicators.yaml, and find it, with its source and
as-of date, on the map and legend, the table, compare, the profile, the static map, the PDF and every
export — with no change to Python.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import run_page
from wbdash.choropleth import build_map
from wbdash.country_brief import country_brief_pdf
from wbdash.dataset import Dataset, load_dataset
from wbdash.describe import map_text
from wbdash.export import ViewFilters, to_csv_bytes, zip_bytes
from wbdash.geo_export import to_geojson_bytes
from wbdash.static_map import render_map
from wbdash.table import comparison_table, sourced_table
from wbdash.xlsx_export import to_xlsx_bytes

KEY = "sample_flag"
LABEL = "Sample yes/no indicator"
SHORT = "Sample flag"
VALUES = {"AL": "yes", "BA": "no", "XK": "no", "ME": "yes", "MK": "yes", "RS": "no"}
AS_OF = "2022-07"
FOOTNOTE = "92"  # has a bibliography entry (brief-fn92)


def add_indicator(data_dir: Path) -> None:
    """Only data files change: four columns in countries.csv and one registry entry."""
    path = data_dir / "countries.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row.update({KEY: VALUES[row["iso2"]], f"{KEY}_source_id": "brief", f"{KEY}_footnote": FOOTNOTE,
                    f"{KEY}_as_of": AS_OF})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    registry_path = data_dir / "indicators.yaml"
    registry = yaml.safe_load(registry_path.read_text(encoding="utf-8"))
    registry["indicators"].append({
        "key": KEY, "label": LABEL, "short_label": SHORT, "description": "A yes/no test indicator from its own column",
        "unit": "", "kind": "category", "categories": ["no", "yes"],
        "columns": {"value": KEY, "source": f"{KEY}_source_id", "footnote": f"{KEY}_footnote", "as_of": f"{KEY}_as_of"},
        "classes": {"method": "categories"}, "palette": {"scheme": "PuOr", "steps": 4, "pick": [1, 3]},
        "places": ["map", "tooltip", "table", "default_table", "compare", "headline"],
    })
    registry_path.write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def extended(data_copy: Path, monkeypatch) -> Dataset:
    add_indicator(data_copy)
    monkeypatch.setenv("WBDASH_DATA_DIR", str(data_copy))
    return load_dataset(data_copy)


def test_the_new_indicator_is_validated_and_loaded(extended):
    indicator = extended.registry[KEY]
    assert list(extended.countries.set_index("iso2")[KEY].astype(str).to_dict().items()) == list(VALUES.items())
    assert indicator.label == LABEL


def test_map_legend_tooltip_and_source_line(extended):
    indicator = extended.registry[KEY]
    text = map_text(extended, indicator, list(VALUES))
    assert "July 2022" in text.subtitle
    assert "fn 92" in text.source_line and "July 2022" in text.source_line
    html = build_map(extended, indicator, text).get_root().render()
    assert LABEL in html and "Security Tech Brief" in html
    # Legend rows (label, then the count) sit in the map script, JSON-encoded with < as \u003c.
    assert "yes \\u003cspan" in html and "no \\u003cspan" in html
    assert f"{SHORT} (July 2022)" in html  # the tooltip row of every map


def test_table_compare_and_exports(extended):
    codes = list(VALUES)
    table = comparison_table(extended, codes, [KEY])
    assert list(table[f"{LABEL} (July 2022)"]) == [VALUES[c] for c in table["Code"]]
    export = sourced_table(extended, codes, [KEY])
    assert {KEY, f"{KEY}_source", f"{KEY}_as_of"} <= set(export.frame.columns)
    assert set(export.frame[f"{KEY}_as_of"]) == {AS_OF}
    assert all("fn 92" in cell for cell in export.frame[f"{KEY}_source"])

    filters = ViewFilters(extended.registry[KEY], tuple(codes), (KEY,), tuple(codes))
    csv_text = to_csv_bytes(export.frame).decode("utf-8-sig")
    assert f"{KEY},{KEY}_source,{KEY}_as_of" in csv_text.splitlines()[0]
    with zipfile.ZipFile(io.BytesIO(zip_bytes(extended, export, filters))) as archive:
        package = json.loads(archive.read("datapackage.json"))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields[KEY]["title"] == LABEL and fields[f"{KEY}_as_of"]["type"] == "string"
    workbook = load_workbook(io.BytesIO(to_xlsx_bytes(extended, export, filters)))
    assert KEY in [cell.value for cell in workbook.worksheets[0][1]]
    assert LABEL in [cell.value for cell in workbook.worksheets[1][1]]
    geojson = json.loads(to_geojson_bytes(extended, codes, [KEY]))
    assert {feature["properties"][f"{KEY}_as_of"] for feature in geojson["features"]} == {AS_OF}


def test_static_map_and_pdf(extended):
    indicator = extended.registry[KEY]
    rendered = render_map(extended, indicator, map_text(extended, indicator, list(VALUES)))
    assert [entry.label for entry in rendered.legend[:2]] == ["no (3)", "yes (3)"]
    pdf = PdfReader(io.BytesIO(country_brief_pdf(extended, "AL")))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert LABEL in text and "July 2022" in text


def test_pages_show_it(extended):
    overview = run_page(None, {"indicator": KEY})
    assert LABEL in overview.radio(key="ov_indicator").options
    assert f"{LABEL} (July 2022)" in overview.dataframe[0].value.columns
    compare = run_page("pages/compare.py", {"countries": "AL,RS"})
    assert f"{LABEL} (July 2022)" in compare.dataframe[0].value.index
    profile = run_page("pages/profile.py", {"country": "AL"})
    assert any(metric.label.replace("\\", "") == LABEL and metric.value == "yes" for metric in profile.metric)
