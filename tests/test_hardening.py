"""Hardening from an outside test: one test per class of problem it found."""

from __future__ import annotations

import dataclasses
import gc
import io
import os
import re
import time

import pytest
from matplotlib.figure import Figure
from pypdf import PdfReader

import wbdash.app.ui as ui
from tests.conftest import edit_cell, run_page
from wbdash.app.images import cached_file, cached_table_file, download_data, drawn_file, render_bounded
from wbdash.country_brief import country_brief_pdf
from wbdash.dataset import load_dataset
from wbdash.describe import map_text
from wbdash.errors import MAX_LISTED_PER_FILE, DataIssue, DataValidationError
from wbdash.paths import REPO_ROOT
from wbdash.static_map import render_map
from wbdash.text import md_escape

DOLLARS = "Costs were $5 million and later $7 million"


# 1. Broken data: a bounded list, quickly, and a failed load remembered until the files change -------------

def test_a_huge_broken_file_fails_fast_with_one_message(data_copy):
    path = data_copy / "facts.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n" + "x,XX,never,no,nope,t,s,brief,,,,,,\n" * 20_000, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    assert time.perf_counter() - started < 5
    facts = [i for i in caught.value.issues if i.file == "facts.csv"]
    assert len(facts) == 1 and "more than 5,000 data rows" in facts[0].message


def test_error_lists_are_bounded_per_file():
    error = DataValidationError([DataIssue("facts.csv", n, "title", "bad") for n in range(2, 1_002)]
                                + [DataIssue("region.csv", 2, "value", "bad")])
    lines = error.summary()
    assert len(lines) == MAX_LISTED_PER_FILE + 2
    assert "facts.csv: … and 900 more problem(s) in this file" in lines
    assert str(error).count("\n") < MAX_LISTED_PER_FILE + 5


def test_a_failed_load_is_remembered_until_a_file_changes(data_copy, monkeypatch):
    path = data_copy / "region.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",136,", ",many,"), encoding="utf-8")
    calls = []
    real = ui.load_dataset
    monkeypatch.setattr(ui, "load_dataset", lambda *args: calls.append(args) or real(*args))
    depths = []
    for _ in range(3):
        with pytest.raises(DataValidationError) as caught:
            ui._cached_dataset(str(data_copy))
        tb, depth = caught.value.__traceback__, 0
        while tb:
            tb, depth = tb.tb_next, depth + 1
        depths.append(depth)
    assert len(calls) == 1
    assert len(set(depths)) == 1  # raised again per view without its traceback growing
    path.write_text(path.read_text(encoding="utf-8").replace(",many,", ",136,"), encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    assert len(ui._cached_dataset(str(data_copy)).countries) == 6
    assert len(calls) == 2


# 2. A dollar sign in data is text, not TeX, in every renderer -----------------------------------------------

def test_dollar_signs_stay_literal_in_images_and_pdf(dataset):
    text = dataclasses.replace(map_text(dataset, dataset.registry["projects"], list(dataset.countries["iso2"])),
                               title=DOLLARS + r" \unknowncommand")
    svg = render_map(dataset, dataset.registry["projects"], text, image_format="svg").data.decode()
    assert DOLLARS in svg
    countries = dataset.countries.copy()
    countries.loc[countries["iso2"] == "RS", "name"] = DOLLARS
    pdf = country_brief_pdf(dataclasses.replace(dataset, countries=countries), "RS")
    assert DOLLARS in " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


# 3. Repeated image downloads: drawn once per view, at most two at a time, memory returned --------------------

def test_a_view_is_drawn_once_and_its_figure_freed(dataset):
    renders = []

    def render() -> bytes:
        renders.append(1)
        text = map_text(dataset, dataset.registry["eu"], ["RS"])
        return render_map(dataset, dataset.registry["eu"], text, selected=["RS"]).data

    first = cached_file(id(dataset), ("test-map", "eu", ("RS",), "png", 1), render)
    for _ in range(5):
        assert cached_file(id(dataset), ("test-map", "eu", ("RS",), "png", 1), render) == first
    assert len(renders) == 1
    render_bounded(render)
    gc.collect()
    assert not [o for o in gc.get_objects() if isinstance(o, Figure)]


def test_a_drawn_view_is_handed_to_its_button_as_bytes_and_an_undrawn_one_is_drawn_on_the_click(dataset):
    """Bytes belong to the reader's session; a deferred file can be deleted by Streamlit before it is fetched."""
    renders = []

    def render() -> bytes:
        renders.append(1)
        return b"drawn"

    view = ("test-download", "eu", ("RS",), "png", 1)
    assert drawn_file(id(dataset), view) is None and not renders  # asking draws nothing
    builder = download_data(dataset, view, render)
    assert callable(builder) and not renders
    assert builder() == b"drawn" and len(renders) == 1  # the click draws it
    assert drawn_file(id(dataset), view) == b"drawn"
    assert download_data(dataset, view, render) == b"drawn" and len(renders) == 1  # from then on, its bytes


def test_a_table_file_is_built_once_per_view(dataset):
    builds = []

    def build() -> bytes:
        builds.append(1)
        return b"csv"

    for _ in range(3):
        assert cached_table_file(id(dataset), ("test-csv", ("RS",), ("eu",)), build) == b"csv"
    assert cached_table_file(id(dataset), ("test-csv", ("RS", "ME"), ("eu",)), build) == b"csv"
    assert len(builds) == 2


# 5. The reader's action wins over the URL in a new session ---------------------------------------------------

def test_url_seeding_never_overwrites_a_value_already_chosen():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["indicator"] = "nato"
    at.session_state["ov_indicator"] = "eu"  # the reader's click, arriving with the session's first run
    at.run()
    at.run()  # the first view has no controls; the page's timer asks for this run (wbdash.app.ui._first_view)
    assert not at.exception
    assert at.radio(key="ov_indicator").value == "eu"
    assert at.query_params["indicator"] == "eu"


def test_url_seeds_the_widgets_on_a_fresh_visit():
    at = run_page(None, {"indicator": "nato"})
    assert at.radio(key="ov_indicator").value == "nato"


# 7. Data text never becomes a live link -----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["see http://evil.example/x", "HTTPS://evil.example", "www.evil.example",
                                  "write to someone@evil.example", "ftp://evil.example/f"])
def test_markdown_text_carries_no_autolink(text):
    shown = re.sub(r"\\(.)", r"\1", md_escape(text))  # what GitHub-flavoured Markdown sees after escapes
    assert not re.search(r"(?i)(https?|ftp)://|www\.|[\w.+-]@[\w-]", shown)
    assert shown.replace("\u2060", "") == text  # the reader still sees the same characters


# 8. Two countries with one name: an error, not a merged column ----------------------------------------------

def test_duplicate_country_names_are_a_located_error(data_copy):
    edit_cell(data_copy, "countries.csv", "iso2", "ME", "name", "Serbia")
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    assert any(i.file == "countries.csv" and i.column == "name" and "more than once" in i.message
               for i in caught.value.issues)


# 9. Deployment: localhost by default, headers in the shipped proxy example, no absolute paths to readers -----

def test_the_proxy_example_sets_the_security_headers_and_hides_metrics():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for header in ("Content-Security-Policy", "frame-ancestors 'none'", "X-Frame-Options DENY",
                   "X-Content-Type-Options nosniff", "Referrer-Policy no-referrer", "location /_stcore/metrics"):
        assert header in readme, header


def test_missing_files_are_named_without_the_servers_paths(data_copy):
    (data_copy / "places.csv").unlink()
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    message = "\n".join(caught.value.summary())
    assert "places.csv" in message and str(data_copy) not in message


# 4. A read-only deployment: assets prepared once, readable by any server user, never written on a request -----

def test_prepared_assets_are_readable_by_other_users(tmp_path):
    from wbdash.web_assets import PUBLIC_FILE_MODE, assets_ready, ensure_static_assets

    vendor = ensure_static_assets(tmp_path)
    files = [p for p in vendor.rglob("*") if p.is_file()]
    assert files and all(p.stat().st_mode & 0o777 == PUBLIC_FILE_MODE for p in files)
    assert assets_ready(tmp_path)
    files[0].chmod(0)  # unreadable for the server: reported as not ready, never a traceback
    if os.geteuid() != 0:  # root reads anything, so the failure cannot be shown as root
        assert not assets_ready(tmp_path)


def test_pages_never_write_the_static_folder():
    import ast

    for script in [REPO_ROOT / "dashboard.py", *sorted((REPO_ROOT / "pages").glob("*.py")),
                   *sorted((REPO_ROOT / "wbdash" / "app").glob("*.py"))]:
        names = {node.id for node in ast.walk(ast.parse(script.read_text())) if isinstance(node, ast.Name)}
        names |= {node.attr for node in ast.walk(ast.parse(script.read_text())) if isinstance(node, ast.Attribute)}
        assert "ensure_static_assets" not in names, script
