"""Presentation mode of the overview: no controls, large type, map and table in one 16:9 frame."""

from __future__ import annotations

import streamlit as st

from pages._maps import show_map
from pages._ui import apply_presentation_style
from wbdash.choropleth import build_map
from wbdash.dataset import Dataset
from wbdash.describe import map_text
from wbdash.indicators import INDICATORS
from wbdash.table import comparison_table
from wbdash.text import md_escape

PRESENT_COLUMNS = ["eu", "nato", "cni", "projects"]
MAP_HEIGHT_PX = 900  # leaves room for the title in a 1080 px tall window
SHORT_HEADERS = {"EU status (May 2023)": "EU", "NATO status (May 2023)": "NATO",
                 "Clean Network Initiative (May 2023)": "Clean Network", "Chinese projects (count, 2021)": "Chinese projects"}


def render_presentation(dataset: Dataset, indicator_key: str, selected: list[str]) -> None:
    apply_presentation_style()
    countries = dataset.countries
    names = dict(zip(countries["iso2"], countries["name"]))
    chosen = [code for code in countries["iso2"] if code in selected] or list(countries["iso2"])
    indicator = INDICATORS[indicator_key]
    st.title("Western Balkans: EU, NATO, Clean Network Initiative and Chinese projects")
    map_column, table_column = st.columns([1.6, 1], gap="medium")
    with map_column:
        text = map_text(indicator, [names[c] for c in chosen], len(names), dataset.sources)
        show_map(dataset, ("presentation", indicator.key, tuple(chosen)),
                 lambda: build_map(countries, dataset.context, indicator, text, selected=chosen),
                 key="present_map", height=MAP_HEIGHT_PX, returned_objects=[])
    with table_column:
        table = comparison_table(countries, chosen, PRESENT_COLUMNS).drop(columns="Code").rename(columns=SHORT_HEADERS)
        table["Country"] = table["Country"].map(md_escape)  # st.table renders the index as Markdown
        st.table(table.set_index("Country"))
        st.caption("Statuses as of May 2023; Chinese projects 2021.")
        total = int(countries["chinese_projects"].sum())
        balkans = int(dataset.region_figure("balkan-projects-since-2013")["value"])
        first, second = st.columns(2)
        first.metric("Chinese projects, the six (2021)", total)
        second.metric("Whole Balkans since 2013 (brief)", balkans)
        st.caption(
            f"The brief's {balkans} counts the whole Balkans region, so it exceeds the six countries' {total}. "
            "Statuses: Security Tech Brief, May 2023. Projects: BIRN 'China in the Balkans' (2021), brief fn 55."
        )


if __name__ == "__main__":
    # Streamlit's legacy pages/ mode lists this helper as a page (/presentation); see pages/_ui.py.
    from pages._ui import require_entry_point

    require_entry_point()
