"""The relationships journey: an account lead maps a new stakeholder and meets them.

A programme leader opens an account's org chart from the account page, adds a stakeholder
under the client's CTO (HTMX, no page reload), logs a meeting with her from her page, and
sees the relationship figures and the chart change. A second test draws the chart of a
client with 300 stakeholders and keeps a screenshot of it in test-results/<test>/.
The `context` fixture fails a test on any CSP violation or uncaught script error.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from hexad.accounts.models import Account, Tier
from hexad.accounts.tests.factories import (
    AccountFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
)
from hexad.people.models import AccessLevel, Person
from hexad.people.tests.factories import DepartmentFactory, PersonFactory, UserFactory
from hexad.relationships.models import (
    Interaction,
    Relationship,
    RelationshipLevel,
    Stakeholder,
    StakeholderLevel,
)
from hexad.relationships.tests.factories import RelationshipFactory, StakeholderFactory
from hexad.roles.models import Role

LoginHelper = Callable[..., None]  # the `login` fixture of conftest.py

ACCOUNT_NAME = "Polimex Energia S.A."
NEWCOMER = "Natalia Wróbel"
OURS = "Adam Nowicki"

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


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _build_client() -> tuple[Account, dict[str, Stakeholder], Person]:
    """The leader, an account with two team members and a client board of three."""
    _restore_seed_data()
    leader = UserFactory(username="leader", access_level=AccessLevel.PROGRAMME_LEADER)
    PersonFactory(full_name="Lena Leader", user=leader)
    sales = DepartmentFactory(name="Sales")
    adam = PersonFactory(full_name=OURS, department=sales)
    marta = PersonFactory(full_name="Marta Kowalska", department=sales)
    account = AccountFactory(name=ACCOUNT_NAME, tier=Tier.objects.get(rank=1), lead=adam)
    TeamMembershipFactory(account=account, person=adam, allocation=40)
    RoleAssignmentFactory(
        membership=TeamMembershipFactory(account=account, person=marta, allocation=25),
        role=Role.objects.get(key="technical-expert"),
    )
    old = _days_ago(800)
    ceo = StakeholderFactory(
        account=account, name="Jerzy Prezes", title="Prezes Zarządu", owner=adam,
        level=StakeholderLevel.EXECUTIVE, attitude="supporter", first_engaged=old,
    )  # fmt: skip
    cto = StakeholderFactory(
        account=account, name="Tomasz Technik", title="Dyrektor ds. Technologii", reports_to=ceo,
        level=StakeholderLevel.EXECUTIVE, attitude="skeptic", first_engaged=old,
        is_technical_evaluator=True,
    )  # fmt: skip
    cfo = StakeholderFactory(
        account=account, name="Filomena Finanse", title="Członek Zarządu ds. Finansowych",
        reports_to=ceo, level=StakeholderLevel.EXECUTIVE, attitude="neutral",
        first_engaged=old, is_economic_buyer=True,
    )  # fmt: skip
    RelationshipFactory(
        person=adam, stakeholder=ceo, current_level=RelationshipLevel.TRUSTED,
        desired_level=RelationshipLevel.ADVISOR, last_interaction=_days_ago(10),
    )  # fmt: skip
    RelationshipFactory(
        person=marta, stakeholder=cto, current_level=RelationshipLevel.WORKING,
        desired_level=RelationshipLevel.TRUSTED, last_interaction=_days_ago(200),
    )  # fmt: skip
    return account, {"ceo": ceo, "cto": cto, "cfo": cfo}, adam


def figure(page: Page, label: str) -> Locator:
    """The number on the relationship figure whose label contains `label`."""
    return page.locator(".rel-metric").filter(has_text=label).locator(".rel-figure")


def test_lead_maps_a_new_stakeholder_and_meets_her(
    page: Page, live_server: LiveServer, login: LoginHelper, output_path: str
) -> None:
    account, board, adam = _build_client()
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)

    def snap(name: str) -> None:
        page.screenshot(path=shots / f"{name}.png", full_page=True, caret="initial")

    # --- 1. From the account page to its org chart ---------------------------------------
    login(page, live_server, "leader")
    page.goto(live_server.url + reverse("accounts:detail", args=[account.pk]))
    page.locator(".account-links").get_by_role("link", name="Org chart").click()
    expect(page).to_have_url(live_server.url + reverse("relationships:orgchart", args=[account.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Org chart")
    chart = page.locator("svg.orgchart")
    expect(chart.locator("a[aria-label^='Tomasz Technik']")).to_have_count(1)
    expect(chart.locator(f"a[aria-label^='{NEWCOMER}']")).to_have_count(0)
    expect(page.locator("#missing-heading")).to_have_text("Missing information")
    snap("01-org-chart")

    # --- 2. The Relationships page: the figures before -----------------------------------
    page.get_by_role("link", name="Add a stakeholder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Relationships")
    expect(figure(page, "executives with a working relationship")).to_have_text("2 of 3")
    expect(figure(page, "single-threaded")).to_have_text("2")
    expect(figure(page, "stale relationships")).to_have_text("1")
    expect(figure(page, "new stakeholders this quarter")).to_have_text("0")
    expect(figure(page, "nobody owns")).to_have_text("2")
    snap("02-relationships-before")

    # --- 3. Add a stakeholder under the CTO, in place --------------------------------------
    page.evaluate("window.__journey = 1")
    form = page.locator("form.rel-add")
    form.get_by_label(re.compile(r"^Full name")).fill(NEWCOMER)
    form.get_by_label("Job title").fill("Kierownik Architektury IT")
    form.get_by_label("Level").select_option(label="Senior management")
    form.get_by_label("Reports to").select_option(label="Tomasz Technik — Dyrektor ds. Technologii")
    form.get_by_label("Technical evaluator").check()
    form.get_by_label("Attitude to us").select_option(label="Supporter")
    form.get_by_role("button", name="Add stakeholder").click()

    expect(page.locator("#messages")).to_contain_text(f"{NEWCOMER} added.")
    row = page.locator("#stakeholder-results tbody tr").filter(has_text=NEWCOMER)
    expect(row).to_contain_text("Tomasz Technik")
    expect(row).to_contain_text("nobody knows them")
    expect(figure(page, "nobody owns")).to_have_text("3")
    assert page.evaluate("window.__journey") == 1, "adding a stakeholder reloaded the page"
    newcomer = Stakeholder.objects.get(name=NEWCOMER)
    assert (newcomer.reports_to, newcomer.buying_roles) == (board["cto"], ("technical_evaluator",))
    snap("03-stakeholder-added")

    # --- 4. Her page; log a meeting with her ------------------------------------------------
    row.get_by_role("link", name=NEWCOMER).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(NEWCOMER)
    expect(page.locator("#our-relationships")).to_contain_text("None of our people")
    page.get_by_role("link", name="Log an interaction").click()
    expect(page.get_by_label("Their stakeholders")).to_have_values([str(newcomer.pk)])
    page.get_by_label("Kind").select_option(label="Meeting")
    page.get_by_label("Our people").select_option(label=f"{OURS} (team)")
    page.get_by_label("Notes").fill("Architecture review of the grid upgrade")
    page.get_by_role("button", name="Log it").click()

    expect(page).to_have_url(
        live_server.url + reverse("relationships:stakeholder", args=[account.pk, newcomer.pk])
    )
    expect(page.locator("#messages")).to_contain_text("logged")
    relationships = page.locator("#our-relationships tbody tr")
    expect(relationships).to_have_count(1)
    expect(relationships.first).to_contain_text(OURS)
    expect(relationships.first.get_by_label("Current level")).to_have_value("1")  # acquainted
    expect(page.locator(".rel-timeline")).to_contain_text("Architecture review")
    relationship = Relationship.objects.get(stakeholder=newcomer)
    assert (relationship.person, relationship.last_interaction) == (adam, timezone.localdate())
    assert Interaction.objects.get().notes == "Architecture review of the grid upgrade"
    snap("04-meeting-logged")

    # --- 5. The figures moved: one more single-threaded, one new this quarter ------------------
    page.get_by_role("link", name="Relationships", exact=True).click()
    expect(figure(page, "single-threaded")).to_have_text("3")
    expect(figure(page, "new stakeholders this quarter")).to_have_text("1")
    expect(figure(page, "executives with a working relationship")).to_have_text("2 of 3")
    row = page.locator("#stakeholder-results tbody tr").filter(has_text=NEWCOMER)
    expect(row).to_contain_text("Acquainted")
    expect(row).to_contain_text(OURS)
    snap("05-relationships-after")

    # --- 6. …and the chart shows her under the CTO, with our relationship -----------------------
    page.locator(".rel-tabs").get_by_role("link", name="Org chart").click()
    box = page.locator(f"svg.orgchart a[aria-label^='{NEWCOMER}']")
    expect(box).to_have_count(1)
    expect(box).to_have_attribute("aria-label", re.compile(rf"{OURS} · Acquainted"))
    expect(box).to_have_attribute("aria-label", re.compile("Technical evaluator"))
    box.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(NEWCOMER)
    page.get_by_role("link", name="Show in the org chart").click()
    expect(page.locator(".rel-chart-focus")).to_contain_text(NEWCOMER)
    expect(page.get_by_role("link", name="Up to Tomasz Technik")).to_be_visible()
    snap("06-org-chart-focused")


# --- a big client -------------------------------------------------------------------------

TITLES = {
    StakeholderLevel.EXECUTIVE: "Chief Officer",
    StakeholderLevel.SENIOR: "Director",
    StakeholderLevel.MIDDLE: "Manager",
    StakeholderLevel.STAFF: "Specialist",
}


def _big_client(size: int = 300) -> Account:
    """A client of `size` people: a CEO, 7 executives, 40 directors, 92 managers, staff."""
    _restore_seed_data()
    leader = UserFactory(username="leader", access_level=AccessLevel.PROGRAMME_LEADER)
    PersonFactory(full_name="Lena Leader", user=leader)
    ours = [PersonFactory(full_name=f"Nasz Człowiek {n}") for n in range(4)]
    account = AccountFactory(name="Gigant Przemysł S.A.", tier=Tier.objects.get(rank=1))
    attitudes = ["advocate", "supporter", "neutral", "skeptic", "opponent", "unknown"]
    made = 0

    def level(count: int, rank: int, bosses: list[Stakeholder]) -> list[Stakeholder]:
        nonlocal made
        rows = []
        for n in range(count):
            made += 1
            rows.append(
                Stakeholder(
                    account=account,
                    name=f"Osoba {made:03d} {TITLES[StakeholderLevel(rank)].split()[0]}",
                    title=f"{TITLES[StakeholderLevel(rank)]} {n + 1}",
                    level=rank,
                    reports_to=bosses[n % len(bosses)] if bosses else None,
                    attitude=attitudes[made % 6],
                    is_technical_evaluator=made % 5 == 0,
                    is_economic_buyer=made % 11 == 0,
                    is_champion=made % 13 == 0,
                )
            )
        return Stakeholder.objects.bulk_create(rows)

    ceo = level(1, 1, [])
    executives = level(7, 1, ceo)
    directors = level(40, 2, executives)
    managers = level(92, 3, directors)
    level(size - 140, 4, managers)
    # A few dotted lines and our relationships with the upper levels.
    for n, director in enumerate(directors[:6]):
        director.dotted_manager = executives[(n + 3) % 7]
    Stakeholder.objects.bulk_update(directors[:6], ["dotted_manager"])
    Relationship.objects.bulk_create(
        Relationship(
            person=ours[n % 4],
            stakeholder=s,
            current_level=1 + n % 4,
            desired_level=4,
            last_interaction=_days_ago(n),
        )
        for n, s in enumerate([*ceo, *executives, *directors])
    )
    return account


def test_the_org_chart_of_300_stakeholders_is_readable(
    page: Page, live_server: LiveServer, login: LoginHelper, output_path: str
) -> None:
    account = _big_client(300)
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    login(page, live_server, "leader")
    page.goto(live_server.url + reverse("relationships:orgchart", args=[account.pk]))

    expect(page.locator(".page-head")).to_contain_text("300 stakeholders at the client")
    chart = page.locator("svg.orgchart")
    # Three levels under the CEO are drawn (140 people); staff hide behind "+N more" badges.
    expect(chart.locator("g.orgchart-node")).to_have_count(140)
    expect(chart.locator("a.orgchart-more").first).to_be_visible()
    page.screenshot(path=shots / "org-chart-300-page.png", full_page=True)

    # The chart on its own, at its natural size, for a human to judge its legibility.
    svg = chart.evaluate("node => node.outerHTML")
    width, height = chart.evaluate(
        "node => [node.viewBox.baseVal.width, node.viewBox.baseVal.height]"
    )
    alone = page.context.new_page()  # about:blank, outside the app and its CSP
    alone.set_viewport_size({"width": int(width), "height": min(int(height), 8000)})
    alone.set_content(f"<!DOCTYPE html><html><body style='margin:0'>{svg}</body></html>")
    alone.screenshot(path=shots / "org-chart-300.png", full_page=True)
    alone.close()
    assert width <= 2600, f"the default chart is {width:.0f} px wide"

    # A manager's team opens from its "+N more" badge.
    page.goto(live_server.url + reverse("relationships:orgchart", args=[account.pk]))
    page.locator("a.orgchart-more").first.click()
    expect(page).to_have_url(re.compile(r"[?&]focus=\d+"))
    expect(page.locator(".rel-chart-focus")).to_contain_text("The team under")
    page.screenshot(path=shots / "org-chart-300-focused.png", full_page=True)
