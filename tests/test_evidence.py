"""Evidence phrases: declared beside every sourced statement, and found word for word in the source's text."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import edit_cell
from wbdash.dataset import load_dataset
from wbdash.errors import DataValidationError
from wbdash.evidence import check, collect, normalise
from wbdash.paths import REPO_ROOT
from wbdash.validate import load_tables

SHARED_SOURCES = REPO_ROOT.parent / "shared" / "sources"


def frames(tables) -> dict:
    return {"countries.csv": tables.countries, "facts.csv": tables.facts, "region.csv": tables.region,
            "status_history.csv": tables.status_history}


def test_normalising_keeps_words_and_drops_typography():
    assert normalise("61 – a majority – are") == normalise("61 - A  majority -\nare")
    assert normalise("“Safe City”’s") == normalise('"safe city"\'s')
    assert normalise("implemented in Serbia⁵⁵. The") == normalise("implemented in Serbia . The")
    assert normalise("cameras") != normalise("camera")


def test_every_sourced_fact_and_value_declares_its_words(dataset):
    facts = dataset.facts
    sourced = facts[facts["basis"] == "source"]
    assert sourced["evidence"].notna().all() and sourced["locator"].notna().all()
    assert (sourced["evidence"].str.split().str.len() <= 10).all()
    for column in ("eu_status_evidence", "nato_status_evidence", "cni_status_evidence", "chinese_projects_evidence"):
        assert dataset.countries[column].notna().all(), column
    assert dataset.region["evidence"].notna().all()
    assert set(facts["basis"]) <= {"source", "inference", "general knowledge"}
    assert (facts["basis"] == "inference").sum() >= 5  # e.g. the table's counts read as BIRN's


def test_a_wrong_phrase_is_found_out_with_file_row_and_column(data_copy, tmp_path):
    line = edit_cell(data_copy, "facts.csv", "fact_id", "rs-chinese-projects", "evidence", "a clear majority of them")
    documents = tmp_path / "sources"
    documents.mkdir()
    (documents / "000_a7e6f84325087a8f.txt").write_text("Out of the total number, 61 – a majority – are implemented.",
                                                        encoding="utf-8")
    tables = load_tables(data_copy)
    dataset = load_dataset(data_copy)
    issues = check(collect(tables.registry, frames(tables), tables.line_numbers, dataset.content.definitions),
                   tables.sources, documents)
    wrong = [i for i in issues if i.file == "facts.csv" and i.row == line]
    assert len(wrong) == 1 and wrong[0].column == "evidence"
    assert "'a clear majority of them' does not occur in 000_a7e6f84325087a8f.txt" in wrong[0].message
    missing = [i for i in issues if i.file == "sources.csv" and i.column == "local_file"]
    assert missing  # the other documents are not in this folder: said, not skipped


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="the source texts sit beside the checkout in CI")
def test_every_evidence_phrase_occurs_in_its_document(dataset):
    tables = load_tables()
    items = collect(tables.registry, frames(tables), tables.line_numbers, dataset.content.definitions)
    assert len(items) > 200
    assert check(items, tables.sources, SHARED_SOURCES) == []


@pytest.mark.parametrize(("file_name", "key_column", "key", "column", "value", "message"), [
    ("facts.csv", "fact_id", "rs-chinese-projects", "evidence", "", "needs the exact phrase"),
    ("facts.csv", "fact_id", "rs-chinese-projects", "locator", "", "evidence and locator go together"),
    ("facts.csv", "fact_id", "rs-chinese-projects", "evidence", "one two three four five six seven eight nine ten 11",
     "at most 10 words"),
    ("facts.csv", "fact_id", "rs-chinese-projects", "basis", "hearsay", "not an allowed value"),
    ("countries.csv", "iso2", "RS", "eu_status_evidence", "", "needs the exact phrase"),
    ("region.csv", "figure_id", "balkan-projects-since-2013", "locator", "", "evidence and locator go together"),
])
def test_missing_or_overlong_evidence_is_a_located_error(data_copy, file_name, key_column, key, column, value, message):
    line = edit_cell(data_copy, file_name, key_column, key, column, value)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    assert any(i.file == file_name and i.row == line and message in i.message for i in caught.value.issues), \
        caught.value.issues


def test_a_definition_based_on_the_sources_must_quote_them(data_copy):
    path = data_copy / "content" / "definitions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("basis_type: general knowledge", "basis_type: source", 1), encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "- {source: brief, evidence: Not in EU (potential candidate status), locator: country table (Kosovo)}",
        "- {source: brief}"), encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    assert any("quotes the words it rests on" in i.message and i.key == "definition 1" for i in caught.value.issues)


def run_validate(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wbdash", "validate", *args], capture_output=True, text=True,
                          cwd=REPO_ROOT, env=env, timeout=120)


def test_validate_reads_the_dashboards_data_folder(data_copy):
    import os

    edit_cell(data_copy, "facts.csv", "fact_id", "rs-chinese-projects", "basis", "hearsay")
    result = run_validate(env={**os.environ, "WBDASH_DATA_DIR": str(data_copy)})
    assert result.returncode == 1
    assert f"Checking {data_copy}" in result.stdout
    assert "'hearsay' is not an allowed value" in result.stderr


def test_validate_sources_names_a_wrong_phrase(data_copy, tmp_path):
    line = edit_cell(data_copy, "region.csv", "figure_id", "balkan-projects-since-2013", "evidence", "137 projects")
    documents = tmp_path / "sources"
    documents.mkdir()
    result = run_validate("--data-dir", str(data_copy), "--sources", str(documents))
    assert result.returncode == 1
    assert "is not in" in result.stderr  # the folder lacks the texts: an error, not a pass
    if SHARED_SOURCES.is_dir():
        result = run_validate("--data-dir", str(data_copy), "--sources", str(SHARED_SOURCES))
        assert result.returncode == 1
        assert f"region.csv, row {line}, column 'evidence': the evidence '137 projects' does not occur" in result.stderr
