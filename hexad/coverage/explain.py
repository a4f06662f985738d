"""Coverage results in words: each flag's reason and next step, and the role cards.

Everything here works on the engine's output plus objects already loaded for the page;
nothing queries the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hexad.accounts.models import RoleAssignment, TeamMembership
from hexad.coverage import engine
from hexad.coverage.engine import FlagKind
from hexad.people.models import Person
from hexad.roles.models import Role

SEVERITY = {
    FlagKind.REQUIRED_MISSING: "high",
    FlagKind.RELATIONSHIP_LEADER_AS_DRIVER: "high",
    FlagKind.OVER_CAPACITY: "high",
    FlagKind.WEAK_ROLE: "medium",
    FlagKind.FORCED_FIT: "medium",
    FlagKind.CONCENTRATION: "medium",
    FlagKind.LEAD_ONLY: "low",
}


@dataclass(frozen=True)
class FlagText:
    kind: str
    severity: str
    title: str
    reason: str
    next_step: str
    role_id: int | None
    person_id: int | None


def _name(people: dict[int, Person], person_id: int | None) -> str:
    person = people.get(person_id) if person_id is not None else None
    return person.full_name if person else _("someone")


def explain(
    flag: engine.Flag,
    *,
    roles: dict[int, Role],
    people: dict[int, Person],
    coverage: engine.AccountCoverage,
    capacities: dict[int, int],
) -> FlagText:
    role = roles.get(flag.role_id) if flag.role_id is not None else None
    values = {
        "role": role.name if role else "",
        "person": _name(people, flag.person_id),
        "value": int(flag.value) if flag.value is not None else 0,
    }
    kind = flag.kind
    if kind == FlagKind.REQUIRED_MISSING:
        title = _("Required role missing")
        reason = _("Nobody plays %(role)s, and this account's tier requires it.") % values
        step = _("Give %(role)s to a team member who fits it, or add someone who can play it.")
    elif kind == FlagKind.WEAK_ROLE:
        values["minimum"] = coverage.roles[flag.role_id].minimum if flag.role_id else 0
        title = _("Weak role")
        reason = _("%(role)s scores %(value)s, below the %(minimum)s this account needs.") % values
        cell = coverage.roles[flag.role_id] if flag.role_id else None
        if cell is not None and any(not c.fit_assessed for c in cell.contributions):
            step = _(
                "Rate the competency of its players in the role: people not assessed yet count "
                "only 0.6 of a full fit. Then, if it is still weak, give its players more time "
                "or add a second player."
            )
        else:
            step = _(
                "Give its players more time on the account, make one of them the lead, or add "
                "a second player who fits the role better."
            )
    elif kind == FlagKind.CONCENTRATION:
        values["total"] = sum(1 for cell in coverage.roles.values() if cell.contributions)
        title = _("One person holds most roles")
        reason = (
            _("%(person)s plays %(value)s of the %(total)s roles played on this account.") % values
        )
        step = _(
            "Share some roles with other team members so the account does not hang on one person."
        )
    elif kind == FlagKind.FORCED_FIT:
        title = _("Forced fit")
        reason = _("%(person)s plays %(role)s with a rating of %(value)s of 5.") % values
        step = _(
            "Pair them with a stronger player, plan their development in the role, or move "
            "the role to someone who fits it."
        )
    elif kind == FlagKind.RELATIONSHIP_LEADER_AS_DRIVER:
        title = _("Relationship leader pushed into Results Driver")
        reason = (
            _(
                "%(person)s leads the relationships on this account and was also made "
                "%(role)s, with a rating of %(value)s of 5. Forcing the relationship leader "
                "into the Results Driver role when it does not fit does not work."
            )
            % values
        )
        step = _(
            "Find a natural Results Driver for this account and let %(person)s focus on the "
            "relationships."
        )
    elif kind == FlagKind.OVER_CAPACITY:
        values["capacity"] = capacities.get(flag.person_id or 0, 100)
        title = _("Over capacity")
        reason = (
            _(
                "%(person)s is allocated %(value)s%% of their time across the portfolio, "
                "against a capacity of %(capacity)s%%."
            )
            % values
        )
        step = _(
            "Lower their allocation on some accounts or move a role to someone with time left."
        )
    else:  # LEAD_ONLY
        title = _("Only the account lead plays it")
        reason = _("%(role)s is played only by the account lead, %(person)s.") % values
        step = _("Bring in a second player so the role does not depend on the lead alone.")
    return FlagText(
        kind=str(kind),
        severity=SEVERITY[kind],
        title=title,
        reason=reason,
        next_step=step % values,
        role_id=flag.role_id,
        person_id=flag.person_id,
    )


@dataclass(frozen=True)
class ContributionRow:
    membership: TeamMembership
    assignment: RoleAssignment
    contribution: engine.Contribution
    rating: int | None


@dataclass(frozen=True)
class RoleCard:
    role: Role
    cell: engine.RoleCoverage
    rows: list[ContributionRow]
    flags: list[FlagText]

    @property
    def status(self) -> str:
        return str(self.cell.status)


@dataclass(frozen=True)
class CoverageView:
    cards: list[RoleCard]
    account_flags: list[FlagText]
    formula_version: str

    @property
    def gaps(self) -> int:
        return sum(1 for card in self.cards if card.cell.required and card.status != "covered")


def coverage_view(
    *,
    coverage: engine.AccountCoverage,
    roles: Sequence[Role],
    memberships: Sequence[TeamMembership],
    ratings: dict[tuple[int, int], int],
) -> CoverageView:
    """Role cards for the account page: contributions with names, flags with words."""
    roles_by_id = {role.pk: role for role in roles}
    by_assignment: dict[int, tuple[TeamMembership, RoleAssignment]] = {}
    people: dict[int, Person] = {}
    for membership in memberships:
        people[membership.person_id] = membership.person
        for assignment in membership.assignments.all():
            by_assignment[assignment.pk] = (membership, assignment)
    capacities = {pk: person.capacity for pk, person in people.items()}
    texts = [
        explain(flag, roles=roles_by_id, people=people, coverage=coverage, capacities=capacities)
        for flag in coverage.flags
    ]
    cards = []
    for role in roles:
        cell = coverage.roles[role.pk]
        rows = [
            ContributionRow(
                membership=by_assignment[c.assignment_id][0],
                assignment=by_assignment[c.assignment_id][1],
                contribution=c,
                rating=ratings.get((c.person_id, role.pk)),
            )
            for c in cell.contributions
            if c.assignment_id in by_assignment
        ]
        cards.append(
            RoleCard(
                role=role,
                cell=cell,
                rows=rows,
                flags=[text for text in texts if text.role_id == role.pk],
            )
        )
    return CoverageView(
        cards=cards,
        account_flags=[text for text in texts if text.role_id is None],
        formula_version=engine.FORMULA_VERSION,
    )
