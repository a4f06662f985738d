"""The history journey: a programme leader edits a stakeholder, reads the change in the
History panel, then erases the stakeholder.

The leader changes the stakeholder's title from its page; the History panel (loaded with
HTMX when scrolled into view) shows "Title: old → new" by the leader, through the page.
Erasing through the confirmation page leaves, on the account's History panel, the
anonymous entry "A stakeholder was erased…", and the name appears on none of the
account's pages any more. The `context` fixture fails the test on any CSP violation or
uncaught script error.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from hexad.accounts.models import Account, Tier
from hexad.accounts.tests.factories import AccountFactory, TeamMembershipFactory
from hexad.people.models import AccessLevel
from hexad.people.tests.factories import PersonFactory, UserFactory
from hexad.relationships.models import Stakeholder
from hexad.relationships.tests.factories import RelationshipFactory, StakeholderFactory

LoginHelper = Callable[..., None]  # the `login` fixture of conftest.py

ACCOUNT_NAME = "Polimex Energia S.A."
ERASED = "Zofia Grabowska"
OLD_TITLE = "Dyrektor Finansowa"
NEW_TITLE = "Członek Zarządu ds. Finansowych"

SEED_MIGRATIONS = [
    ("hexad.roles.migrations.0002_seed_six_roles", "seed"),
    ("hexad.roles.migrations.0003_role_anchors", "fill_anchors"),
    ("hexad.accounts.migrations.0002_default_tiers", "seed"),
]

pytestmark = pytest.mark.django_db(transaction=True)


def _restore_seed_data() -> None:
    """The live server's database is emptied after every test: put the roles and tiers back."""
    for module, function in SEED_MIGRATIONS:
        getattr(import_module(module), function)(django_apps, None)


def _build_client() -> tuple[Account, Stakeholder]:
    """The leader, an account with one team member, a CEO and the stakeholder to erase."""
    _restore_seed_data()
    leader = UserFactory(username="leader", access_level=AccessLevel.PROGRAMME_LEADER)
    PersonFactory(full_name="Lena Leader", user=leader)
    adam = PersonFactory(full_name="Adam Nowicki")
    account = AccountFactory(name=ACCOUNT_NAME, tier=Tier.objects.get(rank=1), lead=adam)
    TeamMembershipFactory(account=account, person=adam, allocation=40)
    ceo = StakeholderFactory(account=account, name="Jerzy Prezes", title="Prezes Zarządu")
    cfo = StakeholderFactory(account=account, name=ERASED, title=OLD_TITLE, reports_to=ceo)
    RelationshipFactory(person=adam, stakeholder=cfo)
    return account, cfo


def test_leader_reads_a_change_in_history_then_erases_the_stakeholder(
    page: Page, live_server: LiveServer, login: LoginHelper
) -> None:
    account, cfo = _build_client()
    stakeholder_url = live_server.url + reverse(
        "relationships:stakeholder", args=[account.pk, cfo.pk]
    )

    # --- 1. The leader changes the title from the stakeholder's page -----------------------
    login(page, live_server, "leader")
    page.goto(stakeholder_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(ERASED)
    page.locator(".page-actions").get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Title").fill(NEW_TITLE)
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(stakeholder_url)

    # --- 2. The History panel loads when scrolled to and names the change ------------------
    panel = page.locator("section.history")
    panel.scroll_into_view_if_needed()
    changes = panel.locator(".history-changes li").filter(has=page.locator("del"))
    change = changes.filter(has_text="Title:")
    expect(change).to_have_count(1)
    expect(change.locator("del")).to_have_text(OLD_TITLE)
    expect(change.locator("ins")).to_have_text(NEW_TITLE)
    entry = panel.locator("tbody tr").filter(has=page.locator("ins", has_text=NEW_TITLE))
    expect(entry.locator("td").nth(1)).to_have_text("Lena Leader")
    expect(entry.locator("td").nth(2)).to_have_text("Page")

    # --- 3. Erasing goes through the confirmation page -------------------------------------
    page.get_by_role("link", name="Erase their personal data…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Erase {ERASED}?")
    page.get_by_role("button", name="Erase for good").click()
    expect(page).to_have_url(live_server.url + reverse("relationships:board", args=[account.pk]))
    expect(page.locator(".messages")).to_contain_text(
        "The stakeholder and all their personal data were erased."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Relationships")
    expect(page.locator("main")).to_contain_text("Jerzy Prezes")
    expect(page.locator("body")).not_to_contain_text(ERASED)

    # --- 4. The account's history keeps an anonymous entry -------------------------------
    page.goto(live_server.url + reverse("accounts:detail", args=[account.pk]))
    panel = page.locator("section.history")
    panel.scroll_into_view_if_needed()
    erased = panel.locator("tbody tr").filter(
        has_text="A stakeholder was erased with all their personal data."
    )
    expect(erased).to_have_count(1)
    expect(erased.locator("td").nth(1)).to_have_text("Lena Leader")
    expect(page.locator("body")).not_to_contain_text(ERASED)

    # --- 5. The name is on none of the account's pages -------------------------------------
    for route in ("board", "orgchart", "interactions", "concerns"):
        page.goto(live_server.url + reverse(f"relationships:{route}", args=[account.pk]))
        expect(page.locator("body")).not_to_contain_text(ERASED)
        expect(page.locator("body")).not_to_contain_text(NEW_TITLE)
    history = live_server.url + reverse("history:panel", args=["accounts.account", account.pk])
    page.goto(history)
    expect(page.locator("main")).to_contain_text("A stakeholder was erased")
    expect(page.locator("body")).not_to_contain_text(ERASED)
