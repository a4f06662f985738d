"""Reading uploaded tables: CSV (any delimiter Hexad meets, UTF-8 with or without a BOM,
UTF-16 with a BOM, Windows-1250) and XLSX. Limits are checked before any parsing.

`open_table()` returns a `Table`: the header and an iterator of rows, streamed, so a file
of any allowed size is read in bounded memory. Rows are lists of strings (XLSX dates and
numbers are turned into the text a person would type, see `_cell_text`).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

# A workbook is a zip archive. These bound what opening one may cost: how many members,
# how much they unpack to, and how much more than their packed size (a "zip bomb" packs
# gigabytes of repeated bytes into kilobytes).
XLSX_MAX_MEMBERS = 500
XLSX_MAX_RATIO = 100
SNIFF_BYTES = 64 * 1024
CHUNK = 1024 * 1024


class FileProblem(Exception):
    """The file cannot be read; the message says why, for the person who uploaded it."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[list[str]]
    format: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    estimated_rows: int | None = None
    closers: list[Any] = field(default_factory=list)

    def close(self) -> None:
        for closer in self.closers:
            closer.close()


def max_bytes() -> int:
    return int(settings.HEXAD_IMPORT_MAX_BYTES)


def size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_size(size: int) -> None:
    if size > max_bytes():
        raise FileProblem(
            _("The file is %(size)s; Hexad imports files of at most %(limit)s.")
            % {"size": size_text(size), "limit": size_text(max_bytes())}
        )


def _stream_size(stream: IO[bytes]) -> int:
    position = stream.tell()
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(position)
    return size


def open_table(stream: IO[bytes], name: str) -> Table:
    """Opens a seekable binary stream as a table; CSV unless the name or content says XLSX."""
    check_size(_stream_size(stream))
    stream.seek(0)
    head = stream.read(4)
    stream.seek(0)
    is_zip = head.startswith(b"PK\x03\x04")
    if name.lower().endswith((".xlsx", ".xlsm")) or is_zip:
        return _open_xlsx(stream)
    if name.lower().endswith(".xls"):
        raise FileProblem(
            _("Old Excel files (.xls) cannot be read; save the sheet as XLSX or CSV.")
        )
    return _open_csv(stream)


# --- CSV --------------------------------------------------------------------------------


def detect_encoding(stream: IO[bytes]) -> tuple[str, int]:
    """The file's encoding and its number of line breaks (for progress), in one pass.

    A BOM decides; otherwise the file is UTF-8 when all of it decodes as UTF-8, else
    Windows-1250 (what Excel writes for CSV on Polish Windows).
    """
    stream.seek(0)
    start = stream.read(4)
    stream.seek(0)
    if start.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = ""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    utf8 = True
    while chunk := stream.read(CHUNK):
        lines += chunk.count(b"\n")
        if utf8 and not encoding:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
    if not encoding:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
        encoding = "utf-8" if utf8 else "cp1250"
    stream.seek(0)
    return encoding, lines


def sniff_delimiter(sample: str) -> str:
    """Comma, semicolon, tab or pipe: the one that splits the first lines most evenly."""
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: lines[0].count(d) for d in ",;\t|"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _open_csv(stream: IO[bytes]) -> Table:
    encoding, lines = detect_encoding(stream)
    errors = "replace" if encoding == "cp1250" else "strict"
    text = io.TextIOWrapper(stream, encoding=encoding, errors=errors, newline="")
    sample = text.read(SNIFF_BYTES)
    text.seek(0)
    if "\x00" in sample:
        raise FileProblem(_("The file is not a text table (CSV); upload a CSV or XLSX file."))
    delimiter = sniff_delimiter(sample)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise FileProblem(_("The file is empty.")) from None
    except csv.Error as error:
        raise FileProblem(
            _("The file is not a readable CSV: %(error)s") % {"error": error}
        ) from None
    header = [cell.strip() for cell in header]

    def rows() -> Iterator[list[str]]:
        try:
            yield from reader
        except csv.Error as error:
            raise FileProblem(
                _("Line %(line)s is not readable CSV: %(error)s")
                % {"line": reader.line_num, "error": error}
            ) from None

    return Table(
        header=header,
        rows=rows(),
        format="csv",
        encoding=encoding,
        delimiter=delimiter,
        estimated_rows=max(lines - 1, 0),
        closers=[text],
    )


# --- XLSX -------------------------------------------------------------------------------


def check_workbook(stream: IO[bytes]) -> None:
    """Refuses a damaged archive or a zip bomb before openpyxl unpacks anything."""
    size = _stream_size(stream)
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
    except (zipfile.BadZipFile, OSError, EOFError):
        raise FileProblem(
            _("The file is not a readable XLSX workbook (it may be damaged).")
        ) from None
    finally:
        stream.seek(0)
    if len(members) > XLSX_MAX_MEMBERS:
        raise FileProblem(
            _("The workbook has %(count)s parts; Hexad opens workbooks of at most %(limit)s.")
            % {"count": len(members), "limit": XLSX_MAX_MEMBERS}
        )
    unpacked = sum(member.file_size for member in members)
    limit = max_bytes() * 10
    if unpacked > limit or unpacked > max(size, 1) * XLSX_MAX_RATIO:
        raise FileProblem(
            _(
                "The workbook unpacks to %(size)s, too much for a file of its size; "
                "save it again as XLSX or CSV."
            )
            % {"size": size_text(unpacked)}
        )
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise FileProblem(_("The file is not a readable XLSX workbook (it may be damaged)."))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return str(Decimal(repr(value)))
    return str(value).strip()


def _open_xlsx(stream: IO[bytes]) -> Table:
    from openpyxl import load_workbook

    check_workbook(stream)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        first = next(values, None)
    except Exception:  # openpyxl raises many kinds for a damaged part
        raise FileProblem(
            _("The file is not a readable XLSX workbook (it may be damaged).")
        ) from None
    if first is None:
        workbook.close()
        raise FileProblem(_("The file is empty."))
    header = [_cell_text(value) for value in first]
    while header and not header[-1]:
        header.pop()
    width = len(header)

    def rows() -> Iterator[list[str]]:
        try:
            for row in values:
                yield [_cell_text(value) for value in row[:width]]
        except Exception:
            raise FileProblem(
                _("The file is not a readable XLSX workbook (it may be damaged).")
            ) from None

    estimated = (sheet.max_row - 1) if sheet.max_row else None
    return Table(
        header=header, rows=rows(), format="xlsx", estimated_rows=estimated, closers=[workbook]
    )
