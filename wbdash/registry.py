"""The indicator registry (data/indicators.yaml): one entry per indicator, validated with pydantic.

Every view reads an indicator's label, description, columns, classes and palette from here, so a new
indicator is a data change: a column group in countries.csv and an entry in the registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml
from branca.utilities import color_brewer
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from wbdash.errors import DataIssue, DataValidationError

REGISTRY_FILE = "indicators.yaml"
MAX_REGISTRY_BYTES = 200_000

Kind = Literal["category", "count", "rate", "percent", "rank"]
Place = Literal["map", "tooltip", "table", "default_table", "compare", "headline"]
NUMERIC_KINDS = ("count", "rate", "percent", "rank")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Columns(_Strict):
    """The countries.csv columns of a stored indicator."""

    value: str
    source: str
    as_of: str
    footnote: str | None = None
    note: str | None = None
    evidence: str | None = None  # an exact phrase of the cited document the value rests on
    locator: str | None = None  # where in the document: "fn 55", "country table"

    def all(self) -> list[str]:
        return [c for c in (self.value, self.source, self.footnote, self.as_of, self.note, self.evidence,
                            self.locator) if c]


class Derived(_Strict):
    method: Literal["per_million", "share_of_total", "rank"]
    of: str  # the indicator the value is computed from
    per: str | None = None  # the divisor indicator, for per_million

    @model_validator(mode="after")
    def _divisor(self) -> Derived:
        if (self.method == "per_million") != (self.per is not None):
            raise ValueError("'per' is required for per_million and only for it")
        return self


class Classes(_Strict):
    method: Literal["categories", "UserDefined"]
    bins: tuple[float, ...] = ()  # upper bounds (inclusive) of the non-zero classes; the last is open
    zero_class: bool = False
    labels: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _shape(self) -> Classes:
        if self.method == "UserDefined":
            expected = len(self.bins) + 1 + int(self.zero_class)
            if len(self.labels) != expected:
                raise ValueError(f"{len(self.bins)} bins need {expected} labels, got {len(self.labels)}")
            if list(self.bins) != sorted(self.bins):
                raise ValueError("bins must be in increasing order")
        elif self.bins or self.labels:
            raise ValueError("category classes take their labels from 'categories'; no bins or labels")
        return self


class Palette(_Strict):
    scheme: str
    steps: int = Field(ge=3, le=12)
    pick: tuple[int, ...]

    def colors(self) -> list[str]:
        colors = color_brewer(self.scheme, self.steps)
        return [colors[i] for i in self.pick]


class Range(_Strict):
    min: float
    max: float


class Indicator(_Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=2, max_length=80)
    short_label: str = Field(min_length=1, max_length=40)
    description: str = Field(min_length=5, max_length=300)
    unit: str = ""
    kind: Kind
    categories: tuple[str, ...] = ()
    columns: Columns | None = None
    derived: Derived | None = None
    column: str | None = None  # the computed column, for derived indicators
    classes: Classes | None = None
    palette: Palette | None = None
    decimals: int = Field(default=0, ge=0, le=6)
    range: Range | None = None
    places: tuple[Place, ...] = ()
    headline_detail: str | None = None
    timeline: bool = False  # dated changes in status_history.csv: the time axis, lanes and 'since' dates
    # How each category is written in the reader's language (wbdash.localise fills it; the data keeps the
    # English value, which is also the display in English).
    category_names: tuple[tuple[str, str], ...] = ()  # (category, name) pairs: a frozen model stays hashable

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        if (self.columns is None) == (self.derived is None):
            raise ValueError("give either 'columns' (stored in countries.csv) or 'derived' (computed)")
        if self.derived is not None and not self.column:
            raise ValueError("a derived indicator names its computed 'column'")
        if self.kind == "category" and len(self.categories) < 2:
            raise ValueError("a category indicator lists at least two ordered 'categories'")
        if self.kind != "category" and self.categories:
            raise ValueError("only category indicators have 'categories'")
        if self.kind == "category" and self.classes is not None and self.classes.method != "categories":
            raise ValueError("category indicators are classed by their categories")
        if self.kind != "category" and self.classes is not None and self.classes.method == "categories":
            raise ValueError("numeric indicators are classed with a mapclassify scheme")
        if self.timeline and (self.kind != "category" or self.columns is None):
            raise ValueError("only stored category indicators can have a timeline")
        if "map" in self.places and (self.classes is None or self.palette is None):
            raise ValueError("an indicator shown on the map needs 'classes' and a 'palette'")
        if self.palette is not None and len(self.palette.pick) != self.class_count:
            raise ValueError(f"the palette picks {len(self.palette.pick)} colours for {self.class_count} classes")
        return self

    @property
    def value_column(self) -> str:
        return self.columns.value if self.columns else str(self.column)

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    @property
    def order(self) -> tuple[str, ...]:
        return self.categories

    @property
    def class_count(self) -> int:
        if self.classes is None:
            return 0
        return len(self.categories) if self.classes.method == "categories" else len(self.classes.labels)

    @property
    def class_labels(self) -> tuple[str, ...]:
        if self.classes is None:
            return ()
        if self.classes.method == "categories":
            return tuple(self.category_name(category) for category in self.categories)
        return self.classes.labels

    def category_name(self, category: object) -> str:
        """A category as the reader's language writes it ('candidate' -> 'Vend kandidat')."""
        return next((name for value, name in self.category_names if value == str(category)), str(category))

    def shows_in(self, place: Place) -> bool:
        return place in self.places


class Registry(_Strict):
    default_map: str
    indicators: tuple[Indicator, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> Registry:
        keys = [i.key for i in self.indicators]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"indicator keys must be unique; repeated: {', '.join(duplicates)}")
        if self.default_map not in keys or "map" not in self.by_key[self.default_map].places:
            raise ValueError(f"default_map {self.default_map!r} is not an indicator shown on the map")
        for indicator in self.indicators:
            if indicator.derived is None:
                continue
            for name in (indicator.derived.of, indicator.derived.per):
                if name is not None and (name not in self.by_key or not self.by_key[name].is_numeric):
                    raise ValueError(f"{indicator.key}: derived from {name!r}, which is not a numeric indicator")
        return self

    @cached_property
    def by_key(self) -> dict[str, Indicator]:
        return {i.key: i for i in self.indicators}

    def __getitem__(self, key: str) -> Indicator:
        return self.by_key[key]

    def __contains__(self, key: object) -> bool:
        return key in self.by_key

    def in_place(self, place: Place) -> list[Indicator]:
        return [i for i in self.indicators if place in i.places]

    def timelines(self) -> list[Indicator]:
        """The indicators whose changes over time status_history.csv records."""
        return [i for i in self.indicators if i.timeline]

    def stored(self) -> list[Indicator]:
        return [i for i in self.indicators if i.columns is not None]

    def by_column(self, column: str) -> Indicator | None:
        return next((i for i in self.indicators if i.value_column == column), None)

    def basis(self, indicator: Indicator) -> Indicator:
        """The stored indicator a value comes from (itself, or what a derived one is computed of)."""
        while indicator.derived is not None:
            indicator = self.by_key[indicator.derived.of]
        return indicator

    def inputs(self, indicator: Indicator) -> list[Indicator]:
        """The stored indicators a value depends on, main one first."""
        if indicator.derived is None:
            return [indicator]
        names: Iterable[str | None] = (indicator.derived.of, indicator.derived.per)
        found: list[Indicator] = []
        for name in names:
            if name is not None:
                found += [i for i in self.inputs(self.by_key[name]) if i not in found]
        return found


def load_registry(data_dir: Path) -> Registry:
    """Read and validate indicators.yaml; raise DataValidationError naming the key and field."""
    path = data_dir / REGISTRY_FILE
    if not path.is_file():
        raise DataValidationError([DataIssue(REGISTRY_FILE, None, None, "file not found in the data folder")])
    if path.stat().st_size > MAX_REGISTRY_BYTES:
        raise DataValidationError([DataIssue(
            REGISTRY_FILE, None, None, f"file is {path.stat().st_size:,} bytes; the limit is {MAX_REGISTRY_BYTES:,}")])
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise DataValidationError([DataIssue(
            REGISTRY_FILE, None if line is None else line + 1, None, f"not valid YAML: {exc}")]) from None
    try:
        registry = Registry.model_validate(raw)
    except ValidationError as exc:
        raise DataValidationError(registry_issues(exc, raw)) from None
    _check_palettes(registry)
    return registry


def _check_palettes(registry: Registry) -> None:
    issues = []
    for indicator in registry.indicators:
        if indicator.palette is None:
            continue
        try:
            colors = color_brewer(indicator.palette.scheme, indicator.palette.steps)
        except (ValueError, KeyError, TypeError):
            issues.append(DataIssue(REGISTRY_FILE, None, "palette.scheme",
                                    f"{indicator.palette.scheme!r} is not a ColorBrewer scheme", key=indicator.key))
            continue
        if any(i < 0 or i >= len(colors) for i in indicator.palette.pick):
            issues.append(DataIssue(REGISTRY_FILE, None, "palette.pick",
                                    f"steps are numbered 0 to {len(colors) - 1}", key=indicator.key))
    if issues:
        raise DataValidationError(issues)


def registry_issues(error: ValidationError, raw: object) -> list[DataIssue]:
    """pydantic's errors as DataIssues that name the indicator key and the field."""
    issues = []
    entries = raw.get("indicators") if isinstance(raw, dict) else None
    for item in error.errors():
        location = list(item["loc"])
        key = None
        if len(location) >= 2 and location[0] == "indicators" and isinstance(location[1], int):
            entry = entries[location[1]] if isinstance(entries, list) and location[1] < len(entries) else None
            key = str(entry.get("key")) if isinstance(entry, dict) and entry.get("key") else f"entry {location[1] + 1}"
            location = location[2:]
        field = ".".join(str(part) for part in location) or None
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "missing":
            message = "this field is required but missing"
        elif item["type"] == "extra_forbidden":
            message = "unknown field; see the field list at the top of indicators.yaml"
        issues.append(DataIssue(REGISTRY_FILE, None, field, message, key=key))
    return issues
