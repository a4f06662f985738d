"""Relationship figures of an account: pure functions over plain facts, no ORM inside.

The selectors read an account's stakeholders and relationships once (two queries) into the
frozen dataclasses below; everything the pages show is computed from them here, so the
rules are easy to test with hand-made facts and cost no further queries.

What counts (every figure looks at stakeholders still at the client, status "active"):
- an executive *with a working relationship* has at least one relationship at "working"
  or above;
- a stakeholder is *single-threaded* when exactly one of our people knows them at
  "acquainted" or above;
- a relationship is *stale* when it is at "acquainted" or above and its last interaction
  is more than `stale_days` days ago, or was never recorded;
- a stakeholder is *new this quarter* when first engaged in the current calendar quarter;
- *missing information*: no relationship above "unknown", no owner, or no manager while
  not an executive (an executive may be the top of the tree).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hexad.relationships.models import (
    Attitude,
    BuyingRole,
    RelationshipLevel,
    StakeholderLevel,
    StakeholderStatus,
)
from hexad.roles.catalogue import INNOVATOR, RELATIONSHIP_MANAGER, RESULTS_DRIVER, TECHNICAL_EXPERT


@dataclass(frozen=True)
class StakeholderFacts:
    id: int
    name: str
    title: str
    level: int
    status: str
    attitude: str
    influence: int
    buying_roles: tuple[str, ...]
    competitor: str
    reports_to_id: int | None
    dotted_manager_id: int | None
    owner_id: int | None
    owner_name: str
    business_unit_name: str
    first_engaged: datetime.date | None

    @property
    def is_active(self) -> bool:
        return self.status == StakeholderStatus.ACTIVE

    @property
    def is_executive(self) -> bool:
        return self.level == StakeholderLevel.EXECUTIVE

    @property
    def level_label(self) -> str:
        return str(StakeholderLevel(self.level).label)

    @property
    def attitude_label(self) -> str:
        return str(Attitude(self.attitude).label)

    @property
    def status_label(self) -> str:
        return str(StakeholderStatus(self.status).label)

    @property
    def buying_role_labels(self) -> list[str]:
        return [str(BuyingRole(code).label) for code in self.buying_roles]


@dataclass(frozen=True)
class RelationshipFacts:
    id: int
    person_id: int
    person_name: str
    stakeholder_id: int
    current_level: int
    desired_level: int
    last_interaction: datetime.date | None

    @property
    def gap(self) -> int:
        return max(0, self.desired_level - self.current_level)

    @property
    def current_label(self) -> str:
        return str(RelationshipLevel(self.current_level).label)

    @property
    def desired_label(self) -> str:
        return str(RelationshipLevel(self.desired_level).label)


def quarter_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the calendar quarter `day` is in."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    if first_month == 10:
        end = datetime.date(day.year, 12, 31)
    else:
        end = datetime.date(day.year, first_month + 3, 1) - datetime.timedelta(days=1)
    return start, end


def is_stale(relationship: RelationshipFacts, *, today: datetime.date, stale_days: int) -> bool:
    if relationship.current_level < RelationshipLevel.ACQUAINTED:
        return False
    last = relationship.last_interaction
    return last is None or (today - last).days > stale_days


@dataclass(frozen=True)
class RelationshipMetrics:
    stakeholders: int  # active stakeholders
    executives: int
    executives_working: int  # executives with at least a working relationship
    single_threaded: int
    unknown_to_us: int  # known by none of our people (at "acquainted" or above)
    relationships: int  # at "acquainted" or above, with active stakeholders
    stale: int
    stale_days: int
    new_this_quarter: int
    quarter_start: datetime.date
    quarter_end: datetime.date
    unowned: int
    competitor_aligned: int
    open_concerns: int = 0
    overdue_concerns: int = 0


def compute_metrics(
    *,
    stakeholders: Sequence[StakeholderFacts],
    relationships: Sequence[RelationshipFacts],
    today: datetime.date,
    stale_days: int,
    open_concerns: int = 0,
    overdue_concerns: int = 0,
) -> RelationshipMetrics:
    active = [s for s in stakeholders if s.is_active]
    active_ids = {s.id for s in active}
    counted = [
        r
        for r in relationships
        if r.stakeholder_id in active_ids and r.current_level >= RelationshipLevel.ACQUAINTED
    ]
    known_by: dict[int, set[int]] = defaultdict(set)
    best: dict[int, int] = {}
    for r in counted:
        known_by[r.stakeholder_id].add(r.person_id)
        best[r.stakeholder_id] = max(best.get(r.stakeholder_id, 0), r.current_level)
    executives = [s for s in active if s.is_executive]
    start, end = quarter_bounds(today)
    return RelationshipMetrics(
        stakeholders=len(active),
        executives=len(executives),
        executives_working=sum(
            1 for s in executives if best.get(s.id, 0) >= RelationshipLevel.WORKING
        ),
        single_threaded=sum(1 for s in active if len(known_by[s.id]) == 1),
        unknown_to_us=sum(1 for s in active if not known_by[s.id]),
        relationships=len(counted),
        stale=sum(1 for r in counted if is_stale(r, today=today, stale_days=stale_days)),
        stale_days=stale_days,
        new_this_quarter=sum(
            1 for s in active if s.first_engaged is not None and start <= s.first_engaged <= end
        ),
        quarter_start=start,
        quarter_end=end,
        unowned=sum(1 for s in active if s.owner_id is None),
        competitor_aligned=sum(1 for s in active if s.competitor),
        open_concerns=open_concerns,
        overdue_concerns=overdue_concerns,
    )


def strongest_relationships(
    relationships: Iterable[RelationshipFacts],
) -> dict[int, RelationshipFacts]:
    """Per stakeholder, our strongest relationship: the highest current level, then the most
    recent interaction, then the person's name (so the choice is stable)."""
    ordered = sorted(
        (r for r in relationships if r.current_level >= RelationshipLevel.ACQUAINTED),
        key=lambda r: (
            -r.current_level,
            -(r.last_interaction or datetime.date.min).toordinal(),
            r.person_name.casefold(),
            r.id,
        ),
    )
    strongest: dict[int, RelationshipFacts] = {}
    for r in ordered:
        strongest.setdefault(r.stakeholder_id, r)
    return strongest


# --- missing information ----------------------------------------------------------------

NO_LEVEL = "no-level"
NO_OWNER = "no-owner"
NO_MANAGER = "no-manager"
MISSING_LABELS = {
    NO_LEVEL: _("no relationship level recorded"),
    NO_OWNER: _("nobody owns the relationship"),
    NO_MANAGER: _("manager unknown"),
}


@dataclass(frozen=True)
class MissingInformation:
    stakeholder: StakeholderFacts
    gaps: tuple[str, ...]  # NO_LEVEL, NO_OWNER, NO_MANAGER

    @property
    def labels(self) -> list[str]:
        return [str(MISSING_LABELS[gap]) for gap in self.gaps]


def missing_information(
    *, stakeholders: Sequence[StakeholderFacts], relationships: Sequence[RelationshipFacts]
) -> list[MissingInformation]:
    """Active stakeholders about whom something is missing, most senior first."""
    leveled = {r.stakeholder_id for r in relationships if r.current_level > 0}
    found = []
    for s in sorted(stakeholders, key=lambda s: (s.level, s.name.casefold(), s.id)):
        if not s.is_active:
            continue
        gaps = []
        if s.id not in leveled:
            gaps.append(NO_LEVEL)
        if s.owner_id is None:
            gaps.append(NO_OWNER)
        if s.reports_to_id is None and not s.is_executive:
            gaps.append(NO_MANAGER)
        if gaps:
            found.append(MissingInformation(stakeholder=s, gaps=tuple(gaps)))
    return found


# --- filters --------------------------------------------------------------------------


@dataclass(frozen=True)
class StakeholderFilters:
    level: int | None = None
    attitude: str = ""
    buying_role: str = ""
    status: str = StakeholderStatus.ACTIVE  # "" for any status

    @property
    def narrowed(self) -> bool:
        return bool(self.level or self.attitude or self.buying_role)


def filter_stakeholders(
    stakeholders: Iterable[StakeholderFacts], filters: StakeholderFilters
) -> list[StakeholderFacts]:
    """The stakeholders matching every filter, most senior first, then by name."""
    rows = [
        s
        for s in stakeholders
        if (filters.level is None or s.level == filters.level)
        and (not filters.attitude or s.attitude == filters.attitude)
        and (not filters.buying_role or filters.buying_role in s.buying_roles)
        and (not filters.status or s.status == filters.status)
    ]
    return sorted(rows, key=lambda s: (s.level, s.name.casefold(), s.id))


# --- the two-sided view -----------------------------------------------------------------


@dataclass(frozen=True)
class Pairing:
    """One of our roles against the kind of stakeholder it should reach."""

    role_key: str
    label: object  # a lazy translated text: "Executives and sponsors"
    matches: Callable[[StakeholderFacts], bool]


PAIRINGS: tuple[Pairing, ...] = (
    Pairing(
        RELATIONSHIP_MANAGER,
        _("Executives and sponsors"),
        lambda s: s.is_executive or BuyingRole.CHAMPION in s.buying_roles,
    ),
    Pairing(
        TECHNICAL_EXPERT,
        _("Technical evaluators"),
        lambda s: BuyingRole.TECHNICAL_EVALUATOR in s.buying_roles,
    ),
    Pairing(INNOVATOR, _("Executives"), lambda s: s.is_executive),
    Pairing(
        RESULTS_DRIVER,
        _("Economic buyers"),
        lambda s: BuyingRole.ECONOMIC_BUYER in s.buying_roles,
    ),
)


@dataclass(frozen=True)
class Player:
    """Someone on our team who plays a role on the account today."""

    person_id: int
    name: str
    role_key: str
    is_lead: bool


@dataclass(frozen=True)
class TwoSidedRow:
    stakeholder: StakeholderFacts
    by_role: tuple[RelationshipFacts, ...]  # players of the role with ≥ working
    by_others: tuple[RelationshipFacts, ...]  # anyone else of ours with ≥ working

    @property
    def is_gap(self) -> bool:
        return not self.by_role


@dataclass(frozen=True)
class TwoSidedPairing:
    role_key: str
    stakeholder_label: str
    players: tuple[Player, ...]
    rows: tuple[TwoSidedRow, ...]

    @property
    def gaps(self) -> int:
        return sum(1 for row in self.rows if row.is_gap)

    @property
    def covered(self) -> int:
        return len(self.rows) - self.gaps


def two_sided(
    *,
    stakeholders: Sequence[StakeholderFacts],
    relationships: Sequence[RelationshipFacts],
    players: Sequence[Player],
) -> list[TwoSidedPairing]:
    """For each pairing: the active stakeholders of that kind and which of our players of
    the matching role have a working relationship (or better) with them."""
    working: dict[int, list[RelationshipFacts]] = defaultdict(list)
    for r in sorted(relationships, key=lambda r: (-r.current_level, r.person_name, r.id)):
        if r.current_level >= RelationshipLevel.WORKING:
            working[r.stakeholder_id].append(r)
    result = []
    for pairing in PAIRINGS:
        role_players = tuple(p for p in players if p.role_key == pairing.role_key)
        in_role = {p.person_id for p in role_players}
        rows = tuple(
            TwoSidedRow(
                stakeholder=s,
                by_role=tuple(r for r in working[s.id] if r.person_id in in_role),
                by_others=tuple(r for r in working[s.id] if r.person_id not in in_role),
            )
            for s in sorted(stakeholders, key=lambda s: (s.level, -s.influence, s.name, s.id))
            if s.is_active and pairing.matches(s)
        )
        result.append(
            TwoSidedPairing(
                role_key=pairing.role_key,
                stakeholder_label=str(pairing.label),
                players=role_players,
                rows=rows,
            )
        )
    return result
