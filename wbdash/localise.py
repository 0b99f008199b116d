"""The loaded dataset in a reader's language: the same data, its words taken from a gettext catalog.

Only words change: templates, definitions, the registry's labels and category names, and the names of
countries and places. Values, keys, citations and evidence stay as validated. A translation that drops
or invents a placeholder is a data error naming the catalog and the message, found at load, not on a page.
"""

from __future__ import annotations

import dataclasses
import gettext
from collections.abc import Callable

from wbdash.catalog_extract import INDICATOR_FIELDS, NAMES_COUNTRY, NAMES_PLACE, definition_context
from wbdash.content import DEFINITION_TEXT_FIELDS, Content, fill_definitions, placeholders
from wbdash.dataset import Dataset
from wbdash.errors import DataIssue, DataValidationError
from wbdash.fact_translations import translated_facts
from wbdash.figures import data_figures
from wbdash.i18n import DOMAIN, LOCALE_DIR, SOURCE_LOCALE, Language, using
from wbdash.registry import Indicator, Registry

Translate = Callable[[str, str], str]  # (context, English) -> the reader's language


def _flat(text: str) -> str:
    return " ".join(text.split())  # as wbdash.catalog_extract writes folded YAML into the catalog


class _Checked:
    """pgettext that records every translation whose placeholders differ from the English ones."""

    def __init__(self, translations: gettext.NullTranslations, label: str) -> None:
        self._translations, self._label, self.issues = translations, label, []  # type: list[DataIssue]

    def __call__(self, context: str, english: str) -> str:
        flat = _flat(english)
        translated = self._translations.pgettext(context, flat)
        if translated == flat:
            return english
        try:
            same = sorted(set(placeholders(translated))) == sorted(set(placeholders(english)))
        except ValueError:
            same = False
        if not same:
            self.issues.append(DataIssue(self._label, None, "msgstr", "the translation's {placeholders} differ from the "
                                         f"English ones ({', '.join(sorted(set(placeholders(english)))) or 'none'})",
                                         key=f"{context} | {flat[:60]}"))
            return english
        return translated


def localise(dataset: Dataset, language: Language, translations: gettext.NullTranslations) -> Dataset:
    """`dataset` (loaded, at the brief's month) with its words in `language`."""
    locale = language.locale
    if locale == SOURCE_LOCALE:
        return dataset
    translate = _Checked(translations, f"{LOCALE_DIR}/{locale}/LC_MESSAGES/{DOMAIN}.po")
    registry = localise_registry(dataset.registry, translate)
    countries = dataset.countries.copy()
    countries["name"] = [translate(NAMES_COUNTRY, str(name)) for name in countries["name"]]
    context = dataset.context.copy()
    context["name"] = [translate(NAMES_COUNTRY, str(name)) for name in context["name"]]
    places = dataset.places.copy()
    places["label"] = [translate(NAMES_PLACE, str(place)) for place in places["place"]]
    with using(locale):
        figures = data_figures(registry, countries, dataset.region, dataset.sources)
    content = dataclasses.replace(localise_content(dataset.content, translate, figures, locale),
                                  language_name=language.name)
    if translate.issues:
        raise DataValidationError(translate.issues)
    facts = translated_facts(dataset.facts, dataset.fact_translations, language.code)
    return dataclasses.replace(dataset, registry=registry, countries=countries, context=context, places=places,
                               content=content, facts=facts)


def localise_registry(registry: Registry, translate: Translate) -> Registry:
    def indicator(entry: Indicator) -> Indicator:
        context = f"indicators.{entry.key}"
        update: dict[str, object] = {field: translate(f"{context}.{field}", getattr(entry, field))
                                     for field in INDICATOR_FIELDS if getattr(entry, field)}
        if entry.categories:
            update["category_names"] = tuple((c, translate(f"{context}.category", c)) for c in entry.categories)
        if entry.classes is not None and entry.classes.labels:
            update["classes"] = entry.classes.model_copy(
                update={"labels": tuple(translate(f"{context}.class", label) for label in entry.classes.labels)})
        return entry.model_copy(update=update)

    # A new model, not model_copy: a copy would carry the original's cached `by_key` (English labels) along.
    return Registry.model_construct(default_map=registry.default_map,
                                    indicators=tuple(indicator(entry) for entry in registry.indicators))


def localise_content(content: Content, translate: Translate, figures: dict[str, str], locale: str) -> Content:
    templates = {key: translate(key, template) for key, template in content.templates.items()}
    definitions = tuple(
        definition.model_copy(update={field: translate(f"{definition_context(definition.term)}.{field}",
                                                       getattr(definition, field))
                                      for field in DEFINITION_TEXT_FIELDS})
        for definition in content.definition_templates)
    return Content(templates=templates, definitions=fill_definitions(definitions, figures), figures=figures,
                   definition_templates=definitions, language=locale)
