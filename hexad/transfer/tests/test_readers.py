"""Reading real files: encodings, delimiters, Polish numbers and dates, and the limits
checked before any parsing."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import pytest

from hexad.transfer.readers import FileProblem, open_table
from hexad.transfer.tests.helpers import FILES
from hexad.transfer.values import CellError, parse_date, parse_decimal


def read(data: bytes, name: str = "file.csv") -> tuple[list[str], list[list[str]], str, str]:
    table = open_table(io.BytesIO(data), name)
    rows = list(table.rows)
    table.close()
    return table.header, rows, table.encoding, table.delimiter


def test_a_semicolon_file_in_windows_1250_reads_with_its_polish_letters() -> None:
    header, rows, encoding, delimiter = read((FILES / "accounts_pl_cp1250.csv").read_bytes())
    assert (encoding, delimiter) == ("cp1250", ";")
    assert header[:3] == ["Identyfikator", "Nazwa konta", "Poziom"]
    assert rows[0][1] == "Zakłady Azotowe „Puławy” S.A."
    assert rows[3][1] == "Żegluga Gdańska Sp. z o.o."


def test_utf8_with_a_bom_loses_the_bom_and_keeps_the_header_clean() -> None:
    header, rows, encoding, delimiter = read((FILES / "financials_pl_utf8_bom.csv").read_bytes())
    assert (encoding, delimiter, header[0]) == ("utf-8-sig", ";", "Konto")
    assert rows[0][3] == "1 250 000,50"


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        ("Nazwa,Kraj\nŁódź Sp. z o.o.,PL\n".encode(), "utf-8", ","),
        ("Nazwa;Kraj\r\nŁódź;PL\r\n".encode(), "utf-8", ";"),
        ("Nazwa\tKraj\nŁódź\tPL\n".encode("utf-16"), "utf-16", "\t"),
        ("Nazwa;Kraj\nŁódź;PL\n".encode("cp1250"), "cp1250", ";"),
    ],
)
def test_encoding_and_delimiter_are_detected(data: bytes, encoding: str, delimiter: str) -> None:
    header, rows, found_encoding, found_delimiter = read(data)
    assert (found_encoding, found_delimiter) == (encoding, delimiter)
    assert (header, rows) == (["Nazwa", "Kraj"], [[rows[0][0], "PL"]])
    assert rows[0][0].startswith("Łódź")


def test_quoted_cells_keep_their_delimiters_and_line_breaks() -> None:
    _header, rows, _e, _d = read(b'"Name";"Notes"\n"A; B";"line one\nline two"\n')
    assert rows == [["A; B", "line one\nline two"]]


def test_an_xlsx_workbook_reads_its_first_sheet() -> None:
    header, rows, _e, _d = read((FILES / "accounts.xlsx").read_bytes(), "accounts.xlsx")
    assert header == ["External id", "Name", "Tier", "Industry", "Country", "Currency"]
    assert rows[1][:2] == ["XL-2", "Baltic Ports"]


def test_a_broken_xlsx_gives_a_clear_message() -> None:
    with pytest.raises(FileProblem, match="not a readable XLSX workbook"):
        read((FILES / "broken.xlsx").read_bytes(), "broken.xlsx")


def test_an_oversized_file_is_refused_before_it_is_read(settings) -> None:
    settings.HEXAD_IMPORT_MAX_BYTES = 1024 * 1024

    class Unreadable(io.BytesIO):
        def read(self, *args):  # type: ignore[no-untyped-def]
            raise AssertionError("the file was read")

    stream = Unreadable(b"Name\n" + b"x" * (1024 * 1024))
    with pytest.raises(FileProblem, match=r"at most 1\.0 MB"):
        open_table(stream, "big.csv")


def zip_bomb(members: int = 1, size: int = 200 * 1024 * 1024) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for index in range(members):
            with archive.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True) as part:
                chunk = b"0" * (1024 * 1024)
                for _ in range(size // len(chunk) // members):
                    part.write(chunk)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(monkeypatch) -> None:
    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", pytest.fail)
    data = zip_bomb()
    assert len(data) < 1024 * 1024  # 200 MB packed into a few hundred kB
    with pytest.raises(FileProblem, match=r"unpacks to 200\.0 MB"):
        read(data, "bomb.xlsx")


def test_a_workbook_of_too_many_parts_is_refused() -> None:
    with pytest.raises(FileProblem, match="at most 500"):
        read(zip_bomb(members=600, size=600), "parts.xlsx")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 234,50", Decimal("1234.50")),
        ("1\u00a0234,5", Decimal("1234.5")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("12,5", Decimal("12.5")),
        ("1,250", Decimal("1250")),
        ("2450000.00", Decimal("2450000.00")),
        ("12 500 zł", Decimal("12500")),
        ("", None),
    ],
)
def test_amounts_in_polish_and_english_notation(text: str, value: Decimal | None) -> None:
    assert parse_decimal(text) == value


@pytest.mark.parametrize(
    "text", ["31.12.2024", "2024-12-31", "31/12/2024", "2024-12-31T10:20:30.000Z", "31-12-2024"]
)
def test_dates_in_polish_iso_and_salesforce_notation(text: str) -> None:
    assert parse_date(text) == datetime.date(2024, 12, 31)


def test_a_bad_date_or_number_says_how_to_write_it() -> None:
    with pytest.raises(CellError, match=r"31\.12\.2024 or 2024-12-31"):
        parse_date("31.13.2024")
    with pytest.raises(CellError, match="is not a number"):
        parse_decimal("dużo")
