"""Keeping the translation catalogs in step with the content: extract, update, compile and check.

`python -m wbdash catalogs --update` runs Babel's own `pybabel extract` (with babel.cfg, whose content
extractors are in wbdash.catalog_extract) and `pybabel update`, so a changed English sentence reaches every
.po as a new or fuzzy message for its translator. `python -m wbdash catalogs` compiles each .po to .mo and
reports what a translator still has to do.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from wbdash.content import placeholders
from wbdash.i18n import DOMAIN, LOCALE_DIR, Language, catalog_path, compile_catalog, load_languages
from wbdash.paths import REPO_ROOT

TEMPLATE = f"{LOCALE_DIR}/{DOMAIN}.pot"
MARKDOWN_MARKS = ("**", "](", "`")


def _names(text: str) -> list[str]:
    return sorted(set(placeholders(text)))


def update_catalogs(data_dir: Path) -> None:
    """Extract the template from the content and merge it into every language's catalog."""
    template = data_dir / TEMPLATE
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(REPO_ROOT / "babel.cfg"), "-o", str(template),
                                "--project=wbdash", "--copyright-holder=wbdash contributors", "--no-wrap",
                                "--omit-header", "--no-location", str(REPO_ROOT)])
    _drop_format_flags(template)
    for language in _translated(data_dir):
        CommandLineInterface().run(["pybabel", "-q", "update", "-i", str(template), "-d", str(data_dir / LOCALE_DIR),
                                    "-D", DOMAIN, "-l", language.locale, "--no-wrap", "--ignore-obsolete"])
        _drop_format_flags(catalog_path(data_dir, language.locale))


def _drop_format_flags(path: Path) -> None:
    # Babel marks any message with a '%' as python-format; ours use {name} placeholders, and the flag makes
    # `pybabel compile` read "% of" as a %-conversion.
    with path.open("rb") as file:
        catalog = read_po(file)
    for message in catalog:
        message.flags.discard("python-format")
    with path.open("wb") as file:
        write_po(file, catalog, width=0, omit_header=path.suffix == ".pot")


@dataclass(frozen=True)
class CatalogReport:
    language: Language
    total: int
    problems: tuple[str, ...]  # untranslated, fuzzy, placeholders, Markdown marks, script


def check_catalog(data_dir: Path, language: Language) -> CatalogReport:
    """Every message translated, not fuzzy, with the English placeholders and Markdown marks, in the
    language's script."""
    with catalog_path(data_dir, language.locale).open("rb") as file:
        catalog = read_po(file, locale=language.locale)
    problems = []
    total = 0
    for message in catalog:
        if not message.id:
            continue
        total += 1
        where = f"{message.context}: {str(message.id)[:50]!r}"
        text, english = str(message.string or ""), str(message.id)
        if not text:
            problems.append(f"not translated — {where}")
            continue
        if message.fuzzy:
            problems.append(f"marked fuzzy (the English changed) — {where}")
        try:
            if _names(text) != _names(english):
                problems.append(f"placeholders {_names(text)} instead of {_names(english)} — {where}")
        except ValueError as exc:
            problems.append(f"unbalanced braces ({exc}) — {where}")
        for mark in MARKDOWN_MARKS:
            if text.count(mark) != english.count(mark):
                problems.append(f"{mark!r} appears {text.count(mark)} times, {english.count(mark)} in English — {where}")
        if language.script == "Latn" and any("CYRILLIC" in unicodedata.name(c, "") for c in text):
            problems.append(f"Cyrillic letters in a Latin-script catalog — {where}")
    return CatalogReport(language, total, tuple(problems))


def compile_all(data_dir: Path) -> list[CatalogReport]:
    reports = []
    for language in _translated(data_dir):
        compile_catalog(data_dir, language.locale)
        reports.append(check_catalog(data_dir, language))
    return reports


def _translated(data_dir: Path) -> list[Language]:
    languages = load_languages(data_dir)
    return [language for language in languages.all if language != languages.default]
