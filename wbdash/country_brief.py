"""A one-page PDF brief per country: indicators, a highlighted locator map, top facts and their references.

An HTML document laid out by WeasyPrint (country_brief.css): the text flows in its own boxes, so it can
never run into the map, which sits in a fixed-size grid cell inside the margins. The fonts are matplotlib's
own DejaVu Sans files, embedded as TrueType subsets (Cyrillic and Albanian letters, no system fonts, no
Type 3 glyphs); reference links are clickable; the PDF is tagged (structure tree, language, title) for
screen readers. The map is still drawn by matplotlib, as SVG with its labels kept as text.
"""

from __future__ import annotations

import base64
import html
import io
import re
import textwrap
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import geopandas as gpd
import matplotlib
import numpy as np
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from shapely.geometry import MultiPolygon, Point, box
from shapely.ops import polylabel
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from wbdash.bibliography import CitationRegistry
from wbdash.choropleth import HIGHLIGHT_FILL, OTHER_FOCUS_FILL
from wbdash.cite_view import ViewCitation
from wbdash.classes import CONTEXT_FILL, CONTEXT_LINE
from wbdash.dataset import Dataset
from wbdash.describe import KOSOVO_NOTE_CODES
from wbdash.fact_translations import IN_READER_LANGUAGE
from wbdash.figures import format_date
from wbdash.profile import PlaceMarker, country_facts, headline, place_markers
from wbdash.static_map import WEB_MERCATOR, fit_view, literal_text

TOP_FACTS = 8
PAGE_MARGIN_MM = 12  # all four sides; the tests check the map stays inside them
MAP_SIZE_MM = (62.0, 70.0)  # width, height of the locator map's cell
MM_PER_INCH = 25.4
FONT_FAMILY = "Brief Sans"  # a name no system font has: text can only be set in the files below
_FONT_FILES = {  # (weight, style) -> DejaVu Sans file shipped with matplotlib
    ("normal", "normal"): "DejaVuSans.ttf",
    ("bold", "normal"): "DejaVuSans-Bold.ttf",
    ("normal", "italic"): "DejaVuSans-Oblique.ttf",
}
_STYLESHEET = Path(__file__).with_name("country_brief.css")
_SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "wbdash-country-brief", "font.family": "sans-serif",
           "font.sans-serif": ["DejaVu Sans"]}
_LINKABLE_SCHEMES = ("http", "https")
_TEXT_PATHS = TextToPath()
_NUMBER = "\ue000"  # stands for a citation number inside a filled template until it becomes a link


def top_facts(dataset: Dataset, iso2: str, limit: int = TOP_FACTS):
    """The most recent facts, preferring those beyond the four indicator restatements."""
    facts = country_facts(dataset.facts, iso2)
    rest = facts[facts["category"] != "alignment"]
    chosen = rest if len(rest) >= limit else facts
    return chosen.sort_values("date", ascending=False).head(limit).sort_values("date")


# The locator map ---------------------------------------------------------------------------------------

def _text_size(text: str, size: float, weight: str = "normal") -> tuple[float, float]:
    """Width and height in points of (possibly multi-line) text in the map's font."""
    lines = text.split("\n")
    font = FontProperties(family="DejaVu Sans", size=size, weight=weight)
    width = max(_TEXT_PATHS.get_text_width_height_descent(line, font, ismath=False)[0] for line in lines)
    return width, size * 1.2 * len(lines)


_LABEL_OFFSETS = (  # points from the marker, in order of preference
    (4, 3, "left", "bottom"), (5, 0, "left", "center"), (4, -3, "left", "top"),
    (-4, 3, "right", "bottom"), (-5, 0, "right", "center"), (-4, -3, "right", "top"),
)


def _place_labels(axes, markers: list[PlaceMarker], xs, ys, frame, unit: float) -> list:
    """Each place's name beside its marker, on the first side where it overlaps no other name or marker and
    stays inside the frame (`unit`: map units per point). Returns the boxes taken, markers included."""
    taken = [box(x - 3 * unit, y - 3 * unit, x + 3 * unit, y + 3 * unit) for x, y in zip(xs, ys, strict=True)]
    names = []
    for marker, x, y in zip(markers, xs, ys, strict=True):
        width, height = (size * unit for size in _text_size(marker.place, 6.5))
        options = []
        for dx, dy, ha, va in _LABEL_OFFSETS:
            x0 = x + dx * unit - (width if ha == "right" else 0)
            y0 = y + dy * unit - {"top": height, "center": height / 2}.get(va, 0)
            area = box(x0, y0, x0 + width, y0 + height)
            clash = sum(area.intersection(other).area for other in taken + names) + area.difference(frame).area
            options.append((clash, (dx, dy, ha, va), area))
        clash, (dx, dy, ha, va), area = min(options, key=lambda option: option[0])  # first of the least clashing
        names.append(area)
        axes.annotate(marker.place, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=6.5, ha=ha, va=va,
                      zorder=6, annotation_clip=True, clip_on=True)
    return taken + names


def _name_spot(country, name_size: tuple[float, float], taken: list, frame) -> Point:
    """Where the country's name goes: inside its largest part, as near its middle as it can be while
    clear of the places' markers and names and inside the frame (name_size in map units)."""
    geometry = country.union_all()
    if isinstance(geometry, MultiPolygon):
        geometry = max(geometry.geoms, key=lambda part: part.area)
    centre = polylabel(geometry, tolerance=max(geometry.bounds[2] - geometry.bounds[0], 1.0) / 200)
    minx, miny, maxx, maxy = geometry.bounds
    grid = [Point(x, y) for x in np.linspace(minx, maxx, 15) for y in np.linspace(miny, maxy, 15)]
    candidates = [centre, *sorted((p for p in grid if geometry.contains(p)), key=centre.distance)]
    half_w, half_h = name_size[0] / 2, name_size[1] / 2

    def room(point: Point) -> float:
        area = box(point.x - half_w, point.y - half_h, point.x + half_w, point.y + half_h)
        if not frame.contains(area):
            return -1.0
        return min((area.distance(other) for other in taken), default=float("inf"))

    gap = min(half_w, half_h) / 3
    clear = [p for p in candidates if room(p) >= gap]
    return clear[0] if clear else max(candidates, key=room)


def draw_locator_map(axes, dataset: Dataset, iso2: str, markers: list[PlaceMarker]) -> None:
    countries = dataset.countries.to_crs(WEB_MERCATOR)
    country = countries[countries["iso2"] == iso2]
    minx, miny, maxx, maxy = country.total_bounds
    pad = max(maxx - minx, maxy - miny) * 0.35
    fit_view(axes, minx - pad, miny - pad, maxx + pad, maxy + pad)
    (left, right), (bottom, top) = axes.get_xlim(), axes.get_ylim()
    frame = box(left, bottom, right, top)

    def shown(layer):  # only what is inside the frame: a small SVG, and nothing drawn past the map's edge
        clipped = layer.geometry.clip_by_rect(left, bottom, right, top)
        return clipped[~clipped.is_empty]

    shown(dataset.context.to_crs(WEB_MERCATOR)).plot(ax=axes, color=CONTEXT_FILL, edgecolor=CONTEXT_LINE, linewidth=0.4)
    shown(countries[countries["iso2"] != iso2]).plot(ax=axes, color=OTHER_FOCUS_FILL, edgecolor="#555555", linewidth=0.5)
    shown(country).plot(ax=axes, color=HIGHLIGHT_FILL, alpha=0.6, edgecolor="#000000", linewidth=1.2)

    unit = (right - left) / (axes.get_position().width * axes.figure.get_size_inches()[0] * 72)  # map units per point
    taken = []
    if markers:
        points = gpd.GeoSeries(gpd.points_from_xy([m.longitude for m in markers], [m.latitude for m in markers]),
                               crs="EPSG:4326").to_crs(WEB_MERCATOR)
        axes.scatter(points.x, points.y, s=18, facecolor="white", edgecolor="#7a0019", zorder=5)
        taken = _place_labels(axes, markers, list(points.x), list(points.y), frame, unit)
    name = "\n".join(textwrap.wrap(_printable(str(dataset.country(iso2)["name"])), 16))
    if name:
        width, height = _text_size(name, 7.5, "bold")
        spot = _name_spot(country, (width * unit, height * unit), taken, frame)
        axes.text(spot.x, spot.y, name, fontsize=7.5, fontweight="bold", color="#0b2545", ha="center", va="center",
                  multialignment="center", zorder=7, clip_on=True,  # a box, not a path effect: that would draw it as a path
                  bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.75})
    axes.set_axis_off()


@literal_text
def _map_svg(dataset: Dataset, iso2: str, markers: list[PlaceMarker]) -> str:
    """The locator map as SVG, its labels as text in DejaVu Sans (set in the document's font)."""
    with matplotlib.rc_context(_SVG_RC):
        width, height = (size / MM_PER_INCH for size in MAP_SIZE_MM)
        figure = Figure(figsize=(width, height))  # not pyplot: nothing left in a global figure registry
        FigureCanvasSVG(figure)
        axes = figure.add_axes((0, 0, 1, 1))
        draw_locator_map(axes, dataset, iso2, markers)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue().decode("utf-8")
    # The font is named in the tags' style attributes only; data is text between tags, where matplotlib
    # escapes every "<" and ">", so no data can be mistaken for a tag.
    return re.sub(r"<[^<>]*>", lambda tag: tag.group(0).replace("'DejaVu Sans'", f"'{FONT_FAMILY}'"), svg)


# Text --------------------------------------------------------------------------------------------------

_CJK = "\u3000-\u9fff\uff00-\uffef"


def _printable(text: str, omitted: str = "") -> str:
    """The PDF's font has no CJK glyphs: name what is left out (`omitted`, e.g. "(Chinese-language title
    omitted)") rather than print empty boxes."""
    text = re.sub(rf"\s*\([^()]*[{_CJK}][^()]*\)", f" {omitted}" if omitted else "", text)
    return re.sub(rf"[{_CJK}]+", "", text)


def _esc(text: object, omitted: str = "") -> str:
    """Data text as HTML: printable in the font, every markup character escaped."""
    return html.escape(_printable(str(text), omitted))


def _link(url: str) -> str:
    """A clickable link for http(s) addresses; any other address stays plain text."""
    shown = _esc(url)
    if urlsplit(url).scheme.lower() not in _LINKABLE_SCHEMES:
        return shown
    return f'<a href="{html.escape(url, quote=True)}">{shown}</a>'


def _cited(text_with_number: str, number: int, omitted: str = "") -> str:
    """Escape a filled template and turn its citation number into a link to the reference, kept on the
    line of the word before it."""
    glued = re.sub(rf"\s+(\S*{_NUMBER})", "\u00a0\\1", text_with_number)
    return _esc(glued, omitted).replace(_NUMBER, f'<a href="#ref-{number}">{number}</a>')


# The document ------------------------------------------------------------------------------------------

def _document(dataset: Dataset, iso2: str, on: date | None, citation: ViewCitation | None) -> str:
    content = dataset.content
    omitted = content.text("brief.cjk_omitted")  # the font has no CJK glyphs: say what is left out

    def esc(text: object) -> str:
        return _esc(text, omitted)

    def cited(text_with_number: str, number: int) -> str:
        return _cited(text_with_number, number, omitted)

    country = dataset.country(iso2)
    registry = CitationRegistry(dataset.sources, dataset.content)
    title = content.text("brief.title", country=country["name"])

    rows = []
    for item in headline(dataset, iso2):
        number = registry.number(item.source_id, item.footnote)
        value = cited(content.text("brief.value", value=item.value, as_of=item.as_of, number=_NUMBER), number)
        detail = f'<p class="detail">{esc(item.detail)}</p>' if item.detail else ""
        rows.append(f'<tr><th scope="row">{esc(item.label)}</th><td><span class="value">{value}</span>{detail}</td></tr>')

    facts = []
    chosen_facts = top_facts(dataset, iso2)
    in_english = IN_READER_LANGUAGE in chosen_facts and not chosen_facts[IN_READER_LANGUAGE].all()
    facts_note = (f'<p class="note">{esc(content.text("language.english_facts", language=content.language_name))}</p>'
                  if in_english else "")
    for fact in chosen_facts.to_dict("records"):
        number = registry.number(fact["source_id"], fact["footnote"])
        statement = cited(f"{fact['statement']} [{_NUMBER}]", number)
        facts.append(f'<li><span class="date">{esc(format_date(fact["date"]))}</span>: {statement}</li>')

    # The map shows place names only, so their citations are not numbered on the page.
    markers = place_markers(country_facts(dataset.facts, iso2), dataset.places, CitationRegistry(dataset.sources, dataset.content))
    svg = base64.b64encode(_map_svg(dataset, iso2, markers).encode("utf-8")).decode("ascii")
    map_alt = content.text("profile.map_title", country=country["name"])

    references = [f'<li id="ref-{r.number}">[{r.number}] {esc(r.text)}{" " + _link(r.url) if r.url else ""}</li>'
                  for r in registry.references()]

    notes = [content.text("notes.boundaries")] + ([content.text("notes.kosovo")] if iso2 in KOSOVO_NOTE_CODES else [])
    generated = (on or date.today()).isoformat()
    footer = [f"<p>{esc(' '.join(notes))}</p>", f"<p>{esc(content.text('brief.footer', generated=generated))}</p>"]
    if citation is not None:
        line = esc(content.text("cite.export_line", title=citation.plain()))
        if citation.url and urlsplit(citation.url).scheme.lower() in _LINKABLE_SCHEMES:
            line = line.replace(esc(citation.url), _link(citation.url), 1)
        footer.append(f'<p class="cite">{line}</p>')

    width, height = MAP_SIZE_MM
    return f"""<!DOCTYPE html>
<html lang="{content.language.replace("_", "-")}">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<meta name="description" content="{esc(content.text("brief.subject"))}">
<meta name="generator" content="{esc(content.text("cite.dashboard"))}">
<meta name="dcterms.created" content="{generated}">
</head>
<body>
<header>
<h1>{esc(title)}</h1>
<p class="intro">{esc(content.text("brief.intro"))}</p>
</header>
<section class="overview">
<table class="headline">{"".join(rows)}</table>
<figure class="map"><img src="data:image/svg+xml;base64,{svg}" alt="{esc(map_alt)}"
 style="width: {width}mm; height: {height}mm"></figure>
</section>
<section class="facts">
<h2>{esc(content.text("brief.key_facts"))}</h2>
{facts_note}
<ul>{"".join(facts)}</ul>
</section>
<section class="references">
<h2>{esc(content.text("brief.references"))}</h2>
<ol>{"".join(references)}</ol>
</section>
<footer>{"".join(footer)}</footer>
</body>
</html>"""


def _font_urls() -> dict[tuple[str, str], str]:
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {face: (fonts / name).as_uri() for face, name in _FONT_FILES.items()}


def _stylesheet_text() -> str:
    faces = [f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: {style}; src: url("{url}"); }}'
             for (weight, style), url in _font_urls().items()]
    page = f"@page {{ size: A4; margin: {PAGE_MARGIN_MM}mm; }}\nhtml {{ font-family: \"{FONT_FAMILY}\"; }}"
    return "\n".join([*faces, page, _STYLESHEET.read_text(encoding="utf-8")])


class _LocalFetcher(URLFetcher):
    """Fetches the font files and inline data (the map) only: nothing from the network or other files."""

    def fetch(self, url, headers=None):
        if not (url.startswith("data:") or url in _font_urls().values()):
            raise ValueError(f"not fetched: {url[:80]}")
        return super().fetch(url, headers)


def country_brief_pdf(dataset: Dataset, iso2: str, on: date | None = None,
                      citation: ViewCitation | None = None) -> bytes:
    fetcher = _LocalFetcher()
    fonts = FontConfiguration()
    stylesheet = CSS(string=_stylesheet_text(), font_config=fonts, url_fetcher=fetcher)
    document = HTML(string=_document(dataset, iso2, on, citation), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts, pdf_tags=True)
