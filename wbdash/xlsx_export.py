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

from wbdash.cite_view import ViewCitation
from wbdash.dataset import Dataset
from wbdash.export import ViewFilters, metadata
from wbdash.table import ExportTable


def _write(cell: Cell, value: object) -> None:
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever the text starts with
    else:
        cell.value = value


def _write_table(sheet, frame: pd.DataFrame, headers: list[str]) -> None:
    for column_index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column_index)
        _write(cell, str(header))
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = min(60, max(12, len(str(header)) + 2))
    for row_index, row in enumerate(frame.itertuples(index=False), start=2):
        for column_index, (value, column) in enumerate(zip(row, frame.columns, strict=False), start=1):
            cell = sheet.cell(row=row_index, column=column_index)
            _write(cell, value if is_numeric_dtype(frame[column]) and not pd.isna(value)
                   else ("" if pd.isna(value) else str(value)))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"


def to_xlsx_bytes(dataset: Dataset, table: ExportTable, filters: ViewFilters,
                  citation: ViewCitation | None = None) -> bytes:
    """Sheet 1: machine keys as headers (as in the CSV); sheet 2: the same with readable labels; About."""
    meta = metadata(dataset, table, filters, citation=citation)
    content = dataset.content
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = content.text("export.sheet_data")
    _write_table(sheet, table.frame, list(table.frame.columns))
    _write_table(workbook.create_sheet(content.text("export.sheet_labelled")), table.frame,
                 [table.labels[key] for key in table.frame.columns])

    about = workbook.create_sheet(content.text("export.sheet_about"))
    lines: list[tuple[str, str]] = [(content.text("export.about_title"), meta["title"]),
                                    (content.text("export.about_exported"), meta["created"][:10]),
                                    (content.text("export.about_data_as_of"), meta["wbdash"]["data_as_of"]),
                                    (content.text("export.about_licence"), meta["description"])]
    lines += [(content.text("export.about_filter"), line) for line in meta["wbdash"]["filters"]]
    lines += [(content.text("export.about_source"), s["title"] + (f" <{s['path']}>" if s.get("path") else ""))
              for s in meta["sources"]]
    lines += [(f"{f['name']}", f"{f['title']} ({f['type']}): {f['description']}")
              for f in meta["resources"][0]["schema"]["fields"]]
    lines += [(content.text("export.about_caveat"), caveat) for caveat in meta["wbdash"]["caveats"]]
    if citation is not None:
        lines.append((content.text("cite.header"), citation.plain()))
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
