"""What a country profile shows, computed without Streamlit: headline, timeline, facts, places."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from wbdash.bibliography import CitationRegistry
from wbdash.citations import cite, is_present
from wbdash.content import Content
from wbdash.dataset import Dataset
from wbdash.describe import display_value, labelled
from wbdash.figures import format_date
from wbdash.statuses import FACT_CATEGORIES


@dataclass(frozen=True)
class HeadlineItem:
    label: str
    value: str
    detail: str
    as_of: str
    source_id: str
    footnote: object
    since: str = ""  # "candidate since 17 December 2010", for indicators with a status history
    evidence: str = ""  # the source's own words the value rests on, with where they are


def since_text(dataset: Dataset, iso2: str, key: str) -> str:
    """'candidate since 17 December 2010' at the dataset's month, from the status history."""
    milestone = dataset.history.since(iso2, key, dataset.view_month)
    if milestone is None:
        return ""
    return dataset.content.text("history.since", status=dataset.registry[key].category_name(milestone.status),
                                date=format_date(milestone.date))


def evidence_text(content: Content, phrase: object, locator: object) -> str:
    """'“candidate” (country table)': the exact words and where they are, or '' when none are given."""
    if not is_present(phrase):
        return ""
    return content.text("evidence.item", phrase=phrase, locator=locator if is_present(locator) else "")


def basis_key(basis: str) -> str:
    """The content key naming a basis ('general knowledge' -> evidence.basis_general)."""
    return f"evidence.basis_{basis.split()[0]}"


def basis_text(content: Content, basis: object) -> str:
    """'' for a statement the source makes; otherwise what it rests on instead."""
    return "" if basis == "source" or not is_present(basis) else content.text(basis_key(str(basis)))


def headline(dataset: Dataset, iso2: str) -> list[HeadlineItem]:
    """The registry's headline indicators for one country, with as-of dates, sources and details."""
    row = dataset.country(iso2)
    values = {i.key: display_value(i, row[i.value_column]) for i in dataset.registry.indicators}
    items = []
    for indicator in dataset.registry.in_place("headline"):
        columns = indicator.columns
        assert columns is not None  # validated: headline indicators are stored ones
        details = [str(row[columns.note])] if columns.note and is_present(row[columns.note]) else []
        if indicator.headline_detail:
            details.append(dataset.content.fill(indicator.headline_detail, **values))
        items.append(HeadlineItem(
            indicator.label, values[indicator.key], " ".join(details), format_date(row[columns.as_of]),
            str(row[columns.source]), row[columns.footnote] if columns.footnote else None,
            since_text(dataset, iso2, indicator.key) if indicator.timeline else "",
            evidence_text(dataset.content, row.get(columns.evidence) if columns.evidence else None,
                          row.get(columns.locator) if columns.locator else None),
        ))
    return items


def country_facts(facts: pd.DataFrame, iso2: str) -> pd.DataFrame:
    """The country's facts in date order (partial dates sort as the start of their period)."""
    subset = facts[facts["country"] == iso2].copy()
    subset["_sort"] = subset["date"].str.pad(10, side="right", fillchar="0")
    return subset.sort_values(["_sort", "fact_id"]).drop(columns="_sort").reset_index(drop=True)


@dataclass(frozen=True)
class TimelineEntry:
    date: str  # ISO, as precise as the source gives it
    text: str
    source_id: str
    footnote: object


def timeline(dataset: Dataset, facts: pd.DataFrame, iso2: str) -> list[TimelineEntry]:
    """Dated events and status milestones, oldest first. Facts that describe a standing situation as of
    a date (date_kind 'as of', e.g. the brief's statuses) are not events and stay out."""
    content = dataset.content
    entries = [TimelineEntry(str(f["date"]), str(f["title"]), str(f["source_id"]), f["footnote"])
               for f in facts[facts["date_kind"] == "event"].to_dict("records")]
    for indicator in dataset.registry.timelines():
        entries += [TimelineEntry(m.date, content.text("history.timeline_item", label=indicator.label,
                                                       milestone=m.milestone, status=indicator.category_name(m.status)),
                                  m.source_id, None)
                    for m in dataset.history.lane(iso2, indicator.key)]
    return sorted(entries, key=lambda e: e.date.ljust(10, "0"))


def by_category(facts: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Facts grouped in the declared category order, skipping empty categories."""
    return [(c, facts[facts["category"] == c]) for c in FACT_CATEGORIES if (facts["category"] == c).any()]


def disagreements(facts: pd.DataFrame, conflicts: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """(topic, facts) for each group of conflicting claims with two or more facts here, in the order of
    data/conflicts.csv."""
    topics = dict(zip(conflicts["conflict_group"], conflicts["topic"], strict=True))
    grouped = dict(tuple(facts.dropna(subset=["conflict_group"]).groupby("conflict_group", sort=False)))
    return [(topics[name], grouped[name]) for name in topics if name in grouped and len(grouped[name]) >= 2]


def says_little(dataset: Dataset, facts: pd.DataFrame) -> bool:
    """True when the sources offer no more facts on the country than it has headline indicators."""
    return len(facts) <= len(dataset.registry.in_place("headline"))


@dataclass(frozen=True)
class PlaceMarker:
    place: str
    latitude: float
    longitude: float
    events: tuple[str, ...]  # plain text, each with its citation number


def place_markers(facts: pd.DataFrame, places: pd.DataFrame, registry: CitationRegistry) -> list[PlaceMarker]:
    located = facts.dropna(subset=["place"])
    markers = []
    for place, group in located.groupby("place", sort=True):
        row = places.set_index("place").loc[place]
        events = tuple(
            f"{format_date(f['date'])}: {f['title']} [{registry.number(f['source_id'], f['footnote'])}]"
            for f in group.to_dict("records")
        )
        name = row["label"] if "label" in row.index else place  # the name in the reader's language (wbdash.localise)
        markers.append(PlaceMarker(str(name), float(row["latitude"]), float(row["longitude"]), events))
    return markers


def facts_table(dataset: Dataset, facts: pd.DataFrame) -> pd.DataFrame:
    """The facts with full citations, for download (machine keys, as in the data file)."""
    names = dict(zip(dataset.countries["iso2"], dataset.countries["name"], strict=False))
    regional = dataset.content.text("profile.regional")
    return pd.DataFrame({
        "fact_id": list(facts["fact_id"]),
        "country": [names.get(code, regional) for code in facts["country"]],
        "date": list(facts["date"]),
        "category": list(facts["category"]),
        "title": list(facts["title"]),
        "statement": list(facts["statement"]),
        "place": [p if isinstance(p, str) else "" for p in facts["place"]],
        "source": [cite(dataset.sources, s, f) for s, f in zip(facts["source_id"], facts["footnote"], strict=False)],
        "basis": list(facts["basis"]),
        "evidence": [e if is_present(e) else "" for e in facts["evidence"]],
        "locator": [loc if is_present(loc) else "" for loc in facts["locator"]],
    })


def compare_indicators(dataset: Dataset, codes: Sequence[str]) -> pd.DataFrame:
    """The registry's compare indicators as rows, countries as columns, plus whether the countries differ."""
    chosen = dataset.countries.set_index("iso2").loc[list(codes)]
    indicators = dataset.registry.in_place("compare")
    content = dataset.content
    table = pd.DataFrame(
        {str(chosen.loc[code, "name"]): [display_value(i, chosen.loc[code, i.value_column]) for i in indicators]
         for code in codes},
        index=[labelled(dataset, i) for i in indicators],
    )
    table[content.text("compare.differ")] = [
        content.text("compare.yes") if len(set(values)) > 1 else content.text("compare.no")
        for values in table.itertuples(index=False)
    ]
    return table
