"""Validate the data files against the declared schemas and against each other.

Every problem is collected (pandera's lazy mode plus the cross-file checks) so one run tells an
analyst everything to fix, each problem located by file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from wbdash.citations import is_present
from wbdash.csv_reader import RawTable, read_csv_text
from wbdash.errors import DataIssue, DataValidationError
from wbdash.evidence import MAX_EVIDENCE_WORDS, document_file, too_long
from wbdash.fact_translations import TRANSLATIONS_FILE, translation_issues
from wbdash.history import History, history_issues
from wbdash.i18n import load_languages
from wbdash.paths import CONFLICTS_FILE, COUNTRIES_FILE, DATA_DIR, FACTS_FILE, PLACES_FILE, REGION_FILE, SOURCES_FILE
from wbdash.registry import REGISTRY_FILE, Registry, load_registry
from wbdash.schema import HISTORY_FILE, footnote_references, footnote_source_id, source_references, table_schemas
from wbdash.statuses import FOCUS_COUNTRY_CODES


@dataclass(frozen=True)
class Tables:
    """The validated data files, typed as the schemas declare, and the indicator registry."""

    registry: Registry
    countries: pd.DataFrame
    facts: pd.DataFrame
    sources: pd.DataFrame
    region: pd.DataFrame
    places: pd.DataFrame
    conflicts: pd.DataFrame
    status_history: pd.DataFrame  # the file as validated ...
    history: History  # ... and as milestones per country and indicator
    fact_translations: pd.DataFrame  # reviewed translations of facts, by language
    line_numbers: dict[str, list[int]] = field(default_factory=dict, compare=False)  # file -> line of each row


OPTIONAL_ROWS = {TRANSLATIONS_FILE}  # a language may have no reviewed fact translations yet


def load_tables(data_dir: Path = DATA_DIR) -> Tables:
    """Read and validate every data file; raise DataValidationError listing all problems."""
    registry = load_registry(data_dir)  # the country table's schema depends on it
    schemas = table_schemas(registry)
    issues: list[DataIssue] = []
    frames: dict[str, pd.DataFrame] = {}
    line_maps: dict[str, list[int]] = {}
    for file_name, schema in schemas.items():
        raw, read_issues = read_csv_text(data_dir / file_name, may_be_empty=file_name in OPTIONAL_ROWS)
        issues.extend(read_issues)
        if raw is None:
            continue
        if file_name == COUNTRIES_FILE:
            issues.extend(_registry_columns_missing(registry, list(raw.frame.columns)))
        frame, schema_issues = _validate_frame(file_name, raw, schema, _category_hints(registry, file_name))
        issues.extend(schema_issues)
        if frame is not None:
            frames[file_name] = frame
            line_maps[file_name] = raw.line_numbers
    history = History(frames[HISTORY_FILE], line_maps[HISTORY_FILE]) if HISTORY_FILE in frames else None
    if len(frames) == len(schemas):
        assert history is not None
        languages = load_languages(data_dir)
        language_codes = {language.code for language in languages.all if language != languages.default}
        issues.extend(_cross_file_issues(registry, frames, line_maps, history, language_codes))
    if issues:
        raise DataValidationError(issues)
    assert history is not None  # every file loaded, or DataValidationError was raised
    return Tables(
        registry=registry,
        countries=frames[COUNTRIES_FILE],
        facts=frames[FACTS_FILE],
        sources=frames[SOURCES_FILE],
        region=frames[REGION_FILE],
        places=frames[PLACES_FILE],
        conflicts=frames[CONFLICTS_FILE],
        status_history=frames[HISTORY_FILE],
        history=history,
        fact_translations=frames[TRANSLATIONS_FILE],
        line_numbers=line_maps,
    )


def _registry_columns_missing(registry: Registry, header: list[str]) -> list[DataIssue]:
    """Columns the registry names that countries.csv lacks, reported against the registry entry."""
    issues = []
    for indicator in registry.stored():
        assert indicator.columns is not None
        for name, column in indicator.columns.model_dump().items():
            if column and column not in header:
                issues.append(DataIssue(REGISTRY_FILE, None, f"columns.{name}",
                                        f"column {column!r} is not in {COUNTRIES_FILE}", key=indicator.key))
    return issues


def _category_hints(registry: Registry, file_name: str) -> dict[str, str]:
    """For countries.csv and the history: where the allowed values of each category column are declared."""
    if file_name == HISTORY_FILE:
        return {"status": f"; each indicator's categories are declared in {REGISTRY_FILE}",
                "indicator": f"; only indicators with 'timeline: true' in {REGISTRY_FILE} have a history"}
    if file_name != COUNTRIES_FILE:
        return {}
    return {i.value_column: f"; add it to the categories of '{i.key}' in {REGISTRY_FILE} if it is a new status"
            for i in registry.stored() if i.kind == "category"}


def _validate_frame(
    file_name: str, raw: RawTable, schema: pa.DataFrameSchema, hints: dict[str, str] | None = None,
) -> tuple[pd.DataFrame | None, list[DataIssue]]:
    try:
        return schema.validate(raw.frame, lazy=True), []
    except pa.errors.SchemaErrors as exc:
        return None, _issues_from_failures(file_name, exc.failure_cases, raw.line_numbers, hints or {})


def _issues_from_failures(file_name: str, failures: pd.DataFrame, line_numbers: list[int],
                          hints: dict[str, str] | None = None) -> list[DataIssue]:
    issues: list[DataIssue] = []
    coerce_failed: set[str] = set()
    for record in failures.to_dict("records"):
        if str(record["check"]).startswith("coerce_dtype"):
            coerce_failed.add(str(record["column"]))
    for record in failures.to_dict("records"):
        column = str(record["column"]) if record["column"] is not None else None
        check = str(record["check"])
        case = record["failure_case"]
        index = record["index"]
        if column in coerce_failed and not check.startswith("coerce_dtype"):
            continue  # the unparsable value is already reported; later checks on it only echo it
        if check == "column_in_schema":
            issues.append(DataIssue(file_name, 1, str(case), "unexpected column; it is not in the declared schema"
                                    + (f" (declare it under an indicator in {REGISTRY_FILE})"
                                       if file_name == COUNTRIES_FILE else "")))
            continue
        if check == "column_in_dataframe":
            issues.append(DataIssue(file_name, 1, str(case), "required column is missing from the header"))
            continue
        row = line_numbers[int(index)] if _is_index(index) and int(index) < len(line_numbers) else None
        hint = (hints or {}).get(column or "", "") if check.startswith("isin(") else ""
        issues.append(DataIssue(file_name, row, column, _describe(check, case) + hint))
    return list(dict.fromkeys(issues))


def _is_index(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value))


def _describe(check: str, case: object) -> str:
    shown = repr(case)
    if check.startswith("coerce_dtype") or check.startswith("dtype"):
        wanted = "a whole number" if "int" in check.lower() else check
        return f"{shown} is not {wanted}"
    if check == "not_nullable":
        return "a value is required but the cell is empty"
    if check == "field_uniqueness":
        return f"{shown} appears more than once; values in this column must be unique"
    if check.startswith("isin("):
        allowed = check[len("isin("):-1]
        return f"{shown} is not an allowed value; allowed: {allowed}"
    if check.startswith("str_matches("):
        return f"{shown} does not have the expected format ({_format_hint(check)})"
    if check.startswith("str_length("):
        return f"{shown} has the wrong length ({check})"
    if check.startswith("greater_than_or_equal_to("):
        return f"{shown} is below the minimum {check[len('greater_than_or_equal_to('):-1]}"
    if check.startswith("greater_than("):
        return f"{shown} must be greater than {check[len('greater_than('):-1]}"
    if check.startswith("less_than_or_equal_to("):
        return f"{shown} is above the maximum {check[len('less_than_or_equal_to('):-1]}"
    return f"{shown} fails the check {check}"


def _format_hint(check: str) -> str:
    if r"\d{4}" in check:
        return "a date as YYYY, YYYY-MM or YYYY-MM-DD"
    if "a-z0-9" in check:
        return "lowercase letters, digits and hyphens"
    if "https?" in check:
        return "an http(s) URL"
    if "A-Z" in check:
        return "three capital letters"
    return check


def _evidence_issues(registry: Registry, frames: dict[str, pd.DataFrame],
                     line_maps: dict[str, list[int]]) -> list[DataIssue]:
    """A statement resting on a source document quotes the words it rests on (evidence) and says where
    they are (locator); the phrase itself is matched against the document by `validate --sources`."""
    sources = frames[SOURCES_FILE]
    has_text = {sid for sid in sources["source_id"] if document_file(sources, str(sid))}
    checks: list[tuple[str, str, str, str, pd.Series | None]] = [  # file, evidence, locator, source column, needed
        (FACTS_FILE, "evidence", "locator", "source_id", frames[FACTS_FILE]["basis"] == "source"),
        (REGION_FILE, "evidence", "locator", "source_id", None),
    ]
    for indicator in registry.stored():
        group = indicator.columns
        if group is not None and group.evidence and group.locator:
            checks.append((COUNTRIES_FILE, group.evidence, group.locator, group.source, None))
    issues: list[DataIssue] = []
    for file_name, evidence, locator, source, needed in checks:
        frame = frames[file_name]
        for position, row in enumerate(frame.to_dict("records")):
            line = line_maps[file_name][position]
            phrase, place = row[evidence], row[locator]
            required = bool(needed.iloc[position]) if needed is not None else row[source] in has_text
            if required and not is_present(phrase):
                issues.append(DataIssue(file_name, line, evidence,
                                        "a sourced statement needs the exact phrase of the source it rests on"))
            if is_present(phrase) and too_long(str(phrase)):
                issues.append(DataIssue(file_name, line, evidence,
                                        f"the evidence is a phrase of at most {MAX_EVIDENCE_WORDS} words, "
                                        f"not {len(str(phrase).split())}"))
            if is_present(phrase) != is_present(place):
                issues.append(DataIssue(file_name, line, locator, "evidence and locator go together"))
    return issues


def _conflict_issues(frames: dict[str, pd.DataFrame], line_maps: dict[str, list[int]]) -> list[DataIssue]:
    """Every group of disagreeing facts has a topic and at least two sides; every topic has its facts."""
    topics = set(frames[CONFLICTS_FILE]["conflict_group"])
    counts = frames[FACTS_FILE]["conflict_group"].value_counts()
    issues = []
    for position, group in enumerate(frames[FACTS_FILE]["conflict_group"]):
        if is_present(group) and group not in topics:
            issues.append(DataIssue(FACTS_FILE, line_maps[FACTS_FILE][position], "conflict_group",
                                    f"conflict group {group!r} has no topic in {CONFLICTS_FILE}"))
    for position, group in enumerate(frames[CONFLICTS_FILE]["conflict_group"]):
        if counts.get(group, 0) < 2:
            issues.append(DataIssue(CONFLICTS_FILE, line_maps[CONFLICTS_FILE][position], "conflict_group",
                                    f"a disagreement needs at least two facts in {FACTS_FILE}; "
                                    f"{group!r} has {counts.get(group, 0)}"))
    return issues


def _cross_file_issues(registry: Registry, frames: dict[str, pd.DataFrame],
                       line_maps: dict[str, list[int]], history: History, language_codes: set[str]) -> list[DataIssue]:
    issues: list[DataIssue] = []
    known_sources = set(frames[SOURCES_FILE]["source_id"])

    countries = frames[COUNTRIES_FILE]
    missing = [code for code in FOCUS_COUNTRY_CODES if code not in set(countries["iso2"])]
    if missing:
        issues.append(DataIssue(
            COUNTRIES_FILE, None, "iso2",
            f"every country needs a row; missing: {', '.join(missing)}",
        ))

    for file_name, columns in source_references(registry).items():
        frame = frames[file_name]
        for column in columns:
            for position, value in enumerate(frame[column]):
                if value is not None and not pd.isna(value) and value not in known_sources:
                    issues.append(DataIssue(
                        file_name, line_maps[file_name][position], column,
                        f"source id {value!r} is not in {SOURCES_FILE}",
                    ))

    for file_name, pairs in footnote_references(registry).items():
        frame = frames[file_name]
        for source_column, footnote_column in pairs:
            for position, (source, footnote) in enumerate(zip(frame[source_column], frame[footnote_column], strict=False)):
                if pd.isna(footnote) or source not in known_sources:
                    continue
                wanted = footnote_source_id(source, int(footnote))
                if wanted not in known_sources:
                    issues.append(DataIssue(
                        file_name, line_maps[file_name][position], footnote_column,
                        f"footnote {int(footnote)} of {source!r} has no bibliography entry {wanted!r} in {SOURCES_FILE}",
                    ))

    issues.extend(_conflict_issues(frames, line_maps))

    known_places = set(frames[PLACES_FILE]["place"])
    for position, place in enumerate(frames[FACTS_FILE]["place"]):
        if place is not None and not pd.isna(place) and place not in known_places:
            issues.append(DataIssue(
                FACTS_FILE, line_maps[FACTS_FILE][position], "place",
                f"place {place!r} is not in {PLACES_FILE}",
            ))

    issues.extend(history_issues(registry, history, countries, line_maps[COUNTRIES_FILE]))
    issues.extend(translation_issues(frames[FACTS_FILE], frames[TRANSLATIONS_FILE], line_maps[TRANSLATIONS_FILE],
                                     language_codes))
    issues.extend(_evidence_issues(registry, frames, line_maps))

    sources = frames[SOURCES_FILE]
    for position, (source_id, parent, footnote) in enumerate(
        zip(sources["source_id"], sources["parent_id"], sources["footnote"], strict=False)
    ):
        if pd.isna(footnote) != pd.isna(parent):
            issues.append(DataIssue(
                SOURCES_FILE, line_maps[SOURCES_FILE][position], "footnote",
                "a footnote entry needs both parent_id and footnote; a document needs neither",
            ))
        elif not pd.isna(footnote) and source_id != footnote_source_id(parent, int(footnote)):
            issues.append(DataIssue(
                SOURCES_FILE, line_maps[SOURCES_FILE][position], "source_id",
                f"footnote entries are named '<parent>-fn<N>'; expected {footnote_source_id(parent, int(footnote))!r}",
            ))
    return issues

