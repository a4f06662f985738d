"""Plan completeness and review cadence in words: each component's evidence and next step.

Works on the pure functions' output plus names already loaded for the page; nothing here
queries the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hexad.planning import cadence as cad
from hexad.planning.completeness import (
    MIN_ACTIONS_PER_OBJECTIVE,
    Completeness,
    Component,
    ComponentScore,
    Section,
)
from hexad.planning.models import ReviewKind


def section_label(key: str) -> str:
    return {
        Section.GOALS: _("goals"),
        Section.CLIENT_PRIORITIES: _("client priorities and initiatives"),
        Section.OBJECTIVES: _("objectives"),
        Section.STRATEGIES: _("strategies"),
        Section.ACTIONS: _("actions"),
        Section.RISKS: _("risks"),
    }[Section(key)]


def kind_label(kind: str) -> str:
    return str(dict(ReviewKind.choices).get(kind, kind))


def _day(value: datetime.date) -> str:
    return str(formats.date_format(value, "SHORT_DATE_FORMAT"))


@dataclass(frozen=True)
class ComponentText:
    key: str
    title: str
    points: int
    max_points: int
    evidence: str
    next_step: str  # empty when the component is full
    details: tuple[str, ...] = ()

    @property
    def is_full(self) -> bool:
        return self.points >= self.max_points


@dataclass(frozen=True)
class CompletenessText:
    score: int
    version: str
    components: tuple[ComponentText, ...]


def explain_component(
    component: ComponentScore,
    *,
    objective_titles: Mapping[int, str],
    next_steps_weeks: int,
) -> ComponentText:
    key = component.component
    details: tuple[str, ...] = ()
    step = ""
    if key == Component.SECTIONS:
        title = _("Sections filled")
        evidence = _("%(done)s of %(total)s sections are filled.") % {
            "done": component.done,
            "total": component.total,
        }
        if component.lacking:
            missing = ", ".join(section_label(str(s)) for s in component.lacking)
            evidence += " " + _("Missing: %(sections)s.") % {"sections": missing}
            step = _("Fill in the missing sections: %(sections)s.") % {"sections": missing}
    elif key == Component.OBJECTIVES:
        title = _("Objectives with owned, dated actions")
        if not component.total:
            evidence = _("The plan has no objectives yet.")
            step = _("Add the objectives the plan aims at, each with a metric and a target.")
        else:
            evidence = _(
                "%(done)s of %(total)s objectives have at least %(min)s actions with an owner "
                "and a due date."
            ) % {"done": component.done, "total": component.total, "min": MIN_ACTIONS_PER_OBJECTIVE}
            details = tuple(
                ngettext(
                    "%(objective)s: %(count)s owned, dated action",
                    "%(objective)s: %(count)s owned, dated actions",
                    count,
                )
                % {"objective": objective_titles.get(pk, "?"), "count": count}
                for pk, count in component.lacking
            )
            if component.lacking:
                step = _(
                    "Give each objective listed at least %(min)s actions, each with an owner "
                    "and a due date."
                ) % {"min": MIN_ACTIONS_PER_OBJECTIVE}
    elif key == Component.NEXT_STEPS:
        title = _("Next steps")
        evidence = ngettext(
            "%(count)s open action is due in the next %(weeks)s weeks.",
            "%(count)s open actions are due in the next %(weeks)s weeks.",
            component.done,
        ) % {"count": component.done, "weeks": next_steps_weeks}
        if component.overdue:
            evidence += " " + ngettext(
                "%(count)s open action is overdue.",
                "%(count)s open actions are overdue.",
                component.overdue,
            ) % {"count": component.overdue}
        if not component.done:
            step = _(
                "Plan what happens next: give an open action a due date within %(weeks)s weeks."
            ) % {"weeks": next_steps_weeks}
            if component.overdue:
                step += " " + _("Reschedule or close the overdue actions.")
    else:
        title = _("Reviewed within cadence")
        if not component.total:
            evidence = _("This account's tier requires no regular reviews.")
        else:
            evidence = _("%(done)s of %(total)s kinds of review are within their cadence.") % {
                "done": component.done,
                "total": component.total,
            }
        if component.lacking:
            late = ", ".join(kind_label(str(kind)) for kind in component.lacking)
            evidence += " " + _("Overdue: %(kinds)s.") % {"kinds": late}
            step = _("Hold and record the overdue review: %(kinds)s.") % {"kinds": late}
    return ComponentText(
        key=str(key),
        title=title,
        points=round(component.points),
        max_points=component.max_points,
        evidence=evidence,
        next_step=step,
        details=details,
    )


def explain(
    result: Completeness, *, objective_titles: Mapping[int, str], next_steps_weeks: int
) -> CompletenessText:
    return CompletenessText(
        score=result.score,
        version=result.version,
        components=tuple(
            explain_component(
                component, objective_titles=objective_titles, next_steps_weeks=next_steps_weeks
            )
            for component in result.components
        ),
    )


@dataclass(frozen=True)
class CadenceText:
    kind: str
    label: str
    every_days: int
    last_held: object
    due_on: object
    overdue_days: int
    sentence: str


def explain_cadence(status: cad.CadenceStatus) -> list[CadenceText]:
    rows = []
    for kind in status.kinds:
        values = {
            "kind": kind_label(kind.kind),
            "every": kind.every_days,
            "due": _day(kind.due_on),
            "days": kind.overdue_days,
        }
        if kind.overdue:
            sentence = (
                ngettext(
                    "%(kind)s every %(every)s days: overdue by %(days)s day (due %(due)s).",
                    "%(kind)s every %(every)s days: overdue by %(days)s days (due %(due)s).",
                    kind.overdue_days,
                )
                % values
            )
        else:
            sentence = _("%(kind)s every %(every)s days: next due %(due)s.") % values
        rows.append(
            CadenceText(
                kind=kind.kind,
                label=kind_label(kind.kind),
                every_days=kind.every_days,
                last_held=kind.last_held,
                due_on=kind.due_on,
                overdue_days=kind.overdue_days,
                sentence=sentence,
            )
        )
    return rows
