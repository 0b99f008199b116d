"""Editable slides (PPTX): the map words as text boxes, the table native, the map PNG unchanged, all on the slide."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from datetime import date

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Pt

from wbdash.as_of import dataset_at, month_label
from wbdash.cite_view import citation_for, shown_sources
from wbdash.describe import KOSOVO_NOTE_CODES, country_map_text, indicator_as_of, map_text
from wbdash.history import parse_month
from wbdash.profile import headline
from wbdash.slides import SLIDE_HEIGHT, SLIDE_WIDTH, country_map_png, country_slide_pptx, overview_slide_pptx
from wbdash.static_map import render_map
from wbdash.table import comparison_table
from wbdash.view_state import ViewOptions

ALL = ["AL", "BA", "XK", "ME", "MK", "RS"]
URL = "http://localhost:8501/?indicator=eu&countries=AL%2CRS"
HOSTILE = "<b>&amp; & </p:sp>"


def export_png(dataset, key: str, codes: list[str]) -> bytes:
    """The overview's 'Download PNG', made as dashboard.py makes it."""
    indicator = dataset.registry[key]
    return render_map(dataset, indicator, map_text(dataset, indicator, codes), selected=codes, image_format="png").data


@pytest.fixture(scope="module")
def png(dataset) -> bytes:
    return export_png(dataset, "eu", ALL)


@pytest.fixture(scope="module")
def citation(dataset):
    shown = [dataset.registry["eu"], *dataset.registry.in_place("headline")]
    return citation_for(dataset, "EU status: all countries", shown, shown_sources(dataset, shown, ALL), URL,
                        date(2026, 11, 25))


@pytest.fixture(scope="module")
def long_citation(dataset):
    """The longest a view's citation gets: a history view of every column, each value with its own source."""
    earlier = dataset_at(dataset, parse_month("2015-01"))
    shown = [earlier.registry["nato"], *(earlier.registry[k] for k in ViewOptions.of(earlier.registry).columns)]
    return citation_for(earlier, "NATO status: all countries", shown, shown_sources(earlier, shown, ALL), URL,
                        date(2026, 11, 25))


def cite_line(dataset, citation) -> str:
    """The slide's citation line: title, link, dates (the sources go to the speaker notes)."""
    line = dataset.content.text("slides.cite_line", title=citation.title, dashboard=citation.container, url=citation.url,
                                data_as_of=citation.data_as_of, date=citation.accessed.isoformat())
    return dataset.content.text("cite.export_line", title=line)


def speaker_notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def only_slide(data: bytes):
    deck = Presentation(io.BytesIO(data))
    assert len(deck.slides) == 1
    assert (deck.slide_width, deck.slide_height) == (SLIDE_WIDTH, SLIDE_HEIGHT)
    assert abs(deck.slide_width / 914400 - 13.333) < 0.001 and deck.slide_height / 914400 == 7.5
    return deck, deck.slides[0]


def paragraphs(slide) -> list[str]:
    """Every paragraph of the slide's text boxes and placeholders (not the tables)."""
    return [p.text for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs]


def table_cells(slide) -> list[list[str]]:
    (frame,) = [s for s in slide.shapes if s.has_table]
    return [[cell.text for cell in row.cells] for row in frame.table.rows]


def pictures(slide):
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def assert_laid_out(slide) -> None:
    """Every shape inside the slide, none overlapping another, text wrapped at projection sizes."""
    boxes = []
    for shape in slide.shapes:
        box = (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= SLIDE_WIDTH and box[3] <= SLIDE_HEIGHT, shape.name
        boxes.append((shape.name, box))
        frames = [shape.text_frame] if shape.has_text_frame else \
            [cell.text_frame for row in shape.table.rows for cell in row.cells] if shape.has_table else []
        for frame in frames:
            assert frame.word_wrap is True, shape.name
            minimum = Pt(28) if shape == slide.shapes.title else Pt(12)
            assert all(run.font.size >= minimum for p in frame.paragraphs for run in p.runs), shape.name
    for number, (name, (left, top, right, bottom)) in enumerate(boxes):
        for other, (left2, top2, right2, bottom2) in boxes[number + 1:]:
            assert min(right, right2) <= max(left, left2) or min(bottom, bottom2) <= max(top, top2), (name, other)


def test_overview_slide_carries_the_map_words_as_text(dataset, png):
    indicator = dataset.registry["eu"]
    deck, slide = only_slide(overview_slide_pptx(dataset, indicator, ALL, png))
    text = map_text(dataset, indicator, ALL)
    shown = paragraphs(slide)
    assert slide.shapes.title.text == text.title
    assert text.subtitle in shown and indicator_as_of(dataset, indicator) in text.subtitle
    assert text.source_line in shown
    assert dataset.content.text("notes.kosovo") in shown and set(text.notes) <= set(shown)
    assert dataset.content.text("presentation.as_of") in shown  # the table's dates, as presentation mode says
    assert deck.core_properties.title == text.title
    assert deck.core_properties.subject == dataset.content.text("brief.subject")
    assert not any(dataset.content.text("cite.export_line", title="") in p for p in shown)  # no citation passed
    assert speaker_notes(slide) == ""


def test_overview_table_is_native_with_short_labels_and_the_dashboard_values(dataset, png):
    chosen = ["RS", "AL", "XK"]  # rows follow the country table, as in the dashboard
    slide = only_slide(overview_slide_pptx(dataset, dataset.registry["projects"], chosen, png))[1]
    keys = [i.key for i in dataset.registry.in_place("headline")]
    cells = table_cells(slide)
    assert cells[0] == [dataset.content.text("table.country"), *(dataset.registry[k].short_label for k in keys)]
    expected = comparison_table(dataset, chosen, keys).drop(columns=dataset.content.text("table.code"))
    assert cells[1:] == [[str(v) for v in row] for row in expected.itertuples(index=False)]
    rows = {row[0]: row for row in cells[1:]}
    assert list(rows) == ["Albania", "Kosovo", "Serbia"]
    assert rows["Serbia"][-1] == "61" and rows["Kosovo"][1] == "potential candidate"


def test_picture_is_the_png_export_unchanged_at_its_own_aspect_ratio(dataset, png):
    slide = only_slide(overview_slide_pptx(dataset, dataset.registry["eu"], ALL, png))[1]
    (picture,) = pictures(slide)
    assert picture.image.blob == png and picture.image.content_type == "image/png"
    width_px, height_px = Image.open(io.BytesIO(png)).size
    assert abs(picture.width / picture.height - width_px / height_px) < 0.002
    assert picture._element.nvPicPr.cNvPr.get("descr").startswith(map_text(dataset, dataset.registry["eu"], ALL).title)


@pytest.mark.parametrize("key", ["eu", "cni", "projects_per_million", "share", "rank", "population"])
def test_overview_shapes_lie_inside_the_slide(dataset, png, citation, key):
    indicator = dataset.registry[key]
    for codes in (ALL, ["BA", "MK"]):
        assert_laid_out(only_slide(overview_slide_pptx(dataset, indicator, codes, png, citation=citation))[1])
        assert_laid_out(only_slide(overview_slide_pptx(dataset, indicator, codes, png))[1])


def test_history_view_says_where_the_statuses_come_from(dataset, png, citation):
    earlier = dataset_at(dataset, parse_month("2015-01"))
    slide = only_slide(overview_slide_pptx(earlier, earlier.registry["eu"], ALL, png, citation=citation))[1]
    shown = paragraphs(slide)
    assert set(map_text(earlier, earlier.registry["eu"], ALL).notes) <= set(shown)
    assert earlier.content.text("history.presentation_as_of", as_of=month_label(earlier.view_month)) in shown
    assert_laid_out(slide)


def test_the_longest_citation_still_leaves_everything_on_the_slide(dataset, png, long_citation):
    earlier = dataset_at(dataset, parse_month("2015-01"))
    assert len(long_citation.plain()) > 1000  # a dozen documents: too long for a slide, kept in the notes
    for codes in (ALL, ["AL"]):
        slide = only_slide(overview_slide_pptx(earlier, earlier.registry["nato"], codes, png, citation=long_citation))[1]
        assert_laid_out(slide)
        assert len(table_cells(slide)) == len(codes) + 1 and len(pictures(slide)) == 1
    for iso2 in ALL:
        slide = only_slide(country_slide_pptx(dataset, iso2, png, citation=long_citation))[1]
        assert_laid_out(slide)
        assert dataset.content.text("common.references") in paragraphs(slide)


def test_citation_line_and_its_link(dataset, png, citation):
    slide = only_slide(overview_slide_pptx(dataset, dataset.registry["eu"], ALL, png, citation=citation))[1]
    assert cite_line(dataset, citation) in paragraphs(slide)
    assert speaker_notes(slide) == dataset.content.text("cite.export_line", title=citation.plain())  # with sources
    links = [r.hyperlink.address for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs
             for r in p.runs if r.hyperlink.address]
    assert links == [URL]


@pytest.mark.parametrize("iso2", ALL)
def test_country_slide(dataset, citation, iso2):
    png = country_map_png(dataset, iso2)
    assert Image.open(io.BytesIO(png)).format == "PNG"
    deck, slide = only_slide(country_slide_pptx(dataset, iso2, png, citation=citation))
    content, name = dataset.content, str(dataset.country(iso2)["name"])
    title = content.text("profile.title", country=name)
    assert slide.shapes.title.text == title and deck.core_properties.title == title
    (picture,) = pictures(slide)
    assert picture.image.blob == png
    cells = table_cells(slide)
    assert cells[0] == [content.text(f"slides.col_{c}") for c in ("indicator", "value", "as_of", "reference")]
    items = headline(dataset, iso2)
    assert [row[:3] for row in cells[1:]] == [[i.label, i.value, i.as_of] for i in items]
    numbers = {row[3] for row in cells[1:]}
    shown = paragraphs(slide)
    assert content.text("common.references") in shown
    assert all(any(p.startswith(n) for p in shown) for n in numbers)  # each number resolves to a reference
    text = country_map_text(dataset, iso2)
    assert text.source_line in shown and set(text.notes) <= set(shown)
    assert (content.text("notes.kosovo") in shown) == (iso2 in KOSOVO_NOTE_CODES)
    assert cite_line(dataset, citation) in shown and citation.plain() in speaker_notes(slide)
    assert_laid_out(slide)


def test_kosovo_note_on_kosovo_and_serbia_only():
    assert set(KOSOVO_NOTE_CODES) == {"XK", "RS"}  # the maps that show Kosovo's border with Serbia


def hostile(dataset):
    countries = dataset.countries.copy()
    countries.loc[countries["iso2"] == "XK", "name"] = f"Kosovo {HOSTILE}"
    countries["eu_status"] = countries["eu_status"].cat.add_categories([f"<script>{HOSTILE}"])
    countries.loc[countries["iso2"] == "RS", "eu_status"] = f"<script>{HOSTILE}"
    return dataclasses.replace(dataset, countries=countries)


def test_data_text_survives_literally(dataset, png):
    edited = hostile(dataset)
    overview = overview_slide_pptx(edited, edited.registry["eu"], ["XK", "RS"], png)
    slide = only_slide(overview)[1]
    rows = {row[0]: row for row in table_cells(slide)[1:]}
    assert f"Kosovo {HOSTILE}" in rows and rows["Serbia"][1] == f"<script>{HOSTILE}"
    assert any(f"Kosovo {HOSTILE}" in p for p in paragraphs(slide))  # the subtitle names the selection
    country = country_slide_pptx(edited, "XK", png)
    slide = only_slide(country)[1]
    assert slide.shapes.title.text == edited.content.text("profile.title", country=f"Kosovo {HOSTILE}")
    serbia = table_cells(only_slide(country_slide_pptx(edited, "RS", png))[1])
    assert serbia[1][1] == f"<script>{HOSTILE}"  # the EU status row
    for data in (overview, country):
        xml = zipfile.ZipFile(io.BytesIO(data)).read("ppt/slides/slide1.xml").decode("utf-8")
        assert "&lt;b&gt;&amp;amp; &amp; &lt;/p:sp&gt;" in xml and "<b>" not in xml
