"""Hostile text in the data or the URL is shown as literal text everywhere, and never runs.

A hostile copy of data/ puts script, HTML, template and Markdown payloads where the schema allows free
text (country names, status notes, fact titles and statements, place names, bibliography fields,
regional figures). Then:

(a) the folium maps carry them HTML-escaped: no raw tag, no `<img`, no event handler, no javascript: URL;
(b) the CSV, zip and facts exports carry them literally, with formula cells neutralised;
(c) every page, run through AppTest, shows them escaped for Markdown and never inside unsafe HTML;
(d) a static check keeps data away from `unsafe_allow_html` and `st.html`;
and hostile, unknown, repeated and overlong URL parameters on every page give a notice and the
defaults, without echoing the value.

The page-wide checks guard every page against any new unescaped spot.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from tests.conftest import run_page
from wbdash.bibliography import CitationRegistry
from wbdash.choropleth import build_locator_map, build_map
from wbdash.dataset import Dataset, load_dataset
from wbdash.describe import MapText
from wbdash.export import FORMULA_TRIGGERS, ViewFilters, data_as_of, file_name, to_csv_bytes, zip_bytes
from wbdash.paths import DATA_DIR, REPO_ROOT
from wbdash.profile import PlaceMarker, country_facts, facts_table, place_markers
from wbdash.table import sourced_table
from wbdash.text import md_escape
from wbdash.view_state import ViewOptions

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
TEMPLATE = "${alert(1)}"
JS_URL = "javascript:alert(1)"
MD_LINK = "[click](javascript:alert(1))"
MD_IMAGE = "![x](http://evil.example/x.png)"
PAYLOADS = (IMG, SCRIPT, TEMPLATE, JS_URL, MD_LINK, MD_IMAGE)
URL_TAG = "<img/src=x/onerror=alert(1)>"  # the schema allows no space in a URL
HOSTILE_URL_SUFFIX = f"?q=)](javascript:alert(1)){URL_TAG}"
RAW_TAGS = (IMG, SCRIPT, URL_TAG)
RAW_ANYWHERE = (*PAYLOADS, URL_TAG)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

NAMES = {
    "RS": f"Serbia {IMG}",
    "ME": f"Montenegro {SCRIPT}",
    "AL": f"Albania {MD_LINK}",
    "BA": f"Bosnia {MD_IMAGE}",
    "MK": f"North Macedonia {TEMPLATE}",
    "XK": '=HYPERLINK("http://evil.example","Kosovo") ' + JS_URL,  # a formula for the exports
}
RS_NOTES = {"eu_status_note": f"{MD_IMAGE} {IMG} EU", "nato_status_note": f"{MD_LINK} {SCRIPT} NATO",
            "cni_status_note": f"{TEMPLATE} {JS_URL} CNI"}
PLACE = f"Belgrade {IMG}"


# --- the hostile data copy -------------------------------------------------------------------------

def _rewrite(path: Path, edit) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames or []), list(reader)
    for index, row in enumerate(rows):
        edit(index, row)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def _payload(index: int) -> str:
    return PAYLOADS[index % len(PAYLOADS)]


def write_hostile_data(target: Path) -> Path:
    """A valid copy of data/ with payloads in every free-text column the schema allows."""
    target = Path(target)
    shutil.copytree(DATA_DIR, target)

    def countries(index: int, row: dict) -> None:
        row["name"] = NAMES[row["iso2"]]
        for offset, column in enumerate(("eu_status_note", "nato_status_note", "cni_status_note")):
            row[column] = RS_NOTES[column] if row["iso2"] == "RS" else (
                f"{_payload(index + offset)} {column} {_payload(index + offset + 3)}")

    def facts(index: int, row: dict) -> None:
        row["title"] = f"{FORMULA_PREFIXES[index % 6]}{_payload(index)} {row['title']}"[:120]
        row["statement"] = f"{_payload(index + 1)} {row['statement']}"[:600]
        if row["place"] == "Belgrade":
            row["place"] = PLACE

    def places(index: int, row: dict) -> None:
        if row["place"] == "Belgrade":
            row["place"] = PLACE

    def sources(index: int, row: dict) -> None:
        row["title"] = f"{_payload(index)} {row['title']}"
        if row["short_title"]:
            row["short_title"] = f"{_payload(index + 2)} {row['short_title']}"[:60]
        row["note"] = f"{_payload(index + 1)} {row['note']}"
        if row["author"]:
            row["author"] = f"{_payload(index + 3)} {row['author']}"
        if row["url"]:
            row["url"] += HOSTILE_URL_SUFFIX

    def region(index: int, row: dict) -> None:
        row["label"] = f"{_payload(index)} {row['label']}"[:120]
        row["note"] = f"{_payload(index + 1)} {row['note']}"

    for name, edit in [("countries.csv", countries), ("facts.csv", facts), ("places.csv", places),
                       ("sources.csv", sources), ("region.csv", region)]:
        _rewrite(target / name, edit)
    return target


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    return write_hostile_data(tmp_path_factory.mktemp("hostile") / "data")


@pytest.fixture(scope="module")
def hostile(hostile_dir) -> Dataset:
    return load_dataset(hostile_dir)


def test_hostile_copy_is_valid_data(hostile):
    """Otherwise the page tests would only ever see the validation error."""
    assert dict(zip(hostile.countries["iso2"], hostile.countries["name"], strict=True)) == NAMES
    assert PLACE in set(hostile.places["place"])
    assert hostile.facts["title"].str.contains(re.escape(IMG)).any()


# --- (a) the maps ----------------------------------------------------------------------------------

_JS_UNICODE = re.compile(r"\\u([0-9a-fA-F]{4})")


def js_decoded(source: str) -> str:
    """The page source with JSON/JS string escapes undone, so '\\u003cimg' counts as '<img'."""
    return _JS_UNICODE.sub(lambda m: chr(int(m.group(1), 16)), source).replace('\\"', '"').replace("\\/", "/")


def html_problems(source: str) -> dict[str, list[str]]:
    """Ways hostile data could run in a rendered map page, by kind; every list empty when inert."""
    decoded = js_decoded(source)
    lowered = decoded.lower()
    return {
        "raw tag": [tag for tag in RAW_TAGS if tag in decoded],
        "img": ["<img"] if "<img" in lowered else [],
        "script": ["<script>alert"] if "<script>alert" in lowered else [],
        "event handler": [m.group(0) for m in re.finditer(r"<[a-z][^<>]*\son[a-z]+\s*=", decoded, re.IGNORECASE)],
        "javascript url": re.findall(r"(?:href|src|action)\s*=\s*[\"']?\s*javascript:", decoded, re.IGNORECASE),
        # Inside a JS template literal (`...`) a ${...} runs as code and a backtick ends the literal; the
        # other payloads there are only text (the checks above catch them if they form markup).
        "template literal": [literal for literal in re.findall(r"`[^`]*`", decoded) if "${alert" in literal],
    }


def assert_inert_html(source: str, known: tuple[str, ...] = ()) -> None:
    problems = {kind: found for kind, found in html_problems(source).items() if found and kind not in known}
    assert not problems, problems


def hostile_text() -> MapText:
    return MapText(title=f"Title {IMG}", subtitle=f"Subtitle {SCRIPT} {TEMPLATE}",
                   source_line=f"Source {MD_IMAGE} {MD_LINK}", notes=(f"Note {JS_URL}", f"Note {IMG}"),
                   no_data_label=f"No data {SCRIPT}", context_label=f"Context {IMG}")


@pytest.mark.parametrize("indicator", ["projects", "eu", "cni"])
def test_choropleth_shows_hostile_names_and_text_escaped(hostile, indicator):
    folium_map = build_map(hostile, hostile.registry[indicator], hostile_text(),
                           selected=["RS", "ME", "BA"], highlighted="RS")
    source = folium_map.get_root().render()
    assert_inert_html(source)
    decoded = js_decoded(source)
    for name in NAMES.values():  # tooltips and labels of selected and unselected countries
        assert escape(name) in decoded, name
    for text in (f"Title {IMG}", f"Subtitle {SCRIPT} {TEMPLATE}", f"Note {IMG}", f"Context {IMG}"):
        assert escape(text) in decoded, text


def test_locator_map_shows_hostile_places_and_events_escaped(hostile):
    registry = CitationRegistry(hostile.sources, hostile.content)
    markers = place_markers(country_facts(hostile.facts, "RS"), hostile.places, registry)
    assert any(marker.place == PLACE for marker in markers)
    markers.append(PlaceMarker(f"Town {SCRIPT}", 44.0, 21.0, (f"2020: {IMG} [1]", f"{MD_IMAGE} {TEMPLATE}")))
    folium_map = build_locator_map(hostile, "RS", hostile_text(), markers)
    source = folium_map.get_root().render()
    assert_inert_html(source)
    decoded = js_decoded(source)
    for text in (NAMES["RS"], NAMES["ME"], PLACE, f"Town {SCRIPT}", f"2020: {IMG} [1]", f"Title {IMG}"):
        assert escape(text) in decoded, text


def test_locator_map_keeps_data_out_of_javascript_template_literals(hostile):
    marker = PlaceMarker(f"Town {TEMPLATE}", 44.0, 21.0, (f"2020: {TEMPLATE} [1]", "a ` backtick [2]"))
    folium_map = build_locator_map(hostile, "RS", hostile_text(), [marker])
    source = js_decoded(folium_map.get_root().render())
    literals = re.findall(r"`[^`]*`", source)
    assert not [literal for literal in literals if TEMPLATE in literal], "${...} inside a template literal"


# --- (b) the exports -------------------------------------------------------------------------------

def parse_csv(raw: bytes) -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def test_csv_neutralises_every_formula_trigger_and_leaves_numbers_alone():
    texts = [f"{prefix}HYPERLINK(\"http://evil.example\")" for prefix in FORMULA_PREFIXES] + [
        "-5", "@SUM(A1)", "=1+1", *PAYLOADS, "plain", " =not a formula", "'already quoted"]
    frame = pd.DataFrame({
        "=header": texts,
        "count": range(-5, len(texts) - 5),
        "rate": [-1.5 + i for i in range(len(texts))],
    })
    header, *rows = parse_csv(to_csv_bytes(frame))
    assert header == ["'=header", "count", "rate"]
    for text, (cell, count, rate), number, value in zip(texts, rows, frame["count"], frame["rate"], strict=True):
        assert cell == neutralised(text)
        assert count == str(number) and rate == str(value)  # negative numbers are not prefixed
    for trigger in FORMULA_TRIGGERS:
        assert not any(row[0].startswith(trigger) for row in rows)


@settings(max_examples=100, deadline=None)
@given(cells=st.lists(st.one_of(st.text(max_size=30), st.sampled_from([*PAYLOADS, "=1+1", "\t=1", "\r=1"])),
                      min_size=1, max_size=10),
       numbers=st.lists(st.integers(-10**6, 10**6), min_size=10, max_size=10))
def test_csv_round_trips_any_text_with_only_formulas_prefixed(cells, numbers):
    frame = pd.DataFrame({"text": cells, "number": numbers[: len(cells)]})
    header, *rows = parse_csv(to_csv_bytes(frame))
    assert header == ["text", "number"]
    assert [row[0] for row in rows] == [neutralised(text) for text in cells]
    assert [row[1] for row in rows] == [str(n) for n in numbers[: len(cells)]]


def default_columns(dataset: Dataset) -> list[str]:
    return list(ViewOptions.of(dataset.registry).default_columns)


def test_comparison_csv_carries_hostile_names_literally(hostile):
    codes = list(hostile.countries["iso2"])
    export = sourced_table(hostile, codes, default_columns(hostile))
    header, *rows = parse_csv(to_csv_bytes(export.frame))
    country = {row[header.index("iso2")]: row[header.index("country")] for row in rows}
    assert country == {code: neutralised(name) for code, name in NAMES.items()}
    assert country["XK"].startswith("'=")
    for row in rows:
        assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in row if not _is_number(cell)), row


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


EXPORTED_ON = date(2026, 11, 25)  # fixed, so the file name does not depend on the day the test runs


def test_zip_export_carries_hostile_text_literally_and_neutralised(hostile):
    codes = list(hostile.countries["iso2"])
    export = sourced_table(hostile, codes, default_columns(hostile))
    filters = ViewFilters(hostile.registry[hostile.registry.default_map], tuple(codes),
                          tuple(default_columns(hostile)), tuple(codes))
    csv_name = file_name("csv", filters, data_as_of(hostile, export), on=EXPORTED_ON)
    with zipfile.ZipFile(io.BytesIO(zip_bytes(hostile, export, filters, on=EXPORTED_ON))) as archive:
        members = archive.namelist()
        assert sorted(members) == sorted([csv_name, "datapackage.json", "README.txt"])
        assert all("/" not in m and ".." not in m for m in members)
        assert archive.read(csv_name) == to_csv_bytes(export.frame)
        package = json.loads(archive.read("datapackage.json"))
        readme = archive.read("README.txt").decode("utf-8")
    countries_line = next(line for line in package["wbdash"]["filters"] if line.startswith("Countries: "))
    for name in NAMES.values():
        assert name in countries_line and name in readme  # plain text and JSON: literal, not rendered
    assert any(MD_IMAGE in (source["title"] or "") or IMG in (source["title"] or "") for source in package["sources"])


def test_facts_csv_carries_hostile_titles_and_statements_literally_and_neutralised(hostile):
    facts = country_facts(hostile.facts, "RS")
    table = facts_table(hostile, facts)
    header, *rows = parse_csv(to_csv_bytes(table))
    title, statement, country = header.index("title"), header.index("statement"), header.index("country")
    assert [row[title] for row in rows] == [neutralised(t) for t in facts["title"]]
    assert [row[statement] for row in rows] == [neutralised(s) for s in facts["statement"]]
    assert {row[country] for row in rows} == {NAMES["RS"]}
    assert {row[title][:2] for row in rows} >= {"'" + p for p in FORMULA_PREFIXES}  # every trigger occurs
    for row in rows:
        assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in row)


# --- (c) the pages through AppTest -----------------------------------------------------------------

@dataclass(frozen=True)
class PageRun:
    label: str
    page: str | None  # None: dashboard.py's default page, the overview
    params: dict


PAGE_RUNS = {
    run.label: run for run in [
        PageRun("overview", None, {"country": "RS"}),
        PageRun("presentation", None, {"present": "1"}),
        PageRun("profile-RS", "pages/profile.py", {"country": "RS"}),
        PageRun("profile-AL", "pages/profile.py", {"country": "AL"}),  # "the sources say little" notice
        PageRun("compare", "pages/compare.py", {"countries": "AL,BA,XK,ME,MK,RS"}),
        PageRun("sources", "pages/sources.py", {}),
    ]
}


@pytest.fixture(scope="module")
def hostile_pages(hostile_dir) -> dict[str, AppTest]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WBDASH_DATA_DIR", str(hostile_dir))
        return {label: run_page(run.page, run.params) for label, run in PAGE_RUNS.items()}


def proto_strings(message, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every string field of a protobuf message, recursively, as (dotted field name, value)."""
    for field, value in message.ListFields():
        name = prefix + field.name
        for item in (value if field.is_repeated else [value]):
            if field.type == field.TYPE_STRING:
                yield name, item
            elif field.type == field.TYPE_MESSAGE:
                yield from proto_strings(item, name + ".")


def nodes(at: AppTest):
    """Every element on the page, main body and sidebar alike (AppTest iterates its whole tree)."""
    for node in at:
        if getattr(node, "proto", None) is not None:
            yield node


# Fields Streamlit renders as Markdown: bodies of text elements and alerts, every label and help text,
# radio options. Metric values, selectbox/multiselect options, code, text and JSON are shown as plain text.
MARKDOWN_FIELDS = {"body", "label", "help"}
PLAIN_BODY_TYPES = {"metric", "html", "json", "text", "code"}


def markdown_strings(at: AppTest) -> Iterator[tuple[str, str, str]]:
    """(element type, field, text) for every string that reaches a Markdown renderer."""
    for node in nodes(at):
        for field, text in proto_strings(node.proto):
            leaf = field.rsplit(".", 1)[-1]
            if leaf in MARKDOWN_FIELDS and not (leaf == "body" and node.type in PLAIN_BODY_TYPES):
                yield node.type, field, text
            elif node.type == "radio" and leaf == "options":
                yield node.type, field, text
        if node.type == "table":  # st.table renders every cell, header and index label as Markdown
            frame = node.value
            for text in [*map(str, frame.index), *map(str, frame.columns), *map(str, frame.to_numpy().ravel())]:
                yield "table", "cell", text


def unescaped(at: AppTest) -> set[tuple[str, str]]:
    """(element type, field) of every Markdown string holding a payload unescaped."""
    return {(kind, field) for kind, field, text in markdown_strings(at)
            if any(payload in text for payload in RAW_ANYWHERE)}


@pytest.mark.parametrize("label", list(PAGE_RUNS))
def test_page_shows_hostile_data_escaped(hostile_pages, label):
    found = unescaped(hostile_pages[label])
    assert not found, f"unescaped payload in {sorted(found)}"


LITERAL_ON_PAGE = [  # data that each page shows as Markdown, so it must appear md_escape'd
    pytest.param("overview", [md_escape(NAMES["RS"]), md_escape(RS_NOTES["eu_status_note"])], id="overview"),
    pytest.param("profile-RS", [md_escape(IMG), md_escape(SCRIPT), md_escape(MD_IMAGE), md_escape(PLACE),
                                md_escape(RS_NOTES["nato_status_note"])], id="profile-RS"),
    pytest.param("compare", [md_escape(name) for name in NAMES.values()], id="compare"),
    pytest.param("sources", [md_escape(TEMPLATE), md_escape(IMG)], id="sources"),
]


@pytest.mark.parametrize(("label", "expected"), LITERAL_ON_PAGE)
def test_page_shows_hostile_data_as_escaped_markdown(hostile_pages, label, expected):
    bodies = [text for _, _, text in markdown_strings(hostile_pages[label])]
    for text in expected:
        assert any(text in body for body in bodies), text


@pytest.mark.parametrize("label", list(PAGE_RUNS))
def test_no_hostile_data_in_html_or_unsafe_markdown(hostile_pages, label):
    at = hostile_pages[label]
    for node in nodes(at):
        if node.type in ("markdown", "caption") and node.proto.allow_html:
            assert "alert" not in node.value and "evil.example" not in node.value, node.value
        if node.type == "html":  # only the constant stylesheets of wbdash/app/ui.py
            assert "<style>" in node.value and not re.search(r"alert|evil\.example|onerror", node.value)


def page_map_sources(at: AppTest) -> list[str]:
    maps = list(at.get("component_instance"))
    assert maps, "no st_folium map on the page"
    return ["\n".join(_json_strings(json.loads(node.proto.json_args))) for node in maps]


@pytest.mark.parametrize("label", ["overview", "presentation", "profile-RS"])
def test_maps_on_the_page_carry_hostile_data_escaped(hostile_pages, label):
    for source in page_map_sources(hostile_pages[label]):
        assert_inert_html(source)
        assert escape(NAMES["RS"]) in js_decoded(source)


def test_serbia_profile_map_has_no_data_in_template_literals(hostile_pages):
    for source in page_map_sources(hostile_pages["profile-RS"]):
        assert not html_problems(source)["template literal"]


def _json_strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


# --- (d) static check: no data path into unsafe HTML ----------------------------------------------

SCANNED = [*sorted((REPO_ROOT / "pages").glob("*.py")), REPO_ROOT / "dashboard.py",
           *sorted((REPO_ROOT / "wbdash").rglob("*.py"))]  # wbdash/app/ holds the pages' helpers


# Content.text(key, **values) and Content.fill(template, **values) only fill a template: their keyword
# arguments are placeholder values and never reach Streamlit, so `**values` there carries no option.
TEMPLATE_FILLERS = {"text", "fill"}


def unsafe_html_uses(path: Path, root: Path = REPO_ROOT) -> list[str]:
    """Calls that could put data into raw HTML: unsafe_allow_html, or html()/iframe() with a non-constant."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    top_level = {id(stmt.value) for stmt in tree.body if isinstance(stmt, (ast.Assign, ast.AnnAssign))}
    constants = {
        name for name, value in (
            (target.id, stmt.value) for stmt in tree.body if isinstance(stmt, ast.Assign)
            for target in stmt.targets if isinstance(target, ast.Name)
        )
        if id(value) in top_level and isinstance(value, ast.Constant) and isinstance(value.value, str)
    }
    rebound = [node.id for node in ast.walk(tree)
               if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)]
    constants = {name for name in constants if rebound.count(name) == 1}
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        where = f"{path.relative_to(root)}:{node.lineno}"
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for keyword in node.keywords:
            if keyword.arg == "unsafe_allow_html" and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False):
                problems.append(f"{where}: unsafe_allow_html={ast.unparse(keyword.value)}")
            if keyword.arg is None and name not in TEMPLATE_FILLERS:
                problems.append(f"{where}: **{ast.unparse(keyword.value)} could carry unsafe_allow_html")
        if name in ("html", "iframe"):
            argument = node.args[0] if len(node.args) == 1 and not node.keywords else None
            if not (isinstance(argument, ast.Name) and argument.id in constants):
                problems.append(f"{where}: {ast.unparse(node.func)}(...) with a non-constant argument")
    return problems


def test_no_data_reaches_unsafe_allow_html_or_st_html():
    """`unsafe_allow_html` never; `st.html` only with a module-level plain string literal.

    wbdash/app/ui.py and presentation.py pass constant stylesheets (PRINT_CSS, WIDE_CSS...) to st.html; any
    f-string, concatenation, variable or call there would be a way for data into raw HTML.
    """
    problems = [problem for path in SCANNED for problem in unsafe_html_uses(path)]
    assert not problems, problems


def test_static_check_catches_what_it_should(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import streamlit as st\n"
        "CSS = '<style></style>'\n"
        "name = load()\n"
        "st.html(CSS)\n"
        "st.markdown(name, unsafe_allow_html=True)\n"
        "st.html(f'<b>{name}</b>')\n"
        "st.components.v1.html(CSS + name)\n"
        "st.write(name, **options)\n"
        "label = content.text('profile.back', **values)\n"  # a template filled in: no Streamlit option
        "st.markdown(content.fill(template, **values), unsafe_allow_html=True)\n",
        encoding="utf-8",
    )
    problems = unsafe_html_uses(sample, root=tmp_path)
    assert [p.split(":")[1] for p in problems] == ["5", "6", "7", "8", "10"], problems


# --- URL parameters on every page ------------------------------------------------------------------

MARK = "zq7"  # in every hostile value, so an echo anywhere is found
SCRIPTS = [f"<script>alert('{MARK}')</script>", f"<img src=x onerror=alert('{MARK}')>", f"${{alert('{MARK}')}}",
           f"javascript:alert('{MARK}')", f"[{MARK}](javascript:alert(1))", f"![{MARK}](http://evil.example/x.png)"]
OVERLONG = "A" * 10_000 + MARK
PAGE_KEYS = {
    "overview": (None, ("indicator", "countries", "columns", "country", "present")),
    "profile": ("pages/profile.py", ("country",)),
    "compare": ("pages/compare.py", ("countries",)),
    "sources": ("pages/sources.py", ()),
}
VALID = {"indicator": "eu", "countries": "ME,RS", "columns": "eu", "country": "ME", "present": "0"}


def url_cases(keys: tuple[str, ...]) -> dict[str, dict]:
    hostile_keys = {f"<script>alert('{MARK}')</script>": "1", f"x{MARK}": OVERLONG, "surprise": "1"}
    return {
        "script values": {**{key: SCRIPTS[i % len(SCRIPTS)] for i, key in enumerate(keys)},
                          f"<img src=x onerror=alert('{MARK}')>": SCRIPTS[0]},
        "overlong values": {key: OVERLONG for key in keys} or {"country": OVERLONG},
        "repeated values": {key: [VALID[key], SCRIPTS[i % len(SCRIPTS)]] for i, key in enumerate(keys)}
                           or {"country": ["RS", SCRIPTS[0]]},
        "unknown keys": hostile_keys,
    }


URL_CASES = [pytest.param(page, case, params, id=f"{page}-{case}")
             for page, (_, keys) in PAGE_KEYS.items() for case, params in url_cases(keys).items()]


def all_strings(at: AppTest) -> Iterator[str]:
    for node in nodes(at):
        for _, text in proto_strings(node.proto):
            yield text


@pytest.mark.parametrize(("page", "case", "params"), URL_CASES)
def test_hostile_url_parameters_give_a_notice_and_defaults_without_echo(dataset, page, case, params, monkeypatch):
    monkeypatch.delenv("WBDASH_DATA_DIR", raising=False)
    script = PAGE_KEYS[page][0]
    at = run_page(script, params)
    echoed = [text[:120] for text in all_strings(at) if MARK in text]
    assert not echoed, f"the link's value is echoed: {echoed}"
    if page == "sources":  # takes no parameters: ignored, nothing rendered from them
        assert at.title[0].value.replace("\\", "") == "Sources & method"
        return
    assert at.warning, "expected a notice"
    assert MARK not in json.dumps(at.query_params), f"the rewritten URL keeps the value: {at.query_params}"
    if page == "overview":
        assert at.radio(key="ov_indicator").value == dataset.registry.default_map
        assert at.selectbox(key="ov_country").value is None
        assert len(at.dataframe[0].value) == 6 and not at.table  # all six, not the presentation mode
    elif page == "profile":
        assert at.selectbox(key="profile_country").value == "RS"
        assert any(link.label == "Back to the overview" for link in at.get("page_link"))
    else:
        assert at.multiselect(key="compare_countries").value == ["ME", "RS"]


def test_repeated_valid_parameter_uses_the_last_value_with_a_notice(monkeypatch):
    monkeypatch.delenv("WBDASH_DATA_DIR", raising=False)
    at = run_page("pages/profile.py", {"country": ["RS", "ME"]})
    assert at.selectbox(key="profile_country").value == "ME"
    assert any("repeats 'country'" in warning.value for warning in at.warning)
