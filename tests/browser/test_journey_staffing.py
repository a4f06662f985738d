"""The team designer journey: a programme leader proposes teams for a tier, reads the
diff, applies two of the changes, and the account's coverage changes.

The portfolio is the hand-worked one of hexad/staffing/tests/conftest.py: tier "Designed"
requires Results Driver and Innovator on Alfa and Beta; the best proposal keeps Ann as
Alfa's Results Driver, gives her Beta's (Cat plays it today) and Ben both Innovators. The
solve runs in the request (the immediate task backend, in-process), so the page shows the
proposal at once. The `context` fixture fails the test on any CSP violation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from hexad.accounts.models import Account, Degree
from hexad.accounts.tests.factories import (
    AccountFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
    TierFactory,
)
from hexad.coverage.services import coverage_refresh
from hexad.people.models import AccessLevel, CompetencyRating, RatingSource
from hexad.people.tests.factories import PersonFactory, UserFactory
from hexad.roles.models import Role

LoginHelper = Callable[..., None]

pytestmark = pytest.mark.django_db(transaction=True)


def _portfolio() -> None:
    leader = UserFactory(username="leader", access_level=AccessLevel.PROGRAMME_LEADER)
    PersonFactory(full_name="Lena Leader", user=leader, is_active=False)
    rd = Role.objects.get(key="results-driver")
    innovator = Role.objects.get(key="innovator")
    tier = TierFactory(name="Designed", rank=7)
    tier.required_roles.set([rd, innovator])
    alfa = AccountFactory(name="Alfa", tier=tier)
    beta = AccountFactory(name="Beta", tier=tier)
    ann, ben, cat = (PersonFactory(full_name=name) for name in ("Ann", "Ben", "Cat"))
    today = timezone.localdate()
    for person, role, rating in ((ann, rd, 5), (ann, innovator, 2), (ben, rd, 3),
                                 (ben, innovator, 4)):  # fmt: skip
        CompetencyRating.objects.create(
            person=person, role=role, rating=rating, source=RatingSource.MANAGER, rated_on=today
        )
    RoleAssignmentFactory(
        membership=TeamMembershipFactory(account=alfa, person=ann), role=rd, degree=Degree.LEAD
    )
    RoleAssignmentFactory(
        membership=TeamMembershipFactory(account=beta, person=cat), role=rd, degree=Degree.LEAD
    )
    coverage_refresh()


@pytest.fixture
def solve_at_once(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.HEXAD_STAFFING_IN_PROCESS = True


def test_leader_proposes_teams_for_a_tier_and_applies_two_changes(
    page: Page, live_server: LiveServer, login: LoginHelper, output_path: str, solve_at_once: None
) -> None:
    _portfolio()
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)

    def snap(name: str) -> None:
        page.screenshot(path=shots / f"{name}.png", full_page=True, caret="initial")

    login(page, live_server, "leader")
    page.get_by_role("link", name="Team designer", exact=True).click()
    expect(page).to_have_url(live_server.url + reverse("staffing:designer"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Team designer")
    page.get_by_label("Designed").check()
    page.get_by_label("Roles one person may hold across the portfolio").fill("2")
    page.get_by_label("Roles one person may hold on one account").fill("1")
    snap("01-designer")
    page.get_by_role("button", name="Propose teams").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposal #")
    expect(page.locator("#run-status")).to_contain_text("The proposal is ready.")
    expect(page.locator(".facts")).to_contain_text("none: the proposal is optimal")
    expect(page.get_by_role("link", name="Added (2)")).to_be_visible()
    expect(page.get_by_role("link", name="Changed (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Kept (1)")).to_be_visible()
    snap("02-proposal")

    page.get_by_label("Apply: Innovator on Alfa").check()
    page.get_by_label("Apply: Results Driver on Beta").check()
    page.get_by_role("button", name="Apply selected changes").click()
    expect(page.locator("#messages")).to_contain_text("2 changes applied.")
    row = page.locator("table tbody tr").filter(has_text="Alfa").filter(has_text="Innovator")
    expect(row).to_contain_text("applied")
    snap("03-applied")

    alfa = Account.objects.get(name="Alfa")
    page.goto(live_server.url + reverse("accounts:detail", args=[alfa.pk]))
    card = page.locator("#role-innovator")
    expect(card.locator(".role-status .badge")).not_to_have_text("Missing")
    expect(card).to_contain_text("Ben")
    snap("04-account")
