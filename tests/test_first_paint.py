"""The overview's first view draws the map first and the rest one run later (wbdash.app.ui.below_the_fold_ready)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ENTRY_POINT


def test_the_first_run_holds_what_is_above_the_fold_and_the_next_run_the_rest():
    at = AppTest.from_file(ENTRY_POINT, default_timeout=90)
    at.run()
    assert not at.exception
    assert [c for c in at.get("component_instance") if "st_folium" in c.proto.component_name]  # the map
    assert at.title and not at.dataframe and not at.get("download_button") and not at.metric
    assert at.session_state["_overview_below_pending"]
    at.run()  # what the fragment's timer asks for a second later
    assert at.dataframe and len(at.get("download_button")) == 8 and len(at.metric) == 2
    at.run()  # and from then on every run draws the whole page
    assert at.dataframe and len(at.get("download_button")) == 8


def test_a_click_before_the_timer_draws_the_rest_at_once():
    at = AppTest.from_file(ENTRY_POINT, default_timeout=90)
    at.run()
    at.radio(key="ov_indicator").set_value("eu").run()
    assert at.dataframe and len(at.get("download_button")) == 8
