"""The API journey: a member creates a personal API token, uses it, reads the interactive
API docs, tries an operation there, and revokes the token.

Swagger UI is served from Hexad's own static files under Hexad's Content Security Policy;
the `context` fixture fails the test on any CSP violation or uncaught script error, so this
journey is what shows the docs page works without a CDN and without 'unsafe-inline'.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from hexad.accounts.tests.factories import AccountFactory, TeamMembershipFactory
from hexad.people.models import AccessLevel
from hexad.people.tests.factories import PersonFactory, UserFactory

LoginHelper = Callable[..., None]  # the `login` fixture of conftest.py
SEED_MIGRATIONS = [
    ("hexad.roles.migrations.0002_seed_six_roles", "seed"),
    ("hexad.roles.migrations.0003_role_anchors", "fill_anchors"),
    ("hexad.accounts.migrations.0002_default_tiers", "seed"),
]

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_creates_uses_and_revokes_an_api_token(
    page: Page, live_server: LiveServer, login: LoginHelper
) -> None:
    for module, function in SEED_MIGRATIONS:
        getattr(import_module(module), function)(django_apps, None)
    member = UserFactory(username="member", access_level=AccessLevel.MEMBER)
    person = PersonFactory(full_name="Maria Member", user=member)
    TeamMembershipFactory(account=AccountFactory(name="Acme Polska"), person=person)

    # --- 1. From the user menu to the token page; create a token ------------------------
    login(page, live_server, "member")
    page.locator("details.user-menu summary").click()
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your API tokens")
    expect(page.get_by_text("You have no API tokens yet.")).to_be_visible()
    page.get_by_label("Token name").fill("CRM sync")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_text("Copy it now: it is shown only this once")).to_be_visible()
    secret = page.locator("#new-token").input_value()
    assert secret.startswith("hexad_")

    # --- 2. A program uses it ------------------------------------------------------------
    api = page.context.request
    me = api.get(live_server.url + "/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status == 200
    assert me.json()["username"] == "member"
    accounts = api.get(
        live_server.url + "/api/v1/accounts", headers={"Authorization": f"Bearer {secret}"}
    )
    assert [row["name"] for row in accounts.json()["results"]] == ["Acme Polska"]

    # --- 3. The docs: Swagger UI from Hexad's own files, an operation tried out ----------
    page.get_by_role("link", name="API documentation").click()
    expect(page).to_have_url(live_server.url + "/api/v1/docs")
    operation = page.locator(".opblock").filter(has_text="/api/v1/me").first
    expect(operation).to_be_visible()
    # Opening an operation sets the page's #fragment (deep linking); do not wait for that
    # "navigation", only for the operation to open (Swagger UI renders ~150 operations).
    operation.locator(".opblock-summary").click(no_wait_after=True)
    try_it = operation.get_by_role("button", name="Try it out")
    expect(try_it).to_be_visible(timeout=20_000)
    try_it.click()
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    expect(status).to_have_text("200")
    expect(operation.locator(".live-responses-table")).to_contain_text("Maria Member")

    # --- 4. Revoke: the token stops working at once ---------------------------------------
    page.goto(live_server.url + reverse("people:tokens"))
    row = page.locator("tbody tr").filter(has_text="CRM sync")
    row.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("Token CRM sync revoked.")).to_be_visible()
    expect(page.locator("tbody tr").filter(has_text="CRM sync")).to_contain_text("revoked")
    refused = api.get(live_server.url + "/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status == 401
