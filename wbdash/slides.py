"""Editable PowerPoint slides (python-pptx): the overview and each country profile, one 16:9 slide per file.

Every sentence comes from the content files or the data and is placed as text (python-pptx escapes it),
the map is a PNG embedded unchanged (for the overview: the dashboard's own PNG export), and the tables are
native PowerPoint tables, so a reader can restyle, translate or trim the slide. Boxes are sized from an
estimate of how many lines their text needs, so the text stays inside them at projection sizes.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pptx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.presentation import Presentation
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from wbdash.as_of import month_label
from wbdash.bibliography import CitationRegistry
from wbdash.cite_view import ViewCitation
from wbdash.country_brief import draw_locator_map
from wbdash.dataset import Dataset
from wbdash.describe import country_map_text, display_value, map_text
from wbdash.profile import country_facts, headline, place_markers
from wbdash.registry import Indicator
from wbdash.static_map import literal_text
from wbdash.table import comparison_table

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13.333 x 7.5 in, PowerPoint's 16:9
MARGIN, GAP = Inches(0.4), Inches(0.15)
TITLE_TOP, BOTTOM_MARGIN = Inches(0.3), Inches(0.25)
OVERVIEW_MAP_MAX_WIDTH = Inches(7.6)
OVERVIEW_WIDENING = (0, 1, 2, 3)  # inches taken from the map for the table when it does not fit, in turn
COUNTRY_COLUMN_WIDTHS = (Inches(6.2), Inches(7.0), Inches(7.8), Inches(8.6))  # the table's column, tried in turn
TITLE_PT, SUBTITLE_PT, TABLE_PT, BODY_PT = 32, 16, 14, 12
SECONDARY = RGBColor(0x33, 0x33, 0x33)
TITLE_ONLY_LAYOUT = 5  # in python-pptx's default template: a title placeholder and nothing else
# Line estimates: an average glyph width on the generous side (Arial-metric fonts average 0.42-0.50 em on
# this text and 0.56 em on digits, Calibri less; bold about 8% more) and PowerPoint's single line spacing.
CHAR_EM, BOLD_FACTOR, LINE_HEIGHT = 0.55, 1.08, 1.2
SHORT_CELL = 10  # characters: a cell this short is kept on one line
TEXT_INSET = (Inches(0.1), Inches(0.05))  # left/right and top/bottom insets of text boxes and table cells
# Drawn small and at a high resolution: the brief's map labels (6.5-7.5 pt) come out about 9 pt on the slide.
COUNTRY_MAP_INCHES, COUNTRY_MAP_DPI = (4.2, 3.2), 300


PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass(frozen=True)
class Para:
    text: str
    bold: bool = False
    link: str | None = None  # a URL inside `text` that becomes a hyperlink


def line_count(para: Para, width: int, size: int) -> int:
    """How many lines a paragraph wraps to in a box `width` EMU wide at `size` pt (an overestimate)."""
    glyph = Pt(size * CHAR_EM * (BOLD_FACTOR if para.bold else 1))
    return max(1, len(textwrap.wrap(para.text, max(1, int((width - 2 * TEXT_INSET[0]) / glyph)))))


def text_height(paragraphs: Sequence[Para], width: int, size: int) -> int:
    lines = sum(line_count(p, width, size) for p in paragraphs)
    return int(Pt(lines * size * LINE_HEIGHT)) + 2 * TEXT_INSET[1]


def _runs(frame_paragraph: Any, para: Para, size: int, color: RGBColor | None) -> None:
    """The paragraph's text as runs; the link, where it occurs in the text, as a hyperlinked run."""
    before, found, after = para.text.partition(para.link) if para.link else (para.text, "", "")
    for part, link in ((before, None), (found, para.link), (after, None)):
        if not part:
            continue
        run = frame_paragraph.add_run()
        run.text = part
        run.font.size, run.font.bold = Pt(size), para.bold
        if color is not None:
            run.font.color.rgb = color
        if link and link.startswith(("http://", "https://")):
            run.hyperlink.address = link


def _write(frame: TextFrame, paragraphs: Sequence[Para], size: int, color: RGBColor | None = None) -> None:
    frame.word_wrap = True
    frame.clear()
    for number, para in enumerate(paragraphs):
        target = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        target.alignment = PP_ALIGN.LEFT
        _runs(target, para, size, color)


def _fill(frame: TextFrame, paragraphs: Sequence[Para], size: int, color: RGBColor | None = None) -> None:
    """A text box's frame: fixed size (text never shrinks below its point size), wrapped, top-aligned."""
    frame.auto_size, frame.vertical_anchor = MSO_AUTO_SIZE.NONE, MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = TEXT_INSET[0]
    frame.margin_top = frame.margin_bottom = TEXT_INSET[1]
    _write(frame, paragraphs, size, color)


def add_text(slide: Slide, left: int, top: int, width: int, paragraphs: Sequence[Para], size: int,
             color: RGBColor | None = SECONDARY) -> Box:
    """A text box as tall as its text needs; returns where it went."""
    box = Box(left, top, width, text_height(paragraphs, width, size))
    _fill(slide.shapes.add_textbox(box.left, box.top, box.width, box.height).text_frame, paragraphs, size, color)
    return box


def _deck(dataset: Dataset, title: str, citation: ViewCitation | None) -> tuple[Presentation, Slide]:
    """A 16:9 deck with one title-only slide; the full citation (with its sources) in the speaker notes."""
    deck = pptx.Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    properties, content = deck.core_properties, dataset.content
    properties.title, properties.subject = title, content.text("brief.subject")
    properties.author = properties.last_modified_by = content.text("cite.dashboard")
    properties.revision = 1
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    if citation is not None:
        slide.notes_slide.notes_text_frame.text = content.text("cite.export_line", title=citation.plain())
    return deck, slide


def add_heading(slide: Slide, title: str, subtitle: str | None) -> int:
    """The title (a real title placeholder: outline view and screen readers find it) and the subtitle;
    returns the top of the space below them."""
    width, heading = SLIDE_WIDTH - 2 * MARGIN, [Para(title, bold=True)]
    placeholder = slide.shapes.title
    height = text_height(heading, width, TITLE_PT)
    placeholder.left, placeholder.top, placeholder.width, placeholder.height = MARGIN, TITLE_TOP, width, height
    _fill(placeholder.text_frame, heading, TITLE_PT, color=None)
    if subtitle is None:
        return TITLE_TOP + height + GAP
    return add_text(slide, MARGIN, TITLE_TOP + height, width, [Para(subtitle)], SUBTITLE_PT).bottom + GAP


def footer_blocks(dataset: Dataset, source_line: str, notes: Sequence[str],
                  citation: ViewCitation | None) -> list[list[Para]]:
    """Source line, notes and the citation's line: the view's title, link, dates and access date (its
    sources, which can run to a dozen documents, are in the speaker notes)."""
    blocks = [[Para(source_line)], [Para(note) for note in notes]]
    if citation is not None:
        line = dataset.content.text("slides.cite_line", title=citation.title, dashboard=citation.container,
                                    url=citation.url, data_as_of=citation.data_as_of, date=citation.accessed.isoformat())
        blocks.append([Para(dataset.content.text("cite.export_line", title=line), link=citation.url)])
    return blocks


def stack_top(blocks: Sequence[Sequence[Para]]) -> int:
    """Where full-width blocks stacked up from the bottom margin begin."""
    return SLIDE_HEIGHT - BOTTOM_MARGIN - sum(text_height(block, SLIDE_WIDTH - 2 * MARGIN, BODY_PT) for block in blocks)


def add_stack(slide: Slide, blocks: Sequence[Sequence[Para]]) -> None:
    top = stack_top(blocks)
    for block in blocks:
        top = add_text(slide, MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, block, BODY_PT).bottom


def one_line_width(text: str, size: int, bold: bool) -> int:
    """The width a cell needs to show `text` on one line (estimated, insets included)."""
    return int(Pt(len(text) * size * CHAR_EM * (BOLD_FACTOR if bold else 1))) + 2 * TEXT_INSET[0] + 1


def column_widths(rows: Sequence[Sequence[str]], width: int, size: int) -> list[int]:
    """As browsers lay out tables: each column at least as wide as its longest word (or its longest short
    cell: "May 2023" stays on one line), and the space left shared in proportion to how much more each
    needs to show its longest cell on one line."""
    columns = list(zip(*rows, strict=True))
    natural = [max(one_line_width(cell, size, n == 0) for n, cell in enumerate(c)) for c in columns]
    least = [max(one_line_width(word, size, n == 0) for n, cell in enumerate(c)
                 for word in ([cell] if len(cell) <= SHORT_CELL else cell.split() or [""])) for c in columns]
    spare, wanted = width - sum(least), [n - m for n, m in zip(natural, least, strict=True)]
    if sum(natural) <= width:  # every cell on one line: the slack shared out
        widths = [int(n * width / sum(natural)) for n in natural]
    elif spare <= 0:  # not even the longest words fit: all narrowed alike
        widths = [int(m * width / sum(least)) for m in least]
    else:
        widths = [m + int(spare * w / sum(wanted)) for m, w in zip(least, wanted, strict=True)]
    widths[-1] += width - sum(widths)
    return widths


def row_heights(rows: Sequence[Sequence[str]], width: int, size: int) -> list[int]:
    widths = column_widths(rows, width, size)
    return [max(text_height([Para(cell, bold=number == 0)], w, size) for cell, w in zip(row, widths, strict=True))
            for number, row in enumerate(rows)]


def add_table(slide: Slide, left: int, top: int, width: int, rows: Sequence[Sequence[str]], size: int) -> Box:
    """A native table, the first row its header; rows as tall as their longest cell needs."""
    widths, heights = column_widths(rows, width, size), row_heights(rows, width, size)
    table = slide.shapes.add_table(len(rows), len(widths), left, top, width, sum(heights)).table
    table.first_row = True
    for column, column_width in zip(table.columns, widths, strict=True):
        column.width = column_width
    for number, (row, row_height) in enumerate(zip(rows, heights, strict=True)):
        table.rows[number].height = row_height
        for cell, value in zip(table.rows[number].cells, row, strict=True):
            cell.margin_left = cell.margin_right = TEXT_INSET[0]
            cell.margin_top = cell.margin_bottom = TEXT_INSET[1]
            _write(cell.text_frame, [Para(value, bold=number == 0)], size)
    return Box(left, top, width, sum(heights))


def picture_size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        return image.size


def add_picture(slide: Slide, png: bytes, area: Box, description: str) -> Box:
    """The image, unchanged, as large as fits in `area` at its own aspect ratio (at the top, centred across);
    with alt text."""
    width_px, height_px = picture_size(png)
    scale = min(area.width / width_px, area.height / height_px)
    width, height = int(width_px * scale), int(height_px * scale)
    box = Box(area.left + (area.width - width) // 2, area.top, width, height)
    picture = slide.shapes.add_picture(io.BytesIO(png), box.left, box.top, box.width, box.height)
    picture._element.nvPicPr.cNvPr.set("descr", description)  # python-pptx has no API for alt text
    return box


def column_layout(widths: Sequence[int], fits: Callable[[int, int], bool]) -> tuple[int, int] | None:
    """The first column width and type size at which the column's content fits its height: the table's
    larger type first, then the body size, then a wider column (a smaller picture). None if none fits."""
    options = [(width, size) for width in widths for size in (TABLE_PT, BODY_PT)]
    return next((option for option in options if fits(*option)), None)


def table_height(rows: Sequence[Sequence[str]], width: int, size: int) -> int:
    return sum(row_heights(rows, width, size))


def table_beside_picture(rows: Sequence[Sequence[str]], below: list[Para], widths: Sequence[int],
                         blocks: list[list[Para]], top: int) -> tuple[int, int, list[Para]]:
    """Column width and type size for a table with `below` under it, beside the picture; when they cannot
    fit above the footer, `below` joins the footer (full width, fewer lines) and is returned empty."""
    height = stack_top(blocks) - GAP - top
    chosen = column_layout(widths, lambda w, s: table_height(rows, w, s) + GAP + text_height(below, w, BODY_PT) <= height)
    if chosen is not None:
        return *chosen, below
    blocks.insert(0, below)
    height = stack_top(blocks) - GAP - top
    return *(column_layout(widths, lambda w, s: table_height(rows, w, s) <= height) or (widths[-1], BODY_PT)), []


def _save(deck: Presentation) -> bytes:
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _cell(indicator: Indicator, value: object) -> str:
    """A table value as the dashboard shows it: words as written, numbers with the registry's decimals."""
    return value if isinstance(value, str) else display_value(indicator, value)


def presentation_rows(dataset: Dataset, codes: list[str]) -> list[list[str]]:
    """Presentation mode's table: a header of the headline indicators' short labels, a row per country."""
    indicators = dataset.registry.in_place("headline")
    table = comparison_table(dataset, codes, [i.key for i in indicators])
    header = [dataset.content.text("table.country"), *(i.short_label for i in indicators)]
    body = [[str(record[0]), *(_cell(i, v) for i, v in zip(indicators, record[2:], strict=True))]
            for record in table.itertuples(index=False)]
    return [header, *body]


def presentation_as_of(dataset: Dataset) -> str:
    if dataset.is_brief_view:
        return dataset.content.text("presentation.as_of")
    return dataset.content.text("history.presentation_as_of", as_of=month_label(dataset.view_month))


def overview_slide_pptx(dataset: Dataset, indicator: Indicator, shown_codes: list[str], png: bytes,
                        citation: ViewCitation | None = None) -> bytes:
    """The overview as one editable slide: the map PNG as exported, its words as text boxes, the table native."""
    codes = [code for code in dataset.countries["iso2"] if code in shown_codes] or list(dataset.countries["iso2"])
    text, rows = map_text(dataset, indicator, codes), presentation_rows(dataset, codes)
    deck, slide = _deck(dataset, text.title, citation)
    top = add_heading(slide, text.title, text.subtitle)
    blocks = footer_blocks(dataset, text.source_line, text.notes, citation)
    width_px, height_px = picture_size(png)
    natural = min(OVERVIEW_MAP_MAX_WIDTH, int((stack_top(blocks) - GAP - top) * width_px / height_px))
    widths = [SLIDE_WIDTH - 2 * MARGIN - 2 * GAP - natural + Inches(step) for step in OVERVIEW_WIDENING]
    width, size, caption = table_beside_picture(rows, [Para(presentation_as_of(dataset))], widths, blocks, top)
    map_width = SLIDE_WIDTH - 2 * MARGIN - 2 * GAP - width
    add_picture(slide, png, Box(MARGIN, top, map_width, stack_top(blocks) - GAP - top), "\n".join([text.title, text.subtitle]))
    table = add_table(slide, MARGIN + map_width + 2 * GAP, top, width, rows, size)
    if caption:
        add_text(slide, table.left, table.bottom + GAP, width, caption, BODY_PT)
    add_stack(slide, blocks)
    return _save(deck)


def headline_rows(dataset: Dataset, iso2: str, registry: CitationRegistry) -> list[list[str]]:
    """The profile's headline indicators: label, value, as-of date and reference number, under a header."""
    content = dataset.content
    header = [content.text(f"slides.col_{name}") for name in ("indicator", "value", "as_of", "reference")]
    return [header, *([item.label, item.value, item.as_of,
                       content.text("slides.reference_number", number=registry.number(item.source_id, item.footnote))]
                      for item in headline(dataset, iso2))]


def reference_lines(dataset: Dataset, registry: CitationRegistry) -> list[Para]:
    content = dataset.content
    return [Para(content.text("slides.reference_item_url", number=r.number, reference=r.text, url=r.url), link=r.url)
            if r.url else Para(content.text("slides.reference_item", number=r.number, reference=r.text))
            for r in registry.references()]


def country_slide_pptx(dataset: Dataset, iso2: str, png: bytes, citation: ViewCitation | None = None) -> bytes:
    """A country profile as one editable slide: headline indicators with references, the map, the notes."""
    content = dataset.content
    text = country_map_text(dataset, iso2)
    title = content.text("profile.title", country=str(dataset.country(iso2)["name"]))
    deck, slide = _deck(dataset, title, citation)
    top = add_heading(slide, title, None)
    blocks = footer_blocks(dataset, text.source_line, text.notes, citation)
    registry = CitationRegistry(dataset.sources, dataset.content)
    rows = headline_rows(dataset, iso2, registry)  # numbers the references first
    references = [Para(content.text("common.references"), bold=True), *reference_lines(dataset, registry)]
    width, size, references = table_beside_picture(rows, references, COUNTRY_COLUMN_WIDTHS, blocks, top)
    table = add_table(slide, MARGIN, top, width, rows, size)
    if references:
        add_text(slide, MARGIN, table.bottom + GAP, width, references, BODY_PT)
    left = MARGIN + width + 2 * GAP
    add_picture(slide, png, Box(left, top, SLIDE_WIDTH - MARGIN - left, stack_top(blocks) - GAP - top), text.title)
    add_stack(slide, blocks)
    return _save(deck)


@literal_text
def country_map_png(dataset: Dataset, iso2: str) -> bytes:
    """The country among its neighbours, with the places the sources name: the country brief's locator map
    as a PNG, for `country_slide_pptx` (the slide carries the title, source line and notes as text)."""
    figure = Figure(figsize=COUNTRY_MAP_INCHES, dpi=COUNTRY_MAP_DPI)  # not pyplot: no global registry
    FigureCanvasAgg(figure)
    figure.patch.set_facecolor("white")
    markers = place_markers(country_facts(dataset.facts, iso2), dataset.places, CitationRegistry(dataset.sources, dataset.content))
    draw_locator_map(figure.add_axes((0, 0, 1, 1)), dataset, iso2, markers)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=COUNTRY_MAP_DPI, facecolor="white")
    return buffer.getvalue()

