"""Presentation mode of the overview: no controls, large type, map and table in one frame sized from the window.

Two frames, both with the map on the left at the frame's full height and the table on the right: one filling the
window (16:9 and 16:10 screens, 1280x720 to 3840x2160) and a square (1:1) one for social posts. Sizes come from CSS
viewport units, so the same page fits any window without knowing its size on the server.
"""

from __future__ import annotations

import streamlit as st

from wbdash.app.maps import show_map
from wbdash.app.ui import md_text
from wbdash.as_of import month_label
from wbdash.choropleth import build_map
from wbdash.dataset import Dataset
from wbdash.describe import MapText, map_text
from wbdash.method import project_totals
from wbdash.table import comparison_table
from wbdash.text import md_escape

# The st_folium frame's height attribute is a fixed number of pixels; the stylesheet overrides it from the window.
NOMINAL_MAP_HEIGHT_PX = 700
COMMON_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] {display: none !important;}
[data-testid="stMain"] p, [data-testid="stMain"] li {font-size: var(--present-text);}
[data-testid="stMain"] h1 {font-size: var(--present-title); padding: 0 0 0.4em 0; line-height: 1.15;}
[data-testid="stMetricValue"] * {font-size: calc(2 * var(--present-text)) !important;}
[data-testid="stMetricLabel"] * {white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; font-size: var(--present-text) !important;}
[data-testid="stTable"] td, [data-testid="stTable"] th {font-size: var(--present-table) !important;
  padding: var(--present-cell, 0.45em 0.5em) !important; white-space: normal !important;}
[data-testid="stTable"] table {width: 100%; table-layout: auto;}
[data-testid="stCaptionContainer"] p {font-size: calc(0.8 * var(--present-text)) !important;}
</style>"""

WIDE_CSS = """<style>
:root {--present-text: clamp(0.95rem, calc(0.55vw + 0.75vh), 2.8rem);
       --present-table: clamp(0.85rem, calc(0.5vw + 0.7vh), 2.5rem);
       --present-title: clamp(1.4rem, calc(0.9vw + 1.1vh), 5rem);}
.block-container, [data-testid="stMainBlockContainer"] {padding: 1.5vh 1.5vw 0 1.5vw !important; max-width: 100% !important;}
iframe[title="streamlit_folium.st_folium"] {height: calc(100vh - 3vh) !important;}
</style>"""

SQUARE_CSS = """<style>
:root {--side: min(100vw, 100vh);
       --present-text: clamp(0.8rem, calc(var(--side) * 0.014), 2.6rem);
       --present-table: clamp(0.7rem, calc(var(--side) * 0.0125), 2.3rem); --present-cell: 0.35em 0.3em;
       --present-title: clamp(1.1rem, calc(var(--side) * 0.024), 4rem);}
.block-container, [data-testid="stMainBlockContainer"] {padding: 1vh 1vw 0 1vw !important;
  max-width: var(--side) !important; margin: 0 auto;}
iframe[title="streamlit_folium.st_folium"] {height: calc(var(--side) - 3vh) !important;}
</style>"""


def _show_map(dataset: Dataset, text: MapText, indicator_key: str, chosen: list[str], square: bool) -> None:
    indicator = dataset.registry[indicator_key]
    # The square frame's map is too narrow for the source box: its words go under the table instead.
    show_map(dataset, ("presentation", indicator.key, tuple(chosen), dataset.view_month, square),
             lambda: build_map(dataset, indicator, text, selected=chosen, presentation=True, source_box=not square),
             key="present_map", height=NOMINAL_MAP_HEIGHT_PX, returned_objects=[])


def _show_table(dataset: Dataset, chosen: list[str]) -> None:
    keys = [i.key for i in dataset.registry.in_place("headline")]
    table = comparison_table(dataset, chosen, keys)
    code_header, country_header = dataset.content.text("table.code"), dataset.content.text("table.country")
    table = table.drop(columns=code_header)
    table.columns = [country_header, *(dataset.registry[k].short_label for k in keys)]
    table[country_header] = table[country_header].map(md_escape)  # st.table renders the index as Markdown
    st.table(table.set_index(country_header))
    st.caption(md_text(dataset, "presentation.as_of") if dataset.is_brief_view else
               md_text(dataset, "history.presentation_as_of", as_of=month_label(dataset.view_month)))


def _show_totals(dataset: Dataset) -> None:
    totals = project_totals(dataset)
    first, second = st.columns(2)
    first.metric(md_text(dataset, "overview.metric_six"), totals.six_total)
    second.metric(md_text(dataset, "overview.metric_region"), totals.region_total)
    st.caption(md_text(dataset, "presentation.caption"))


def _frame_controls(dataset: Dataset, square: bool) -> None:
    """Leave the mode or switch frames: below the content, so a screenshot of the frame leaves them out."""
    content = dataset.content
    leave, switch = st.columns(2)
    leave.button(content.text("presentation.leave"), key="present_leave", icon=":material/close_fullscreen:",
                 on_click=lambda: st.session_state.update(ov_present=False, ov_square=False))
    switch.button(content.text("presentation.wide" if square else "presentation.square"), key="present_frame",
                  icon=":material/crop_landscape:" if square else ":material/crop_square:",
                  help=content.text("presentation.frame_help"),
                  on_click=lambda: st.session_state.update(ov_square=not square))


def render_presentation(dataset: Dataset, indicator_key: str, selected: list[str], square: bool = False) -> None:
    st.html(COMMON_CSS)
    if square:
        st.html(SQUARE_CSS)
    else:
        st.html(WIDE_CSS)
    countries = dataset.countries
    chosen = [code for code in countries["iso2"] if code in selected] or list(countries["iso2"])
    text = map_text(dataset, dataset.registry[indicator_key], chosen)
    map_column, table_column = st.columns([1.15, 1] if square else [1.6, 1], gap="medium")
    with map_column:
        _show_map(dataset, text, indicator_key, chosen, square)
    with table_column:
        st.title(md_text(dataset, "overview.title"), anchor=False)
        _show_table(dataset, chosen)
        if square:
            st.caption(md_escape(" ".join([text.source_line, *text.notes])))
        _show_totals(dataset)
        _frame_controls(dataset, square)
