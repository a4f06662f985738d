"""The team designer through the API: start, read, list the diff, apply, refusals."""

from __future__ import annotations

import pytest

from hexad.accounts.models import RoleAssignment
from hexad.api.tests.conftest import ApiClient, errors_at
from hexad.staffing import services
from hexad.staffing.models import StaffingRun

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def finished(designed, user):
    run = services.run_create(user=user, options=designed.options)
    return services.run_execute(run_id=run.pk, in_process=True)


def test_create_queues_a_run_with_the_options(leader, designed):
    api = ApiClient(leader)
    response = api.post(
        "/staffing/runs",
        {"tiers": [designed.tier.pk], "per_account_limit": 1, "slots_per_person": 2},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["progress"]) == ("queued", 0)
    run = StaffingRun.objects.get(pk=body["id"])
    assert (run.options["tiers"], run.options["per_account_limit"]) == ([designed.tier.pk], 1)


def test_bad_option_is_named(leader, designed):
    response = ApiClient(leader).post("/staffing/runs", {"per_account_limit": 0})
    assert ("body", "per_account_limit") in errors_at(response)
    assert not StaffingRun.objects.exists()


def test_detail_and_changes_of_a_finished_run(leader, designed):
    run = finished(designed, leader)
    api = ApiClient(leader)
    body = api.get(f"/staffing/runs/{run.pk}").json()
    assert body["summary"]["objective"] == 4390 and body["summary"]["gap"] == 0.0
    added = api.get(f"/staffing/runs/{run.pk}/changes", {"kind": "added"}).json()
    assert added["count"] == 2
    assert {(c["account"]["name"], c["proposed_person"]["name"]) for c in added["results"]} == {
        ("Alfa", "Ben"),
        ("Beta", "Ben"),
    }


def test_apply_selected_changes_exactly(leader, designed):
    run = finished(designed, leader)
    beta_rd = run.changes.get(account=designed.beta, role=designed.rd)
    response = ApiClient(leader).post(f"/staffing/runs/{run.pk}/apply", {"changes": [beta_rd.pk]})
    assert response.status_code == 200
    assert response.json() == {"applied": [beta_rd.pk]}
    players = set(
        RoleAssignment.objects.values_list("membership__account__name", "role__key",
                                           "membership__person__full_name")
    )  # fmt: skip
    assert players == {("Alfa", "results-driver", "Ann"), ("Beta", "results-driver", "Ann")}


def test_stale_apply_is_a_conflict(leader, designed):
    run = finished(designed, leader)
    designed.cat_beta.delete()
    response = ApiClient(leader).post(f"/staffing/runs/{run.pk}/apply", {"changes": None})
    assert response.status_code == 409
    assert "The team changed since this proposal was made" in response.json()["detail"]
    assert not run.changes.filter(applied_at__isnull=False).exists()


@pytest.mark.parametrize("persona", ["member", "viewer"])
def test_others_are_refused(persona, request, designed):
    user = request.getfixturevalue(persona)
    run = finished(designed, None)
    api = ApiClient(user)
    assert api.post("/staffing/runs", {}).status_code == 403
    assert api.get(f"/staffing/runs/{run.pk}").status_code == 403
    assert api.post(f"/staffing/runs/{run.pk}/apply", {"changes": None}).status_code == 403


@pytest.mark.parametrize("rows", [3, 30])
def test_change_list_queries(rows, leader):
    from hexad.accounts.tests.factories import AccountFactory
    from hexad.api.tests.test_query_counts import measure
    from hexad.people.tests.factories import PersonFactory
    from hexad.roles.models import Role
    from hexad.staffing.models import StaffingChange

    run = StaffingRun.objects.create(created_by=leader, status="done", progress=100)
    role = Role.objects.order_by("order").first()
    for _index in range(rows):
        StaffingChange.objects.create(
            run=run,
            account=AccountFactory(),
            role=role,
            kind="changed",
            current_person=PersonFactory(),
            proposed_person=PersonFactory(),
            fit=60,
            slots_left=3,
        )
    # lock, token, the run, COUNT of its changes, the page (account, role, both people and
    # who applied it joined)
    count, body = measure(ApiClient(leader), f"/staffing/runs/{run.pk}/changes")
    assert (count, body["count"]) == (5, rows)


LIST_QUERY_TESTS = {"staffing_change_list": test_change_list_queries}
