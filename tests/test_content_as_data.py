"""No figure or date that the data holds is typed into the package or the pages: they come from the data.

Scans every string literal (docstrings and comments excepted) of wbdash/, pages/ and dashboard.py for the
data's totals, regional figures, as-of dates (ISO and as readers see them) and cited footnotes.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from wbdash.figures import format_date
from wbdash.paths import REPO_ROOT

CODE = sorted([*(REPO_ROOT / "wbdash").rglob("*.py"), *(REPO_ROOT / "pages").glob("*.py"), REPO_ROOT / "dashboard.py"])


def data_tokens(dataset) -> set[str]:
    """Figures and dates a data file holds, as they would appear in text."""
    countries, region = dataset.countries, dataset.region
    tokens: set[str] = set()
    for indicator in dataset.registry.stored():
        columns = indicator.columns
        if indicator.kind == "count":
            tokens.add(str(int(countries[columns.value].sum())))
        for as_of in set(countries[columns.as_of]):
            tokens |= {str(as_of), format_date(as_of)}
        if columns.footnote:
            tokens |= {f"fn {int(n)}" for n in countries[columns.footnote].dropna()}
    for value, as_of in zip(region["value"], region["as_of"], strict=True):
        tokens |= {str(int(value)), str(as_of), format_date(as_of)}
    # Bare numbers below 100 also occur as pixels and percentages in map styles; they are not scanned.
    return {t for t in tokens if not t.isdigit() or int(t) >= 100}


def string_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_the_scan_finds_something_to_look_for(dataset):
    tokens = data_tokens(dataset)
    assert {"122", "136", "May 2023", "2023-05", "2021", "fn 55"} <= tokens


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_no_data_figure_is_typed_into_code(path, dataset):
    patterns = [(token, re.compile(rf"(?<![\w.-]){re.escape(token)}(?![\w-])")) for token in data_tokens(dataset)]
    hits = [f"line {line}: {token!r} in {text[:60]!r}" for line, text in string_literals(path)
            for token, pattern in patterns if pattern.search(text)]
    assert not hits, f"{path.name} types figures the data holds; take them from the data:\n" + "\n".join(hits)
