"""Plan completeness: how ready an account plan is to be worked, 0–100, explainable.

Pure functions over plain data (no ORM, no I/O), so the whole portfolio is scored in one
pass and every figure can be checked by hand. `docs/planning.md` explains the formula;
bump FORMULA_VERSION whenever a result for the same input would change.

Four components, each with the evidence behind its points (`explain.py` words them and
gives a next step):

  sections    30 × (sections filled / 6): goals, client priorities and initiatives,
              objectives, strategies, actions, risks
  objectives  30 × (objectives with at least two owned, dated actions / objectives);
              cancelled actions do not count; no objectives scores 0
  next steps  20 when at least one open action (open or in progress) falls due between
              today and `next_steps_weeks` weeks ahead, else 0
  cadence     20 × (review kinds within their cadence / kinds the tier requires);
              20 when the tier requires none

The score is the sum, rounded to a whole number.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hexad.planning.cadence import CadenceStatus

FORMULA_VERSION = "1.0"

SECTIONS_POINTS = 30
OBJECTIVES_POINTS = 30
NEXT_STEPS_POINTS = 20
CADENCE_POINTS = 20
MIN_ACTIONS_PER_OBJECTIVE = 2

OPEN = ("open", "in_progress")
CANCELLED = "cancelled"


class Component(enum.StrEnum):
    SECTIONS = "sections"
    OBJECTIVES = "objectives"
    NEXT_STEPS = "next_steps"
    CADENCE = "cadence"


class Section(enum.StrEnum):
    GOALS = "goals"
    CLIENT_PRIORITIES = "client_priorities"
    OBJECTIVES = "objectives"
    STRATEGIES = "strategies"
    ACTIONS = "actions"
    RISKS = "risks"


# --- input ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActionFacts:
    action_id: int
    objective_id: int | None
    owner_id: int | None
    due_date: datetime.date | None
    status: str


@dataclass(frozen=True, slots=True)
class PlanFacts:
    has_goals: bool
    has_client_priorities: bool
    has_strategies: bool
    objective_ids: tuple[int, ...]
    actions: tuple[ActionFacts, ...]
    risks: int


# --- output --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ComponentScore:
    """One component: its points and the evidence behind them.

    `done` of `total` is what the component counts (sections filled, objectives with
    enough actions, next steps among open actions, review kinds within cadence);
    `lacking` names what falls short (section keys, (objective id, qualifying actions),
    overdue action ids, overdue review kinds).
    """

    component: Component
    points: float
    max_points: int
    done: int
    total: int
    lacking: tuple[Any, ...] = ()
    overdue: int = 0  # next steps: open actions past their due date

    @property
    def is_full(self) -> bool:
        return self.points >= self.max_points


@dataclass(frozen=True, slots=True)
class Completeness:
    score: int
    components: tuple[ComponentScore, ...]
    version: str = FORMULA_VERSION

    def component(self, key: Component) -> ComponentScore:
        return next(c for c in self.components if c.component == key)


# --- the formula ---------------------------------------------------------------------------------


def sections_filled(facts: PlanFacts) -> tuple[tuple[Section, ...], tuple[Section, ...]]:
    """(filled, missing) sections, in the plan's order."""
    live = [a for a in facts.actions if a.status != CANCELLED]
    state = {
        Section.GOALS: facts.has_goals,
        Section.CLIENT_PRIORITIES: facts.has_client_priorities,
        Section.OBJECTIVES: bool(facts.objective_ids),
        Section.STRATEGIES: facts.has_strategies,
        Section.ACTIONS: bool(live),
        Section.RISKS: facts.risks > 0,
    }
    filled = tuple(section for section, ok in state.items() if ok)
    missing = tuple(section for section, ok in state.items() if not ok)
    return filled, missing


def score_sections(facts: PlanFacts) -> ComponentScore:
    filled, missing = sections_filled(facts)
    total = len(Section)
    return ComponentScore(
        component=Component.SECTIONS,
        points=SECTIONS_POINTS * len(filled) / total,
        max_points=SECTIONS_POINTS,
        done=len(filled),
        total=total,
        lacking=tuple(str(section) for section in missing),
    )


def qualifying_actions(facts: PlanFacts) -> dict[int, int]:
    """Per objective, its actions that have an owner and a due date and are not cancelled."""
    counts = dict.fromkeys(facts.objective_ids, 0)
    for action in facts.actions:
        if (
            action.objective_id in counts
            and action.owner_id is not None
            and action.due_date is not None
            and action.status != CANCELLED
        ):
            counts[action.objective_id] += 1
    return counts


def score_objectives(facts: PlanFacts) -> ComponentScore:
    counts = qualifying_actions(facts)
    short = tuple(
        (objective_id, count)
        for objective_id, count in counts.items()
        if count < MIN_ACTIONS_PER_OBJECTIVE
    )
    total = len(counts)
    done = total - len(short)
    return ComponentScore(
        component=Component.OBJECTIVES,
        points=OBJECTIVES_POINTS * done / total if total else 0.0,
        max_points=OBJECTIVES_POINTS,
        done=done,
        total=total,
        lacking=short,
    )


def score_next_steps(
    facts: PlanFacts, *, today: datetime.date, next_steps_weeks: int
) -> ComponentScore:
    horizon = today + datetime.timedelta(weeks=next_steps_weeks)
    open_actions = [a for a in facts.actions if a.status in OPEN]
    upcoming = [
        a for a in open_actions if a.due_date is not None and today <= a.due_date <= horizon
    ]
    overdue = tuple(a.action_id for a in open_actions if a.due_date and a.due_date < today)
    return ComponentScore(
        component=Component.NEXT_STEPS,
        points=float(NEXT_STEPS_POINTS) if upcoming else 0.0,
        max_points=NEXT_STEPS_POINTS,
        done=len(upcoming),
        total=len(open_actions),
        lacking=overdue,
        overdue=len(overdue),
    )


def score_cadence(cadence: CadenceStatus) -> ComponentScore:
    total = len(cadence.kinds)
    late = tuple(kind.kind for kind in cadence.kinds if kind.overdue)
    done = total - len(late)
    return ComponentScore(
        component=Component.CADENCE,
        points=CADENCE_POINTS * done / total if total else float(CADENCE_POINTS),
        max_points=CADENCE_POINTS,
        done=done,
        total=total,
        lacking=late,
    )


def completeness(
    facts: PlanFacts,
    *,
    cadence: CadenceStatus,
    today: datetime.date,
    next_steps_weeks: int = 2,
) -> Completeness:
    components = (
        score_sections(facts),
        score_objectives(facts),
        score_next_steps(facts, today=today, next_steps_weeks=next_steps_weeks),
        score_cadence(cadence),
    )
    return Completeness(score=round(sum(c.points for c in components)), components=components)


def plan_facts(
    *,
    goals: str,
    client_priorities: str,
    strategies: str,
    objective_ids: Sequence[int],
    actions: Sequence[ActionFacts],
    risks: int,
) -> PlanFacts:
    """PlanFacts from a plan's texts (a section counts when it holds more than blanks)."""
    return PlanFacts(
        has_goals=bool(goals.strip()),
        has_client_priorities=bool(client_priorities.strip()),
        has_strategies=bool(strategies.strip()),
        objective_ids=tuple(objective_ids),
        actions=tuple(actions),
        risks=risks,
    )
