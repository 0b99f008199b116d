"""Titles, subtitles, source lines and values as text: the words that make each view self-describing.

The words come from the content files and the indicator registry; this module only assembles them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wbdash.citations import compact_label, is_present
from wbdash.dataset import Dataset
from wbdash.figures import common_value, format_date, format_number, joined_as_of
from wbdash.history import month_text
from wbdash.registry import Indicator

BOUNDARIES_ID = "natural-earth"  # the bibliography entry of the boundaries (geo/PROVENANCE.md)


@dataclass(frozen=True)
class MapText:
    """The words that make a screenshot of the map explain itself."""

    title: str
    subtitle: str
    source_line: str
    notes: tuple[str, ...] = ()
    no_data_label: str = ""
    context_label: str = ""
    subtitle_selection: str = ""  # which countries, as the subtitle names them


def display_value(indicator: Indicator, value: object) -> str:
    """A value as readers see it: a category as written, a number with the registry's decimals."""
    if not is_present(value):
        return ""
    if indicator.is_numeric:
        return format_number(float(value), indicator.decimals)  # type: ignore[arg-type]
    return indicator.category_name(value)


def export_value(indicator: Indicator, value: object) -> object:
    """A value for files: numbers stay numbers (rounded to the registry's decimals)."""
    if not is_present(value):
        return None
    if indicator.is_numeric:
        return int(value) if indicator.decimals == 0 else round(float(value), indicator.decimals)  # type: ignore[arg-type]
    return str(value)


def indicator_as_of(dataset: Dataset, indicator: Indicator, countries: pd.DataFrame | None = None) -> str:
    """'May 2023'; for a derived value each input's date: '2021 (Chinese projects); 2019 (Population)'."""
    rows = dataset.countries if countries is None else countries
    inputs = dataset.registry.inputs(indicator)
    dates = [(i, _marked(dataset, i, joined_as_of(rows[i.columns.as_of]))) for i in inputs if i.columns]
    if len(dates) == 1:
        return dates[0][1]
    return "; ".join(dataset.content.text("values.as_of_of", as_of=when, label=i.label) for i, when in dates)


def _marked(dataset: Dataset, indicator: Indicator, as_of: str) -> str:
    """A timeline value shown for a month after the brief's says so: the brief cannot vouch for it."""
    if indicator.timeline and dataset.view_month > dataset.brief_month:
        return dataset.content.text("history.later", as_of=as_of)
    return as_of


def history_notes(dataset: Dataset, indicator: Indicator) -> tuple[str, ...]:
    """What a view away from the brief's date must say: where the statuses come from, and that the
    indicators without a timeline keep their single dated value."""
    if dataset.is_brief_view:
        return ()
    content = dataset.content
    when = {"as_of": format_date(month_text(dataset.view_month)),
            "brief_as_of": format_date(month_text(dataset.brief_month))}
    key = "history.map_note_later" if dataset.view_month > dataset.brief_month else "history.map_note"
    notes = [content.text(key, **when)]
    if not all(i.timeline for i in dataset.registry.inputs(indicator)):
        notes.append(content.text("history.projects_no_series"))
    return tuple(notes)


def row_as_of(dataset: Dataset, indicator: Indicator, row: dict) -> str:
    """The as-of date of one country's value (ISO, the basis indicator's: what exports carry)."""
    basis = dataset.registry.basis(indicator)
    assert basis.columns is not None
    return str(row[basis.columns.as_of])


def labelled(dataset: Dataset, indicator: Indicator, short: bool = False) -> str:
    """'EU status (May 2023)': the label with its as-of date, for headers and tooltips."""
    label = indicator.short_label if short else indicator.label
    return dataset.content.text("values.label_as_of", label=label, as_of=indicator_as_of(dataset, indicator))


def source_line(dataset: Dataset, indicator: Indicator, countries: pd.DataFrame | None = None) -> str:
    rows = dataset.countries if countries is None else countries
    content, sources = dataset.content, dataset.sources
    items = []
    for basis in dataset.registry.inputs(indicator):
        assert basis.columns is not None
        source = common_value(rows[basis.columns.source])
        footnote = common_value(rows[basis.columns.footnote]) if basis.columns.footnote else None
        when = joined_as_of(rows[basis.columns.as_of])
        if source is None:
            items.append(content.text("map.source_item_mixed", label=basis.label))
        elif footnote is None:
            items.append(content.text("map.source_item", source=compact_label(sources, source), label=basis.label,
                                      as_of=when))
        else:
            items.append(content.text("map.source_item_footnote", source=compact_label(sources, source),
                                      footnote=footnote, label=basis.label, as_of=when))
    return content.text("map.source_line", sources="; ".join(items),
                        boundaries=compact_label(sources, BOUNDARIES_ID))


def selection_phrase(dataset: Dataset, names: list[str]) -> str:
    if len(names) == len(dataset.countries):
        return dataset.content.text("map.all_countries")
    return ", ".join(names)


def indicator_title(dataset: Dataset, indicator: Indicator) -> str:
    if indicator.unit and indicator.kind == "rate" and indicator.unit.lower() not in indicator.label.lower():
        return dataset.content.text("values.label_unit", label=indicator.label, unit=indicator.unit)
    return indicator.label


def map_text(dataset: Dataset, indicator: Indicator, shown_codes: list[str]) -> MapText:
    content = dataset.content
    shown = dataset.countries[dataset.countries["iso2"].isin(shown_codes)]
    names = list(shown["name"])
    return MapText(
        title=indicator_title(dataset, indicator),
        subtitle=content.text("map.subtitle", description=indicator.description,
                              selection=selection_phrase(dataset, names), as_of=indicator_as_of(dataset, indicator, shown)),
        source_line=source_line(dataset, indicator, shown),
        notes=(*history_notes(dataset, indicator), content.text("notes.kosovo"), content.text("notes.boundaries")),
        no_data_label=content.text("map.no_data" if dataset.is_brief_view else "history.no_record"),
        context_label=content.text("map.context"),
        subtitle_selection=selection_phrase(dataset, names),
    )


def country_map_text(dataset: Dataset, iso2: str) -> MapText:
    """The profile's locator map: one country among its neighbours."""
    content = dataset.content
    name = str(dataset.country(iso2)["name"])
    notes = (content.text("notes.kosovo"), content.text("notes.boundaries")) if iso2 in KOSOVO_NOTE_CODES \
        else (content.text("notes.boundaries"),)
    return MapText(
        title=content.text("profile.map_title", country=name),
        subtitle=content.text("profile.map_subtitle"),
        source_line=content.text("profile.map_source", boundaries=compact_label(dataset.sources, BOUNDARIES_ID),
                                 places=compact_label(dataset.sources, PLACES_ID)),
        notes=notes,
        no_data_label=content.text("map.no_data"),
        context_label=content.text("map.context"),
    )


PLACES_ID = "geonames"
KOSOVO_NOTE_CODES = ("XK", "RS")  # maps centred on these show the note on Kosovo's status

