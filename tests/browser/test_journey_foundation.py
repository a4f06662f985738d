"""The foundation journey: a programme leader finds an account, fills a missing role, switches
to Polish.

One user's path through the portfolio and an account page in Chromium, against the live
server: find the account with the search box (HTMX), see that its Technical Expert is
missing, add a team member who plays it (HTMX, no page reload), get a clear error for bad
input with the typed values kept, then switch the interface to Polish and see it stick.
The `context` fixture fails the test on any CSP violation or uncaught script error.

Screenshots of the key steps land in test-results/<this test>/ (gitignored).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from hexad.accounts.models import Account, TeamMembership, Tier
from hexad.accounts.tests.factories import (
    AccountFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
)
from hexad.people.models import AccessLevel, Person, User
from hexad.people.tests.factories import DepartmentFactory, PersonFactory, UserFactory
from hexad.roles.models import Role

LoginHelper = Callable[..., None]  # the `login` fixture of conftest.py

ACCOUNT_NAME = "Synthos Chemia S.A."
NEWCOMER = "Tomasz Lewandowski"
OTHER_PERSON = "Ewa Zielińska"

# Polish, as in hexad/locale/pl/LC_MESSAGES/django.po (interface) and
# hexad/roles/catalogue.py (role names, kept in the database).
PL_PORTFOLIO = "Portfel"
PL_PEOPLE = "Osoby"
PL_SIX_ROLES_HEADING = "Sześć ról na tym koncie"
PL_ADD_MEMBER_HEADING = "Dodaj członka zespołu"
PL_ACCOUNT_TEAM = "Zespół konta"
PL_WEAK = "Słaba"
PL_THREE_OF_SIX_PLAYED = "Pełnione role: 3 z 6"
PL_TECHNICAL_EXPERT = "Ekspert techniczny"
PL_RELATIONSHIP_MANAGER = "Menedżer relacji"

# The six roles and the default tiers come from data migrations, and a live-server test's
# database is emptied after every test: put them back in case another such test ran first.
# (serialized_rollback would clash with the content types that flush recreates.)
SEED_MIGRATIONS = [
    ("hexad.roles.migrations.0002_seed_six_roles", "seed"),
    ("hexad.roles.migrations.0003_role_anchors", "fill_anchors"),
    ("hexad.accounts.migrations.0002_default_tiers", "seed"),
]

pytestmark = pytest.mark.django_db(transaction=True)


def _restore_seed_data() -> None:
    """Runs the data migrations again; each is idempotent."""
    for module, function in SEED_MIGRATIONS:
        getattr(import_module(module), function)(django_apps, None)


def _build_portfolio() -> tuple[User, Account, Person, Person]:
    """The programme leader, the account, and two people who are not on its team."""
    _restore_seed_data()
    tier = Tier.objects.get(rank=1)  # seeded: "Tier 1 — Strategic", all six roles required
    leader = UserFactory(username="leader", access_level=AccessLevel.PROGRAMME_LEADER)
    PersonFactory(full_name="Lena Leader", user=leader)

    sales = DepartmentFactory(name="Sales")
    engineering = DepartmentFactory(name="Engineering")
    lead = PersonFactory(full_name="Adam Nowicki", department=sales)
    manager = PersonFactory(full_name="Marta Kowalska", department=sales)

    account = AccountFactory(name=ACCOUNT_NAME, tier=tier, lead=lead)
    RoleAssignmentFactory(
        membership=TeamMembershipFactory(account=account, person=lead, allocation=40),
        role=Role.objects.get(key="results-driver"),
    )
    RoleAssignmentFactory(
        membership=TeamMembershipFactory(account=account, person=manager, allocation=25),
        role=Role.objects.get(key="relationship-manager"),
    )
    for name in ("Baltic Wind Farms", "Vistula Logistics"):
        AccountFactory(name=name, tier=tier, lead=lead)

    newcomer = PersonFactory(
        full_name=NEWCOMER, department=engineering, job_title="Process Engineer"
    )
    other = PersonFactory(full_name=OTHER_PERSON, department=engineering)
    return leader, account, newcomer, other


def test_leader_fills_a_missing_role_then_switches_to_polish(
    page: Page, live_server: LiveServer, login: LoginHelper, output_path: str
) -> None:
    leader, account, newcomer, other = _build_portfolio()
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)

    def snap(name: str) -> None:
        # caret="initial": hiding the caret leaves style="" on every input, and HTMX's settle
        # step then copies that attribute into swapped content, which the CSP blocks.
        page.screenshot(path=shots / f"{name}.png", full_page=True, caret="initial")

    # --- 1. Sign in and land on the portfolio -----------------------------------------
    login(page, live_server, "leader")
    expect(page).to_have_url(live_server.url + reverse("accounts:portfolio"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Strategic account portfolio")

    results = page.locator("#portfolio-results")
    row = results.locator("tbody tr").filter(
        has=page.get_by_role("link", name=ACCOUNT_NAME, exact=True)
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Tier 1 — Strategic")
    dots = row.locator("ul.role-dots > li")
    expect(dots).to_have_count(6)
    technical_dot = dots.filter(has_text="Technical Expert")
    expect(technical_dot).to_have_class(re.compile(r"\bmissing\b"))
    expect(technical_dot.locator(".visually-hidden")).to_have_text("Technical Expert: not played")
    relationship_dot = dots.filter(has_text="Relationship Manager")
    expect(relationship_dot).to_have_class(re.compile(r"\bplayed\b"))
    expect(relationship_dot.locator(".visually-hidden")).to_have_text(
        "Relationship Manager: played"
    )
    expect(results.locator("tbody tr")).to_have_count(3)
    snap("01-portfolio")

    # --- 2. Filter with the search box: HTMX swaps the results as you type -------------
    page.evaluate("window.__journey = 1")
    page.get_by_label("Search").press_sequentially("synthos", delay=40)
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results.get_by_role("link", name=ACCOUNT_NAME, exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]q=synthos\b"))  # hx-push-url
    assert page.evaluate("window.__journey") == 1, "the search reloaded the page"
    snap("02-portfolio-filtered")

    results.get_by_role("link", name=ACCOUNT_NAME, exact=True).click()
    expect(page).to_have_url(live_server.url + reverse("accounts:detail", args=[account.pk]))

    # --- 3. The account page: Technical Expert is missing; add someone who plays it -----
    expect(page.get_by_role("heading", level=1)).to_have_text(ACCOUNT_NAME)
    technical_card = page.locator("#role-technical-expert")
    roles_summary = page.locator("#team .section-head").first
    expect(roles_summary).to_contain_text("2 of 6 roles played")
    expect(technical_card.get_by_role("heading")).to_have_text("Technical Expert")
    expect(technical_card).to_have_class(re.compile(r"\bmissing\b"))
    expect(technical_card.locator(".role-status .badge")).to_have_text("Missing")
    expect(technical_card.locator(".role-status")).to_contain_text("required · needs 60")
    expect(technical_card.locator(".score")).to_have_text("0 of 100")
    expect(technical_card.locator(".contributions")).to_have_count(0)
    relationship_card = page.locator("#role-relationship-manager")
    expect(relationship_card.locator(".contributions")).to_contain_text("Marta Kowalska")
    snap("03-account")

    page.evaluate("window.__journey = 1")
    form = page.locator("form.add-member")
    expect(form.get_by_role("heading")).to_have_text("Add a team member")
    form.get_by_label("Person").select_option(label=NEWCOMER)
    form.get_by_label("Allocation (%)").fill("15")
    form.get_by_label("Role").select_option(label="Technical Expert")
    form.get_by_label("Degree").select_option(label="Lead")
    form.get_by_role("button", name="Add to team").click()

    # Played now, but weak: lead (×1.0) × not assessed (×0.6) × 15 % of 20 % (×0.75) = 45,
    # below the tier's 60 (formula 1.0, docs/coverage.md).
    expect(technical_card.locator(".contributions")).to_contain_text(NEWCOMER)
    expect(roles_summary).to_contain_text("3 of 6 roles played")
    expect(technical_card).to_have_class(re.compile(r"\bweak\b"))
    expect(technical_card.locator(".role-status .badge")).to_have_text("Weak")
    expect(technical_card.locator(".score")).to_have_text("45 of 100")
    team_row = page.locator(".team-table tbody tr").filter(has_text=NEWCOMER)
    expect(team_row).to_have_count(1)
    expect(team_row).to_contain_text("Engineering")
    expect(team_row.locator("td.num")).to_have_text("15%")
    expect(team_row.locator(".assignments")).to_contain_text("Technical Expert")
    expect(page.locator("#messages")).to_contain_text(f"{NEWCOMER} joined the team.")
    # He is on the team now, so the form no longer offers him.
    expect(form.get_by_label("Person").locator("option", has_text=NEWCOMER)).to_have_count(0)
    assert page.evaluate("window.__journey") == 1, "adding a member reloaded the page"
    membership = TeamMembership.objects.get(account=account, person=newcomer)
    assert membership.allocation == 15
    assert [(a.role.key, a.degree) for a in membership.assignments.all()] == [
        ("technical-expert", "lead")
    ]
    snap("04-member-added")

    # --- 4. Bad input: the error names the field and the typed values stay --------------
    team_before = TeamMembership.objects.filter(account=account).count()
    form.get_by_label("Person").select_option(label=OTHER_PERSON)
    form.get_by_label("Allocation (%)").fill("0")
    form.get_by_label("Role").select_option(label="Project Manager")
    form.get_by_role("button", name="Add to team").click()

    expect(form.locator(".form-errors")).to_contain_text("Please correct the errors below.")
    invalid = form.locator(".field.has-error")
    expect(invalid).to_have_count(1)
    expect(invalid.locator("label")).to_contain_text("Allocation (%)")
    expect(invalid).to_contain_text("Ensure this value is greater than or equal to 1.")
    allocation = form.get_by_label("Allocation (%)")
    expect(allocation).to_have_value("0")
    expect(allocation).to_have_attribute("aria-invalid", "true")
    expect(allocation).to_be_focused()
    expect(allocation).to_have_accessible_description(
        re.compile("greater than or equal to 1")
    )  # a screen reader reads the error with the field
    expect(form.get_by_label("Person")).to_have_value(str(other.pk))
    expect(form.get_by_label("Role", exact=True)).to_have_value(
        str(Role.objects.get(key="project-manager").pk)
    )
    assert page.evaluate("window.__journey") == 1, "the failed submit reloaded the page"
    assert TeamMembership.objects.filter(account=account).count() == team_before
    assert not TeamMembership.objects.filter(person=other).exists()
    expect(page.locator(".team-table tbody tr").filter(has_text=OTHER_PERSON)).to_have_count(0)
    snap("05-bad-input")

    # --- 5. Switch to Polish with the header's language select (it submits itself) ------
    with page.expect_navigation():
        page.get_by_label("Language").select_option("pl")
    expect(page).to_have_url(live_server.url + reverse("accounts:detail", args=[account.pk]))
    assert page.evaluate("window.__journey") is None  # a real page load, unlike the above

    def expect_polish() -> None:
        expect(page.locator("html")).to_have_attribute("lang", "pl")
        nav = page.locator("nav.main-nav")
        expect(nav.get_by_role("link", name=PL_PORTFOLIO, exact=True)).to_be_visible()
        expect(nav.get_by_role("link", name=PL_PEOPLE, exact=True)).to_be_visible()
        expect(page.locator("#roles-heading")).to_have_text(PL_SIX_ROLES_HEADING)
        expect(roles_summary).to_contain_text(PL_THREE_OF_SIX_PLAYED)
        expect(page.locator("#team-heading")).to_have_text(PL_ACCOUNT_TEAM)
        expect(page.locator("#add-member-heading")).to_have_text(PL_ADD_MEMBER_HEADING)
        expect(technical_card.get_by_role("heading")).to_have_text(PL_TECHNICAL_EXPERT)
        expect(technical_card.locator(".role-status .badge")).to_have_text(PL_WEAK)
        expect(technical_card.locator(".contributions")).to_contain_text(NEWCOMER)
        expect(relationship_card.get_by_role("heading")).to_have_text(PL_RELATIONSHIP_MANAGER)
        expect(team_row.locator(".assignments")).to_contain_text(PL_TECHNICAL_EXPERT)
        expect(page.get_by_label("Język")).to_have_value("pl")

    expect_polish()
    leader.refresh_from_db()
    assert leader.language == "pl"

    # The language is kept for the user, not only in the browser's cookie.
    page.context.clear_cookies(name=settings.LANGUAGE_COOKIE_NAME)
    page.reload()
    expect_polish()
    snap("06-polish")
