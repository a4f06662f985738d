"""Salesforce's standard export files import with their own column names and ids; team
roles map onto Hexad's roles through the editable mapping."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from hexad.accounts.models import Account, TeamMembership
from hexad.growth.models import Opportunity
from hexad.people.models import Person
from hexad.relationships.models import Stakeholder
from hexad.roles.models import Role
from hexad.transfer.defaults import DEFAULT_ROLE_MAPPING
from hexad.transfer.models import SalesforceRoleMapping
from hexad.transfer.services import role_mapping_save
from hexad.transfer.tests.helpers import SALESFORCE, counts, problems, run

pytestmark = pytest.mark.django_db

ORDER = [
    ("people", "User.csv"),
    ("accounts", "Account.csv"),
    ("memberships", "AccountTeamMember.csv"),
    ("stakeholders", "Contact.csv"),
    ("opportunities", "Opportunity.csv"),
]


def import_all() -> dict[str, tuple[int, int, int]]:
    found = {}
    for kind, name in ORDER:
        result = run(kind, SALESFORCE / name)
        assert result.written, (kind, problems(result))
        found[kind] = counts(result)
    return found


def test_the_default_mapping_is_seeded() -> None:
    mapped = dict(SalesforceRoleMapping.objects.values_list("team_role", "role__key"))
    assert mapped["Account Manager"] == "results-driver"
    assert mapped["Executive Sponsor"] == "relationship-manager"
    assert mapped["Sales Engineer"] == mapped["Solution Consultant"] == "technical-expert"
    assert mapped["Project Manager"] == "project-manager"
    assert mapped["Lead Qualifier"] is None
    assert len(mapped) == len(DEFAULT_ROLE_MAPPING)


def test_a_whole_salesforce_export_imports_with_its_own_columns_and_ids() -> None:
    found = import_all()

    assert found == {
        "people": (4, 0, 0),
        "accounts": (3, 0, 0),
        "memberships": (6, 0, 0),
        "stakeholders": (4, 0, 0),
        "opportunities": (3, 0, 0),
    }
    anna = Person.objects.get(external_id="0055g00000A1bCdAAF")
    assert (anna.full_name, anna.job_title, anna.department.name) == (
        "Anna Kowalska",
        "Strategic Account Manager",
        "Key Accounts",
    )
    orlen = Account.objects.get(external_id="0015g00000PqRsTAA1")
    south = Account.objects.get(external_id="0015g00000PqRsUAA1")
    hamburg = Account.objects.get(external_id="0015g00000PqRsVAA1")
    assert (orlen.industry, orlen.country.code, orlen.lead, south.parent) == (
        "energy",
        "PL",
        anna,
        orlen,
    )
    assert (hamburg.industry, hamburg.currency, hamburg.country.code) == ("logistics", "EUR", "DE")
    team = {
        (m.person.full_name, a.role.key, a.degree)
        for m in TeamMembership.objects.filter(account=orlen)
        for a in m.assignments.all()
    }
    assert team == {
        ("Anna Kowalska", "results-driver", "lead"),
        ("Piotr Nowak", "technical-expert", "contributing"),
        ("Ewa Wiśniewska", "project-manager", "lead"),
        ("Tomasz Zieliński", "relationship-manager", "lead"),
    }
    ceo = Stakeholder.objects.get(external_id="0035g00000Ab1XyAAJ")
    buyer = Stakeholder.objects.get(external_id="0035g00000Ab1XzAAJ")
    it = Stakeholder.objects.get(external_id="0035g00000Ab1Y0AAJ")
    assert (ceo.reports_to, buyer.reports_to, it.reports_to) == (None, ceo, buyer)
    assert (it.business_unit.name, it.phone, it.owner.full_name) == ("IT", "", "Piotr Nowak")
    assert (ceo.phone, buyer.phone) == ("+48 24 256 01 01", "")
    scada = Opportunity.objects.get(external_id="0065g00000XyZ1aAAB")
    assert (scada.value, scada.stage, scada.kind, scada.expected_close, scada.created_on) == (
        Decimal("2450000.00"),
        "propose",
        "upsell",
        datetime.date(2031, 3, 31),
        datetime.date(2025, 1, 10),
    )


def test_a_second_import_of_the_whole_export_creates_nothing() -> None:
    import_all()
    tables = (Person, Account, TeamMembership, Stakeholder, Opportunity)
    before = [model.objects.count() for model in tables]

    found = import_all()

    assert [model.objects.count() for model in tables] == before
    assert all(created == 0 and updated == 0 for created, updated, _u in found.values())


def test_an_edited_mapping_is_used_by_the_next_import() -> None:
    engineer = SalesforceRoleMapping.objects.get(team_role="Sales Engineer")
    role_mapping_save(
        mapping=engineer,
        team_role="Sales Engineer",
        role=Role.objects.get(key="innovator"),
        degree="lead",
    )
    import_all()
    piotr = TeamMembership.objects.get(
        person__external_id="0055g00000A1bCeAAF", account__external_id="0015g00000PqRsTAA1"
    )
    assert list(piotr.assignments.values_list("role__key", "degree")) == [("innovator", "lead")]


def test_an_unmapped_team_role_is_a_row_problem() -> None:
    SalesforceRoleMapping.objects.filter(team_role="Sales Engineer").delete()
    for kind, name in ORDER[:2]:
        run(kind, SALESFORCE / name)
    result = run("memberships", SALESFORCE / "AccountTeamMember.csv")
    assert problems(result) == [
        (
            3,
            "TeamMemberRole",
            "No Hexad role is mapped to the team role “Sales Engineer”; map it on the "
            "Salesforce team roles page.",
        )
    ]
    assert not TeamMembership.objects.exists()
