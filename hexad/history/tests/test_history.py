"""Field history: every channel records actor and source, old → new reads right, and the
History panel shows it only to those who may see the record."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hexad.__main__ import main
from hexad.api.services import token_create
from hexad.history.context import IMPORT, paused, recording
from hexad.history.models import Action, HistoryEntry
from hexad.history.selectors import history_get
from hexad.people.models import Department
from hexad.people.tests.factories import PersonFactory
from hexad.relationships import services
from hexad.relationships.models import Relationship, Stakeholder
from hexad.relationships.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db

STAKEHOLDER = "relationships.stakeholder"


def entries(record: Any) -> list[HistoryEntry]:
    return list(
        HistoryEntry.objects.filter(
            model_label=record._meta.label_lower, object_id=record.pk
        ).order_by("id")
    )


def change(entry: HistoryEntry, field: str) -> dict[str, Any]:
    return next(c for c in entry.changes if c["f"] == field)


@pytest.fixture
def stakeholder(account: Any) -> Stakeholder:
    with paused():
        return StakeholderFactory(account=account, name="Jan Klient", attitude="neutral")


# --- channels ---------------------------------------------------------------------------------


def test_a_page_edit_records_the_user_the_page_and_old_to_new(
    client: Client, member: Any, account: Any, stakeholder: Stakeholder
) -> None:
    client.force_login(member)
    url = reverse("relationships:stakeholder-edit", args=[account.pk, stakeholder.pk])
    response = client.post(
        url,
        {
            "name": "Jan Klient",
            "title": "CFO",
            "level": stakeholder.level,
            "influence": 4,
            "attitude": "advocate",
            "status": "active",
            "owner": member.person.pk,
            "version": stakeholder.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    [entry] = entries(stakeholder)
    assert (entry.action, entry.source, entry.actor) == (Action.UPDATE, "page", member)
    assert change(entry, "attitude") == {"f": "attitude", "o": "neutral", "n": "advocate"}
    assert change(entry, "influence") == {"f": "influence", "o": 3, "n": 4}
    assert change(entry, "owner") == {
        "f": "owner",
        "o": None,
        "n": {"id": member.person.pk, "r": "Maria Member"},
    }
    assert {c["f"] for c in entry.changes} == {"title", "attitude", "influence", "owner"}


def test_an_api_change_records_the_tokens_user_and_the_api(
    client: Client, lead: Any, account: Any, stakeholder: Stakeholder
) -> None:
    secret = token_create(user=lead, name="history").secret
    response = client.patch(
        f"/api/v1/accounts/{account.pk}/stakeholders/{stakeholder.pk}",
        json.dumps({"attitude": "opponent", "version": stakeholder.version}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200, response.content

    [entry] = entries(stakeholder)
    assert (entry.source, entry.actor) == ("api", lead)
    assert entry.changes == [{"f": "attitude", "o": "neutral", "n": "opponent"}]


def test_an_admin_change_records_the_administration(client: Client, admin_user: Any) -> None:
    department = Department.objects.create(name="Sales")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:people_department_change", args=[department.pk]), {"name": "Key sales"}
    )
    assert response.status_code == 302

    create, update = entries(department)
    assert (create.action, create.source) == (Action.CREATE, "system")
    assert (update.source, update.actor) == ("admin", admin_user)
    assert update.changes == [{"f": "name", "o": "Sales", "n": "Key sales"}]


def test_an_import_records_the_import_and_its_user(account: Any, leader: Any) -> None:
    with recording(source=IMPORT, actor=leader):
        stakeholder = services.stakeholder_create(account=account, name="Ewa Import", level=2)

    [entry] = entries(stakeholder)
    assert (entry.action, entry.source, entry.actor) == (Action.CREATE, "import", leader)
    assert change(entry, "name")["n"] == "Ewa Import"
    assert change(entry, "account")["n"] == {"id": account.pk, "r": "Acme Polska"}


@pytest.mark.django_db(transaction=True)  # the command may close the connection at its end
def test_a_command_records_the_command(monkeypatch: Any) -> None:
    code = "from hexad.people.models import Department; Department.objects.create(name='Ops')"
    monkeypatch.setattr(sys, "argv", ["hexad", "shell", "-c", code])
    main()

    [entry] = entries(Department.objects.get(name="Ops"))
    assert (entry.action, entry.source, entry.actor) == (Action.CREATE, "command", None)


def test_one_request_saving_a_record_twice_leaves_one_entry(account: Any, member: Any) -> None:
    with recording(source="page", actor=member):
        stakeholder = services.stakeholder_create(account=account, name="Anna Dwa")
        services.stakeholder_update(stakeholder=stakeholder, title="CTO")

    [entry] = entries(stakeholder)
    assert entry.action == Action.CREATE
    assert change(entry, "title") == {"f": "title", "o": None, "n": "CTO"}


def test_saving_without_a_change_leaves_no_entry(stakeholder: Stakeholder) -> None:
    services.stakeholder_update(stakeholder=stakeholder, title=stakeholder.title)
    assert entries(stakeholder) == []


# --- writes that bypass model signals -----------------------------------------------------------


def test_logging_an_interaction_records_links_relationships_and_first_engagement(
    account: Any, member: Any, stakeholder: Stakeholder
) -> None:
    import datetime

    day = datetime.date(2025, 3, 4)
    with recording(source="page", actor=member):
        interaction = services.interaction_log(
            account=account,
            occurred_on=day,
            kind="meeting",
            people=[member.person],
            stakeholders=[stakeholder],
        )

    [logged] = entries(interaction)
    assert logged.action == Action.CREATE
    assert {"f": "people", "add": ["Maria Member"]} in logged.changes
    assert {"f": "stakeholders", "add": ["Jan Klient"]} in logged.changes
    relationship = Relationship.objects.get(stakeholder=stakeholder)
    [created] = entries(relationship)
    assert (created.action, created.actor, created.source) == (Action.CREATE, member, "page")
    assert change(created, "current_level")["n"] == 1
    [engaged] = entries(stakeholder)
    assert engaged.changes == [{"f": "first_engaged", "o": None, "n": "2025-03-04"}]


def test_a_leaver_moving_reports_up_is_recorded_on_each_report(account: Any) -> None:
    with paused():
        boss = StakeholderFactory(account=account, name="Celina Prezes")
        leaver = StakeholderFactory(account=account, name="Marek Odchodzi", reports_to=boss)
        report = StakeholderFactory(account=account, name="Ola Raport", reports_to=leaver)

    services.stakeholder_mark_left(stakeholder=leaver)

    [moved] = entries(report)
    assert moved.changes == [
        {
            "f": "reports_to",
            "o": {"id": leaver.pk, "r": "Marek Odchodzi"},
            "n": {"id": boss.pk, "r": "Celina Prezes"},
        }
    ]
    [left] = entries(leaver)
    assert left.changes == [{"f": "status", "o": "active", "n": "left"}]


# --- showing it ---------------------------------------------------------------------------------


def test_the_history_reads_in_labels_choices_and_related_names(
    account: Any, member: Any, stakeholder: Stakeholder
) -> None:
    with recording(source="page", actor=member):
        services.stakeholder_update(
            stakeholder=stakeholder, attitude="advocate", owner=member.person
        )

    history = history_get(user=member, label=STAKEHOLDER, pk=stakeholder.pk)
    [row] = history.rows
    assert (row.actor, row.source, row.action) == ("Maria Member", "page", "update")
    lines = {line.label: (line.old, line.new) for line in row.changes}
    assert lines == {
        "Attitude to us": ("Neutral", "Advocate"),
        "Relationship owner": ("—", "Maria Member"),
    }


def history_url(record: Any) -> str:
    return reverse("history:panel", args=[record._meta.label_lower, record.pk])


def test_an_outsider_gets_404_and_a_team_member_the_panel(
    client: Client, outsider: Any, member: Any, stakeholder: Stakeholder
) -> None:
    services.stakeholder_update(stakeholder=stakeholder, title="CEO")
    client.force_login(outsider)
    assert client.get(history_url(stakeholder)).status_code == 404
    assert (
        client.get(reverse("history:panel", args=["coverage.accountcoverage", 1])).status_code
        == 404
    )
    client.force_login(member)
    response = client.get(history_url(stakeholder), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "CEO" in body and "<html" not in body


def test_competency_history_is_for_managers_only(client: Client, member: Any, leader: Any) -> None:
    person = PersonFactory()
    from hexad.people.models import DevelopmentNote
    from hexad.roles.models import Role

    note = DevelopmentNote.objects.create(
        person=person, role=Role.objects.get(key="innovator"), text="Pitch a pilot"
    )
    client.force_login(member)
    assert client.get(history_url(note)).status_code == 404
    client.force_login(leader)
    assert client.get(history_url(note)).status_code == 200


@pytest.mark.parametrize("changes", [2, 30])
def test_the_panel_runs_the_same_queries_for_few_or_many_entries(
    changes: int,
    client: Client,
    member: Any,
    stakeholder: Stakeholder,
    django_assert_num_queries: Any,
) -> None:
    for n in range(changes):  # one request each
        with recording(source="page", actor=member):
            services.stakeholder_update(stakeholder=stakeholder, title=f"Title {n}")
    client.force_login(member)
    client.get(history_url(stakeholder))  # writes the session
    # session, user,
    # visible  SELECT 1 stakeholder within the accounts the member sees
    # count    SELECT COUNT(*) of the record's entries (the paginator)
    # page     SELECT the page of entries with their actor and the actor's person
    with django_assert_num_queries(5):
        response = client.get(history_url(stakeholder), headers={"HX-Request": "true"})
    assert len(response.context["history"].rows) == min(changes, 10)


def test_each_detail_page_carries_the_history_panel(
    client: Client, member: Any, account: Any, stakeholder: Stakeholder
) -> None:
    client.force_login(member)
    for url, record in [
        (reverse("accounts:detail", args=[account.pk]), account),
        (reverse("relationships:stakeholder", args=[account.pk, stakeholder.pk]), stakeholder),
        (reverse("people:detail", args=[member.person.pk]), member.person),
    ]:
        body = client.get(url).content.decode()
        assert f'hx-get="{history_url(record)}"' in body, url
