"""Excel workbook of the current view: the comparison on one sheet, its metadata on an "About" sheet.

openpyxl stores any string starting with "=" as a formula; every text cell is therefore written
explicitly as a string, so no cell in the file is ever a formula.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from pandas.api.types import is_numeric_dtype

from wbdash.export import ViewFilters, metadata


def _write(cell: Cell, value: object) -> None:
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever the text starts with
    else:
        cell.value = value


def to_xlsx_bytes(frame: pd.DataFrame, sources: pd.DataFrame, filters: ViewFilters) -> bytes:
    meta = metadata(frame, sources, filters)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Comparison"
    for column_index, header in enumerate(frame.columns, start=1):
        _write(sheet.cell(row=1, column=column_index), str(header))
        sheet.cell(row=1, column=column_index).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(row=1, column=column_index).column_letter].width = min(
            60, max(12, len(str(header)) + 2))
    for row_index, row in enumerate(frame.itertuples(index=False), start=2):
        for column_index, (value, column) in enumerate(zip(row, frame.columns), start=1):
            cell = sheet.cell(row=row_index, column=column_index)
            _write(cell, value if is_numeric_dtype(frame[column]) else ("" if pd.isna(value) else str(value)))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"

    about = workbook.create_sheet("About")
    lines: list[tuple[str, str]] = [("Title", meta["title"]), ("Exported", meta["created"]),
                                    ("Licence", meta["licenses"][0]["title"])]
    lines += [("Filter", line) for line in meta["filters"]]
    lines += [("Source", s["title"] + (f" <{s['path']}>" if s["path"] else "")) for s in meta["sources"]]
    lines += [(f"Column: {f['name']}", f"{f['type']}: {f['description']}") for f in meta["resources"][0]["schema"]["fields"]]
    lines.append(("Caveat", "The six countries total 122 Chinese projects; the brief's 136 covers the whole Balkans."))
    for row_index, (key, value) in enumerate(lines, start=1):
        _write(about.cell(row=row_index, column=1), key)
        about.cell(row=row_index, column=1).font = Font(bold=True)
        _write(about.cell(row=row_index, column=2), value)
        about.cell(row=row_index, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 48
    about.column_dimensions["B"].width = 110

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
