"""Shared pieces of every CSV and XLSX export: safe cells, the two response types, and
the list exports every list page offers (see "list exports" below).

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` (and, after a tab
or carriage return, the same) as a formula, so a stakeholder called `=HYPERLINK(…)` could
send data elsewhere when a user opens an export (QUALITY.md Q6). In CSV such a text gets
a leading apostrophe, which Excel and LibreOffice show as plain text; in XLSX it is
written as a string cell marked with Excel's own "quote prefix", never as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import batched
from typing import IO, TYPE_CHECKING, Any, cast

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

if TYPE_CHECKING:
    from hexad.people.models import User

type StrOrPromise = str | Promise

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


def attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Exports hold data only this user may see: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"


def csv_response(*, filename: str, rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    """Streams `rows` (the header first) as UTF-8 CSV; each row is written as it comes."""
    response = StreamingHttpResponse(_csv_lines(rows), content_type=CSV_CONTENT_TYPE)
    attachment(response, filename)
    return response


def xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """A cell for a write-only sheet; text is always a string cell, never a formula."""
    if isinstance(value, Promise):  # a translatable label
        value = str(value)
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
    attachment(response, filename)
    return response


# --- list exports ------------------------------------------------------------------------
#
# Every list page offers its filtered list as CSV and XLSX through one mechanism: the
# page's view answers `?format=csv` or `?format=xlsx` (the same URL, filters, selector and
# access rules as the page) with `export_response`, and `hexad export <name>` writes the
# same rows to a file. Each app describes its lists in its own `exports.py` with
# `register(ListExport(...))`; the modules are imported when a list is first looked up.

EXPORT_FORMATS = ("csv", "xlsx")
FORMAT_PARAMETER = "format"
# Query parameters of a page that never narrow its list.
NOT_FILTERS = (FORMAT_PARAMETER, "page")
UNKNOWN_LIST = "There is no list called {name!r}; choose one of: {names}."
NEEDS_ACCOUNT = "The {name} list belongs to one account: give its id with --account."


@dataclass(frozen=True)
class ExportQuery:
    """Who asks for a list, with the page's query string (its filters) and the account
    the list belongs to, for lists below an account."""

    user: User
    params: QueryDict
    account_pk: int | None = None


@dataclass(frozen=True)
class Column:
    header: StrOrPromise
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class ListExport:
    """One exportable list. `rows` checks access and reads the filters at once (so a
    refusal comes before anything is sent) and returns the rows, the header first; they
    are produced while the file is written."""

    name: str
    title: StrOrPromise
    rows: Callable[[ExportQuery], Iterable[Sequence[Any]]]
    per_account: bool = False


_REGISTRY: dict[str, ListExport] = {}


def register(export: ListExport) -> ListExport:
    _REGISTRY[export.name] = export
    return export


def list_exports() -> dict[str, ListExport]:
    """Every registered list by name, sorted."""
    autodiscover_modules("exports")
    return dict(sorted(_REGISTRY.items()))


def list_export(name: str) -> ListExport:
    exports = list_exports()
    if name not in exports:
        raise KeyError(UNKNOWN_LIST.format(name=name, names=", ".join(exports)))
    return exports[name]


def table(columns: Sequence[Column], items: Iterable[Any]) -> Iterator[list[Any]]:
    """The header (column titles in the active language), then a row per item."""
    yield [str(column.header) for column in columns]
    for item in items:
        yield [column.value(item) for column in columns]


def with_figures[T: Model, F](
    items: Iterable[T], figures: Callable[[list[T]], dict[Any, F]], *, batch: int = 500
) -> Iterator[tuple[T, F]]:
    """Each item with its figures, read for `batch` items at a time (the way a list page
    reads them for one page), so the queries grow with the batches, never per row."""
    source = items.iterator(chunk_size=batch) if isinstance(items, QuerySet) else items
    for chunk in batched(source, batch):
        rows = list(chunk)
        found = figures(rows)
        for item in rows:
            yield item, found[item.pk]


def labels(choices: Iterable[tuple[Any, Any]]) -> Callable[[Any], str]:
    """A lookup of choice labels, built once per export (get_FOO_display() rebuilds the
    choices on every call); unknown values come back as they are."""
    found = {value: str(label) for value, label in choices}
    return lambda value: found.get(value, "" if value is None else str(value))


def requested_format(request: HttpRequest) -> str | None:
    """`csv` or `xlsx` when the page is asked for its list as a file, else None."""
    value = request.GET.get(FORMAT_PARAMETER)
    return value if value in EXPORT_FORMATS else None


def filter_params(params: QueryDict) -> QueryDict:
    """The page's query string without the parameters that do not filter its list."""
    kept = params.copy()
    for name in NOT_FILTERS:
        kept.pop(name, None)
    return kept


def export_query_string(params: QueryDict, fmt: str) -> str:
    """The query string of a page's export link: its filters, and the format."""
    kept = filter_params(params)
    kept[FORMAT_PARAMETER] = fmt
    return kept.urlencode()


def export_filename(name: str, extension: str, account_pk: int | None = None) -> str:
    owner = f"-{account_pk}" if account_pk is not None else ""
    return f"hexad-{name}{owner}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _in_language(rows: Iterable[Sequence[Any]], language: str | None) -> Iterator[Sequence[Any]]:
    """`rows` produced in `language`: a streamed response runs on after the request."""
    iterator = iter(rows)
    while True:
        with translation.override(language):
            try:
                row = next(iterator)
            except StopIteration:
                return
        yield row


def export_rows(export: ListExport, query: ExportQuery) -> Iterator[Sequence[Any]]:
    """The list's rows for `query`, in the active language; access is checked now."""
    if export.per_account and query.account_pk is None:
        raise ValueError(NEEDS_ACCOUNT.format(name=export.name))
    query = ExportQuery(query.user, filter_params(query.params), query.account_pk)
    return _in_language(export.rows(query), translation.get_language())


def export_response(
    request: HttpRequest,
    name: str,
    fmt: str,
    *,
    account_pk: int | None = None,
    fixed: dict[str, Any] | None = None,
) -> HttpResponseBase:
    """The page's filtered list as a CSV or XLSX download (the list view's format branch).

    `fixed` are filters the page's address itself sets (the plan on a plan's page); the
    query string cannot change them."""
    export = list_export(name)
    user = cast("User", request.user)
    params: QueryDict = request.GET
    if fixed:
        params = request.GET.copy()
        for key, value in fixed.items():
            params[key] = str(value)
    rows = export_rows(export, ExportQuery(user, params, account_pk))
    filename = export_filename(name, fmt, account_pk)
    if fmt == "csv":
        return csv_response(filename=filename, rows=rows)
    return xlsx_response(filename=filename, sheet_title=str(export.title), rows=rows)


def write_csv(stream: IO[bytes], rows: Iterable[Sequence[Any]]) -> int:
    """`rows` as UTF-8 CSV (with a byte order mark) into a binary stream; the row count
    without the header."""
    lines = -2  # the byte order mark and the header are not rows
    for line in _csv_lines(rows):
        stream.write(line.encode())
        lines += 1
    return max(lines, 0)


def write_xlsx(stream: IO[bytes], rows: Iterable[Sequence[Any]], *, sheet_title: str) -> int:
    """`rows` as one XLSX sheet into a binary stream; the row count without the header."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    count = -1
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
        count += 1
    workbook.save(stream)
    return max(count, 0)
