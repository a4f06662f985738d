"""The planning journey: an account lead opens the account's plan, adds an objective with two
actions in place (HTMX), records a review whose decision becomes an action in the plan, and
downloads the progress report as a PDF. The `context` fixture fails the test on any CSP
violation or script error."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from hexad.accounts.models import Tier
from hexad.accounts.tests.factories import AccountFactory, TeamMembershipFactory
from hexad.people.models import AccessLevel, Person
from hexad.people.tests.factories import PersonFactory, UserFactory
from hexad.planning.models import AccountPlan, Action, Review
from hexad.planning.summary import summaries_refresh
from hexad.planning.tests.factories import ActionFactory, PlanFactory
from hexad.relationships.tests.factories import StakeholderFactory

LoginHelper = Callable[..., None]

pytestmark = pytest.mark.django_db(transaction=True)

ACCOUNT = "Huta Północ S.A."
COLLEAGUE = "Tomasz Technik"


def _account() -> None:
    """An account led by `lead`, with a colleague on the team, a CFO on their side and a
    current plan with nothing in it yet."""
    lead = UserFactory(username="lead", access_level=AccessLevel.MEMBER)
    person = PersonFactory(full_name="Adam Lead", user=lead)
    account = AccountFactory(name=ACCOUNT, tier=Tier.objects.get(rank=1), lead=person)
    TeamMembershipFactory(account=account, person=person, allocation=40)
    TeamMembershipFactory(account=account, person=PersonFactory(full_name=COLLEAGUE))
    StakeholderFactory(account=account, name="Celina Finansowa", title="CFO")
    today = timezone.localdate()
    PlanFactory(
        account=account,
        title="Plan 2026",
        period_start=today - datetime.timedelta(days=30),
        period_end=today + datetime.timedelta(days=330),
    )
    summaries_refresh()


def test_lead_plans_records_a_review_and_downloads_the_report(
    page: Page, live_server: LiveServer, login: LoginHelper, output_path: str
) -> None:
    _account()
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    today = timezone.localdate()

    def snap(name: str) -> None:
        page.screenshot(path=shots / f"{name}.png", full_page=True, caret="initial")

    login(page, live_server, "lead")
    page.get_by_role("link", name=ACCOUNT).click()
    # The account page loads its plan summary with HTMX.
    expect(page.locator("#plan-summary")).to_contain_text("Plan 2026")
    page.locator(".account-links").get_by_role("link", name="Plan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan 2026")
    expect(page.locator("#completeness-heading")).to_contain_text("of 100")
    snap("01-plan")

    page.evaluate("window.__journey = 1")
    objective = page.get_by_role("form", name="Add an objective")
    objective.get_by_label("Objective").fill("Win the second plant")
    objective.get_by_label("Metric").fill("Plants served")
    objective.get_by_label("Baseline").fill("1")
    objective.get_by_label("Target").fill("2")
    objective.get_by_role("button", name="Add the objective").click()
    expect(page.locator("#messages")).to_contain_text("Objective Win the second plant added.")
    expect(page.locator("article.objective")).to_contain_text("Win the second plant")

    for title, owner, days in (
        ("Map the buying centre of the plant", "Adam Lead", 7),
        ("Run the value workshop", COLLEAGUE, 21),
    ):
        action = page.get_by_role("form", name="Add an action")
        action.get_by_label("Action").fill(title)
        action.get_by_label("Owner").select_option(label=owner)
        action.get_by_label("Due date").fill((today + datetime.timedelta(days=days)).isoformat())
        action.get_by_label("Objective").select_option(label="Win the second plant")
        action.get_by_role("button", name="Add the action").click()
        expect(page.locator("#messages")).to_contain_text(f"Action {title} added.")
    objectives_part = page.locator("#completeness-objectives")
    expect(objectives_part).to_contain_text("1 of 1 objectives have at least 2 actions")
    expect(objectives_part.locator(".part-points")).to_contain_text("30")

    # Edit an action in place: the row becomes its form; Escape leaves it unchanged, Save
    # swaps the row back; focus returns to the row's "Edit" link each time.
    row = page.locator("tr", has_text="Run the value workshop")
    edit = row.get_by_role("link", name="Edit Run the value workshop")
    edit.click()
    editing = page.get_by_role("form", name="Edit action: Run the value workshop")
    expect(editing.get_by_label("Action")).to_be_focused()
    page.keyboard.press("Escape")
    expect(editing).to_have_count(0)
    expect(page.get_by_role("link", name="Edit Run the value workshop")).to_be_focused()
    page.get_by_role("link", name="Edit Run the value workshop").click()
    editing.get_by_label("Action").fill("")
    editing.get_by_role("button", name="Save").click()
    expect(editing.locator(".errorlist")).to_contain_text("This field is required.")
    editing.get_by_label("Action").fill("Run the value workshop on site")
    editing.get_by_label("Status").select_option(label="In progress")
    snap("02a-action-edited-in-place")
    editing.get_by_role("button", name="Save").click()
    saved = page.get_by_role("link", name="Edit Run the value workshop on site")
    expect(saved).to_be_focused()
    expect(page.locator("#messages")).to_contain_text("Changes saved.")
    assert page.evaluate("window.__journey") == 1  # all in place, no reload
    snap("02-objective-with-actions")

    page.get_by_role("navigation", name="Plan and review pages").get_by_role(
        "link", name="Reviews"
    ).click()
    page.get_by_role("link", name="Record a review").first.click()
    page.get_by_label("Kind").select_option(label="Quarterly business review")
    # Our attendees: a type-ahead over all our people; the chosen ones are chips.
    chips = page.get_by_role("list", name="Chosen attendees of ours")
    expect(chips).to_contain_text("Adam Lead")  # the one recording it, chosen already
    search = page.get_by_role("combobox", name="Our attendees")
    search.press_sequentially(COLLEAGUE.split()[0][:4])
    expect(page.get_by_role("listbox").get_by_role("option").first).to_contain_text(COLLEAGUE)
    search.press("ArrowDown")
    search.press("Enter")
    expect(chips).to_contain_text(COLLEAGUE)
    expect(search).to_be_focused()
    page.get_by_label("Their attendees").select_option(label="Celina Finansowa — CFO")
    page.get_by_label("Minutes").fill("The CFO agreed to a pilot in the second plant.")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quarterly business review")
    expect(page.locator("#messages")).to_contain_text("recorded")

    decision = page.get_by_role("form", name="Record a decision")
    decision.get_by_label("Decision").fill("Send the pilot offer to the CFO")
    decision.get_by_label("Owner").select_option(label=COLLEAGUE)
    decision.get_by_label("Due date").fill((today + datetime.timedelta(days=10)).isoformat())
    decision.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#decisions table")).to_contain_text("Send the pilot offer to the CFO")
    expect(page.locator("#messages")).to_contain_text(
        "Decision recorded as an action in Plan 2026."
    )
    snap("03-review-decision")

    page.locator("#decisions").get_by_role("link", name="Send the pilot offer to the CFO").click()
    row = page.locator("table.actions-table tr", has_text="Send the pilot offer to the CFO")
    expect(row).to_contain_text(COLLEAGUE)
    expect(row.get_by_role("link", name="decided at a review")).to_be_visible()
    review = Review.objects.get()
    assert Action.objects.get(title="Send the pilot offer to the CFO").review == review

    page.get_by_role("navigation", name="Plan and review pages").get_by_role(
        "link", name="Progress report"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What changed since the last review")
    snap("04-report")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename.startswith("progress-huta-polnoc-sa-")
    assert download.suggested_filename.endswith(".pdf")
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")


def test_escape_right_after_the_row_form_appears_still_restores_the_row(
    page: Page, live_server: LiveServer, login: LoginHelper
) -> None:
    """htmx processes swapped-in content only once it settles; an Escape pressed before that
    (here the settle is slowed to make the moment certain) still restores the row in place."""
    _account()
    plan = AccountPlan.objects.get()
    lead = Person.objects.get(full_name="Adam Lead")
    ActionFactory(plan=plan, title="Call the plant manager", owner=lead)
    login(page, live_server, "lead")
    url = reverse("planning:plan-detail", kwargs={"account_pk": plan.account_id, "pk": plan.pk})
    page.goto(f"{live_server.url}{url}")
    page.evaluate("window.__journey = 1; htmx.config.defaultSettleDelay = 1500")
    page.get_by_role("link", name="Edit Call the plant manager").click()
    editing = page.get_by_role("form", name="Edit action: Call the plant manager")
    expect(editing.get_by_label("Action")).to_be_focused()
    page.keyboard.press("Escape")
    expect(editing).to_have_count(0)
    expect(page.get_by_role("link", name="Edit Call the plant manager")).to_be_focused()
    assert page.evaluate("window.__journey") == 1
