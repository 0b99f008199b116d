"""A one-page PDF brief per country: indicators, a highlighted map, top facts and their references.

Drawn with matplotlib (already used for the static maps) so no extra PDF toolkit is needed.
"""

from __future__ import annotations

import io
import re
import textwrap
from datetime import date

import geopandas as gpd
from matplotlib.backends.backend_pdf import FigureCanvasPdf, PdfPages
from matplotlib.figure import Figure

from wbdash.bibliography import CitationRegistry
from wbdash.choropleth import HIGHLIGHT_FILL, OTHER_FOCUS_FILL
from wbdash.cite_view import ViewCitation
from wbdash.classes import CONTEXT_FILL, CONTEXT_LINE
from wbdash.dataset import Dataset
from wbdash.describe import KOSOVO_NOTE_CODES
from wbdash.figures import format_date
from wbdash.profile import country_facts, headline, place_markers
from wbdash.static_map import WEB_MERCATOR, fit_view, literal_text

A4_INCHES = (8.27, 11.69)
TOP_FACTS = 8


def top_facts(dataset: Dataset, iso2: str, limit: int = TOP_FACTS):
    """The most recent facts, preferring those beyond the four indicator restatements."""
    facts = country_facts(dataset.facts, iso2)
    rest = facts[facts["category"] != "alignment"]
    chosen = rest if len(rest) >= limit else facts
    return chosen.sort_values("date", ascending=False).head(limit).sort_values("date")


def _draw_map(axes, dataset: Dataset, iso2: str) -> None:
    countries = dataset.countries.to_crs(WEB_MERCATOR)
    context = dataset.context.to_crs(WEB_MERCATOR)
    context.plot(ax=axes, color=CONTEXT_FILL, edgecolor=CONTEXT_LINE, linewidth=0.4)
    others = countries[countries["iso2"] != iso2]
    country = countries[countries["iso2"] == iso2]
    others.plot(ax=axes, color=OTHER_FOCUS_FILL, edgecolor="#555555", linewidth=0.5)
    country.plot(ax=axes, color=HIGHLIGHT_FILL, alpha=0.6, edgecolor="#000000", linewidth=1.2)
    # The map shows place names only, so their citations are not numbered on the page.
    markers = place_markers(country_facts(dataset.facts, iso2), dataset.places, CitationRegistry(dataset.sources))
    if markers:
        points = gpd.GeoSeries(gpd.points_from_xy([m.longitude for m in markers], [m.latitude for m in markers]),
                               crs="EPSG:4326").to_crs(WEB_MERCATOR)
        axes.scatter(points.x, points.y, s=18, facecolor="white", edgecolor="#7a0019", zorder=5)
        for marker, point in zip(markers, points, strict=False):
            axes.annotate(marker.place, (point.x, point.y), xytext=(4, 3), textcoords="offset points", fontsize=6.5)
    minx, miny, maxx, maxy = country.total_bounds
    pad = max(maxx - minx, maxy - miny) * 0.35
    fit_view(axes, minx - pad, miny - pad, maxx + pad, maxy + pad)
    axes.set_axis_off()


_CJK = "\u3000-\u9fff\uff00-\uffef"


def _printable(text: str) -> str:
    """The PDF's font has no CJK glyphs: name what is left out rather than print empty boxes."""
    text = re.sub(rf"\s*\([^()]*[{_CJK}][^()]*\)", " (Chinese-language title omitted)", text)
    return re.sub(rf"[{_CJK}]+", "", text)


def _wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(_printable(text), width))


@literal_text
def country_brief_pdf(dataset: Dataset, iso2: str, on: date | None = None,
                      citation: ViewCitation | None = None) -> bytes:
    country = dataset.country(iso2)
    content = dataset.content
    registry = CitationRegistry(dataset.sources)
    figure = Figure(figsize=A4_INCHES)  # not pyplot: nothing left in a global figure registry
    FigureCanvasPdf(figure)
    title = content.text("brief.title", country=country["name"])
    figure.text(0.07, 0.955, title, fontsize=20, fontweight="bold", va="top")
    figure.text(0.07, 0.925, _wrapped(content.text("brief.intro"), 105), fontsize=8.5, va="top", color="#333333")

    y = 0.875
    for item in headline(dataset, iso2):
        number = registry.number(item.source_id, item.footnote)
        figure.text(0.07, y, f"{item.label}:", fontsize=10, fontweight="bold", va="top")
        figure.text(0.33, y, content.text("brief.value", value=item.value, as_of=item.as_of, number=number),
                    fontsize=10, va="top")
        y -= 0.022
        if item.detail:
            detail = _wrapped(item.detail, 48)
            figure.text(0.33, y, detail, fontsize=7.5, va="top", color="#444444")
            y -= 0.0125 * (detail.count("\n") + 1) + 0.004

    map_axes = figure.add_axes((0.64, 0.655, 0.31, 0.25))
    _draw_map(map_axes, dataset, iso2)

    y = min(y, 0.655) - 0.01
    figure.text(0.07, y, content.text("brief.key_facts"), fontsize=13, fontweight="bold", va="top")
    y -= 0.028
    for fact in top_facts(dataset, iso2).to_dict("records"):
        number = registry.number(fact["source_id"], fact["footnote"])
        line = _wrapped(f"{format_date(fact['date'])}: {fact['statement']} [{number}]", 110)
        figure.text(0.07, y, line, fontsize=8, va="top")
        y -= 0.0125 * (line.count("\n") + 1) + 0.006

    y -= 0.008
    figure.text(0.07, y, content.text("brief.references"), fontsize=11, fontweight="bold", va="top")
    y -= 0.022
    for reference in registry.references():
        line = _wrapped(f"[{reference.number}] {reference.text}" + (f" {reference.url}" if reference.url else ""), 135)
        figure.text(0.07, y, line, fontsize=6.5, va="top", color="#222222")
        y -= 0.0105 * (line.count("\n") + 1) + 0.003

    notes = [content.text("notes.boundaries")] + ([content.text("notes.kosovo")] if iso2 in KOSOVO_NOTE_CODES else [])
    cite = [content.text("cite.export_line", title=citation.plain())] if citation is not None else []
    footer = _wrapped(" ".join([*notes, content.text("brief.footer", generated=(on or date.today()).isoformat()),
                                *cite]), 140)
    figure.text(0.07, 0.02, footer, fontsize=6.5, va="bottom", color="#555555")

    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": title, "Subject": content.text("brief.subject")}) as pdf:
        pdf.savefig(figure)
    return buffer.getvalue()
