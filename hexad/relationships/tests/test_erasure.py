"""Erasing a stakeholder (QUALITY.md Q13): nothing of them remains in any column of any
table, the history included, and the account's history says that someone was erased."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.urls import reverse

from hexad.growth.tests.factories import ValueInitiativeFactory
from hexad.history.context import recording
from hexad.history.models import Action, HistoryEntry
from hexad.planning.models import Review
from hexad.relationships import services
from hexad.relationships.models import Interaction, Relationship, Stakeholder, TechnicalConcern

pytestmark = pytest.mark.django_db

NAME = "Zofia Quarkowska"
RENAMED = "Zofia Quarkowska-Łęcka"
EMAIL = "zofia.quark@example.com"
PHONE = "+48 600 123 457"
MARKERS = ("Quarkowska", "Łęcka", "zofia.quark", "600 123 457")


def everything_stored() -> str:
    """Every row of every table, as one text (JSON escapes undone)."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    text = str(value)
                    parts.append(text)
                    if "\\u" in text:
                        try:
                            parts.append(json.loads(f'"{text}"'))
                        except ValueError:
                            parts.append(text.encode().decode("unicode_escape"))
    return "\n".join(parts)


@pytest.fixture
def erased_world(account: Any, member: Any, lead: Any) -> dict[str, Any]:
    with recording(source="page", actor=lead):
        boss = services.stakeholder_create(account=account, name="Celina Prezes", level=1)
        zofia = services.stakeholder_create(
            account=account, name=NAME, email=EMAIL, phone=PHONE, reports_to=boss
        )
    with recording(source="page", actor=lead):
        services.stakeholder_update(stakeholder=zofia, name=RENAMED, notes="Prefers mornings")
        report = services.stakeholder_create(account=account, name="Ola Raport", reports_to=zofia)
        side = services.stakeholder_create(
            account=account,
            name="Piotr Bok",
            reports_to=boss,
            dotted_manager=zofia,
            notes=f"Introduced by {RENAMED} ({EMAIL}).",
        )
    with recording(source="page", actor=member):
        services.relationship_create(
            stakeholder=zofia, person=member.person, current_level=2, desired_level=3
        )
        interaction = services.interaction_log(
            account=account,
            occurred_on=datetime.date(2025, 5, 6),
            kind="meeting",
            people=[member.person],
            stakeholders=[zofia, side],
            notes=f"Lunch with {NAME}; call her on {PHONE}.",
        )
        concern = services.concern_create(
            account=account, raised_by=zofia, topic="Data residency", owner=member.person
        )
    review = Review.objects.create(
        account=account, kind="check_in", minutes=f"{RENAMED.upper()} asked for a demo."
    )
    review.people.add(member.person)
    review.stakeholders.add(zofia)
    initiative = ValueInitiativeFactory(account=account, sponsor=zofia)
    LogEntry.objects.create(
        user=lead,
        content_type=ContentType.objects.get_for_model(Stakeholder),
        object_id=str(zofia.pk),
        object_repr=RENAMED,
        action_flag=CHANGE,
        change_message="[]",
    )
    return {
        "zofia": zofia,
        "boss": boss,
        "report": report,
        "side": side,
        "interaction": interaction,
        "concern": concern,
        "review": review,
        "initiative": initiative,
    }


def test_nothing_of_the_stakeholder_remains_anywhere(
    erased_world: dict[str, Any], account: Any, leader: Any
) -> None:
    stored = everything_stored()
    assert all(marker in stored for marker in MARKERS)  # the search would find them

    services.stakeholder_erase(stakeholder=erased_world["zofia"], actor=leader)

    stored = everything_stored()
    left = [marker for marker in MARKERS if marker.lower() in stored.lower()]
    assert left == []


def test_erasure_keeps_the_others_records_and_an_anonymous_entry(
    erased_world: dict[str, Any], account: Any, leader: Any
) -> None:
    w = erased_world
    zofia_pk = w["zofia"].pk
    services.stakeholder_erase(stakeholder=w["zofia"], actor=leader)

    assert not Stakeholder.objects.filter(pk=zofia_pk).exists()
    assert not Relationship.objects.filter(stakeholder_id=zofia_pk).exists()
    w["report"].refresh_from_db()
    w["side"].refresh_from_db()
    assert w["report"].reports_to_id == w["boss"].pk  # moved up
    assert (w["side"].reports_to_id, w["side"].dotted_manager_id) == (w["boss"].pk, None)
    assert w["side"].notes == "Introduced by [erased] ([erased])."
    interaction = Interaction.objects.get(pk=w["interaction"].pk)
    assert interaction.notes == "Lunch with [erased]; call her on [erased]."
    assert list(interaction.stakeholders.all()) == [w["side"]]
    assert TechnicalConcern.objects.get(pk=w["concern"].pk).raised_by is None
    review = Review.objects.get(pk=w["review"].pk)
    assert (review.stakeholders.count(), review.minutes) == (0, "[erased] asked for a demo.")
    w["initiative"].refresh_from_db()
    assert w["initiative"].sponsor is None
    assert not HistoryEntry.objects.filter(
        model_label="relationships.stakeholder", object_id=zofia_pk
    ).exists()

    marker = HistoryEntry.objects.get(
        model_label="accounts.account", object_id=account.pk, action=Action.ERASE
    )
    assert (marker.action, marker.actor) == (Action.ERASE, leader)
    assert marker.changes == [{"f": "_erased", "what": "relationships.stakeholder"}]
    [moved] = HistoryEntry.objects.filter(
        model_label="relationships.stakeholder", object_id=w["report"].pk, action=Action.ERASE
    )
    assert moved.changes == [
        {
            "f": "reports_to",
            "o": {"id": None, "r": "[erased]"},
            "n": {"id": w["boss"].pk, "r": "Celina Prezes"},
        }
    ]


def erase_url(account: Any, stakeholder: Stakeholder) -> str:
    return reverse("relationships:stakeholder-erase", args=[account.pk, stakeholder.pk])


def test_leaders_confirm_then_erase_members_may_not_outsiders_see_nothing(
    client: Client,
    erased_world: dict[str, Any],
    account: Any,
    leader: Any,
    member: Any,
    outsider: Any,
) -> None:
    zofia = erased_world["zofia"]
    url = erase_url(account, zofia)
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    detail = client.get(reverse("relationships:stakeholder", args=[account.pk, zofia.pk]))
    assert url not in detail.content.decode()

    client.force_login(leader)
    detail = client.get(reverse("relationships:stakeholder", args=[account.pk, zofia.pk]))
    assert url in detail.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "This cannot be undone." in page.content.decode()
    assert Stakeholder.objects.filter(pk=zofia.pk).exists()  # a GET erases nothing

    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("relationships:board", args=[account.pk])
    assert "personal data were erased" in response.content.decode()
    assert not Stakeholder.objects.filter(pk=zofia.pk).exists()
    marker = HistoryEntry.objects.get(model_label="accounts.account", action=Action.ERASE)
    assert (marker.source, marker.actor) == ("page", leader)


def test_namesakes_and_other_accounts_keep_what_is_theirs(
    erased_world: dict[str, Any], account: Any, leader: Any
) -> None:
    from hexad.accounts.tests.factories import AccountFactory
    from hexad.people.tests.factories import PersonFactory

    elsewhere = AccountFactory()
    with recording(source="page", actor=leader):
        other = services.stakeholder_create(
            account=elsewhere, name=NAME, email=EMAIL, notes=f"Not the {NAME} of the other client."
        )
        twin = services.stakeholder_create(account=account, name=NAME, title="Buyer")
    colleague = PersonFactory(full_name=NAME)
    other_notes = other.notes

    services.stakeholder_erase(stakeholder=erased_world["zofia"], actor=leader)

    other.refresh_from_db()
    twin.refresh_from_db()
    colleague.refresh_from_db()
    assert (other.name, other.email, other.notes) == (NAME, EMAIL, other_notes)
    assert twin.name == NAME  # a namesake on the same account keeps their own name
    assert colleague.full_name == NAME
    created = HistoryEntry.objects.get(
        model_label="relationships.stakeholder", object_id=other.pk, action=Action.CREATE
    )
    assert NAME in created.changes_text
