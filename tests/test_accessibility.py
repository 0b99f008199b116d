"""Colours readers can tell apart: palettes under colour-vision deficiencies, text contrast (WCAG AA)."""

from __future__ import annotations

import re
from itertools import combinations

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from wbdash import choropleth
from wbdash.classes import CONTEXT_FILL, NO_DATA_COLOR, legend_classes
from wbdash.paths import DATA_DIR
from wbdash.registry import load_registry

# Minimum CAM02-UCS colour difference between any two map classes (incl. "No data" and the
# neighbours) after simulating a full deficiency; ~5 is a clearly visible difference.
MIN_DELTA_E = 5.0
REGISTRY = load_registry(DATA_DIR)
MAP_KEYS = [indicator.key for indicator in REGISTRY.in_place("map")]


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255


@pytest.mark.parametrize("deficiency", ["deuteranomaly", "protanomaly", "tritanomaly"])
@pytest.mark.parametrize("key", MAP_KEYS)
def test_classes_stay_distinguishable_under_colour_vision_deficiency(key, deficiency):
    colours = [c.color for c in legend_classes(REGISTRY[key])] + [NO_DATA_COLOR, CONTEXT_FILL]
    simulated = [
        np.clip(cspace_convert(_rgb(c), {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}, "sRGB1"), 0, 1)
        for c in colours
    ]
    smallest = min(deltaE(a, b, input_space="sRGB1") for a, b in combinations(simulated, 2))
    assert smallest >= MIN_DELTA_E, f"{key} under {deficiency}: ΔE {smallest:.1f}"


def _luminance(hex_colour: str) -> float:
    channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(hex_colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted([_luminance(foreground), _luminance(background)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_every_text_colour_in_the_map_meets_wcag_aa_on_its_panel():
    text_colours = re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", choropleth._STYLE)
    assert text_colours
    for colour in text_colours:
        assert contrast(colour, "#ffffff") >= 4.5, colour


def test_no_data_is_never_black_and_is_labelled():
    assert NO_DATA_COLOR.lower() not in ("#000000", "#000")


def test_no_data_is_labelled_in_the_legend(dataset):
    from wbdash.classes import classify
    from wbdash.describe import map_text

    indicator = dataset.registry["projects"]
    text = map_text(dataset, indicator, list(dataset.countries["iso2"]))
    legend = choropleth.legend_html(classify(indicator, dataset.countries), indicator.label, text)
    assert text.no_data_label and text.no_data_label in legend
    assert f"background:{NO_DATA_COLOR}" in legend
