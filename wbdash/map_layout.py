"""How the interactive maps arrange themselves in their frame: countries clear of the boxes, labels clear of each other.

Both run in the browser because only the browser knows the frame's size and the boxes' and labels' sizes, which
change with the screen, the text and the language.
"""

from __future__ import annotations

import folium
import shapely
import shapely.geometry
from branca.element import MacroElement
from jinja2 import Template

# Fired by each in-map box when it is added, so that the layout is redone once the view's boxes are in place.
PANELS_CHANGED = "wbpanelschanged"


class FitClearOfPanels(MacroElement):
    """Fit `bounds` into the part of the frame that no box (title, source, legend, zoom buttons) covers.

    Each of the four corners' boxes is kept clear either sideways (the countries start right of a left-hand box)
    or vertically (they start below a top box); of the 16 combinations, the one that lets the countries be drawn
    largest wins. So a wide frame puts the boxes beside the countries and a tall one above and below them, and
    no box ever lies over a country's bounding box, the highlighted one included.

    Past the edge of `frame` (the extent of the neighbouring countries' layer) there is nothing but white: the
    reader cannot zoom out or pan beyond it when the fitted view lies inside it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var bounds = L.latLngBounds({{ this.bounds|tojson }});
            var frame = L.latLngBounds({{ this.frame|tojson }});
            var MARGIN = 8;
            var lastSizes = null;
            function cornerSize(vertical, horizontal) {
                var corner = map.getContainer().querySelector('.leaflet-' + vertical + '.leaflet-' + horizontal);
                if (!corner) { return [0, 0]; }
                var width = 0, height = 0;
                for (var i = 0; i < corner.children.length; i++) {
                    var box = corner.children[i].getBoundingClientRect();
                    if (!box.width || !box.height) { continue; }  // a box hidden at this width
                    var outer = corner.getBoundingClientRect();
                    width = Math.max(width, horizontal === 'left' ? box.right - outer.left : outer.right - box.left);
                    height = Math.max(height, vertical === 'top' ? box.bottom - outer.top : outer.bottom - box.top);
                }
                return [width, height];
            }
            function showsFrameEdge(size, topLeft, bottomRight, zoom) {
                // Where fitBounds would put the view: the bounds' centre, shifted by half the padding difference.
                var northWest = map.project(bounds.getNorthWest(), zoom), southEast = map.project(bounds.getSouthEast(), zoom);
                var centre = northWest.add(southEast).divideBy(2).add(bottomRight.subtract(topLeft).divideBy(2));
                var half = size.divideBy(2);
                var frameNorthWest = map.project(frame.getNorthWest(), zoom), frameSouthEast = map.project(frame.getSouthEast(), zoom);
                return centre.x - half.x < frameNorthWest.x || centre.y - half.y < frameNorthWest.y ||
                       centre.x + half.x > frameSouthEast.x || centre.y + half.y > frameSouthEast.y;
            }
            function layouts(size) {
                var corners = {tl: cornerSize('top', 'left'), tr: cornerSize('top', 'right'),
                               bl: cornerSize('bottom', 'left'), br: cornerSize('bottom', 'right')};
                var names = ['tl', 'tr', 'bl', 'br'], found = [];
                for (var mask = 0; mask < 16; mask++) {
                    var pad = {left: 0, right: 0, top: 0, bottom: 0};
                    names.forEach(function (name, index) {
                        var sideways = (mask >> index) & 1, box = corners[name];
                        if (!box[0] || !box[1]) { return; }
                        if (sideways) {
                            var side = name[1] === 'l' ? 'left' : 'right';
                            pad[side] = Math.max(pad[side], box[0]);
                        } else {
                            var edge = name[0] === 't' ? 'top' : 'bottom';
                            pad[edge] = Math.max(pad[edge], box[1]);
                        }
                    });
                    var topLeft = L.point(pad.left + MARGIN, pad.top + MARGIN);
                    var bottomRight = L.point(pad.right + MARGIN, pad.bottom + MARGIN);
                    var free = size.subtract(topLeft).subtract(bottomRight);
                    if (free.x < 40 || free.y < 40) { continue; }
                    var zoom = map.getBoundsZoom(bounds, false, topLeft.add(bottomRight));
                    found.push({topLeft: topLeft, bottomRight: bottomRight, zoom: zoom,
                                // a view that shows the blank beyond the neighbours' layer counts one zoom step less
                                score: zoom - (showsFrameEdge(size, topLeft, bottomRight, zoom) ? 1 : 0)});
                }
                return {found: found, key: JSON.stringify(corners) + size.toString()};
            }
            function shareBottomEdge(size) {
                // The source box (bottom left) gives way to the legend (bottom right) instead of running under it.
                var source = map.getContainer().querySelector('.wb-source');
                if (source) {
                    source.style.maxWidth = Math.max(160, size.x - cornerSize('bottom', 'right')[0] - 40) + 'px';
                }
            }
            function fit(force) {
                var size = map.getSize();
                if (!size.x || !size.y) { return; }
                shareBottomEdge(size);
                var options = layouts(size);
                if (!force && options.key === lastSizes) { return; }  // same boxes: keep the reader's zoom and pan
                lastSizes = options.key;
                var best = options.found.reduce(function (a, b) { return !a || b.score > a.score ? b : a; }, null);
                map.setMaxBounds(null);
                map.setMinZoom(0);
                if (best) {
                    map.fitBounds(bounds, {paddingTopLeft: best.topLeft, paddingBottomRight: best.bottomRight, animate: false});
                } else {
                    map.fitBounds(bounds, {animate: false});
                }
                if (frame.contains(map.getBounds())) {
                    map.setMinZoom(Math.min(map.getZoom(), map.getBoundsZoom(frame, true)));
                    map.setMaxBounds(frame.pad(0.001));
                }
                // Marked once the boxes are in: tests and readers' tools can wait for the final layout.
                if (!map.getContainer().querySelector('.wb-panel')) { return; }
                map.getContainer().setAttribute('data-wb-layout', best ?
                    [best.topLeft.x, best.topLeft.y, best.bottomRight.x, best.bottomRight.y].join(',') : 'none');
            }
            var queued = null;
            function later(force) {
                clearTimeout(queued);
                queued = setTimeout(function () { fit(force); }, 30);
            }
            fit(true);
            map.on('{{ this.event }}', function () { later(false); });
            map.on('resize', function () { later(true); });
            if (window.ResizeObserver) {
                new ResizeObserver(function () { map.invalidateSize(); }).observe(map.getContainer());
            }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], frame: list[list[float]]):
        super().__init__()
        self._name = "FitClearOfPanels"
        self.bounds = bounds
        self.frame = frame
        self.event = PANELS_CHANGED


class PlaceLabels(MacroElement):
    """Move each label to the first nearby spot where it overlaps no other label, place dot or box.

    Country names are placed first (centred on the country, else just above, below or beside), then place names
    (right of their dot, else left, above or below). A label with no free spot is hidden rather than drawn over
    another; its name stays in the country's or the dot's tooltip. Redone after every zoom, pan and resize.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            function overlaps(a, b) {
                return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            }
            function moved(box, dx, dy) {
                return {left: box.left + dx, right: box.right + dx, top: box.top + dy, bottom: box.bottom + dy};
            }
            function place() {
                var container = map.getContainer();
                var frame = container.getBoundingClientRect();
                var labels = Array.prototype.slice.call(container.querySelectorAll('.wb-label span'));
                labels.forEach(function (label) {
                    label.style.removeProperty('--dx');
                    label.style.removeProperty('--dy');
                    label.parentNode.removeAttribute('data-wb-hidden');
                });
                var taken = [];
                container.querySelectorAll('.wb-place-dot, .wb-panel, .leaflet-control-zoom').forEach(function (element) {
                    var box = element.getBoundingClientRect();
                    if (box.width && box.height) { taken.push(box); }
                });
                labels.sort(function (a, b) {
                    return a.parentNode.classList.contains('wb-place') - b.parentNode.classList.contains('wb-place');
                });
                labels.forEach(function (label) {
                    var box = label.getBoundingClientRect(), w = box.width, h = box.height, gap = 3;
                    var isPlace = label.parentNode.classList.contains('wb-place');
                    var moves = isPlace
                        ? [[0, 0], [-(w + 22), 0], [-(w / 2 + 11), -(h / 2 + 9)], [-(w / 2 + 11), h / 2 + 9],
                           [0, -h], [0, h], [-(w + 22), -h], [-(w + 22), h]]
                        : [[0, 0], [0, -(h + gap)], [0, h + gap], [-(w / 2 + gap), 0], [w / 2 + gap, 0],
                           [0, -2 * (h + gap)], [0, 2 * (h + gap)]];
                    for (var i = 0; i < moves.length; i++) {
                        var spot = moved(box, moves[i][0], moves[i][1]);
                        var inside = spot.left >= frame.left && spot.right <= frame.right &&
                                     spot.top >= frame.top && spot.bottom <= frame.bottom;
                        if (inside && !taken.some(function (other) { return overlaps(spot, other); })) {
                            label.style.setProperty('--dx', moves[i][0] + 'px');
                            label.style.setProperty('--dy', moves[i][1] + 'px');
                            taken.push(spot);
                            return;
                        }
                    }
                    label.parentNode.setAttribute('data-wb-hidden', 'no room');
                });
            }
            var queued = null;
            function later() { clearTimeout(queued); queued = setTimeout(place, 60); }
            map.on('zoomend moveend resize layeradd {{ this.event }}', later);
            later();
        })();
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "PlaceLabels"
        self.event = PANELS_CHANGED


EDGE_LAYER = "Edge of the neighbouring countries"
EDGE_FADE_BANDS = 8
EDGE_FADE_DEGREES = 0.8  # well inside the 1.1-2.7 degree margin between the six and the layer's edge


def edge_fade(frame: list[list[float]], background: str = "#ffffff") -> folium.GeoJson:
    """Bands along the inside of the neighbours' layer's edge, more opaque towards it, so that the grey countries
    fade into the white beyond instead of ending in a hard rectangle. Drawn under the six, over the neighbours."""
    (south, west), (north, east) = frame
    features = []
    for band in range(EDGE_FADE_BANDS):
        step = EDGE_FADE_DEGREES / EDGE_FADE_BANDS
        spill = step if band == 0 else 0.0  # also covers the outer half of the neighbours' outline at the edge
        outer = shapely.box(west + band * step - spill, south + band * step - spill,
                            east - band * step + spill, north - band * step + spill)
        inner = shapely.box(west + (band + 1) * step, south + (band + 1) * step,
                            east - (band + 1) * step, north - (band + 1) * step)
        features.append({"type": "Feature", "geometry": shapely.geometry.mapping(outer.difference(inner)),
                         "properties": {"opacity": round(1 - band / EDGE_FADE_BANDS, 3)}})
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name=EDGE_LAYER,
        style_function=lambda feature: {"fillColor": background, "fillOpacity": feature["properties"]["opacity"],
                                        "stroke": False},
        interactive=False, control=False,
    )
