"""The overview page as a reader uses it, through Streamlit's AppTest."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")


def run(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def table(at: AppTest):
    return at.dataframe[0].value


def test_default_view_shows_all_six_and_the_regional_caveat():
    at = run()
    assert "Western Balkans" in at.title[0].value
    assert list(table(at)["Code"]) == ["AL", "BA", "XK", "ME", "MK", "RS"]
    assert table(at).set_index("Code").loc["RS", "Chinese projects (count, 2021)"] == 61
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Chinese projects, the six countries (2021)"] == "122"
    assert metrics["Chinese projects, whole Balkans since 2013 (brief)"] == "136"
    assert any("136 counts the whole Balkans" in c.value for c in at.caption)
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


def test_url_reproduces_the_view():
    at = run({"indicator": "nato", "countries": "RS,ME", "columns": "nato,projects", "country": "ME"})
    assert at.radio(key="ov_indicator").value == "nato"
    assert list(table(at)["Code"]) == ["ME", "RS"]
    assert list(table(at).columns) == ["Country", "Code", "NATO status (May 2023)", "Chinese projects (count, 2021)", "Profile"]
    assert at.selectbox(key="ov_country").value == "ME"
    assert any("Montenegro" in m.value for m in at.markdown)
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


def test_selecting_a_country_shows_its_summary():
    at = run()
    at.selectbox(key="ov_country").set_value("BA").run()
    text = " ".join(m.value for m in at.markdown)
    assert "Bosnia and Herzegovina" in text and "Membership Action Plan" in text and "29" in text
    assert at.query_params["country"] == "BA"


def test_broken_data_shows_a_located_error_and_no_partial_data(tmp_path, monkeypatch, data_copy):
    path = data_copy / "countries.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[6][rows[0].index("chinese_projects")] = "many"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    monkeypatch.setenv("WBDASH_DATA_DIR", str(data_copy))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert at.error and "did not pass validation" in at.error[0].value
    assert "countries.csv, row 7, column 'chinese_projects'" in at.code[0].value
    assert not at.dataframe and not at.metric
