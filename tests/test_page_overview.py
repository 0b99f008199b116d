"""The overview page as a reader uses it, through Streamlit's AppTest."""

from __future__ import annotations

import csv
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import run_page


def run(params: dict[str, str] | None = None) -> AppTest:
    return run_page(None, params)


def plain(value: str) -> str:
    """Text as the reader sees it: the Markdown escapes (md_escape) removed."""
    return re.sub(r"\\(.)", r"\1", value)


def table(at: AppTest):
    return at.dataframe[0].value


def test_default_view_shows_all_six_and_the_regional_caveat():
    at = run()
    assert plain(at.title[0].value) == (
        "Western Balkans: EU and NATO status, Clean Network Initiative and Chinese projects")
    assert list(table(at)["Code"]) == ["AL", "BA", "XK", "ME", "MK", "RS"]
    assert table(at).set_index("Code").loc["RS", "Chinese projects (2021)"] == 61
    metrics = {plain(m.label): m.value for m in at.metric}
    assert metrics["Chinese projects, the 6 countries (2021)"] == "122"
    assert metrics["Chinese projects, whole Balkans since 2013 (brief)"] == "136"
    assert any("regional figure is 136 for the Balkans since 2013" in plain(c.value) for c in at.caption)
    assert any("the brief does not explain it" in plain(c.value) for c in at.caption)
    assert any("Difference: 14" in plain(c.value) for c in at.caption)
    assert not at.warning


def test_indicator_switch_updates_the_url():
    at = run()
    at.radio(key="ov_indicator").set_value("eu").run()
    assert not at.exception
    assert at.query_params["indicator"] == "eu"


def test_country_filter_drives_table_and_url():
    at = run()
    at.multiselect(key="ov_countries").set_value(["RS", "ME"]).run()
    assert not at.exception
    assert list(table(at)["Code"]) == ["ME", "RS"]
    assert at.query_params["countries"] == "ME,RS"


def test_column_choice_drives_the_table():
    at = run()
    at.multiselect(key="ov_columns").set_value(["cni"]).run()
    assert list(table(at).columns) == ["Country", "Code", "Clean Network Initiative (May 2023)", "Profile"]
    assert at.query_params["columns"] == "cni"


def test_url_reproduces_the_view():
    at = run({"indicator": "nato", "countries": "RS,ME", "columns": "nato,projects", "country": "ME"})
    assert at.radio(key="ov_indicator").value == "nato"
    assert list(table(at)["Code"]) == ["ME", "RS"]
    assert list(table(at).columns) == ["Country", "Code", "NATO status (May 2023)", "Chinese projects (2021)", "Profile"]
    assert at.selectbox(key="ov_country").value == "ME"
    assert any("Montenegro" in m.value for m in at.markdown)
    assert list(at.multiselect(key="ov_columns").value) == ["nato", "projects"]
    assert not at.warning


@pytest.mark.parametrize(
    "params",
    [
        {"indicator": "<script>alert(1)</script>"},
        {"countries": "ZZ,<b>x</b>"},
        {"columns": "nope"},
        {"country": "javascript:alert(1)"},
        {"indicator": "x" * 3000},
        {"surprise": "1"},
    ],
)
def test_bad_url_gives_a_notice_and_defaults(params):
    at = run(params)
    assert at.warning, "expected a visible notice"
    assert len(table(at)) >= 1
    for warning in at.warning:
        assert "<script>" not in warning.value and "<b>" not in warning.value and "javascript:" not in warning.value
        assert "<script>" not in plain(warning.value) and "javascript:" not in plain(warning.value)


def test_selecting_a_country_shows_its_summary():
    at = run()
    at.selectbox(key="ov_country").set_value("BA").run()
    text = plain(" ".join(m.value for m in at.markdown))
    assert "Bosnia and Herzegovina" in text and "NATO status: Membership Action Plan (May 2023)" in text
    assert "Chinese projects: 29 (2021)" in text
    assert at.query_params["country"] == "BA"
    links = [link for link in at.get("page_link") if "Bosnia and Herzegovina" in str(link.proto.label)]
    assert links and links[0].proto.page == "profile" and links[0].proto.query_string == "country=BA"


def test_broken_data_shows_a_located_error_and_no_partial_data(tmp_path, monkeypatch, data_copy):
    path = data_copy / "countries.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[6][rows[0].index("chinese_projects")] = "many"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    monkeypatch.setenv("WBDASH_DATA_DIR", str(data_copy))
    at = run_page(None)
    assert at.error and "did not pass validation" in at.error[0].value
    assert "countries.csv, row 7, column 'chinese_projects'" in at.code[0].value
    assert not at.dataframe and not at.metric


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_presentation_mode_is_entered_switched_to_square_and_left_with_buttons():
    at = run()
    _button(at, "Presentation mode").click().run()
    assert not at.exception and at.query_params["present"] == "1" and at.table and not at.dataframe
    _button(at, "Square frame (1:1)").click().run()
    assert at.query_params["present"] == "square"
    assert any("Boundaries: Natural Earth" in plain(c.value) for c in at.caption)  # the source under the table
    _button(at, "Fill the window").click().run()
    assert at.query_params["present"] == "1"
    _button(at, "Leave presentation mode").click().run()
    assert "present" not in at.query_params and at.dataframe and not at.table


def test_a_square_link_opens_the_square_frame_and_a_bad_flag_names_both():
    at = run({"present": "square", "indicator": "nato"})
    assert at.table and any(b.label == "Fill the window" for b in at.button)
    at = run({"present": "wide"})
    assert any("present=square" in plain(w.value) for w in at.warning) and at.dataframe
