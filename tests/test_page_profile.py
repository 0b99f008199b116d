"""Country profiles through AppTest: all six, their indicators, citations and completeness."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import run_page
from wbdash.profile import country_facts, timeline
from wbdash.text import md_escape

BRIEF_VALUES = {
    "AL": ("candidate", "member", "signed", "8"),
    "BA": ("candidate", "Membership Action Plan", "not signed", "29"),
    "XK": ("potential candidate", "none", "signed", "0"),
    "ME": ("candidate", "member", "not signed", "9"),
    "MK": ("candidate", "member", "signed", "15"),
    "RS": ("candidate", "none", "not signed", "61"),
}


def open_profile(params: dict[str, str]) -> AppTest:
    return run_page("pages/profile.py", params)


def plain(value: str) -> str:
    """Text as the reader sees it: the Markdown escapes (md_escape) removed."""
    return re.sub(r"\\(.)", r"\1", value)


def page_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n" + "\n".join(c.value for c in at.caption)


def references(at: AppTest) -> dict[int, str]:
    text = next(m.value for m in at.markdown if m.value.startswith("1\\. "))
    return {int(n): body for n, body in re.findall(r"^(\d+)\\\. (.*)$", text, flags=re.M)}


@pytest.mark.parametrize("iso2", list(BRIEF_VALUES))
def test_profile_shows_the_briefs_four_indicators(iso2, dataset):
    at = open_profile({"country": iso2})
    assert plain(at.title[0].value) == f"{dataset.country(iso2)['name']}: country profile"
    metrics = {plain(m.label): m.value for m in at.metric}
    eu, nato, cni, projects = BRIEF_VALUES[iso2]
    assert (metrics["EU status"], metrics["NATO status"], metrics["Clean Network Initiative"],
            metrics["Chinese projects"]) == (eu, nato, cni, projects)
    assert any("As of May 2023" in c.value for c in at.caption)
    assert any("As of 2021" in c.value for c in at.caption)


@pytest.mark.parametrize("iso2", list(BRIEF_VALUES))
def test_every_citation_number_resolves_to_a_reference(iso2):
    at = open_profile({"country": iso2})
    cited_numbers = {int(n) for n in re.findall(r"\\\[(\d+)\\\]", page_text(at))}
    listed = references(at)
    assert cited_numbers and cited_numbers <= set(listed)
    assert set(listed) == set(range(1, len(listed) + 1))


@pytest.mark.parametrize("iso2", list(BRIEF_VALUES))
def test_every_fact_of_the_country_appears_on_its_page(iso2, dataset):
    at = open_profile({"country": iso2})
    text = page_text(at)
    facts = dataset.facts[dataset.facts["country"] == iso2]
    assert len(facts) > 0
    events = {entry.text for entry in timeline(dataset, country_facts(dataset.facts, iso2), iso2)}
    for fact in facts.to_dict("records"):
        assert md_escape(fact["statement"]) in text, fact["fact_id"]
        # Events are on the timeline by title; situations described as of a date are not events.
        assert (fact["title"] in events) == (fact["date_kind"] == "event"), fact["fact_id"]
        if fact["date_kind"] == "event":
            assert md_escape(fact["title"]) in text, fact["fact_id"]


def test_serbia_shows_places_and_disagreements():
    at = open_profile({"country": "RS"})
    text = page_text(at)
    for place in ("Belgrade", "Novi Sad", "Niš", "Smederevo", "Kragujevac"):
        assert f"**{place}**" in text
    assert any(plain(s.value) == "Where the sources disagree" for s in at.subheader)
    assert "8\\,100" in text or "8,100" in text


def test_sparse_country_says_so():
    at = open_profile({"country": "AL"})
    assert any("say little" in i.value for i in at.info)
    assert not any("say little" in i.value for i in open_profile({"country": "RS"}).info)


@pytest.mark.parametrize("value", ["ZZ", "<script>alert(1)</script>", "rs' OR 1=1", ""])
def test_unknown_country_gives_a_notice_and_a_way_back(value):
    at = open_profile({"country": value})
    if value:
        assert at.warning and all("<script>" not in w.value and "<script>" not in plain(w.value) for w in at.warning)
        back = [link for link in at.get("page_link") if "back" in str(link.proto.label).lower()]
        assert back and "overview" in str(back[0].proto.label).lower()
        assert back[0].proto.page_script_hash == next(
            link for link in at.get("page_link") if link.proto.label == "Overview").proto.page_script_hash
    assert at.selectbox(key="profile_country").value in BRIEF_VALUES


def test_switching_country_updates_url_and_page():
    at = open_profile({"country": "RS"})
    at.selectbox(key="profile_country").set_value("XK").run()
    assert not at.exception
    assert at.query_params["country"] == "XK"
    assert plain(at.title[0].value).startswith("Kosovo: ")
    assert "Dahua" in page_text(at)


@pytest.mark.parametrize("iso2", ["RS", "AL"])
def test_the_table_of_contents_links_every_section_on_the_page(iso2):
    at = open_profile({"country": iso2})
    contents = next(m.value for m in at.markdown if plain(m.value).startswith("**On this page:**"))
    anchors = re.findall(r"\]\(#([a-z-]+)\)", contents)
    assert anchors[:4] == ["places", "status-history", "timeline", "facts"]
    assert anchors[-2:] == ["references", "downloads"]
    headers = {h.proto.anchor for h in at.subheader}
    assert set(anchors) <= headers, set(anchors) - headers
    assert ("disagreements" in anchors) == any("Where the sources disagree" in plain(h.value) for h in at.subheader)


def test_the_profile_offers_its_slide_beside_the_facts_and_the_brief():
    at = open_profile({"country": "XK"})
    labels = [plain(b.proto.label) for b in at.get("download_button")]
    assert labels == ["Download the facts on Kosovo (CSV)", "One-page brief on Kosovo (PDF)",
                      "Slide on Kosovo (PPTX, editable)"]
    assert any("Boundaries are illustrative" in plain(c.value) for c in at.caption)  # the map's words under it
