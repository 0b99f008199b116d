"""Server-side map images: size, legend equal to the interactive map's classes, fill colours."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from wbdash.classes import CONTEXT_FILL, classify, legend_classes
from wbdash.describe import map_text
from wbdash.paths import DATA_DIR
from wbdash.registry import load_registry
from wbdash.static_map import render_map

MAP_KEYS = [indicator.key for indicator in load_registry(DATA_DIR).in_place("map")]


def _text(dataset, indicator):
    return map_text(dataset, indicator, list(dataset.countries["iso2"]))


def _hex(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb[:3])


@pytest.mark.parametrize("key", MAP_KEYS)
def test_png_size_legend_and_fill_colours_match_the_interactive_map(dataset, key):
    indicator = dataset.registry[key]
    text = _text(dataset, indicator)
    rendered = render_map(dataset, indicator, text)
    image = Image.open(io.BytesIO(rendered.data)).convert("RGB")
    assert image.size == (1920, 1080)
    interactive = classify(indicator, dataset.countries)
    expected = [f"{c.label} ({n})" for c, n in zip(legend_classes(indicator), interactive.counts(), strict=True)]
    assert [e.label for e in rendered.legend][: len(expected)] == expected
    assert [e.color for e in rendered.legend][: len(expected)] == [c.color for c in legend_classes(indicator)]
    labels = [e.label for e in rendered.legend]
    assert text.no_data_label == dataset.content.text("map.no_data") and text.no_data_label in labels
    assert (text.context_label, CONTEXT_FILL) in [(e.label, e.color) for e in rendered.legend]
    assert (text.no_data_label, interactive.no_data_color) in [(e.label, e.color) for e in rendered.legend]
    for iso2, (x, y) in rendered.sample_points_px.items():
        assert _hex(image.getpixel((x, y))) == interactive.color_of(iso2), iso2


def test_2x_png_doubles_the_resolution(dataset):
    indicator = dataset.registry["eu"]
    rendered = render_map(dataset, indicator, _text(dataset, indicator), scale=2)
    assert Image.open(io.BytesIO(rendered.data)).size == (3840, 2160)


def test_svg_is_vector_with_title_and_source(dataset):
    indicator = dataset.registry["cni"]
    rendered = render_map(dataset, indicator, _text(dataset, indicator), image_format="svg")
    svg = rendered.data.decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "<path" in svg
    assert "<image" not in svg  # no embedded raster


def test_svg_keeps_its_words_as_editable_text(dataset):
    import xml.etree.ElementTree as ET

    indicator = dataset.registry["eu"]
    text = _text(dataset, indicator)
    svg = render_map(dataset, indicator, text, image_format="svg").data.decode("utf-8")
    words = {"".join(element.itertext()).strip() for element in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")}
    assert text.title in words and "Serbia" in words and "North Macedonia" in words
    assert any(word.startswith(text.source_line[:40]) for word in words)


def test_selection_draws_other_countries_as_context(dataset):
    indicator = dataset.registry["projects"]
    rendered = render_map(dataset, indicator, map_text(dataset, indicator, ["RS", "ME"]), selected=["RS", "ME"])
    assert set(rendered.sample_points_px) == {"RS", "ME"}
    assert sum(rendered.classification.counts()) == 2
