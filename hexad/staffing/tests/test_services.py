"""Runs from the database: the problem read, the proposal stored, applying exactly."""

from __future__ import annotations

import pytest

from hexad.accounts.models import RoleAssignment, TeamMembership
from hexad.core.exceptions import StaleEdit
from hexad.coverage.models import RoleCoverageCell
from hexad.coverage.services import coverage_refresh
from hexad.staffing import selectors, services
from hexad.staffing.models import ChangeKind, RoleRestriction, RunStatus
from hexad.staffing.tests.factories import ConflictFactory

pytestmark = pytest.mark.django_db


def run_for(designed, **options):
    run = services.run_create(user=None, options={**designed.options, **options})
    return services.run_execute(run_id=run.pk, in_process=True)


def diff(run):
    return {
        (c.account.name, c.role.key): (
            c.kind,
            c.current_person.full_name if c.current_person else None,
            c.proposed_person.full_name,
        )
        for c in selectors.run_changes(run=run)
    }


def test_problem_reads_slots_fits_holders_and_rules(designed):
    context = selectors.problem_for(designed.options)
    problem = context.problem
    assert problem.account_ids == (designed.alfa.pk, designed.beta.pk)
    people = {p.id: p for p in problem.people}
    rd, inn = problem.role_ids.index(designed.rd.pk), problem.role_ids.index(designed.innovator.pk)
    assert (people[designed.ann.pk].fits[rd], people[designed.ann.pk].fits[inn]) == (100, 40)
    assert people[designed.cat.pk].fits[rd] == 60
    assert people[designed.cat.pk].assessed[rd] is False
    assert len(problem.slots) == 4
    holders = {
        (problem.account_ids[s.account], s.role): problem.people[s.current].id
        for s in problem.slots
        if s.current is not None
    }
    assert holders == {
        (designed.alfa.pk, rd): designed.ann.pk,
        (designed.beta.pk, rd): designed.cat.pk,
    }

    RoleRestriction.objects.create(department=designed.ben.department, role=designed.innovator)
    ConflictFactory(person=designed.ann, account=designed.beta)
    problem = selectors.problem_for(designed.options).problem
    ben = next(i for i, p in enumerate(problem.people) if p.id == designed.ben.pk)
    ann = next(i for i, p in enumerate(problem.people) if p.id == designed.ann.pk)
    assert problem.people[ben].fits[inn] is None
    assert problem.conflict(ann, problem.account_ids.index(designed.beta.pk))


def test_run_stores_the_hand_computed_proposal(designed):
    run = run_for(designed)
    assert run.status == RunStatus.DONE
    assert run.summary["objective"] == 4390
    assert run.summary["gap"] == 0.0
    assert run.summary["filled"] == 4
    assert run.summary["unassessed"] == 0
    assert diff(run) == {
        ("Alfa", "results-driver"): (ChangeKind.KEPT, "Ann", "Ann"),
        ("Beta", "results-driver"): (ChangeKind.CHANGED, "Cat", "Ann"),
        ("Alfa", "innovator"): (ChangeKind.ADDED, None, "Ben"),
        ("Beta", "innovator"): (ChangeKind.ADDED, None, "Ben"),
    }


def test_infeasible_scope_is_explained(designed):
    # Ann may not play for Beta, Ben's department may not play Innovator and one role per
    # person: Beta·IN can only go to Cat, Alfa·IN to Cat or Ann …
    RoleRestriction.objects.create(department=designed.ben.department, role=designed.innovator)
    run = run_for(designed, slots_per_person=1)
    # Three people with one role each for four slots: one slot stays empty, and why.
    assert run.summary["filled"] == 3
    assert len(run.unfillable) == 1
    assert run.unfillable[0]["why"] == "capacity"


def test_apply_changes_exactly_what_was_selected(designed):
    run = run_for(designed)
    chosen = run.changes.filter(
        account__in=[designed.alfa, designed.beta],
    ).exclude(kind=ChangeKind.KEPT)
    alfa_in = chosen.get(account=designed.alfa, role=designed.innovator)
    beta_rd = chosen.get(account=designed.beta, role=designed.rd)
    coverage_refresh()
    before = RoleCoverageCell.objects.get(account=designed.alfa, role=designed.innovator)
    assert before.status == "missing"

    applied = services.changes_apply(user=None, run=run, change_ids=[alfa_in.pk, beta_rd.pk])

    assert {c.pk for c in applied} == {alfa_in.pk, beta_rd.pk}
    active = {
        (a.membership.account.name, a.role.key, a.membership.person.full_name)
        for a in RoleAssignment.objects.select_related("membership__account", "membership__person")
    }
    assert active == {
        ("Alfa", "results-driver", "Ann"),
        ("Beta", "results-driver", "Ann"),
        ("Alfa", "innovator", "Ben"),
    }
    assert not TeamMembership.objects.filter(account=designed.beta, person=designed.ben).exists()
    ben_alfa = TeamMembership.objects.get(account=designed.alfa, person=designed.ben)
    assert ben_alfa.allocation == 10
    after = RoleCoverageCell.objects.get(account=designed.alfa, role=designed.innovator)
    assert after.status != "missing"
    run.refresh_from_db()
    assert run.changes.filter(applied_at__isnull=False).count() == 2


def test_stale_proposal_is_refused_and_nothing_changes(designed):
    run = run_for(designed)
    designed.cat_beta.delete()  # Beta's Results Driver changed since the run
    beta_rd = run.changes.get(account=designed.beta, role=designed.rd)
    alfa_in = run.changes.get(account=designed.alfa, role=designed.innovator)
    before = set(RoleAssignment.objects.values_list("id", flat=True))
    with pytest.raises(StaleEdit, match="Beta"):
        services.changes_apply(user=None, run=run, change_ids=[alfa_in.pk, beta_rd.pk])
    assert set(RoleAssignment.objects.values_list("id", flat=True)) == before
    assert not run.changes.filter(applied_at__isnull=False).exists()


def test_nothing_selected_and_applied_twice_are_refused(designed):
    run = run_for(designed)
    kept = run.changes.get(kind=ChangeKind.KEPT)
    with pytest.raises(Exception, match="at least one"):
        services.changes_apply(user=None, run=run, change_ids=[kept.pk])
    services.changes_apply(user=None, run=run)
    assert run.changes.filter(applied_at__isnull=False).count() == 3


def test_run_in_a_child_process(designed):
    run = services.run_create(user=None, options=designed.options)
    run = services.run_execute(run_id=run.pk, in_process=False)
    assert run.status == RunStatus.DONE
    assert run.summary["objective"] == 4390


def test_child_process_memory_limit_is_reported(designed, settings):
    settings.HEXAD_STAFFING_MEMORY_BYTES = 64 * 1024**2  # too little to import the solver
    run = services.run_create(user=None, options=designed.options)
    run = services.run_execute(run_id=run.pk, in_process=False)
    assert run.status == RunStatus.FAILED
    assert run.error
