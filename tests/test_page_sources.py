"""The Sources & method page as a reader sees it, through Streamlit's AppTest."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import run_page
from wbdash.method import VALIDATE_COMMAND, regional_facts
from wbdash.paths import REPO_ROOT as REPO
from wbdash.text import md_escape

PAGE = "pages/sources.py"
HOSTILE = "<img src=x onerror=alert(1)> [x](http://evil)"
UNESCAPED_TAG = re.compile(r"(?<!\\)<\s*img", re.I)
UNESCAPED_LINK = re.compile(r"(?<!\\)\]\(http://evil")
MARKER = re.compile(r"\\?\[(\d+(?:, \d+)*)\\?\]")


@pytest.fixture(scope="module")
def page() -> AppTest:
    return run_page(PAGE)


def plain(value: str) -> str:
    """Text as the reader sees it: the Markdown escapes (md_escape) removed."""
    return re.sub(r"\\(.)", r"\1", value)


def texts(at: AppTest) -> list[str]:
    """Every piece of Markdown-rendered text on the page."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [h.value for h in at.header] + [h.value for h in at.subheader] + [t.value for t in at.title]
    return parts


def references(at: AppTest) -> dict[int, str]:
    block = next(m.value for m in at.markdown if re.match(r"^1\\\. ", m.value))
    return {int(n): text for n, text in re.findall(r"^(\d+)\\\. (.*)$", block, flags=re.M)}


def test_page_renders_title_and_snapshot_caption(page):
    assert plain(page.title[0].value) == "Sources & method"
    assert "May 2023" in page.caption[0].value and "2021" in page.caption[0].value


def test_the_four_definitions_are_present(page, dataset):
    subheaders = [h.value for h in page.subheader]
    assert len(dataset.content.definitions) == 4
    for definition in dataset.content.definitions:
        assert md_escape(definition.term) in subheaders
    body = " ".join(texts(page))
    assert "Membership Action Plan" in body and "potential candidate" in body
    assert "not available offline" in body
    assert "Bosnia and Herzegovina" in plain(body) and "{" not in plain(body)  # figures filled in, no placeholder


def test_both_project_totals_are_shown(page):
    metrics = {m.label: m.value for m in page.metric}
    assert "122" in metrics.values() and "136" in metrics.values() and "14" in metrics.values()
    body = " ".join(texts(page))
    assert "122" in body and "136" in body


def test_as_of_table_lists_the_key_dates(page):
    table = page.dataframe[0].value
    assert {"2023-05", "2021", "2019"} <= set(table["As of"])


def test_every_citation_number_resolves_to_a_listed_reference(page):
    listed = references(page)
    assert listed and sorted(listed) == list(range(1, len(listed) + 1))
    shown: set[int] = set()
    for text in texts(page):
        for group in MARKER.findall(text):
            shown |= {int(n) for n in group.split(", ")}
    for cell in page.dataframe[0].value["Source"]:
        for group in MARKER.findall(str(cell)):
            shown |= {int(n) for n in group.split(", ")}
    assert shown, "expected numbered citations on the page"
    assert shown <= set(listed), shown - set(listed)
    assert set(listed) <= shown  # no reference that nothing cites
    assert all(text for text in listed.values())


def test_bibliography_has_one_row_per_sources_csv_entry(page):
    with (REPO / "data" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        expected = [row["source_id"] for row in csv.DictReader(handle)]
    bibliography = next(df.value for df in page.dataframe if "Source id" in df.value.columns)
    assert len(bibliography) == len(expected)
    assert sorted(bibliography["Source id"]) == sorted(expected)
    assert list(bibliography["Source id"][:1]) == ["brief"]
    element = next(df for df in page.dataframe if "Source id" in df.value.columns)
    assert json.loads(element.proto.columns)["URL"]["type_config"]["type"] == "link"


def test_every_region_fact_title_appears(page, dataset):
    body = " ".join(m.value for m in page.markdown)
    facts = regional_facts(dataset.facts)
    assert len(facts) > 0
    for title in facts["title"]:
        assert md_escape(title) in body, title


def test_update_section_shows_the_validate_command(page):
    assert VALIDATE_COMMAND in [c.value for c in page.code]


def test_boundaries_section_names_source_and_disclaimer(page):
    body = " ".join(texts(page))
    assert md_escape("5.1.1") in body and "German point of view" in body and "public domain" in body
    assert "0.015" in plain(body) and "12 to 28.5" in plain(body)
    assert "no position" in page.info[0].value and "Kosovo" in page.info[0].value


def test_no_markdown_element_allows_html(page):
    assert all(not m.proto.allow_html for m in page.markdown)


def _replace_region_fact(path: Path, column: str, value: str) -> str:
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    target = next(row for row in rows if row["country"] == "REGION")
    target[column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target["fact_id"]


def test_hostile_region_fact_is_rendered_escaped(monkeypatch, data_copy):
    _replace_region_fact(data_copy / "facts.csv", "statement", f"Hostile statement {HOSTILE}")
    monkeypatch.setenv("WBDASH_DATA_DIR", str(data_copy))
    at = run_page(PAGE)
    assert not at.error, [e.value for e in at.error]
    rendered = [m.value for m in at.markdown]
    assert any(md_escape(HOSTILE) in value for value in rendered)
    for value in texts(at):  # no raw HTML tag and no link syntax survives unescaped
        assert not UNESCAPED_TAG.search(value) and not UNESCAPED_LINK.search(value), value
    assert all(not m.proto.allow_html for m in at.markdown)
