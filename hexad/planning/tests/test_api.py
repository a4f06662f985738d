"""The planning API: plans (with optimistic locking), objectives, actions, risks, reviews
and the decisions taken at them, resource requests and internal blockers (docs/api.md)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from hexad.accounts.models import Account
from hexad.api.tests.conftest import ApiClient, errors_at
from hexad.api.tests.test_query_counts import ROWS, measure
from hexad.people.tests.factories import PersonFactory
from hexad.planning import services
from hexad.planning.models import AccountPlan, Action, Blocker, PlanningSummary, ResourceRequest
from hexad.planning.tests.factories import (
    ActionFactory,
    BlockerFactory,
    ObjectiveFactory,
    PlanFactory,
    ResourceFactory,
    ReviewFactory,
    RiskFactory,
)
from hexad.relationships.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def url(account: Account, rest: str) -> str:
    return f"/accounts/{account.pk}{rest}"


def day(offset: int) -> str:
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


def test_a_member_creates_a_plan_and_the_summary_follows(member: Any, account: Account) -> None:
    response = ApiClient(member).post(
        url(account, "/plans"),
        {"title": "FY plan", "period_start": day(-10), "period_end": day(300), "goals": "Grow"},
    )

    assert response.status_code == 201, response.content
    assert (response.json()["version"], response.json()["is_read_only"]) == (1, False)
    assert PlanningSummary.objects.get(account=account).plan_id == response.json()["id"]


def test_an_overlapping_plan_is_a_422(member: Any, account: Account) -> None:
    PlanFactory(account=account)

    response = ApiClient(member).post(
        url(account, "/plans"), {"title": "Again", "period_start": day(0), "period_end": day(30)}
    )

    assert ("body", "period_start") in errors_at(response)


def test_a_stale_plan_version_is_a_409(member: Any, account: Account) -> None:
    plan = PlanFactory(account=account, goals="Old")
    services.plan_update(plan=plan, goals="Theirs")

    response = ApiClient(member).patch(
        url(account, f"/plans/{plan.pk}"), {"goals": "Mine", "version": 1}
    )

    assert response.status_code == 409
    plan.refresh_from_db()
    assert (plan.goals, plan.version) == ("Theirs", 2)


def test_deleting_a_plan_closes_it_and_a_closed_plan_is_read_only(
    member: Any, account: Account
) -> None:
    plan = PlanFactory(account=account)
    api = ApiClient(member)

    closed = api.delete(url(account, f"/plans/{plan.pk}"))
    action = api.post(url(account, "/actions"), {"plan": plan.pk, "title": "Late"})

    assert closed.status_code == 204
    assert AccountPlan.objects.get(pk=plan.pk).status == "closed"
    assert ("body",) in errors_at(action)
    assert not Action.objects.filter(plan=plan).exists()


def test_an_action_owner_must_be_on_the_team(member: Any, account: Account) -> None:
    plan = PlanFactory(account=account)

    response = ApiClient(member).post(
        url(account, "/actions"), {"plan": plan.pk, "title": "Call", "owner": PersonFactory().pk}
    )

    assert ("body", "owner") in errors_at(response)


def test_a_plan_of_another_account_is_a_422(member: Any, account: Account) -> None:
    response = ApiClient(member).post(
        url(account, "/risks"), {"plan": PlanFactory().pk, "description": "Churn"}
    )

    assert ("body", "plan") in errors_at(response)


def test_a_decision_becomes_an_action_of_the_current_plan(member: Any, account: Account) -> None:
    plan = PlanFactory(account=account)
    review = ReviewFactory(account=account, people=[member.person])

    response = ApiClient(member).post(
        url(account, f"/reviews/{review.pk}/decisions"),
        {"text": "Send the offer", "owner": member.person.pk, "due_date": day(5)},
    )

    assert response.status_code == 201, response.content
    assert (response.json()["plan"], response.json()["review"]) == (plan.pk, review.pk)
    listed = ApiClient(member).get(url(account, f"/reviews/{review.pk}/decisions")).json()
    assert [row["id"] for row in listed["results"]] == [response.json()["id"]]


def test_a_review_needs_our_attendees_and_their_stakeholders(member: Any, account: Account) -> None:
    api = ApiClient(member)

    empty = api.post(url(account, "/reviews"), {"people": []})
    elsewhere = api.post(
        url(account, "/reviews"),
        {"people": [member.person.pk], "stakeholders": [StakeholderFactory().pk]},
    )

    assert ("body", "people") in errors_at(empty)
    assert ("body", "stakeholders") in errors_at(elsewhere)


def test_an_outsider_sees_nothing(outsider: Any, account: Account) -> None:
    plan = PlanFactory(account=account)
    api = ApiClient(outsider)

    assert api.get(url(account, "/plans")).status_code == 404
    assert api.get(url(account, f"/plans/{plan.pk}")).status_code == 404
    assert api.delete(url(account, f"/plans/{plan.pk}")).status_code == 404
    assert AccountPlan.objects.get(pk=plan.pk).status == "active"


# --- resource requests -------------------------------------------------------------------------


def test_a_member_requests_a_resource_and_a_leader_decides_it(
    member: Any, leader: Any, account: Account
) -> None:
    plan = PlanFactory(account=account)
    requested = ApiClient(member).post(
        url(account, "/resource-requests"),
        {"plan": plan.pk, "kind": "budget", "description": " Workshop ", "amount": "1200.5"},
    )
    path = url(account, f"/resource-requests/{requested.json()['id']}")

    refused = ApiClient(member).post(f"{path}/decision", {"status": "approved"})
    decided = ApiClient(leader).post(f"{path}/decision", {"status": "declined", "note": "Later"})
    again = ApiClient(leader).post(f"{path}/decision", {"status": "approved"})
    changed = ApiClient(member).patch(path, {"amount": 10})
    withdrawn = ApiClient(member).delete(path)

    assert requested.status_code == 201, requested.content
    body = requested.json()
    assert (body["description"], body["amount"], body["status"]) == (
        "Workshop",
        "1200.50",
        "requested",
    )
    assert body["requested_by"] == {"id": member.pk, "name": "Maria Member"}
    assert refused.status_code == 403
    assert decided.status_code == 200, decided.content
    assert (decided.json()["status"], decided.json()["decision_note"]) == ("declined", "Later")
    assert decided.json()["decided_by"] == {"id": leader.pk, "name": "Lena Leader"}
    assert decided.json()["decided_on"] == TODAY.isoformat()
    assert "already declined" in errors_at(again)[("body", "status")]
    assert "already declined" in errors_at(changed)[("body", "status")]
    assert "already declined" in errors_at(withdrawn)[("body", "status")]
    resource = ResourceRequest.objects.get()
    assert (resource.status, resource.amount) == ("declined", Decimal("1200.50"))


def test_a_pending_request_is_changed_and_withdrawn(member: Any, account: Account) -> None:
    resource = ResourceFactory(plan=PlanFactory(account=account), amount=Decimal(5))
    path = url(account, f"/resource-requests/{resource.pk}")
    api = ApiClient(member)

    partial = api.patch(path, {"description": "Two bid managers"})
    whole = api.put(path, {"kind": "expertise", "description": "An architect", "amount": None})
    incomplete = api.put(path, {"description": "An architect"})
    withdrawn = api.delete(path)

    assert (partial.json()["description"], partial.json()["amount"]) == ("Two bid managers", "5.00")
    assert (whole.json()["kind"], whole.json()["amount"]) == ("expertise", None)
    assert {("body", "kind"), ("body", "amount")} <= set(errors_at(incomplete))
    assert withdrawn.status_code == 204
    assert not ResourceRequest.objects.exists()


def test_requests_of_a_read_only_plan_or_another_account_are_refused(
    member: Any, account: Account
) -> None:
    closed = PlanFactory(account=account, status="closed", closed_on=TODAY)
    pending = ResourceFactory(plan=closed)
    elsewhere = ResourceFactory()
    api = ApiClient(member)

    create = api.post(url(account, "/resource-requests"), {"plan": closed.pk, "description": "X"})
    foreign_plan = api.post(
        url(account, "/resource-requests"), {"plan": elsewhere.plan.pk, "description": "X"}
    )
    change = api.patch(url(account, f"/resource-requests/{pending.pk}"), {"description": "Y"})
    foreign = api.get(url(account, f"/resource-requests/{elsewhere.pk}"))
    negative = api.patch(url(account, f"/resource-requests/{pending.pk}"), {"amount": -1})

    assert ("body",) in errors_at(create)
    assert ("body", "plan") in errors_at(foreign_plan)
    assert ("body",) in errors_at(change)
    assert foreign.status_code == 404
    assert ("body", "amount") in errors_at(negative)
    assert ResourceRequest.objects.get(pk=pending.pk).description == "A bid manager"


def test_resource_requests_are_filtered_and_sorted(member: Any, account: Account) -> None:
    plan = PlanFactory(account=account)
    small = ResourceFactory(plan=plan, kind="budget", amount=Decimal(10))
    large = ResourceFactory(plan=plan, kind="budget", amount=Decimal(900))
    ResourceFactory(plan=plan, kind="people", status="approved")
    ResourceFactory()  # another account's

    listed = ApiClient(member).get(
        url(account, "/resource-requests"), {"kind": "budget", "sort": "-amount"}
    )
    pending = ApiClient(member).get(url(account, "/resource-requests"), {"status": "requested"})

    assert [row["id"] for row in listed.json()["results"]] == [large.pk, small.pk]
    assert pending.json()["count"] == 2


# --- internal blockers ---------------------------------------------------------------------------


def test_a_blocker_is_logged_escalated_and_resolved(
    member: Any, leader: Any, account: Account
) -> None:
    api = ApiClient(member)
    logged = api.post(
        url(account, "/blockers"),
        {"title": " Legal review takes weeks ", "category": "process", "owner": member.person.pk},
    )
    path = url(account, f"/blockers/{logged.json()['id']}")

    unnamed = api.patch(path, {"status": "escalated"})
    escalated = api.patch(path, {"status": "escalated", "escalated_to": leader.person.pk})
    unresolved = api.patch(path, {"status": "resolved"})
    resolved = api.patch(path, {"status": "resolved", "resolution": "A standing slot"})

    assert logged.status_code == 201, logged.content
    body = logged.json()
    assert (body["title"], body["status"], body["raised_on"], body["is_open"]) == (
        "Legal review takes weeks",
        "open",
        TODAY.isoformat(),
        True,
    )
    assert body["owner"] == {"id": member.person.pk, "name": "Maria Member"}
    assert ("body", "escalated_to") in errors_at(unnamed)
    assert escalated.json()["escalated_to"] == {"id": leader.person.pk, "name": "Lena Leader"}
    assert escalated.json()["escalated_on"] == TODAY.isoformat()
    assert ("body", "resolution") in errors_at(unresolved)
    assert (resolved.json()["resolved_on"], resolved.json()["is_open"]) == (
        TODAY.isoformat(),
        False,
    )


def test_blocker_people_must_be_those_the_page_offers(member: Any, account: Account) -> None:
    blocker = BlockerFactory(account=account)
    stranger = PersonFactory(full_name="Stefan Stranger")
    api = ApiClient(member)

    owner = api.post(url(account, "/blockers"), {"title": "X", "owner": stranger.pk})
    escalation = api.patch(
        url(account, f"/blockers/{blocker.pk}"),
        {"status": "escalated", "escalated_to": stranger.pk},
    )
    missing = api.patch(url(account, f"/blockers/{blocker.pk}"), {"escalated_to": 2**40})
    future = api.post(url(account, "/blockers"), {"title": "X", "raised_on": day(1)})

    assert "not on this account's team" in errors_at(owner)[("body", "owner")]
    assert "Stefan Stranger cannot take" in errors_at(escalation)[("body", "escalated_to")]
    assert ("body", "escalated_to") in errors_at(missing)
    assert ("body", "raised_on") in errors_at(future)
    assert Blocker.objects.count() == 1


def test_a_blocker_put_needs_every_field_and_blockers_are_not_removed(
    member: Any, account: Account
) -> None:
    blocker = BlockerFactory(account=account)
    path = url(account, f"/blockers/{blocker.pk}")
    api = ApiClient(member)

    incomplete = api.put(path, {"title": "Renamed"})
    removed = api.delete(path)

    assert ("body", "status") in errors_at(incomplete)
    assert removed.status_code == 405
    assert Blocker.objects.get(pk=blocker.pk).title == blocker.title


def test_blockers_are_filtered_like_the_log(member: Any, account: Account) -> None:
    open_one = BlockerFactory(account=account, raised_on=TODAY - datetime.timedelta(days=3))
    escalated = BlockerFactory(
        account=account, status="escalated", escalated_to=member.person, raised_on=TODAY
    )
    BlockerFactory(account=account, status="resolved", resolution="Done")
    BlockerFactory()  # another account's
    api = ApiClient(member)

    active = api.get(url(account, "/blockers"), {"status": "active"})
    every = api.get(url(account, "/blockers"))

    assert [row["id"] for row in active.json()["results"]] == [escalated.pk, open_one.pk]
    assert every.json()["count"] == 3


def test_an_outsider_and_a_viewer_cannot_reach_requests_or_blockers(
    outsider: Any, viewer: Any, account: Account
) -> None:
    resource = ResourceFactory(plan=PlanFactory(account=account))
    blocker = BlockerFactory(account=account)

    hidden = ApiClient(outsider).get(url(account, f"/blockers/{blocker.pk}"))
    hidden_list = ApiClient(outsider).get(url(account, "/resource-requests"))
    read = ApiClient(viewer).get(url(account, f"/resource-requests/{resource.pk}"))
    write = ApiClient(viewer).patch(url(account, f"/blockers/{blocker.pk}"), {"title": "Mine"})
    decide = ApiClient(viewer).post(
        url(account, f"/resource-requests/{resource.pk}/decision"), {"status": "approved"}
    )

    assert (hidden.status_code, hidden_list.status_code) == (404, 404)
    assert read.status_code == 200
    assert (write.status_code, decide.status_code) == (403, 403)
    assert ResourceRequest.objects.get(pk=resource.pk).status == "requested"


# --- query counts (the lists; see hexad/api/tests/test_query_counts.py) ---------------------


@pytest.mark.parametrize("rows", ROWS)
def test_plan_list_queries(rows: int, member: Any, account: Account) -> None:
    for index in range(rows):
        start = TODAY + datetime.timedelta(days=400 * (index + 1))
        PlanFactory(account=account, period_start=start, period_end=start)
    # lock, token, the account, COUNT of its plans, the page
    count, body = measure(ApiClient(member), url(account, "/plans"))
    assert (count, body["count"]) == (5, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_objective_list_queries(rows: int, member: Any, account: Account) -> None:
    plan = PlanFactory(account=account)
    for _index in range(rows):
        ObjectiveFactory(plan=plan)
    # lock, token, the account, COUNT of the objectives, the page
    count, body = measure(ApiClient(member), url(account, "/objectives"))
    assert (count, body["count"]) == (5, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_action_list_queries(rows: int, member: Any, account: Account) -> None:
    plan = PlanFactory(account=account)
    for _index in range(rows):
        ActionFactory(plan=plan, owner=member.person)
    # lock, token, the account, COUNT of the actions, the page (owner and role joined)
    count, body = measure(ApiClient(member), url(account, "/actions"), {"status": "active"})
    assert (count, body["count"]) == (5, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_risk_list_queries(rows: int, member: Any, account: Account) -> None:
    plan = PlanFactory(account=account)
    for _index in range(rows):
        RiskFactory(plan=plan)
    # lock, token, the account, COUNT of the risks, the page
    count, body = measure(ApiClient(member), url(account, "/risks"), {"sort": "-severity"})
    assert (count, body["count"]) == (5, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_review_list_queries(rows: int, member: Any, account: Account) -> None:
    stakeholder = StakeholderFactory(account=account)
    for _index in range(rows):
        ReviewFactory(account=account, people=[member.person]).stakeholders.add(stakeholder)
    # lock, token, the account, COUNT of the reviews, the page, the page's people, the
    # page's stakeholders
    count, body = measure(ApiClient(member), url(account, "/reviews"))
    assert (count, body["count"]) == (7, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_decision_list_queries(rows: int, member: Any, account: Account) -> None:
    plan = PlanFactory(account=account)
    review = ReviewFactory(account=account)
    for _index in range(rows):
        ActionFactory(plan=plan, review=review, owner=member.person)
    # lock, token, the account, the review, its people, its stakeholders, COUNT of the
    # decisions, the page (owner and role joined)
    count, body = measure(ApiClient(member), url(account, f"/reviews/{review.pk}/decisions"))
    assert (count, body["count"]) == (8, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_resource_request_list_queries(
    rows: int, member: Any, leader: Any, account: Account
) -> None:
    plan = PlanFactory(account=account)
    for _index in range(rows):
        ResourceFactory(plan=plan, requested_by=member, decided_by=leader, status="approved")
    # lock, token, the account, COUNT of the requests, the page (the requesting and deciding
    # users with their people joined)
    count, body = measure(ApiClient(member), url(account, "/resource-requests"))
    assert (count, body["count"]) == (5, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_blocker_list_queries(rows: int, member: Any, account: Account) -> None:
    for _index in range(rows):
        BlockerFactory(
            account=account, owner=member.person, status="escalated", escalated_to=member.person
        )
    # lock, token, the account, COUNT of the blockers, the page (owner and escalation joined)
    count, body = measure(ApiClient(member), url(account, "/blockers"), {"status": "active"})
    assert (count, body["count"]) == (5, rows)


LIST_QUERY_TESTS = {
    "plan_list": test_plan_list_queries,
    "objective_list": test_objective_list_queries,
    "action_list": test_action_list_queries,
    "risk_list": test_risk_list_queries,
    "review_list": test_review_list_queries,
    "decision_list": test_decision_list_queries,
    "resource_request_list": test_resource_request_list_queries,
    "blocker_list": test_blocker_list_queries,
}
