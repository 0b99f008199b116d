"""Profile logic: dates, headline, ordering, grouping, disagreements, places, exports, comparison."""

from __future__ import annotations

import pytest

from wbdash.bibliography import CitationRegistry
from wbdash.figures import format_date
from wbdash.profile import by_category, compare_indicators, country_facts, disagreements, facts_table, headline, place_markers, says_little


@pytest.mark.parametrize(("raw", "shown"), [("2019", "2019"), ("2019-09", "September 2019"),
                                            ("2014-07-25", "25 July 2014")])
def test_format_date(raw, shown):
    assert format_date(raw) == shown


def test_headline_carries_values_dates_and_sources(dataset):
    items = {item.label: item for item in headline(dataset, "RS")}
    assert items["Chinese projects"].value == "61" and "Rank 1 of 6" in items["Chinese projects"].detail
    assert items["Chinese projects"].footnote == 55 and items["Chinese projects"].as_of == "2021"
    assert items["EU status"].as_of == "May 2023"
    assert "untrusted vendors" in items["Clean Network Initiative"].detail


def test_facts_are_in_date_order_with_partial_dates(dataset):
    dates = list(country_facts(dataset.facts, "RS")["date"])
    assert dates == sorted(dates, key=lambda d: d.ljust(10, "0"))
    assert dates[0].startswith("2009")


def test_categories_cover_every_fact_once(dataset):
    facts = country_facts(dataset.facts, "RS")
    grouped = by_category(facts)
    assert sum(len(group) for _, group in grouped) == len(facts)


def test_disagreements_keep_both_claims(dataset):
    groups = dict(disagreements(country_facts(dataset.facts, "RS"), dataset.conflicts))
    investment = groups["Total of Chinese investment in Serbia"]
    text = " ".join(investment["statement"])
    assert "10 billion" in text and ("1.6 billion" in text or "1,6 billion" in text)
    assert investment["source_id"].nunique() >= 1 and len(investment) >= 2


def test_sparse_countries_are_flagged(dataset):
    assert says_little(dataset, country_facts(dataset.facts, "AL"))
    assert not says_little(dataset, country_facts(dataset.facts, "RS"))
    assert not says_little(dataset, country_facts(dataset.facts, "XK"))


def test_place_markers_cite_their_events(dataset):
    registry = CitationRegistry(dataset.sources, dataset.content)
    markers = {m.place: m for m in place_markers(country_facts(dataset.facts, "RS"), dataset.places, registry)}
    assert {"Belgrade", "Novi Sad", "Niš", "Smederevo", "Kragujevac"} <= set(markers)
    assert markers["Smederevo"].latitude == pytest.approx(44.66, abs=0.01)
    assert all("[" in event for event in markers["Smederevo"].events)


def test_facts_table_has_full_citations(dataset):
    facts = country_facts(dataset.facts, "XK")
    table = facts_table(dataset, facts)
    assert list(table.columns) == ["fact_id", "country", "date", "category", "title", "statement", "place", "source",
                                   "basis", "evidence", "locator"]
    assert list(table["fact_id"]) == list(facts["fact_id"])
    assert len(table) == len(facts) and set(table["country"]) == {"Kosovo"}
    assert table["source"].str.contains("Security Tech Brief").all()


def test_compare_marks_differences(dataset):
    table = compare_indicators(dataset, ["ME", "RS"])
    assert list(table.columns) == ["Montenegro", "Serbia", "Differ?"]
    assert len(table) == len(dataset.registry.in_place("compare"))
    assert table.loc["NATO status (May 2023)", "Differ?"] == "yes"
    assert table.loc["EU status (May 2023)", "Differ?"] == "no"
    assert table.loc["Chinese projects (2021)", "Serbia"] == "61"


def test_every_recorded_disagreement_is_shown_under_its_topic(dataset):
    """The groups the audit of the four documents found (issue 11), each with both sides and their sources."""
    groups = dict(disagreements(country_facts(dataset.facts, "RS"), dataset.conflicts))
    assert len(groups) == len(dataset.conflicts) == 13
    first = groups["When the Interior Ministry–Huawei relationship was first formalised"]
    assert {"fp2019", "ceas", "brief"} <= set(first["source_id"])  # 2014 (FP, CEAS) against the brief's 2017
    cameras = groups["How many cameras were announced, bought, installed and planned, and when"]
    assert cameras["source_id"].nunique() >= 3
    for topic, group in groups.items():
        assert len(group) >= 2, topic
