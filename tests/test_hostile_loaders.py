"""Hostile input to the loaders, property-based: whatever a data file holds, loading ends in exactly one
of two ways. Either the complete, validated tables (equal to the original data when the change is
harmless, such as a byte-order mark or another line ending), or a DataValidationError whose every issue
names its file and says what is wrong. Never another exception, never a partial result.

Each hypothesis example works on a fresh copy of data/ made with `tempfile` (function-scoped fixtures
such as `data_copy` are not reset between hypothesis examples); the other tests use the `data_copy` fixture.
The CSV files are validated against the schemas the indicator registry (data/indicators.yaml) declares,
and the registry itself gets the same treatment: hostile bytes there are a located error too.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from wbdash.csv_reader import MAX_FILE_BYTES, RawTable, read_csv_text
from wbdash.errors import DataIssue, DataValidationError
from wbdash.fact_translations import TRANSLATIONS_FILE
from wbdash.paths import DATA_DIR
from wbdash.registry import MAX_REGISTRY_BYTES, REGISTRY_FILE, Registry, load_registry
from wbdash.schema import DATA_FILES, HISTORY_FILE, table_schemas
from wbdash.validate import OPTIONAL_ROWS, Tables, load_tables

# countries.csv, facts.csv, sources.csv, region.csv, places.csv, conflicts.csv, status_history.csv; the fact
# translations file may be empty (no language has reviewed translations yet), so row damage skips it.
FILES = tuple(name for name in DATA_FILES if name not in OPTIONAL_ROWS)
SCHEMAS = table_schemas(load_registry(DATA_DIR))  # countries.csv's columns follow the registry
ATTRIBUTE = {"countries.csv": "countries", "facts.csv": "facts", "sources.csv": "sources",
             "region.csv": "region", "places.csv": "places", "status_history.csv": "status_history",
             "conflicts.csv": "conflicts", TRANSLATIONS_FILE: "fact_translations"}
KEY = {"countries.csv": "iso2", "facts.csv": "fact_id", "sources.csv": "source_id",
       "region.csv": "figure_id", "places.csv": "place", "status_history.csv": "milestone",
       "conflicts.csv": "conflict_group"}
ORDER = {**{name: [key] for name, key in KEY.items()},  # sort keys that make a file's rows unique
         "status_history.csv": ["country", "indicator", "date", "milestone"],
         TRANSLATIONS_FILE: ["fact_id", "language"]}
BOM = b"\xef\xbb\xbf"

# Each load validates all seven files (~0.15 s), so example counts stay modest: the file runs in < 60 s.
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LOADS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW_LOADS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- helpers -------------------------------------------------------------------------------------

@cache
def original() -> Tables:
    return load_tables(DATA_DIR)


@cache
def original_rows(file_name: str) -> tuple[tuple[str, ...], ...]:
    with (DATA_DIR / file_name).open(newline="", encoding="utf-8") as handle:
        return tuple(tuple(row) for row in csv.reader(handle))


@contextmanager
def fresh_copy() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "data"
        shutil.copytree(DATA_DIR, target)
        yield target


def csv_bytes(rows, lineterminator: str = "\r\n", quoting: int = csv.QUOTE_MINIMAL) -> bytes:
    # "\r\n" makes the writer quote any cell holding \r or \n, so random text round-trips.
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=lineterminator, quoting=quoting).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def load(data_dir: Path) -> Tables | DataValidationError:
    """The loader's outcome; any exception other than DataValidationError propagates and fails the test."""
    try:
        tables = load_tables(data_dir)
    except DataValidationError as error:
        return error
    assert_complete(tables)
    return tables


def assert_complete(tables: Tables) -> None:
    """Never a partial result: the registry and every table are there, with every declared column and rows."""
    assert isinstance(tables.registry, Registry)
    for file_name, schema in SCHEMAS.items():
        frame = getattr(tables, ATTRIBUTE[file_name])
        assert isinstance(frame, pd.DataFrame), file_name
        assert set(frame.columns) == set(schema.columns), file_name
        assert len(frame) > 0 or file_name in OPTIONAL_ROWS, file_name


def assert_well_formed_error(error: DataValidationError, files: tuple[str, ...] = (*FILES, REGISTRY_FILE)) -> None:
    """Every issue names a data file (a registry issue, e.g. a column it declares is gone, may also name a key)."""
    assert error.issues, "a DataValidationError must list at least one issue"
    for issue in error.issues:
        assert isinstance(issue, DataIssue)
        assert issue.file in files, issue
        assert issue.key is None or (isinstance(issue.key, str) and issue.key), issue
        assert isinstance(issue.message, str) and issue.message.strip(), issue
        assert issue.row is None or (isinstance(issue.row, int) and issue.row >= 1), issue
        assert issue.column is None or isinstance(issue.column, str), issue
    assert str(error)  # the summary every caller prints


def expect_error(data_dir: Path, file_name: str | None = None) -> DataValidationError:
    outcome = load(data_dir)
    assert isinstance(outcome, DataValidationError), f"expected a validation error, the load succeeded ({file_name})"
    assert_well_formed_error(outcome)
    if file_name is not None:
        assert any(issue.file == file_name for issue in outcome.issues), outcome.issues
    return outcome


def error_for_rows(file_name: str, rows: list[list[str]]) -> DataValidationError:
    """Load a copy of data/ whose `file_name` holds `rows`, expecting an error that names the file."""
    with fresh_copy() as data_dir:
        (data_dir / file_name).write_bytes(csv_bytes(rows))
        return expect_error(data_dir, file_name)


def canonical(frame: pd.DataFrame, file_name: str) -> pd.DataFrame:
    return frame.sort_values(ORDER[file_name]).reset_index(drop=True)[sorted(frame.columns)]


def assert_equals_original(outcome: Tables | DataValidationError) -> None:
    assert isinstance(outcome, Tables), f"a harmless change must load, got: {outcome}"
    assert outcome.registry == original().registry
    for file_name, attribute in ATTRIBUTE.items():
        pd.testing.assert_frame_equal(
            canonical(getattr(outcome, attribute), file_name),
            canonical(getattr(original(), attribute), file_name),
            obj=file_name,
        )


def line_of(data_dir: Path, file_name: str, row_index: int) -> int:
    """The file line on which data row `row_index` ends, as an editor shows it."""
    raw, issues = read_csv_text(data_dir / file_name)
    assert raw is not None, issues
    return raw.line_numbers[row_index]


files = st.sampled_from(FILES)


# --- read_csv_text on arbitrary bytes --------------------------------------------------------------

def assert_reader_contract(path: Path, result) -> None:
    raw, issues = result
    if raw is None:
        assert issues, "no table and no issue"
        for issue in issues:
            assert issue.file == path.name and isinstance(issue.message, str) and issue.message.strip(), issue
            assert issue.row is None or issue.row >= 1
        return
    assert isinstance(raw, RawTable) and issues == []
    header = list(raw.frame.columns)
    assert len(header) == len(set(header)), "duplicated headers must be an issue, not a table"
    assert len(raw.line_numbers) == len(raw.frame) > 0
    assert all(a < b for a, b in zip(raw.line_numbers, raw.line_numbers[1:], strict=False)) and raw.line_numbers[0] >= 2
    for value in raw.frame.to_numpy().ravel():
        assert value is None or (isinstance(value, str) and value != ""), repr(value)


any_bytes = st.binary(max_size=3000)
csv_like_bytes = st.lists(
    st.lists(st.text(max_size=12), min_size=1, max_size=6), min_size=1, max_size=8
).map(csv_bytes)


@FAST
@given(raw=st.one_of(any_bytes, st.text(max_size=2000).map(str.encode), csv_like_bytes,
                     st.builds(lambda tail: BOM + tail, st.binary(min_size=1, max_size=200))))
@example(raw=b"\xef\xbb\xbf\n")
@example(raw=b"\xef\xbb\xbf \n1")
@example(raw=b"a,a\n1,2\n")
@example(raw=b'a\n"1\n')
@example(raw=b"a\n" + b"x" * 200_000)
def test_read_csv_text_returns_a_table_or_issues_for_any_bytes(raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "countries.csv"
        path.write_bytes(raw)
        assert_reader_contract(path, read_csv_text(path))


def test_read_csv_text_bom_only_file_is_reported_as_empty(tmp_path):
    path = tmp_path / "countries.csv"
    path.write_bytes(BOM)
    raw, issues = read_csv_text(path)
    assert raw is None and issues and "empty" in issues[0].message


def test_load_tables_bom_only_file_is_a_validation_error(data_copy):
    (data_copy / "region.csv").write_bytes(BOM)
    expect_error(data_copy, "region.csv")


# --- whole files replaced or re-encoded ------------------------------------------------------------

@LOADS
@given(file_name=files, raw=st.one_of(any_bytes, st.text(max_size=500).map(str.encode), csv_like_bytes))
def test_random_content_in_a_data_file_is_a_located_error(file_name, raw):
    with fresh_copy() as data_dir:
        (data_dir / file_name).write_bytes(raw)
        expect_error(data_dir, file_name)


@pytest.mark.parametrize("file_name", FILES)
def test_utf8_bom_is_harmless(data_copy, file_name):
    path = data_copy / file_name
    path.write_bytes(BOM + path.read_bytes())
    assert_equals_original(load(data_copy))


def test_pure_ascii_file_saved_as_latin1_is_harmless(data_copy):
    path = data_copy / "countries.csv"
    text = path.read_text(encoding="utf-8")
    assert text.isascii()  # so its Latin-1 bytes are its UTF-8 bytes
    path.write_bytes(text.encode("latin-1"))
    assert_equals_original(load(data_copy))


LATIN1_LETTERS = "éüçñÀßøÖ"  # all encode to bytes >= 0xC0, which never form valid UTF-8 before ASCII


@LOADS
@given(
    file_name=files,
    encoding=st.sampled_from(["latin-1", "cp1252"]),
    data=st.data(),
    word=st.text(alphabet=LATIN1_LETTERS + "ab ", min_size=1, max_size=8).filter(
        lambda word: any(not c.isascii() for c in word)),
)
def test_legacy_single_byte_encoding_is_a_utf8_error_on_the_right_line(file_name, encoding, data, word):
    rows = [list(row) for row in original_rows(file_name)]
    row = data.draw(st.integers(1, len(rows) - 1), label="row")
    column = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
    rows[row][column] = word + rows[row][column]
    raw = csv_bytes(rows).decode("utf-8").encode(encoding, errors="replace")
    with fresh_copy() as data_dir:
        (data_dir / file_name).write_bytes(raw)
        error = expect_error(data_dir, file_name)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
    else:  # pragma: no cover - excluded by the choice of letters
        pytest.fail("the re-encoded file is valid UTF-8")
    issues = [i for i in error.issues if i.file == file_name]
    assert any("UTF-8" in i.message and i.row == bad_line for i in issues), issues


@FEW_LOADS
@given(file_name=files, encoding=st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-32"]))
def test_utf16_and_utf32_with_or_without_bom_are_located_errors(file_name, encoding):
    with fresh_copy() as data_dir:
        path = data_dir / file_name
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
        expect_error(data_dir, file_name)


# --- size limit ----------------------------------------------------------------------------------

def padded(raw: bytes, size: int, kind: str) -> bytes:
    """`raw` grown to exactly `size` bytes: blank lines, one huge cell, or repeated data rows."""
    missing = size - len(raw)
    if kind == "blank lines":  # whitespace-only lines carry no data and are skipped
        line = b" " * 99_999 + b"\n"
        return raw + line * (missing // len(line)) + b" " * (missing % len(line))
    if kind == "huge cell":
        return raw + b"x" * missing
    body = raw.split(b"\n", 1)[1]
    grown = raw + body * (missing // len(body) + 1)
    return grown[:size]


@FEW_LOADS
@given(file_name=files, excess=st.integers(1, 50_000),
       kind=st.sampled_from(["blank lines", "huge cell", "repeated rows"]))
def test_file_over_the_size_limit_is_rejected_before_parsing(file_name, excess, kind):
    with fresh_copy() as data_dir:
        path = data_dir / file_name
        path.write_bytes(padded(path.read_bytes(), MAX_FILE_BYTES + excess, kind))
        error = expect_error(data_dir, file_name)
    limit = [i for i in error.issues if i.file == file_name]
    assert limit and limit[0].row is None and f"{MAX_FILE_BYTES:,}" in limit[0].message, limit


def test_file_of_exactly_the_size_limit_is_read(data_copy):
    path = data_copy / "facts.csv"
    path.write_bytes(padded(path.read_bytes(), MAX_FILE_BYTES, "blank lines"))
    assert path.stat().st_size == MAX_FILE_BYTES
    assert_equals_original(load(data_copy))


# --- headers -------------------------------------------------------------------------------------

NO_NUL = st.characters(codec="utf-8", exclude_characters="\x00")  # NUL bytes are a file-level error, tested above


@LOADS
@given(file_name=files, data=st.data(), name=st.text(NO_NUL, max_size=15))
def test_extra_column_is_a_located_error(file_name, data, name):
    rows = [list(row) for row in original_rows(file_name)]
    assume(name not in rows[0] and not name.startswith("\ufeff"))  # a leading BOM is the file's, not the name's
    position = data.draw(st.integers(0, len(rows[0])), label="position")
    values = data.draw(st.lists(st.text(NO_NUL, max_size=8), min_size=len(rows) - 1, max_size=len(rows) - 1), label="values")
    for row, value in zip(rows, [name, *values], strict=True):
        row.insert(position, value)
    error = error_for_rows(file_name, rows)
    assert any((i.file, i.row, i.column) == (file_name, 1, name) and "unexpected" in i.message
               for i in error.issues), error.issues


@LOADS
@given(file_name=files, data=st.data())
def test_missing_columns_are_each_reported(file_name, data):
    rows = [list(row) for row in original_rows(file_name)]
    header = rows[0]
    dropped = data.draw(st.sets(st.sampled_from(header), min_size=1, max_size=len(header) - 1), label="dropped")
    keep = [i for i, column in enumerate(header) if column not in dropped]
    rows = [[row[i] for i in keep] for row in rows]
    error = error_for_rows(file_name, rows)
    if any(cell.strip() for row in rows[1:] for cell in row):
        reported = {i.column for i in error.issues
                    if i.file == file_name and i.row == 1 and "missing" in i.message}
        assert dropped <= reported, error.issues


@LOADS
@given(file_name=files, data=st.data())
def test_duplicated_header_is_a_located_error(file_name, data):
    rows = [list(row) for row in original_rows(file_name)]
    source, target = data.draw(st.lists(st.integers(0, len(rows[0]) - 1), min_size=2, max_size=2, unique=True))
    name = rows[0][source]
    rows[0][target] = name
    error = error_for_rows(file_name, rows)
    assert any((i.file, i.row, i.column) == (file_name, 1, name) and "more than once" in i.message
               for i in error.issues), error.issues


# --- harmless rewrites: same data, other bytes ----------------------------------------------------

def keep_lane_order(header: list[str], body: list[list[str]], shuffled: list[list[str]]) -> list[list[str]]:
    """The history's rows interleaved as `shuffled` has them, but each country's milestones of an
    indicator still in date order: that order is a rule of the file (see test_history.py)."""
    lane = [header.index("country"), header.index("indicator")]
    queues: dict[tuple[str, ...], list[list[str]]] = {}
    for row in body:
        queues.setdefault(tuple(row[i] for i in lane), []).append(row)
    return [queues[tuple(row[i] for i in lane)].pop(0) for row in shuffled]


@LOADS
@given(
    file_name=files,
    data=st.data(),
    bom=st.booleans(),
    lineterminator=st.sampled_from(["\n", "\r\n", "\r"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_reordered_rows_and_columns_line_endings_quotes_and_blank_lines_are_harmless(
    file_name, data, bom, lineterminator, quoting
):
    header, *body = [list(row) for row in original_rows(file_name)]
    shuffled = data.draw(st.permutations(body), label="row order")
    body = keep_lane_order(header, body, shuffled) if file_name == HISTORY_FILE else shuffled
    order = data.draw(st.permutations(range(len(header))), label="column order")
    rows = [[row[i] for i in order] for row in [header, *body]]
    blanks = data.draw(st.lists(st.integers(1, len(rows)), max_size=4), label="blank lines after")
    for position in sorted(blanks, reverse=True):
        rows.insert(position, [" " * (position % 3)] * (position % 2))  # "" or whitespace-only lines
    raw = (BOM if bom else b"") + csv_bytes(rows, lineterminator, quoting)
    if lineterminator == "\r":
        assume(b"\n" not in raw)  # no cell holds a line break, so "\r" alone ends every line
    with fresh_copy() as data_dir:
        (data_dir / file_name).write_bytes(raw)
        assert_equals_original(load(data_dir))


@LOADS
@given(file_name=files, data=st.data())
def test_duplicated_row_is_a_located_error(file_name, data):
    header, *body = [list(row) for row in original_rows(file_name)]
    row = data.draw(st.sampled_from(body), label="row")
    position = data.draw(st.integers(0, len(body)), label="position")
    body.insert(position, list(row))
    error = error_for_rows(file_name, [header, *body])
    key_column = KEY[file_name]
    assert any(i.file == file_name and i.column == key_column and "more than once" in i.message
               for i in error.issues), error.issues


# --- numbers written as text ----------------------------------------------------------------------

NUMERIC_COLUMNS = tuple(
    (file_name, column)
    for file_name, schema in SCHEMAS.items()
    for column, spec in schema.columns.items()
    if str(spec.dtype).lower().startswith(("int", "float"))
    and any(row[original_rows(file_name)[0].index(column)] for row in original_rows(file_name)[1:])
)
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def variants(text: str) -> list[str]:
    """The same number written other ways: some mean the same number, some are not numbers at all."""
    forms = [f" {text} ", f"\t{text}", f"{text}\u00a0", f"+{text}", f"00{text}", f"{text}.0", f"{text}e0",
             text.translate(ARABIC_INDIC), text.translate(FULL_WIDTH), f"{float(text):.17e}",
             f"{text},0", f"{text} 000", f"\u2212{text}", f"{text}%", f"{text}$"]
    if text.isdigit():
        forms += [hex(int(text)), f"{text[0]}_{text[1:]}" if len(text) > 1 else f"{text}_", f"{text}L"]
    return forms


def numeric_meaning(text: str, integer: bool) -> float | int | None:
    """What Python reads the text as (int() / float() semantics), or None when it is not a number."""
    try:
        return int(text) if integer else float(text)
    except ValueError:
        return None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(NUMERIC_COLUMNS), data=st.data())
def test_number_written_as_text_loads_unchanged_or_is_a_located_error(target, data):
    file_name, column = target
    header, *body = [list(row) for row in original_rows(file_name)]
    index = header.index(column)
    candidates = [i for i, row in enumerate(body) if row[index]]
    row = data.draw(st.sampled_from(candidates), label="row")
    text = data.draw(st.sampled_from(variants(body[row][index])), label="text")
    body[row][index] = text
    with fresh_copy() as data_dir:
        (data_dir / file_name).write_bytes(csv_bytes([header, *body]))
        outcome = load(data_dir)
        if isinstance(outcome, DataValidationError):
            assert_well_formed_error(outcome)
            line = line_of(data_dir, file_name, row)
            assert any((i.file, i.row, i.column) == (file_name, line, column) for i in outcome.issues), (
                f"{text!r} in {file_name} {column}: the error does not point at the cell", outcome.issues)
        else:
            assert_equals_original(outcome)  # accepted only when it reads as the very same number


@pytest.mark.parametrize("text", ["nan", "NaN", "-inf", "", "  "])
def test_missing_or_negative_non_finite_region_value_is_an_error(text):
    header, *body = [list(row) for row in original_rows("region.csv")]
    body[0][header.index("value")] = text
    error = error_for_rows("region.csv", [header, *body])
    assert any((i.row, i.column) == (2, "value") for i in error.issues), error.issues


@pytest.mark.parametrize("text", ["inf", "Infinity", "1e400", "9" * 400])
def test_infinite_region_value_is_an_error(text):
    header, *body = [list(row) for row in original_rows("region.csv")]
    body[0][header.index("value")] = text
    error = error_for_rows("region.csv", [header, *body])
    assert any((i.row, i.column) == (2, "value") for i in error.issues), error.issues


# --- random text in any cell ----------------------------------------------------------------------

SPECIAL_CELLS = ["", " ", "nan", "NaN", "None", "null", "NULL", "#N/A", "N/A", "-", "0", "-1", "1e3", "٣",
                 " 12 ", "12.0", "0x10", "1_000", "=1+1", "'", '"', '""', ",", "\n", "\r\n", "\ufeff",
                 "<script>alert(1)</script>", "AL", "RS", "brief", "brief-fn55", "2023-05", "2023-13",
                 "candidate", "member", "signed", "x" * 700]
cell_text = st.one_of(st.text(max_size=40), st.sampled_from(SPECIAL_CELLS))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file_name=files, data=st.data(), text=cell_text)
def test_random_cell_text_loads_exactly_or_is_an_error(file_name, data, text):
    header, *body = [list(row) for row in original_rows(file_name)]
    row = data.draw(st.integers(0, len(body) - 1), label="row")
    column = data.draw(st.sampled_from(header), label="column")
    body[row][header.index(column)] = text
    with fresh_copy() as data_dir:
        (data_dir / file_name).write_bytes(csv_bytes([header, *body]))
        outcome = load(data_dir)
    if isinstance(outcome, DataValidationError):
        assert_well_formed_error(outcome)
        return
    # Loaded: every other cell is unchanged and the edited cell holds exactly what was written.
    loaded = getattr(outcome, ATTRIBUTE[file_name])
    expected = getattr(original(), ATTRIBUTE[file_name]).copy()
    base_dtype = str(expected[column].dtype).lower()
    if base_dtype.startswith(("int", "float")):
        meaning = None if text == "" else numeric_meaning(text, integer=base_dtype.startswith("int"))
        assert text == "" or meaning is not None, f"{text!r} is not a number yet loaded into {column}"
        expected.iat[row, expected.columns.get_loc(column)] = meaning
    else:
        expected.iat[row, expected.columns.get_loc(column)] = text if text != "" else None
    pd.testing.assert_frame_equal(
        loaded.reset_index(drop=True)[sorted(loaded.columns)],
        expected.reset_index(drop=True)[sorted(expected.columns)],
        obj=f"{file_name} after writing {text!r} into {column}",
    )
    for other, attribute in ATTRIBUTE.items():
        if other != file_name:
            pd.testing.assert_frame_equal(getattr(outcome, attribute), getattr(original(), attribute))


# --- random byte damage ---------------------------------------------------------------------------

@LOADS
@given(file_name=files, data=st.data())
def test_random_byte_damage_never_raises_anything_else(file_name, data):
    raw = bytearray((DATA_DIR / file_name).read_bytes())
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        position = data.draw(st.integers(0, len(raw)), label="position")
        action = data.draw(st.sampled_from(["insert", "replace", "delete"]), label="action")
        byte = data.draw(st.sampled_from([0x00, 0x0A, 0x0D, 0x22, 0x2C, 0xFF, 0xC3, 0x80, 0x20, 0x41]), label="byte")
        if action == "insert":
            raw[position:position] = bytes([byte])
        elif position < len(raw):
            raw[position:position + 1] = b"" if action == "delete" else bytes([byte])
    with fresh_copy() as data_dir:
        (data_dir / file_name).write_bytes(bytes(raw))
        outcome = load(data_dir)  # a complete Tables (checked) or a DataValidationError
    if isinstance(outcome, DataValidationError):
        assert_well_formed_error(outcome)


# --- the indicator registry: data/indicators.yaml is data too --------------------------------------

yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)),
    max_leaves=20,
)


@LOADS
@given(raw=st.one_of(any_bytes, st.text(max_size=500).map(str.encode),
                     yaml_values.map(lambda value: yaml.safe_dump(value).encode())))
@example(raw=b"")
@example(raw=b"default_map: projects\nindicators: [")
@example(raw=b"[" * 5000)
@example(raw=b"a: &a [*a]")
def test_random_content_in_the_registry_is_a_located_error(raw):
    with fresh_copy() as data_dir:
        (data_dir / REGISTRY_FILE).write_bytes(raw)
        expect_error(data_dir, REGISTRY_FILE)


@cache
def original_registry() -> dict:
    return yaml.safe_load((DATA_DIR / REGISTRY_FILE).read_text(encoding="utf-8"))


@LOADS
@given(data=st.data(), value=yaml_values)
def test_any_registry_field_replaced_loads_completely_or_is_an_error_naming_the_key(data, value):
    registry = original_registry()
    position = data.draw(st.integers(0, len(registry["indicators"]) - 1), label="indicator")
    entry = dict(registry["indicators"][position])
    field = data.draw(st.sampled_from(sorted(entry)), label="field")
    entry[field] = value
    edited = {**registry, "indicators": [*registry["indicators"][:position], entry,
                                         *registry["indicators"][position + 1:]]}
    with fresh_copy() as data_dir:
        (data_dir / REGISTRY_FILE).write_text(yaml.safe_dump(edited, allow_unicode=True), encoding="utf-8")
        outcome = load(data_dir)  # a complete Tables (checked) or a DataValidationError
    if isinstance(outcome, DataValidationError):
        assert_well_formed_error(outcome)
        if field != "key":  # an entry-level issue names the edited entry; registry-wide ones name none
            named = {registry["indicators"][position]["key"], f"entry {position + 1}", None}
            assert all(i.key in named for i in outcome.issues if i.file == REGISTRY_FILE), outcome.issues


def test_registry_over_the_size_limit_is_rejected(data_copy):
    path = data_copy / REGISTRY_FILE
    path.write_bytes(path.read_bytes() + b"#" * MAX_REGISTRY_BYTES)
    error = expect_error(data_copy, REGISTRY_FILE)
    assert any(f"{MAX_REGISTRY_BYTES:,}" in i.message for i in error.issues), error.issues
