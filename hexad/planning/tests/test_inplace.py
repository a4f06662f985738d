"""Objectives, actions and risks edited in place on the plan page (HTMX), and the same
edits as pages without JavaScript."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hexad.accounts.tests.factories import TeamMembershipFactory
from hexad.people.tests.factories import PersonFactory
from hexad.planning.models import Action, Objective, Risk
from hexad.planning.tests.factories import (
    ActionFactory,
    ObjectiveFactory,
    PlanFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def plan(account):
    return PlanFactory(account=account, period_start=day(-60), period_end=day(300))


@pytest.fixture
def owner(account):
    person = PersonFactory(full_name="Olga Owner")
    TeamMembershipFactory(account=account, person=person)
    return person


@pytest.fixture
def as_member(client: Client, member: Any) -> Client:
    client.force_login(member)
    return client


def edit_url(kind: str, item: Any) -> str:
    return reverse(
        f"planning:{kind}-edit", kwargs={"account_pk": item.plan.account_id, "pk": item.pk}
    )


def action_data(action: Action, **changes: Any) -> dict[str, Any]:
    data = {
        "title": action.title,
        "owner": action.owner_id or "",
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "status": action.status,
        "role": "",
        "objective": action.objective_id or "",
    }
    return {**data, **changes}


def test_edit_turns_the_action_row_into_its_form_with_focus_on_the_first_field(
    plan, owner, as_member
):
    action = ActionFactory(plan=plan, title="Send the offer", owner=owner, due_date=day(5))
    response = as_member.get(edit_url("action", action), headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<tr id="action-{action.pk}" class="row-editing"><td colspan="5">')
    assert f'hx-target="#action-{action.pk}"' in html
    assert 'value="Send the offer"' in html
    assert f'id="action-{action.pk}-title"' in html and "autofocus" in html
    assert f'<option value="{owner.pk}" selected>Olga Owner</option>' in html
    assert f'hx-get="{edit_url("action", action)}?row=1"' in html  # Cancel restores the row
    assert "Editing Send the offer." in html  # announced in the status region


def test_saving_an_action_swaps_the_row_back_with_focus_and_a_fresh_score(plan, owner, as_member):
    objective = ObjectiveFactory(plan=plan)
    action = ActionFactory(plan=plan, objective=objective, owner=owner, due_date=day(5))
    response = as_member.post(
        edit_url("action", action),
        action_data(action, title="Send the revised offer", status="in_progress"),
        headers=HTMX,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "HX-Retarget" not in response
    assert html.strip().startswith(f'<tr id="action-{action.pk}"')
    assert "Send the revised offer" in html
    assert 'autofocus>Edit<span class="visually-hidden"> Send the revised offer' in html
    assert 'id="plan-completeness"' in html and 'hx-swap-oob="true"' in html
    assert 'id="plan-team"' in html  # the team's open actions follow
    assert "Changes saved." in html
    action.refresh_from_db()
    assert (action.title, action.status) == ("Send the revised offer", "in_progress")


def test_an_action_moved_to_another_objective_brings_back_the_whole_plan(plan, owner, as_member):
    first, second = ObjectiveFactory(plan=plan), ObjectiveFactory(plan=plan)
    action = ActionFactory(plan=plan, objective=first, owner=owner, due_date=day(5))
    response = as_member.post(
        edit_url("action", action), action_data(action, objective=second.pk), headers=HTMX
    )

    assert response["HX-Retarget"] == "#plan-body"
    assert response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert html.strip().startswith('<div id="plan-body">')
    assert f'hx-target="#action-{action.pk}" hx-swap="outerHTML" autofocus' in html
    action.refresh_from_db()
    assert action.objective == second


def test_a_refused_action_stays_a_form_in_its_row_with_what_was_typed(plan, owner, as_member):
    action = ActionFactory(plan=plan, title="Send the offer", owner=owner, due_date=day(5))
    response = as_member.post(
        edit_url("action", action),
        action_data(action, title="Call the CFO", owner="999999", due_date="tomorrow"),
        headers=HTMX,
    )

    html = response.content.decode()
    assert response.status_code == 200  # HTMX swaps it into the row
    assert html.startswith(f'<tr id="action-{action.pk}" class="row-editing">')
    assert 'value="Call the CFO"' in html and 'value="tomorrow"' in html
    assert "Choose someone on this account&#x27;s team." in html
    assert "Enter a valid date." in html
    assert 'aria-invalid="true"' in html
    action.refresh_from_db()
    assert action.title == "Send the offer"


def test_cancel_restores_the_row_unchanged_with_focus_on_edit(plan, owner, as_member):
    action = ActionFactory(plan=plan, title="Send the offer", owner=owner, due_date=day(5))
    response = as_member.get(edit_url("action", action) + "?row=1", headers=HTMX)

    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="action-{action.pk}"')
    assert "autofocus" in html
    assert "plan-completeness" not in html  # nothing changed, nothing else is sent


def test_an_action_whose_owner_left_the_team_can_still_be_edited(plan, as_member):
    gone = PersonFactory(full_name="Gone Person")
    action = ActionFactory(plan=plan, owner=gone, due_date=day(5))
    response = as_member.post(
        edit_url("action", action), action_data(action, title="Renamed"), headers=HTMX
    )
    assert "Changes saved." in response.content.decode()
    action.refresh_from_db()
    assert (action.title, action.owner) == ("Renamed", gone)


def test_an_objective_is_edited_in_its_head_and_keeps_its_actions(plan, owner, as_member):
    objective = ObjectiveFactory(plan=plan, title="Grow service revenue", target=Decimal(20))
    ActionFactory(plan=plan, objective=objective, owner=owner, title="Plan the pilot")
    opened = as_member.get(edit_url("objective", objective), headers=HTMX).content.decode()
    assert opened.startswith(f'<div id="objective-{objective.pk}-head" class="row-editing">')

    data = {
        "title": "Grow service revenue by 20%",
        "metric": objective.metric,
        "baseline": "5",
        "target": "20",
        "current_value": "12,5",
        "due_date": objective.due_date.isoformat(),
    }
    refused = as_member.post(edit_url("objective", objective), data, headers=HTMX)
    assert "Enter a number." in refused.content.decode()
    assert 'value="12,5"' in refused.content.decode()

    data["current_value"] = "12.5"
    html = as_member.post(edit_url("objective", objective), data, headers=HTMX).content.decode()
    assert html.strip().startswith(
        f'<div class="objective-summary" id="objective-{objective.pk}-head">'
    )
    assert "Grow service revenue by 20%" in html
    assert "Plan the pilot" not in html  # the actions table stays where it is
    objective.refresh_from_db()
    assert objective.current_value == Decimal("12.5")


def test_a_risk_is_edited_in_its_row(plan, as_member):
    risk = RiskFactory(plan=plan, description="Budget freeze", likelihood=1, impact=1)
    data = {"description": "Budget freeze", "likelihood": 3, "impact": 3, "mitigation": "Phase"}
    html = as_member.post(edit_url("risk", risk), data, headers=HTMX).content.decode()
    assert html.strip().startswith(f'<tr id="risk-{risk.pk}" class="risk-9">')
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact, risk.mitigation) == (3, 3, "Phase")


@pytest.mark.parametrize("kind", ["objective", "action", "risk"])
def test_without_javascript_the_edit_is_a_page_and_saving_goes_back_to_the_plan(
    kind, plan, owner, as_member
):
    item = {
        "objective": lambda: ObjectiveFactory(plan=plan),
        "action": lambda: ActionFactory(plan=plan, owner=owner, due_date=day(3)),
        "risk": lambda: RiskFactory(plan=plan),
    }[kind]()
    page = as_member.get(edit_url(kind, item))
    assert page.status_code == 200
    assert "Back to the plan" in page.content.decode()

    refused = as_member.post(edit_url(kind, item), {"title": "", "description": ""})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()

    data = {
        "objective": lambda: {
            "title": "New title", "metric": "m", "baseline": "1", "target": "2",
            "due_date": day(30).isoformat(),
        },
        "action": lambda: action_data(item, title="New title"),
        "risk": lambda: {"description": "New title", "likelihood": 2, "impact": 2},
    }[kind]()  # fmt: skip
    saved = as_member.post(edit_url(kind, item), data)
    assert saved.status_code == 302
    anchor = "risks" if kind == "risk" else f"{kind}-{item.pk}"
    assert saved["Location"].endswith(f"#{anchor}")
    model = {"objective": Objective, "action": Action, "risk": Risk}[kind]
    stored = model.objects.get(pk=item.pk)
    assert getattr(stored, "description" if kind == "risk" else "title") == "New title"


def test_a_viewer_gets_no_edit_links_and_cannot_open_the_form(plan, viewer, owner):
    action = ActionFactory(plan=plan, owner=owner)
    client = Client()
    client.force_login(viewer)
    page = client.get(
        reverse("planning:plan-detail", kwargs={"account_pk": plan.account_id, "pk": plan.pk})
    )
    assert edit_url("action", action) not in page.content.decode()
    assert client.get(edit_url("action", action), headers=HTMX).status_code == 403
