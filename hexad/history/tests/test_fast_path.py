"""The fast path for imports writes entries exactly as the bulk helpers do."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from hexad.history.context import IMPORT, paused, recording
from hexad.history.models import Action, HistoryEntry
from hexad.history.recorder import (
    bulk_create_recorded,
    bulk_update_recorded,
    join_updates_fast,
    record_rows_fast,
)
from hexad.history.registry import tracked_for
from hexad.relationships.models import Stakeholder
from hexad.relationships.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db

LABEL = "relationships.stakeholder"


def values(stakeholder: Stakeholder) -> dict[str, Any]:
    tracked = tracked_for(LABEL)
    assert tracked is not None
    return {f.attname: getattr(stakeholder, f.attname) for f in tracked.fields}


def ours() -> Any:
    return HistoryEntry.objects.filter(model_label=LABEL).order_by("id")


def texts() -> list[tuple[int, str, str, Any, str]]:
    return list(ours().values_list("object_id", "action", "changes_text", "actor_id", "source"))


def test_created_rows_read_as_bulk_create_recorded_writes_them(account: Any, leader: Any) -> None:
    with paused():
        boss = StakeholderFactory(account=account, name="Zofia Prezes")
    made = Stakeholder(
        account=account,
        name="Łukasz Żak",
        reports_to=boss,
        first_engaged=datetime.date(2024, 5, 6),
        is_champion=True,
    )
    with recording(source=IMPORT, actor=leader):
        bulk_create_recorded(Stakeholder, [made])
    expected = texts()
    ours().delete()

    with recording(source=IMPORT, actor=leader):
        written = record_rows_fast(Stakeholder, [(made.pk, Action.CREATE, None, values(made))])

    assert written == 1
    assert texts() == expected
    [entry] = ours()
    assert (entry.source, entry.actor, entry.at is not None) == ("import", leader, True)


def test_updated_rows_read_as_bulk_update_recorded_writes_them(account: Any, leader: Any) -> None:
    with paused():
        one = StakeholderFactory(account=account, name="Anna", title="CEO")
    old = values(one)
    one.title, one.influence = "CFO", 5
    with recording(source=IMPORT, actor=leader):
        bulk_update_recorded(Stakeholder, [one], ["title", "influence"])
    expected = texts()
    ours().delete()

    new = {"title": "CFO", "influence": 5, "name": old["name"]}
    with recording(source=IMPORT, actor=leader):
        record_rows_fast(Stakeholder, [(one.pk, Action.UPDATE, old, new)])

    assert texts() == expected
    assert ours().get().changes == [
        {"f": "title", "o": "CEO", "n": "CFO"},
        {"f": "influence", "o": old["influence"], "n": 5},
    ]


def test_a_second_pass_joins_the_entry_of_the_same_recording(account: Any) -> None:
    with paused():
        boss = StakeholderFactory(account=account, name="Zofia Prezes")
        other = StakeholderFactory(account=account, name="Olek Inny")
        made = StakeholderFactory(account=account, name="Ewa Nowa")
    line_old = {"reports_to_id": None, "dotted_manager_id": None}
    line_new = {"reports_to_id": boss.pk, "dotted_manager_id": None}
    with recording(source=IMPORT):
        record_rows_fast(Stakeholder, [(made.pk, Action.CREATE, None, values(made))])
        join_updates_fast(
            Stakeholder, [(made.pk, line_old, line_new), (other.pk, line_old, line_new)]
        )
    with recording(source=IMPORT):
        join_updates_fast(Stakeholder, [(made.pk, line_new, line_old)])

    created, moved, later = ours()
    assert (created.object_id, created.action) == (made.pk, Action.CREATE)
    assert created.changes[-1] == {
        "f": "reports_to", "o": None, "n": {"id": boss.pk, "r": "Zofia Prezes"}
    }  # fmt: skip
    assert (moved.object_id, moved.action, [c["f"] for c in moved.changes]) == (
        other.pk, Action.UPDATE, ["reports_to"]
    )  # fmt: skip
    assert (later.object_id, later.action) == (made.pk, Action.UPDATE)


def test_nothing_is_written_while_paused_or_without_a_change(account: Any) -> None:
    with paused():
        one = StakeholderFactory(account=account)
        assert record_rows_fast(Stakeholder, [(one.pk, Action.CREATE, None, values(one))]) == 0
    assert record_rows_fast(Stakeholder, [(one.pk, Action.UPDATE, values(one), values(one))]) == 0
    assert not ours().exists()
