"""URL parameters: good ones reproduce the view, bad ones give a notice and the defaults."""

from __future__ import annotations

import pytest

from wbdash.view_state import ViewOptions, ViewState, parse_view

ALL = ["AL", "BA", "ME", "MK", "RS", "XK"]


def _parse(dataset, params):
    return parse_view(params, ALL, dataset.registry, dataset.content)


def test_options_come_from_the_registry(dataset):
    options = ViewOptions.of(dataset.registry)
    assert options.indicators == ("eu", "nato", "cni", "projects", "projects_per_million")
    assert options.default_indicator == dataset.registry.default_map == "projects"
    assert options.columns == ("eu", "nato", "cni", "projects", "projects_per_million", "share", "rank", "population")
    assert set(options.default_columns) <= set(options.columns) and "population" not in options.default_columns


def test_no_parameters_give_the_default_view(dataset):
    options = ViewOptions.of(dataset.registry)
    state = _parse(dataset, {})
    assert state == ViewState(options.default_indicator, countries=tuple(ALL), columns=options.default_columns)
    assert not state.notices
    assert state.to_query(ALL, options) == {}


def test_good_parameters_reproduce_the_view_and_round_trip(dataset):
    state = _parse(dataset, {"indicator": ["nato"], "countries": ["rs,ME"], "columns": ["eu,projects"],
                             "country": ["rs"], "present": ["1"]})
    assert (state.indicator, state.countries, state.columns, state.country, state.present) == \
        ("nato", ("ME", "RS"), ("eu", "projects"), "RS", True)
    assert not state.notices
    query = state.to_query(ALL, ViewOptions.of(dataset.registry))
    assert _parse(dataset, {k: [v] for k, v in query.items()}) == state


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"indicator": ["gdp"]}, "indicator"),
        ({"indicator": ["share"]}, "indicator"),  # a table column, not a map indicator
        ({"indicator": ["<script>alert(1)</script>"]}, "indicator"),
        ({"countries": ["FR,DE"]}, "no known country"),
        ({"countries": ["RS,ZZ"]}, "not recognised"),
        ({"columns": ["secret"]}, "no known table column"),
        ({"country": ["'; DROP TABLE"]}, "country"),
        ({"indicator": ["eu", "nato"]}, "repeats"),
        ({"indicator": ["x" * 5000]}, "too long"),
        ({"present": ["maybe"]}, "presentation"),
        ({"utm_source": ["mail"]}, "unrecognised parameter"),
    ],
)
def test_bad_parameters_give_a_notice_and_defaults(dataset, params, words):
    state = _parse(dataset, params)
    assert any(words in notice for notice in state.notices), state.notices
    assert state.indicator in {"projects", "nato"}
    assert set(state.countries) <= set(ALL) and state.countries
    assert state.columns
    for notice in state.notices:
        assert "<script>" not in notice and "DROP" not in notice and "x" * 50 not in notice
        assert "{" not in notice  # every placeholder was filled


def test_no_known_country_notice_counts_all_six(dataset):
    (notice,) = [n for n in _parse(dataset, {"countries": ["FR"]}).notices if "no known country" in n]
    assert "showing all 6" in notice


def test_default_columns_are_not_written_to_the_url(dataset):
    options = ViewOptions.of(dataset.registry)
    state = ViewState(options.default_indicator, countries=tuple(ALL), columns=options.default_columns)
    assert "columns" not in state.to_query(ALL, options)
    assert "indicator" not in state.to_query(ALL, options)
