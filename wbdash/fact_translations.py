"""Reviewed translations of facts (data/fact_translations.csv): checked against the facts they translate,
and swapped in when the reader's language has one.

A fact is a sourced statement, so it is never machine-translated on the fly: a page shows the English
summary, marked as such, unless a translator has written this file's row for it.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import pandas as pd

from wbdash.citations import is_present
from wbdash.errors import DataIssue
from wbdash.paths import FACTS_FILE

TRANSLATIONS_FILE = "fact_translations.csv"
IN_READER_LANGUAGE = "in_reader_language"  # the facts column localise() adds: True where the words are translated
_NUMBER = re.compile(r"\d+")


def _same(a: object, b: object) -> bool:
    return (not is_present(a) and not is_present(b)) or (is_present(a) and is_present(b) and str(a) == str(b))


def translation_issues(facts: pd.DataFrame, translations: pd.DataFrame, lines: list[int],
                       language_codes: Collection[str]) -> list[DataIssue]:
    """Each row translates a known fact into a known language once, with the fact's citation, evidence
    and numbers."""
    issues: list[DataIssue] = []
    by_id = facts.set_index("fact_id").to_dict("index")
    seen: set[tuple[str, str]] = set()
    for position, row in enumerate(translations.to_dict("records")):
        line = lines[position]

        def issue(column: str, message: str) -> None:
            issues.append(DataIssue(TRANSLATIONS_FILE, line, column, message))  # noqa: B023 (used at once)

        if row["language"] not in language_codes:
            issue("language", f"{row['language']!r} is not a translation language of data/content/languages.yaml")
        if (row["fact_id"], row["language"]) in seen:
            issue("fact_id", f"a second translation of {row['fact_id']!r} into {row['language']}")
        seen.add((row["fact_id"], row["language"]))
        fact = by_id.get(row["fact_id"])
        if fact is None:
            issue("fact_id", f"{row['fact_id']!r} is not a fact in {FACTS_FILE}")
            continue
        for column in ("source_id", "footnote", "evidence"):
            if not _same(row[column], fact[column]):
                issue(column, f"differs from the fact's {column} in {FACTS_FILE}: a translation keeps its citation "
                              "and evidence")
        wanted, found = sorted(_NUMBER.findall(str(fact["statement"]))), sorted(_NUMBER.findall(str(row["statement"])))
        if wanted != found:
            issue("statement", f"the numbers differ from the fact's ({', '.join(wanted) or 'none'}): a translation "
                               "keeps every number, year and footnote")
    return issues


def translated_facts(facts: pd.DataFrame, translations: pd.DataFrame, language_code: str) -> pd.DataFrame:
    """The facts with title and statement in `language_code` where a translation exists."""
    chosen = translations[translations["language"] == language_code].set_index("fact_id")
    result = facts.copy()
    has = result["fact_id"].isin(chosen.index)
    for column in ("title", "statement"):
        result.loc[has, column] = list(chosen.loc[result.loc[has, "fact_id"], column])
    result[IN_READER_LANGUAGE] = has
    return result
