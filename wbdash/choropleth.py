"""Build the choropleth as a plain folium.Map: no Streamlit here, so it is tested as an object.

Everything that comes from data is HTML-escaped before it reaches the map, because folium's
tooltips, popups and controls insert strings as raw HTML.
"""

from __future__ import annotations

import json
from html import escape

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement
from folium.utilities import JsCode
from jinja2 import Template

from wbdash.classes import CONTEXT_FILL, CONTEXT_LINE, Classification, classify
from wbdash.content import Content
from wbdash.dataset import Dataset
from wbdash.describe import MapText, display_value, indicator_title, labelled
from wbdash.map_layout import PANELS_CHANGED, FitClearOfPanels, PlaceLabels, edge_fade
from wbdash.registry import Indicator
from wbdash.web_assets import LEAFLET_CSS, LEAFLET_IMAGES, LEAFLET_JS

FOCUS_LAYER = "Western Balkan countries"
CONTEXT_LAYER = "Neighbouring countries"
# Everything that changes with the view (indicator, selection, highlight) sits in one layer group
# with this name; the rest of the map is the same for every view, so the page can keep the map
# and swap only this group (see wbdash/app/maps.py).
VIEW_LAYER = "Current view"
FOCUS_LINE = "#333333"
HIGHLIGHT_LINE = "#000000"


class _HtmlControl(MacroElement):
    """A plain-HTML panel (title, legend, source line) drawn inside the map frame.

    It is a Leaflet layer that adds its control when added and removes it when removed, so that
    it can live in the view layer group below and be swapped together with the polygons.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new (L.Layer.extend({
            onAdd: function (map) {
                var control = this._control = L.control({position: {{ this.position|tojson }}});
                control.onAdd = function () {
                    var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
                    div.innerHTML = {{ this.html|tojson }};
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    return div;
                };
                control.addTo(map);
                map.fire({{ this.event|tojson }});
            },
            onRemove: function (map) {
                map.removeControl(this._control);
            }
        }))();
        {{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str, css_class: str):
        super().__init__()
        self._name = "HtmlControl"
        self.html = html
        self.position = position
        self.css_class = css_class
        self.event = PANELS_CHANGED


class _LocalAssets(MacroElement):
    """Point Leaflet's default marker images at the locally served copy."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.image_path|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, image_path: str):
        super().__init__()
        self.image_path = image_path


# Keyboard use of the map: the grey neighbours keep their hover names but leave the Tab order, and Enter
# or Space on a focused country selects it as a click does.
OUT_OF_TAB_ORDER = JsCode("""
function (feature, layer) {
    layer.on('add', function () { var path = layer.getElement(); if (path) { path.setAttribute('tabindex', '-1'); } });
}
""")
KEYBOARD_SELECTS = JsCode("""
function (feature, layer) {
    layer.on('add', function () {
        var path = layer.getElement();
        if (!path) { return; }
        path.setAttribute('tabindex', '0');
        path.setAttribute('role', 'button');
        path.addEventListener('keydown', function (event) {
            if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                layer.fire('click', {latlng: layer.getBounds().getCenter(), layer: layer, originalEvent: event}, true);
            }
        });
    });
}
""")


class _ZoomButtons(MacroElement):
    """Leaflet's zoom buttons with their titles (tooltip and accessible name) in the reader's language:
    folium's own zoom_control has no option for them, Leaflet's L.control.zoom does."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.zoom({position: "topright", zoomInTitle: {{ this.zoom_in|tojson }},
                        zoomOutTitle: {{ this.zoom_out|tojson }}}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, zoom_in: str, zoom_out: str) -> None:
        super().__init__()
        self._name = "ZoomButtons"
        self.zoom_in, self.zoom_out = zoom_in, zoom_out


def add_zoom_buttons(folium_map: folium.Map, content: Content) -> None:
    _ZoomButtons(content.text("map.zoom_in"), content.text("map.zoom_out")).add_to(folium_map)


class _FocusWithoutScrolling(MacroElement):
    """Focus the map on mousedown without scrolling the page.

    Leaflet focuses the map container (for keyboard panning) on the first mousedown. When the map is
    partly below the fold, the browser then scrolls the Streamlit page to show it, between mousedown
    and mouseup, so the first click on a country lands elsewhere and selects nothing. Focusing it
    first with preventScroll keeps keyboard use and makes the first click count.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var container = {{ this._parent.get_name() }}.getContainer();
            container.addEventListener('mousedown', function () {
                if (document.activeElement !== container) { container.focus({preventScroll: true}); }
            }, true);
        })();
        {% endmacro %}
        """
    )


_STYLE = """
<style>
:root {--wb-text: 13px; --wb-label: 12px;}
.leaflet-container {background: #ffffff;}
/* A clicked country keeps focus; the browser's focus box around it only belongs to keyboard use, and then it
   follows the country's outline instead of drawing a rectangle across the map. */
.leaflet-interactive:focus {outline: none;}
.leaflet-interactive:focus-visible {stroke: #0b57d0; stroke-width: 4px; stroke-opacity: 1;}
.wb-panel {background: rgba(255,255,255,0.94); padding: 0.45em 0.7em; border-radius: 4px;
  box-shadow: 0 0 3px rgba(0,0,0,0.35); font: var(--wb-text)/1.35 "Helvetica Neue", Arial, sans-serif; color: #1a1a1a;}
/* Room for the zoom buttons on the right, however narrow the map. */
.wb-title {max-width: min(40em, calc(100vw - 70px));}
.wb-title h2 {font-size: 1.3em; margin: 0 0 2px 0; font-weight: 700;}
.wb-title p {margin: 0; color: #333; font-size: 0.92em;}
.wb-source {max-width: min(50em, calc(100vw - 22em)); font-size: 0.8em; color: #333;}
/* On a narrow map the source box would become a tall column over the countries: the page shows the
   same source line and notes under the map instead. */
@media (max-width: 640px) {.wb-source-panel {display: none;}}
.wb-legend h3 {font-size: 1em; margin: 0 0 0.3em 0;}
.wb-legend .row {display: flex; align-items: center; margin: 0.15em 0;}
.wb-legend .swatch {width: 1.4em; height: 0.9em; border: 1px solid #555; margin-right: 0.45em; flex: none;}
.wb-label {font: 600 var(--wb-label) Arial, sans-serif; color: #111;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; white-space: nowrap; pointer-events: none;}
/* --dx/--dy: the shift chosen by the label placement (wbdash/map_layout.py) to avoid other labels. */
.wb-label span {display: inline-block; transform: translate(calc(-50% + var(--dx, 0px)), calc(-50% + var(--dy, 0px)));}
.wb-label.wb-place span {transform: translate(var(--dx, 0px), calc(-50% + var(--dy, 0px)));}
.wb-label[data-wb-hidden] {visibility: hidden;}
.wb-tooltip table td {padding: 1px 4px;}
</style>
"""

# Presentation mode: the map's own text grows with the frame (the iframe's viewport), as the page's does.
_PRESENTATION_STYLE = """
<style>
:root {--wb-text: clamp(13px, calc(0.55vw + 0.95vh), 40px); --wb-label: clamp(12px, calc(0.5vw + 0.85vh), 36px);}
/* The page sizes the map's frame from the window (wbdash/app/presentation.py); the map fills the frame
   (#map_div: streamlit-folium's own map element). */
#map_div, .folium-map {height: 100vh !important;}
.leaflet-control-zoom a {width: calc(2.2 * var(--wb-text)) !important; height: calc(2.2 * var(--wb-text)) !important;
  line-height: calc(2.2 * var(--wb-text)) !important; font-size: calc(1.6 * var(--wb-text)) !important;}
</style>
"""


def localise_assets(folium_map: folium.Map) -> folium.Map:
    """Replace folium's CDN asset list with the copies served by the app itself.

    Only Leaflet: folium also lists jQuery and Bootstrap, but none of the elements these maps use calls
    them (tests/test_choropleth.py checks the rendered maps), and each extra script delays the map.
    """
    folium_map.default_js = [("leaflet", LEAFLET_JS)]
    folium_map.default_css = [("leaflet_css", LEAFLET_CSS)]
    _LocalAssets(LEAFLET_IMAGES).add_to(folium_map)
    return folium_map


# Coordinates sent to the browser, in decimal places of a degree: 3 (about 100 m) for the grey neighbours and
# 4 (about 10 m) for the six, both well under a pixel at the maps' zooms. Shorter numbers make the map's
# websocket frame a fifth smaller.
CONTEXT_DECIMALS = 3
FOCUS_DECIMALS = 4


def geojson(frame: gpd.GeoDataFrame, decimals: int) -> dict:
    """The frame as a GeoJSON dict, its coordinates rounded to `decimals`."""
    rounded = frame.set_geometry(shapely.transform(frame.geometry.values, lambda xy: np.round(xy, decimals)))
    return json.loads(rounded.to_json())


def _frame(context: gpd.GeoDataFrame) -> list[list[float]]:
    """The extent of the neighbouring countries' layer, as Leaflet bounds: beyond it the map is blank."""
    minx, miny, maxx, maxy = context.total_bounds
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]


def legend_html(classification: Classification, title: str, text: MapText, include_context: bool = True) -> str:
    rows = [f'<h3>{escape(title)}</h3>']
    for legend_class, count in zip(classification.classes, classification.counts(), strict=False):
        rows.append(
            f'<div class="row"><span class="swatch" style="background:{legend_class.color}"></span>'
            f"{escape(legend_class.label)} <span style=\"color:#555\">&nbsp;({count})</span></div>"
        )
    rows.append(
        f'<div class="row"><span class="swatch" style="background:{classification.no_data_color}"></span>'
        f"{escape(text.no_data_label)}</div>"
    )
    if include_context:
        rows.append(
            f'<div class="row"><span class="swatch" style="background:{CONTEXT_FILL};border-color:{CONTEXT_LINE}">'
            f"</span>{escape(text.context_label)}</div>"
        )
    return '<div class="wb-legend">' + "".join(rows) + "</div>"


# folium.Tooltip puts its text in a JavaScript template literal (bindTooltip(`...`)); html.escape
# leaves these characters alone, so they are written as HTML entities too.
_TEMPLATE_LITERAL_ENTITIES = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})


def escape_for_tooltip(text: object) -> str:
    """HTML-escaped text that is also inert inside a JavaScript template literal."""
    return escape(str(text)).translate(_TEMPLATE_LITERAL_ENTITIES)


def tooltip_columns(dataset: Dataset, countries: gpd.GeoDataFrame) -> list[tuple[str, str, list[str]]]:
    """(field, alias, escaped values) for the country name and each indicator the registry puts in tooltips."""
    columns = [("tt_name", dataset.content.text("map.tooltip_country"), [escape(str(n)) for n in countries["name"]])]
    for indicator in dataset.registry.in_place("tooltip"):
        values = [escape(display_value(indicator, v)) for v in countries[indicator.value_column]]
        columns.append((f"tt_{indicator.key}", labelled(dataset, indicator, short=True), values))
    return columns


def build_map(
    dataset: Dataset,
    indicator: Indicator,
    text: MapText,
    selected: list[str] | None = None,
    highlighted: str | None = None,
    online_basemap: bool = False,
    height_px: int = 560,
    presentation: bool = False,
    source_box: bool = True,
) -> folium.Map:
    """The choropleth of `indicator` for the selected countries (iso2); others are drawn as context.

    `presentation`: the map fills its frame and its text grows with the frame (presentation mode).
    `source_box`: False when the page shows the source line and notes beside the map instead.
    """
    countries, context = dataset.countries, dataset.context
    selected_codes = set(countries["iso2"]) if selected is None else set(selected)
    shown = countries[countries["iso2"].isin(selected_codes)]
    unselected = countries[~countries["iso2"].isin(selected_codes)]
    classification = classify(indicator, shown)

    minx, miny, maxx, maxy = countries.total_bounds
    folium_map = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=7,
        tiles=None,
        zoom_snap=0.25,
        zoom_control=False,  # added below, with titles in the reader's language
        control_scale=True,
        height="100%" if presentation else height_px,
        attribution_control=online_basemap,  # without tiles, only a link to Leaflet's site: one Tab stop less
    )
    localise_assets(folium_map)
    add_zoom_buttons(folium_map, dataset.content)
    if online_basemap:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)").add_to(folium_map)
    folium_map.get_root().header.add_child(folium.Element(_STYLE))
    if presentation:
        folium_map.get_root().header.add_child(folium.Element(_PRESENTATION_STYLE))
    view = folium.FeatureGroup(name=VIEW_LAYER, control=False).add_to(folium_map)

    background = gpd.GeoDataFrame(
        {"name": [*context["name"], *unselected["name"]]},
        geometry=[*context.geometry, *unselected.geometry],
        crs=countries.crs,
    )
    background["name"] = background["name"].map(lambda value: escape(str(value)))
    folium.GeoJson(
        geojson(background, CONTEXT_DECIMALS),
        name=CONTEXT_LAYER,
        style_function=lambda _: {"fillColor": CONTEXT_FILL, "color": CONTEXT_LINE, "weight": 0.8, "fillOpacity": 1},
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        control=False,
        on_each_feature=OUT_OF_TAB_ORDER,
    ).add_to(view)
    edge_fade(_frame(context)).add_to(view)

    focus = shown[["iso2", "geometry"]].copy()
    focus["fill"] = [classification.color_of(code) for code in focus["iso2"]]
    focus["class_label"] = [escape(classification.label_of(code) or text.no_data_label) for code in focus["iso2"]]
    tooltip = tooltip_columns(dataset, shown)
    for field, _, values in tooltip:
        focus[field] = values
    focus["highlighted"] = focus["iso2"] == highlighted
    folium.GeoJson(
        geojson(focus, FOCUS_DECIMALS),
        name=FOCUS_LAYER,
        style_function=lambda feature: {
            "fillColor": feature["properties"]["fill"],
            "color": HIGHLIGHT_LINE if feature["properties"]["highlighted"] else FOCUS_LINE,
            "weight": 3 if feature["properties"]["highlighted"] else 1.2,
            "fillOpacity": 0.92,
        },
        highlight_function=lambda _: {"weight": 3, "color": HIGHLIGHT_LINE},
        tooltip=folium.GeoJsonTooltip(
            fields=[field for field, _, _ in tooltip], aliases=[escape(alias) for _, alias, _ in tooltip],
            class_name="wb-tooltip",
        ),
        control=False,
        on_each_feature=KEYBOARD_SELECTS,
    ).add_to(view)

    for record in countries.to_dict("records"):
        point = record["geometry"].representative_point()
        folium.Marker(
            location=[point.y, point.x],
            icon=folium.DivIcon(
                html=f'<div class="wb-label"><span>{escape(str(record["name"]))}</span></div>',
                icon_size=(0, 0),
                class_name="wb-label-icon",
            ),
            interactive=False,
            keyboard=False,  # a label is not a control: out of the Tab order
        ).add_to(view)

    title_html = (
        f'<div class="wb-title"><h2>{escape(text.title)}</h2><p>{escape(text.subtitle)}</p></div>'
    )
    source_html = '<div class="wb-source">' + escape(text.source_line) + "".join(
        f"<br>{escape(note)}" for note in text.notes
    ) + "</div>"
    _HtmlControl(title_html, "topleft", "wb-panel wb-title-panel").add_to(view)
    legend = legend_html(classification, indicator_title(dataset, indicator), text)
    _HtmlControl(legend, "bottomright", "wb-panel wb-legend-panel").add_to(view)
    if source_box:
        _HtmlControl(source_html, "bottomleft", "wb-panel wb-source-panel").add_to(view)

    FitClearOfPanels([[float(miny), float(minx)], [float(maxy), float(maxx)]], _frame(context)).add_to(folium_map)
    PlaceLabels().add_to(folium_map)
    _FocusWithoutScrolling().add_to(folium_map)
    return folium_map


HIGHLIGHT_FILL = "#2b6cb0"
OTHER_FOCUS_FILL = "#dcdcd6"


def _named_layer(frame: gpd.GeoDataFrame, name: str, style: dict[str, object], decimals: int) -> folium.GeoJson:
    """One uniformly styled layer whose tooltip shows each feature's (escaped) name."""
    properties = {"name": [escape(str(n)) for n in frame["name"]]}
    if "iso2" in frame.columns:
        properties["iso2"] = list(frame["iso2"])
    layer = gpd.GeoDataFrame(properties, geometry=list(frame.geometry), crs=frame.crs)
    return folium.GeoJson(
        geojson(layer, decimals), name=name, style_function=lambda _: style,
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False), control=False,
    )


def build_locator_map(
    dataset: Dataset,
    iso2: str,
    text: MapText,
    markers: list | None = None,
    height_px: int = 460,
) -> folium.Map:
    """A small map: one country highlighted among its neighbours, with the places the sources name.

    `markers` are wbdash.profile.PlaceMarker objects (place, latitude, longitude, events).
    """
    countries, context = dataset.countries, dataset.context
    country = countries[countries["iso2"] == iso2]
    if country.empty:
        raise ValueError(f"unknown country code {iso2!r}")
    others = countries[countries["iso2"] != iso2]
    minx, miny, maxx, maxy = country.total_bounds
    folium_map = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=7, tiles=None, zoom_snap=0.25,
        zoom_control=False, control_scale=True, height=height_px, attribution_control=False,
    )
    localise_assets(folium_map)
    add_zoom_buttons(folium_map, dataset.content)
    folium_map.get_root().header.add_child(folium.Element(_STYLE))

    _named_layer(context, CONTEXT_LAYER, {"fillColor": CONTEXT_FILL, "color": CONTEXT_LINE, "weight": 0.8, "fillOpacity": 1},
                 CONTEXT_DECIMALS).add_to(folium_map)
    edge_fade(_frame(context)).add_to(folium_map)
    _named_layer(others, FOCUS_LAYER,
                 {"fillColor": OTHER_FOCUS_FILL, "color": FOCUS_LINE, "weight": 0.8, "fillOpacity": 1},
                 FOCUS_DECIMALS).add_to(folium_map)
    _named_layer(country, "Selected country",
                 {"fillColor": HIGHLIGHT_FILL, "color": HIGHLIGHT_LINE, "weight": 2.5, "fillOpacity": 0.55},
                 FOCUS_DECIMALS).add_to(folium_map)

    for record in countries.to_dict("records"):
        point = record["geometry"].representative_point()
        folium.Marker(
            location=[point.y, point.x],
            icon=folium.DivIcon(html=f'<div class="wb-label"><span>{escape(str(record["name"]))}</span></div>',
                                icon_size=(0, 0), class_name="wb-label-icon"),
            interactive=False,
            keyboard=False,
        ).add_to(folium_map)

    for marker in markers or []:
        events = "".join(f"<li>{escape_for_tooltip(event)}</li>" for event in marker.events)
        folium.CircleMarker(
            location=[marker.latitude, marker.longitude], radius=7, color="#7a0019", weight=2,
            fill=True, fill_color="#ffffff", fill_opacity=1, className="wb-place-dot",
            tooltip=folium.Tooltip(f"<b>{escape_for_tooltip(marker.place)}</b><ul style='margin:2px 0 0 14px;padding:0'>{events}</ul>"),
        ).add_to(folium_map)
        folium.Marker(
            location=[marker.latitude, marker.longitude],
            icon=folium.DivIcon(html=f'<div class="wb-label wb-place"><span>{escape(marker.place)}</span></div>',
                                icon_size=(0, 0), icon_anchor=(-11, 0), class_name="wb-label-icon"),
            interactive=False,
            keyboard=False,
        ).add_to(folium_map)

    title_html = f'<div class="wb-title"><h2>{escape(text.title)}</h2><p>{escape(text.subtitle)}</p></div>'
    source_html = '<div class="wb-source">' + escape(text.source_line) + "".join(
        f"<br>{escape(note)}" for note in text.notes) + "</div>"
    _HtmlControl(title_html, "topleft", "wb-panel wb-title-panel").add_to(folium_map)
    _HtmlControl(source_html, "bottomleft", "wb-panel wb-source-panel").add_to(folium_map)
    pad = 0.6  # degrees of neighbours around the country
    FitClearOfPanels([[float(miny) - pad, float(minx) - pad], [float(maxy) + pad, float(maxx) + pad]],
                     _frame(context)).add_to(folium_map)
    PlaceLabels().add_to(folium_map)
    _FocusWithoutScrolling().add_to(folium_map)
    return folium_map
