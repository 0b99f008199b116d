"""'Cite this view': the four formats parse in the tools readers use, and name what is shown."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from openpyxl import load_workbook
from pypdf import PdfReader

from wbdash.cite_view import citation_for, shown_sources, view_url
from wbdash.country_brief import country_brief_pdf
from wbdash.export import ViewFilters, zip_bytes
from wbdash.geo_export import to_geojson_bytes
from wbdash.table import sourced_table
from wbdash.xlsx_export import to_xlsx_bytes

ACCESSED = date(2026, 11, 25)
URL = "http://localhost:8501/?indicator=eu&countries=AL%2CRS&as_of=2015-01"


@pytest.fixture(scope="module")
def citation(dataset):
    shown = [dataset.registry["eu"], dataset.registry["projects"]]
    return citation_for(dataset, "EU status: Albania, Serbia, as of May 2023 {draft} 50% & $5", shown,
                        shown_sources(dataset, shown, ["AL", "RS"]), URL, ACCESSED)


def test_plain_text_names_view_link_dates_and_sources(citation):
    text = citation.plain()
    assert URL in text and "accessed 2026-11-25" in text
    assert "May 2023 (EU)" in text and "2021 (Chinese projects)" in text
    assert "Security Tech Brief" in text and "publisher not named in the document" in text
    assert "Natural Earth" in text


def test_bibtex_parses_with_the_same_fields(citation):
    library = bibtexparser.loads(citation.bibtex())
    (entry,) = library.entries
    assert entry["ENTRYTYPE"] == "misc" and entry["ID"] == citation.key
    assert entry["url"] == URL and entry["urldate"] == "2026-11-25"
    assert r"\{draft\} 50\% \& \$5" in entry["title"]  # LaTeX specials written literally


def test_ris_parses(citation):
    (entry,) = rispy.loads(citation.ris())
    assert entry["type_of_reference"] == "ELEC"
    assert entry["title"].startswith("EU status: Albania, Serbia")
    assert entry["urls"] == [URL] and entry["access_date"] == "2026/11/25"


def test_csl_json_renders_through_a_csl_processor(citation):
    items = json.loads(citation.csl_json())
    assert items[0]["type"] == "webpage" and items[0]["accessed"]["date-parts"] == [[2026, 11, 25]]
    bibliography = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False),
                                              CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    rendered = str(bibliography.bibliography()[0])
    assert "EU status: Albania, Serbia" in rendered and "2026" in rendered


def test_view_url_keeps_the_page_and_the_query():
    assert view_url("http://host:8501/profile", "profile", {"country": "RS"}) == "http://host:8501/profile?country=RS"
    assert view_url("http://host:8501/", "", {}) == "http://host:8501/"
    assert view_url(None, "compare", {"countries": "ME,RS"}) == "/compare?countries=ME%2CRS"


def test_exports_carry_the_citation(dataset, citation):
    codes = list(dataset.countries["iso2"])
    filters = ViewFilters(dataset.registry["eu"], tuple(codes), ("eu",), tuple(codes))
    table = sourced_table(dataset, codes, ["eu"])
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(dataset, table, filters, ACCESSED, citation=citation)))
    assert citation.plain() in archive.read("README.txt").decode()
    assert bibtexparser.loads(archive.read("CITATION.bib").decode()).entries
    assert json.loads(archive.read("datapackage.json"))["wbdash"]["cite_as"] == citation.plain()
    about = load_workbook(io.BytesIO(to_xlsx_bytes(dataset, table, filters, citation=citation)))["About"]
    assert citation.plain() in [cell.value for row in about.iter_rows() for cell in row]
    assert json.loads(to_geojson_bytes(dataset, codes, ["eu"], citation=citation))["cite_as"] == citation.plain()
    pdf = PdfReader(io.BytesIO(country_brief_pdf(dataset, "RS", citation=citation)))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Cite as:" in text and "accessed 2026-11-25" in text
