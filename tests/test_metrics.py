"""Derived indicators: share of the six, projects per million, rank, ordered statuses."""

from __future__ import annotations

import pytest

from wbdash.dataset import load_dataset


@pytest.fixture(scope="module")
def countries():
    return load_dataset().countries.set_index("iso2")


def test_shares_sum_to_100_and_serbia_has_half(countries):
    assert countries["projects_share"].sum() == pytest.approx(100)
    assert countries.loc["RS", "projects_share"] == pytest.approx(61 / 122 * 100)


@pytest.mark.parametrize(("iso2", "rank"), [("RS", 1), ("BA", 2), ("MK", 3), ("ME", 4), ("AL", 5), ("XK", 6)])
def test_rank_by_projects(countries, iso2, rank):
    assert countries.loc[iso2, "projects_rank"] == rank


def test_projects_per_million_uses_population(countries):
    assert countries.loc["ME", "projects_per_million"] == pytest.approx(9 / 0.622137)
    assert countries.loc["XK", "projects_per_million"] == 0


def test_statuses_are_ordered_categories(countries):
    eu = countries["eu_status"]
    assert eu.cat.ordered and list(eu.cat.categories) == ["none", "potential candidate", "candidate", "member"]
    eu_rank = dict(zip(countries.index, eu.cat.codes))
    nato_rank = dict(zip(countries.index, countries["nato_status"].cat.codes))
    assert eu_rank["XK"] < eu_rank["RS"]
    assert nato_rank["RS"] < nato_rank["BA"] < nato_rank["AL"]
    assert list(countries.sort_values("eu_status").index)[0] == "XK"
