"""Page-level reference numbering."""

from __future__ import annotations

from wbdash.bibliography import CitationRegistry
from wbdash.profile import country_facts, headline, timeline


def test_two_footnotes_citing_one_article_share_one_number(dataset):
    registry = CitationRegistry(dataset.sources, dataset.content)
    first, second, other = registry.number("brief", 86), registry.number("brief", 87), registry.number("brief", 92)
    assert first == second == 1 and other == 2
    references = registry.references()
    assert [r.number for r in references] == [1, 2]
    assert "footnotes 86, 87, citing:" in references[0].text
    assert references[0].url == "https://www.rferl.org/a/serbia-embed-chinese-cameras-kosovo/31645126.html"
    assert "footnote 92, citing:" in references[1].text


def test_kosovo_s_page_lists_no_article_twice(dataset):
    registry = CitationRegistry(dataset.sources, dataset.content)
    facts = country_facts(dataset.facts, "XK")
    for item in headline(dataset, "XK"):
        registry.number(item.source_id, item.footnote)
    for entry in timeline(dataset, facts, "XK"):
        registry.number(entry.source_id, entry.footnote)
    for fact in facts.to_dict("records"):
        registry.number(fact["source_id"], fact["footnote"])
    urls = [r.url for r in registry.references() if r.url]
    assert len(urls) == len(set(urls))
