"""Babel extractors for the dashboard's content files, so `pybabel extract -F babel.cfg` sees every sentence.

The interface's words live in data files (text.yaml, definitions.yaml, indicators.yaml, names in
countries.csv, places.csv and the boundaries), not in Python, so Babel's Python extractor finds nothing to
translate. These extractors yield each string as a `pgettext` message: the context is the string's place in
the content (`map.subtitle`, `indicators.eu.label`, `names.country`), the id its English text. A translator
therefore sees a short English word once per place it is used, and a comment naming its placeholders.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import IO, Any

import yaml

from wbdash.content import placeholders

Message = tuple[int, str, tuple[str, str], list[str]]

NAMES_COUNTRY = "names.country"
NAMES_PLACE = "names.place"


def _message(context: str, text: str, comments: list[str] | None = None, lineno: int = 0) -> Message:
    notes = list(comments or [])
    names = placeholders(text)
    if names:
        notes.append("Keep the placeholders exactly: " + ", ".join("{" + n + "}" for n in dict.fromkeys(names)) + ".")
    if "**" in text or "](" in text or "`" in text:
        notes.append("Keep the Markdown marks (** for bold, [text](link), `code`).")
    return lineno, "pgettext", (context, text), notes


def _yaml(fileobj: IO[bytes]) -> Any:
    return yaml.safe_load(io.TextIOWrapper(fileobj, encoding="utf-8"))


def extract_text(fileobj: IO[bytes], keywords: object, comment_tags: object, options: dict) -> Iterator[Message]:
    """data/content/text.yaml: one message per template, in the context `section.key`."""
    document = _yaml(fileobj)
    parameters: dict[str, str] = document.get("parameters", {})
    for section, entries in document["text"].items():
        for key, template in entries.items():
            described = [f"{{{name}}}: {parameters[name]}" for name in dict.fromkeys(placeholders(template))
                         if name in parameters]
            yield _message(f"{section}.{key}", template, ["; ".join(described)] if described else [])


def definition_context(term: str) -> str:
    return "definitions." + "_".join("".join(c if c.isalnum() else " " for c in term.lower()).split())


def extract_definitions(fileobj: IO[bytes], keywords: object, comment_tags: object, options: dict) -> Iterator[Message]:
    """data/content/definitions.yaml: term, explanation and basis of each definition."""
    for definition in _yaml(fileobj)["definitions"]:
        context = definition_context(definition["term"])
        for field in ("term", "explanation", "basis"):
            yield _message(f"{context}.{field}", " ".join(definition[field].split()))


INDICATOR_FIELDS = ("label", "short_label", "description", "unit", "headline_detail")


def extract_indicators(fileobj: IO[bytes], keywords: object, comment_tags: object, options: dict) -> Iterator[Message]:
    """data/indicators.yaml: labels, descriptions, units, category names and class labels."""
    for indicator in _yaml(fileobj)["indicators"]:
        context = f"indicators.{indicator['key']}"
        for field in INDICATOR_FIELDS:
            value = indicator.get(field)
            if value:
                yield _message(f"{context}.{field}", " ".join(str(value).split()))
        for category in indicator.get("categories", ()):
            yield _message(f"{context}.category", category,
                           ["A status shown in legends, tables and tooltips; the data keeps the English value."])
        for label in (indicator.get("classes") or {}).get("labels", ()):
            yield _message(f"{context}.class", label, ["A map legend class."])


def extract_country_names(fileobj: IO[bytes], keywords: object, comment_tags: object, options: dict) -> Iterator[Message]:
    """data/countries.csv: the six countries' names."""
    for row in csv.DictReader(io.TextIOWrapper(fileobj, encoding="utf-8")):
        yield _message(NAMES_COUNTRY, row["name"], [
            "A country's name as your language writes it on a map (Kosovo: the neutral form used by EU texts "
            "in your language, without an asterisk; the dashboard's note explains its treatment)."])


def extract_place_names(fileobj: IO[bytes], keywords: object, comment_tags: object, options: dict) -> Iterator[Message]:
    """data/places.csv: the cities the sources name."""
    for row in csv.DictReader(io.TextIOWrapper(fileobj, encoding="utf-8")):
        yield _message(NAMES_PLACE, row["place"], ["A city's name as your language writes it on a map."])


def extract_boundary_names(fileobj: IO[bytes], keywords: object, comment_tags: object, options: dict) -> Iterator[Message]:
    """geo/boundaries.geojson: the neighbouring countries' names on the map (the six come from countries.csv)."""
    for feature in json.load(io.TextIOWrapper(fileobj, encoding="utf-8"))["features"]:
        if feature["properties"].get("role") != "focus":
            yield _message(NAMES_COUNTRY, feature["properties"]["name"],
                           ["A neighbouring country's name on the map."])
