"""Map classes and colours: one definition shared by every rendering of an indicator.

Numeric indicators use fixed, documented breaks (assigned with mapclassify.UserDefined) so a
class never changes meaning when the reader filters countries; zero is its own class. Palettes
are ColorBrewer schemes (via branca), chosen from the families that stay distinguishable under
the common colour-vision deficiencies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd
from branca.utilities import color_brewer

from wbdash.indicators import Indicator

NO_DATA_COLOR = "#c8c8c8"
NO_DATA_LABEL = "No data"
CONTEXT_FILL = "#f2f2f0"
CONTEXT_LINE = "#b4b4b4"


@dataclass(frozen=True)
class NumericBreaks:
    """Upper bounds (inclusive) of the non-zero classes, their labels, and the ColorBrewer scheme."""

    upper_bounds: tuple[float, ...]
    labels: tuple[str, ...]
    scheme: str


NUMERIC_BREAKS: dict[str, NumericBreaks] = {
    "chinese_projects": NumericBreaks(
        upper_bounds=(9, 24, 49, math.inf),
        labels=("1–9", "10–24", "25–49", "50 or more"),
        scheme="YlOrRd",
    ),
    "projects_per_million": NumericBreaks(
        upper_bounds=(5, 10, 15, math.inf),
        labels=("above 0, up to 5", "above 5, up to 10", "above 10, up to 15", "above 15"),
        scheme="YlOrRd",
    ),
}

# Statuses: a sequential scheme, least integrated palest; the palest ColorBrewer step is skipped
# so no status is mistaken for the grey neighbours. CNI is a two-way choice: diverging ends.
STATUS_SCHEMES: dict[str, tuple[str, int, slice]] = {
    "eu_status": ("PuBu", 5, slice(1, None)),
    "nato_status": ("BuGn", 4, slice(1, None)),
    "cni_status": ("PuOr", 4, slice(1, None, 2)),
}


@dataclass(frozen=True)
class LegendClass:
    label: str
    color: str


@dataclass(frozen=True)
class Classification:
    indicator_key: str
    classes: tuple[LegendClass, ...]
    assignment: dict[str, int | None]  # iso2 -> class index, None = no data

    @property
    def no_data(self) -> LegendClass:
        return LegendClass(NO_DATA_LABEL, NO_DATA_COLOR)

    def color_of(self, iso2: str) -> str:
        index = self.assignment.get(iso2)
        return self.no_data.color if index is None else self.classes[index].color

    def label_of(self, iso2: str) -> str:
        index = self.assignment.get(iso2)
        return self.no_data.label if index is None else self.classes[index].label

    def counts(self) -> list[int]:
        return [sum(1 for v in self.assignment.values() if v == i) for i in range(len(self.classes))]

    @property
    def has_no_data(self) -> bool:
        return any(v is None for v in self.assignment.values())


def legend_classes(indicator: Indicator) -> tuple[LegendClass, ...]:
    """The classes of an indicator, independent of which countries are shown."""
    if indicator.is_numeric:
        breaks = NUMERIC_BREAKS[indicator.column]
        colors = color_brewer(breaks.scheme, len(breaks.labels) + 1)
        return (LegendClass("0", colors[0]),) + tuple(
            LegendClass(label, color) for label, color in zip(breaks.labels, colors[1:])
        )
    scheme, size, pick = STATUS_SCHEMES[indicator.column]
    colors = color_brewer(scheme, size)[pick]
    return tuple(LegendClass(status, color) for status, color in zip(indicator.order, colors))


def classify(indicator: Indicator, countries: pd.DataFrame) -> Classification:
    """Assign each country (by iso2) to a class of the indicator."""
    classes = legend_classes(indicator)
    values = countries.set_index("iso2")[indicator.column]
    assignment: dict[str, int | None] = {}
    if indicator.is_numeric:
        numeric = pd.to_numeric(values, errors="coerce").astype(float)
        breaks = NUMERIC_BREAKS[indicator.column]
        positive = numeric[numeric > 0]
        bins = np.array(breaks.upper_bounds, dtype=float)
        positive_class = (
            dict(zip(positive.index, mapclassify.UserDefined(positive.to_numpy(), bins).yb))
            if len(positive)
            else {}
        )
        for iso2, value in numeric.items():
            if pd.isna(value) or value < 0:
                assignment[iso2] = None
            elif value == 0:
                assignment[iso2] = 0
            else:
                assignment[iso2] = int(positive_class[iso2]) + 1
    else:
        order = list(indicator.order)
        for iso2, value in values.items():
            assignment[iso2] = order.index(str(value)) if not pd.isna(value) and str(value) in order else None
    return Classification(indicator.key, classes, assignment)
