"""The time axis on every page, through AppTest: the as-of control, links with dates, lanes, what changed."""

from __future__ import annotations

import json
import re

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import run_page
from wbdash.history import parse_month


def plain(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


def lane_specs(at: AppTest) -> list[dict]:
    """Each Vega-Lite chart's spec, with the datasets Streamlit sends apart (as Arrow) put back as records."""
    specs = []
    for element in at.main:
        if type(element).__name__ != "UnknownElement" or element.type != "vega_lite_chart":
            continue
        spec = json.loads(element.proto.spec)
        spec["datasets"] = {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pylist()
                            for d in element.proto.datasets}
        specs.append(spec)
    return specs


def eu_column(at: AppTest, label: str) -> dict[str, str]:
    frame = at.dataframe[0].value
    return dict(zip(frame["Code"], frame[label], strict=True))


def test_default_is_the_brief_date_and_the_link_stays_short():
    at = run_page()
    assert at.select_slider(key="ov_as_of").value == parse_month("2023-05")
    assert "as_of" not in at.query_params
    assert eu_column(at, "EU status (May 2023)")["BA"] == "candidate"
    assert at.button(key="ov_as_of_reset").disabled


def test_a_dated_link_shows_the_statuses_of_that_month():
    at = run_page(None, {"as_of": "2015-01", "indicator": "eu"})
    assert not at.warning
    eu = eu_column(at, "EU status (January 2015)")
    assert eu["BA"] == "potential candidate" and eu["ME"] == "candidate"
    assert eu_column(at, "Clean Network Initiative (January 2015)")["AL"] == "not recorded"
    assert eu_column(at, "Chinese projects (2021)")["RS"] == 61  # one dated count, whatever the month
    captions = [plain(c.value) for c in at.caption]
    assert any("Statuses as of January 2015 from the dated status history" in c for c in captions)
    assert any("Chinese projects have no series" in c for c in captions)
    assert at.query_params["as_of"] == "2015-01"


def test_moving_the_control_updates_table_and_link_and_reset_returns():
    at = run_page()
    at.select_slider(key="ov_as_of").set_value(parse_month("2021-01")).run()
    assert not at.exception
    assert at.query_params["as_of"] == "2021-01"
    assert eu_column(at, "Clean Network Initiative (January 2021)")["MK"] == "signed"
    at.button(key="ov_as_of_reset").click().run()
    assert "as_of" not in at.query_params
    assert at.select_slider(key="ov_as_of").value == parse_month("2023-05")


def test_a_later_month_is_marked_as_after_the_brief():
    at = run_page(None, {"as_of": "2025-01"})
    assert "EU status (January 2025, after the brief)" in at.dataframe[0].value.columns


@pytest.mark.parametrize("value", ["2015-13", "2015", "1990-01", "2099-01", "<script>alert(1)</script>",
                                   "2015-01-01", ""])
def test_a_bad_as_of_gives_a_notice_and_the_default(value):
    at = run_page(None, {"as_of": value})
    warnings = [plain(w.value) for w in at.warning]
    assert any("'as_of' is not a month between February 1994 and" in w for w in warnings)
    assert all("script" not in w for w in warnings)
    assert at.select_slider(key="ov_as_of").value == parse_month("2023-05")
    assert "as_of" not in at.query_params


def test_a_repeated_as_of_uses_the_last_value_and_says_so():
    at = run_page(None, {"as_of": ["2015-01", "2016-01"]})
    assert any("repeats 'as_of'" in plain(w.value) for w in at.warning)
    assert at.select_slider(key="ov_as_of").value == parse_month("2016-01")


def test_the_overview_lanes_mark_the_chosen_and_the_brief_date():
    at = run_page(None, {"as_of": "2015-01"})
    (spec,) = lane_specs(at)
    rules = next(d for d in spec["datasets"].values() if d and "which" in d[0])
    assert [r["day"] for r in rules] == ["2015-01-01", "2023-05-01"]
    assert "Status over time: all 6 Western Balkan countries" in json.dumps(spec["title"])


def test_the_profile_shows_lanes_since_dates_and_milestones_with_references():
    at = run_page("pages/profile.py", {"country": "ME"})
    text = plain("\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption))
    assert "candidate since 17 December 2010" in text
    assert "member since 5 June 2017" in text
    assert "EU status: Candidate status granted by the European Council (candidate)" in text
    assert "Commission: Montenegro candidate (2010)" in text or "Commissioner Füle" in text  # in the references
    (spec,) = lane_specs(at)
    lanes = next(d for d in spec["datasets"].values() if d and "lane" in d[0] and "key" in d[0])
    assert {row["country"] for row in lanes} == {"Montenegro"}


def test_the_profile_timeline_no_longer_lists_the_brief_statuses_as_events():
    at = run_page("pages/profile.py", {"country": "ME"})
    timeline = next(m.value for m in at.markdown if "Joined the Partnership for Peace" in plain(m.value))
    assert "May 2023" not in plain(timeline)


def test_compare_shows_lanes_and_what_changed_between_two_dates():
    at = run_page("pages/compare.py", {"countries": "ME,RS", "from": "2010-01", "to": "2020-01"})
    assert not at.warning
    (spec,) = lane_specs(at)
    changes = at.dataframe[1].value.set_index(["Country", "Indicator"])
    assert changes.loc[("Montenegro", "NATO status"), "Status at January 2010"] == "Membership Action Plan"
    assert changes.loc[("Montenegro", "NATO status"), "Status at January 2020"] == "member"
    assert changes.loc[("Montenegro", "NATO status"), "Changed?"] == "yes"
    assert changes.loc[("Serbia", "NATO status"), "Changed?"] == "no"
    assert "1 March 2012: Candidate status granted" in changes.loc[("Serbia", "EU status"), "Milestones in between"]
    assert at.query_params["from"] == "2010-01" and at.query_params["to"] == "2020-01"


@pytest.mark.parametrize(("params", "notice"), [
    ({"from": "2010-1"}, "'from' is not a month"),
    ({"to": "2199-01"}, "'to' is not a month"),
    ({"from": "2020-01", "to": "2010-01"}, "not before its 'to' month"),
    ({"from": ["2010-01", "2011-01"]}, "repeats 'from'"),
])
def test_compare_bad_dates_give_a_notice_and_the_default(params, notice):
    at = run_page("pages/compare.py", {"countries": "ME,RS", **params})
    assert any(notice in plain(w.value) for w in at.warning), [w.value for w in at.warning]
    assert len(at.dataframe) == 2


def test_presentation_mode_keeps_the_month():
    at = run_page(None, {"present": "1", "as_of": "2015-01", "indicator": "eu"})
    assert any("Statuses as of January 2015 (dated status history)" in plain(c.value) for c in at.caption)
    assert at.query_params["as_of"] == "2015-01" and at.query_params["present"] == "1"
