"""Imports leave one history entry per record they create or change, with the source
"import" and the importing user; importing the same file again, or a dry run, none."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from hexad.accounts.models import Account
from hexad.accounts.tests.factories import AccountFactory
from hexad.history.context import paused
from hexad.history.models import Action, HistoryEntry
from hexad.relationships.models import Stakeholder
from hexad.relationships.tests.factories import StakeholderFactory
from hexad.transfer.models import ImportBatch
from hexad.transfer.tests.helpers import counts, problems, run_text
from hexad.transfer.tests.test_pages import signed_in, upload

pytestmark = pytest.mark.django_db

STAKEHOLDER = "relationships.stakeholder"
HEADER = "Id,AccountId,Name,Title,ReportsToId\n"
# The manager of S-3 comes after it: that line is linked after the rows went in.
FILE = HEADER + "S-1,A-1,Anna Prezes,CEO,\nS-2,A-1,Bartek Dyrektor,CFO,S-1\nS-3,A-1,Cyryl,IT,S-4\n"
FILE += "S-4,A-1,Dorota,CTO,S-1\n"


def stakeholder_entries() -> Any:
    return HistoryEntry.objects.filter(model_label=STAKEHOLDER).order_by("id")


def by_external() -> dict[str, int]:
    return dict(Stakeholder.objects.values_list("external_id", "pk"))


@pytest.fixture
def client_account() -> Account:
    with paused():
        return AccountFactory(external_id="A-1")


def test_an_import_records_each_created_stakeholder_once(client_account: Any, leader: Any) -> None:
    result = run_text("stakeholders", FILE, actor=leader)

    assert counts(result) == (4, 0, 0), problems(result)
    ids = by_external()
    entries = list(stakeholder_entries())
    assert sorted(e.object_id for e in entries) == sorted(ids.values())
    assert {(e.action, e.source, e.actor) for e in entries} == {(Action.CREATE, "import", leader)}
    late = next(e for e in entries if e.object_id == ids["S-3"])
    assert {"f": "reports_to", "o": None, "n": {"id": ids["S-4"], "r": "Dorota"}} in late.changes
    early = next(e for e in entries if e.object_id == ids["S-2"])
    assert {"f": "name", "o": None, "n": "Bartek Dyrektor"} in early.changes
    assert {"f": "reports_to", "o": None, "n": {"id": ids["S-1"], "r": "Anna Prezes"}} in (
        early.changes
    )


def test_the_same_file_again_records_nothing(client_account: Any, leader: Any) -> None:
    run_text("stakeholders", FILE, actor=leader)
    before = stakeholder_entries().count()

    again = run_text("stakeholders", FILE, actor=leader)

    assert counts(again) == (0, 0, 4)
    assert stakeholder_entries().count() == before


def test_a_changed_file_records_old_to_new_on_the_changed_rows_only(
    client_account: Any, leader: Any
) -> None:
    run_text("stakeholders", FILE, actor=leader)
    ids = by_external()
    last = stakeholder_entries().last()
    assert last is not None
    changed = FILE.replace("Bartek Dyrektor,CFO,S-1", "Bartek Dyrektor,COO,S-4").replace(
        "Cyryl,IT,S-4", "Cyryl,IT,S-1"
    )

    result = run_text("stakeholders", changed, actor=leader)

    assert counts(result) == (0, 2, 2), problems(result)
    new = list(stakeholder_entries().filter(pk__gt=last.pk))
    assert sorted(e.object_id for e in new) == sorted([ids["S-2"], ids["S-3"]])
    bartek = next(e for e in new if e.object_id == ids["S-2"])
    assert (bartek.action, bartek.source, bartek.actor) == (Action.UPDATE, "import", leader)
    assert bartek.changes == [
        {"f": "title", "o": "CFO", "n": "COO"},
        {
            "f": "reports_to",
            "o": {"id": ids["S-1"], "r": "Anna Prezes"},
            "n": {"id": ids["S-4"], "r": "Dorota"},
        },
    ]


def test_a_dry_run_or_a_refused_file_records_nothing(client_account: Any) -> None:
    run_text("stakeholders", FILE, dry_run=True)
    run_text("stakeholders", FILE + "S-5,A-1,Ewa,,S-9\n")
    assert not stakeholder_entries().exists()
    assert not Stakeholder.objects.exists()


def test_the_command_names_the_user_it_is_given_or_none(
    client_account: Any, leader: Any, tmp_path: Path
) -> None:
    path = tmp_path / "s.csv"
    path.write_text(FILE)
    call_command("import", "stakeholders", str(path), "--user", leader.username,
                 "--no-progress", stdout=io.StringIO())  # fmt: skip
    assert {(e.source, e.actor) for e in stakeholder_entries()} == {("import", leader)}

    path.write_text(FILE.replace("CEO", "Prezes"))
    call_command("import", "stakeholders", str(path), "--no-progress", stdout=io.StringIO())
    last = stakeholder_entries().last()
    assert last is not None
    assert (last.source, last.actor, last.changes[0]["n"]) == ("import", None, "Prezes")


def test_an_existing_stakeholder_matched_by_name_is_recorded_as_changed(
    client_account: Any, leader: Any
) -> None:
    with paused():
        StakeholderFactory(account=client_account, name="Ola", title="Staff")
    run_text("stakeholders", "AccountId,Name,Title\nA-1,Ola,Lead\n", actor=leader)
    [entry] = stakeholder_entries()
    assert (entry.action, entry.changes) == (
        Action.UPDATE, [{"f": "title", "o": "Staff", "n": "Lead"}]
    )  # fmt: skip


def test_a_confirmed_upload_records_the_user_who_confirmed(leader: Any) -> None:
    client: Client = signed_in(leader)
    upload(client, "accounts_pl_cp1250.csv")
    batch = ImportBatch.objects.get(owner=leader)
    data = {f"map_{key}": value for key, value in batch.mapping.items()}
    client.post(reverse("transfer:map", args=[batch.pk]), data)
    assert not HistoryEntry.objects.filter(source="import").exists()  # the check wrote none

    client.post(reverse("transfer:confirm", args=[batch.pk]))

    accounts = Account.objects.filter(external_id__startswith="KA-")
    entries = HistoryEntry.objects.filter(model_label="accounts.account")
    assert sorted(e.object_id for e in entries) == sorted(a.pk for a in accounts)
    assert {(e.action, e.source, e.actor) for e in entries} == {(Action.CREATE, "import", leader)}
