"""The object access matrix (QUALITY.md Q3): every route, every persona, every method.

`ROUTES` has one row per URL pattern of the project (Django's own admin is tried apart,
at the end). A row names the route, builds its kwargs from the `world` fixture, gives the
POST data of a valid write, and the status each persona gets for GET and POST. Any other
method (PUT, PATCH, DELETE) gets 405, or the sign-in redirect for anonymous users on a
page that needs a signed-in user.

Personas (see /work/main/conftest.py):
  anonymous  not signed in
  outsider   a member of Hexad who is on no team of `account`
  member     on `account`'s team (active membership)
  viewer     sees every account, changes nothing
  leader     programme leader: sees and changes everything but the role catalogue
  admin      administrator: everything

Whenever a request is refused (4xx, or the sign-in redirect), the database must be as it
was: `snapshot()` reads every domain table before and after. Every GET, allowed or not,
must leave it unchanged too. An allowed POST must do what it asks (`done`).
"""

from __future__ import annotations

import datetime
import functools
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from hexad.accounts.models import Account, BusinessUnit, RoleAssignment, TeamMembership
from hexad.accounts.tests.factories import (
    AccountFactory,
    BusinessUnitFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
    TierFactory,
)
from hexad.api.models import ApiToken
from hexad.api.services import token_create
from hexad.core.testing import ensure_catalogue
from hexad.coverage.models import AccountCoverage, CoverageSnapshot
from hexad.growth.models import (
    AccountGrowthPlan,
    FinancialPeriod,
    Offering,
    Opportunity,
    ValueInitiative,
    WhitespaceCell,
)
from hexad.growth.tests.factories import (
    FinancialPeriodFactory,
    OfferingFactory,
    OpportunityFactory,
    ValueInitiativeFactory,
    WhitespaceCellFactory,
)
from hexad.people.models import (
    AccessLevel,
    CompetencyRating,
    Department,
    DevelopmentNote,
    Person,
    User,
)
from hexad.people.tests.factories import (
    TEST_PASSWORD,
    DepartmentFactory,
    PersonFactory,
    UserFactory,
)
from hexad.planning.models import (
    AccountPlan,
    Blocker,
    CalendarToken,
    DigestState,
    Objective,
    ResourceRequest,
    Review,
    ReviewSnapshot,
    Risk,
)
from hexad.planning.models import Action as PlanAction
from hexad.planning.tokens import token_hash
from hexad.relationships.models import (
    Interaction,
    Relationship,
    Stakeholder,
    TechnicalConcern,
)
from hexad.relationships.tests.factories import (
    RelationshipFactory,
    StakeholderFactory,
    TechnicalConcernFactory,
)
from hexad.roles.forms import RoleForm
from hexad.roles.models import Role
from hexad.transfer.models import ImportBatch, SalesforceRoleMapping

PERSONAS = ["anonymous", "outsider", "member", "viewer", "leader", "admin"]
OTHER_METHODS = ["put", "patch", "delete"]
NEW_PASSWORD = "a-much-longer-passphrase-42"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_tests(settings: Any) -> None:
    # Django's default hasher costs ~0.3 s per user and every test here makes six users;
    # WhiteNoise scans every static file each time a test client starts (~0.1 s) unless it
    # looks files up per request.
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.WHITENOISE_AUTOREFRESH = True


# --- expectations -------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    status: int
    allowed: bool  # the request does what it asks (only meaningful for POST)
    location: str | None = None  # prefix of the redirect target, when status is 302

    def __repr__(self) -> str:
        return f"{self.status}{'' if self.allowed else ' (denied)'}"


OK = Expect(200, True)
REDIRECT = Expect(302, True)
TO_LOGIN = Expect(302, False, "/login/")
FORBIDDEN = Expect(403, False)
NOT_FOUND = Expect(404, False)
NOT_ALLOWED = Expect(405, False)


def each(expect: Expect) -> dict[str, Expect]:
    return dict.fromkeys(PERSONAS, expect)


def signed_in(expect: Expect) -> dict[str, Expect]:
    """The same for every signed-in persona; anonymous users are sent to sign in."""
    return {**each(expect), "anonymous": TO_LOGIN}


# Account-scoped pages: outsiders get 404 (the account does not exist for them).
TEAM_READ = {**signed_in(OK), "outsider": NOT_FOUND}
TEAM_WRITE_PAGE = {**TEAM_READ, "viewer": FORBIDDEN}
TEAM_WRITE = {**TEAM_WRITE_PAGE, "member": REDIRECT, "leader": REDIRECT, "admin": REDIRECT}
TEAM_WRITE_ONLY = {**TEAM_WRITE}  # a POST-only route: the same answers to POST
MANAGERS_PAGE = {**signed_in(FORBIDDEN), "leader": OK, "admin": OK}
MANAGERS_WRITE = {**signed_in(FORBIDDEN), "leader": REDIRECT, "admin": REDIRECT}
MANAGED = {"leader": REDIRECT, "admin": REDIRECT}
# Someone else's competencies: outsiders cannot see them (404); members and viewers see but
# may not rate or plan (403); programme leaders and administrators manage everyone.
COMPETENCY_WRITE = {**signed_in(FORBIDDEN), "outsider": NOT_FOUND, **MANAGED}
ADMIN_PAGE = {**signed_in(FORBIDDEN), "admin": OK}
ADMIN_WRITE = {**signed_in(FORBIDDEN), "admin": REDIRECT}


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: Callable[[SimpleNamespace], dict[str, Any]]
    get: dict[str, Expect]
    post: dict[str, Expect]
    login_required: bool = True
    data: Callable[[SimpleNamespace], dict[str, Any]] = lambda w: {}
    # Checks that an allowed POST did its work (`w`, the persona's user, the client).
    done: Callable[[SimpleNamespace, User | None, Client], None] | None = None
    # PUT, PATCH and DELETE: 405 (or the sign-in redirect) unless the row says otherwise.
    other: dict[str, Expect] | None = None
    # A pattern without a name is keyed (and reached) by its path.
    path: str | None = None

    def url(self, w: SimpleNamespace) -> str:
        return self.path or reverse(self.name, kwargs=self.kwargs(w))

    def other_expect(self, persona: str) -> Expect:
        if self.other is not None:
            return self.other[persona]
        return TO_LOGIN if persona == "anonymous" and self.login_required else NOT_ALLOWED

    @property
    def methods(self) -> set[str]:
        return {
            method
            for method, expects in (("GET", self.get), ("POST", self.post))
            if any(e.status != 405 for e in expects.values())
        }


def no_kwargs(w: SimpleNamespace) -> dict[str, Any]:
    return {}


def on_account(w: SimpleNamespace) -> dict[str, Any]:
    return {"pk": w.account.pk}


def on_partner(w: SimpleNamespace) -> dict[str, Any]:
    return {"pk": w.account.pk, "membership_pk": w.partnership.pk}


# --- what each allowed POST must have done ----------------------------------------------


def now_signed_in(w: SimpleNamespace, user: User | None, client: Client) -> None:
    """Anonymous users sign in as `member`; a signed-in user is sent on, still themselves."""
    expected = w.member if user is None else user
    assert client.session[SESSION_KEY] == str(expected.pk)


def signed_out(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert SESSION_KEY not in client.session


def password_changed(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert user is not None
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def language_saved(w: SimpleNamespace, user: User | None, client: Client) -> None:
    if user is not None:
        user.refresh_from_db()
        assert user.language == "pl"
    assert client.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "pl"


def account_created(w: SimpleNamespace, user: User | None, client: Client) -> None:
    created = Account.objects.get(name="Nova Logistics")
    assert (created.tier, created.currency, created.country.code) == (w.tier, "EUR", "DE")


def account_changed(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.account.refresh_from_db()
    assert (w.account.name, w.account.currency, w.account.version) == ("Acme Polska SA", "EUR", 2)


def newcomer_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    joined = TeamMembership.objects.get(account=w.account, person=w.newcomer)
    assert (joined.allocation, joined.start_date, joined.end_date) == (25, w.today, None)


def partner_edited(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.partnership.refresh_from_db()
    assert (w.partnership.allocation, w.partnership.notes) == (35, "Half-time from June")


def partner_removed(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.partnership.refresh_from_db()
    assert w.partnership.end_date == w.today - datetime.timedelta(days=1)


def partner_given_innovator(w: SimpleNamespace, user: User | None, client: Client) -> None:
    given = w.partnership.assignments.get(role__key="innovator")
    assert given.degree == "lead"


def assignment_removed(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert not RoleAssignment.objects.filter(pk=w.assignment.pk).exists()


def person_created(w: SimpleNamespace, user: User | None, client: Client) -> None:
    created = Person.objects.get(full_name="Ewa Nowicka")
    assert (created.email, created.capacity, created.department) == (
        "ewa.nowicka@example.com",
        80,
        w.department,
    )


def partner_renamed(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.partner.refresh_from_db()
    assert (w.partner.full_name, w.partner.capacity) == ("Paula Partner-Nowak", 60)


def partner_rated(w: SimpleNamespace, user: User | None, client: Client) -> None:
    rating = CompetencyRating.objects.get(person=w.partner)
    assert (rating.role, rating.rating, rating.source, rating.rated_by) == (
        w.role,
        4,
        "manager",
        user,
    )


def note_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = DevelopmentNote.objects.exclude(pk=w.note.pk).get(person=w.partner)
    assert (added.role, added.text, added.author) == (w.innovator, "Run a workshop", user)


def note_done(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.note.refresh_from_db()
    assert w.note.is_done


def members_token(w: SimpleNamespace) -> dict[str, Any]:
    return {"pk": token_create(user=w.member, name="Member's script").token.pk}


def token_created(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert ApiToken.objects.filter(user=user, name="CRM sync", revoked_at=None).exists()


def token_revoked(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert ApiToken.objects.get(user=w.member, name="Member's script").revoked_at is not None


def coverage_stored(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert AccountCoverage.objects.filter(account=w.account).exists()


def snapshot_taken(w: SimpleNamespace, user: User | None, client: Client) -> None:
    taken = CoverageSnapshot.objects.get()
    assert taken.taken_by == user


def on_staffing_run(w: SimpleNamespace) -> dict[str, Any]:
    from hexad.staffing import services as staffing

    if not hasattr(w, "staffing_run"):
        run = staffing.run_create(
            user=None, options={"accounts": [w.account.pk], "all_roles": True}
        )
        w.staffing_run = staffing.run_execute(run_id=run.pk, in_process=True)
    return {"pk": w.staffing_run.pk}


def staffing_run_started(w: SimpleNamespace, user: User | None, client: Client) -> None:
    from hexad.staffing.models import StaffingRun

    run = StaffingRun.objects.get(created_by=user)
    assert (run.options["accounts"], run.options["all_roles"]) == ([w.account.pk], True)


def staffing_applied(w: SimpleNamespace, user: User | None, client: Client) -> None:
    applied = w.staffing_run.changes.filter(applied_by=user)
    assert applied.exists()
    assert not applied.filter(applied_at__isnull=True).exists()


def on_conflict(w: SimpleNamespace) -> dict[str, Any]:
    """The partner may not be proposed for the account (made before the request)."""
    from hexad.staffing.models import Conflict

    if not hasattr(w, "conflict"):
        w.conflict = Conflict.objects.create(
            person=w.partner, account=w.account, note="Former employee"
        )
    return {"pk": w.conflict.pk}


def on_restriction(w: SimpleNamespace) -> dict[str, Any]:
    """Key Accounts may not play Results Driver (made before the request)."""
    from hexad.staffing.models import RoleRestriction

    if not hasattr(w, "restriction"):
        w.restriction = RoleRestriction.objects.create(department=w.department, role=w.role)
    return {"pk": w.restriction.pk}


def conflict_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    from hexad.staffing.models import Conflict

    added = Conflict.objects.get(person=w.newcomer, account=w.account)
    assert added.note == "Sister is their CFO"


def conflict_note_saved(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.conflict.refresh_from_db()
    assert w.conflict.note == "Left them in 2024"


def conflict_deleted(w: SimpleNamespace, user: User | None, client: Client) -> None:
    from hexad.staffing.models import Conflict

    assert not Conflict.objects.filter(pk=w.conflict.pk).exists()


def restriction_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    from hexad.staffing.models import RoleRestriction

    assert RoleRestriction.objects.filter(department=w.department, role=w.innovator).exists()


def restriction_deleted(w: SimpleNamespace, user: User | None, client: Client) -> None:
    from hexad.staffing.models import RoleRestriction

    assert not RoleRestriction.objects.filter(pk=w.restriction.pk).exists()


def role_created(w: SimpleNamespace, user: User | None, client: Client) -> None:
    created = Role.objects.get(key="executive-sponsor")
    assert (created.name_en, created.is_builtin) == ("Executive Sponsor", False)


def role_renamed(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.role.refresh_from_db()
    assert (w.role.key, w.role.name_en) == ("results-driver", "Growth Driver")


# Relationships (hexad.relationships): every object hangs off the account.


def on_stakeholder(w: SimpleNamespace) -> dict[str, Any]:
    return {"account_pk": w.account.pk, "pk": w.stakeholder.pk}


def on_relationships(w: SimpleNamespace) -> dict[str, Any]:
    return {"account_pk": w.account.pk}


def stakeholder_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = Stakeholder.objects.get(name="Ewa Klientowska")
    assert (added.account, added.level, added.is_champion) == (w.account, 2, True)


def stakeholder_edited(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.stakeholder.refresh_from_db()
    assert (w.stakeholder.title, w.stakeholder.attitude) == (
        "Chief Procurement Officer",
        "advocate",
    )


def stakeholder_moved(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.stakeholder.refresh_from_db()
    assert w.stakeholder.reports_to is None


def stakeholder_erased(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert not Stakeholder.objects.filter(pk=w.stakeholder.pk).exists()
    w.boss.refresh_from_db()  # the rest of the account stays


def on_history(w: SimpleNamespace) -> dict[str, Any]:
    return {"label": "relationships.stakeholder", "pk": w.stakeholder.pk}


def stakeholder_left(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.stakeholder.refresh_from_db()
    assert w.stakeholder.status == "left"


def relationship_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = Relationship.objects.get(person=w.account.lead_id, stakeholder=w.stakeholder)
    assert (added.current_level, added.desired_level) == (1, 3)


def relationship_levels_saved(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.relationship.refresh_from_db()
    assert (w.relationship.current_level, w.relationship.desired_level) == (2, 4)


def interaction_logged(w: SimpleNamespace, user: User | None, client: Client) -> None:
    logged = Interaction.objects.get(account=w.account)
    assert (logged.kind, logged.logged_by) == ("workshop", user)
    w.relationship.refresh_from_db()
    assert w.relationship.last_interaction == w.today


def concern_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = TechnicalConcern.objects.get(topic="Single sign-on")
    assert (added.account, added.raised_by, added.severity) == (w.account, w.stakeholder, "high")


def concern_edited(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.concern.refresh_from_db()
    assert (w.concern.topic, w.concern.status) == ("Data residency in the EU", "in_progress")


def concern_resolved(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.concern.refresh_from_db()
    assert (w.concern.status, w.concern.resolution) == ("resolved", "Hosted in Frankfurt")


def stakeholder_data(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "name": w.stakeholder.name,
        "title": "Procurement Director",
        "level": 2,
        "business_unit": "",
        "influence": 4,
        "attitude": "supporter",
        "competitor": "",
        "reports_to": w.boss.pk,
        "dotted_manager": "",
        "owner": "",
        "first_engaged": "",
        "status": "active",
        "email": "",
        "phone": "",
        "external_id": "",
        "notes": "",
        "version": w.stakeholder.version,
    }
    return {**data, **changes}


def concern_data(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "topic": w.concern.topic,
        "raised_by": w.stakeholder.pk,
        "raised_on": w.today.isoformat(),
        "severity": "medium",
        "status": "open",
        "owner": "",
        "due_date": "",
        "description": "",
        "resolution": "",
    }
    return {**data, **changes}


# Growth (hexad.growth): account pages follow the team's rules; the offerings catalogue is
# read by everyone and changed by administrators only.


def on_growth_period(w: SimpleNamespace) -> dict[str, Any]:
    return {"pk": w.account.pk, "period_pk": w.financial.pk}


def on_growth_cell(w: SimpleNamespace) -> dict[str, Any]:
    return {"pk": w.account.pk, "unit_pk": w.unit.pk, "offering_pk": w.offering.pk}


def on_offering(w: SimpleNamespace) -> dict[str, Any]:
    return {"offering_pk": w.offering.pk}


def offering_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = Offering.objects.get(name="Energy audit")
    assert (added.family, added.is_new) == ("Consulting", False)


def offering_renamed(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.offering.refresh_from_db()
    assert (w.offering.name, w.offering.is_new) == ("Predictive maintenance Pro", True)


def ambition_set(w: SimpleNamespace, user: User | None, client: Client) -> None:
    plan = AccountGrowthPlan.objects.get(account=w.account)
    assert (plan.ambition_multiple, plan.baseline_year) == (Decimal("3.0"), 2024)


def period_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = FinancialPeriod.objects.get(account=w.account, year=2025, quarter=2)
    assert (added.revenue, added.target) == (Decimal("125000.50"), None)


def period_changed(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.financial.refresh_from_db()
    assert w.financial.target == Decimal("150000.00")


def period_removed(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert not FinancialPeriod.objects.filter(pk=w.financial.pk).exists()


def cell_marked(w: SimpleNamespace, user: User | None, client: Client) -> None:
    cell = WhitespaceCell.objects.get(business_unit=w.unit, offering=w.offering)
    assert (cell.status, cell.competitor, cell.potential) == (
        "competitor",
        "Siemens",
        Decimal("60000.00"),
    )


def opportunity_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = Opportunity.objects.get(name="Pilot in Gdańsk")
    assert (added.account, added.value, added.probability) == (w.account, Decimal(80000), 50)


def opportunity_won(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.opportunity.refresh_from_db()
    assert (w.opportunity.stage, w.opportunity.probability) == ("won", 100)


def initiative_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = ValueInitiative.objects.get(title="Energy savings study")
    assert (added.account, added.status) == (w.account, "idea")


def initiative_shared(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.initiative.refresh_from_db()
    assert (w.initiative.status, w.initiative.shared_on) == ("shared", w.today)


def offering_data(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "name": w.offering.name,
        "family": w.offering.family,
        "launch_date": w.offering.launch_date.isoformat(),
        "is_new": "on",
        "description": "",
    }
    return {**data, **changes}


def opportunity_data(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "name": "Pilot in Gdańsk",
        "offering": w.offering.pk,
        "business_unit": w.unit.pk,
        "kind": "cross_sell",
        "value": "80000",
        "stage": "propose",
        "probability": "",
        "expected_close": (w.today + datetime.timedelta(days=60)).isoformat(),
        "competitor": "",
        "owner": "",
        "notes": "",
        "currency": "PLN",
    }
    return {**data, **changes}


def initiative_data(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "title": "Energy savings study",
        "hypothesis": "",
        "sponsor": "",
        "status": "idea",
        "expected_value": "",
        "offering": "",
        "shared_on": "",
        "adopted_on": "",
        "currency": "PLN",
    }
    return {**data, **changes}


# --- valid POST data -----------------------------------------------------------------------


def account_data(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "name": "Acme Polska SA",
        "tier": w.tier.pk,
        "industry": "manufacturing",
        "country": "PL",
        "currency": "EUR",
        "lead": w.account.lead_id,
        "parent": "",
        "external_id": "",
        "description": "",
        "version": w.account.version,
    }
    return {**data, **changes}


def new_account_data(w: SimpleNamespace) -> dict[str, Any]:
    return account_data(w, name="Nova Logistics", country="DE", lead="", version="")


def role_data(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    """The role's current texts as the role form posts them, with some changed."""
    data = {name: getattr(w.role, name) for name in RoleForm.Meta.fields}
    return {**data, **changes}


def person_data(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "full_name": "Ewa Nowicka",
        "email": "ewa.nowicka@example.com",
        "job_title": "Key Account Manager",
        "department": w.department.pk,
        "capacity": 80,
        "is_active": "on",
    }
    return {**data, **changes}


# --- the matrix --------------------------------------------------------------------------

ROUTES: list[Route] = [
    Route(
        "home",
        no_kwargs,
        get={**each(Expect(302, True, "/accounts/")), "anonymous": TO_LOGIN},
        post=each(NOT_ALLOWED),
        login_required=False,
    ),
    Route(
        "login",
        no_kwargs,
        get={**each(Expect(302, True, "/accounts/")), "anonymous": OK},
        post={
            **each(Expect(302, True, "/accounts/")),
            "anonymous": Expect(302, True, "/accounts/"),
        },
        login_required=False,
        # A signed-in user is sent on before the method is looked at; nothing is done.
        other={**each(Expect(302, False, "/accounts/")), "anonymous": NOT_ALLOWED},
        data=lambda w: {"username": "member", "password": TEST_PASSWORD},
        done=now_signed_in,
    ),
    Route(
        "logout",
        no_kwargs,
        get=each(NOT_ALLOWED),
        post=each(Expect(302, True, "/login/")),
        login_required=False,
        done=signed_out,
    ),
    Route(
        "password_change",
        no_kwargs,
        get=signed_in(OK),
        post=signed_in(Expect(302, True, "/password/done/")),
        data=lambda w: {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        done=password_changed,
    ),
    Route("password_change_done", no_kwargs, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Route(
        "set-language",
        no_kwargs,
        get=each(NOT_ALLOWED),
        post=each(Expect(302, True, "/accounts/")),
        login_required=False,
        data=lambda w: {"language": "pl", "next": "/accounts/"},
        done=language_saved,
    ),
    # Export everything: administrators only; the page does not exist for anyone else.
    Route(
        "export-everything",
        no_kwargs,
        get={**signed_in(NOT_FOUND), "admin": OK},
        post=signed_in(NOT_ALLOWED),
    ),
    Route(
        "export-everything-download",
        no_kwargs,
        get={**signed_in(NOT_FOUND), "admin": OK},
        post=signed_in(NOT_ALLOWED),
    ),
    Route("accounts:portfolio", no_kwargs, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Route(
        "accounts:create",
        no_kwargs,
        get=MANAGERS_PAGE,
        post=MANAGERS_WRITE,
        data=new_account_data,
        done=account_created,
    ),
    Route("accounts:detail", on_account, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route(
        "accounts:edit",
        on_account,
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=account_data,
        done=account_changed,
    ),
    # The team's competency matrix; a POST is a manager rating given in a cell.
    Route(
        "accounts:competencies",
        on_account,
        get=TEAM_READ,
        post={**TEAM_READ, "member": FORBIDDEN, "viewer": FORBIDDEN, **MANAGED},
        data=lambda w: {"person": w.partner.pk, "role": w.role.pk, "rating": 4},
        done=partner_rated,
    ),
    Route(
        "accounts:member-add",
        on_account,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: {"person": w.newcomer.pk, "allocation": 25, "degree": "lead"},
        done=newcomer_added,
    ),
    Route(
        "accounts:member-edit",
        on_partner,
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: {
            "allocation": 35,
            "start_date": w.partnership.start_date.isoformat(),
            "end_date": "",
            "notes": "Half-time from June",
        },
        done=partner_edited,
    ),
    Route(
        "accounts:member-remove",
        on_partner,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        done=partner_removed,
    ),
    Route(
        "accounts:assignment-add",
        on_partner,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: {"role": w.innovator.pk, "degree": "lead"},
        done=partner_given_innovator,
    ),
    Route(
        "accounts:assignment-remove",
        lambda w: {"pk": w.account.pk, "assignment_pk": w.assignment.pk},
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        done=assignment_removed,
    ),
    # Relationships: the account's rules (outsiders 404, viewers read only).
    Route("relationships:board", on_relationships, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route(
        "relationships:stakeholder-add",
        on_relationships,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: {
            "name": "Ewa Klientowska",
            "level": 2,
            "influence": 3,
            "attitude": "neutral",
            "buying_roles": ["champion"],
        },
        done=stakeholder_added,
    ),
    Route("relationships:stakeholder", on_stakeholder, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route(
        "relationships:stakeholder-edit",
        on_stakeholder,
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: stakeholder_data(w, title="Chief Procurement Officer", attitude="advocate"),
        done=stakeholder_edited,
    ),
    Route(
        "relationships:stakeholder-move",
        on_stakeholder,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: {"reports_to": "", "dotted_manager": ""},
        done=stakeholder_moved,
    ),
    Route(
        "relationships:stakeholder-leave",
        on_stakeholder,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        done=stakeholder_left,
    ),
    # Erasure: programme leaders and administrators, after a confirmation page.
    Route(
        "relationships:stakeholder-erase",
        on_stakeholder,
        get={**TEAM_READ, "member": FORBIDDEN, "viewer": FORBIDDEN},
        post={**TEAM_READ, "member": FORBIDDEN, "viewer": FORBIDDEN, **MANAGED},
        done=stakeholder_erased,
    ),
    Route("history:panel", on_history, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route(
        "relationships:relationship-add",
        on_stakeholder,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: {"person": w.account.lead_id, "current_level": 1, "desired_level": 3},
        done=relationship_added,
    ),
    Route(
        "relationships:relationship-edit",
        lambda w: {"account_pk": w.account.pk, "pk": w.relationship.pk},
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: {"current_level": 2, "desired_level": 4, "next_step": "Site visit"},
        done=relationship_levels_saved,
    ),
    Route(
        "relationships:interactions", on_relationships, get=TEAM_READ, post=signed_in(NOT_ALLOWED)
    ),
    Route(
        "relationships:interaction-add",
        on_relationships,
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: {
            "occurred_on": w.today.isoformat(),
            "kind": "workshop",
            "people": [w.partner.pk],
            "stakeholders": [w.stakeholder.pk],
            "notes": "Roadmap workshop",
        },
        done=interaction_logged,
    ),
    Route("relationships:two-sided", on_relationships, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route("relationships:concerns", on_relationships, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route(
        "relationships:concern-add",
        on_relationships,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: concern_data(w, topic="Single sign-on", severity="high"),
        done=concern_added,
    ),
    Route(
        "relationships:concern-edit",
        lambda w: {"account_pk": w.account.pk, "pk": w.concern.pk},
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: concern_data(w, topic="Data residency in the EU", status="in_progress"),
        done=concern_edited,
    ),
    Route(
        "relationships:concern-resolve",
        lambda w: {"account_pk": w.account.pk, "pk": w.concern.pk},
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: {"status": "resolved", "resolution": "Hosted in Frankfurt"},
        done=concern_resolved,
    ),
    Route("relationships:orgchart", on_relationships, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    # Growth: the portfolio pages for everyone signed in (scoped), the catalogue for admins.
    Route("growth:portfolio", no_kwargs, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Route("growth:offerings", no_kwargs, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Route(
        "growth:offering-create",
        no_kwargs,
        get=ADMIN_PAGE,
        post=ADMIN_WRITE,
        data=lambda w: {"name": "Energy audit", "family": "Consulting", "launch_date": ""},
        done=offering_added,
    ),
    Route(
        "growth:offering-edit",
        on_offering,
        get=ADMIN_PAGE,
        post=ADMIN_WRITE,
        data=lambda w: offering_data(w, name="Predictive maintenance Pro"),
        done=offering_renamed,
    ),
    Route("growth:adoption", no_kwargs, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Route("growth:adoption-offering", on_offering, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    # Growth of one account: the team's rules (outsiders 404, viewers read only).
    Route("growth:account", on_account, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route("growth:account-summary", on_account, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route(
        "growth:plan-edit",
        on_account,
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: {"ambition_multiple": "3", "baseline_year": 2024, "ambition_year": ""},
        done=ambition_set,
    ),
    Route(
        "growth:financial-add",
        on_account,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: {"year": 2025, "quarter": 2, "revenue": "125000.50", "currency": "PLN"},
        done=period_added,
    ),
    Route(
        "growth:financial-edit",
        on_growth_period,
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: {"revenue": "100000", "target": "150000", "potential": "400000"},
        done=period_changed,
    ),
    Route(
        "growth:financial-delete",
        on_growth_period,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        done=period_removed,
    ),
    Route("growth:whitespace", on_account, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route(
        "growth:cell-edit",
        on_growth_cell,
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: {
            "status": "competitor",
            "competitor": "Siemens",
            "revenue": "0",
            "potential": "60000",
            "currency": "PLN",
        },
        done=cell_marked,
    ),
    Route("growth:whitespace-csv", on_account, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route("growth:whitespace-xlsx", on_account, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route("growth:opportunities", on_account, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route(
        "growth:opportunity-create",
        on_account,
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=opportunity_data,
        done=opportunity_added,
    ),
    Route(
        "growth:opportunity-edit",
        lambda w: {"pk": w.account.pk, "opportunity_pk": w.opportunity.pk},
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        # Won with 60 %: the stage decides, the probability becomes 100.
        data=lambda w: opportunity_data(w, name=w.opportunity.name, stage="won", probability=60),
        done=opportunity_won,
    ),
    Route("growth:opportunities-csv", on_account, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route("growth:opportunities-xlsx", on_account, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route("growth:initiatives", on_account, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route(
        "growth:initiative-create",
        on_account,
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=initiative_data,
        done=initiative_added,
    ),
    Route(
        "growth:initiative-edit",
        lambda w: {"pk": w.account.pk, "initiative_pk": w.initiative.pk},
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: initiative_data(w, title=w.initiative.title, status="shared"),
        done=initiative_shared,
    ),
    Route("people:list", no_kwargs, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Route(
        "people:create",
        no_kwargs,
        get=MANAGERS_PAGE,
        post=MANAGERS_WRITE,
        data=person_data,
        done=person_created,
    ),
    # The directory is visible to every signed-in user, the partner's page included.
    Route(
        "people:detail",
        lambda w: {"pk": w.partner.pk},
        get=signed_in(OK),
        post=signed_in(NOT_ALLOWED),
    ),
    Route(
        "people:edit",
        lambda w: {"pk": w.partner.pk},
        get=MANAGERS_PAGE,
        post=MANAGERS_WRITE,
        data=lambda w: person_data(w, full_name="Paula Partner-Nowak", capacity=60),
        done=partner_renamed,
    ),
    # The browser's favicon request, sent on to the static SVG. RedirectView answers every
    # method with the redirect (harmless: it touches no data, but it is not a 405).
    Route(
        "favicon",
        no_kwargs,
        get=each(Expect(302, True, "/static/hexad/hexad.svg")),
        post=each(Expect(302, False, "/static/hexad/hexad.svg")),
        login_required=False,
        other=each(Expect(302, False, "/static/hexad/hexad.svg")),
    ),
    # A person's competencies: members see those of people on their teams; rating and
    # planning is for the person themself and their managers (programme leaders, admins,
    # the lead of an account they are on).
    Route(
        "people:rating-add",
        lambda w: {"pk": w.partner.pk},
        get=signed_in(NOT_ALLOWED),
        post=COMPETENCY_WRITE,
        data=lambda w: {"role": w.role.pk, "rating": 4, "source": "manager"},
        done=partner_rated,
    ),
    Route(
        "people:note-add",
        lambda w: {"pk": w.partner.pk},
        get=signed_in(NOT_ALLOWED),
        post=COMPETENCY_WRITE,
        data=lambda w: {"role": w.innovator.pk, "text": "Run a workshop", "due_date": ""},
        done=note_added,
    ),
    Route(
        "people:note-done",
        lambda w: {"pk": w.partner.pk, "note_pk": w.note.pk},
        get=signed_in(NOT_ALLOWED),
        post=COMPETENCY_WRITE,
        data=lambda w: {"done": "1"},
        done=note_done,
    ),
    # A user's own API tokens: everyone signed in has the page and creates tokens there;
    # the token in the path is `member`'s, which no one else may revoke (404).
    Route(
        "people:tokens",
        no_kwargs,
        get=signed_in(OK),
        post=signed_in(OK),
        data=lambda w: {"name": "CRM sync"},
        done=token_created,
    ),
    Route(
        "people:token-revoke",
        members_token,
        get=signed_in(NOT_ALLOWED),
        post={**signed_in(NOT_FOUND), "member": Expect(302, True, "/people/tokens/")},
        done=token_revoked,
    ),
    # Coverage: pages and exports for every signed-in user (scoped), writes for managers.
    Route("coverage:heatmap", no_kwargs, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Route("coverage:export-csv", no_kwargs, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Route("coverage:export-xlsx", no_kwargs, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Route("coverage:trend", no_kwargs, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Route(
        "coverage:recompute",
        no_kwargs,
        get=signed_in(NOT_ALLOWED),
        post={**MANAGERS_WRITE},
        done=coverage_stored,
    ),
    Route(
        "coverage:snapshot-take",
        no_kwargs,
        get=signed_in(NOT_ALLOWED),
        post={**MANAGERS_WRITE},
        done=snapshot_taken,
    ),
    # The team designer: programme leaders and administrators only (others 403). A run in
    # the path is made, and solved in-process, before the request.
    Route("staffing:designer", no_kwargs, get=MANAGERS_PAGE, post=signed_in(NOT_ALLOWED)),
    Route(
        "staffing:run-create",
        no_kwargs,
        get=signed_in(NOT_ALLOWED),
        post={**MANAGERS_WRITE},
        data=lambda w: {
            "accounts": [w.account.pk],
            "all_roles": "on",
            "fill_weight": 1000,
            "fit_weight": 1,
            "continuity_bonus": 30,
            "slots_per_person": 22,
            "per_account_limit": 2,
            "hours_per_person": 40,
            "allocation": 10,
            "time_limit": 30,
        },
        done=staffing_run_started,
    ),
    Route("staffing:run-detail", on_staffing_run, get=MANAGERS_PAGE, post=signed_in(NOT_ALLOWED)),
    Route(
        "staffing:run-apply",
        on_staffing_run,
        get=signed_in(NOT_ALLOWED),
        post={**MANAGERS_WRITE},
        data=lambda w: {"all": "1"},
        done=staffing_applied,
    ),
    # People kept out of proposals: conflicts and role restrictions (managers only).
    Route("staffing:exclusions", no_kwargs, get=MANAGERS_PAGE, post=signed_in(NOT_ALLOWED)),
    Route(
        "staffing:conflict-add",
        no_kwargs,
        get=signed_in(NOT_ALLOWED),
        post={**MANAGERS_WRITE},
        data=lambda w: {
            "person": w.newcomer.pk,
            "person_text": w.newcomer.full_name,
            "account": w.account.pk,
            "account_text": w.account.name,
            "note": "Sister is their CFO",
        },
        done=conflict_added,
    ),
    Route(
        "staffing:conflict-edit",
        on_conflict,
        get=MANAGERS_PAGE,
        post={**MANAGERS_WRITE},
        data=lambda w: {"note": "Left them in 2024"},
        done=conflict_note_saved,
    ),
    Route(
        "staffing:conflict-delete",
        on_conflict,
        get=MANAGERS_PAGE,
        post={**MANAGERS_WRITE},
        done=conflict_deleted,
    ),
    Route(
        "staffing:restriction-add",
        no_kwargs,
        get=signed_in(NOT_ALLOWED),
        post={**MANAGERS_WRITE},
        data=lambda w: {"department": w.department.pk, "role": w.innovator.pk},
        done=restriction_added,
    ),
    Route(
        "staffing:restriction-delete",
        on_restriction,
        get=MANAGERS_PAGE,
        post={**MANAGERS_WRITE},
        done=restriction_deleted,
    ),
    Route("staffing:account-search", no_kwargs, get=MANAGERS_PAGE, post=signed_in(NOT_ALLOWED)),
    Route("staffing:person-search", no_kwargs, get=MANAGERS_PAGE, post=signed_in(NOT_ALLOWED)),
    Route("roles:guide", no_kwargs, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Route(
        "roles:create",
        no_kwargs,
        get=ADMIN_PAGE,
        post=ADMIN_WRITE,
        data=lambda w: role_data(
            w, key="executive-sponsor", order=7, name_en="Executive Sponsor", name_pl="Sponsor"
        ),
        done=role_created,
    ),
    Route(
        "roles:edit",
        lambda w: {"key": w.role.key},
        get=ADMIN_PAGE,
        post=ADMIN_WRITE,
        data=lambda w: role_data(w, name_en="Growth Driver"),
        done=role_renamed,
    ),
]
# --- plans and reviews (hexad.planning) ----------------------------------------------------
# Everything below /planning/accounts/<account_pk>/ follows the account's rules (outsiders
# 404, viewers read only); approving a resource request is a programme leader's call. The
# calendar feed (planning:ics-feed) opens with its secret token and no session at all: every
# persona, anonymous included, gets the member's feed with the member's token (a wrong or
# revoked token answers 404: hexad/planning/tests/test_ics.py).

TO_PLAN = Expect(302, True, "/planning/accounts/")
PLANS_READ = {
    **TEAM_READ,
    "member": TO_PLAN,
    "viewer": TO_PLAN,
    "leader": TO_PLAN,
    "admin": TO_PLAN,
}
LEADERS_ON_ACCOUNT = {**TEAM_READ, "member": FORBIDDEN, "viewer": FORBIDDEN, **MANAGED}


def on_planning(w: SimpleNamespace) -> dict[str, Any]:
    return {"account_pk": w.account.pk}


def on_plan(w: SimpleNamespace) -> dict[str, Any]:
    return {"account_pk": w.account.pk, "pk": w.plan.pk}


def on_planning_object(name: str) -> Callable[[SimpleNamespace], dict[str, Any]]:
    return lambda w: {"account_pk": w.account.pk, "pk": getattr(w, name).pk}


def plan_made(w: SimpleNamespace, user: User | None, client: Client) -> None:
    made = AccountPlan.objects.get(account=w.account, title="Plan 2030")
    assert (made.period_start, made.created_by) == (datetime.date(2030, 1, 1), user)


def plan_retitled(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.plan.refresh_from_db()
    assert (w.plan.title, w.plan.version) == ("Acme plan, revised", 2)


def plan_sections_saved(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.plan.refresh_from_db()
    assert (w.plan.goals, w.plan.strategies) == ("Double the share of wallet", "Land and expand")


def plan_closed(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.plan.refresh_from_db()
    assert (w.plan.status, w.plan.closed_on) == ("closed", w.today)


def objective_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = Objective.objects.get(plan=w.plan, title="Win the second plant")
    assert (added.baseline, added.target) == (0, 1)


def objective_edited(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.objective.refresh_from_db()
    assert w.objective.current_value == 12


def action_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = PlanAction.objects.get(plan=w.plan, title="Book the site visit")
    assert (added.owner, added.objective, added.account) == (w.partner, w.objective, w.account)


def action_edited(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.action.refresh_from_db()
    assert (w.action.title, w.action.status) == ("Send the revised offer", "in_progress")


def action_done(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.action.refresh_from_db()
    assert (w.action.status, w.action.completed_on) == ("done", w.today)


def action_started(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.action.refresh_from_db()
    assert w.action.status == "in_progress"


def resource_requested(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = ResourceRequest.objects.get(plan=w.plan, description="A bid manager for Q3")
    assert (added.kind, added.requested_by) == ("people", user)


def resource_approved(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.resource.refresh_from_db()
    assert (w.resource.status, w.resource.decided_by) == ("approved", user)


def risk_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = Risk.objects.get(plan=w.plan, description="Budget freeze")
    assert (added.likelihood, added.impact) == (3, 2)


def risk_edited(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.risk.refresh_from_db()
    assert w.risk.mitigation == "Phase the rollout"


def review_recorded(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = Review.objects.exclude(pk=w.review.pk).get(account=w.account)
    assert (added.kind, added.created_by) == ("quarterly", user)
    assert list(added.stakeholders.all()) == [w.stakeholder]
    assert ReviewSnapshot.objects.filter(review=added).exists()


def review_edited(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.review.refresh_from_db()
    assert w.review.minutes == "Agreed the roadmap"


def decision_recorded(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = PlanAction.objects.get(review=w.review)
    assert (added.title, added.plan, added.owner) == ("Send the pilot offer", w.plan, w.partner)


def blocker_logged(w: SimpleNamespace, user: User | None, client: Client) -> None:
    added = Blocker.objects.get(account=w.account, title="Legal review takes weeks")
    assert (added.category, added.status) == ("process", "open")


def blocker_escalated(w: SimpleNamespace, user: User | None, client: Client) -> None:
    w.blocker.refresh_from_db()
    assert (w.blocker.status, w.blocker.escalated_to, w.blocker.escalated_on) == (
        "escalated",
        w.users["leader"].person,
        w.today,
    )


def feed_made(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert CalendarToken.objects.filter(user=user, revoked_at__isnull=True).count() == 1


def feed_off(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert not CalendarToken.objects.filter(user=user, revoked_at__isnull=True).exists()


def digest_off(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert DigestState.objects.get(user=user).enabled is False


def action_data(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "title": w.action.title,
        "owner": w.partner.pk,
        "due_date": (w.today + datetime.timedelta(days=10)).isoformat(),
        "status": "open",
        "role": "",
        "objective": w.objective.pk,
    }
    return {**data, **changes}


def review_data(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "kind": "quarterly",
        "held_on": w.today.isoformat(),
        "people": [w.partner.pk],
        "stakeholders": [w.stakeholder.pk],
        "agenda": "Roadmap",
        "minutes": "",
    }
    return {**data, **changes}


def blocker_data(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "title": w.blocker.title,
        "category": "collaboration",
        "owner": w.partner.pk,
        "raised_on": w.today.isoformat(),
        "status": "open",
        "escalated_to": "",
        "escalated_on": "",
        "description": "",
        "resolution": "",
    }
    return {**data, **changes}


def plan_data(w: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "title": w.plan.title,
        "period_start": w.plan.period_start.isoformat(),
        "period_end": w.plan.period_end.isoformat(),
    }
    return {**data, **changes}


ROUTES += [
    Route("planning:portfolio", no_kwargs, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Route("planning:my-work", no_kwargs, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Route("planning:my-settings", no_kwargs, get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Route(
        "planning:calendar-create",
        no_kwargs,
        get=signed_in(NOT_ALLOWED),
        post=signed_in(OK),  # the page with the new address, shown once
        done=feed_made,
    ),
    Route(
        "planning:calendar-revoke",
        no_kwargs,
        get=signed_in(NOT_ALLOWED),
        post=signed_in(Expect(302, True, "/planning/my-work/settings/")),
        done=feed_off,
    ),
    Route(
        "planning:digest-toggle",
        no_kwargs,
        get=signed_in(NOT_ALLOWED),
        post=signed_in(Expect(302, True, "/planning/my-work/settings/")),
        done=digest_off,
    ),
    Route(
        "planning:my-action-status",
        lambda w: {"pk": w.action.pk},
        get=signed_in(NOT_ALLOWED),
        post={**TEAM_WRITE_ONLY},
        data=lambda w: {"status": "in_progress"},
        done=action_started,
    ),
    Route(
        "planning:ics-feed",
        lambda w: {"token": w.feed_secret},
        get=each(OK),
        post=each(NOT_ALLOWED),
        login_required=False,
    ),
    Route("planning:account-summary", on_planning, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route("planning:plans", on_planning, get=PLANS_READ, post=signed_in(NOT_ALLOWED)),
    Route(
        "planning:plan-create",
        on_planning,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: {
            "title": "Plan 2030",
            "period_start": "2030-01-01",
            "period_end": "2030-12-31",
        },
        done=plan_made,
    ),
    Route("planning:plan-detail", on_plan, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route(
        "planning:plan-edit",
        on_plan,
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: plan_data(w, title="Acme plan, revised"),
        done=plan_retitled,
    ),
    Route(
        "planning:plan-sections",
        on_plan,
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: {
            "goals": "Double the share of wallet",
            "client_priorities": "",
            "strategies": "Land and expand",
            "version": w.plan.version,
        },
        done=plan_sections_saved,
    ),
    Route(
        "planning:plan-close",
        on_plan,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        done=plan_closed,
    ),
    Route(
        "planning:objective-add",
        on_plan,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: {
            "title": "Win the second plant",
            "metric": "Plants served",
            "baseline": "0",
            "target": "1",
            "current_value": "",
            "due_date": w.plan.period_end.isoformat(),
        },
        done=objective_added,
    ),
    Route(
        "planning:action-add",
        on_plan,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: action_data(w, title="Book the site visit"),
        done=action_added,
    ),
    Route(
        "planning:resource-add",
        on_plan,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: {"kind": "people", "description": "A bid manager for Q3", "amount": "40"},
        done=resource_requested,
    ),
    Route(
        "planning:risk-add",
        on_plan,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: {
            "description": "Budget freeze",
            "likelihood": 3,
            "impact": 2,
            "mitigation": "",
        },
        done=risk_added,
    ),
    Route(
        "planning:objective-edit",
        on_planning_object("objective"),
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: {
            "title": w.objective.title,
            "metric": w.objective.metric,
            "baseline": "5",
            "target": "20",
            "current_value": "12",
            "due_date": w.objective.due_date.isoformat(),
        },
        done=objective_edited,
    ),
    Route(
        "planning:action-edit",
        on_planning_object("action"),
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: action_data(w, title="Send the revised offer", status="in_progress"),
        done=action_edited,
    ),
    Route(
        "planning:action-status",
        on_planning_object("action"),
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: {"status": "done"},
        done=action_done,
    ),
    Route(
        "planning:resource-decide",
        on_planning_object("resource"),
        get=signed_in(NOT_ALLOWED),
        post=LEADERS_ON_ACCOUNT,
        data=lambda w: {"status": "approved", "note": ""},
        done=resource_approved,
    ),
    Route(
        "planning:risk-edit",
        on_planning_object("risk"),
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: {
            "description": w.risk.description,
            "likelihood": 2,
            "impact": 2,
            "mitigation": "Phase the rollout",
        },
        done=risk_edited,
    ),
    Route("planning:reviews", on_planning, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    # The review form's type-ahead search of our people (its attendees of ours).
    Route(
        "planning:attendee-search", on_planning, get=TEAM_WRITE_PAGE, post=signed_in(NOT_ALLOWED)
    ),
    Route(
        "planning:review-add",
        on_planning,
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=review_data,
        done=review_recorded,
    ),
    Route(
        "planning:review-detail",
        on_planning_object("review"),
        get=TEAM_READ,
        post=signed_in(NOT_ALLOWED),
    ),
    Route(
        "planning:review-edit",
        on_planning_object("review"),
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: review_data(
            w,
            kind=w.review.kind,
            held_on=w.review.held_on.isoformat(),
            minutes="Agreed the roadmap",
        ),
        done=review_edited,
    ),
    Route(
        "planning:decision-add",
        on_planning_object("review"),
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: {
            "text": "Send the pilot offer",
            "owner": w.partner.pk,
            "due_date": (w.today + datetime.timedelta(days=7)).isoformat(),
            "role": "",
            "objective": "",
        },
        done=decision_recorded,
    ),
    Route("planning:report", on_planning, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route("planning:report-pdf", on_planning, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route("planning:blockers", on_planning, get=TEAM_READ, post=signed_in(NOT_ALLOWED)),
    Route(
        "planning:blocker-add",
        on_planning,
        get=signed_in(NOT_ALLOWED),
        post=TEAM_WRITE_ONLY,
        data=lambda w: blocker_data(w, title="Legal review takes weeks", category="process"),
        done=blocker_logged,
    ),
    Route(
        "planning:blocker-edit",
        on_planning_object("blocker"),
        get=TEAM_WRITE_PAGE,
        post=TEAM_WRITE,
        data=lambda w: blocker_data(
            w, status="escalated", escalated_to=w.users["leader"].person.pk
        ),
        done=blocker_escalated,
    ),
]
# --- import (hexad.transfer) ---------------------------------------------------------------
# Only those who manage the portfolio may import (403 for others); an upload awaiting
# confirmation belongs to the leader who made it, so even an administrator gets 404.


def leaders_batch(w: SimpleNamespace) -> dict[str, Any]:
    from hexad.transfer.services import batch_check

    batch = ImportBatch.objects.create(
        owner=w.users["leader"],
        kind="accounts",
        file_name="accounts.csv",
        file_format="csv",
        header=["External id", "Name"],
        rows=[["M-1", "Matrix Minerals"]],
        mapping={"external_id": 0, "name": 1},
    )
    batch_check(batch=batch, mapping={"external_id": 0, "name": 1}, options={})
    return {"pk": batch.pk}


def team_role(w: SimpleNamespace) -> dict[str, Any]:
    mapping, _created = SalesforceRoleMapping.objects.get_or_create(team_role="Sales Engineer")
    return {"mapping_pk": mapping.pk}


def upload_data(w: SimpleNamespace) -> dict[str, Any]:
    content = "External id;Nazwa\nM-2;Matrix Metals\n".encode("cp1250")
    return {"kind": "accounts", "file": SimpleUploadedFile("accounts.csv", content)}


def batch_uploaded(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert ImportBatch.objects.get(owner=user).rows == [["M-2", "Matrix Metals"]]


def batch_checked(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert ImportBatch.objects.get(owner=user).result["created"] == 1


def batch_imported(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert Account.objects.get(external_id="M-1").name == "Matrix Minerals"
    assert not ImportBatch.objects.filter(owner=user).exists()


def batch_cancelled(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert not ImportBatch.objects.filter(owner=user).exists()
    assert not Account.objects.filter(external_id="M-1").exists()


def team_role_added(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert SalesforceRoleMapping.objects.get(team_role="Bid Manager").role == w.innovator


def team_role_changed(w: SimpleNamespace, user: User | None, client: Client) -> None:
    changed = SalesforceRoleMapping.objects.get(team_role="Sales Engineer")
    assert (changed.role, changed.degree) == (w.innovator, "lead")


def team_role_removed(w: SimpleNamespace, user: User | None, client: Client) -> None:
    assert not SalesforceRoleMapping.objects.filter(team_role="Sales Engineer").exists()


LEADERS_BATCH_PAGE = {**MANAGERS_PAGE, "admin": NOT_FOUND}
LEADERS_BATCH_WRITE = {**MANAGERS_WRITE, "admin": NOT_FOUND}

ROUTES += [
    Route(
        "transfer:upload",
        no_kwargs,
        get=MANAGERS_PAGE,
        post=MANAGERS_WRITE,
        data=upload_data,
        done=batch_uploaded,
    ),
    Route(
        "transfer:map",
        leaders_batch,
        get=LEADERS_BATCH_PAGE,
        post=LEADERS_BATCH_WRITE,
        data=lambda w: {"map_external_id": "0", "map_name": "1"},
        done=batch_checked,
    ),
    Route(
        "transfer:preview",
        leaders_batch,
        get=LEADERS_BATCH_PAGE,
        post={**signed_in(NOT_ALLOWED)},
    ),
    Route(
        "transfer:confirm",
        leaders_batch,
        get=signed_in(NOT_ALLOWED),
        post=LEADERS_BATCH_WRITE,
        done=batch_imported,
    ),
    Route(
        "transfer:cancel",
        leaders_batch,
        get=signed_in(NOT_ALLOWED),
        post=LEADERS_BATCH_WRITE,
        done=batch_cancelled,
    ),
    Route(
        "transfer:roles",
        no_kwargs,
        get=MANAGERS_PAGE,
        post=MANAGERS_WRITE,
        data=lambda w: {"team_role": "Bid Manager", "role": w.innovator.pk, "degree": "lead"},
        done=team_role_added,
    ),
    Route(
        "transfer:role-edit",
        team_role,
        get=MANAGERS_PAGE,
        post=MANAGERS_WRITE,
        data=lambda w: {"team_role": "Sales Engineer", "role": w.innovator.pk, "degree": "lead"},
        done=team_role_changed,
    ),
    Route(
        "transfer:role-delete",
        team_role,
        get=signed_in(NOT_ALLOWED),
        post=MANAGERS_WRITE,
        done=team_role_removed,
    ),
]
ROUTES_BY_NAME = {route.name: route for route in ROUTES}


# --- the world every row is tried in --------------------------------------------------------


def build_world() -> dict[str, int]:
    """The personas and `account` of /work/main/conftest.py, plus a partner with a role and
    a development step on the account's team. Returns the ids `world` loads them by."""
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
    partner = PersonFactory(full_name="Paula Partner")
    partnership = TeamMembershipFactory(account=account, person=partner, allocation=50)
    assignment = RoleAssignmentFactory(membership=partnership, degree="contributing")
    note = DevelopmentNote.objects.create(
        person=partner, role=Role.objects.get(key="results-driver"), text="Shadow a tender"
    )
    return {
        **{f"user:{key}": user.pk for key, user in users.items()},
        "account": account.pk,
        "tier": tier.pk,
        "partner": partner.pk,
        "partnership": partnership.pk,
        "assignment": assignment.pk,
        "note": note.pk,
        "newcomer": PersonFactory(full_name="Nina Newcomer").pk,
        "department": DepartmentFactory(name="Key Accounts").pk,
        **_relationships_world(account, partner),
        **_growth_world(account),
        **_planning_world(account, partner, users["member"]),
    }


def _growth_world(account: Account) -> dict[str, int]:
    """A business unit with an open whitespace cell of a new offering, the figures of a
    quarter, an opportunity for that cell and a value initiative about the offering."""
    unit = BusinessUnitFactory(account=account, name="Utrzymanie ruchu")
    offering = OfferingFactory(
        name="Predictive maintenance",
        family="Digital services",
        is_new=True,
        launch_date=datetime.date(2024, 6, 1),
    )
    WhitespaceCellFactory(account=account, business_unit=unit, offering=offering)
    return {
        "unit": unit.pk,
        "offering": offering.pk,
        "financial": FinancialPeriodFactory(account=account, year=2025, quarter=1).pk,
        "opportunity": OpportunityFactory(
            account=account, offering=offering, business_unit=unit
        ).pk,
        "initiative": ValueInitiativeFactory(account=account, offering=offering).pk,
    }


def _growth_objects(ids: dict[str, int]) -> dict[str, Any]:
    return {
        "unit": BusinessUnit.objects.get(pk=ids["unit"]),
        "offering": Offering.objects.get(pk=ids["offering"]),
        "financial": FinancialPeriod.objects.get(pk=ids["financial"]),
        "opportunity": Opportunity.objects.get(pk=ids["opportunity"]),
        "initiative": ValueInitiative.objects.get(pk=ids["initiative"]),
    }


def _relationships_world(account: Account, partner: Person) -> dict[str, int]:
    """A stakeholder under a boss, the partner's relationship with them, and a concern."""
    boss = StakeholderFactory(account=account, name="Celina Prezes", level=1)
    stakeholder = StakeholderFactory(account=account, name="Jan Klient", reports_to=boss)
    relationship = RelationshipFactory(person=partner, stakeholder=stakeholder)
    concern = TechnicalConcernFactory(account=account, raised_by=stakeholder, topic="Residency")
    return {
        "boss": boss.pk,
        "stakeholder": stakeholder.pk,
        "relationship": relationship.pk,
        "concern": concern.pk,
    }


FEED_SECRET = "member-calendar-feed-secret-0123456789"


def _planning_world(account: Account, partner: Person, member: User) -> dict[str, int]:
    """A current plan with an objective, the partner's action on it, a resource request and
    a risk; a check-in held last week; an internal blocker; the member's calendar feed."""
    today = timezone.localdate()
    plan = AccountPlan.objects.create(
        account=account,
        title="Acme plan",
        period_start=today - datetime.timedelta(days=30),
        period_end=today + datetime.timedelta(days=300),
    )
    objective = Objective.objects.create(
        plan=plan,
        title="Grow the share of wallet",
        metric="Share of wallet (%)",
        baseline=5,
        target=20,
        due_date=today + datetime.timedelta(days=200),
    )
    action = PlanAction.objects.create(
        plan=plan,
        account=account,
        objective=objective,
        title="Map the buying centre",
        owner=partner,
        due_date=today + datetime.timedelta(days=10),
    )
    review = Review.objects.create(
        account=account, kind="check_in", held_on=today - datetime.timedelta(days=7)
    )
    review.people.add(partner)
    CalendarToken.objects.create(user=member, token_hash=token_hash(FEED_SECRET), hint="6789")
    return {
        "plan": plan.pk,
        "objective": objective.pk,
        "action": action.pk,
        "resource": ResourceRequest.objects.create(
            plan=plan, kind="expertise", description="A pricing analyst"
        ).pk,
        "risk": Risk.objects.create(plan=plan, description="Competitor undercuts us").pk,
        "review": review.pk,
        "blocker": Blocker.objects.create(
            account=account, title="No shared CRM view", owner=partner
        ).pk,
    }


def _planning_objects(ids: dict[str, int]) -> dict[str, Any]:
    return {
        "plan": AccountPlan.objects.get(pk=ids["plan"]),
        "objective": Objective.objects.get(pk=ids["objective"]),
        "action": PlanAction.objects.get(pk=ids["action"]),
        "resource": ResourceRequest.objects.get(pk=ids["resource"]),
        "risk": Risk.objects.get(pk=ids["risk"]),
        "review": Review.objects.get(pk=ids["review"]),
        "blocker": Blocker.objects.get(pk=ids["blocker"]),
        "feed_secret": FEED_SECRET,
    }


@pytest.fixture(scope="module")
def world_ids(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    """The world, made once for this module in a transaction rolled back at its end.

    Each test runs inside it in a savepoint of its own (pytest-django's `db`), so what a
    test writes is gone before the next one; the objects are loaded afresh by `world`.
    """
    fast_hasher = override_settings(PASSWORD_HASHERS=FAST_HASHERS)
    with django_db_blocker.unblock():
        ensure_catalogue()
    with django_db_blocker.unblock(), transaction.atomic():
        with fast_hasher:
            ids = build_world()
        yield ids
        transaction.set_rollback(True)


@pytest.fixture
def world(world_ids: dict[str, int], db: None) -> SimpleNamespace:
    keys = ("admin", "leader", "member", "viewer", "outsider")
    by_id = User.objects.in_bulk([world_ids[f"user:{key}"] for key in keys])
    users = {key: by_id[world_ids[f"user:{key}"]] for key in keys}
    roles = Role.objects.in_bulk(["innovator", "results-driver"], field_name="key")
    account = Account.objects.select_related("tier").get(pk=world_ids["account"])
    return SimpleNamespace(
        users=users,
        member=users["member"],
        account=account,
        tier=account.tier,
        partner=Person.objects.get(pk=world_ids["partner"]),
        partnership=TeamMembership.objects.get(pk=world_ids["partnership"]),
        assignment=RoleAssignment.objects.get(pk=world_ids["assignment"]),
        note=DevelopmentNote.objects.get(pk=world_ids["note"]),
        newcomer=Person.objects.get(pk=world_ids["newcomer"]),
        department=Department.objects.get(pk=world_ids["department"]),
        boss=Stakeholder.objects.get(pk=world_ids["boss"]),
        stakeholder=Stakeholder.objects.get(pk=world_ids["stakeholder"]),
        relationship=Relationship.objects.get(pk=world_ids["relationship"]),
        concern=TechnicalConcern.objects.get(pk=world_ids["concern"]),
        innovator=roles["innovator"],
        role=roles["results-driver"],
        today=timezone.localdate(),
        **_planning_objects(world_ids),
        **_growth_objects(world_ids),
    )


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of Hexad's apps, users included (sessions, login attempts
    and Django's own bookkeeping left out). Plain SQL: this runs twice in every test."""
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
    )


def client_for(persona: str, world: SimpleNamespace) -> tuple[Client, User | None]:
    client = Client()
    user = world.users.get(persona)
    if user is not None:
        client.force_login(user)
    return client, user


def check_status(response: Any, expect: Expect, label: str) -> None:
    assert response.status_code == expect.status, (
        f"{label}: expected {expect.status}, got {response.status_code}"
    )
    if expect.status == 302 and expect.location:
        assert response["Location"].startswith(expect.location), (
            f"{label}: redirected to {response['Location']}, expected {expect.location}…"
        )


def cases(method: str) -> list[Any]:
    return [
        pytest.param(route.name, persona, id=f"{route.name}-{persona}-{method}")
        for route in ROUTES
        for persona in PERSONAS
    ]


# --- the tests ----------------------------------------------------------------------------


def project_routes() -> set[str]:
    """Every URL pattern: its namespaced name, or its path when it has none (admin left out)."""

    def walk(patterns: list[Any], namespace: str, prefix: str) -> set[str]:
        names: set[str] = set()
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                if inner in {"admin", "api"}:  # the REST API: tests/test_api_matrix.py
                    continue
                names |= walk(pattern.url_patterns, inner, route)
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
                else:
                    names.add(f"/{route}")
        return names

    return walk(get_resolver().url_patterns, "", "")


def test_every_route_of_the_project_is_in_the_matrix() -> None:
    missing = project_routes() - set(ROUTES_BY_NAME)
    assert not missing, f"routes missing from the access matrix: {sorted(missing)}"
    stale = set(ROUTES_BY_NAME) - project_routes()
    assert not stale, f"rows for routes that no longer exist: {sorted(stale)}"


def test_every_row_names_an_answer_for_every_persona() -> None:
    for route in ROUTES:
        assert set(route.get) == set(PERSONAS), route.name
        assert set(route.post) == set(PERSONAS), route.name
        assert route.methods, f"{route.name} answers neither GET nor POST"
        if "POST" in route.methods and any(e.allowed for e in route.post.values()):
            assert route.done is not None, f"{route.name}: say what an allowed POST does"


def test_the_snapshot_sees_a_change(world: SimpleNamespace) -> None:
    before = snapshot()
    assert before[Account._meta.db_table], "the snapshot must read the account table"
    TeamMembership.objects.filter(pk=world.partnership.pk).update(allocation=51)
    assert snapshot() != before


@pytest.mark.parametrize(("name", "persona"), cases("GET"))
def test_get(name: str, persona: str, world: SimpleNamespace) -> None:
    route = ROUTES_BY_NAME[name]
    client, _user = client_for(persona, world)
    url = route.url(world)
    before = snapshot()

    response = client.get(url)

    check_status(response, route.get[persona], f"GET {url} as {persona}")
    assert snapshot() == before, f"GET {url} as {persona} changed the database"


@pytest.mark.parametrize(("name", "persona"), cases("POST"))
def test_post(name: str, persona: str, world: SimpleNamespace) -> None:
    route = ROUTES_BY_NAME[name]
    expect = route.post[persona]
    client, user = client_for(persona, world)
    url = route.url(world)
    before = snapshot()

    response = client.post(url, route.data(world))

    check_status(response, expect, f"POST {url} as {persona}")
    if expect.allowed:
        assert route.done is not None
        route.done(world, user, client)
    else:
        assert snapshot() == before, f"denied POST {url} as {persona} changed the database"


@pytest.mark.parametrize(("name", "persona"), cases("PUT-PATCH-DELETE"))
def test_other_methods_are_not_allowed(name: str, persona: str, world: SimpleNamespace) -> None:
    route = ROUTES_BY_NAME[name]
    expect = route.other_expect(persona)
    client, _user = client_for(persona, world)
    url = route.url(world)
    before = snapshot()

    for method in OTHER_METHODS:
        response = getattr(client, method)(url, route.data(world), content_type="text/plain")
        check_status(response, expect, f"{method.upper()} {url} as {persona}")

    assert snapshot() == before


# --- objects of one account reached through another -----------------------------------------


@pytest.fixture
def elsewhere(world: SimpleNamespace) -> SimpleNamespace:
    """An account `member` is not on, with a team member holding a role."""
    membership = TeamMembershipFactory(person=PersonFactory(full_name="Ola Obca"))
    return SimpleNamespace(
        account=membership.account,
        membership=membership,
        assignment=RoleAssignmentFactory(membership=membership),
        stakeholder=(theirs := StakeholderFactory(account=membership.account)),
        relationship=RelationshipFactory(stakeholder=theirs),
        concern=TechnicalConcernFactory(account=membership.account, raised_by=theirs),
    )


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        (
            "accounts:member-edit",
            lambda w, e: {"pk": w.account.pk, "membership_pk": e.membership.pk},
        ),
        (
            "accounts:member-remove",
            lambda w, e: {"pk": w.account.pk, "membership_pk": e.membership.pk},
        ),
        (
            "accounts:assignment-add",
            lambda w, e: {"pk": w.account.pk, "membership_pk": e.membership.pk},
        ),
        (
            "accounts:assignment-remove",
            lambda w, e: {"pk": w.account.pk, "assignment_pk": e.assignment.pk},
        ),
    ],
)
@pytest.mark.parametrize("persona", ["member", "leader"])
def test_an_object_of_another_account_is_not_found_through_an_account_one_may_edit(
    name: str,
    kwargs: Any,
    persona: str,
    world: SimpleNamespace,
    elsewhere: SimpleNamespace,
) -> None:
    client, _user = client_for(persona, world)
    url = reverse(name, kwargs=kwargs(world, elsewhere))
    before = snapshot()

    response = client.post(url, {"allocation": 10, "start_date": "2024-01-01", "role": 1})

    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "method", "key"),
    [
        ("relationships:stakeholder", "get", "stakeholder"),
        ("relationships:stakeholder-edit", "get", "stakeholder"),
        ("relationships:stakeholder-edit", "post", "stakeholder"),
        ("relationships:stakeholder-move", "post", "stakeholder"),
        ("relationships:stakeholder-leave", "post", "stakeholder"),
        ("relationships:stakeholder-erase", "get", "stakeholder"),
        ("relationships:stakeholder-erase", "post", "stakeholder"),
        ("relationships:relationship-add", "post", "stakeholder"),
        ("relationships:relationship-edit", "get", "relationship"),
        ("relationships:relationship-edit", "post", "relationship"),
        ("relationships:concern-edit", "get", "concern"),
        ("relationships:concern-edit", "post", "concern"),
        ("relationships:concern-resolve", "post", "concern"),
    ],
)
@pytest.mark.parametrize("persona", ["member", "leader"])
def test_a_stakeholder_object_of_another_account_is_not_found_through_ones_own(
    name: str,
    method: str,
    key: str,
    persona: str,
    world: SimpleNamespace,
    elsewhere: SimpleNamespace,
) -> None:
    client, _user = client_for(persona, world)
    url = reverse(name, kwargs={"account_pk": world.account.pk, "pk": getattr(elsewhere, key).pk})
    before = snapshot()

    response = getattr(client, method)(
        url, {"status": "resolved", "resolution": "x", "current_level": 1, "desired_level": 1}
    )

    assert response.status_code == 404
    assert snapshot() == before


def test_stakeholders_of_another_account_cannot_be_chosen(
    world: SimpleNamespace, elsewhere: SimpleNamespace
) -> None:
    """Naming another account's stakeholder as a manager, participant or raiser stores nothing
    and says only that it is not a stakeholder of this account."""
    client, _user = client_for("member", world)
    theirs = elsewhere.stakeholder.pk
    attempts = [
        ("relationships:stakeholder-move", on_stakeholder, {"reports_to": theirs}, "reports_to"),
        (
            "relationships:interaction-add",
            on_relationships,
            {"occurred_on": world.today.isoformat(), "kind": "call",
             "people": [world.partner.pk], "stakeholders": [theirs]},
            "stakeholders",
        ),
        (
            "relationships:concern-add",
            on_relationships,
            concern_data(world, topic="Sneaky", raised_by=theirs),
            "raised_by",
        ),
    ]  # fmt: skip
    for name, kwargs, data, field in attempts:
        before = snapshot()
        response = client.post(reverse(name, kwargs=kwargs(world)), data)
        assert response.status_code == 400, name
        assert "Choose a stakeholder of this account." in response.content.decode(), name
        assert elsewhere.stakeholder.name not in response.content.decode(), name
        assert snapshot() == before, name
        assert field


@pytest.mark.parametrize(
    "name", ["accounts:detail", "accounts:edit", "accounts:member-add", "accounts:member-edit"]
)
def test_a_missing_account_is_not_found_even_for_the_programme_leader(
    name: str, world: SimpleNamespace
) -> None:
    client, _user = client_for("leader", world)
    kwargs: dict[str, Any] = {"pk": 999_999}
    if name == "accounts:member-edit":
        kwargs["membership_pk"] = world.partnership.pk
    response = (
        client.post(reverse(name, kwargs=kwargs))
        if "add" in name
        else client.get(reverse(name, kwargs=kwargs))
    )
    assert response.status_code == 404


# --- lists are scoped like objects -------------------------------------------------------------


def test_the_portfolio_lists_only_the_accounts_a_member_may_see(world: SimpleNamespace) -> None:
    hidden = TeamMembershipFactory(person=PersonFactory(full_name="Ola Obca")).account
    client, _user = client_for("member", world)

    html = client.get(reverse("accounts:portfolio")).content.decode()

    assert world.account.name in html
    assert hidden.name not in html


def test_the_portfolio_shows_an_outsider_no_account(world: SimpleNamespace) -> None:
    client, _user = client_for("outsider", world)

    response = client.get(reverse("accounts:portfolio"), {"q": "Acme"})

    assert response.status_code == 200
    assert world.account.name not in response.content.decode()


def test_a_persons_page_hides_teams_on_accounts_the_reader_may_not_see(
    world: SimpleNamespace,
) -> None:
    hidden = TeamMembershipFactory(person=world.partner, account__name="Secret Sp. z o.o.")
    client, _user = client_for("outsider", world)

    html = client.get(reverse("people:detail", kwargs={"pk": world.partner.pk})).content.decode()

    assert hidden.account.name not in html
    assert world.account.name not in html
    assert "2 of them are not visible to you." in html


@pytest.mark.parametrize(
    ("persona", "sees"), [("outsider", False), ("member", True), ("viewer", True)]
)
@pytest.mark.parametrize(
    "name", ["coverage:heatmap", "coverage:export-csv", "coverage:export-xlsx"]
)
def test_the_heatmap_and_its_exports_are_scoped_like_the_portfolio(
    name: str, persona: str, sees: bool, world: SimpleNamespace
) -> None:
    hidden = TeamMembershipFactory(account__name="Tajne Sp. z o.o.").account
    client, _user = client_for(persona, world)

    response = client.get(reverse(name))

    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if name == "coverage:export-xlsx":
        body = xlsx_text(body)
    assert (world.account.name.encode() in body) is sees
    assert (hidden.name.encode() in body) is (persona == "viewer")


def xlsx_text(content: bytes) -> bytes:
    """The text of every cell of an XLSX file (shared strings and inline strings)."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return b"".join(book.read(name) for name in book.namelist() if name.startswith("xl/"))


# --- Django's admin -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["anonymous", "member", "viewer", "leader"])
def test_the_admin_sends_anyone_but_staff_to_its_sign_in(
    persona: str, world: SimpleNamespace
) -> None:
    client, _user = client_for(persona, world)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_admin_opens_for_staff(world: SimpleNamespace) -> None:
    client, _user = client_for("admin", world)
    assert client.get("/admin/").status_code == 200
