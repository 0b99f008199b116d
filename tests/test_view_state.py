"""URL parameters: good ones reproduce the view, bad ones give a notice and the defaults."""

from __future__ import annotations

import pytest

from wbdash.table import DEFAULT_COLUMNS
from wbdash.view_state import ViewState, parse_view

ALL = ["AL", "BA", "ME", "MK", "RS", "XK"]


def test_no_parameters_give_the_default_view():
    state = parse_view({}, ALL)
    assert state == ViewState(countries=tuple(ALL)) and not state.notices


def test_good_parameters_reproduce_the_view_and_round_trip():
    state = parse_view({"indicator": ["nato"], "countries": ["rs,ME"], "columns": ["eu,projects"], "country": ["rs"]}, ALL)
    assert (state.indicator, state.countries, state.columns, state.country) == ("nato", ("ME", "RS"), ("eu", "projects"), "RS")
    assert not state.notices
    query = state.to_query(ALL)
    assert parse_view({k: [v] for k, v in query.items()}, ALL) == state


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"indicator": ["gdp"]}, "indicator"),
        ({"indicator": ["<script>alert(1)</script>"]}, "indicator"),
        ({"countries": ["FR,DE"]}, "no known country"),
        ({"countries": ["RS,ZZ"]}, "not recognised"),
        ({"columns": ["secret"]}, "no known table column"),
        ({"country": ["'; DROP TABLE"]}, "country"),
        ({"indicator": ["eu", "nato"]}, "repeats"),
        ({"indicator": ["x" * 5000]}, "too long"),
        ({"utm_source": ["mail"]}, "unrecognised parameter"),
    ],
)
def test_bad_parameters_give_a_notice_and_defaults(params, words):
    state = parse_view(params, ALL)
    assert any(words in notice for notice in state.notices), state.notices
    assert state.indicator in {"projects", "nato"}
    assert set(state.countries) <= set(ALL) and state.countries
    assert state.columns
    for notice in state.notices:
        assert "<script>" not in notice and "DROP" not in notice and "x" * 50 not in notice


def test_default_columns_are_not_written_to_the_url():
    assert "columns" not in ViewState(countries=tuple(ALL), columns=DEFAULT_COLUMNS).to_query(ALL)
