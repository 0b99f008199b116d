"""The compare page through AppTest: aligned indicators, facts side by side, the URL."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import run_page


def open_compare(params: dict[str, str] | None = None) -> AppTest:
    return run_page("pages/compare.py", params)


def test_default_compares_montenegro_and_serbia():
    at = open_compare()
    table = at.dataframe[0].value
    assert list(table.columns) == ["Montenegro", "Serbia", "Differ?"]
    assert table.loc["NATO status (May 2023)", "Montenegro"] == "member"
    assert table.loc["NATO status (May 2023)", "Differ?"] == "yes"
    assert table.loc["EU status (May 2023)", "Differ?"] == "no"
    assert table.loc["Chinese projects (2021)", "Serbia"] == "61"


def test_url_selects_countries_and_citations_resolve():
    at = open_compare({"countries": "AL,XK,BA"})
    assert list(at.dataframe[0].value.columns) == ["Albania", "Kosovo", "Bosnia and Herzegovina", "Differ?"]
    text = "\n".join(m.value for m in at.markdown)
    cited = {int(n) for n in re.findall(r"\\\[(\d+)\\\]", text)}
    listed = {int(n) for n in re.findall(r"^(\d+)\\\. ", text, flags=re.M)}
    assert cited and cited <= listed
    assert at.query_params["countries"] == "AL,XK,BA"  # the link's order is kept


@pytest.mark.parametrize("value", ["RS", "ZZ,QQ", "<b>x</b>"])
def test_bad_selection_gives_a_notice_and_the_default_pair(value):
    at = open_compare({"countries": value})
    assert at.warning
    assert list(at.dataframe[0].value.columns) == ["Montenegro", "Serbia", "Differ?"]


def test_changing_selection_updates_the_url():
    at = open_compare()
    at.multiselect(key="compare_countries").set_value(["RS", "MK", "ME"]).run()
    assert not at.exception
    assert at.query_params["countries"] == "RS,MK,ME"  # in the order the reader picked them
    assert list(at.dataframe[0].value.columns) == ["Serbia", "North Macedonia", "Montenegro", "Differ?"]
