"""Publication-ready map images (PNG, SVG) drawn server-side with geopandas and matplotlib.

The classes and colours come from wbdash.classes, the same definition the interactive map uses,
so the image and the browser map never disagree.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from typing import Literal

import geopandas as gpd
import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from wbdash.choropleth import FOCUS_LINE
from wbdash.classes import CONTEXT_FILL, CONTEXT_LINE, Classification, LegendClass, classify
from wbdash.dataset import Dataset
from wbdash.describe import MapText, indicator_title
from wbdash.registry import Indicator

WEB_MERCATOR = "EPSG:3857"
BASE_SIZE_PX = (1920, 1080)
BASE_DPI = 100
MARGIN_M = 60_000  # metres of neighbours around the six


@dataclass(frozen=True)
class RenderedMap:
    data: bytes
    format: Literal["png", "svg"]
    legend: tuple[LegendClass, ...]
    width_px: int
    height_px: int
    sample_points_px: dict[str, tuple[int, int]]  # iso2 -> a pixel inside the country, clear of its label
    classification: Classification


def legend_entries(classification: Classification, text: MapText) -> tuple[LegendClass, ...]:
    entries = [LegendClass(f"{c.label} ({n})", c.color) for c, n in zip(classification.classes, classification.counts(), strict=False)]
    entries.append(LegendClass(text.no_data_label, classification.no_data_color))
    entries.append(LegendClass(text.context_label, CONTEXT_FILL))
    return tuple(entries)


def _sample_point(geometry: BaseGeometry, label_point: BaseGeometry, metres_per_px: float) -> BaseGeometry:
    """A point well inside the country and outside the band its label occupies, to check the fill."""
    minx, _, maxx, _ = geometry.bounds
    band = box(minx, label_point.y - 22 * metres_per_px, maxx, label_point.y + 22 * metres_per_px)
    inner = geometry.buffer(-6 * metres_per_px).difference(band)
    return (inner if not inner.is_empty else geometry).representative_point()


def fit_view(axes, minx: float, miny: float, maxx: float, maxy: float) -> None:
    """Show at least these bounds at equal scale, widening the shorter side to fill the axes' frame.

    Setting both limits and then aspect="equal" with adjustable="datalim" makes matplotlib drop one
    limit with a warning at every draw; widening the bounds to the frame's ratio first avoids that.
    """
    frame = axes.get_position()
    width_in, height_in = axes.figure.get_size_inches()
    frame_ratio = (frame.height * height_in) / (frame.width * width_in)
    centre_x, centre_y = (minx + maxx) / 2, (miny + maxy) / 2
    half_width, half_height = (maxx - minx) / 2, (maxy - miny) / 2
    if half_height / half_width < frame_ratio:
        half_height = half_width * frame_ratio
    else:
        half_width = half_height / frame_ratio
    axes.set_xlim(centre_x - half_width, centre_x + half_width)
    axes.set_ylim(centre_y - half_height, centre_y + half_height)
    axes.set_aspect("equal", adjustable="box")


# Data text is literal in every image: "$5 million and later $7 million" must not become TeX math.
# Text objects read these settings when created, so every drawing function runs inside them.
# In SVG, text stays text (not glyph outlines), so a briefer can edit the title or a label in the slide tool.
LITERAL_TEXT = {"text.parse_math": False, "text.usetex": False, "svg.fonttype": "none"}


def literal_text(function):
    """Run `function` with matplotlib's mathtext and TeX off."""
    return matplotlib.rc_context(LITERAL_TEXT)(function)  # rc_context is also a decorator


@literal_text
def render_map(
    dataset: Dataset,
    indicator: Indicator,
    text: MapText,
    selected: list[str] | None = None,
    image_format: Literal["png", "svg"] = "png",
    scale: int = 1,
) -> RenderedMap:
    """Draw the choropleth at 1920x1080 px (x `scale`) with title, legend, labels and source line."""
    countries, context = dataset.countries, dataset.context
    selected_codes = set(countries["iso2"]) if selected is None else set(selected)
    shown = countries[countries["iso2"].isin(selected_codes)]
    unselected = countries[~countries["iso2"].isin(selected_codes)]
    classification = classify(indicator, shown)

    focus = shown.to_crs(WEB_MERCATOR)
    background = gpd.GeoDataFrame(
        geometry=[*context.to_crs(WEB_MERCATOR).geometry, *unselected.to_crs(WEB_MERCATOR).geometry],
        crs=WEB_MERCATOR,
    )
    everything = countries.to_crs(WEB_MERCATOR)

    dpi = BASE_DPI * scale
    # A plain Figure, not pyplot: no global figure registry to leak renders into.
    figure = Figure(figsize=(BASE_SIZE_PX[0] / BASE_DPI, BASE_SIZE_PX[1] / BASE_DPI), dpi=dpi)
    FigureCanvasAgg(figure)
    figure.patch.set_facecolor("white")
    axes = figure.add_axes((0.02, 0.13, 0.63, 0.71))
    axes.set_axis_off()
    background.plot(ax=axes, color=CONTEXT_FILL, edgecolor=CONTEXT_LINE, linewidth=0.6)
    focus.plot(ax=axes, color=[classification.color_of(c) for c in focus["iso2"]], edgecolor=FOCUS_LINE,
               linewidth=1.0)
    minx, miny, maxx, maxy = everything.total_bounds
    fit_view(axes, minx - MARGIN_M, miny - MARGIN_M / 2, maxx + MARGIN_M, maxy + MARGIN_M / 2)

    label_points = {}
    for code, name, geometry in zip(everything["iso2"], everything["name"], everything.geometry, strict=False):
        point = geometry.representative_point()
        label_points[code] = point
        # A halo (path effect) turns SVG text into outlines; in SVG a light box keeps the label legible and editable.
        as_text = image_format == "svg"
        axes.annotate(str(name), (point.x, point.y), ha="center", va="center", fontsize=13, fontweight="bold",
                      color="#111111", path_effects=[] if as_text else [_halo()],
                      bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}
                      if as_text else None)

    figure.text(0.02, 0.955, text.title, fontsize=30, fontweight="bold", va="top")
    figure.text(0.02, 0.895, "\n".join(textwrap.wrap(text.subtitle, 150)), fontsize=15, va="top", color="#333333")
    footer = "\n".join([*textwrap.wrap(text.source_line, 190), *[line for n in text.notes for line in textwrap.wrap(n, 190)]])
    figure.text(0.02, 0.015, footer, fontsize=11.5, va="bottom", color="#333333")

    entries = legend_entries(classification, text)
    legend_title = indicator_title(dataset, indicator)
    figure.legend(
        handles=[Patch(facecolor=e.color, edgecolor="#555555", label=e.label) for e in entries],
        loc="upper left", bbox_to_anchor=(0.67, 0.84), frameon=False, fontsize=15,
        title="\n".join(textwrap.wrap(legend_title, 34)), title_fontsize=16, alignment="left",
    )

    figure.canvas.draw()
    width_px, height_px = figure.canvas.get_width_height()
    samples = {}
    x_low, x_high = axes.get_xlim()
    metres_per_px = (x_high - x_low) / axes.get_window_extent().width
    for code, geometry in zip(focus["iso2"], focus.geometry, strict=False):
        point = _sample_point(geometry, label_points[code], metres_per_px)
        x, y = axes.transData.transform((point.x, point.y))
        samples[code] = (int(round(x)), int(round(height_px - y)))

    buffer = io.BytesIO()
    figure.savefig(buffer, format=image_format, dpi=dpi, facecolor="white", metadata={"Title": text.title})
    return RenderedMap(buffer.getvalue(), image_format, entries, width_px, height_px, samples, classification)


def _halo():
    from matplotlib import patheffects

    return patheffects.withStroke(linewidth=3, foreground="white")
