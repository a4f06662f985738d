"""The object access matrix of the REST API (QUALITY.md Q3), in the spirit of
tests/test_access_matrix.py (which covers the pages and leaves the `api` namespace here).

`OPERATIONS` has one row per API operation: the operation's id (also its URL name,
`api:<id>`), its method, its URL in the `world`, the JSON of a valid request and the
status each persona gets. Every operation is called by every persona with its own
personal token (anonymous: none). Every path is also called with each method it does not
document, which must answer 405. A meta-test fails when an operation of the API is
missing from the matrix, or a row names one that no longer exists.

Personas (see /work/main/conftest.py):
  anonymous  no credentials                       → 401
  outsider   a member on no team of `account`     → 404 for everything of `account`
  member     on `account`'s team                  → reads and writes its team
  viewer     sees every account, changes nothing  → 403 for writes
  leader     programme leader                     → everything but the role catalogue
  admin      administrator                        → everything

A refused request (4xx) must leave the database as it was; so must every GET. An allowed
write must do what it asks (`done`). A second test runs every row again with a browser
session and the CSRF token, and must get the same answers.
"""

from __future__ import annotations

import datetime
import functools
import importlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from hexad.accounts.models import Account, BusinessUnit, RoleAssignment, TeamMembership, Tier
from hexad.accounts.tests.factories import (
    AccountFactory,
    BusinessUnitFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
    TierFactory,
)
from hexad.api.models import ApiToken
from hexad.api.services import token_create
from hexad.api.v1 import api
from hexad.core.testing import ensure_catalogue
from hexad.coverage.services import coverage_refresh
from hexad.growth import services as growth
from hexad.growth.models import (
    AccountGrowthPlan,
    FinancialPeriod,
    Offering,
    Opportunity,
    ValueInitiative,
    WhitespaceCell,
)
from hexad.people.models import AccessLevel, CompetencyRating, Department, Person, User
from hexad.people.tests.factories import DepartmentFactory, PersonFactory, UserFactory
from hexad.planning import services as planning
from hexad.planning.models import (
    AccountPlan,
    Action,
    Blocker,
    Objective,
    ResourceRequest,
    Review,
    Risk,
)
from hexad.relationships import services as relationships
from hexad.relationships.models import Interaction, Relationship, Stakeholder, TechnicalConcern
from hexad.roles.models import Role

DAY = datetime.timedelta(days=1)
PERSONAS = ["anonymous", "outsider", "member", "viewer", "leader", "admin"]
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PREFIX = "/api/v1"


@pytest.fixture(autouse=True)
def _fast_tests(settings: Any) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.WHITENOISE_AUTOREFRESH = True


# --- expectations -------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    status: int

    @property
    def allowed(self) -> bool:
        return 200 <= self.status < 300

    def __repr__(self) -> str:
        return str(self.status)


OK, CREATED, NO_CONTENT = Expect(200), Expect(201), Expect(204)
UNAUTHORIZED, FORBIDDEN, NOT_FOUND = Expect(401), Expect(403), Expect(404)


def signed_in(expect: Expect) -> dict[str, Expect]:
    """The same for every signed-in persona; anonymous callers get 401."""
    return {**dict.fromkeys(PERSONAS, expect), "anonymous": UNAUTHORIZED}


READ = signed_in(OK)
# Everything of `account`: outsiders get 404 (it does not exist for them).
TEAM_READ = {**READ, "outsider": NOT_FOUND}


def team_write(done: Expect) -> dict[str, Expect]:
    return {**TEAM_READ, "viewer": FORBIDDEN, "member": done, "leader": done, "admin": done}


def managers(done: Expect) -> dict[str, Expect]:
    return {**signed_in(FORBIDDEN), "leader": done, "admin": done}


def administrators(done: Expect) -> dict[str, Expect]:
    return {**signed_in(FORBIDDEN), "admin": done}


# Someone else's competencies: the partner shares a team with `member`, so members see
# them but only managers rate; outsiders do not see them at all.
COMPETENCY_READ = TEAM_READ
COMPETENCY_WRITE = {**managers(CREATED), "outsider": NOT_FOUND}


@dataclass(frozen=True)
class Operation:
    name: str  # the operation id, also the URL name `api:<name>`
    method: str
    url: Callable[[SimpleNamespace], str]
    expect: dict[str, Expect]
    data: Callable[[SimpleNamespace], Any] | None = None
    # Checks that an allowed write did its work (`w`, the persona's user).
    done: Callable[[SimpleNamespace, User], None] | None = None

    def __repr__(self) -> str:
        return f"{self.method} {self.name}"


# --- what each allowed write must have done ------------------------------------------------


def person_created(w: SimpleNamespace, user: User) -> None:
    created = Person.objects.get(full_name="Ewa Nowicka")
    assert (created.email, created.capacity, created.department) == (
        "ewa.nowicka@example.com",
        80,
        w.department,
    )


def partner_replaced(w: SimpleNamespace, user: User) -> None:
    w.partner.refresh_from_db()
    assert (w.partner.full_name, w.partner.capacity, w.partner.department) == (
        "Paula Partner-Nowak",
        60,
        None,
    )


def partner_capacity_changed(w: SimpleNamespace, user: User) -> None:
    w.partner.refresh_from_db()
    assert (w.partner.full_name, w.partner.capacity) == ("Paula Partner", 60)


def partner_rated(w: SimpleNamespace, user: User) -> None:
    rating = CompetencyRating.objects.exclude(pk=w.rating.pk).get(person=w.partner)
    assert (rating.role, rating.rating, rating.source, rating.rated_by) == (
        w.innovator,
        4,
        "manager",
        user,
    )


def role_created(w: SimpleNamespace, user: User) -> None:
    created = Role.objects.get(key="executive-sponsor")
    assert (created.name_en, created.is_builtin) == ("Executive Sponsor", False)


def role_renamed(w: SimpleNamespace, user: User) -> None:
    w.role.refresh_from_db()
    assert (w.role.key, w.role.name_en) == ("results-driver", "Growth Driver")


def account_created(w: SimpleNamespace, user: User) -> None:
    created = Account.objects.get(name="Nova Logistics")
    assert (created.tier, created.currency, created.country.code) == (w.tier, "EUR", "DE")


def account_changed(w: SimpleNamespace, user: User) -> None:
    w.account.refresh_from_db()
    assert (w.account.name, w.account.currency, w.account.version) == ("Acme Polska SA", "EUR", 2)


def newcomer_added(w: SimpleNamespace, user: User) -> None:
    joined = TeamMembership.objects.get(account=w.account, person=w.newcomer)
    assert (joined.allocation, joined.start_date, joined.end_date) == (25, w.today, None)


def partner_edited(w: SimpleNamespace, user: User) -> None:
    w.partnership.refresh_from_db()
    assert (w.partnership.allocation, w.partnership.notes) == (35, "Half-time from June")


def partner_removed(w: SimpleNamespace, user: User) -> None:
    w.partnership.refresh_from_db()
    assert w.partnership.end_date == w.today - datetime.timedelta(days=1)


def partner_given_innovator(w: SimpleNamespace, user: User) -> None:
    given = w.partnership.assignments.get(role=w.innovator)
    assert given.degree == "lead"


def assignment_led(w: SimpleNamespace, user: User) -> None:
    w.assignment.refresh_from_db()
    assert w.assignment.degree == "lead"


def assignment_removed(w: SimpleNamespace, user: User) -> None:
    assert not RoleAssignment.objects.filter(pk=w.assignment.pk).exists()


# --- valid request bodies --------------------------------------------------------------------


def role_texts(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    fields = ["key", "order"] + [
        f"{name}_{language}"
        for name in ("name", "purpose", "missing", "tips", "anchor_1", "anchor_3", "anchor_5")
        for language in ("en", "pl")
    ]
    return {**{field: getattr(w.role, field) for field in fields}, **changes}


def account_body(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "name": "Acme Polska SA",
        "tier": w.tier.pk,
        "industry": "manufacturing",
        "country": "PL",
        "currency": "EUR",
        "lead": w.account.lead_id,
        "parent": None,
        "description": "",
        "external_id": "",
        "version": w.account.version,
    }
    return {**data, **changes}


def person_body(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "full_name": "Paula Partner-Nowak",
        "email": "",
        "job_title": "Engineer",
        "department": None,
        "capacity": 60,
        "is_active": True,
    }
    return {**data, **changes}


def membership_body(w: SimpleNamespace) -> dict[str, Any]:
    return {
        "allocation": 35,
        "start_date": w.partnership.start_date.isoformat(),
        "end_date": None,
        "notes": "Half-time from June",
    }


# --- tiers, business units, relationships, growth and planning -------------------------------


def tier_created(w: SimpleNamespace, user: User) -> None:
    created = Tier.objects.get(name="Tier 4 — Watch")
    assert (created.rank, created.minimum_coverage) == (4, 50)
    assert list(created.required_roles.all()) == [w.innovator]


def tier_renamed(w: SimpleNamespace, user: User) -> None:
    w.spare_tier.refresh_from_db()
    assert (w.spare_tier.name, w.spare_tier.minimum_coverage) == ("Tier 1 — Key", 70)


def spare_tier_deleted(w: SimpleNamespace, user: User) -> None:
    assert not Tier.objects.filter(pk=w.spare_tier.pk).exists()


def tier_body(w: SimpleNamespace) -> dict[str, Any]:
    return {
        "name": "Tier 1 — Key",
        "rank": 1,
        "minimum_coverage": 70,
        "required_roles": [w.role.pk],
        "check_in_days": 30,
        "quarterly_review_days": 90,
        "executive_review_days": None,
    }


def unit_created(w: SimpleNamespace, user: User) -> None:
    assert w.account.business_units.filter(name="Finance", external_id="BU-7").exists()


def unit_renamed(w: SimpleNamespace, user: User) -> None:
    w.unit.refresh_from_db()
    assert w.unit.name == "Purchasing"


def unit_deleted(w: SimpleNamespace, user: User) -> None:
    assert not BusinessUnit.objects.filter(pk=w.unit.pk).exists()


def stakeholder_body(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "name": "Jan Kowalski",
        "title": "CFO",
        "business_unit": None,
        "level": 1,
        "buying_roles": ["economic_buyer"],
        "influence": 5,
        "attitude": "supporter",
        "competitor": "",
        "reports_to": None,
        "dotted_manager": None,
        "status": "active",
        "first_engaged": None,
        "email": "",
        "phone": "",
        "owner": None,
        "external_id": "",
        "notes": "",
        "version": w.stakeholder.version,
    }
    return {**data, **changes}


def stakeholder_created(w: SimpleNamespace, user: User) -> None:
    created = Stakeholder.objects.get(account=w.account, name="Zofia Nowak")
    assert (created.level, created.buying_roles, created.reports_to) == (
        2,
        ("decision_maker",),
        w.stakeholder,
    )


def stakeholder_changed(w: SimpleNamespace, user: User) -> None:
    w.stakeholder.refresh_from_db()
    assert (w.stakeholder.title, w.stakeholder.influence, w.stakeholder.version) == ("CFO", 5, 2)


def stakeholder_deleted(w: SimpleNamespace, user: User) -> None:
    assert not Stakeholder.objects.filter(pk=w.stakeholder.pk).exists()


def relationship_created(w: SimpleNamespace, user: User) -> None:
    created = Relationship.objects.get(stakeholder=w.stakeholder, person=w.newcomer)
    assert (created.current_level, created.desired_level) == (1, 3)


def relationship_changed(w: SimpleNamespace, user: User) -> None:
    w.relationship.refresh_from_db()
    assert (w.relationship.current_level, w.relationship.desired_level) == (2, 4)


def relationship_deleted(w: SimpleNamespace, user: User) -> None:
    assert not Relationship.objects.filter(pk=w.relationship.pk).exists()


def interaction_logged(w: SimpleNamespace, user: User) -> None:
    logged = Interaction.objects.get(account=w.account, notes="Kick-off call")
    assert (logged.kind, logged.logged_by) == ("call", user)


def interaction_changed(w: SimpleNamespace, user: User) -> None:
    w.interaction.refresh_from_db()
    assert (w.interaction.kind, w.interaction.notes) == ("workshop", "Roadmap workshop")


def interaction_deleted(w: SimpleNamespace, user: User) -> None:
    assert not Interaction.objects.filter(pk=w.interaction.pk).exists()


def concern_created(w: SimpleNamespace, user: User) -> None:
    created = TechnicalConcern.objects.get(account=w.account, topic="SSO support")
    assert (created.raised_by, created.severity) == (w.stakeholder, "high")


def concern_resolved(w: SimpleNamespace, user: User) -> None:
    w.concern.refresh_from_db()
    assert (w.concern.status, w.concern.resolution) == ("resolved", "Shipped in 4.2")


def concern_deleted(w: SimpleNamespace, user: User) -> None:
    assert not TechnicalConcern.objects.filter(pk=w.concern.pk).exists()


def concern_body(w: SimpleNamespace) -> dict[str, Any]:
    return {
        "raised_by": w.stakeholder.pk,
        "raised_on": w.today.isoformat(),
        "topic": "Latency",
        "description": "",
        "severity": "medium",
        "status": "resolved",
        "owner": None,
        "due_date": None,
        "resolution": "Shipped in 4.2",
    }


def offering_created(w: SimpleNamespace, user: User) -> None:
    assert Offering.objects.get(name="Edge Analytics").family == "Data"


def offering_renamed(w: SimpleNamespace, user: User) -> None:
    w.spare_offering.refresh_from_db()
    assert (w.spare_offering.name, w.spare_offering.is_new) == ("Cloud Platform Plus", True)


def spare_offering_deleted(w: SimpleNamespace, user: User) -> None:
    assert not Offering.objects.filter(pk=w.spare_offering.pk).exists()


def financial_created(w: SimpleNamespace, user: User) -> None:
    created = FinancialPeriod.objects.get(account=w.account, year=2025)
    assert (created.quarter, created.revenue) == (None, Decimal("1200.00"))


def financial_changed(w: SimpleNamespace, user: User) -> None:
    w.financial.refresh_from_db()
    assert (w.financial.revenue, w.financial.target) == (Decimal("900.00"), Decimal("1500.00"))


def financial_deleted(w: SimpleNamespace, user: User) -> None:
    assert not FinancialPeriod.objects.filter(pk=w.financial.pk).exists()


def cell_created(w: SimpleNamespace, user: User) -> None:
    cell = WhitespaceCell.objects.get(business_unit=w.unit, offering=w.offering)
    assert (cell.status, cell.potential) == ("open", Decimal("5000.00"))


def cell_changed(w: SimpleNamespace, user: User) -> None:
    w.cell.refresh_from_db()
    assert (w.cell.status, w.cell.competitor) == ("competitor", "Globex")


def cell_deleted(w: SimpleNamespace, user: User) -> None:
    assert not WhitespaceCell.objects.filter(pk=w.cell.pk).exists()


def staffing_run_queued(w: SimpleNamespace, user: User) -> None:
    from hexad.staffing.models import StaffingRun

    created = StaffingRun.objects.get(created_by=user)
    assert (created.status, created.options["per_account_limit"]) == ("queued", 1)


def staffing_applied(w: SimpleNamespace, user: User) -> None:
    from hexad.staffing.models import StaffingChange

    applied = StaffingChange.objects.filter(run_id=w.staffing_run, applied_by=user)
    assert applied.exists()
    assert (
        not RoleAssignment.objects.filter(membership__account=w.account)
        .filter(role__in=[c.role_id for c in applied])
        .exclude(membership__person__in=[c.proposed_person_id for c in applied])
        .exists()
    )


def conflict_created(w: SimpleNamespace, user: User) -> None:
    from hexad.staffing.models import Conflict

    created = Conflict.objects.get(person=w.newcomer, account=w.account)
    assert created.note == "Former employee of the client"


def conflict_noted(w: SimpleNamespace, user: User) -> None:
    from hexad.staffing.models import Conflict

    assert Conflict.objects.get(pk=w.conflict).note == "Sister works there"


def conflict_deleted(w: SimpleNamespace, user: User) -> None:
    from hexad.staffing.models import Conflict

    assert not Conflict.objects.filter(pk=w.conflict).exists()


def restriction_created(w: SimpleNamespace, user: User) -> None:
    from hexad.staffing.models import RoleRestriction

    assert RoleRestriction.objects.filter(department=w.department, role=w.innovator).exists()


def restriction_deleted(w: SimpleNamespace, user: User) -> None:
    from hexad.staffing.models import RoleRestriction

    assert not RoleRestriction.objects.filter(pk=w.restriction).exists()


def opportunity_created(w: SimpleNamespace, user: User) -> None:
    created = Opportunity.objects.get(account=w.account, name="Data lake")
    assert (created.stage, created.probability, created.value) == ("develop", 25, Decimal(20000))


def opportunity_won(w: SimpleNamespace, user: User) -> None:
    w.opportunity.refresh_from_db()
    assert (w.opportunity.stage, w.opportunity.probability) == ("won", 100)
    assert w.opportunity.closed_on == w.today


def opportunity_deleted(w: SimpleNamespace, user: User) -> None:
    assert not Opportunity.objects.filter(pk=w.opportunity.pk).exists()


def opportunity_body(w: SimpleNamespace) -> dict[str, Any]:
    return {
        "name": "Cloud migration",
        "value": "50000",
        "expected_close": w.today.isoformat(),
        "stage": "won",
        "probability": None,
        "kind": "cross_sell",
        "offering": w.offering.pk,
        "business_unit": w.second_unit.pk,
        "competitor": "",
        "owner": None,
        "notes": "",
    }


def initiative_created(w: SimpleNamespace, user: User) -> None:
    created = ValueInitiative.objects.get(account=w.account, title="Shared roadmap")
    assert (created.status, created.sponsor, created.shared_on) == (
        "shared",
        w.stakeholder,
        w.today,
    )


def initiative_adopted(w: SimpleNamespace, user: User) -> None:
    w.initiative.refresh_from_db()
    assert (w.initiative.status, w.initiative.adopted_on) == ("adopted", w.today)


def initiative_deleted(w: SimpleNamespace, user: User) -> None:
    assert not ValueInitiative.objects.filter(pk=w.initiative.pk).exists()


def initiative_body(w: SimpleNamespace) -> dict[str, Any]:
    return {
        "title": "Joint innovation lab",
        "hypothesis": "",
        "sponsor": w.stakeholder.pk,
        "status": "adopted",
        "expected_value": None,
        "offering": None,
        "shared_on": None,
        "adopted_on": None,
        "currency": None,
    }


def plan_created(w: SimpleNamespace, user: User) -> None:
    created = AccountPlan.objects.get(account=w.account, title="Next plan")
    assert (created.created_by, created.period_start) == (user, w.plan.period_end + DAY)


def plan_changed(w: SimpleNamespace, user: User) -> None:
    w.plan.refresh_from_db()
    assert (w.plan.goals, w.plan.version) == ("Double the share of wallet", 2)


def plan_closed(w: SimpleNamespace, user: User) -> None:
    w.plan.refresh_from_db()
    assert (w.plan.status, w.plan.closed_on) == ("closed", w.today)


def plan_body(w: SimpleNamespace) -> dict[str, Any]:
    return {
        "title": w.plan.title,
        "period_start": w.plan.period_start.isoformat(),
        "period_end": w.plan.period_end.isoformat(),
        "goals": "Double the share of wallet",
        "client_priorities": "",
        "strategies": "",
        "version": 1,
    }


def objective_created(w: SimpleNamespace, user: User) -> None:
    created = Objective.objects.get(plan=w.plan, title="Win the data platform")
    assert (created.baseline, created.target) == (Decimal(0), Decimal(3))


def objective_changed(w: SimpleNamespace, user: User) -> None:
    w.objective.refresh_from_db()
    assert w.objective.current_value == Decimal("40.00")


def objective_deleted(w: SimpleNamespace, user: User) -> None:
    assert not Objective.objects.filter(pk=w.objective.pk).exists()


def objective_body(w: SimpleNamespace) -> dict[str, Any]:
    return {
        "title": w.objective.title,
        "metric": w.objective.metric,
        "baseline": "10",
        "target": "50",
        "current_value": "40",
        "due_date": w.objective.due_date.isoformat(),
    }


def action_created(w: SimpleNamespace, user: User) -> None:
    created = Action.objects.get(plan=w.plan, title="Book the QBR")
    assert (created.owner, created.objective) == (w.member_person, w.objective)


def action_done(w: SimpleNamespace, user: User) -> None:
    w.action.refresh_from_db()
    assert (w.action.status, w.action.completed_on) == ("done", w.today)


def action_deleted(w: SimpleNamespace, user: User) -> None:
    assert not Action.objects.filter(pk=w.action.pk).exists()


def action_body(w: SimpleNamespace) -> dict[str, Any]:
    return {
        "title": w.action.title,
        "owner": None,
        "due_date": None,
        "status": "done",
        "role": None,
        "objective": None,
    }


def risk_created(w: SimpleNamespace, user: User) -> None:
    created = Risk.objects.get(plan=w.plan, description="Budget freeze")
    assert (created.likelihood, created.impact) == (3, 2)


def risk_changed(w: SimpleNamespace, user: User) -> None:
    w.risk.refresh_from_db()
    assert (w.risk.impact, w.risk.mitigation) == (3, "Early renewal")


def risk_deleted(w: SimpleNamespace, user: User) -> None:
    assert not Risk.objects.filter(pk=w.risk.pk).exists()


def review_recorded(w: SimpleNamespace, user: User) -> None:
    recorded = Review.objects.get(account=w.account, agenda="Quarter in numbers")
    assert (recorded.kind, list(recorded.people.all())) == ("quarterly", [w.member_person])


def review_changed(w: SimpleNamespace, user: User) -> None:
    w.review.refresh_from_db()
    assert (w.review.kind, w.review.minutes) == ("executive", "Agreed next steps")


def review_deleted(w: SimpleNamespace, user: User) -> None:
    assert not Review.objects.filter(pk=w.review.pk).exists()


def review_body(w: SimpleNamespace) -> dict[str, Any]:
    return {
        "kind": "executive",
        "held_on": w.review.held_on.isoformat(),
        "people": [w.member_person.pk],
        "stakeholders": [w.stakeholder.pk],
        "agenda": "",
        "minutes": "Agreed next steps",
    }


def decision_taken(w: SimpleNamespace, user: User) -> None:
    decided = Action.objects.get(review=w.review, title="Send the proposal")
    assert (decided.plan, decided.owner) == (w.plan, w.member_person)


def resource_requested(w: SimpleNamespace, user: User) -> None:
    created = ResourceRequest.objects.get(plan=w.plan, description="Two data engineers")
    assert (created.kind, created.amount, created.status, created.requested_by) == (
        "people",
        Decimal("40.00"),
        "requested",
        user,
    )


def resource_changed(w: SimpleNamespace, user: User) -> None:
    w.resource.refresh_from_db()
    assert (w.resource.description, w.resource.amount) == ("Workshop budget", Decimal("7500.00"))


def resource_withdrawn(w: SimpleNamespace, user: User) -> None:
    assert not ResourceRequest.objects.filter(pk=w.resource.pk).exists()


def resource_approved(w: SimpleNamespace, user: User) -> None:
    w.resource.refresh_from_db()
    assert (w.resource.status, w.resource.decided_by, w.resource.decided_on) == (
        "approved",
        user,
        w.today,
    )


def blocker_logged(w: SimpleNamespace, user: User) -> None:
    created = Blocker.objects.get(account=w.account, title="Pricing approvals take weeks")
    assert (created.status, created.owner, created.raised_on) == ("open", w.member_person, w.today)


def blocker_escalated(w: SimpleNamespace, user: User) -> None:
    w.blocker.refresh_from_db()
    assert (w.blocker.status, w.blocker.escalated_to, w.blocker.escalated_on) == (
        "escalated",
        w.users["leader"].person,
        w.today,
    )


def blocker_body(w: SimpleNamespace) -> dict[str, Any]:
    return {
        "title": w.blocker.title,
        "category": w.blocker.category,
        "description": "",
        "owner": None,
        "raised_on": w.blocker.raised_on.isoformat(),
        "status": "escalated",
        "escalated_to": w.users["leader"].person.pk,
        "escalated_on": None,
        "resolution": "",
    }


def ambition_changed(w: SimpleNamespace, user: User) -> None:
    plan = AccountGrowthPlan.objects.get(account=w.account)
    assert (plan.ambition_multiple, plan.baseline_year, plan.ambition_year) == (
        Decimal("3.0"),
        2024,
        2030,
    )


# --- the matrix ------------------------------------------------------------------------------


def on_account(w: SimpleNamespace, rest: str = "") -> str:
    return f"{PREFIX}/accounts/{w.account.pk}{rest}"


def partnership_url(w: SimpleNamespace) -> str:
    return on_account(w, f"/memberships/{w.partnership.pk}")


def assignment_url(w: SimpleNamespace) -> str:
    return on_account(w, f"/assignments/{w.assignment.pk}")


def partner_url(w: SimpleNamespace, rest: str = "") -> str:
    return f"{PREFIX}/people/{w.partner.pk}{rest}"


def _below(kind: str, attribute: str) -> Callable[..., str]:
    def url(w: SimpleNamespace, rest: str = "") -> str:
        return on_account(w, f"/{kind}/{getattr(w, attribute).pk}{rest}")

    return url


stakeholder_url = _below("stakeholders", "stakeholder")
relationship_url = _below("relationships", "relationship")
interaction_url = _below("interactions", "interaction")
concern_url = _below("concerns", "concern")
financial_url = _below("financials", "financial")
cell_url = _below("whitespace", "cell")
opportunity_url = _below("opportunities", "opportunity")
initiative_url = _below("initiatives", "initiative")
plan_url = _below("plans", "plan")
objective_url = _below("objectives", "objective")
action_url = _below("actions", "action")
risk_url = _below("risks", "risk")
review_url = _below("reviews", "review")
resource_url = _below("resource-requests", "resource")
blocker_url = _below("blockers", "blocker")


def offering_url(w: SimpleNamespace) -> str:
    return f"{PREFIX}/offerings/{w.spare_offering.pk}"


OPERATIONS: list[Operation] = [
    Operation("me", "GET", lambda w: f"{PREFIX}/me", READ),
    # people: the directory is open to every signed-in user; managers write it
    Operation("person_list", "GET", lambda w: f"{PREFIX}/people", READ),
    Operation(
        "person_create",
        "POST",
        lambda w: f"{PREFIX}/people",
        managers(CREATED),
        data=lambda w: {
            "full_name": "Ewa Nowicka",
            "email": "ewa.nowicka@example.com",
            "department": w.department.pk,
            "capacity": 80,
        },
        done=person_created,
    ),
    Operation("person_detail", "GET", partner_url, READ),
    Operation(
        "person_replace", "PUT", partner_url, managers(OK), data=person_body, done=partner_replaced
    ),
    Operation(
        "person_update",
        "PATCH",
        partner_url,
        managers(OK),
        data=lambda w: {"capacity": 60},
        done=partner_capacity_changed,
    ),
    Operation("rating_list", "GET", lambda w: partner_url(w, "/ratings"), COMPETENCY_READ),
    Operation(
        "rating_create",
        "POST",
        lambda w: partner_url(w, "/ratings"),
        COMPETENCY_WRITE,
        data=lambda w: {"role": w.innovator.pk, "rating": 4, "source": "manager"},
        done=partner_rated,
    ),
    Operation(
        "rating_detail",
        "GET",
        lambda w: partner_url(w, f"/ratings/{w.rating.pk}"),
        COMPETENCY_READ,
    ),
    # the role catalogue: read by all, written by administrators
    Operation("role_list", "GET", lambda w: f"{PREFIX}/roles", READ),
    Operation(
        "role_create",
        "POST",
        lambda w: f"{PREFIX}/roles",
        administrators(CREATED),
        data=lambda w: role_texts(
            w, key="executive-sponsor", order=7, name_en="Executive Sponsor", name_pl="Sponsor"
        ),
        done=role_created,
    ),
    Operation("role_detail", "GET", lambda w: f"{PREFIX}/roles/{w.role.pk}", READ),
    Operation(
        "role_replace",
        "PUT",
        lambda w: f"{PREFIX}/roles/{w.role.pk}",
        administrators(OK),
        data=lambda w: role_texts(w, name_en="Growth Driver"),
        done=role_renamed,
    ),
    Operation(
        "role_update",
        "PATCH",
        lambda w: f"{PREFIX}/roles/{w.role.pk}",
        administrators(OK),
        data=lambda w: {"name_en": "Growth Driver"},
        done=role_renamed,
    ),
    # tiers: read by all
    Operation("tier_list", "GET", lambda w: f"{PREFIX}/tiers", READ),
    Operation("tier_detail", "GET", lambda w: f"{PREFIX}/tiers/{w.spare_tier.pk}", READ),
    # accounts: scoped to what each user sees; managers create
    Operation("account_list", "GET", lambda w: f"{PREFIX}/accounts", READ),
    Operation(
        "account_create",
        "POST",
        lambda w: f"{PREFIX}/accounts",
        managers(CREATED),
        data=lambda w: {
            "name": "Nova Logistics",
            "tier": w.tier.pk,
            "country": "DE",
            "currency": "EUR",
        },
        done=account_created,
    ),
    Operation("account_detail", "GET", on_account, TEAM_READ),
    Operation(
        "account_replace",
        "PUT",
        on_account,
        team_write(OK),
        data=account_body,
        done=account_changed,
    ),
    Operation(
        "account_update",
        "PATCH",
        on_account,
        team_write(OK),
        data=lambda w: {"name": "Acme Polska SA", "currency": "EUR", "version": 1},
        done=account_changed,
    ),
    Operation("business_unit_list", "GET", lambda w: on_account(w, "/business-units"), TEAM_READ),
    Operation(
        "business_unit_detail",
        "GET",
        lambda w: on_account(w, f"/business-units/{w.unit.pk}"),
        TEAM_READ,
    ),
    # the team
    Operation("membership_list", "GET", lambda w: on_account(w, "/memberships"), TEAM_READ),
    Operation(
        "membership_create",
        "POST",
        lambda w: on_account(w, "/memberships"),
        team_write(CREATED),
        data=lambda w: {"person": w.newcomer.pk, "allocation": 25},
        done=newcomer_added,
    ),
    Operation("membership_detail", "GET", partnership_url, TEAM_READ),
    Operation(
        "membership_replace",
        "PUT",
        partnership_url,
        team_write(OK),
        data=membership_body,
        done=partner_edited,
    ),
    Operation(
        "membership_update",
        "PATCH",
        partnership_url,
        team_write(OK),
        data=lambda w: {"allocation": 35, "notes": "Half-time from June"},
        done=partner_edited,
    ),
    Operation(
        "membership_delete", "DELETE", partnership_url, team_write(NO_CONTENT), done=partner_removed
    ),
    Operation("assignment_list", "GET", lambda w: on_account(w, "/assignments"), TEAM_READ),
    Operation(
        "assignment_create",
        "POST",
        lambda w: on_account(w, "/assignments"),
        team_write(CREATED),
        data=lambda w: {"membership": w.partnership.pk, "role": w.innovator.pk, "degree": "lead"},
        done=partner_given_innovator,
    ),
    Operation("assignment_detail", "GET", assignment_url, TEAM_READ),
    Operation(
        "assignment_replace",
        "PUT",
        assignment_url,
        team_write(OK),
        data=lambda w: {"degree": "lead"},
        done=assignment_led,
    ),
    Operation(
        "assignment_update",
        "PATCH",
        assignment_url,
        team_write(OK),
        data=lambda w: {"degree": "lead"},
        done=assignment_led,
    ),
    Operation(
        "assignment_delete",
        "DELETE",
        assignment_url,
        team_write(NO_CONTENT),
        done=assignment_removed,
    ),
    # coverage: read only, scoped like the portfolio
    Operation("coverage_list", "GET", lambda w: f"{PREFIX}/coverage", READ),
    Operation("coverage_detail", "GET", lambda w: on_account(w, "/coverage"), TEAM_READ),
    # the team designer: programme leaders and administrators only
    Operation(
        "staffing_run_create",
        "POST",
        lambda w: f"{PREFIX}/staffing/runs",
        managers(CREATED),
        data=lambda w: {"accounts": [w.account.pk], "per_account_limit": 1},
        done=staffing_run_queued,
    ),
    Operation(
        "staffing_run_detail",
        "GET",
        lambda w: f"{PREFIX}/staffing/runs/{w.staffing_run}",
        managers(OK),
    ),
    Operation(
        "staffing_change_list",
        "GET",
        lambda w: f"{PREFIX}/staffing/runs/{w.staffing_run}/changes",
        managers(OK),
    ),
    Operation(
        "staffing_run_apply",
        "POST",
        lambda w: f"{PREFIX}/staffing/runs/{w.staffing_run}/apply",
        managers(OK),
        data=lambda w: {"changes": None},
        done=staffing_applied,
    ),
    Operation(
        "staffing_conflict_list", "GET", lambda w: f"{PREFIX}/staffing/conflicts", managers(OK)
    ),
    Operation(
        "staffing_conflict_create",
        "POST",
        lambda w: f"{PREFIX}/staffing/conflicts",
        managers(CREATED),
        data=lambda w: {
            "person": w.newcomer.pk,
            "account": w.account.pk,
            "note": "Former employee of the client",
        },
        done=conflict_created,
    ),
    Operation(
        "staffing_conflict_detail",
        "GET",
        lambda w: f"{PREFIX}/staffing/conflicts/{w.conflict}",
        managers(OK),
    ),
    Operation(
        "staffing_conflict_replace",
        "PUT",
        lambda w: f"{PREFIX}/staffing/conflicts/{w.conflict}",
        managers(OK),
        data=lambda w: {"note": "Sister works there"},
        done=conflict_noted,
    ),
    Operation(
        "staffing_conflict_update",
        "PATCH",
        lambda w: f"{PREFIX}/staffing/conflicts/{w.conflict}",
        managers(OK),
        data=lambda w: {"note": "Sister works there"},
        done=conflict_noted,
    ),
    Operation(
        "staffing_conflict_delete",
        "DELETE",
        lambda w: f"{PREFIX}/staffing/conflicts/{w.conflict}",
        managers(NO_CONTENT),
        done=conflict_deleted,
    ),
    Operation(
        "staffing_restriction_list",
        "GET",
        lambda w: f"{PREFIX}/staffing/role-restrictions",
        managers(OK),
    ),
    Operation(
        "staffing_restriction_create",
        "POST",
        lambda w: f"{PREFIX}/staffing/role-restrictions",
        managers(CREATED),
        data=lambda w: {"department": w.department.pk, "role": w.innovator.pk},
        done=restriction_created,
    ),
    Operation(
        "staffing_restriction_detail",
        "GET",
        lambda w: f"{PREFIX}/staffing/role-restrictions/{w.restriction}",
        managers(OK),
    ),
    Operation(
        "staffing_restriction_delete",
        "DELETE",
        lambda w: f"{PREFIX}/staffing/role-restrictions/{w.restriction}",
        managers(NO_CONTENT),
        done=restriction_deleted,
    ),
    # tiers: administrators write them
    Operation(
        "tier_create",
        "POST",
        lambda w: f"{PREFIX}/tiers",
        administrators(CREATED),
        data=lambda w: {
            "name": "Tier 4 — Watch",
            "rank": 4,
            "minimum_coverage": 50,
            "required_roles": [w.innovator.pk],
        },
        done=tier_created,
    ),
    Operation(
        "tier_replace",
        "PUT",
        lambda w: f"{PREFIX}/tiers/{w.spare_tier.pk}",
        administrators(OK),
        data=tier_body,
        done=tier_renamed,
    ),
    Operation(
        "tier_update",
        "PATCH",
        lambda w: f"{PREFIX}/tiers/{w.spare_tier.pk}",
        administrators(OK),
        data=lambda w: {"name": "Tier 1 — Key", "minimum_coverage": 70},
        done=tier_renamed,
    ),
    Operation(
        "tier_delete",
        "DELETE",
        lambda w: f"{PREFIX}/tiers/{w.spare_tier.pk}",
        administrators(NO_CONTENT),
        done=spare_tier_deleted,
    ),
    # business units: whoever may edit the account
    Operation(
        "business_unit_create",
        "POST",
        lambda w: on_account(w, "/business-units"),
        team_write(CREATED),
        data=lambda w: {"name": "Finance", "external_id": "BU-7"},
        done=unit_created,
    ),
    Operation(
        "business_unit_replace",
        "PUT",
        lambda w: on_account(w, f"/business-units/{w.unit.pk}"),
        team_write(OK),
        data=lambda w: {"name": "Purchasing", "external_id": ""},
        done=unit_renamed,
    ),
    Operation(
        "business_unit_update",
        "PATCH",
        lambda w: on_account(w, f"/business-units/{w.unit.pk}"),
        team_write(OK),
        data=lambda w: {"name": "Purchasing"},
        done=unit_renamed,
    ),
    Operation(
        "business_unit_delete",
        "DELETE",
        lambda w: on_account(w, f"/business-units/{w.unit.pk}"),
        team_write(NO_CONTENT),
        done=unit_deleted,
    ),
    # relationships: stakeholders, relationships, interactions, technical concerns
    Operation("stakeholder_list", "GET", lambda w: on_account(w, "/stakeholders"), TEAM_READ),
    Operation(
        "stakeholder_create",
        "POST",
        lambda w: on_account(w, "/stakeholders"),
        team_write(CREATED),
        data=lambda w: {
            "name": "Zofia Nowak",
            "level": 2,
            "buying_roles": ["decision_maker"],
            "reports_to": w.stakeholder.pk,
        },
        done=stakeholder_created,
    ),
    Operation("stakeholder_detail", "GET", stakeholder_url, TEAM_READ),
    Operation(
        "stakeholder_replace",
        "PUT",
        stakeholder_url,
        team_write(OK),
        data=stakeholder_body,
        done=stakeholder_changed,
    ),
    Operation(
        "stakeholder_update",
        "PATCH",
        stakeholder_url,
        team_write(OK),
        data=lambda w: {"title": "CFO", "influence": 5, "version": 1},
        done=stakeholder_changed,
    ),
    Operation(
        "stakeholder_delete",
        "DELETE",
        stakeholder_url,
        team_write(NO_CONTENT),
        done=stakeholder_deleted,
    ),
    Operation(
        "stakeholder_erase",
        "POST",
        lambda w: stakeholder_url(w) + "/erase",
        {**managers(NO_CONTENT), "outsider": NOT_FOUND},
        done=stakeholder_deleted,
    ),
    Operation("relationship_list", "GET", lambda w: on_account(w, "/relationships"), TEAM_READ),
    Operation(
        "relationship_create",
        "POST",
        lambda w: on_account(w, "/relationships"),
        team_write(CREATED),
        data=lambda w: {
            "stakeholder": w.stakeholder.pk,
            "person": w.newcomer.pk,
            "current_level": 1,
            "desired_level": 3,
        },
        done=relationship_created,
    ),
    Operation("relationship_detail", "GET", relationship_url, TEAM_READ),
    Operation(
        "relationship_replace",
        "PUT",
        relationship_url,
        team_write(OK),
        data=lambda w: {"current_level": 2, "desired_level": 4, "next_step": ""},
        done=relationship_changed,
    ),
    Operation(
        "relationship_update",
        "PATCH",
        relationship_url,
        team_write(OK),
        data=lambda w: {"current_level": 2, "desired_level": 4},
        done=relationship_changed,
    ),
    Operation(
        "relationship_delete",
        "DELETE",
        relationship_url,
        team_write(NO_CONTENT),
        done=relationship_deleted,
    ),
    Operation("interaction_list", "GET", lambda w: on_account(w, "/interactions"), TEAM_READ),
    Operation(
        "interaction_create",
        "POST",
        lambda w: on_account(w, "/interactions"),
        team_write(CREATED),
        data=lambda w: {
            "kind": "call",
            "people": [w.partner.pk],
            "stakeholders": [w.stakeholder.pk],
            "notes": "Kick-off call",
        },
        done=interaction_logged,
    ),
    Operation("interaction_detail", "GET", interaction_url, TEAM_READ),
    Operation(
        "interaction_replace",
        "PUT",
        interaction_url,
        team_write(OK),
        data=lambda w: {"kind": "workshop", "notes": "Roadmap workshop"},
        done=interaction_changed,
    ),
    Operation(
        "interaction_update",
        "PATCH",
        interaction_url,
        team_write(OK),
        data=lambda w: {"kind": "workshop", "notes": "Roadmap workshop"},
        done=interaction_changed,
    ),
    Operation(
        "interaction_delete",
        "DELETE",
        interaction_url,
        team_write(NO_CONTENT),
        done=interaction_deleted,
    ),
    Operation("concern_list", "GET", lambda w: on_account(w, "/concerns"), TEAM_READ),
    Operation(
        "concern_create",
        "POST",
        lambda w: on_account(w, "/concerns"),
        team_write(CREATED),
        data=lambda w: {"raised_by": w.stakeholder.pk, "topic": "SSO support", "severity": "high"},
        done=concern_created,
    ),
    Operation("concern_detail", "GET", concern_url, TEAM_READ),
    Operation(
        "concern_replace",
        "PUT",
        concern_url,
        team_write(OK),
        data=concern_body,
        done=concern_resolved,
    ),
    Operation(
        "concern_update",
        "PATCH",
        concern_url,
        team_write(OK),
        data=lambda w: {"status": "resolved", "resolution": "Shipped in 4.2"},
        done=concern_resolved,
    ),
    Operation(
        "concern_delete", "DELETE", concern_url, team_write(NO_CONTENT), done=concern_deleted
    ),
    # growth: the offerings catalogue (administrators write it), then per account
    Operation("offering_list", "GET", lambda w: f"{PREFIX}/offerings", READ),
    Operation(
        "offering_create",
        "POST",
        lambda w: f"{PREFIX}/offerings",
        administrators(CREATED),
        data=lambda w: {"name": "Edge Analytics", "family": "Data"},
        done=offering_created,
    ),
    Operation("offering_detail", "GET", offering_url, READ),
    Operation(
        "offering_replace",
        "PUT",
        offering_url,
        administrators(OK),
        data=lambda w: {
            "name": "Cloud Platform Plus",
            "family": "Cloud",
            "launch_date": None,
            "is_new": True,
            "description": "",
        },
        done=offering_renamed,
    ),
    Operation(
        "offering_update",
        "PATCH",
        offering_url,
        administrators(OK),
        data=lambda w: {"name": "Cloud Platform Plus", "is_new": True},
        done=offering_renamed,
    ),
    Operation(
        "offering_delete",
        "DELETE",
        offering_url,
        administrators(NO_CONTENT),
        done=spare_offering_deleted,
    ),
    Operation("financial_list", "GET", lambda w: on_account(w, "/financials"), TEAM_READ),
    Operation(
        "financial_create",
        "POST",
        lambda w: on_account(w, "/financials"),
        team_write(CREATED),
        data=lambda w: {"year": 2025, "revenue": "1200", "currency": w.account.currency},
        done=financial_created,
    ),
    Operation("financial_detail", "GET", financial_url, TEAM_READ),
    Operation(
        "financial_replace",
        "PUT",
        financial_url,
        team_write(OK),
        data=lambda w: {"revenue": "900", "target": "1500", "potential": None},
        done=financial_changed,
    ),
    Operation(
        "financial_update",
        "PATCH",
        financial_url,
        team_write(OK),
        data=lambda w: {"revenue": 900, "target": 1500},
        done=financial_changed,
    ),
    Operation(
        "financial_delete",
        "DELETE",
        financial_url,
        team_write(NO_CONTENT),
        done=financial_deleted,
    ),
    Operation("cell_list", "GET", lambda w: on_account(w, "/whitespace"), TEAM_READ),
    Operation(
        "cell_create",
        "POST",
        lambda w: on_account(w, "/whitespace"),
        team_write(CREATED),
        data=lambda w: {
            "business_unit": w.unit.pk,
            "offering": w.offering.pk,
            "status": "open",
            "potential": 5000,
        },
        done=cell_created,
    ),
    Operation("cell_detail", "GET", cell_url, TEAM_READ),
    Operation(
        "cell_replace",
        "PUT",
        cell_url,
        team_write(OK),
        data=lambda w: {
            "status": "competitor",
            "revenue": 0,
            "potential": 100,
            "competitor": "Globex",
            "renewal_date": None,
        },
        done=cell_changed,
    ),
    Operation(
        "cell_update",
        "PATCH",
        cell_url,
        team_write(OK),
        data=lambda w: {"status": "competitor", "competitor": "Globex"},
        done=cell_changed,
    ),
    Operation("cell_delete", "DELETE", cell_url, team_write(NO_CONTENT), done=cell_deleted),
    Operation("opportunity_list", "GET", lambda w: on_account(w, "/opportunities"), TEAM_READ),
    Operation(
        "opportunity_create",
        "POST",
        lambda w: on_account(w, "/opportunities"),
        team_write(CREATED),
        data=lambda w: {
            "name": "Data lake",
            "value": 20000,
            "expected_close": (w.today + 60 * DAY).isoformat(),
            "stage": "develop",
        },
        done=opportunity_created,
    ),
    Operation("opportunity_detail", "GET", opportunity_url, TEAM_READ),
    Operation(
        "opportunity_replace",
        "PUT",
        opportunity_url,
        team_write(OK),
        data=opportunity_body,
        done=opportunity_won,
    ),
    Operation(
        "opportunity_update",
        "PATCH",
        opportunity_url,
        team_write(OK),
        data=lambda w: {"stage": "won"},
        done=opportunity_won,
    ),
    Operation(
        "opportunity_delete",
        "DELETE",
        opportunity_url,
        team_write(NO_CONTENT),
        done=opportunity_deleted,
    ),
    Operation("initiative_list", "GET", lambda w: on_account(w, "/initiatives"), TEAM_READ),
    Operation(
        "initiative_create",
        "POST",
        lambda w: on_account(w, "/initiatives"),
        team_write(CREATED),
        data=lambda w: {
            "title": "Shared roadmap",
            "sponsor": w.stakeholder.pk,
            "status": "shared",
        },
        done=initiative_created,
    ),
    Operation("initiative_detail", "GET", initiative_url, TEAM_READ),
    Operation(
        "initiative_replace",
        "PUT",
        initiative_url,
        team_write(OK),
        data=initiative_body,
        done=initiative_adopted,
    ),
    Operation(
        "initiative_update",
        "PATCH",
        initiative_url,
        team_write(OK),
        data=lambda w: {"status": "adopted"},
        done=initiative_adopted,
    ),
    Operation(
        "initiative_delete",
        "DELETE",
        initiative_url,
        team_write(NO_CONTENT),
        done=initiative_deleted,
    ),
    # planning: plans with objectives, actions and risks; reviews and their decisions
    Operation("plan_list", "GET", lambda w: on_account(w, "/plans"), TEAM_READ),
    Operation(
        "plan_create",
        "POST",
        lambda w: on_account(w, "/plans"),
        team_write(CREATED),
        data=lambda w: {
            "title": "Next plan",
            "period_start": (w.plan.period_end + DAY).isoformat(),
            "period_end": (w.plan.period_end + 365 * DAY).isoformat(),
        },
        done=plan_created,
    ),
    Operation("plan_detail", "GET", plan_url, TEAM_READ),
    Operation("plan_replace", "PUT", plan_url, team_write(OK), data=plan_body, done=plan_changed),
    Operation(
        "plan_update",
        "PATCH",
        plan_url,
        team_write(OK),
        data=lambda w: {"goals": "Double the share of wallet", "version": 1},
        done=plan_changed,
    ),
    Operation("plan_delete", "DELETE", plan_url, team_write(NO_CONTENT), done=plan_closed),
    Operation("objective_list", "GET", lambda w: on_account(w, "/objectives"), TEAM_READ),
    Operation(
        "objective_create",
        "POST",
        lambda w: on_account(w, "/objectives"),
        team_write(CREATED),
        data=lambda w: {
            "plan": w.plan.pk,
            "title": "Win the data platform",
            "metric": "Deals",
            "baseline": 0,
            "target": 3,
            "due_date": w.plan.period_end.isoformat(),
        },
        done=objective_created,
    ),
    Operation("objective_detail", "GET", objective_url, TEAM_READ),
    Operation(
        "objective_replace",
        "PUT",
        objective_url,
        team_write(OK),
        data=objective_body,
        done=objective_changed,
    ),
    Operation(
        "objective_update",
        "PATCH",
        objective_url,
        team_write(OK),
        data=lambda w: {"current_value": "40"},
        done=objective_changed,
    ),
    Operation(
        "objective_delete",
        "DELETE",
        objective_url,
        team_write(NO_CONTENT),
        done=objective_deleted,
    ),
    Operation("action_list", "GET", lambda w: on_account(w, "/actions"), TEAM_READ),
    Operation(
        "action_create",
        "POST",
        lambda w: on_account(w, "/actions"),
        team_write(CREATED),
        data=lambda w: {
            "plan": w.plan.pk,
            "title": "Book the QBR",
            "owner": w.member_person.pk,
            "objective": w.objective.pk,
        },
        done=action_created,
    ),
    Operation("action_detail", "GET", action_url, TEAM_READ),
    Operation(
        "action_replace", "PUT", action_url, team_write(OK), data=action_body, done=action_done
    ),
    Operation(
        "action_update",
        "PATCH",
        action_url,
        team_write(OK),
        data=lambda w: {"status": "done"},
        done=action_done,
    ),
    Operation("action_delete", "DELETE", action_url, team_write(NO_CONTENT), done=action_deleted),
    Operation("risk_list", "GET", lambda w: on_account(w, "/risks"), TEAM_READ),
    Operation(
        "risk_create",
        "POST",
        lambda w: on_account(w, "/risks"),
        team_write(CREATED),
        data=lambda w: {
            "plan": w.plan.pk,
            "description": "Budget freeze",
            "likelihood": 3,
            "impact": 2,
        },
        done=risk_created,
    ),
    Operation("risk_detail", "GET", risk_url, TEAM_READ),
    Operation(
        "risk_replace",
        "PUT",
        risk_url,
        team_write(OK),
        data=lambda w: {
            "description": w.risk.description,
            "likelihood": 2,
            "impact": 3,
            "mitigation": "Early renewal",
        },
        done=risk_changed,
    ),
    Operation(
        "risk_update",
        "PATCH",
        risk_url,
        team_write(OK),
        data=lambda w: {"impact": 3, "mitigation": "Early renewal"},
        done=risk_changed,
    ),
    Operation("risk_delete", "DELETE", risk_url, team_write(NO_CONTENT), done=risk_deleted),
    Operation("review_list", "GET", lambda w: on_account(w, "/reviews"), TEAM_READ),
    Operation(
        "review_create",
        "POST",
        lambda w: on_account(w, "/reviews"),
        team_write(CREATED),
        data=lambda w: {
            "kind": "quarterly",
            "people": [w.member_person.pk],
            "agenda": "Quarter in numbers",
        },
        done=review_recorded,
    ),
    Operation("review_detail", "GET", review_url, TEAM_READ),
    Operation(
        "review_replace",
        "PUT",
        review_url,
        team_write(OK),
        data=review_body,
        done=review_changed,
    ),
    Operation(
        "review_update",
        "PATCH",
        review_url,
        team_write(OK),
        data=lambda w: {"kind": "executive", "minutes": "Agreed next steps"},
        done=review_changed,
    ),
    Operation("review_delete", "DELETE", review_url, team_write(NO_CONTENT), done=review_deleted),
    Operation("decision_list", "GET", lambda w: review_url(w, "/decisions"), TEAM_READ),
    Operation(
        "decision_create",
        "POST",
        lambda w: review_url(w, "/decisions"),
        team_write(CREATED),
        data=lambda w: {"text": "Send the proposal", "owner": w.member_person.pk},
        done=decision_taken,
    ),
    # planning: resource requests (decided by managers) and internal blockers
    Operation(
        "resource_request_list", "GET", lambda w: on_account(w, "/resource-requests"), TEAM_READ
    ),
    Operation(
        "resource_request_create",
        "POST",
        lambda w: on_account(w, "/resource-requests"),
        team_write(CREATED),
        data=lambda w: {"plan": w.plan.pk, "description": "Two data engineers", "amount": 40},
        done=resource_requested,
    ),
    Operation("resource_request_detail", "GET", resource_url, TEAM_READ),
    Operation(
        "resource_request_replace",
        "PUT",
        resource_url,
        team_write(OK),
        data=lambda w: {"kind": "budget", "description": "Workshop budget", "amount": "7500"},
        done=resource_changed,
    ),
    Operation(
        "resource_request_update",
        "PATCH",
        resource_url,
        team_write(OK),
        data=lambda w: {"amount": "7500"},
        done=resource_changed,
    ),
    Operation(
        "resource_request_delete",
        "DELETE",
        resource_url,
        team_write(NO_CONTENT),
        done=resource_withdrawn,
    ),
    Operation(
        "resource_request_decide",
        "POST",
        lambda w: resource_url(w, "/decision"),
        {**team_write(OK), "member": FORBIDDEN},
        data=lambda w: {"status": "approved", "note": "From the Q3 budget"},
        done=resource_approved,
    ),
    Operation("blocker_list", "GET", lambda w: on_account(w, "/blockers"), TEAM_READ),
    Operation(
        "blocker_create",
        "POST",
        lambda w: on_account(w, "/blockers"),
        team_write(CREATED),
        data=lambda w: {
            "title": "Pricing approvals take weeks",
            "category": "process",
            "owner": w.member_person.pk,
        },
        done=blocker_logged,
    ),
    Operation("blocker_detail", "GET", blocker_url, TEAM_READ),
    Operation(
        "blocker_replace",
        "PUT",
        blocker_url,
        team_write(OK),
        data=blocker_body,
        done=blocker_escalated,
    ),
    Operation(
        "blocker_update",
        "PATCH",
        blocker_url,
        team_write(OK),
        data=lambda w: {"status": "escalated", "escalated_to": w.users["leader"].person.pk},
        done=blocker_escalated,
    ),
    # growth: the account's ambition (one per account)
    Operation("ambition_detail", "GET", lambda w: on_account(w, "/ambition"), TEAM_READ),
    Operation(
        "ambition_replace",
        "PUT",
        lambda w: on_account(w, "/ambition"),
        team_write(OK),
        data=lambda w: {"ambition_multiple": "3", "baseline_year": 2024, "ambition_year": 2030},
        done=ambition_changed,
    ),
    Operation(
        "ambition_update",
        "PATCH",
        lambda w: on_account(w, "/ambition"),
        team_write(OK),
        data=lambda w: {"ambition_multiple": 3, "ambition_year": 2030},
        done=ambition_changed,
    ),
]
OPERATIONS_BY_NAME = {operation.name: operation for operation in OPERATIONS}

# The API's routes that are not operations: the schema, the docs page and ninja's root
# (which only serves to reverse the prefix). Tried in their own tests below.
NOT_OPERATIONS = {"openapi-json", "openapi-view", "api-root"}


# --- the world every row is tried in --------------------------------------------------------


def build_world() -> dict[str, Any]:
    users = {
        "admin": UserFactory(
            username="admin", access_level=AccessLevel.ADMIN, is_staff=True, is_superuser=True
        ),
        "leader": UserFactory(username="leader", access_level=AccessLevel.PROGRAMME_LEADER),
        "lead": UserFactory(username="lead", access_level=AccessLevel.MEMBER),
        "member": UserFactory(username="member", access_level=AccessLevel.MEMBER),
        "viewer": UserFactory(username="viewer", access_level=AccessLevel.VIEWER),
        "outsider": UserFactory(username="outsider", access_level=AccessLevel.MEMBER),
    }
    for key, name in [
        ("leader", "Lena Leader"),
        ("lead", "Adam Lead"),
        ("member", "Maria Member"),
        ("viewer", "Victor Viewer"),
        ("outsider", "Olga Outsider"),
    ]:
        PersonFactory(full_name=name, user=users[key])
    tier = TierFactory(name="Tier 1 — Strategic")
    account = AccountFactory(name="Acme Polska", tier=tier, lead=users["lead"].person)
    TeamMembershipFactory(account=account, person=users["lead"].person, allocation=40)
    TeamMembershipFactory(account=account, person=users["member"].person, allocation=20)
    partner = PersonFactory(full_name="Paula Partner", department=None, capacity=100)
    partnership = TeamMembershipFactory(account=account, person=partner, allocation=50)
    driver = Role.objects.get(key="results-driver")
    assignment = RoleAssignmentFactory(membership=partnership, role=driver, degree="contributing")
    rating = CompetencyRating.objects.create(
        person=partner,
        role=driver,
        rating=3,
        source="manager",
        rated_on=datetime.date(2026, 1, 15),
        rated_by=users["lead"],
    )
    coverage_refresh(account_ids=[account.pk])
    secrets = {key: token_create(user=user, name="matrix").secret for key, user in users.items()}
    unit = BusinessUnitFactory(account=account, name="Procurement")
    return {
        **build_domain(account, users, partner, unit),
        **{f"user:{key}": user.pk for key, user in users.items()},
        **{f"secret:{key}": secret for key, secret in secrets.items()},
        "account": account.pk,
        "tier": tier.pk,
        "partner": partner.pk,
        "partnership": partnership.pk,
        "assignment": assignment.pk,
        "rating": rating.pk,
        "unit": unit.pk,
        "newcomer": PersonFactory(full_name="Nina Newcomer").pk,
        "department": DepartmentFactory(name="Key Accounts").pk,
        **_forbidden_pairs(account, partner),
    }


def _forbidden_pairs(account: Account, partner: Person) -> dict[str, int]:
    """A conflict and a role restriction, made after the staffing run (which they would
    change)."""
    from hexad.staffing import services as staffing

    conflict = staffing.conflict_create(person=partner, account=account, note="Shareholder")
    department = DepartmentFactory(name="Back Office")
    driver = Role.objects.get(key="results-driver")
    restriction = staffing.restriction_create(department=department, role=driver)
    return {"conflict": conflict.pk, "restriction": restriction.pk}


def build_domain(
    account: Account, users: dict[str, User], partner: Person, unit: Any
) -> dict[str, int]:
    """The account's stakeholders, growth figures and plan, made through the services."""
    today = timezone.localdate()
    lead = users["lead"]
    second_unit = BusinessUnitFactory(account=account, name="Logistics")
    stakeholder = relationships.stakeholder_create(
        account=account, name="Jan Kowalski", level=1, first_engaged=today - 100 * DAY
    )
    relationship = relationships.relationship_create(
        stakeholder=stakeholder, person=partner, current_level=1, desired_level=2
    )
    interaction = relationships.interaction_log(
        account=account,
        occurred_on=today - 3 * DAY,
        kind="meeting",
        people=[lead.person],
        stakeholders=[stakeholder],
        notes="First meeting",
    )
    concern = relationships.concern_create(
        account=account, raised_by=stakeholder, topic="Latency", owner=None
    )
    offering = growth.offering_create(name="Cloud Platform", family="Cloud")
    spare_offering = growth.offering_create(name="Legacy Hosting", family="Hosting")
    financial = growth.financial_add(
        account=account,
        year=2024,
        quarter=None,
        revenue=Decimal(800),
        target=Decimal(1000),
        potential=None,
    )
    cell = growth.cell_save(
        account=account, business_unit=second_unit, offering=offering, status="open"
    )
    opportunity = growth.opportunity_create(
        account=account,
        name="Cloud migration",
        value=Decimal(50000),
        expected_close=today + 90 * DAY,
        stage="propose",
        offering=offering,
        business_unit=second_unit,
    )
    initiative = growth.initiative_create(
        account=account, title="Joint innovation lab", sponsor=stakeholder
    )
    plan = planning.plan_create(
        account=account,
        title="Plan 2026",
        period_start=today - 30 * DAY,
        period_end=today + 300 * DAY,
        created_by=lead,
    )
    objective = planning.objective_add(
        plan=plan,
        title="Grow cloud revenue",
        metric="Revenue (kPLN)",
        baseline=Decimal(10),
        target=Decimal(50),
        due_date=today + 60 * DAY,
    )
    action = planning.action_add(plan=plan, title="Call the CFO", owner=None, due_date=None)
    risk = planning.risk_add(plan=plan, description="Key contact leaves", likelihood=2, impact=2)
    review = planning.review_record(
        account=account, kind="check_in", held_on=today - 7 * DAY, people=[lead.person]
    )
    resource = planning.resource_request(
        plan=plan, kind="budget", description="Workshop budget", amount=Decimal(5000)
    )
    blocker = planning.blocker_add(account=account, title="Slow legal review", category="process")
    growth.growth_plan_set(account=account, ambition_multiple=Decimal(2), baseline_year=2024)
    return {
        "stakeholder": stakeholder.pk,
        "relationship": relationship.pk,
        "interaction": interaction.pk,
        "concern": concern.pk,
        "offering": offering.pk,
        "spare_offering": spare_offering.pk,
        "financial": financial.pk,
        "second_unit": second_unit.pk,
        "cell": cell.pk,
        "opportunity": opportunity.pk,
        "initiative": initiative.pk,
        "plan": plan.pk,
        "objective": objective.pk,
        "action": action.pk,
        "risk": risk.pk,
        "review": review.pk,
        "resource": resource.pk,
        "blocker": blocker.pk,
        "spare_tier": TierFactory(name="Tier 9 — Spare", rank=9).pk,
        "staffing_run": _staffing_run(account).pk,
    }


def _staffing_run(account: Account) -> Any:
    """A finished team designer run over `account` (all six roles), solved in-process."""
    from hexad.staffing import services as staffing

    run = staffing.run_create(user=None, options={"accounts": [account.pk], "all_roles": True})
    return staffing.run_execute(run_id=run.pk, in_process=True)


# Transactional tests (the browser journeys) end with a flush that also empties what data
# migrations seeded; the root conftest seeds them again before each test, but a module's
# world is built before that. (Inside the world's transaction: rolled back with it.)
SEED_MIGRATIONS = [
    ("hexad.roles.migrations.0002_seed_six_roles", "seed"),
    ("hexad.roles.migrations.0003_role_anchors", "fill_anchors"),
    ("hexad.accounts.migrations.0002_default_tiers", "seed"),
]


def restore_catalogue() -> None:
    if not Role.objects.filter(is_builtin=True).exists():
        for module, function in SEED_MIGRATIONS:
            getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="module")
def world_ids(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The world, made once for this module in a transaction rolled back at its end; each
    test runs in a savepoint of its own (pytest-django's `db`)."""
    with django_db_blocker.unblock():
        ensure_catalogue()
    with django_db_blocker.unblock(), transaction.atomic():
        restore_catalogue()
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            ids = build_world()
        yield ids
        transaction.set_rollback(True)


@pytest.fixture
def world(world_ids: dict[str, Any], db: None) -> SimpleNamespace:
    keys = ("admin", "leader", "member", "viewer", "outsider")
    by_id = User.objects.in_bulk([world_ids[f"user:{key}"] for key in keys])
    return SimpleNamespace(
        users={key: by_id[world_ids[f"user:{key}"]] for key in keys},
        secrets={key: world_ids[f"secret:{key}"] for key in keys},
        account=Account.objects.select_related("tier").get(pk=world_ids["account"]),
        tier=Account.objects.get(pk=world_ids["account"]).tier,
        partner=Person.objects.get(pk=world_ids["partner"]),
        partnership=TeamMembership.objects.get(pk=world_ids["partnership"]),
        assignment=RoleAssignment.objects.get(pk=world_ids["assignment"]),
        rating=CompetencyRating.objects.get(pk=world_ids["rating"]),
        unit=BusinessUnit.objects.get(pk=world_ids["unit"]),
        newcomer=Person.objects.get(pk=world_ids["newcomer"]),
        department=Department.objects.get(pk=world_ids["department"]),
        role=Role.objects.get(key="results-driver"),
        innovator=Role.objects.get(key="innovator"),
        today=timezone.localdate(),
        member_person=by_id[world_ids["user:member"]].person,
        spare_tier=Tier.objects.get(pk=world_ids["spare_tier"]),
        staffing_run=world_ids["staffing_run"],
        conflict=world_ids["conflict"],
        restriction=world_ids["restriction"],
        second_unit=BusinessUnit.objects.get(pk=world_ids["second_unit"]),
        stakeholder=Stakeholder.objects.get(pk=world_ids["stakeholder"]),
        relationship=Relationship.objects.get(pk=world_ids["relationship"]),
        interaction=Interaction.objects.get(pk=world_ids["interaction"]),
        concern=TechnicalConcern.objects.get(pk=world_ids["concern"]),
        offering=Offering.objects.get(pk=world_ids["offering"]),
        spare_offering=Offering.objects.get(pk=world_ids["spare_offering"]),
        financial=FinancialPeriod.objects.get(pk=world_ids["financial"]),
        cell=WhitespaceCell.objects.get(pk=world_ids["cell"]),
        opportunity=Opportunity.objects.get(pk=world_ids["opportunity"]),
        initiative=ValueInitiative.objects.get(pk=world_ids["initiative"]),
        plan=AccountPlan.objects.get(pk=world_ids["plan"]),
        objective=Objective.objects.get(pk=world_ids["objective"]),
        action=Action.objects.get(pk=world_ids["action"]),
        risk=Risk.objects.get(pk=world_ids["risk"]),
        review=Review.objects.get(pk=world_ids["review"]),
        resource=ResourceRequest.objects.get(pk=world_ids["resource"]),
        blocker=Blocker.objects.get(pk=world_ids["blocker"]),
    )


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of Hexad's apps but the tokens' bookkeeping (their
    last-used time changes with every first call). Plain SQL: this runs twice a test."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        for table in hexad_tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            tables[table] = cursor.fetchall()
    return tables


@functools.cache
def hexad_tables() -> tuple[str, ...]:
    return tuple(
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.name.startswith("hexad.")
        for model in config.get_models(include_auto_created=True)
        if model is not ApiToken
    )


def call(client: Client, method: str, url: str, data: Any, headers: dict[str, str]) -> Any:
    return client.generic(
        method,
        url,
        "" if data is None else json.dumps(data),
        content_type="application/json",
        headers=headers,
    )


def token_headers(persona: str, world: SimpleNamespace) -> dict[str, str]:
    secret = world.secrets.get(persona)
    return {"Authorization": f"Bearer {secret}"} if secret else {}


def check(
    operation: Operation, persona: str, world: SimpleNamespace, response: Any, before: Any
) -> None:
    expect = operation.expect[persona]
    label = f"{operation.method} {operation.url(world)} as {persona}"
    assert response.status_code == expect.status, (
        f"{label}: expected {expect.status}, got {response.status_code}: {response.content[:300]!r}"
    )
    if expect.allowed and operation.method != "GET":
        assert operation.done is not None
        operation.done(world, world.users[persona])
    else:
        assert snapshot() == before, f"{label} changed the database"


def cases() -> list[Any]:
    return [
        pytest.param(operation.name, persona, id=f"{operation.name}-{persona}")
        for operation in OPERATIONS
        for persona in PERSONAS
    ]


# --- the meta-tests ---------------------------------------------------------------------------


def schema_operations() -> dict[str, tuple[str, str]]:
    """operation id → (method, path template) of every operation the API documents."""
    schema = api.get_openapi_schema(path_prefix=f"{PREFIX}/")
    return {
        operation["operationId"]: (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


def api_url_names() -> set[str]:
    """The names of every URL pattern under the `api` namespace."""

    def walk(patterns: list[Any], namespace: str) -> set[str]:
        names: set[str] = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                names |= walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and namespace == "api":
                names.add(pattern.name or str(pattern.pattern))
        return names

    return walk(get_resolver().url_patterns, "")


def test_every_operation_of_the_api_is_in_the_matrix() -> None:
    documented = schema_operations()
    missing = set(documented) - set(OPERATIONS_BY_NAME)
    assert not missing, f"API operations missing from the matrix: {sorted(missing)}"
    stale = set(OPERATIONS_BY_NAME) - set(documented)
    assert not stale, f"rows for operations that no longer exist: {sorted(stale)}"
    for name, (method, _path) in documented.items():
        assert OPERATIONS_BY_NAME[name].method == method, name


def test_every_api_route_is_an_operation_or_tried_apart() -> None:
    assert api_url_names() == set(OPERATIONS_BY_NAME) | NOT_OPERATIONS


def test_every_row_names_an_answer_for_every_persona() -> None:
    for operation in OPERATIONS:
        assert set(operation.expect) == set(PERSONAS), operation.name
        assert operation.expect["anonymous"] == UNAUTHORIZED, operation.name
        writes = operation.method != "GET"
        if writes and any(expect.allowed for expect in operation.expect.values()):
            assert operation.done is not None, f"{operation.name}: say what a write does"


def test_the_rows_urls_follow_the_schema(world: SimpleNamespace) -> None:
    documented = schema_operations()
    for operation in OPERATIONS:
        template = documented[operation.name][1]
        pattern = "^" + re.sub(r"\\\{\w+\\\}", r"\\d+", re.escape(template)) + "$"
        assert re.match(pattern, operation.url(world)), (operation.name, template)


def test_the_snapshot_sees_a_change(world: SimpleNamespace) -> None:
    before = snapshot()
    TeamMembership.objects.filter(pk=world.partnership.pk).update(allocation=51)
    assert snapshot() != before


# --- the matrix, with tokens and with sessions -------------------------------------------------


@pytest.mark.parametrize(("name", "persona"), cases())
def test_operation(name: str, persona: str, world: SimpleNamespace) -> None:
    operation = OPERATIONS_BY_NAME[name]
    data = operation.data(world) if operation.data else None
    before = snapshot()

    response = call(
        Client(), operation.method, operation.url(world), data, token_headers(persona, world)
    )

    check(operation, persona, world, response, before)


@pytest.mark.parametrize(("name", "persona"), cases())
def test_operation_with_a_session(name: str, persona: str, world: SimpleNamespace) -> None:
    operation = OPERATIONS_BY_NAME[name]
    data = operation.data(world) if operation.data else None
    client = Client(enforce_csrf_checks=True)
    headers: dict[str, str] = {}
    if persona != "anonymous":
        client.force_login(world.users[persona])
        client.get("/accounts/")  # sets the CSRF cookie
        headers["X-CSRFToken"] = client.cookies["csrftoken"].value
    before = snapshot()

    response = call(client, operation.method, operation.url(world), data, headers)

    check(operation, persona, world, response, before)


def paths_and_methods(world: SimpleNamespace) -> dict[str, set[str]]:
    documented: dict[str, set[str]] = {}
    for operation in OPERATIONS:
        documented.setdefault(operation.url(world), set()).add(operation.method)
    return documented


@pytest.mark.parametrize("persona", PERSONAS)
def test_methods_a_path_does_not_document_are_405(persona: str, world: SimpleNamespace) -> None:
    headers = token_headers(persona, world)
    before = snapshot()

    for url, methods in paths_and_methods(world).items():
        for method in sorted(set(METHODS) - methods):
            response = call(Client(), method, url, {"name": "x"}, headers)
            assert response.status_code == 405, (method, url, persona)
            assert set(response["Allow"].split(", ")) == methods, (method, url)

    assert snapshot() == before


# --- the routes that are not operations ------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_schema_and_the_docs(persona: str, world: SimpleNamespace) -> None:
    tokened = Client()
    headers = token_headers(persona, world)
    browser = Client()
    if persona != "anonymous":
        browser.force_login(world.users[persona])

    schema = tokened.get(f"{PREFIX}/openapi.json", headers=headers)
    docs = browser.get(f"{PREFIX}/docs")
    root = browser.get(f"{PREFIX}/")

    if persona == "anonymous":
        assert (schema.status_code, docs.status_code) == (401, 302)
        assert docs["Location"].startswith("/login/")
    else:
        assert (schema.status_code, docs.status_code) == (200, 200)
    assert root.status_code == 404


# --- objects of one account reached through another --------------------------------------------


@pytest.fixture
def elsewhere(world: SimpleNamespace) -> SimpleNamespace:
    """An account `member` is not on, with a member holding a role and a business unit."""
    membership = TeamMembershipFactory(person=PersonFactory(full_name="Ola Obca"))
    return SimpleNamespace(
        membership=membership,
        assignment=RoleAssignmentFactory(membership=membership),
        unit=BusinessUnitFactory(account=membership.account),
    )


@pytest.mark.parametrize(
    ("method", "rest", "data"),
    [
        ("GET", "/memberships/{membership}", None),
        ("PUT", "/memberships/{membership}", {"allocation": 5, "start_date": "2024-01-01",
                                             "end_date": None, "notes": ""}),
        ("PATCH", "/memberships/{membership}", {"allocation": 5}),
        ("DELETE", "/memberships/{membership}", None),
        ("GET", "/assignments/{assignment}", None),
        ("PUT", "/assignments/{assignment}", {"degree": "contributing"}),
        ("PATCH", "/assignments/{assignment}", {"degree": "contributing"}),
        ("DELETE", "/assignments/{assignment}", None),
        ("GET", "/business-units/{unit}", None),
    ],
)  # fmt: skip
@pytest.mark.parametrize("persona", ["member", "leader"])
def test_an_object_of_another_account_is_not_found_through_ones_own(
    method: str,
    rest: str,
    data: Any,
    persona: str,
    world: SimpleNamespace,
    elsewhere: SimpleNamespace,
) -> None:
    url = on_account(
        world,
        rest.format(
            membership=elsewhere.membership.pk,
            assignment=elsewhere.assignment.pk,
            unit=elsewhere.unit.pk,
        ),
    )
    before = snapshot()

    response = call(Client(), method, url, data, token_headers(persona, world))

    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["member", "leader"])
def test_a_member_of_another_account_cannot_be_given_a_role_through_ones_own(
    persona: str, world: SimpleNamespace, elsewhere: SimpleNamespace
) -> None:
    before = snapshot()

    response = call(
        Client(),
        "POST",
        on_account(world, "/assignments"),
        {"membership": elsewhere.membership.pk, "role": world.innovator.pk},
        token_headers(persona, world),
    )

    assert response.status_code == 422
    assert [item["loc"] for item in response.json()["detail"]] == [["body", "membership"]]
    assert snapshot() == before


# --- lists are scoped like objects -------------------------------------------------------------


@pytest.mark.parametrize("name", ["account_list", "coverage_list"])
def test_lists_show_an_outsider_nothing_of_the_account(name: str, world: SimpleNamespace) -> None:
    operation = OPERATIONS_BY_NAME[name]
    hidden = AccountFactory(name="Tajne Sp. z o.o.")
    coverage_refresh(account_ids=[hidden.pk])

    outsider = call(Client(), "GET", operation.url(world), None, token_headers("outsider", world))
    member = call(Client(), "GET", operation.url(world), None, token_headers("member", world))
    viewer = call(Client(), "GET", operation.url(world), None, token_headers("viewer", world))

    assert b"Acme Polska" not in outsider.content
    assert outsider.json()["count"] == 0
    assert b"Acme Polska" in member.content and b"Tajne" not in member.content
    assert b"Acme Polska" in viewer.content and b"Tajne" in viewer.content
