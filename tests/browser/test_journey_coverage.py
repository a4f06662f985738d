"""The coverage journey: from the portfolio heatmap to a filled Project Manager gap.

A programme leader opens the heatmap, finds the account whose Project Manager is missing
(most gaps first), follows the cell to the role on the account page, gives the role to a
team member in place (HTMX) and sees the card turn covered; back on the heatmap the cell
reads "Covered" too. The `context` fixture fails the test on any CSP violation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from hexad.accounts.models import Account, Tier
from hexad.accounts.tests.factories import (
    AccountFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
)
from hexad.coverage.services import coverage_refresh
from hexad.people.models import AccessLevel, RatingSource
from hexad.people.services import rating_add
from hexad.people.tests.factories import PersonFactory, UserFactory
from hexad.roles.models import Role

LoginHelper = Callable[..., None]

pytestmark = pytest.mark.django_db(transaction=True)

GAPPY = "Kopalnia Wschód S.A."
PLANNER = "Joanna Planista"


def _portfolio() -> None:
    """Three Tier 2 accounts (RD, RM, TE, PM required). Two are fully staffed; the third
    lacks a Project Manager and has a team member, rated 4 in the role, who could play it."""
    tier = Tier.objects.get(rank=2)
    leader = UserFactory(username="leader", access_level=AccessLevel.PROGRAMME_LEADER)
    PersonFactory(full_name="Lena Leader", user=leader)
    roles = {role.key: role for role in Role.objects.all()}
    required = ["results-driver", "relationship-manager", "technical-expert", "project-manager"]
    for name in ("Aurora Energia S.A.", "Baltic Ports sp. z o.o.", GAPPY):
        account = AccountFactory(name=name, tier=tier)
        for key in required:
            if name == GAPPY and key == "project-manager":
                continue
            membership = TeamMembershipFactory(account=account, allocation=20)
            RoleAssignmentFactory(membership=membership, role=roles[key], degree="lead")
            rating_add(
                person=membership.person,
                role=roles[key],
                rating=4,
                source=RatingSource.MANAGER,
                rated_by=leader,
            )
        if name == GAPPY:
            planner = PersonFactory(full_name=PLANNER)
            TeamMembershipFactory(account=account, person=planner, allocation=20)
            rating_add(
                person=planner,
                role=roles["project-manager"],
                rating=4,
                source=RatingSource.MANAGER,
                rated_by=leader,
            )
    coverage_refresh()


def test_leader_finds_a_missing_project_manager_on_the_heatmap_and_fills_it(
    page: Page, live_server: LiveServer, login: LoginHelper, output_path: str
) -> None:
    _portfolio()
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)

    def snap(name: str) -> None:
        page.screenshot(path=shots / f"{name}.png", full_page=True, caret="initial")

    login(page, live_server, "leader")
    page.get_by_role("link", name="Coverage", exact=True).click()
    expect(page).to_have_url(live_server.url + reverse("coverage:heatmap"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Role coverage across the portfolio")

    # Most gaps first: the account without a Project Manager tops the list.
    rows = page.locator("table.heatmap tbody tr")
    first = rows.first
    expect(first.locator("th")).to_have_text(GAPPY)
    expect(first.locator(".hm-gaps")).to_have_text("1")
    columns = [text.strip() for text in page.locator("table.heatmap thead th").all_inner_texts()]
    pm_cell = first.locator("td").nth(columns.index("Project Manager") - 1)
    expect(pm_cell).to_contain_text("Missing")
    expect(pm_cell).to_contain_text("required role")  # said in words, not by colour alone
    snap("01-heatmap")

    pm_cell.get_by_role("link").click()
    detail = reverse("accounts:detail", args=[Account.objects.get(name=GAPPY).pk])
    expect(page).to_have_url(f"{live_server.url}{detail}#role-project-manager")
    card = page.locator("#role-project-manager")
    expect(card.locator(".role-status .badge")).to_have_text("Missing")
    expect(card).to_contain_text("Nobody plays Project Manager")
    snap("02-account")

    page.evaluate("window.__journey = 1")
    form = page.get_by_role("form", name=f"Give {PLANNER} a role")
    form.get_by_role("combobox", name="Role").select_option(label="Project Manager")
    form.get_by_role("combobox", name="Degree").select_option(label="Lead")
    form.get_by_role("button", name="Add").click()

    # lead ×1.0 × rated 4 (×0.8) × 20 % (×1.0) = 80 points, above Tier 2's minimum of 50.
    expect(card.locator(".role-status .badge")).to_have_text("Covered")
    expect(card.locator(".score")).to_have_text("80 of 100")
    expect(card.locator(".contributions")).to_contain_text(PLANNER)
    expect(page.locator("#messages")).to_contain_text(f"{PLANNER} now plays Project Manager.")
    assert page.evaluate("window.__journey") == 1  # updated in place, no reload
    snap("03-covered")

    page.get_by_role("link", name="Coverage", exact=True).click()
    row = page.locator("table.heatmap tbody tr").filter(has_text=GAPPY)
    expect(row.locator(".hm-gaps")).to_have_text("0")
    expect(row.locator("td").nth(columns.index("Project Manager") - 1)).to_contain_text(
        "Covered 80"
    )
    snap("04-heatmap-after")
