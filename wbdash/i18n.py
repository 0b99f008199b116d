"""The dashboard's languages: which one a reader gets, its gettext catalog, and the locale that formats
dates and numbers.

English is the source language: its words are the content files. Every other language is a gettext
catalog under data/locale/<locale>/LC_MESSAGES/wbdash.po (extracted by wbdash.catalog_extract, edited in
Poedit or Weblate). The compiled .mo is made from the .po by Babel whenever it is missing or older, so a
corrected translation is never shadowed by a stale binary.

Formatting follows the active locale of the current thread, as Django's `translation.activate` does:
Streamlit runs each script run in its own thread, and the page activates the reader's language before
anything is formatted.
"""

from __future__ import annotations

import contextlib
import contextvars
import gettext
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wbdash.errors import DataIssue, DataValidationError

LANGUAGES_FILE = "content/languages.yaml"
LOCALE_DIR = "locale"
DOMAIN = "wbdash"
SOURCE_LOCALE = "en"


class Language(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(pattern=r"^[a-z]{2,3}(-[A-Z][a-z]{3})?$")  # the URL's lang= value (BCP 47)
    locale: str = Field(pattern=r"^[a-z]{2,3}(_[A-Z][a-z]{3})?$")  # Babel / gettext id: the catalog folder
    name: str = Field(min_length=2)  # the language's name for itself
    script: Literal["Latn", "Cyrl"]


class LanguagesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    default: str
    languages: tuple[Language, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Languages:
    default: Language
    all: tuple[Language, ...]

    def by_code(self, code: str) -> Language | None:
        return next((language for language in self.all if language.code == code), None)

    def for_browser(self, tag: str | None) -> Language | None:
        """The language matching a browser's `navigator.language` ('sr-RS', 'sq-AL', 'mk'), if any.

        A bare Serbian tag means Cyrillic, CLDR's default script for Serbian; Babel resolves the region.
        """
        if not tag:
            return None
        try:
            parsed = Locale.parse(tag.replace("_", "-"), sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            return None
        candidates = [f"{parsed.language}_{parsed.script}"] if parsed.script else []
        candidates.append(parsed.language)
        return next((language for candidate in candidates for language in self.all if language.locale == candidate), None)


def load_languages(data_dir: Path) -> Languages:
    path = data_dir / LANGUAGES_FILE
    try:
        parsed = LanguagesFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise DataValidationError([DataIssue(LANGUAGES_FILE, None, None, "file not found in the data folder")]) from None
    except ValidationError as exc:
        raise DataValidationError([DataIssue(LANGUAGES_FILE, None, ".".join(map(str, item["loc"])) or None, item["msg"])
                                   for item in exc.errors()]) from None
    default = next((language for language in parsed.languages if language.code == parsed.default), None)
    if default is None or default.locale != SOURCE_LOCALE:
        raise DataValidationError([DataIssue(LANGUAGES_FILE, None, "default",
                                             f"the default must be the source language, {SOURCE_LOCALE!r}")])
    return Languages(default=default, all=parsed.languages)


@dataclass(frozen=True)
class Choice:
    language: Language
    bad_request: str | None  # the unknown lang= value the reader's link asked for, to name in a notice


def choose_language(languages: Languages, requested: str | None, browser: str | None) -> Choice:
    """The link's lang= when it names a language; else the browser's when it is one of ours; else English."""
    if requested:
        language = languages.by_code(requested)
        if language is not None:
            return Choice(language, None)
        return Choice(languages.default, requested)
    return Choice(languages.for_browser(browser) or languages.default, None)


def catalog_path(data_dir: Path, locale: str, suffix: str = ".po") -> Path:
    return data_dir / LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def compile_catalog(data_dir: Path, locale: str) -> bytes:
    """The compiled catalog, written beside the .po as `pybabel compile` does unless it is up to date there.

    A read-only data folder (a deployment's image) still works: the catalog is then compiled in memory.
    """
    po_path, mo_path = catalog_path(data_dir, locale), catalog_path(data_dir, locale, ".mo")
    if mo_path.is_file() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return mo_path.read_bytes()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=locale, abort_invalid=True)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    with contextlib.suppress(OSError):
        mo_path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def load_translations(data_dir: Path, locale: str) -> gettext.NullTranslations:
    """The catalog of `locale` (English: none, the content files are the English text)."""
    if locale == SOURCE_LOCALE:
        return gettext.NullTranslations()
    label = f"{LOCALE_DIR}/{locale}/LC_MESSAGES/{DOMAIN}.po"
    if not catalog_path(data_dir, locale).is_file():
        raise DataValidationError([DataIssue(label, None, None, "the language's catalog is missing")])
    try:
        return gettext.GNUTranslations(io.BytesIO(compile_catalog(data_dir, locale)))
    except Exception as exc:  # Babel's parser and gettext raise several kinds for a broken catalog
        raise DataValidationError([DataIssue(label, getattr(exc, "lineno", None), None,
                                             f"not a readable gettext catalog: {exc}")]) from None


_ACTIVE: contextvars.ContextVar[str] = contextvars.ContextVar("wbdash_locale", default=SOURCE_LOCALE)


def active_locale() -> str:
    """The Babel locale id dates and numbers are formatted in on this thread ('en', 'sr_Cyrl', …)."""
    return _ACTIVE.get()


def activate(locale: str) -> None:
    """Format in `locale` for the rest of this script run (each Streamlit run has its own thread)."""
    _ACTIVE.set(locale)


@contextlib.contextmanager
def using(locale: str) -> Iterator[None]:
    token = _ACTIVE.set(locale)
    try:
        yield
    finally:
        _ACTIVE.reset(token)
