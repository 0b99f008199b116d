"""Figures computed from the validated data, by name, for the placeholders of the content files.

Names follow the data: `{projects_total}`, `{projects_as_of}` and `{projects_footnote}` for each
indicator key; `{<figure id>}`, `{<figure id>_as_of}` and `{<figure id>_footnote}` for each regional figure (hyphens become
underscores); `{source_<id>_date}` and `{source_<id>_label}` for each document; `{country_count}`.
"""

from __future__ import annotations

import calendar
from datetime import date

import babel.dates
import babel.numbers
import pandas as pd

from wbdash.citations import compact_label, is_present
from wbdash.i18n import SOURCE_LOCALE, active_locale
from wbdash.registry import Registry


def format_date(value: object) -> str:
    """'2019-09' -> 'September 2019'; '2014-07-25' -> '25 July 2014'; '2019' -> '2019'.

    In another language, CLDR's forms through Babel: 'maj 2023', '25. jul 2014.', '25 korrik 2014'. The
    month stands alone (nominative), which is right for labels and 'as of' lines in all six languages.
    """
    parts = str(value).split("-")
    if len(parts) == 1:
        return parts[0]
    locale = active_locale()
    if locale != SOURCE_LOCALE:
        day = date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1)
        return babel.dates.format_date(day, "LLLL y" if len(parts) == 2 else "long", locale=locale)
    month = calendar.month_name[int(parts[1])]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def format_number(value: float, decimals: int = 0) -> str:
    """'6,944,975.5' in English; the locale's separators otherwise ('6.944.975,5', '6 944 975,5')."""
    locale = active_locale()
    if locale != SOURCE_LOCALE:
        return babel.numbers.format_decimal(value, format="#,##0" + ("." + "0" * decimals if decimals else ""),
                                            locale=locale, decimal_quantization=True)
    return f"{value:,.{decimals}f}"


def slug(identifier: str) -> str:
    return identifier.replace("-", "_")


def common_value(values: pd.Series) -> str | None:
    """The one value every row has; None when rows differ or any row has none (a footnote that only some
    values carry is not the citation of all of them)."""
    present = sorted({str(v) for v in values if is_present(v)})
    if len(present) != 1 or not all(is_present(v) for v in values):
        return None
    return present[0]


def joined_as_of(values: pd.Series) -> str:
    """The as-of date(s) of a column, formatted: 'May 2023', or '2021, May 2023' when they differ."""
    present = sorted({str(v) for v in values if is_present(v)})
    return ", ".join(format_date(v) for v in present) if present else ""


def data_figures(registry: Registry, countries: pd.DataFrame, region: pd.DataFrame,
                 sources: pd.DataFrame) -> dict[str, str]:
    figures: dict[str, str] = {"country_count": str(len(countries))}
    for indicator in registry.stored():
        assert indicator.columns is not None
        figures[f"{indicator.key}_as_of"] = joined_as_of(countries[indicator.columns.as_of])
        if indicator.kind == "count":
            figures[f"{indicator.key}_total"] = format_number(float(countries[indicator.columns.value].sum()))
        source = common_value(countries[indicator.columns.source])
        if source is not None:
            figures[f"{indicator.key}_source"] = compact_label(sources, source)
        if indicator.columns.footnote:
            footnote = common_value(countries[indicator.columns.footnote])
            if footnote is not None:
                figures[f"{indicator.key}_footnote"] = footnote
    for record in region.to_dict("records"):
        name = slug(str(record["figure_id"]))
        figures[name] = format_number(float(record["value"]))
        figures[f"{name}_as_of"] = format_date(record["as_of"])
        if is_present(record["footnote"]):
            figures[f"{name}_footnote"] = str(int(record["footnote"]))
    for record in sources[sources["parent_id"].isna()].to_dict("records"):
        name = slug(str(record["source_id"]))
        figures[f"source_{name}_label"] = compact_label(sources, str(record["source_id"]))
        figures[f"source_{name}_date"] = format_date(record["date"]) if is_present(record["date"]) else ""
    return figures
