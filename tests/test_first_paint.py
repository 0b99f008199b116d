"""The overview's first view draws the title and the map, and the rest one run later (wbdash.app.ui._first_view)."""

from __future__ import annotations

from collections.abc import Iterator

from streamlit.testing.v1 import AppTest

from tests.conftest import ENTRY_POINT


def map_places(node, path: tuple = ()) -> Iterator[tuple]:
    """Where the st_folium component sits in the element tree, as child indices from `node`."""
    for index, child in getattr(node, "children", {}).items():
        if "st_folium" in str(getattr(getattr(child, "proto", None), "component_name", "")):
            yield (*path, index)
        yield from map_places(child, (*path, index))


def first_view() -> AppTest:
    at = AppTest.from_file(ENTRY_POINT, default_timeout=90)
    at.run()
    assert not at.exception
    return at


def test_the_first_run_holds_the_title_the_map_and_the_menu_only():
    at = first_view()
    assert at.title and list(map_places(at.main))
    assert not (at.select_slider or at.radio or at.selectbox or at.toggle or at.multiselect)  # the controls
    assert not at.dataframe and not at.get("download_button") and not at.metric  # below the fold
    assert [link.proto.page for link in at.sidebar.get("page_link")]  # the menu: the sidebar is there from the start
    assert at.session_state["_overview_complete_run"] is False


def test_the_next_run_draws_the_controls_and_the_rest_and_every_run_after_it():
    at = first_view()
    at.run()  # what the fragment's timer asks for a second later
    assert at.select_slider(key="ov_as_of") and at.radio(key="ov_indicator") and at.selectbox(key="ov_country")
    assert at.selectbox(key="ui_language")
    assert at.dataframe and len(at.get("download_button")) == 8 and len(at.metric) == 2
    at.radio(key="ov_indicator").set_value("eu").run()
    assert at.dataframe and len(at.get("download_button")) == 8 and at.select_slider(key="ov_as_of")


def test_the_map_keeps_its_place_so_the_browser_keeps_the_drawn_map():
    # A map at another place in the next run is a new element to the browser: it would load a new iframe, Leaflet
    # and the map again, a second after drawing the first. The as-of row's space is reserved on the first view and
    # the timer's fragment comes after the map.
    at = first_view()
    first = list(map_places(at.main))
    at.run()
    assert list(map_places(at.main)) == first and len(first) == 1


def test_a_link_to_a_view_shows_that_view_on_the_first_run_and_its_controls_next():
    at = AppTest.from_file(ENTRY_POINT, default_timeout=90)
    at.query_params.update({"indicator": "eu", "country": "RS", "as_of": "2015-01"})
    at.run()
    assert not at.exception and not at.warning
    assert any("Serbia" in markdown.value for markdown in at.markdown)  # the country summary, without its selectbox
    at.run()
    assert at.radio(key="ov_indicator").value == "eu" and at.selectbox(key="ov_country").value == "RS"
    assert at.session_state["ov_as_of"] == at.select_slider(key="ov_as_of").value
    assert at.query_params["as_of"] == "2015-01"


def test_presentation_mode_is_whole_from_the_start():
    at = AppTest.from_file(ENTRY_POINT, default_timeout=90)
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception and list(map_places(at.main))
    assert at.session_state["_overview_complete_run"] is True


def test_the_as_of_rows_reserved_height_is_the_drawn_one():
    from wbdash.app.time_axis import AS_OF_ROW_CSS, AS_OF_ROW_KEY, RESET_HEIGHT_PX, SLIDER_HEIGHT_PX, STACKED_GAP_PX

    assert f".st-key-{AS_OF_ROW_KEY} {{min-height: {SLIDER_HEIGHT_PX}px;}}" in AS_OF_ROW_CSS
    assert f"{{min-height: {SLIDER_HEIGHT_PX + STACKED_GAP_PX + RESET_HEIGHT_PX}px;}}" in AS_OF_ROW_CSS
