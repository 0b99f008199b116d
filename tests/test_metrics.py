"""Derived indicators: share of the six, projects per million, rank, ordered statuses."""

from __future__ import annotations

import pandas as pd
import pytest

from wbdash.metrics import add_metrics, total


@pytest.fixture(scope="module")
def countries(dataset):
    return dataset.countries.set_index("iso2")


def test_shares_sum_to_100_and_serbia_has_half(countries):
    assert countries["projects_share"].sum() == pytest.approx(100)
    assert countries.loc["RS", "projects_share"] == pytest.approx(61 / 122 * 100)


@pytest.mark.parametrize(("iso2", "rank"), [("RS", 1), ("BA", 2), ("MK", 3), ("ME", 4), ("AL", 5), ("XK", 6)])
def test_rank_by_projects(countries, iso2, rank):
    assert countries.loc[iso2, "projects_rank"] == rank


def test_projects_per_million_uses_population(countries):
    assert countries.loc["ME", "projects_per_million"] == pytest.approx(9 / 0.622137)
    assert countries.loc["XK", "projects_per_million"] == 0


def test_derived_columns_are_the_registry_s(dataset):
    derived = {i.key: i.value_column for i in dataset.registry.indicators if i.derived is not None}
    assert derived == {"projects_per_million": "projects_per_million", "share": "projects_share",
                       "rank": "projects_rank"}
    assert set(derived.values()) <= set(dataset.countries.columns)
    assert total(dataset.countries, dataset.registry["projects"]) == 122


def test_add_metrics_computes_as_the_registry_declares(dataset):
    raw = pd.DataFrame({
        "iso2": ["AA", "BB", "CC"], "chinese_projects": [10, 30, 30], "population": [2_000_000, 500_000, 3_000_000],
        "eu_status": ["member", "none", "candidate"], "nato_status": ["none", "member", "none"],
        "cni_status": ["signed", "not signed", "signed"],
    })
    frame = add_metrics(raw, dataset.registry).set_index("iso2")
    assert list(frame["projects_per_million"]) == pytest.approx([5, 60, 10])
    assert list(frame["projects_share"]) == pytest.approx([100 / 7, 300 / 7, 300 / 7])
    assert list(frame["projects_rank"]) == [3, 1, 1]  # ties share the better rank
    assert list(frame["eu_status"].cat.categories) == list(dataset.registry["eu"].categories)
    assert "projects_rank" not in raw.columns  # the input is left alone


def test_statuses_are_ordered_categories(dataset, countries):
    eu = countries["eu_status"]
    assert eu.cat.ordered and list(eu.cat.categories) == ["none", "potential candidate", "candidate", "member"]
    for key in ("eu", "nato", "cni"):
        indicator = dataset.registry[key]
        column = countries[indicator.value_column]
        assert column.cat.ordered and list(column.cat.categories) == list(indicator.categories)
    eu_rank = dict(zip(countries.index, eu.cat.codes, strict=True))
    nato_rank = dict(zip(countries.index, countries["nato_status"].cat.codes, strict=True))
    assert eu_rank["XK"] < eu_rank["RS"]
    assert nato_rank["RS"] < nato_rank["BA"] < nato_rank["AL"]
    assert list(countries.sort_values("eu_status").index)[0] == "XK"
