"""The planning pages: what they show, in-place edits over HTMX, bad input through the
pages (Q8), escaping (Q6) and objects of one account reached through another (Q3)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hexad.accounts.tests.factories import TeamMembershipFactory
from hexad.people.tests.factories import DepartmentFactory, PersonFactory
from hexad.planning.models import Action, Objective, PlanningSummary, Review
from hexad.planning.summary import summaries_refresh
from hexad.planning.tests.factories import (
    ActionFactory,
    BlockerFactory,
    ObjectiveFactory,
    PlanFactory,
    ResourceFactory,
    ReviewFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Target": "plan-body"}
XSS = "<script>alert('x')</script>"


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def plan(account):
    return PlanFactory(
        account=account, title="Acme 2026", period_start=day(-60), period_end=day(300)
    )


@pytest.fixture
def as_member(client: Client, member: Any) -> Client:
    client.force_login(member)
    return client


def plan_url(plan, name="planning:plan-detail"):
    return reverse(name, kwargs={"account_pk": plan.account_id, "pk": plan.pk})


def test_the_plans_page_opens_the_current_plan(plan, as_member):
    response = as_member.get(reverse("planning:plans", args=[plan.account_id]))
    assert response.status_code == 302
    assert response["Location"] == plan_url(plan)
    listing = as_member.get(reverse("planning:plans", args=[plan.account_id]) + "?all=1")
    assert "Acme 2026" in listing.content.decode()


def test_the_plan_page_explains_its_completeness(plan, member, as_member):
    objective = ObjectiveFactory(plan=plan, title="Win plant two")
    ActionFactory(plan=plan, objective=objective, owner=member.person, due_date=day(5))
    html = as_member.get(plan_url(plan)).content.decode()
    # sections 2/6 (objectives, actions) = 10; objectives 0/1 = 0; next steps 20; cadence:
    # the account is new, nothing is overdue = 20 → 50.
    assert "Plan completeness: 50 of 100" in html
    assert "Win plant two: 1 owned, dated action" in html
    assert "Give each objective listed at least 2 actions" in html


def test_internal_contributors_are_marked_and_filtered_by_department(
    account, lead, plan, as_member
):
    sales = DepartmentFactory(name="Key Accounts")
    lead.person.department = sales
    lead.person.save()
    engineer = PersonFactory(
        full_name="Ewa Inżynier", department=DepartmentFactory(name="Engineering")
    )
    TeamMembershipFactory(account=account, person=engineer)
    html = as_member.get(plan_url(plan)).content.decode()
    assert "internal contributor" in html
    filtered = as_member.get(
        plan_url(plan),
        {"department": "Engineering"},
        headers={"HX-Request": "true", "HX-Target": "plan-team"},
    ).content.decode()
    assert "Ewa Inżynier" in filtered
    assert "Adam Lead" not in filtered


def test_an_objective_added_in_place(plan, as_member):
    response = as_member.post(
        plan_url(plan, "planning:objective-add"),
        {"title": "Win plant two", "metric": "Plants", "baseline": "1", "target": "2",
         "current_value": "", "due_date": day(100).isoformat()},
        headers=HTMX,
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="plan-body"' in html and "<html" not in html
    assert "Objective Win plant two added." in html
    assert Objective.objects.get().title == "Win plant two"


def test_bad_input_is_refused_naming_the_field_and_keeping_what_was_typed(plan, as_member):
    response = as_member.post(
        plan_url(plan, "planning:objective-add"),
        {"title": "Flat revenue", "metric": "Revenue", "baseline": "100", "target": "100",
         "current_value": "", "due_date": day(100).isoformat()},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert "The target equals the baseline" in html
    assert 'value="Flat revenue"' in html
    assert not Objective.objects.exists()


def test_an_action_for_someone_off_the_team_is_refused(plan, as_member):
    stranger = PersonFactory()
    response = as_member.post(
        plan_url(plan, "planning:action-add"),
        {"title": "Call", "owner": stranger.pk, "due_date": day(3).isoformat(),
         "status": "open", "role": "", "objective": ""},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Choose someone on this account&#x27;s team." in response.content.decode()
    assert not Action.objects.exists()


def test_the_status_changes_in_place(plan, member, as_member):
    action = ActionFactory(plan=plan, owner=member.person, title="Call the CFO")
    response = as_member.post(
        reverse("planning:action-status", kwargs={"account_pk": plan.account_id, "pk": action.pk}),
        {"status": "done"},
        headers=HTMX,
    )
    assert "Call the CFO is now done." in response.content.decode()
    action.refresh_from_db()
    assert action.status == "done"


def test_a_plan_past_its_period_shows_read_only_and_refuses_writes(account, as_member):
    old = PlanFactory(
        account=account, title="Acme 2024", period_start=day(-700), period_end=day(-340)
    )
    html = as_member.get(plan_url(old)).content.decode()
    assert "kept read-only" in html
    assert "Add an action" not in html
    response = as_member.post(
        plan_url(old, "planning:risk-add"), {"description": "Late", "likelihood": 1, "impact": 1}
    )
    assert response.status_code == 400
    assert "kept read-only as the record of what was planned" in response.content.decode()


def test_viewers_read_without_forms(plan, viewer, client):
    client.force_login(viewer)
    html = client.get(plan_url(plan)).content.decode()
    assert "Plan completeness" in html
    assert "Add an action" not in html


def test_text_comes_back_escaped(plan, member, as_member):
    plan.goals = XSS
    plan.save()
    ActionFactory(plan=plan, owner=member.person, title=XSS)
    BlockerFactory(account=plan.account, title=XSS)
    for url in (
        plan_url(plan),
        reverse("planning:blockers", args=[plan.account_id]),
        reverse("planning:my-work"),
    ):
        html = as_member.get(url).content.decode()
        assert XSS not in html, url
    assert "&lt;script&gt;" in as_member.get(plan_url(plan)).content.decode()


def test_a_review_is_recorded_and_its_decision_becomes_an_action(plan, member, as_member):
    response = as_member.post(
        reverse("planning:review-add", args=[plan.account_id]),
        {"kind": "quarterly", "held_on": day(0).isoformat(), "people": [member.person.pk],
         "agenda": "Roadmap", "minutes": "Agreed a pilot"},
    )  # fmt: skip
    review = Review.objects.get()
    assert response["Location"] == reverse(
        "planning:review-detail", kwargs={"account_pk": plan.account_id, "pk": review.pk}
    )
    response = as_member.post(
        reverse("planning:decision-add", kwargs={"account_pk": plan.account_id, "pk": review.pk}),
        {"text": "Send the pilot offer", "owner": member.person.pk,
         "due_date": day(7).isoformat(), "role": "", "objective": ""},
        headers={"HX-Request": "true", "HX-Target": "decisions"},
    )  # fmt: skip
    html = response.content.decode()
    assert "Decision recorded as an action in Acme 2026." in html
    assert "Send the pilot offer" in html
    assert Action.objects.get().review == review


def test_an_empty_decision_is_refused_naming_the_field(plan, member, as_member):
    review = ReviewFactory(account=plan.account, people=[member.person])
    response = as_member.post(
        reverse("planning:decision-add", kwargs={"account_pk": plan.account_id, "pk": review.pk}),
        {"text": "", "owner": "", "due_date": "", "role": "", "objective": ""},
    )
    assert response.status_code == 400
    assert "Write down what was decided." in response.content.decode()
    assert not Action.objects.exists()


def test_a_review_with_a_stakeholder_of_another_account_is_refused(plan, member, as_member):
    from hexad.relationships.tests.factories import StakeholderFactory

    theirs = StakeholderFactory(name="Ola Obca")
    response = as_member.post(
        reverse("planning:review-add", args=[plan.account_id]),
        {"kind": "check_in", "held_on": day(0).isoformat(), "people": [member.person.pk],
         "stakeholders": [theirs.pk]},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose a stakeholder of this account." in html
    assert "Ola Obca" not in html
    assert not Review.objects.exists()


def test_the_account_page_loads_the_plan_summary(plan, member, as_member):
    html = as_member.get(reverse("accounts:detail", args=[plan.account_id])).content.decode()
    assert 'id="plan-summary"' in html
    assert reverse("planning:account-summary", args=[plan.account_id]) in html
    summaries_refresh(account_ids=[plan.account_id])
    partial = as_member.get(reverse("planning:account-summary", args=[plan.account_id]))
    assert "Acme 2026" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_the_portfolio_puts_the_most_overdue_first(account, lead, as_member, tier):
    from hexad.accounts.tests.factories import AccountFactory

    tier.check_in_days, tier.quarterly_review_days, tier.executive_review_days = 30, None, None
    tier.save()
    late = AccountFactory(name="Late Ltd", tier=tier)
    TeamMembershipFactory(account=late, person=lead.person)
    ReviewFactory(account=late, held_on=day(-50))
    ReviewFactory(account=account, held_on=day(-5))
    summaries_refresh()
    assert PlanningSummary.objects.get(account=late).next_review_due == day(-20)
    client = Client()
    client.force_login(lead)
    html = client.get(reverse("planning:portfolio")).content.decode()
    assert html.index("Late Ltd") < html.index("Acme Polska")
    overdue_only = client.get(reverse("planning:portfolio"), {"overdue": "on"}).content.decode()
    assert "Late Ltd" in overdue_only and "Acme Polska" not in overdue_only


# --- objects of another account are not found through one's own (Q3) -----------------------------


@pytest.fixture
def elsewhere(db):
    """Planning objects of an account `member` is not on."""
    plan = PlanFactory()
    return {
        "plan": plan,
        "objective": ObjectiveFactory(plan=plan),
        "action": ActionFactory(plan=plan),
        "resource": ResourceFactory(plan=plan),
        "risk": RiskFactory(plan=plan),
        "review": ReviewFactory(account=plan.account),
        "blocker": BlockerFactory(account=plan.account),
    }


@pytest.mark.parametrize(
    ("name", "key", "method"),
    [
        ("planning:plan-detail", "plan", "get"),
        ("planning:plan-sections", "plan", "post"),
        ("planning:plan-close", "plan", "post"),
        ("planning:action-add", "plan", "post"),
        ("planning:objective-edit", "objective", "post"),
        ("planning:action-edit", "action", "post"),
        ("planning:action-status", "action", "post"),
        ("planning:resource-decide", "resource", "post"),
        ("planning:risk-edit", "risk", "post"),
        ("planning:review-detail", "review", "get"),
        ("planning:review-edit", "review", "post"),
        ("planning:decision-add", "review", "post"),
        ("planning:blocker-edit", "blocker", "post"),
    ],
)
@pytest.mark.parametrize("persona", ["member", "leader"])
def test_an_object_of_another_account_is_not_found_through_ones_own(
    name, key, method, persona, request, plan, elsewhere
):
    user = request.getfixturevalue(persona)
    client = Client()
    client.force_login(user)
    url = reverse(name, kwargs={"account_pk": plan.account_id, "pk": elsewhere[key].pk})
    response = getattr(client, method)(url, {"status": "done", "text": "x", "title": "x"})
    assert response.status_code == 404


def test_my_action_status_refuses_an_action_on_an_account_one_cannot_see(outsider, elsewhere):
    client = Client()
    client.force_login(outsider)
    response = client.post(
        reverse("planning:my-action-status", args=[elsewhere["action"].pk]), {"status": "done"}
    )
    assert response.status_code == 404
    elsewhere["action"].refresh_from_db()
    assert elsewhere["action"].status == "open"
