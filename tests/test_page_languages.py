"""Every page in each language, as a reader who follows a link with lang= sees it (AppTest).

"No English remains" is checked on words: every string a page sends (text, labels, options, help, table
headers and cells, the map's HTML) loses the data's own English (facts, milestones, notes, source titles,
which are summaries of sources and stay English with a note), then must not hold two or more words that
exist only in the English interface: words of the content files that no translation uses.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
import yaml
from babel.messages.pofile import read_po
from google.protobuf.message import Message

from tests.conftest import run_page
from wbdash.catalog_extract import INDICATOR_FIELDS
from wbdash.i18n import load_languages
from wbdash.method import data_files
from wbdash.paths import DATA_DIR
from wbdash.schema import column_description, column_title, table_schemas

LANGUAGES = [language for language in load_languages(DATA_DIR).all if language.code != "en"]
PAGES = [None, "pages/profile.py", "pages/compare.py", "pages/sources.py"]
WORD = re.compile(r"[^\W\d_]{4,}")


def _strings(message: Message) -> list[str]:
    found = []
    for field, value in message.ListFields():
        if field.type == field.TYPE_STRING:
            found += list(value) if field.is_repeated else [value]
        elif field.type == field.TYPE_MESSAGE:
            for item in (value if field.is_repeated else [value]):
                if hasattr(item, "ListFields"):
                    found += _strings(item)
    return found


_TEXT_NODE = re.compile(r">([^<>;=(){}]+)<")
_LABEL_ATTRIBUTE = re.compile(r'(?:aria-label|title|alt)=\\?"([^"\\]+)')


def human_text(string: str) -> list[str]:
    """What a reader can see or hear of a string: JSON specs give their values, HTML and scripts their text
    nodes and labels; widget ids are not text."""
    if string.startswith("$$ID"):
        return []
    if string[:1] in "{[":
        try:
            parsed = json.loads(string)
        except ValueError:
            parsed = None
        if parsed is not None:
            values: list[str] = []
            stack = [parsed]
            while stack:
                item = stack.pop()
                if isinstance(item, dict):
                    stack += list(item.values())
                elif isinstance(item, list):
                    stack += item
                elif isinstance(item, str):
                    values += human_text(item)
            return values
    if "<" in string and ">" in string:
        return [*_TEXT_NODE.findall(string), *_LABEL_ATTRIBUTE.findall(string)]
    return [re.sub(r"\\([^\w\s])", r"\1", string).replace("\u2060", "")]  # Markdown escapes undone


def page_strings(at) -> list[str]:
    """Every string the page's elements carry, and the headers and cells of its tables, as a reader gets it."""
    return [text for string in _raw_strings(at) for text in human_text(string)]


def _raw_strings(at) -> list[str]:
    strings: list[str] = []
    for root in (at.main, at.sidebar):
        stack = [root]
        while stack:
            node = stack.pop()
            proto = getattr(node, "proto", None)
            if isinstance(proto, Message):
                strings += _strings(proto)
            stack += list(getattr(node, "children", {}).values())
    for table in at.dataframe:
        frame = table.value
        strings += [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel() if isinstance(v, str)]
    return strings


def _english_interface_words() -> set[str]:
    text = yaml.safe_load((DATA_DIR / "content/text.yaml").read_text(encoding="utf-8"))
    templates = [t for section in text["text"].values() for t in section.values()]
    registry = yaml.safe_load((DATA_DIR / "indicators.yaml").read_text(encoding="utf-8"))
    for entry in registry["indicators"]:
        templates += [str(entry.get(f) or "") for f in INDICATOR_FIELDS] + list(entry.get("categories", []))
    words = {w.lower() for t in templates for w in WORD.findall(re.sub(r"\{[^}]*\}", " ", t))}
    return words


ENGLISH_WORDS = _english_interface_words()


def _data_phrases(dataset) -> list[str]:
    """The data's own English: source summaries, milestones, notes, titles and labels of documents."""
    phrases: list[str] = []
    for frame, columns in ((dataset.facts, ("title", "statement", "evidence", "locator")),
                           (dataset.sources, tuple(dataset.sources.columns)),
                           (dataset.region, ("label", "note", "evidence", "locator")),
                           (dataset.conflicts, ("topic",)),
                           (dataset.countries, [c for c in dataset.countries.columns
                                                if c.endswith(("_note", "_evidence", "_locator"))])):
        for column in columns:
            if column in frame.columns:
                phrases += [str(v) for v in frame[column] if isinstance(v, str)]
    phrases += [str(v) for v in dataset.history.frame[["milestone", "evidence", "note"]].to_numpy().ravel()
                if isinstance(v, str)]
    for definition in dataset.content.definitions:  # exact words of sources and where they are
        phrases += [str(part) for c in definition.citations for part in (c.evidence, c.locator) if part]
    for schema in table_schemas(dataset.registry).values():  # the data files' own documentation (marked)
        phrases += [str(schema.description or ""), str(schema.title or "")]
        for column in schema.columns:
            phrases += [column_title(schema, column), column_description(schema, column)]
    phrases += [item.holds for item in data_files(dataset)]
    return sorted(set(phrases), key=len, reverse=True)


def _translation_words(language) -> set[str]:
    with (DATA_DIR / "locale" / language.locale / "LC_MESSAGES/wbdash.po").open("rb") as file:
        catalog = read_po(file)
    return {w.lower() for m in catalog if m.id for w in WORD.findall(str(m.string))}


@pytest.fixture(scope="module")
def data_phrases(dataset):
    return _data_phrases(dataset)


def without_data(text: str, phrases: list[str]) -> str:
    for phrase in phrases:
        if phrase and phrase in text:
            text = text.replace(phrase, " ")
    text = re.sub(r"\]\([^)]*\)", "] ", text)  # link targets (#timeline) are addresses, not words
    text = re.sub(r"[\w./-]*\.(?:csv|yaml|geojson|json|po)\b|\b\w+(?:_\w+)+\b", " ", text)  # files and machine keys
    return re.sub(r"https?://\S+", " ", text)


def english_left(strings: list[str], phrases: list[str], allowed: set[str]) -> list[str]:
    """The strings still holding two or more words of the English interface."""
    left = []
    for string in strings:
        words = [w for w in WORD.findall(without_data(string, phrases)) if w.lower() in ENGLISH_WORDS - allowed]
        if len(words) >= 2:
            left.append(f"{words[:6]} in {string[:160]!r}")
    return left


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.code)
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page or "overview")
def test_no_english_interface_string_remains(page, language, data_phrases):
    at = run_page(page, {"lang": language.code})
    strings = page_strings(at)
    assert len(strings) > 30  # the scan saw the page
    left = english_left(strings, data_phrases, _translation_words(language))
    assert not left, "\n".join(left[:15])


def test_the_scan_finds_english_when_the_page_is_english(data_phrases):
    at = run_page("pages/profile.py")
    left = english_left(page_strings(at), data_phrases, _translation_words(LANGUAGES[0]))
    assert len(left) > 10


def _cyrillic_share(strings: list[str], phrases: list[str]) -> float:
    letters = [c for s in strings for c in without_data(s, phrases) if c.isalpha()]
    return sum("CYRILLIC" in unicodedata.name(c, "") for c in letters) / len(letters)


@pytest.mark.parametrize("code", ["mk", "sr-Cyrl"])
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page or "overview")
def test_cyrillic_languages_write_the_interface_in_cyrillic(page, code, data_phrases):
    strings = [s for s in page_strings(run_page(page, {"lang": code})) if not s.startswith(("<", "{", "data:"))]
    assert _cyrillic_share(strings, data_phrases) > 0.6


def test_latin_serbian_is_the_same_words_in_latin_letters():
    at = run_page(None, {"lang": "sr-Latn"})
    labels = [s.label for s in at.sidebar.selectbox]
    assert "Jezik" in labels
    assert any("Srbija" in s for s in page_strings(at))
    names = {language.name for language in load_languages(DATA_DIR).all}  # the switch names each language its way
    assert not [s for s in page_strings(at) if s not in names and any("CYRILLIC" in unicodedata.name(c, "") for c in s)]


def test_an_unknown_language_gives_a_notice_and_english():
    at = run_page(None, {"lang": "de"})
    assert any("'de'" in w.value and "sr-Cyrl" in w.value for w in at.warning)
    assert at.sidebar.selectbox[0].value == "en"


def test_the_browser_language_is_used_when_the_link_names_none(monkeypatch):
    import streamlit as st

    monkeypatch.setattr(type(st.context), "locale", property(lambda self: "sr-RS"))
    at = run_page(None)
    assert at.sidebar.selectbox[0].value == "sr-Cyrl"


def test_switching_language_keeps_the_view_and_writes_lang_to_the_url():
    at = run_page(None, {"indicator": "eu"})
    at.sidebar.selectbox[0].set_value("sq").run()
    assert not at.exception
    assert at.query_params.get("lang") == ["sq"] or at.query_params.get("lang") == "sq"
    assert at.session_state["ov_indicator"] == "eu"
    assert any("Shqipëria" in s for s in page_strings(at))
    at.sidebar.selectbox[0].set_value("en").run()
    assert "lang" not in at.query_params


def test_menu_links_carry_the_language():
    at = run_page("pages/sources.py", {"lang": "mk"})
    links = [link for link in at.sidebar.get("page_link")]
    assert links and all("lang=mk" in link.proto.query_string for link in links)


def test_dates_and_numbers_follow_the_locale(data_phrases):
    at = run_page("pages/profile.py", {"lang": "sr-Latn", "country": "RS"})
    text = " ".join(without_data(s, data_phrases) for s in page_strings(at))
    assert "maj 2023" in text and "May 2023" not in text
    at = run_page("pages/compare.py", {"lang": "sq"})
    assert re.search(r"\d\u00a0\d{3}\u00a0\d{3}", " ".join(page_strings(at)))  # population: 6 944 975


def test_facts_in_english_are_marked_and_a_translation_replaces_one(data_copy: Path, monkeypatch):
    at = run_page("pages/profile.py", {"lang": "bs", "country": "AL"})
    assert any("engleskom" in c.value.lower() or "engleski" in c.value.lower() for c in at.caption)
    facts = pd.read_csv(data_copy / "facts.csv")
    fact = facts[facts["fact_id"] == "al-nato-member"].iloc[0]
    row = {"fact_id": fact.fact_id, "language": "bs", "title": "Albanija je članica NATO-a",
           "statement": "Prema analizi, Albanija je članica Atlantskog saveza.", "source_id": fact.source_id,
           "footnote": int(fact.footnote), "evidence": fact.evidence, "translator": "test"}
    pd.DataFrame([row]).to_csv(data_copy / "fact_translations.csv", index=False)
    monkeypatch.setenv("WBDASH_DATA_DIR", str(data_copy))
    at = run_page("pages/profile.py", {"lang": "bs", "country": "AL"})
    shown = " ".join(page_strings(at))
    assert "Albanija je članica Atlantskog saveza" in shown, shown[:3000]


def test_the_data_error_is_in_the_reader_language(data_copy: Path, monkeypatch):
    (data_copy / "places.csv").write_text("place,country\n", encoding="utf-8")
    monkeypatch.setenv("WBDASH_DATA_DIR", str(data_copy))
    at = run_page(None, {"lang": "sr-Cyrl"})
    assert at.error and "python -m wbdash validate" in at.error[0].value
    assert re.search("[а-я]{5}", at.error[0].value)  # Serbian, in Cyrillic
    assert "places.csv" in at.code[0].value


def test_the_unknown_language_notice_stays_while_the_page_is_open_and_goes_when_a_language_is_chosen():
    at = run_page(None, {"lang": "xx"})  # two runs: the first view and the one that draws the rest
    at.run()
    assert any("'xx'" in w.value for w in at.warning)
    at.sidebar.selectbox[0].set_value("bs").run()
    assert not any("'xx'" in w.value for w in at.warning)
