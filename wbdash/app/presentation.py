"""Presentation mode of the overview: no controls, large type, map and table in one 16:9 frame."""

from __future__ import annotations

import streamlit as st

from wbdash.app.maps import show_map
from wbdash.app.ui import apply_presentation_style, md_text
from wbdash.as_of import month_label
from wbdash.choropleth import build_map
from wbdash.dataset import Dataset
from wbdash.describe import map_text
from wbdash.method import project_totals
from wbdash.table import comparison_table
from wbdash.text import md_escape

MAP_HEIGHT_PX = 900  # leaves room for the title in a 1080 px tall window


def render_presentation(dataset: Dataset, indicator_key: str, selected: list[str]) -> None:
    apply_presentation_style()
    countries = dataset.countries
    chosen = [code for code in countries["iso2"] if code in selected] or list(countries["iso2"])
    indicator = dataset.registry[indicator_key]
    st.title(md_text(dataset, "overview.title"))
    map_column, table_column = st.columns([1.6, 1], gap="medium")
    with map_column:
        text = map_text(dataset, indicator, chosen)
        show_map(dataset, ("presentation", indicator.key, tuple(chosen), dataset.view_month),
                 lambda: build_map(dataset, indicator, text, selected=chosen),
                 key="present_map", height=MAP_HEIGHT_PX, returned_objects=[])
    with table_column:
        keys = [i.key for i in dataset.registry.in_place("headline")]
        table = comparison_table(dataset, chosen, keys)
        code_header, country_header = dataset.content.text("table.code"), dataset.content.text("table.country")
        table = table.drop(columns=code_header)
        table.columns = [country_header, *(dataset.registry[k].short_label for k in keys)]
        table[country_header] = table[country_header].map(md_escape)  # st.table renders the index as Markdown
        st.table(table.set_index(country_header))
        st.caption(md_text(dataset, "presentation.as_of") if dataset.is_brief_view else
                   md_text(dataset, "history.presentation_as_of", as_of=month_label(dataset.view_month)))
        totals = project_totals(dataset)
        first, second = st.columns(2)
        first.metric(md_text(dataset, "overview.metric_six"), totals.six_total)
        second.metric(md_text(dataset, "overview.metric_region"), totals.region_total)
        st.caption(md_text(dataset, "presentation.caption"))
