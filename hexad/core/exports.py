"""Shared pieces of every CSV and XLSX export: safe cells and the two response types.

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` (and, after a tab
or carriage return, the same) as a formula, so a stakeholder called `=HYPERLINK(…)` could
send data elsewhere when a user opens an export (QUALITY.md Q6). In CSV such a text gets
a leading apostrophe, which Excel and LibreOffice show as plain text; in XLSX it is
written as a string cell marked with Excel's own "quote prefix", never as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# First characters that make a spreadsheet treat text as a formula; the full-width forms
# are read as formulas by Excel in East Asian locales.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel reads a UTF-8 CSV as Windows-1250 unless it starts with a byte order mark.
BOM = "\ufeff"


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def safe_cell(value: Any) -> Any:
    """A value ready for a CSV cell: formula-like text gets a leading apostrophe.

    Numbers, dates and None pass through (None as an empty cell); so does other text.
    """
    if value is None:
        return ""
    if is_formula_like(value):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() hands the line back (for streaming csv.writer)."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def _attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Exports hold data only this user may see: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"


def csv_response(*, filename: str, rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    """Streams `rows` (the header first) as UTF-8 CSV; each row is written as it comes."""
    response = StreamingHttpResponse(_csv_lines(rows), content_type=CSV_CONTENT_TYPE)
    _attachment(response, filename)
    return response


def xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """A cell for a write-only sheet; text is always a string cell, never a formula."""
    if not isinstance(value, str):
        return WriteOnlyCell(sheet, value=value)
    # XML cannot carry most control characters; openpyxl would refuse the whole file.
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would store text starting with "=" as a formula
    if is_formula_like(text):
        cell.quotePrefix = True  # how Excel itself marks text typed as '=…
    return cell


def xlsx_response(
    *, filename: str, sheet_title: str, rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """`rows` (the header first) as one XLSX sheet, built in openpyxl's write-only mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    _attachment(response, filename)
    return response
