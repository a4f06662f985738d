"""The designer pages: who may use them, starting a run, the diff, applying, queries."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from hexad.accounts.models import RoleAssignment
from hexad.staffing import services
from hexad.staffing.models import ChangeKind, RunStatus, StaffingRun

pytestmark = pytest.mark.django_db


def finished_run(designed, user=None):
    run = services.run_create(user=user, options=designed.options)
    return services.run_execute(run_id=run.pk, in_process=True)


@pytest.mark.parametrize("persona", ["member", "viewer", "outsider"])
def test_only_managers_use_the_designer(client, persona, request, designed):
    client.force_login(request.getfixturevalue(persona))
    run = finished_run(designed)
    assert client.get(reverse("staffing:designer")).status_code == 403
    assert client.get(reverse("staffing:run-detail", args=[run.pk])).status_code == 403
    response = client.post(reverse("staffing:run-apply", args=[run.pk]), {"all": "1"})
    assert response.status_code == 403
    assert not run.changes.filter(applied_at__isnull=False).exists()


def test_leader_starts_a_run_from_the_form(
    client, leader, designed, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    page = client.get(reverse("staffing:designer"))
    assert page.status_code == 200
    assert b"Propose teams" in page.content
    data = {
        "tiers": [designed.tier.pk], "fill_weight": 1000, "fit_weight": 1,
        "continuity_bonus": 30, "slots_per_person": 2, "per_account_limit": 1,
        "hours_per_person": 40, "allocation": 10, "time_limit": 30,
    }  # fmt: skip
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("staffing:run-create"), data)
    run = StaffingRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staffing:run-detail", args=[run.pk])
    assert len(callbacks) == 1  # the task is queued once the run is stored
    assert run.options["tiers"] == [designed.tier.pk]
    assert run.options["per_account_limit"] == 1
    assert run.created_by == leader


def test_bad_form_keeps_values_and_names_the_field(client, leader, designed):
    client.force_login(leader)
    response = client.post(
        reverse("staffing:run-create"),
        {"fill_weight": "-5", "fit_weight": 1, "continuity_bonus": 30, "slots_per_person": 2,
         "per_account_limit": 1, "hours_per_person": 40, "allocation": 10, "time_limit": 30},
    )  # fmt: skip
    assert response.status_code == 200
    assert not StaffingRun.objects.exists()
    assert response.context["form"].errors.keys() == {"fill_weight"}
    assert b'value="-5"' in response.content


def test_running_run_polls_and_refreshes_when_done(client, leader, designed):
    client.force_login(leader)
    run = services.run_create(user=leader, options=designed.options)
    url = reverse("staffing:run-detail", args=[run.pk])
    page = client.get(url)
    assert b'hx-trigger="every 2s"' in page.content
    partial = client.get(url, headers={"HX-Request": "true", "HX-Target": "run-status"})
    assert "HX-Refresh" not in partial
    services.run_execute(run_id=run.pk, in_process=True)
    partial = client.get(url, headers={"HX-Request": "true", "HX-Target": "run-status"})
    assert partial["HX-Refresh"] == "true"


def test_diff_shows_each_change_with_its_reason(client, leader, designed):
    client.force_login(leader)
    run = finished_run(designed, leader)
    page = client.get(reverse("staffing:run-detail", args=[run.pk]))
    text = page.content.decode()
    assert "none: the proposal is optimal" in text
    assert "Added (2)" in text and "Changed (1)" in text and "Kept (1)" in text
    assert "fit 100/100" in text and "plays it today" in text
    changed = client.get(reverse("staffing:run-detail", args=[run.pk]) + "?kind=changed")
    assert list(changed.context["page"].object_list) == list(run.changes.filter(kind="changed"))


def test_apply_selected_from_the_page(client, leader, designed):
    client.force_login(leader)
    run = finished_run(designed, leader)
    alfa_in = run.changes.get(account=designed.alfa, role=designed.innovator)
    response = client.post(reverse("staffing:run-apply", args=[run.pk]), {"changes": [alfa_in.pk]})
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(
        membership__account=designed.alfa, role=designed.innovator, membership__person=designed.ben
    ).exists()
    assert list(run.changes.filter(applied_at__isnull=False)) == [alfa_in]
    assert run.changes.get(pk=alfa_in.pk).applied_by == leader


def test_stale_apply_gives_a_clear_message(client, leader, designed):
    client.force_login(leader)
    run = finished_run(designed, leader)
    designed.cat_beta.delete()
    response = client.post(reverse("staffing:run-apply", args=[run.pk]), {"all": "1"}, follow=True)
    assert "The team changed since this proposal was made (Beta" in response.content.decode()
    assert not run.changes.filter(applied_at__isnull=False).exists()


def test_unknown_run_is_404(client, leader):
    client.force_login(leader)
    assert client.get(reverse("staffing:run-detail", args=[999])).status_code == 404


@pytest.mark.parametrize("accounts", [1, 2])
def test_run_detail_queries_do_not_grow(
    client, leader, designed, accounts, django_assert_num_queries
):
    client.force_login(leader)
    options = {**designed.options, "accounts": [designed.alfa.pk] if accounts == 1 else []}
    run = services.run_execute(
        run_id=services.run_create(user=leader, options=options).pk, in_process=True
    )
    url = reverse("staffing:run-detail", args=[run.pk])
    client.get(reverse("home"))  # warm-up: stores the idle clock in the session
    # session, user, the run (with its author), the counts by kind, the page's count,
    # the page of changes (with account, role, people).
    with django_assert_num_queries(6):
        client.get(url)


def test_designer_page_queries(client, leader, designed, django_assert_num_queries):
    client.force_login(leader)
    finished_run(designed, leader)
    finished_run(designed, leader)
    client.get(reverse("home"))  # warm-up: stores the idle clock in the session
    # session, user, recent runs (with authors), tiers, departments, the counts of
    # conflicts and of role restrictions; no account is listed until one is chosen.
    with django_assert_num_queries(7):
        client.get(reverse("staffing:designer"))


def test_staff_command_proposes_and_applies(designed, capsys):
    call_command(
        "staff", "--tier", str(designed.tier.pk), "--slots-per-person", "2",
        "--per-account-limit", "1", "--in-process", "--apply",
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "4/4 slots filled" in out and "objective 4390" in out and "gap 0.0000%" in out
    assert "applied 3 changes" in out
    run = StaffingRun.objects.get()
    assert run.status == RunStatus.DONE
    assert not run.changes.exclude(kind=ChangeKind.KEPT).filter(applied_at__isnull=True).exists()
