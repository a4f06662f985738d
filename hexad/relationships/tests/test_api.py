"""The relationships API: stakeholders (with reporting lines and optimistic locking),
relationships, the interaction log and technical concerns (docs/api.md)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from hexad.accounts.models import Account
from hexad.api.tests.conftest import ApiClient, errors_at
from hexad.api.tests.test_query_counts import ROWS, measure
from hexad.people.tests.factories import PersonFactory
from hexad.relationships import services
from hexad.relationships.models import Relationship, Stakeholder
from hexad.relationships.tests.factories import (
    InteractionFactory,
    RelationshipFactory,
    StakeholderFactory,
    TechnicalConcernFactory,
)

pytestmark = pytest.mark.django_db


def url(account: Account, rest: str) -> str:
    return f"/accounts/{account.pk}{rest}"


def test_a_member_adds_a_stakeholder_under_a_manager(member: Any, account: Account) -> None:
    boss = StakeholderFactory(account=account, name="Anna Prezes", level=1)

    response = ApiClient(member).post(
        url(account, "/stakeholders"),
        {
            "name": "  Piotr Zięba ",
            "level": 2,
            "buying_roles": ["technical_evaluator", "user"],
            "reports_to": boss.pk,
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["reports_to"], body["version"]) == ("Piotr Zięba", boss.pk, 1)
    assert body["buying_roles"] == ["technical_evaluator", "user"]
    assert Stakeholder.objects.get(pk=body["id"]).is_technical_evaluator


def test_a_reporting_cycle_is_a_422_on_the_field(member: Any, account: Account) -> None:
    boss = StakeholderFactory(account=account, name="Boss")
    report = StakeholderFactory(account=account, name="Report", reports_to=boss)

    response = ApiClient(member).patch(
        url(account, f"/stakeholders/{boss.pk}"), {"reports_to": report.pk, "version": 1}
    )

    assert "Report already reports" in errors_at(response)[("body", "reports_to")]
    boss.refresh_from_db()
    assert boss.reports_to is None


def test_a_manager_of_another_account_is_a_422(member: Any, account: Account) -> None:
    stakeholder = StakeholderFactory(account=account)
    elsewhere = StakeholderFactory()

    response = ApiClient(member).patch(
        url(account, f"/stakeholders/{stakeholder.pk}"),
        {"reports_to": elsewhere.pk, "version": 1},
    )

    assert ("body", "reports_to") in errors_at(response)


def test_a_stale_stakeholder_version_is_a_409_and_changes_nothing(
    member: Any, account: Account
) -> None:
    stakeholder = StakeholderFactory(account=account, title="CTO")
    services.stakeholder_update(stakeholder=stakeholder, title="CIO")  # version 2 now

    response = ApiClient(member).patch(
        url(account, f"/stakeholders/{stakeholder.pk}"), {"title": "CEO", "version": 1}
    )

    assert response.status_code == 409
    assert "Someone else changed this stakeholder" in response.json()["detail"]
    stakeholder.refresh_from_db()
    assert (stakeholder.title, stakeholder.version) == ("CIO", 2)


def test_deleting_a_stakeholder_moves_their_reports_up(member: Any, account: Account) -> None:
    top = StakeholderFactory(account=account, name="Top")
    middle = StakeholderFactory(account=account, name="Middle", reports_to=top)
    bottom = StakeholderFactory(account=account, name="Bottom", reports_to=middle)

    response = ApiClient(member).delete(url(account, f"/stakeholders/{middle.pk}"))

    assert response.status_code == 204
    bottom.refresh_from_db()
    assert bottom.reports_to == top
    assert not Stakeholder.objects.filter(pk=middle.pk).exists()


def test_stakeholder_filters_and_sorting(member: Any, account: Account) -> None:
    StakeholderFactory(account=account, name="Beata", level=1, is_champion=True)
    StakeholderFactory(account=account, name="Adam", level=3)
    StakeholderFactory(account=account, name="Celina", level=1, status="left")
    api = ApiClient(member)

    champions = api.get(url(account, "/stakeholders"), {"buying_role": "champion"}).json()
    executives = api.get(url(account, "/stakeholders"), {"level": 1, "sort": "-name"}).json()
    bad = api.get(url(account, "/stakeholders"), {"sort": "shoe_size"})

    assert [row["name"] for row in champions["results"]] == ["Beata"]
    assert [row["name"] for row in executives["results"]] == ["Celina", "Beata"]
    assert ("query", "sort") in errors_at(bad)


def test_a_viewer_may_read_but_not_write(viewer: Any, account: Account) -> None:
    stakeholder = StakeholderFactory(account=account)
    api = ApiClient(viewer)

    assert api.get(url(account, f"/stakeholders/{stakeholder.pk}")).status_code == 200
    assert api.post(url(account, "/stakeholders"), {"name": "X"}).status_code == 403


def test_an_outsider_gets_404_for_everything(outsider: Any, account: Account) -> None:
    stakeholder = StakeholderFactory(account=account)
    relationship = RelationshipFactory(stakeholder=stakeholder)
    interaction = InteractionFactory(account=account)
    concern = TechnicalConcernFactory(account=account)
    api = ApiClient(outsider)

    for rest in (
        "/stakeholders",
        f"/stakeholders/{stakeholder.pk}",
        f"/relationships/{relationship.pk}",
        f"/interactions/{interaction.pk}",
        f"/concerns/{concern.pk}",
    ):
        assert api.get(url(account, rest)).status_code == 404, rest
    assert api.delete(url(account, f"/stakeholders/{stakeholder.pk}")).status_code == 404
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()


def test_a_stakeholder_of_another_account_is_a_404_through_ones_own(
    member: Any, account: Account
) -> None:
    elsewhere = StakeholderFactory()

    response = ApiClient(member).get(url(account, f"/stakeholders/{elsewhere.pk}"))

    assert response.status_code == 404


def test_relationship_levels_below_the_current_one_are_refused(
    member: Any, account: Account
) -> None:
    relationship = RelationshipFactory(
        stakeholder=StakeholderFactory(account=account), current_level=2, desired_level=3
    )

    response = ApiClient(member).patch(
        url(account, f"/relationships/{relationship.pk}"), {"desired_level": 1}
    )

    assert ("body", "desired_level") in errors_at(response)


def test_logging_an_interaction_refreshes_the_relationship(member: Any, account: Account) -> None:
    stakeholder = StakeholderFactory(account=account)
    person = PersonFactory()
    day = datetime.date.today() - datetime.timedelta(days=2)

    response = ApiClient(member).post(
        url(account, "/interactions"),
        {
            "occurred_on": day.isoformat(),
            "kind": "call",
            "people": [person.pk],
            "stakeholders": [stakeholder.pk],
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["people"] == [{"id": person.pk, "name": person.full_name}]
    relationship = Relationship.objects.get(person=person, stakeholder=stakeholder)
    assert (relationship.current_level, relationship.last_interaction) == (1, day)

    deleted = ApiClient(member).delete(url(account, f"/interactions/{response.json()['id']}"))

    assert deleted.status_code == 204
    relationship.refresh_from_db()
    assert relationship.last_interaction is None


def test_an_interaction_with_a_stakeholder_of_another_account_is_a_422(
    member: Any, account: Account
) -> None:
    response = ApiClient(member).post(
        url(account, "/interactions"),
        {"people": [PersonFactory().pk], "stakeholders": [StakeholderFactory().pk]},
    )

    assert ("body", "stakeholders") in errors_at(response)


def test_closing_a_concern_needs_a_resolution(member: Any, account: Account) -> None:
    concern = TechnicalConcernFactory(account=account)

    response = ApiClient(member).patch(
        url(account, f"/concerns/{concern.pk}"), {"status": "resolved"}
    )

    assert ("body", "resolution") in errors_at(response)


# --- query counts (the lists; see hexad/api/tests/test_query_counts.py) ---------------------


@pytest.mark.parametrize("rows", ROWS)
def test_stakeholder_list_queries(rows: int, member: Any, account: Account) -> None:
    for _index in range(rows):
        StakeholderFactory(account=account, owner=PersonFactory())
    # lock, token, the account, COUNT of its stakeholders, the page (owner joined)
    count, body = measure(ApiClient(member), url(account, "/stakeholders"))
    assert (count, body["count"]) == (5, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_relationship_list_queries(rows: int, member: Any, account: Account) -> None:
    for _index in range(rows):
        RelationshipFactory(stakeholder=StakeholderFactory(account=account))
    # lock, token, the account, COUNT of the relationships, the page (stakeholder and
    # person joined)
    count, body = measure(ApiClient(member), url(account, "/relationships"))
    assert (count, body["count"]) == (5, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_interaction_list_queries(rows: int, member: Any, account: Account) -> None:
    stakeholder = StakeholderFactory(account=account)
    person = PersonFactory()
    for _index in range(rows):
        services.interaction_log(
            account=account,
            occurred_on=datetime.date.today(),
            kind="meeting",
            people=[person],
            stakeholders=[stakeholder],
        )
    # lock, token, the account, COUNT of the interactions, the page, the page's people,
    # the page's stakeholders
    count, body = measure(ApiClient(member), url(account, "/interactions"))
    assert (count, body["count"]) == (7, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_concern_list_queries(rows: int, member: Any, account: Account) -> None:
    stakeholder = StakeholderFactory(account=account)
    for _index in range(rows):
        TechnicalConcernFactory(account=account, raised_by=stakeholder, owner=PersonFactory())
    # lock, token, the account, COUNT of the concerns, the page (raiser and owner joined)
    count, body = measure(ApiClient(member), url(account, "/concerns"), {"sort": "severity"})
    assert (count, body["count"]) == (5, rows)


LIST_QUERY_TESTS = {
    "stakeholder_list": test_stakeholder_list_queries,
    "relationship_list": test_relationship_list_queries,
    "interaction_list": test_interaction_list_queries,
    "concern_list": test_concern_list_queries,
}
