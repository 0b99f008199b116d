"""The languages without Streamlit: catalogs, choosing a language, localised data, formats, fonts, exports."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import openpyxl
import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po
from pypdf import PdfReader

from tests.test_country_brief_document import pdf_text
from wbdash.catalogs import check_catalog, compile_all
from wbdash.country_brief import country_brief_pdf
from wbdash.describe import map_text
from wbdash.errors import DataValidationError
from wbdash.export import ViewFilters
from wbdash.figures import format_date, format_number
from wbdash.i18n import choose_language, load_languages, load_translations, using
from wbdash.localise import localise
from wbdash.paths import DATA_DIR, REPO_ROOT
from wbdash.static_map import render_map
from wbdash.table import ExportTable, comparison_table, sourced_table
from wbdash.xlsx_export import to_xlsx_bytes

LANGUAGES = load_languages(DATA_DIR)
TRANSLATED = [language for language in LANGUAGES.all if language != LANGUAGES.default]


def localised(dataset, code: str):
    language = LANGUAGES.by_code(code)
    assert language is not None
    return localise(dataset, language, load_translations(DATA_DIR, language.locale))


@pytest.mark.parametrize("language", TRANSLATED, ids=lambda language: language.code)
def test_every_shipped_catalog_is_complete_and_keeps_placeholders(language):
    report = check_catalog(DATA_DIR, language)
    assert report.total > 400
    assert not report.problems, "\n".join(report.problems[:20])


def test_the_catalog_template_is_up_to_date_with_the_content(tmp_path):
    """A changed English sentence must reach the catalogs (`python -m wbdash catalogs --update`)."""
    fresh = tmp_path / "wbdash.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(REPO_ROOT / "babel.cfg"), "-o", str(fresh),
                                "--no-wrap", str(REPO_ROOT)])

    def messages(path: Path) -> set[tuple[str | None, str]]:
        with path.open("rb") as file:
            return {(m.context, str(m.id)) for m in read_po(file) if m.id}

    shipped = messages(DATA_DIR / "locale/wbdash.pot")
    assert messages(fresh) == shipped
    for language in TRANSLATED:
        assert messages(DATA_DIR / "locale" / language.locale / "LC_MESSAGES/wbdash.po") == shipped


def test_compiling_writes_a_mo_per_language(data_copy):
    reports = compile_all(data_copy)
    assert [r.language.code for r in reports] == [language.code for language in TRANSLATED]
    for language in TRANSLATED:
        assert (data_copy / "locale" / language.locale / "LC_MESSAGES/wbdash.mo").stat().st_size > 10_000


def _edit_translation(data_dir: Path, locale: str, context: str, text: str) -> None:
    path = data_dir / "locale" / locale / "LC_MESSAGES/wbdash.po"
    with path.open("rb") as file:
        catalog = read_po(file, locale=locale)
    next(m for m in catalog if m.context == context).string = text
    with path.open("wb") as file:
        write_po(file, catalog, width=0)


def test_a_translation_that_drops_a_placeholder_is_a_data_error_naming_catalog_and_message(dataset, data_copy):
    _edit_translation(data_copy, "sq", "map.subtitle", "{description}; {selection}.")  # {as_of} lost
    language = LANGUAGES.by_code("sq")
    with pytest.raises(DataValidationError) as raised:
        localise(dataset, language, load_translations(data_copy, "sq"))
    summary = "\n".join(raised.value.summary())
    assert "locale/sq/LC_MESSAGES/wbdash.po" in summary and "map.subtitle" in summary and "as_of" in summary


def test_a_broken_catalog_is_a_data_error(data_copy):
    (data_copy / "locale/mk/LC_MESSAGES/wbdash.po").write_text('msgid "a"\nmsgstr "б"\nmsgtext {\n', encoding="utf-8")
    with pytest.raises(DataValidationError, match="mk/LC_MESSAGES"):
        load_translations(data_copy, "mk")


@pytest.mark.parametrize(("requested", "browser", "expected", "notice"), [
    ("sq", None, "sq", None),
    ("sr-Latn", "mk-MK", "sr-Latn", None),
    (None, "sr-RS", "sr-Cyrl", None),  # Serbian without a script: Cyrillic, CLDR's default
    (None, "sr-Latn-RS", "sr-Latn", None),
    (None, "bs-BA", "bs", None),
    (None, "mk", "mk", None),
    (None, "sq-XK", "sq", None),
    (None, "de-DE", "en", None),
    (None, "not a tag", "en", None),
    (None, None, "en", None),
    ("de", "sq", "en", "de"),  # the link's wish wins, and a wrong one is named
    ("<script>", None, "en", "<script>"),
])
def test_choosing_a_language(requested, browser, expected, notice):
    choice = choose_language(LANGUAGES, requested, browser)
    assert (choice.language.code, choice.bad_request) == (expected, notice)


def test_the_languages_file_must_keep_english_as_default(data_copy):
    path = data_copy / "content/languages.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("default: en", "default: sq"), encoding="utf-8")
    with pytest.raises(DataValidationError, match="default"):
        load_languages(data_copy)


@pytest.mark.parametrize(("locale", "month", "day", "number"), [
    ("en", "May 2023", "25 July 2014", "6,944,975.46"),
    ("sq", "maj 2023", "25 korrik 2014", "6\u00a0944\u00a0975,46"),
    ("mk", "мај 2023", "25 јули 2014\u202fг.", "6.944.975,46"),
    ("sr_Cyrl", "мај 2023", "25. јул 2014.", "6.944.975,46"),
    ("sr_Latn", "maj 2023", "25. jul 2014.", "6.944.975,46"),
    ("bs", "maj 2023", "25. juli 2014.", "6.944.975,46"),
])
def test_dates_and_numbers_in_each_locale(locale, month, day, number):
    with using(locale):
        assert (format_date("2023-05"), format_date("2014-07-25"), format_number(6944975.456, 2)) == (month, day, number)
        assert format_date("2021") == "2021"


def test_localised_data_keeps_values_and_citations_and_changes_words(dataset):
    serbian = localised(dataset, "sr-Cyrl")
    assert list(serbian.countries["iso2"]) == list(dataset.countries["iso2"])
    assert list(serbian.countries["eu_status"]) == list(dataset.countries["eu_status"])  # the data's values
    assert set(serbian.countries["name"]) >= {"Србија", "Косово", "Северна Македонија"}
    eu = serbian.registry["eu"]
    assert eu.category_name("candidate") != "candidate" and re.search("[а-я]", eu.category_name("candidate"))
    assert serbian.registry["eu"].label != dataset.registry["eu"].label
    assert serbian.registry.by_key["eu"] is serbian.registry["eu"]  # not the English registry's cached lookup
    assert "Београд" in set(serbian.places["label"])
    assert serbian.facts["statement"].equals(dataset.facts["statement"])  # no translations shipped: English
    assert not serbian.facts["in_reader_language"].any()
    assert localised(dataset, "en") is dataset


def test_the_comparison_table_writes_categories_in_the_language(dataset):
    albanian = localised(dataset, "sq")
    with using("sq"):
        table = comparison_table(albanian, list(albanian.countries["iso2"]), ["eu", "population"])
    assert "Vend kandidat" in set(table.iloc[:, 2])
    assert "candidate" not in set(table.iloc[:, 2])


def test_kosovo_keeps_a_neutral_name_in_every_language():
    for language in TRANSLATED:
        with (DATA_DIR / "locale" / language.locale / "LC_MESSAGES/wbdash.po").open("rb") as file:
            catalog = read_po(file)
        name = catalog.get("Kosovo", context="names.country").string
        assert name in {"Kosovo", "Kosova", "Косово"}
        for message in catalog:
            assert "Metohij" not in str(message.string) and "Метохиј" not in str(message.string)


@pytest.mark.parametrize("code", ["mk", "sr-Cyrl", "sq"])
def test_static_map_draws_every_letter_of_the_language(dataset, code):
    """Matplotlib warns for a glyph missing from the font; here that is an error."""
    language = LANGUAGES.by_code(code)
    data = localised(dataset, code)
    indicator = data.registry["eu"]
    with using(language.locale), warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        text = map_text(data, indicator, list(data.countries["iso2"]))
        rendered = render_map(data, indicator, text, image_format="svg")
    svg = rendered.data.decode("utf-8")
    assert text.title in svg or text.title.replace("&", "&amp;") in svg
    name = data.country("MK")["name"]
    assert name in svg


@pytest.mark.parametrize("code", ["sr-Cyrl", "sq"])
def test_pdf_brief_in_the_language_with_its_letters(dataset, code, tmp_path):
    language = LANGUAGES.by_code(code)
    data = localised(dataset, code)
    with using(language.locale):
        path = tmp_path / "brief.pdf"
        path.write_bytes(country_brief_pdf(data, "RS"))
    text = pdf_text(path)
    assert data.content.text("brief.title", country=data.country("RS")["name"]) in text
    assert ("Србија" if code == "sr-Cyrl" else "Serbia") in text
    assert data.content.text("brief.key_facts") in text
    note = data.content.text("language.english_facts", language=data.content.language_name)
    assert " ".join(note.split()) in text  # the facts are the English summaries, and the brief says so
    assert str(PdfReader(path).trailer["/Root"]["/Lang"]) == code


def test_xlsx_about_sheet_and_labels_follow_the_language(dataset):
    data = localised(dataset, "bs")
    codes = list(data.countries["iso2"])
    with using("bs"):
        table: ExportTable = sourced_table(data, codes, ["eu", "projects"])
        filters = ViewFilters(data.registry["eu"], tuple(codes), ("eu", "projects"), tuple(codes))
        workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(data, table, filters)))
    assert data.content.text("export.sheet_about") in workbook.sheetnames
    first = workbook[workbook.sheetnames[0]]
    assert [c.value for c in first[1]][:3] == ["country", "iso2", "eu_status"]  # machine keys stay
    labelled = workbook[workbook.sheetnames[1]]
    assert data.registry["eu"].label in [c.value for c in labelled[1]]


def test_a_download_built_on_streamlits_worker_thread_keeps_the_reader_language(dataset):
    """Streamlit runs a deferred download's callable on a thread of its own, where no locale was activated."""
    import threading

    from wbdash.app.ui import in_reader_language

    data = localised(dataset, "sr-Cyrl")
    results: dict[str, bytes] = {}

    def on_worker_thread(name: str, build) -> None:
        worker = threading.Thread(target=lambda: results.update({name: build()}))
        worker.start()
        worker.join()

    on_worker_thread("bare", lambda: format_date("2023-05").encode())
    on_worker_thread("wrapped", in_reader_language(data, lambda: format_date("2023-05").encode()))
    assert results == {"bare": b"May 2023", "wrapped": "мај 2023".encode()}
