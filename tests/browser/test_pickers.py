"""The type-ahead pickers (hexad/picker.js) of the team designer and the review form.

A programme leader narrows a proposal to accounts found by typing part of their names
(chosen ones are chips, one removed again), and records a conflict whose person and
account are both chosen from the matches. Without the script the same forms are plain
fields. On the review form, a chip names a chosen team member without the select's
"(team)" note. The `context` fixture fails a test on any CSP violation or script error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from hexad.accounts.tests.factories import AccountFactory, TeamMembershipFactory
from hexad.people.models import AccessLevel
from hexad.people.tests.factories import PersonFactory, UserFactory
from hexad.planning.tests.factories import ReviewFactory
from hexad.staffing.models import Conflict, StaffingRun

LoginHelper = Callable[..., None]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portfolio() -> dict[str, Any]:
    leader = UserFactory(username="leader", access_level=AccessLevel.PROGRAMME_LEADER)
    PersonFactory(full_name="Lena Leader", user=leader, is_active=False)
    return {
        "steel": AccountFactory(name="Alfa Steel"),
        "mining": AccountFactory(name="Alfa Mining"),
        "beta": AccountFactory(name="Beta Mills"),
        "anna": PersonFactory(full_name="Anna Kowalska", job_title="Engineer"),
        "jan": PersonFactory(full_name="Jan Kowalski", job_title="Analyst"),
    }


@pytest.fixture
def solve_at_once(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.HEXAD_STAFFING_IN_PROCESS = True


def test_designer_accounts_are_chosen_by_typing_and_the_run_carries_them(
    page: Page,
    live_server: LiveServer,
    login: LoginHelper,
    portfolio: dict[str, Any],
    solve_at_once: None,
) -> None:
    steel, mining = portfolio["steel"], portfolio["mining"]
    login(page, live_server, "leader")
    page.goto(live_server.url + reverse("staffing:designer"))
    expect(page.locator(".picker-fallback")).to_be_hidden()
    search = page.get_by_role("combobox", name="Accounts")
    matches = page.get_by_role("listbox", name="Matching accounts")
    chips = page.get_by_role("list", name="Chosen accounts")
    status = page.locator("[data-picker-status]")

    search.press_sequentially("alfa")
    expect(matches.get_by_role("option")).to_contain_text(["Alfa Mining", "Alfa Steel"])
    expect(status).to_have_text("2 matches; use the arrow keys to choose.")
    expect(search).to_have_attribute("aria-expanded", "true")
    search.press("ArrowDown")
    expect(search).to_have_attribute("aria-activedescendant", f"account-option-{mining.pk}")
    search.press("ArrowDown")
    expect(search).to_have_attribute("aria-activedescendant", f"account-option-{steel.pk}")
    search.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team designer")  # not sent
    expect(chips.get_by_role("listitem")).to_have_text(["Alfa Steel×"])
    expect(search).to_have_value("")
    expect(search).to_be_focused()
    expect(search).to_have_attribute("aria-expanded", "false")
    expect(status).to_have_text("Alfa Steel added to the scope.")

    search.press_sequentially("mills")
    expect(matches.get_by_role("option")).to_contain_text(["Beta Mills"])
    expect(status).to_have_text("1 match; use the arrow keys to choose.")
    search.press("ArrowDown")
    search.press("Enter")
    expect(chips.get_by_role("listitem")).to_have_count(2)

    # Backspace in the empty box moves to the last chip's remove button; Enter removes it.
    search.press("Backspace")
    remove_beta = chips.get_by_role("button", name="Remove Beta Mills")
    expect(remove_beta).to_be_focused()
    remove_beta.press("Enter")
    expect(chips.get_by_role("listitem")).to_have_text(["Alfa Steel×"])
    expect(chips.get_by_role("button", name="Remove Alfa Steel")).to_be_focused()
    expect(status).to_have_text("Beta Mills removed from the scope.")
    # The options marked chosen: Alfa Steel is, Alfa Mining is not.
    search.press_sequentially("alfa")
    expect(matches.get_by_role("option", name="Alfa Steel")).to_have_attribute(
        "aria-selected", "true"
    )
    expect(matches.get_by_role("option", name="Alfa Mining")).to_have_attribute(
        "aria-selected", "false"
    )
    search.press("Escape")
    expect(matches).to_be_hidden()
    search.press("Escape")
    expect(search).to_have_value("")

    page.get_by_role("button", name="Propose teams").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposal #")
    assert StaffingRun.objects.get().options["accounts"] == [steel.pk]


def test_a_conflict_is_recorded_with_both_sides_chosen_by_typing(
    page: Page, live_server: LiveServer, login: LoginHelper, portfolio: dict[str, Any]
) -> None:
    jan, steel = portfolio["jan"], portfolio["steel"]
    login(page, live_server, "leader")
    page.goto(live_server.url + reverse("staffing:exclusions"))
    form = page.get_by_role("form", name="Record a conflict")
    person = form.get_by_role("combobox", name="Person")
    account = form.get_by_role("combobox", name="Account", exact=True)

    person.press_sequentially("kowal")
    people = form.get_by_role("listbox").get_by_role("option")
    expect(people).to_have_count(2)
    expect(people.first).to_contain_text("Anna Kowalska")
    person.press("ArrowDown")
    person.press("ArrowDown")
    expect(person).to_have_attribute("aria-activedescendant", f"person-option-{jan.pk}")
    person.press("Enter")
    expect(person).to_have_value("Jan Kowalski")
    expect(form.locator("input[type=hidden][name=person]")).to_have_value(str(jan.pk))
    expect(page.locator("[data-picker-status]")).to_have_text("Jan Kowalski")

    account.press_sequentially("steel")
    expect(page.locator("[data-picker-status]")).to_have_text(
        "1 match; use the arrow keys to choose."
    )
    account.press("ArrowDown")
    account.press("Enter")
    expect(account).to_have_value("Alfa Steel")
    expect(form.locator("input[type=hidden][name=account]")).to_have_value(str(steel.pk))
    form.get_by_label("Note").fill("Former employer")
    form.get_by_role("button", name="Record the conflict").click()

    expect(page.locator("#messages")).to_contain_text(
        "Conflict recorded: Jan Kowalski will not be proposed for Alfa Steel."
    )
    conflict = Conflict.objects.get()
    assert (conflict.person, conflict.account, conflict.note) == (jan, steel, "Former employer")


def test_without_the_script_the_pickers_are_plain_fields(
    browser: Browser,
    live_server: LiveServer,
    login: LoginHelper,
    portfolio: dict[str, Any],
    solve_at_once: None,
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    login(page, live_server, "leader")
    page.goto(live_server.url + reverse("staffing:designer"))
    expect(page.get_by_role("combobox", name="Accounts")).to_be_hidden()
    expect(page.get_by_role("listbox", name="Accounts")).to_be_visible()  # the plain select

    page.goto(live_server.url + reverse("staffing:exclusions"))
    form = page.get_by_role("form", name="Record a conflict")
    form.get_by_role("combobox", name="Person").fill("Jan Kowalski")
    form.get_by_role("combobox", name="Account", exact=True).fill("alfa steel")
    form.get_by_role("button", name="Record the conflict").click()
    expect(page.locator("#messages")).to_contain_text(
        "Conflict recorded: Jan Kowalski will not be proposed for Alfa Steel."
    )
    conflict = Conflict.objects.get()
    assert (conflict.person, conflict.account) == (portfolio["jan"], portfolio["steel"])
    context.close()


def test_review_attendee_chips_name_the_person_without_the_team_note(
    page: Page, live_server: LiveServer, login: LoginHelper
) -> None:
    lead = UserFactory(username="lead", access_level=AccessLevel.MEMBER)
    adam = PersonFactory(full_name="Adam Lead", user=lead)
    account = AccountFactory.create(name="Huta Północ S.A.", lead=adam)
    TeamMembershipFactory(account=account, person=adam)
    review = ReviewFactory.create(account=account, people=[adam])
    login(page, live_server, "lead")
    page.goto(
        live_server.url
        + reverse("planning:review-edit", kwargs={"account_pk": account.pk, "pk": review.pk})
    )
    chips = page.get_by_role("list", name="Chosen attendees of ours")
    expect(chips.locator(".chip span")).to_have_text(["Adam Lead"])  # the select says "(team)"
    chips.get_by_role("button", name="Remove Adam Lead", exact=True).click()
    expect(chips.get_by_role("listitem")).to_have_count(0)
    expect(page.get_by_role("combobox", name="Our attendees")).to_be_focused()
    selected = page.locator("select[name=people]").evaluate(
        "select => Array.from(select.selectedOptions, option => option.value)"
    )
    assert selected == []
