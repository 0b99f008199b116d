"""The country brief is a real PDF document: embedded TrueType fonts (no Type 3), clickable links, a tagged
structure with language and title, a map that no text runs into, any script's letters, data shown literally.

The fonts are read by poppler's `pdffonts` and by pypdf; the text by poppler's `pdftotext` (word boxes with
`-bbox`), as a reader's tools would. The map's rectangle comes from the page's content stream: everything
WeasyPrint paints for the map sits in the tagged `/Figure` marked-content sequence, and the map draws its
own white background over the whole image (the geography is cut to the frame), so the extent of the path
points inside that sequence, through the transformation matrices, is the map's box on the page.
"""

from __future__ import annotations

import dataclasses
import html
import io
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, ContentStream, DictionaryObject

from tests.test_xss import IMG, JS_URL, NAMES, PLACE, SCRIPT, write_hostile_data
from wbdash.bibliography import CitationRegistry
from wbdash.cite_view import citation_for, shown_sources
from wbdash.country_brief import FONT_FAMILY, MAP_SIZE_MM, PAGE_MARGIN_MM, country_brief_pdf, top_facts
from wbdash.dataset import load_dataset
from wbdash.profile import country_facts, headline, place_markers

ALL = ["AL", "BA", "XK", "ME", "MK", "RS"]
PT_PER_MM = 72 / 25.4
CYRILLIC = "Србија и Кина: челично пријатељство"
ALBANIAN = "Shqipëria çel një zyrë të re në Tiranë"


@pytest.fixture(scope="module")
def briefs(dataset, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("briefs")
    paths = {}
    for iso2 in ALL:
        paths[iso2] = folder / f"brief-{iso2}.pdf"
        paths[iso2].write_bytes(country_brief_pdf(dataset, iso2, on=date(2026, 1, 2)))
    return paths


def run(*command: str | Path) -> str:
    return subprocess.run([str(c) for c in command], check=True, capture_output=True, text=True).stdout


def pdf_text(path: Path) -> str:
    """pdftotext's text with whitespace (line breaks included) collapsed."""
    return " ".join(run("pdftotext", "-enc", "UTF-8", path, "-").split())


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- fonts ----------------------------------------------------------------------------------------------

def pdffonts_rows(path: Path) -> list[dict[str, str]]:
    lines = run("pdffonts", path).splitlines()
    header = lines[0]
    columns = ("name", "type", "encoding", "emb", "sub", "uni", "object ID")
    starts = [header.index(column) for column in columns]  # fixed-width columns: "CID TrueType" has a space
    rows = []
    for line in lines[2:]:
        cells = [line[a:b].strip() for a, b in zip(starts, [*starts[1:], len(line)], strict=True)]
        rows.append(dict(zip(columns, cells, strict=True)))
    return rows


def pdf_fonts(reader: PdfReader) -> list:
    """Every font dictionary the pages and their form XObjects use."""
    fonts, seen = [], set()

    def visit(resources) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            if id(font) not in seen:
                seen.add(id(font))
                fonts.append(font)
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return fonts


@pytest.mark.parametrize("iso2", ["RS", "XK"])
def test_fonts_are_embedded_truetype_and_never_type3(briefs, iso2):
    rows = pdffonts_rows(briefs[iso2])
    assert rows, "pdffonts lists no font"
    for row in rows:
        assert row["type"] != "Type 3" and "TrueType" in row["type"], row
        assert row["emb"] == "yes", row
        # The document's own @font-face files (matplotlib's DejaVu Sans), not a system font.
        assert row["name"].split("+")[-1].startswith(FONT_FAMILY.replace(" ", "-")), row
    assert {"Bold" in row["name"] for row in rows} == {True, False}  # headings bold, text regular

    fonts = pdf_fonts(PdfReader(briefs[iso2]))
    assert fonts
    for font in fonts:
        assert font["/Subtype"] != "/Type3"
        descendant = font["/DescendantFonts"][0].get_object() if font["/Subtype"] == "/Type0" else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile2", "/FontFile3")), descriptor


# --- links ----------------------------------------------------------------------------------------------

def link_uris(path: Path) -> list[str]:
    uris = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/A" in annotation and "/URI" in annotation["/A"]:
                uris.append(str(annotation["/A"]["/URI"]))
    return uris


@pytest.mark.parametrize("iso2", ["RS", "XK"])
def test_every_reference_url_is_a_link_annotation(dataset, briefs, iso2):
    registry = CitationRegistry(dataset.sources, dataset.content)
    # The same numbering as the brief: the indicators' citations, then the facts'.
    for item in headline(dataset, iso2):
        registry.number(item.source_id, item.footnote)
    for fact in top_facts(dataset, iso2).to_dict("records"):
        registry.number(fact["source_id"], fact["footnote"])
    urls = {r.url for r in registry.references() if r.url}
    assert urls, "the test needs references with URLs"
    assert urls <= set(link_uris(briefs[iso2]))


def test_the_views_url_is_a_link_when_the_citation_has_one(dataset):
    url = "http://localhost:8501/profile?country=RS"
    shown = dataset.registry.in_place("headline")
    citation = citation_for(dataset, "Serbia: country profile", shown, shown_sources(dataset, shown, ["RS"]), url,
                            date(2026, 1, 2))
    pdf = io.BytesIO(country_brief_pdf(dataset, "RS", citation=citation))
    reader = PdfReader(pdf)
    assert url in link_uris(pdf)
    assert "Cite as:" in one_line(reader.pages[0].extract_text())


# --- structure ------------------------------------------------------------------------------------------

def struct_elements(node) -> list[DictionaryObject]:
    """The structure elements under `node` (down the /K kids; marked-content ids and annotations are leaves)."""
    node = node.get_object()
    if not isinstance(node, DictionaryObject):
        return []
    found = [node] if "/S" in node else []
    kids = node.get("/K")
    kids = ArrayObject() if kids is None else kids.get_object()
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        found += struct_elements(kid)
    return found


@pytest.mark.parametrize("iso2", ["RS", "XK"])
def test_pdf_is_tagged_with_language_title_and_map_description(dataset, briefs, iso2):
    reader = PdfReader(briefs[iso2])
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in catalog
    assert str(catalog["/Lang"]) == "en"
    name = dataset.country(iso2)["name"]
    assert reader.metadata.title == dataset.content.text("brief.title", country=name)
    assert reader.metadata.subject == dataset.content.text("brief.subject")
    elements = struct_elements(catalog["/StructTreeRoot"])
    tags = {str(e["/S"]) for e in elements}
    assert {"/H1", "/H2", "/P", "/Table", "/L", "/Figure", "/Link"} <= tags
    (figure,) = [e for e in elements if e["/S"] == "/Figure"]
    assert str(figure["/Alt"]) == dataset.content.text("profile.map_title", country=name)


# --- layout: one page, the map clear of all text and inside the margins ----------------------------------

def _multiply(m1: list[float], m2: list[float]) -> list[float]:
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return [a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2]


def figure_boxes(path: Path) -> tuple[list[tuple[float, float, float, float]], float, float]:
    """Boxes (x0, top, x1, bottom; points from the top-left, as pdftotext gives words) of the path points
    painted inside each `/Figure` marked-content sequence of page 1, and the page's width and height."""
    reader = PdfReader(path)
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    ctm, saved, marks = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [], []
    boxes: list[list[tuple[float, float]]] = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        op = operator.decode()
        if op == "q":
            saved.append(ctm)
        elif op == "Q":
            ctm = saved.pop()
        elif op == "cm":
            ctm = _multiply([float(v) for v in operands], ctm)
        elif op in ("BDC", "BMC"):
            tag = str(operands[0])
            if tag == "/Figure" and "/Figure" not in marks:
                boxes.append([])
            marks.append(tag)
        elif op == "EMC":
            marks.pop()
        elif "/Figure" in marks and op in ("m", "l", "c", "v", "y", "re"):
            values = [float(v) for v in operands]
            if op == "re":
                x, y, w, h = values
                points = [(x, y), (x + w, y), (x, y + h), (x + w, y + h)]
            else:
                points = list(zip(values[::2], values[1::2], strict=True))
            a, b, c, d, e, f = ctm
            boxes[-1] += [(a * x + c * y + e, b * x + d * y + f) for x, y in points]
    result = []
    for points in boxes:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        result.append((min(xs), height - max(ys), max(xs), height - min(ys)))
    return result, width, height


def word_boxes(path: Path) -> list[tuple[str, float, float, float, float]]:
    page_one = run("pdftotext", "-bbox", "-f", "1", "-l", "1", path, "-")
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
    return [(html.unescape(m[5]), float(m[1]), float(m[2]), float(m[3]), float(m[4])) for m in pattern.finditer(page_one)]


def assert_map_clear_of_text(dataset, path: Path, iso2: str) -> None:
    """The map is one box of its set size inside the margins; the only words touching it are its own
    labels (the country's name and the places it marks), wholly inside it, and all of them are there."""
    boxes, width, height = figure_boxes(path)
    assert len(boxes) == 1, "one map"
    x0, top, x1, bottom = boxes[0]
    assert x1 - x0 == pytest.approx(MAP_SIZE_MM[0] * PT_PER_MM, abs=1)  # the box found is the whole map
    assert bottom - top == pytest.approx(MAP_SIZE_MM[1] * PT_PER_MM, abs=1)
    margin = PAGE_MARGIN_MM * PT_PER_MM - 0.5
    assert x0 >= margin and top >= margin and x1 <= width - margin and bottom <= height - margin

    labels = {word for marker in place_markers(country_facts(dataset.facts, iso2), dataset.places,
                                               CitationRegistry(dataset.sources, dataset.content))
              for word in marker.place.split()}
    name = set(dataset.country(iso2)["name"].split())
    inside = set()
    for word, wx0, wtop, wx1, wbottom in word_boxes(path):
        if min(x1, wx1) - max(x0, wx0) > 0.5 and min(bottom, wbottom) - max(top, wtop) > 0.5:
            assert word in labels | name, f"{word!r} runs into the map"
            assert x0 <= wx0 and wx1 <= x1 and top <= wtop and wbottom <= bottom, f"label {word!r} leaves the map"
            inside.add(word)
    assert name <= inside, "the map names the country"
    assert labels <= inside, "and every place it marks"


@pytest.mark.parametrize("iso2", ALL)
def test_one_page_with_the_map_inside_the_margins_and_no_text_in_it(dataset, briefs, iso2):
    assert len(PdfReader(briefs[iso2]).pages) == 1
    assert_map_clear_of_text(dataset, briefs[iso2], iso2)


@pytest.mark.parametrize("iso2", ALL)
def test_one_page_also_with_the_citation_the_profile_page_adds(dataset, iso2):
    """As pages/profile.py cites itself: every reference the page numbers (the headline's, all the facts')."""
    registry = CitationRegistry(dataset.sources, dataset.content)
    for item in headline(dataset, iso2):
        registry.number(item.source_id, item.footnote)
    for fact in country_facts(dataset.facts, iso2).to_dict("records"):
        registry.number(fact["source_id"], fact["footnote"])
    name = dataset.country(iso2)["name"]
    citation = citation_for(dataset, dataset.content.text("cite.profile_title", country=name),
                            dataset.registry.in_place("headline"), [r.source_id for r in registry.references()],
                            f"https://western-balkans-dashboard.example.org/profile?country={iso2}", date(2026, 1, 2))
    assert len(PdfReader(io.BytesIO(country_brief_pdf(dataset, iso2, citation=citation))).pages) == 1


def test_long_unbroken_words_wrap_inside_their_column(dataset, tmp_path):
    word = "x" * 180
    countries = dataset.countries.copy()
    countries.loc[countries["iso2"] == "RS", "eu_status_note"] = f"Note {word} end"  # an indicator's detail
    changed = edited(dataclasses.replace(dataset, countries=countries), "RS", statements={0: f"Fact {word} end"})
    path = tmp_path / "brief.pdf"
    path.write_bytes(country_brief_pdf(changed, "RS"))
    assert_map_clear_of_text(changed, path, "RS")
    assert_right_margin_blank(path, tmp_path)


def assert_right_margin_blank(path: Path, folder: Path) -> None:
    """pdftoppm renders every page at 50 dpi, and nothing is drawn in the right margin of any."""
    result = subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(folder / "page")], capture_output=True)
    assert result.returncode == 0, result.stderr
    pngs = sorted(folder.glob("page*.png"))
    assert len(pngs) == len(PdfReader(path).pages)
    for png in pngs:
        assert png.stat().st_size > 0
        with Image.open(png) as image:
            pixels = image.convert("L")
        width, height = pixels.size
        assert (width, height) == (pytest.approx(8.27 * 50, abs=2), pytest.approx(11.69 * 50, abs=2))
        margin = int(PAGE_MARGIN_MM / 25.4 * 50) - 1
        assert pixels.crop((width - margin, 0, width, height)).getextrema()[0] >= 250, f"{png.name}: ink in the margin"
        assert pixels.crop((0, 0, width - margin, height)).getextrema()[0] < 100, f"{png.name}: a blank page"


@pytest.mark.parametrize("iso2", ["RS", "XK"])
def test_page_renders_and_nothing_reaches_the_right_margin(briefs, iso2, tmp_path):
    assert_right_margin_blank(briefs[iso2], tmp_path)


# --- any script, shown literally --------------------------------------------------------------------------

def edited(dataset, iso2: str, *, name: str | None = None, statements: dict[int, str]):
    """A copy of the dataset with the country's name and some of its top facts' statements replaced
    (statements: position in top_facts -> new statement)."""
    countries, facts = dataset.countries.copy(), dataset.facts.copy()
    if name is not None:
        countries.loc[countries["iso2"] == iso2, "name"] = name
    chosen = top_facts(dataset, iso2)
    for position, statement in statements.items():
        facts.loc[facts["fact_id"] == chosen.iloc[position]["fact_id"], "statement"] = statement
    return dataclasses.replace(dataset, countries=countries, facts=facts)


def test_cyrillic_and_albanian_letters_are_text_in_the_pdf(dataset, tmp_path):
    changed = edited(dataset, "RS", name="Србија", statements={0: f"{CYRILLIC}.", 1: f"{ALBANIAN}."})
    path = tmp_path / "brief.pdf"
    path.write_bytes(country_brief_pdf(changed, "RS"))
    text = pdf_text(path)
    assert "Србија: country brief" in text
    assert CYRILLIC in text and ALBANIAN in text
    assert "Србија" in {word for word, *_ in word_boxes(path)}  # also the map's label, as text
    assert "\ufffd" not in text


def test_markup_in_the_data_is_printed_literally(dataset, tmp_path):
    statement = "Costs <b>rose</b> & <script>alert(1)</script> fell"
    changed = edited(dataset, "AL", name="Albania <i>x</i>", statements={0: statement})
    path = tmp_path / "brief.pdf"
    path.write_bytes(country_brief_pdf(changed, "AL"))
    text = pdf_text(path)
    assert statement in text
    assert "Albania <i>x</i>: country brief" in text
    assert PdfReader(path).metadata.title == "Albania <i>x</i>: country brief"


def test_hostile_data_is_literal_and_gives_no_script_link(tmp_path):
    hostile = load_dataset(write_hostile_data(tmp_path / "data"))
    path = tmp_path / "brief.pdf"
    path.write_bytes(country_brief_pdf(hostile, "RS"))
    text = pdf_text(path)
    assert one_line(f"{NAMES['RS']}: country brief") in text
    assert SCRIPT in text and IMG in text
    assert PLACE.split()[0] in {word for word, *_ in word_boxes(path)}
    uris = link_uris(path)
    assert uris and all(uri.startswith(("http://", "https://")) for uri in uris)
    assert not any(uri.lower().startswith(JS_URL.split(":")[0]) for uri in uris)


def test_a_reference_address_that_is_not_http_is_text_not_a_link(dataset, tmp_path):
    sources = dataset.sources.copy()
    sources["url"] = sources["url"].where(sources["url"].isna(), JS_URL)
    path = tmp_path / "brief.pdf"
    path.write_bytes(country_brief_pdf(dataclasses.replace(dataset, sources=sources), "RS"))
    assert JS_URL in pdf_text(path)
    assert link_uris(path) == []


def test_cjk_titles_are_named_not_printed_as_boxes(dataset, tmp_path):
    changed = edited(dataset, "RS", statements={0: "A report (中国投资报告) says so."})
    path = tmp_path / "brief.pdf"
    path.write_bytes(country_brief_pdf(changed, "RS"))
    text = pdf_text(path)
    assert "A report (Chinese-language title omitted) says so." in text
    assert "中" not in text
