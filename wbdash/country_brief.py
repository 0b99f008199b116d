"""A one-page PDF brief per country: indicators, a highlighted map, top facts and their references.

Drawn with matplotlib (already used for the static maps) so no extra PDF toolkit is needed.
"""

from __future__ import annotations

import io
import re
import textwrap
from datetime import date

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402

from wbdash.bibliography import CitationRegistry  # noqa: E402
from wbdash.choropleth import HIGHLIGHT_FILL, OTHER_FOCUS_FILL  # noqa: E402
from wbdash.classes import CONTEXT_FILL, CONTEXT_LINE  # noqa: E402
from wbdash.dataset import Dataset  # noqa: E402
from wbdash.describe import BOUNDARY_NOTE, KOSOVO_NOTE  # noqa: E402
from wbdash.profile import country_facts, format_date, headline, place_markers  # noqa: E402
from wbdash.static_map import WEB_MERCATOR, fit_view  # noqa: E402

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
        for marker, point in zip(markers, points):
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


def country_brief_pdf(dataset: Dataset, iso2: str, on: date | None = None) -> bytes:
    country = dataset.country(iso2)
    registry = CitationRegistry(dataset.sources)
    figure = plt.figure(figsize=A4_INCHES)
    figure.text(0.07, 0.955, f"{country['name']}: country brief", fontsize=20, fontweight="bold", va="top")
    figure.text(0.07, 0.925, _wrapped(
        "EU, NATO and Clean Network Initiative status as of May 2023 (Security Tech Brief); Chinese projects "
        "BIRN 2021. Each statement is a summary in the project's own words; numbers refer to the references below.",
        105), fontsize=8.5, va="top", color="#333333")

    y = 0.875
    for item in headline(country):
        number = registry.number(item.source_id, item.footnote)
        figure.text(0.07, y, f"{item.label}:", fontsize=10, fontweight="bold", va="top")
        figure.text(0.33, y, f"{item.value}  (as of {item.as_of}) [{number}]", fontsize=10, va="top")
        y -= 0.022
        if item.detail:
            detail = _wrapped(item.detail, 48)
            figure.text(0.33, y, detail, fontsize=7.5, va="top", color="#444444")
            y -= 0.0125 * (detail.count("\n") + 1) + 0.004

    map_axes = figure.add_axes((0.64, 0.655, 0.31, 0.25))
    _draw_map(map_axes, dataset, iso2)

    y = min(y, 0.655) - 0.01
    figure.text(0.07, y, "Key facts", fontsize=13, fontweight="bold", va="top")
    y -= 0.028
    for fact in top_facts(dataset, iso2).to_dict("records"):
        number = registry.number(fact["source_id"], fact["footnote"])
        line = _wrapped(f"{format_date(fact['date'])}: {fact['statement']} [{number}]", 110)
        figure.text(0.07, y, line, fontsize=8, va="top")
        y -= 0.0125 * (line.count("\n") + 1) + 0.006

    y -= 0.008
    figure.text(0.07, y, "References", fontsize=11, fontweight="bold", va="top")
    y -= 0.022
    for reference in registry.references():
        line = _wrapped(f"[{reference.number}] {reference.text}" + (f" {reference.url}" if reference.url else ""), 135)
        figure.text(0.07, y, line, fontsize=6.5, va="top", color="#222222")
        y -= 0.0105 * (line.count("\n") + 1) + 0.003

    notes = [BOUNDARY_NOTE] + ([KOSOVO_NOTE] if iso2 in ("XK", "RS") else [])
    footer = _wrapped(" ".join(notes) + f" Generated {(on or date.today()).isoformat()} by the Western Balkans "
                      "comparison dashboard. Boundaries: Natural Earth (public domain); places: GeoNames (CC BY 4.0).", 140)
    figure.text(0.07, 0.02, footer, fontsize=6.5, va="bottom", color="#555555")

    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": f"{country['name']}: country brief", "Subject": "Western Balkans comparison"}) as pdf:
        pdf.savefig(figure)
    plt.close(figure)
    return buffer.getvalue()
