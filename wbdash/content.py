"""The dashboard's words, from data/content/*.yaml, with placeholders filled from the data.

Every sentence a reader sees is a template in a content file. `{name}` placeholders are either
figures computed from the validated data (wbdash.figures) or values a view passes in, which each
content file declares under `parameters`. Validation checks every placeholder, so a typo is a
data error naming the file and key, not a crash on some page.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wbdash.errors import DataIssue, DataValidationError

CONTENT_DIR = "content"
TEXT_FILE = "text.yaml"
DEFINITIONS_FILE = "definitions.yaml"
MAX_CONTENT_BYTES = 500_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Strict):
    source: str
    footnote: int | None = None
    evidence: str | None = Field(default=None, min_length=3, max_length=120)  # exact words of the document
    locator: str | None = Field(default=None, min_length=2, max_length=120)  # where: "fn 91", a section


class Definition(_Strict):
    term: str = Field(min_length=2)
    explanation: str = Field(min_length=10)
    basis: str = Field(min_length=10)  # how far the explanation rests on the sources, in words
    basis_type: Literal["source", "inference", "general knowledge"]
    citations: tuple[Citation, ...] = Field(min_length=1)
    indicator: str | None = None  # the registry key whose categories the definition explains


class TextFile(_Strict):
    parameters: dict[str, str] = {}  # placeholder -> what a view passes in
    text: dict[str, dict[str, str]]  # section -> key -> template


class DefinitionsFile(_Strict):
    definitions: tuple[Definition, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Content:
    """Templates by "section.key", the definitions, and the figures that fill the templates."""

    templates: Mapping[str, str]
    definitions: tuple[Definition, ...]
    figures: Mapping[str, str]
    definition_templates: tuple[Definition, ...] = ()  # before figures are filled in: what translations replace
    language: str = "en"  # the Babel locale the templates are written in
    language_name: str = ""  # that language's name for itself (data/content/languages.yaml), for notes

    def text(self, key: str, /, **values: object) -> str:
        """The template `key` with figures and `values` filled in (plain text: escape before Markdown)."""
        template = self.templates[key]
        return template.format_map({**self.figures, **{k: str(v) for k, v in values.items()}})

    def fill(self, template: str, /, **values: object) -> str:
        """A template from another content file (e.g. an indicator's headline detail)."""
        return template.format_map({**self.figures, **{k: str(v) for k, v in values.items()}})


def placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def _read_yaml(path: Path, label: str) -> object:
    if not path.is_file():
        raise DataValidationError([DataIssue(label, None, None, f"file not found in the data folder ({label})")])
    if path.stat().st_size > MAX_CONTENT_BYTES:
        raise DataValidationError([DataIssue(label, None, None, f"file is larger than {MAX_CONTENT_BYTES:,} bytes")])
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataValidationError([DataIssue(label, None if mark is None else mark.line + 1, None,
                                             f"not valid YAML: {exc}")]) from None


def _pydantic_issues(label: str, error: ValidationError) -> list[DataIssue]:
    issues = []
    for item in error.errors():
        location = [str(part) for part in item["loc"]]
        message = "this field is required but missing" if item["type"] == "missing" else item["msg"]
        issues.append(DataIssue(label, None, ".".join(location[1:]) or None, message,
                                key=location[0] if location else None))
    return issues


def load_content(data_dir: Path, figures: Mapping[str, str], known_ids: set[str],
                 indicator_keys: set[str]) -> Content:
    """Read and check the content files: placeholders, citations and indicator references."""
    text_label, definitions_label = f"{CONTENT_DIR}/{TEXT_FILE}", f"{CONTENT_DIR}/{DEFINITIONS_FILE}"
    issues: list[DataIssue] = []
    text_file = definitions_file = None
    try:
        text_file = TextFile.model_validate(_read_yaml(data_dir / CONTENT_DIR / TEXT_FILE, text_label))
    except ValidationError as exc:
        issues += _pydantic_issues(text_label, exc)
    try:
        definitions_file = DefinitionsFile.model_validate(
            _read_yaml(data_dir / CONTENT_DIR / DEFINITIONS_FILE, definitions_label))
    except ValidationError as exc:
        issues += _pydantic_issues(definitions_label, exc)
    if text_file is None or definitions_file is None:
        raise DataValidationError(issues)

    allowed = set(figures) | set(text_file.parameters)
    templates = {f"{section}.{key}": value for section, entries in text_file.text.items()
                 for key, value in entries.items()}
    for key, template in templates.items():
        issues += _template_issues(text_label, key, template, allowed)
    for number, definition in enumerate(definitions_file.definitions, start=1):
        entry = f"definition {number}"
        for field in ("term", "explanation", "basis"):
            issues += _template_issues(definitions_label, entry, getattr(definition, field), set(figures), field)
        for citation in definition.citations:
            wanted = citation.source if citation.footnote is None else f"{citation.source}-fn{citation.footnote}"
            if wanted not in known_ids:
                issues.append(DataIssue(definitions_label, None, "citations",
                                        f"{wanted!r} is not in sources.csv", key=entry))
        if definition.basis_type == "source" and not any(c.evidence for c in definition.citations):
            issues.append(DataIssue(definitions_label, None, "citations",
                                    "a definition based on the sources quotes the words it rests on: give a "
                                    "citation an 'evidence' phrase and a 'locator'", key=entry))
        for citation in definition.citations:
            if (citation.evidence is None) != (citation.locator is None):
                issues.append(DataIssue(definitions_label, None, "citations",
                                        "'evidence' and 'locator' go together", key=entry))
        if definition.indicator is not None and definition.indicator not in indicator_keys:
            issues.append(DataIssue(definitions_label, None, "indicator",
                                    f"{definition.indicator!r} is not an indicator in indicators.yaml", key=entry))
    if issues:
        raise DataValidationError(issues)
    filled = fill_definitions(definitions_file.definitions, figures)
    return Content(templates=templates, definitions=filled, figures=dict(figures),
                   definition_templates=definitions_file.definitions)


DEFINITION_TEXT_FIELDS = ("term", "explanation", "basis")


def fill_definitions(definitions: tuple[Definition, ...], figures: Mapping[str, str]) -> tuple[Definition, ...]:
    return tuple(definition.model_copy(update={field: getattr(definition, field).format_map(figures)
                                               for field in DEFINITION_TEXT_FIELDS})
                 for definition in definitions)


def _template_issues(label: str, key: str, template: str, allowed: set[str], field: str | None = None) -> list[DataIssue]:
    try:
        names = placeholders(template)
    except ValueError as exc:
        return [DataIssue(label, None, field, f"unbalanced braces in the text: {exc}", key=key)]
    unknown = sorted({name for name in names if name not in allowed})
    if not unknown:
        return []
    return [DataIssue(label, None, field, f"unknown placeholder(s) {', '.join('{' + n + '}' for n in unknown)}; "
                      "use a figure from the data or a declared parameter", key=key)]
