"""Plan completeness and review cadence, computed by hand for small plans (docs/planning.md)."""

import datetime

from hexad.planning import cadence as cad
from hexad.planning import completeness as comp
from hexad.planning.completeness import ActionFacts, Component, PlanFacts

TODAY = datetime.date(2026, 3, 16)


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def action(pk, objective=None, owner=7, due=10, status="open"):
    return ActionFacts(
        action_id=pk,
        objective_id=objective,
        owner_id=owner,
        due_date=None if due is None else day(due),
        status=status,
    )


NO_CADENCE = cad.CadenceStatus(kinds=(), last_review_on=None, last_review_kind=None)


def score(facts, cadence=NO_CADENCE, weeks=2):
    return comp.completeness(facts, cadence=cadence, today=TODAY, next_steps_weeks=weeks)


def test_an_empty_plan_scores_only_the_cadence_it_is_not_asked_for():
    facts = PlanFacts(False, False, False, (), (), 0)
    result = score(facts)
    # sections 0/6 → 0; no objectives → 0; no next step → 0; no cadence required → 20.
    assert [round(c.points, 2) for c in result.components] == [0, 0, 0, 20]
    assert result.score == 20
    sections = result.component(Component.SECTIONS)
    assert sections.lacking == (
        "goals", "client_priorities", "objectives", "strategies", "actions", "risks",
    )  # fmt: skip


def test_a_plan_scored_by_hand():
    """Goals and strategies written, no client priorities, one risk; two objectives:
    #1 with two owned, dated actions (one done), #2 with one owned, dated action, one
    without an owner and one cancelled; one plan-wide action due in 20 days; one overdue.

    sections     5 of 6 (client priorities missing)      30 × 5/6 = 25
    objectives   1 of 2 have two owned, dated actions     30 × 1/2 = 15
    next steps   action 11 (due in 10 days, within 2 weeks)          20
    cadence      check-in on time, quarterly overdue      20 × 1/2 = 10
    total                                                            70
    """
    facts = PlanFacts(
        has_goals=True,
        has_client_priorities=False,
        has_strategies=True,
        objective_ids=(1, 2),
        actions=(
            action(11, objective=1, due=10),
            action(12, objective=1, due=-30, status="done"),
            action(21, objective=2, due=40),
            action(22, objective=2, owner=None, due=40),
            action(23, objective=2, due=40, status="cancelled"),
            action(31, due=20),
            action(32, due=-3, status="in_progress"),
        ),
        risks=1,
    )
    cadence = cad.cadence_status(
        cadence=cad.Cadence(check_in_days=30, quarterly_days=90),
        last_held={"check_in": day(-10), "quarterly": day(-100)},
        since=day(-400),
        today=TODAY,
    )
    result = score(facts, cadence)
    assert [round(c.points, 2) for c in result.components] == [25, 15, 20, 10]
    assert result.score == 70
    assert result.component(Component.OBJECTIVES).lacking == ((2, 1),)
    next_steps = result.component(Component.NEXT_STEPS)
    assert (next_steps.done, next_steps.total, next_steps.overdue) == (1, 5, 1)
    assert next_steps.lacking == (32,)
    assert result.component(Component.CADENCE).lacking == ("quarterly",)


def test_next_steps_look_exactly_as_far_ahead_as_configured():
    facts = PlanFacts(True, True, True, (), (action(1, due=15),), 1)
    assert score(facts, weeks=2).component(Component.NEXT_STEPS).points == 0  # 15 > 14 days
    assert score(facts, weeks=3).component(Component.NEXT_STEPS).points == 20
    due_today = PlanFacts(True, True, True, (), (action(1, due=0),), 1)
    assert score(due_today).component(Component.NEXT_STEPS).points == 20


def test_a_full_plan_scores_100():
    facts = PlanFacts(
        True, True, True, (1,), (action(1, objective=1), action(2, objective=1, due=30)), 2
    )
    assert score(facts).score == 100


def test_the_sum_is_rounded_not_each_part():
    # Every section filled (30); 1 of 7 objectives covered (30/7 = 4.29); the two actions
    # are overdue, so no next step (0); no cadence required (20): 54.29 → 54.
    facts = PlanFacts(
        True, True, True, (1, 2, 3, 4, 5, 6, 7),
        (action(1, objective=1, due=-5), action(2, objective=1, due=-4)), 1,
    )  # fmt: skip
    result = score(facts)
    assert [round(c.points, 2) for c in result.components] == [30, 4.29, 0, 20]
    assert result.score == 54


# --- cadence -------------------------------------------------------------------------------------


def test_cadence_counts_a_senior_review_for_the_kinds_below_it():
    status = cad.cadence_status(
        cadence=cad.Cadence(check_in_days=30, quarterly_days=90, executive_days=180),
        last_held={"check_in": day(-40), "executive": day(-20)},
        since=day(-1000),
        today=TODAY,
    )
    by_kind = {k.kind: k for k in status.kinds}
    # The executive review 20 days ago is also the latest check-in and quarterly review.
    assert by_kind["check_in"].last_held == day(-20)
    assert by_kind["check_in"].due_on == day(10)
    assert by_kind["quarterly"].due_on == day(70)
    assert by_kind["executive"].due_on == day(160)
    assert not status.is_overdue
    assert status.next_due.kind == "check_in"
    assert (status.last_review_on, status.last_review_kind) == (day(-20), "executive")


def test_an_overdue_kind_says_by_how_many_days():
    status = cad.cadence_status(
        cadence=cad.Cadence(check_in_days=30, quarterly_days=90),
        last_held={"check_in": day(-45), "quarterly": day(-45)},
        since=day(-1000),
        today=TODAY,
    )
    assert [(k.kind, k.overdue_days) for k in status.kinds] == [("check_in", 15), ("quarterly", 0)]
    assert status.is_overdue
    assert status.next_due.kind == "check_in"
    assert status.next_due.due_on == day(-15)


def test_a_kind_never_held_is_due_counted_from_when_the_account_joined():
    status = cad.cadence_status(
        cadence=cad.Cadence(quarterly_days=90),
        last_held={},
        since=day(-100),
        today=TODAY,
    )
    (quarterly,) = status.kinds
    assert (quarterly.last_held, quarterly.due_on, quarterly.overdue_days) == (None, day(-10), 10)
    young = cad.cadence_status(
        cadence=cad.Cadence(quarterly_days=90), last_held={}, since=day(-5), today=TODAY
    )
    assert not young.is_overdue


def test_a_tier_without_cadence_has_nothing_due():
    status = cad.cadence_status(cadence=cad.Cadence(), last_held={}, since=day(-900), today=TODAY)
    assert status.kinds == ()
    assert status.next_due is None
    assert not status.is_overdue
    assert comp.score_cadence(status).points == 20


def test_the_same_day_tie_goes_to_the_senior_kind():
    status = cad.cadence_status(
        cadence=cad.Cadence(check_in_days=30, quarterly_days=30),
        last_held={"check_in": day(-5), "quarterly": day(-5)},
        since=day(-100),
        today=TODAY,
    )
    assert status.last_review_kind == "quarterly"
    assert status.next_due.kind == "quarterly"
