"""Map classes and colours: one definition shared by every rendering of an indicator.

Classes and palettes are declared per indicator in data/indicators.yaml. Numeric indicators use
fixed breaks (assigned with mapclassify.UserDefined) so a class never changes meaning when the
reader filters countries; zero may be its own class. Palettes are ColorBrewer schemes (via branca).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

from wbdash.registry import Indicator

NO_DATA_COLOR = "#c8c8c8"
CONTEXT_FILL = "#f2f2f0"
CONTEXT_LINE = "#b4b4b4"


@dataclass(frozen=True)
class LegendClass:
    label: str
    color: str


@dataclass(frozen=True)
class Classification:
    indicator_key: str
    classes: tuple[LegendClass, ...]
    assignment: dict[str, int | None]  # iso2 -> class index, None = no data

    no_data_color: str = NO_DATA_COLOR

    def color_of(self, iso2: str) -> str:
        index = self.assignment.get(iso2)
        return self.no_data_color if index is None else self.classes[index].color

    def label_of(self, iso2: str) -> str | None:
        """The class label, or None for no data (the view names that in its own words)."""
        index = self.assignment.get(iso2)
        return None if index is None else self.classes[index].label

    def counts(self) -> list[int]:
        return [sum(1 for v in self.assignment.values() if v == i) for i in range(len(self.classes))]

    @property
    def has_no_data(self) -> bool:
        return any(v is None for v in self.assignment.values())


def legend_classes(indicator: Indicator) -> tuple[LegendClass, ...]:
    """The classes of an indicator, independent of which countries are shown."""
    if indicator.classes is None or indicator.palette is None:
        raise ValueError(f"indicator {indicator.key!r} has no map classes in the registry")
    return tuple(LegendClass(label, color) for label, color in zip(indicator.class_labels, indicator.palette.colors(), strict=False))


def classify(indicator: Indicator, countries: pd.DataFrame) -> Classification:
    """Assign each country (by iso2) to a class of the indicator."""
    classes = legend_classes(indicator)
    values = countries.set_index("iso2")[indicator.value_column]
    assignment: dict[str, int | None] = {}
    if indicator.is_numeric:
        rules = indicator.classes
        assert rules is not None
        numeric = pd.to_numeric(values, errors="coerce").astype(float)
        offset = int(rules.zero_class)
        counted = numeric[numeric > 0] if rules.zero_class else numeric[numeric >= 0]
        bins = np.array([*rules.bins, math.inf], dtype=float)
        by_bin = dict(zip(counted.index, mapclassify.UserDefined(counted.to_numpy(), bins).yb, strict=False)) if len(counted) else {}
        for iso2, value in numeric.items():
            if pd.isna(value) or value < 0:
                assignment[iso2] = None
            elif rules.zero_class and value == 0:
                assignment[iso2] = 0
            else:
                assignment[iso2] = int(by_bin[iso2]) + offset
    else:
        order = list(indicator.order)
        for iso2, value in values.items():
            assignment[iso2] = order.index(str(value)) if not pd.isna(value) and str(value) in order else None
    return Classification(indicator.key, classes, assignment)
