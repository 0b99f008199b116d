"""The time axis at the edge: the as-of control, the cached dataset for a month, and the lane chart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st

from wbdash.as_of import dataset_at, month_bounds, month_label, month_options
from wbdash.dataset import Dataset
from wbdash.history import Month
from wbdash.lanes import lane_alt_text, lane_chart

MAX_CACHED_MONTHS = 128  # each entry is a six-row copy of the country table


@st.cache_resource(show_spinner=False, max_entries=MAX_CACHED_MONTHS)
def _cached_at(dataset_id: int, month: Month, _dataset: Dataset) -> tuple[Dataset, Dataset]:
    # The base dataset is kept with the entry so that its id, part of the key, cannot be reused meanwhile.
    return dataset_at(_dataset, month), _dataset


def view_dataset(dataset: Dataset, month: Month) -> Dataset:
    """The dataset as of `month`, computed once per loaded dataset and month."""
    return _cached_at(id(dataset), month, dataset)[0]


def today() -> date:
    return date.today()


def bounds(dataset: Dataset) -> tuple[Month, Month]:
    return month_bounds(dataset, today())


# The as-of row's height as drawn: the slider with its label, and the button, bottom-aligned; side by side, or
# stacked below 640 px where Streamlit stacks columns. Measured in Chromium at 390 to 1920 px in English, Albanian
# and Serbian: the same in each. The row keeps it while empty (the overview's first view) and while its controls'
# code is still loading (the run after it, when the browser shows a shorter stand-in), so the map never moves.
SLIDER_HEIGHT_PX = 68
RESET_HEIGHT_PX = 40
STACKED_GAP_PX = 16
AS_OF_ROW_KEY = "as_of_row"  # Streamlit gives the keyed container the CSS class st-key-as_of_row
# A plain literal, as every stylesheet passed to st.html (tests/test_xss.py): 68 = SLIDER_HEIGHT_PX, 124 = the
# three heights stacked (tests/test_first_paint.py checks both).
AS_OF_ROW_CSS = """<style>
.st-key-as_of_row {min-height: 68px;}
@media (max-width: 640px) {.st-key-as_of_row {min-height: 124px;}}
</style>"""


def as_of_control(dataset: Dataset, key: str, *, draw: bool = True) -> Month:
    """A month slider (first milestone to this month; arrow keys step a month) and a reset button; with
    `draw=False`, their space only, for a run that draws them one run later. Returns the chosen month."""
    content = dataset.content
    brief_as_of = month_label(dataset.brief_month)
    st.sidebar.html(AS_OF_ROW_CSS)  # in the sidebar: its stand-in, while the browser loads its code, moves nothing
    with st.container(key=AS_OF_ROW_KEY):
        slider_column, reset_column = st.columns([4, 1], vertical_alignment="bottom")
        if not draw:  # the space alone: Streamlit draws no empty container, so empty ones of the controls' heights
            slider_column.container(height=SLIDER_HEIGHT_PX, border=False)
            reset_column.container(height=RESET_HEIGHT_PX, border=False)
            return st.session_state[key]
        with slider_column:
            st.select_slider(content.text("history.as_of_widget"), options=month_options(dataset, today()), key=key,
                             format_func=month_label,
                             help=content.text("history.as_of_help", brief_as_of=brief_as_of))
        with reset_column:
            st.button(content.text("history.reset", brief_as_of=brief_as_of), key=f"{key}_reset",
                      disabled=st.session_state[key] == dataset.brief_month,
                      on_click=lambda: st.session_state.update({key: dataset.brief_month}))
    return st.session_state[key]


@st.cache_resource(show_spinner=False, max_entries=MAX_CACHED_MONTHS)
def _lane_spec(dataset_id: int, codes: tuple[str, ...], chosen: Month, first: Month, last: Month,
               _dataset: Dataset) -> tuple[dict, str, Dataset]:
    # Building the Vega-Lite spec with Altair takes ~150 ms; the spec only depends on these arguments.
    spec = lane_chart(_dataset, codes, chosen, first, last).to_dict()
    return spec, lane_alt_text(_dataset, codes, chosen), _dataset


def show_lanes(dataset: Dataset, codes: Sequence[str], chosen: Month) -> None:
    """The status lanes of `codes` from the first milestone to this month, with rules at the chosen month
    and the brief's, and a text alternative for screen readers."""
    first, last = bounds(dataset)
    spec, alt_text, _ = _lane_spec(id(dataset), tuple(codes), chosen, first, last, dataset)
    st.vega_lite_chart(spec=spec, width="stretch", alt=alt_text)
