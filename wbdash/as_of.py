"""The dashboard as of a month: the timeline indicators' values taken from the status history.

At the brief's month the dataset is returned unchanged, so the default view stays the brief's own
table. At any other month each timeline indicator's value, source, as-of date and note come from the
milestone that decides it; every other indicator (Chinese projects, population) keeps its single dated
value, because the sources give no series for it.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import date

import pandas as pd

from wbdash.citations import compact_label
from wbdash.content import Content
from wbdash.dataset import Dataset
from wbdash.figures import data_figures, format_date
from wbdash.history import Milestone, Month, month_of_day, month_text
from wbdash.i18n import active_locale, using


def month_bounds(dataset: Dataset, today: date) -> tuple[Month, Month]:
    """The months a reader may choose: the first milestone's to the current one."""
    first = dataset.history.first_month
    return (dataset.brief_month if first is None else min(first, dataset.brief_month)), month_of_day(today)


def month_options(dataset: Dataset, today: date) -> list[Month]:
    first, last = month_bounds(dataset, today)
    return list(range(first, last + 1))


def month_label(month: Month) -> str:
    """'January 2015', 'janar 2015', 'јануар 2015' in the active language."""
    return _month_label(month, active_locale())


@functools.lru_cache(maxsize=4096)
def _month_label(month: Month, locale: str) -> str:
    # Cached: the as-of control formats every month of the axis on each rerun.
    with using(locale):
        return format_date(month_text(month))


def value_note(content: Content, sources: pd.DataFrame, milestone: Milestone) -> str:
    return content.text("history.value_note", milestone=milestone.milestone, date=format_date(milestone.date),
                        source=compact_label(sources, milestone.source_id))


def dataset_at(dataset: Dataset, month: Month) -> Dataset:
    """The loaded dataset with the timeline indicators as the history gives them at `month`.

    Before a country's first milestone of an indicator the value is missing (no status recorded yet),
    cited to that first milestone, which marks where the record starts.
    """
    if not dataset.is_brief_view:
        raise ValueError("dataset_at takes the loaded dataset, not one already moved to another month")
    if month == dataset.brief_month:
        return dataset
    with using(dataset.content.language):  # notes and figures in the dataset's language, whoever asks
        return _moved(dataset, month)


def _moved(dataset: Dataset, month: Month) -> Dataset:
    countries = dataset.countries.copy()
    codes = list(countries["iso2"])
    for indicator in dataset.registry.timelines():
        columns = indicator.columns
        assert columns is not None
        deciding = [dataset.history.status_at(code, indicator.key, month) for code in codes]
        first = [dataset.history.lane(code, indicator.key)[0] for code in codes]  # validated: never empty
        countries[columns.value] = pd.Categorical([m.status if m else None for m in deciding],
                                                  categories=list(indicator.categories), ordered=True)
        countries[columns.source] = [(m or f).source_id for m, f in zip(deciding, first, strict=True)]
        countries[columns.as_of] = month_text(month)
        if columns.footnote:
            countries[columns.footnote] = pd.array([pd.NA] * len(codes), dtype="Int64")
        if columns.note:
            countries[columns.note] = [
                value_note(dataset.content, dataset.sources, m) if m else
                dataset.content.text("history.before_first", milestone=f.milestone, date=format_date(f.date))
                for m, f in zip(deciding, first, strict=True)]
    figures = data_figures(dataset.registry, countries, dataset.region, dataset.sources)
    # A figure that needs one common value (a source shared by all six) may have none at this month.
    mixed = dataset.content.text("history.mixed")
    figures = {**{name: mixed for name in dataset.content.figures}, **figures}
    content = dataclasses.replace(dataset.content, figures=figures)
    return dataclasses.replace(dataset, countries=countries, content=content, view_month=month)

