"""Importing the team designer's forbidden pairs: conflicts (person × account) and role
restrictions (department × role), from Polish semicolon files in UTF-8. Pairs are matched
on themselves, so a second import changes nothing; bad rows are named by row and column
and a file with one writes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from hexad.accounts.models import Account
from hexad.people.tests.factories import DepartmentFactory, PersonFactory
from hexad.staffing import services
from hexad.staffing.models import Conflict, RoleRestriction
from hexad.transfer.engine import suggest_mapping
from hexad.transfer.forms import UploadForm
from hexad.transfer.importers import IMPORTERS
from hexad.transfer.tests.helpers import FILES, counts, problems, run, run_text

pytestmark = pytest.mark.django_db

WODOCIAGI = "Przedsiębiorstwo Wodociągów i Kanalizacji w Łodzi Sp. z o.o."


@pytest.fixture
def portfolio(db: None) -> dict[str, Any]:
    accounts = run("accounts", FILES / "accounts_pl_cp1250.csv")
    assert accounts.written, problems(accounts)
    return {
        "anna": PersonFactory(full_name="Anna Kowalska", email="anna.kowalska@example.com"),
        "piotr": PersonFactory(full_name="Piotr Nowak", external_id="P-7", email=""),
        "lukasz": PersonFactory(full_name="Łukasz Żak", email="lukasz@example.com"),
        "sales": DepartmentFactory(name="Sprzedaż"),
        "legal": DepartmentFactory(name="Dział prawny"),
    }


def conflicts() -> list[tuple[str, str, str]]:
    return sorted(Conflict.objects.values_list("person__full_name", "account__external_id", "note"))


def restrictions() -> list[tuple[str, str]]:
    return sorted(RoleRestriction.objects.values_list("department__name", "role__key"))


# --- conflicts ----------------------------------------------------------------------------


def test_conflicts_by_email_external_id_and_name(portfolio) -> None:
    result = run("conflicts", FILES / "conflicts.csv")

    assert (result.rows, counts(result), result.written) == (3, (3, 0, 0), True), problems(result)
    assert conflicts() == [
        ("Anna Kowalska", "KA-001", "Była pracowniczka klienta"),
        ("Piotr Nowak", "KA-002", "Brat w zarządzie"),
        ("Łukasz Żak", "KA-004", ""),
    ]


def test_the_conflicts_dry_run_counts_and_writes_nothing(portfolio) -> None:
    result = run("conflicts", FILES / "conflicts.csv", dry_run=True)

    assert (counts(result), result.written, result.problems) == ((3, 0, 0), False, [])
    assert not Conflict.objects.exists()


def test_a_second_conflicts_import_creates_nothing(portfolio) -> None:
    run("conflicts", FILES / "conflicts.csv")
    before = list(Conflict.objects.values_list("pk", "note", "updated_at").order_by("pk"))

    again = run("conflicts", FILES / "conflicts.csv")

    assert (counts(again), again.written) == ((0, 0, 3), True)
    assert list(Conflict.objects.values_list("pk", "note", "updated_at").order_by("pk")) == before


def test_a_recorded_pair_takes_a_changed_note_and_keeps_it_without_a_note_column(
    portfolio,
) -> None:
    services.conflict_create(
        person=portfolio["anna"], account=Account.objects.get(external_id="KA-001"), note="Old"
    )

    noted = run_text("conflicts", "Osoba;Konto;Uwagi\nAnna Kowalska;KA-001;Nowa uwaga\n")
    without = run_text("conflicts", "Osoba;Konto\nanna.kowalska@example.com;KA-001\n")

    assert (counts(noted), counts(without)) == ((0, 1, 0), (0, 0, 1))
    assert conflicts() == [("Anna Kowalska", "KA-001", "Nowa uwaga")]


def test_a_pair_twice_in_a_file_is_created_once(portfolio) -> None:
    text = "Person,Account,Note\nP-7,KA-003,Audit\nPiotr Nowak,KA-003,Audit\n"

    result = run_text("conflicts", text)

    assert counts(result) == (1, 0, 1), problems(result)
    assert conflicts() == [("Piotr Nowak", "KA-003", "Audit")]


def test_unknown_people_and_accounts_are_named_by_row_and_column_and_nothing_is_kept(
    portfolio,
) -> None:
    text = (
        "Osoba;Konto;Uwagi\n"
        "anna.kowalska@example.com;KA-001;Dobrze\n"
        "Jan Nieznany;KA-002;\n"
        "P-7;KA-999;\n"
        ";KA-003;\n"
        "P-7;KA-004;" + "x" * 301 + "\n"
    )

    result = run_text("conflicts", text)

    assert not result.written
    assert problems(result) == [
        (3, "Osoba", "None of our people has the external id, e-mail or name “Jan Nieznany”."),
        (4, "Konto", "No account has the external id or name “KA-999”."),
        (5, "Osoba", "This column is required."),
        (6, "Uwagi", "Ensure this value has at most 300 characters (it has 301)."),
    ]
    assert not Conflict.objects.exists()  # row 2 was fine, but the file is one import


# --- role restrictions ----------------------------------------------------------------------


def test_role_restrictions_by_key_english_and_polish_name(portfolio) -> None:
    result = run("role-restrictions", FILES / "role_restrictions.csv")

    assert (result.rows, counts(result), result.written) == (3, (3, 0, 0), True), problems(result)
    assert restrictions() == [
        ("Dział prawny", "results-driver"),
        ("Sprzedaż", "innovator"),
        ("Sprzedaż", "technical-expert"),
    ]


def test_the_restrictions_dry_run_writes_nothing_and_a_second_import_creates_nothing(
    portfolio,
) -> None:
    dry = run("role-restrictions", FILES / "role_restrictions.csv", dry_run=True)
    assert (counts(dry), dry.written, RoleRestriction.objects.count()) == ((3, 0, 0), False, 0)

    run("role-restrictions", FILES / "role_restrictions.csv")
    again = run("role-restrictions", FILES / "role_restrictions.csv")

    assert counts(again) == (0, 0, 3)
    assert RoleRestriction.objects.count() == 3


def test_an_unknown_department_or_role_is_named_and_nothing_is_kept(portfolio) -> None:
    text = "Dział;Rola\nSprzedaż;Innowator\nMarketing;Innowator\nSprzedaż;Wizjoner\n;\n"

    result = run_text("role-restrictions", text)

    assert not result.written
    assert problems(result) == [
        (3, "Dział", "There is no department “Marketing”."),
        (4, "Rola", "There is no role “Wizjoner”."),
    ]
    assert not RoleRestriction.objects.exists()


def test_a_row_without_its_role_is_refused(portfolio) -> None:
    result = run_text("role-restrictions", "Department,Role\nSprzedaż,\n")
    assert problems(result) == [(2, "Role", "This column is required.")]


# --- where the kinds are offered --------------------------------------------------------------


def test_the_new_kinds_follow_the_others_and_are_offered_on_the_page() -> None:
    assert list(IMPORTERS)[-2:] == ["conflicts", "role-restrictions"]
    offered = dict(UploadForm().fields["kind"].choices)
    assert (str(offered["conflicts"]), str(offered["role-restrictions"])) == (
        "Staffing conflicts",
        "Role restrictions",
    )


def test_polish_and_english_headers_are_recognised() -> None:
    assert suggest_mapping("conflicts", ["Osoba", "Konto", "Uwagi"]) == {
        "person": 0,
        "account": 1,
        "note": 2,
    }
    # The conflicts export's own file imports back: the person by name, not the e-mail.
    export_header = ["Account", "Account external id", "Person", "Email", "Note"]
    assert suggest_mapping("conflicts", export_header) == {"account": 0, "person": 2, "note": 4}
    with translation.override("pl"):
        assert suggest_mapping("role-restrictions", ["Dział", "Rola"]) == {
            "department": 0,
            "role": 1,
        }


def test_the_command_imports_both_kinds(portfolio) -> None:
    out = io.StringIO()
    call_command("import", "conflicts", str(FILES / "conflicts.csv"), "--no-progress", stdout=out)
    call_command(
        "import", "role-restrictions", str(FILES / "role_restrictions.csv"), "--no-progress",
        stdout=out,
    )  # fmt: skip

    assert out.getvalue().count("Imported. 3 rows") == 2
    assert (Conflict.objects.count(), RoleRestriction.objects.count()) == (3, 3)


def test_the_command_names_a_bad_row(portfolio, tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Dział;Rola\nSprzedaż;Wizjoner\n", encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 problems, nothing written"):
        call_command("import", "role-restrictions", str(path), "--no-progress", stderr=err)

    assert "row 2, Rola: There is no role “Wizjoner”." in err.getvalue()
