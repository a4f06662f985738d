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
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from hexad.accounts.models import Account, RoleAssignment, TeamMembership
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
from hexad.people.models import AccessLevel, CompetencyRating, Department, Person, User
from hexad.people.tests.factories import DepartmentFactory, PersonFactory, UserFactory
from hexad.roles.models import Role

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


# --- the matrix ------------------------------------------------------------------------------


def on_account(w: SimpleNamespace, rest: str = "") -> str:
    return f"{PREFIX}/accounts/{w.account.pk}{rest}"


def partnership_url(w: SimpleNamespace) -> str:
    return on_account(w, f"/memberships/{w.partnership.pk}")


def assignment_url(w: SimpleNamespace) -> str:
    return on_account(w, f"/assignments/{w.assignment.pk}")


def partner_url(w: SimpleNamespace, rest: str = "") -> str:
    return f"{PREFIX}/people/{w.partner.pk}{rest}"


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
    # tiers: read only
    Operation("tier_list", "GET", lambda w: f"{PREFIX}/tiers", READ),
    Operation("tier_detail", "GET", lambda w: f"{PREFIX}/tiers/{w.tier.pk}", READ),
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
    return {
        **{f"user:{key}": user.pk for key, user in users.items()},
        **{f"secret:{key}": secret for key, secret in secrets.items()},
        "account": account.pk,
        "tier": tier.pk,
        "partner": partner.pk,
        "partnership": partnership.pk,
        "assignment": assignment.pk,
        "rating": rating.pk,
        "unit": BusinessUnitFactory(account=account, name="Procurement").pk,
        "newcomer": PersonFactory(full_name="Nina Newcomer").pk,
        "department": DepartmentFactory(name="Key Accounts").pk,
    }


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
        unit=Account.objects.get(pk=world_ids["account"]).business_units.get(),
        newcomer=Person.objects.get(pk=world_ids["newcomer"]),
        department=Department.objects.get(pk=world_ids["department"]),
        role=Role.objects.get(key="results-driver"),
        innovator=Role.objects.get(key="innovator"),
        today=timezone.localdate(),
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
