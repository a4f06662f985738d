"""Importing each kind of row: what is stored, idempotency on external ids, atomicity,
per-row problems naming the row and column, and the dry run."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from hexad.accounts.models import Account, BusinessUnit, RoleAssignment, TeamMembership
from hexad.accounts.tests.factories import AccountFactory, TeamMembershipFactory
from hexad.coverage.models import AccountCoverage
from hexad.growth.models import FinancialPeriod, Opportunity
from hexad.people.models import Person
from hexad.people.tests.factories import PersonFactory
from hexad.planning.models import AccountPlan
from hexad.planning.models import Action as PlanAction
from hexad.relationships.models import Stakeholder
from hexad.transfer.tests.helpers import FILES, counts, problems, run, run_text

pytestmark = pytest.mark.django_db


def polish_accounts() -> None:
    result = run("accounts", FILES / "accounts_pl_cp1250.csv")
    assert result.written, problems(result)


def test_accounts_from_a_polish_semicolon_file_in_windows_1250() -> None:
    result = run("accounts", FILES / "accounts_pl_cp1250.csv")

    assert (result.rows, counts(result), result.written) == (4, (4, 0, 0), True)
    pulawy = Account.objects.get(external_id="KA-001")
    assert (pulawy.name, pulawy.tier.name, pulawy.industry, pulawy.country.code) == (
        "Zakłady Azotowe „Puławy” S.A.",
        "Tier 1 — Strategic",
        "chemicals",
        "PL",
    )
    assert Account.objects.get(external_id="KA-004").currency == "EUR"
    # Derived data is kept: the coverage engine stored cells for the new accounts.
    assert AccountCoverage.objects.filter(account=pulawy).exists()


def test_a_second_import_of_the_same_file_creates_nothing() -> None:
    run("accounts", FILES / "accounts_pl_cp1250.csv")
    before = list(Account.objects.values_list("pk", "name", "version").order_by("pk"))

    again = run("accounts", FILES / "accounts_pl_cp1250.csv")

    assert counts(again) == (0, 0, 4)
    assert list(Account.objects.values_list("pk", "name", "version").order_by("pk")) == before


def test_a_changed_row_updates_its_account() -> None:
    run("accounts", FILES / "accounts_pl_cp1250.csv")
    result = run_text("accounts", "External id;Name;Currency\nKA-002;MPWiK Łódź;EUR\n")
    assert counts(result) == (0, 1, 0)
    assert Account.objects.get(external_id="KA-002").currency == "EUR"


def test_a_file_with_one_bad_row_writes_nothing_and_names_the_row_and_column() -> None:
    result = run("accounts", FILES / "accounts_pl_cp1250_with_error.csv")

    assert not result.written
    assert problems(result) == [
        (4, "Kraj", "“Atlantyda” is not a country; use its name or ISO code (PL, DE…).")
    ]
    assert not Account.objects.filter(external_id__startswith="KA-").exists()


def test_the_dry_run_reports_what_would_happen_and_writes_nothing() -> None:
    result = run("accounts", FILES / "accounts_pl_cp1250.csv", dry_run=True)
    assert (counts(result), result.written, result.problems) == ((4, 0, 0), False, [])
    assert not Account.objects.filter(external_id__startswith="KA-").exists()


def test_every_bad_row_is_listed_not_just_the_first() -> None:
    text = (
        "External id,Name,Tier,Currency\n"
        "A-1,,Tier 1 — Strategic,PLN\n"
        "A-2,Beta,Tier 9,PLN\n"
        "A-3,Gamma,Tier 2 — Key,XYZ\n"
        "A-4,Delta,,PLN\n"
    )
    result = run_text("accounts", text)
    assert problems(result) == [
        (2, "Name", "Give the account a name."),
        (3, "Tier", "There is no tier “Tier 9”."),
        (4, "Currency", "XYZ is not a currency Hexad knows."),
    ]
    assert not Account.objects.filter(name="Delta").exists()


def test_parents_may_come_after_their_children() -> None:
    text = "Id,Name,ParentId\nC-1,Child,P-1\nP-1,Parent,\n"
    result = run_text("accounts", text)
    assert result.written, problems(result)
    assert Account.objects.get(external_id="C-1").parent == Account.objects.get(external_id="P-1")


def test_an_xlsx_workbook_imports_like_a_csv() -> None:
    result = run("accounts", FILES / "accounts.xlsx")
    assert counts(result) == (2, 0, 0)
    assert Account.objects.get(external_id="XL-2").country.code == "PL"


def test_a_broken_xlsx_is_one_clear_problem() -> None:
    from hexad.transfer.readers import FileProblem

    with pytest.raises(FileProblem, match="not a readable XLSX"):
        run("accounts", FILES / "broken.xlsx")


def test_people_are_matched_by_external_id_then_email() -> None:
    PersonFactory(full_name="Anna K.", email="anna@example.com", external_id="")
    text = "Id,FirstName,LastName,Email,Title,Department,IsActive\n" + (
        "U-1,Anna,Kowalska,anna@example.com,KAM,Key Accounts,true\n"
        "U-2,Piotr,Nowak,piotr@example.com,Engineer,Solutions,false\n"
    )
    first = run_text("people", text)
    assert counts(first) == (1, 1, 0), problems(first)
    anna = Person.objects.get(email="anna@example.com")
    assert (anna.full_name, anna.external_id, anna.department.name) == (
        "Anna Kowalska",
        "U-1",
        "Key Accounts",
    )
    assert Person.objects.get(external_id="U-2").is_active is False
    assert counts(run_text("people", text)) == (0, 0, 2)


def test_team_memberships_with_roles_and_degrees() -> None:
    polish_accounts()
    PersonFactory(full_name="Anna Kowalska", email="anna.kowalska@example.com")
    PersonFactory(full_name="Piotr Nowak", email="piotr.nowak@example.com")

    result = run("memberships", FILES / "memberships.csv")

    assert counts(result) == (2, 1, 0), problems(result)
    anna = TeamMembership.objects.get(person__email="anna.kowalska@example.com")
    assert (anna.account.external_id, anna.allocation, anna.start_date) == (
        "KA-001",
        40,
        datetime.date(2024, 1, 1),
    )
    assert sorted(anna.assignments.values_list("role__key", "degree")) == [
        ("relationship-manager", "contributing"),
        ("results-driver", "lead"),
    ]
    again = run("memberships", FILES / "memberships.csv")
    assert counts(again) == (0, 0, 3)
    assert RoleAssignment.objects.count() == 3


def test_stakeholders_with_reporting_lines_from_a_polish_file() -> None:
    polish_accounts()

    result = run("stakeholders", FILES / "stakeholders_pl_cp1250.csv")

    assert counts(result) == (3, 0, 0), problems(result)
    boss = Stakeholder.objects.get(external_id="ST-1")
    middle = Stakeholder.objects.get(external_id="ST-2")
    staff = Stakeholder.objects.get(external_id="ST-3")
    assert (boss.name, boss.level, boss.influence, boss.attitude) == (
        "Zofia Wójcik",
        1,
        5,
        "supporter",
    )
    assert (boss.is_economic_buyer, boss.is_decision_maker, boss.is_user) == (True, True, False)
    assert boss.first_engaged == datetime.date(2021, 2, 3)
    assert staff.first_engaged == datetime.date(2023, 1, 9)
    assert (boss.reports_to, middle.reports_to, staff.reports_to) == (None, boss, middle)
    assert BusinessUnit.objects.filter(account=boss.account).count() == 2
    assert counts(run("stakeholders", FILES / "stakeholders_pl_cp1250.csv")) == (0, 0, 3)


def stakeholders(text: str) -> Any:
    AccountFactory(external_id="A-1")
    AccountFactory(external_id="A-2")
    return run_text("stakeholders", "Id,AccountId,Name,ReportsToId\n" + text)


def test_a_reporting_cycle_is_refused_with_the_row() -> None:
    result = stakeholders("S-1,A-1,Ann,S-2\nS-2,A-1,Bob,S-1\n")
    assert problems(result) == [
        (2, "ReportsToId", "Bob already reports (directly or indirectly) to Ann, "
                           "so Ann cannot report to them."),
        (3, "ReportsToId", "Ann already reports (directly or indirectly) to Bob, "
                           "so Bob cannot report to them."),
    ]  # fmt: skip
    assert not Stakeholder.objects.exists()


def test_a_manager_of_another_account_or_unknown_is_refused() -> None:
    result = stakeholders("S-1,A-1,Ann,\nS-2,A-2,Bob,S-1\nS-3,A-1,Cid,S-9\nS-4,A-1,Dan,S-4\n")
    assert problems(result) == [
        (3, "ReportsToId", "Ann is a stakeholder of another account and cannot be a manager here."),
        (4, "ReportsToId", "No stakeholder of this account has the external id “S-9”."),
        (5, "ReportsToId", "A stakeholder cannot report to themself."),
    ]
    assert not Stakeholder.objects.exists()


def test_an_id_twice_in_a_file_is_refused() -> None:
    result = stakeholders("S-1,A-1,Ann,\nS-1,A-1,Ann B,\n")
    assert problems(result) == [(3, "Id", "The external id S-1 is also on row 2 of this file.")]


def test_opportunities_use_the_growth_rules_and_match_on_external_id() -> None:
    polish_accounts()
    text = (
        "Id;AccountId;Name;Amount;StageName;CloseDate;Type;CurrencyIsoCode\n"
        "OP-1;KA-001;Nawozy 2031;1 250 000,00;Negotiation/Review;31.03.2031;New Customer;PLN\n"
        "OP-2;KA-001;Serwis;80 000;Closed Won;2031-06-30;Renewal;PLN\n"
    )
    result = run_text("opportunities", text)
    assert counts(result) == (2, 0, 0), problems(result)
    first = Opportunity.objects.get(external_id="OP-1")
    assert (first.value, first.stage, first.probability, first.kind) == (
        Decimal("1250000.00"),
        "negotiate",
        75,
        "new_unit",
    )
    assert Opportunity.objects.get(external_id="OP-2").probability == 100
    assert counts(run_text("opportunities", text)) == (0, 0, 2)


def test_an_opportunity_in_another_currency_is_refused() -> None:
    polish_accounts()
    text = "Id,AccountId,Name,Amount,CloseDate,CurrencyIsoCode\nOP-1,KA-001,X,10,2031-01-01,EUR\n"
    result = run_text("opportunities", text)
    assert problems(result) == [
        (
            2,
            "CurrencyIsoCode",
            "The amounts of Zakłady Azotowe „Puławy” S.A. are kept in PLN; enter them in PLN.",
        )
    ]


def test_financials_with_decimal_commas_and_space_thousands() -> None:
    polish_accounts()
    result = run("financials", FILES / "financials_pl_utf8_bom.csv")
    assert counts(result) == (3, 0, 0), problems(result)
    q1 = FinancialPeriod.objects.get(account__external_id="KA-001", year=2024, quarter=1)
    assert (q1.revenue, q1.target, q1.potential) == (
        Decimal("1250000.50"),
        Decimal("1300000.00"),
        Decimal("4000000.00"),
    )
    assert FinancialPeriod.objects.get(account__external_id="KA-002").quarter is None
    assert counts(run("financials", FILES / "financials_pl_utf8_bom.csv")) == (0, 0, 3)


def test_actions_go_into_the_plan_of_their_period() -> None:
    polish_accounts()
    account = Account.objects.get(external_id="KA-001")
    anna = PersonFactory(full_name="Anna Kowalska", email="anna.kowalska@example.com")
    piotr = PersonFactory(full_name="Piotr Nowak", email="piotr.nowak@example.com")
    TeamMembershipFactory(account=account, person=anna)
    TeamMembershipFactory(account=account, person=piotr)
    plan = AccountPlan.objects.create(
        account=account,
        title="Plan 2030",
        period_start=datetime.date(2029, 7, 1),
        period_end=datetime.date(2030, 6, 30),
    )

    result = run("actions", FILES / "actions.csv")

    assert counts(result) == (2, 0, 0), problems(result)
    deck = PlanAction.objects.get(external_id="ACT-1")
    assert (deck.plan, deck.owner, deck.due_date, deck.role.key) == (
        plan,
        anna,
        datetime.date(2030, 1, 15),
        "project-manager",
    )
    assert PlanAction.objects.get(external_id="ACT-2").status == "in_progress"
    assert counts(run("actions", FILES / "actions.csv")) == (0, 0, 2)


def test_an_action_without_a_plan_for_its_date_names_the_due_date() -> None:
    polish_accounts()
    result = run_text("actions", "account,title,due_date\nKA-001,Call,15.01.2030\n")
    assert problems(result) == [
        (
            2,
            "due_date",
            "Zakłady Azotowe „Puławy” S.A. has no open plan covering 2030-01-15; create the "
            "plan first, then import its actions.",
        )
    ]


def test_a_missing_required_column_is_named() -> None:
    result = run_text("opportunities", "Id,Name\n1,x\n")
    assert [message for _r, _c, message in problems(result)] == [
        "Choose the file's column for “Account”.",
        "Choose the file's column for “Value”.",
        "Choose the file's column for “Expected close date”.",
    ]
