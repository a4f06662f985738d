"""The team designer through the API: start, read, list the diff, apply, refusals."""

from __future__ import annotations

import pytest

from hexad.accounts.models import RoleAssignment
from hexad.api.tests.conftest import ApiClient, errors_at
from hexad.people.tests.factories import DepartmentFactory
from hexad.staffing import services
from hexad.staffing.models import Conflict, RoleRestriction, StaffingRun
from hexad.staffing.tests.factories import ConflictFactory

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


# --- conflicts and role restrictions ------------------------------------------------------


def test_a_conflict_is_created_listed_changed_and_deleted(leader, designed):
    api = ApiClient(leader)

    created = api.post(
        "/staffing/conflicts",
        {"person": designed.ann.pk, "account": designed.beta.pk, "note": "  Former employer "},
    )

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["person"], body["account"], body["note"]) == (
        {"id": designed.ann.pk, "name": "Ann"},
        {"id": designed.beta.pk, "name": "Beta"},
        "Former employer",
    )
    url = f"/staffing/conflicts/{body['id']}"
    assert api.get(url).json()["note"] == "Former employer"
    assert api.patch(url, {"note": "Sister works there"}).json()["note"] == "Sister works there"
    assert api.put(url, {"note": ""}).json()["note"] == ""
    assert api.delete(url).status_code == 204
    assert not Conflict.objects.exists()
    assert api.get(url).status_code == 404


def test_the_conflict_list_filters_and_sorts(leader, designed):
    ConflictFactory(person=designed.ann, account=designed.beta)
    ConflictFactory(person=designed.ben, account=designed.alfa)
    ConflictFactory(person=designed.cat, account=designed.beta)
    api = ApiClient(leader)

    def pairs(**params):
        body = api.get("/staffing/conflicts", params).json()
        return [(row["account"]["name"], row["person"]["name"]) for row in body["results"]]

    assert pairs() == [("Alfa", "Ben"), ("Beta", "Ann"), ("Beta", "Cat")]
    assert pairs(sort="-person") == [("Beta", "Cat"), ("Alfa", "Ben"), ("Beta", "Ann")]
    assert pairs(account=designed.beta.pk) == [("Beta", "Ann"), ("Beta", "Cat")]
    assert pairs(person=designed.ben.pk) == [("Alfa", "Ben")]
    assert pairs(q="cat") == [("Beta", "Cat")]
    assert pairs(q="alf") == [("Alfa", "Ben")]


def test_a_recorded_conflict_again_is_refused_on_the_person(leader, designed):
    ConflictFactory(person=designed.ann, account=designed.beta)

    response = ApiClient(leader).post(
        "/staffing/conflicts", {"person": designed.ann.pk, "account": designed.beta.pk}
    )

    assert errors_at(response) == {
        ("body", "person"): "A conflict of Ann with Beta is already recorded."
    }
    assert Conflict.objects.count() == 1


def test_an_unknown_person_or_account_is_named(leader, designed):
    api = ApiClient(leader)
    unknown_person = api.post(
        "/staffing/conflicts", {"person": 999_999, "account": designed.beta.pk}
    )
    unknown_account = api.post(
        "/staffing/conflicts", {"person": designed.ann.pk, "account": 999_999}
    )
    too_long = api.post(
        "/staffing/conflicts",
        {"person": designed.ann.pk, "account": designed.beta.pk, "note": "x" * 301},
    )

    assert errors_at(unknown_person) == {("body", "person"): "There is no person with id 999999."}
    assert errors_at(unknown_account) == {
        ("body", "account"): "There is no account with id 999999."
    }
    assert ("body", "note") in errors_at(too_long)
    assert not Conflict.objects.exists()


def test_a_role_restriction_is_created_listed_and_deleted(admin_user, designed):
    sales = DepartmentFactory(name="Sales")
    legal = DepartmentFactory(name="Legal")
    api = ApiClient(admin_user)

    created = api.post(
        "/staffing/role-restrictions", {"department": sales.pk, "role": designed.innovator.pk}
    )
    api.post("/staffing/role-restrictions", {"department": legal.pk, "role": designed.rd.pk})

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["department"], body["role"]) == (
        {"id": sales.pk, "name": "Sales"},
        {"id": designed.innovator.pk, "key": "innovator", "name": "Innovator"},
    )
    listed = api.get("/staffing/role-restrictions").json()
    assert [(r["department"]["name"], r["role"]["key"]) for r in listed["results"]] == [
        ("Legal", "results-driver"),
        ("Sales", "innovator"),
    ]
    by_role = api.get("/staffing/role-restrictions", {"role": designed.innovator.pk}).json()
    assert [r["department"]["name"] for r in by_role["results"]] == ["Sales"]
    url = f"/staffing/role-restrictions/{body['id']}"
    assert api.get(url).json()["role"]["key"] == "innovator"
    assert api.delete(url).status_code == 204
    assert list(RoleRestriction.objects.values_list("department__name", flat=True)) == ["Legal"]


def test_a_restriction_recorded_again_or_of_an_unknown_role_is_named(leader, designed):
    sales = DepartmentFactory(name="Sales")
    services.restriction_create(department=sales, role=designed.rd)
    api = ApiClient(leader)

    again = api.post(
        "/staffing/role-restrictions", {"department": sales.pk, "role": designed.rd.pk}
    )
    unknown = api.post("/staffing/role-restrictions", {"department": sales.pk, "role": 999_999})

    assert errors_at(again) == {
        ("body", "role"): "People of Sales are already kept out of the role Results Driver."
    }
    assert errors_at(unknown) == {("body", "role"): "There is no role with id 999999."}
    assert RoleRestriction.objects.count() == 1


@pytest.mark.parametrize("persona", ["member", "viewer", "outsider"])
def test_others_may_neither_see_nor_change_the_forbidden_pairs(persona, request, designed):
    user = request.getfixturevalue(persona)
    conflict = ConflictFactory(person=designed.ann, account=designed.beta, note="Kept")
    sales = DepartmentFactory(name="Sales")
    restriction = services.restriction_create(department=sales, role=designed.rd)
    api = ApiClient(user)
    conflict_url = f"/staffing/conflicts/{conflict.pk}"
    restriction_url = f"/staffing/role-restrictions/{restriction.pk}"

    answers = [
        api.get("/staffing/conflicts").status_code,
        api.post("/staffing/conflicts", {"person": designed.ben.pk, "account": designed.alfa.pk})
        .status_code,
        api.get(conflict_url).status_code,
        api.patch(conflict_url, {"note": "Changed"}).status_code,
        api.delete(conflict_url).status_code,
        api.get("/staffing/conflicts/999999").status_code,
        api.get("/staffing/role-restrictions").status_code,
        api.post("/staffing/role-restrictions", {"department": sales.pk,
                                                 "role": designed.innovator.pk}).status_code,
        api.get(restriction_url).status_code,
        api.delete(restriction_url).status_code,
    ]  # fmt: skip

    assert answers == [403] * len(answers)
    conflict.refresh_from_db()
    assert (Conflict.objects.count(), conflict.note, RoleRestriction.objects.count()) == (
        1,
        "Kept",
        1,
    )


@pytest.mark.parametrize("rows", [3, 30])
def test_conflict_list_queries(rows, leader):
    from hexad.api.tests.test_query_counts import measure

    for _index in range(rows):
        ConflictFactory()
    # lock, token, COUNT of the conflicts, the page (person and account joined)
    count, body = measure(ApiClient(leader), "/staffing/conflicts")
    assert (count, body["count"]) == (4, rows)


@pytest.mark.parametrize("rows", [3, 30])
def test_restriction_list_queries(rows, leader):
    from hexad.api.tests.test_query_counts import measure
    from hexad.roles.models import Role

    roles = list(Role.objects.order_by("order")[:3])
    for index in range(rows):
        department = DepartmentFactory(name=f"Department {index}")
        services.restriction_create(department=department, role=roles[index % 3])
    # lock, token, COUNT of the restrictions, the page (department and role joined)
    count, body = measure(ApiClient(leader), "/staffing/role-restrictions")
    assert (count, body["count"]) == (4, rows)


LIST_QUERY_TESTS = {
    "staffing_change_list": test_change_list_queries,
    "staffing_conflict_list": test_conflict_list_queries,
    "staffing_restriction_list": test_restriction_list_queries,
}
