"""Reads of people: the directory, their teams, their load, and their competencies."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from hexad.accounts.models import Account, TeamMembership
from hexad.accounts.selectors import accounts_visible_to
from hexad.people.models import CompetencyRating, DevelopmentNote, Person, RatingSource, User
from hexad.roles.models import Role
from hexad.roles.selectors import attach_roles, role_catalogue


@dataclass(frozen=True)
class PersonLoad:
    accounts: int
    allocation: int
    capacity: int

    @property
    def over_capacity(self) -> bool:
        return self.allocation > self.capacity

    @property
    def meter_width(self) -> int:
        return min(100, self.percent_of_capacity)

    @property
    def percent_of_capacity(self) -> int:
        return round(100 * self.allocation / self.capacity) if self.capacity else 0


def people_list(*, user: User, query: str = "", department: int | None = None) -> QuerySet[Person]:
    """Our people. Every signed-in user may see the directory; teams are scoped separately."""
    people = Person.objects.select_related("department")
    if query:
        people = people.filter(
            Q(full_name__icontains=query)
            | Q(email__icontains=query)
            | Q(job_title__icontains=query)
        )
    if department:
        people = people.filter(department_id=department)
    return people.order_by("-is_active", "full_name", "id")


def people_load(*, people: list[Person]) -> dict[int, PersonLoad]:
    """Active accounts and total allocation of each person, in one query."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = (
        TeamMembership.objects.active()
        .filter(person_id__in=[p.pk for p in people])
        .values_list("person_id", "allocation")
    )
    for person_id, allocation in rows:
        totals[person_id][0] += 1
        totals[person_id][1] += allocation
    return {
        p.pk: PersonLoad(accounts=totals[p.pk][0], allocation=totals[p.pk][1], capacity=p.capacity)
        for p in people
    }


def person_get(*, user: User, pk: int) -> Person:
    person = Person.objects.select_related("department", "user").filter(pk=pk).first()
    if person is None or not user.is_authenticated:
        raise Http404("No such person.")
    return person


@dataclass(frozen=True)
class PersonTeams:
    active: list[TeamMembership]
    past: list[TeamMembership]
    hidden_active: int
    load: PersonLoad


def person_teams(*, user: User, person: Person) -> PersonTeams:
    """The person's teams on accounts `user` may see, and their load across all accounts."""
    visible = accounts_visible_to(user).values("id")
    memberships = list(
        person.memberships.filter(account_id__in=visible)
        .select_related("account", "account__tier")
        .prefetch_related("assignments")
        .order_by("account__name", "start_date")
    )
    attach_roles(a for m in memberships for a in m.assignments.all())
    load = people_load(people=[person])[person.pk]
    active = [m for m in memberships if m.is_active()]
    today = timezone.localdate()
    past = [m for m in memberships if m.end_date is not None and m.end_date < today]
    return PersonTeams(
        active=active, past=past, hidden_active=load.accounts - len(active), load=load
    )


# --- competencies ------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetencyPermissions:
    """What `user` may do with one person's competency ratings and development notes."""

    can_view: bool = False
    can_rate_self: bool = False
    can_rate_as_manager: bool = False
    can_add_notes: bool = False

    @property
    def can_rate(self) -> bool:
        return self.can_rate_self or self.can_rate_as_manager

    @property
    def sources(self) -> list[str]:
        """The rating sources the user may give, the self rating first."""
        allowed = [
            (self.can_rate_self, RatingSource.SELF),
            (self.can_rate_as_manager, RatingSource.MANAGER),
        ]
        return [str(source) for may, source in allowed if may]


NO_COMPETENCY_ACCESS = CompetencyPermissions()


def competency_permissions(user: User, person: Person) -> CompetencyPermissions:
    """Who may see, rate and plan a person's competencies (at most one query).

    - see: the person themself; administrators, programme leaders and viewers (the whole
      portfolio); a member who can see an account the person is on today (they share its
      team, or lead it).
    - self rating: only the person's own user. Manager rating: administrators, programme
      leaders, and the lead of an account the person is on today — but not on themself: a
      lead's rating of their own competency is a self rating.
    - development notes (add, mark done): the person themself or a manager.
    Viewers change nothing, their own ratings included.
    """
    return competency_permissions_for(user=user, people=[person])[person.pk]


def competency_permissions_for(
    *, user: User, people: Iterable[Person]
) -> dict[int, CompetencyPermissions]:
    """`competency_permissions` for many people at once, in at most one query."""
    people = list(people)
    if not user.is_authenticated:
        return {person.pk: NO_COMPETENCY_ACCESS for person in people}
    # For each other person: the leads (user ids) of the accounts they are on today that
    # `user` can see. Only a member needs it; the whole portfolio is open to the others.
    leads: dict[int, set[int | None]] = defaultdict(set)
    others = [p.pk for p in people if p.user_id != user.pk]
    if others and not user.sees_whole_portfolio:
        rows = (
            TeamMembership.objects.active()
            .filter(person_id__in=others, account__in=accounts_visible_to(user))
            .values_list("person_id", "account__lead__user_id")
        )
        for person_id, lead_user_id in rows:
            leads[person_id].add(lead_user_id)
    writes = not user.is_read_only
    permissions = {}
    for person in people:
        is_self = person.user_id is not None and person.user_id == user.pk
        manager = writes and (
            user.manages_portfolio or (not is_self and user.pk in leads.get(person.pk, ()))
        )
        permissions[person.pk] = CompetencyPermissions(
            can_view=is_self or user.sees_whole_portfolio or person.pk in leads,
            can_rate_self=writes and is_self,
            can_rate_as_manager=manager,
            can_add_notes=writes and (is_self or manager),
        )
    return permissions


def latest_ratings(
    ratings: Iterable[CompetencyRating],
) -> tuple[CompetencyRating | None, CompetencyRating | None]:
    """The latest self rating and the latest manager rating among `ratings` (same person
    and role): the later day wins, then the later record."""
    latest: dict[str, CompetencyRating] = {}
    for rating in ratings:
        current = latest.get(rating.source)
        if current is None or (rating.rated_on, rating.pk) > (current.rated_on, current.pk):
            latest[rating.source] = rating
    return latest.get(RatingSource.SELF), latest.get(RatingSource.MANAGER)


@dataclass(frozen=True)
class RoleCompetency:
    """One person in one role: the ratings (newest first) and the development notes."""

    role: Role
    latest_self: CompetencyRating | None
    latest_manager: CompetencyRating | None
    history: list[CompetencyRating] = field(default_factory=list)
    notes: list[DevelopmentNote] = field(default_factory=list)

    @property
    def effective(self) -> CompetencyRating | None:
        """The rating that counts: the latest manager rating, else the latest self rating
        (the rule of `hexad.coverage.selectors.effective_ratings`)."""
        return self.latest_manager or self.latest_self

    @property
    def shows_both(self) -> bool:
        """A self rating to show beside the manager rating that counts."""
        return self.latest_manager is not None and self.latest_self is not None

    @property
    def level(self) -> str:
        return rating_level(self.effective.rating if self.effective else None)

    @property
    def scale(self) -> list[tuple[int, str]]:
        """1–5, each with the role's behavioural anchor where it has one."""
        anchors = dict(self.role.anchors)
        return [(value, anchors.get(value, "")) for value in range(1, 6)]

    @property
    def has_anchors(self) -> bool:
        return any(text for _level, text in self.role.anchors)

    @property
    def open_notes(self) -> int:
        return sum(1 for note in self.notes if not note.is_done)

    @property
    def done_notes(self) -> int:
        return len(self.notes) - self.open_notes


def rating_level(rating: int | None) -> str:
    """A rating's band for display: low (1–2), medium (3), strong (4–5) or none."""
    if rating is None:
        return "none"
    return "low" if rating <= 2 else "medium" if rating == 3 else "strong"


def person_competencies(*, person: Person) -> list[RoleCompetency]:
    """Every role of the catalogue with the person's ratings and notes, in two queries
    (three when the kept role catalogue has expired).
    Check `competency_permissions(...).can_view` first."""
    roles = role_catalogue()
    ratings: dict[int, list[CompetencyRating]] = defaultdict(list)
    for rating in person.ratings.select_related("rated_by", "rated_by__person").order_by(
        "-rated_on", "-id"
    ):
        ratings[rating.role_id].append(rating)
    notes: dict[int, list[DevelopmentNote]] = defaultdict(list)
    for note in person.development.select_related("author", "author__person").order_by(
        "is_done", F("due_date").asc(nulls_last=True), "-id"
    ):
        notes[note.role_id].append(note)
    entries = []
    for role in roles:
        latest_self, latest_manager = latest_ratings(ratings[role.pk])
        entries.append(
            RoleCompetency(
                role=role,
                latest_self=latest_self,
                latest_manager=latest_manager,
                history=ratings[role.pk],
                notes=notes[role.pk],
            )
        )
    return entries


def development_note_get(*, person: Person, pk: int) -> DevelopmentNote:
    note = DevelopmentNote.objects.filter(person=person, pk=pk).first()
    if note is None:
        raise Http404("No such development note.")
    return note


def ratings_latest(
    *, person_ids: Iterable[int]
) -> dict[tuple[int, int], tuple[CompetencyRating | None, CompetencyRating | None]]:
    """Per (person, role) the latest self and the latest manager rating, in one query (a
    window function keeps only the newest rating of each source)."""
    newest = Window(
        RowNumber(),
        partition_by=[F("person_id"), F("role_id"), F("source")],
        order_by=[F("rated_on").desc(), F("id").desc()],
    )
    rows = (
        CompetencyRating.objects.filter(person_id__in=list(person_ids))
        .annotate(newest=newest)
        .filter(newest=1)
    )
    grouped: dict[tuple[int, int], list[CompetencyRating]] = defaultdict(list)
    for rating in rows:
        grouped[(rating.person_id, rating.role_id)].append(rating)
    return {key: latest_ratings(pair) for key, pair in grouped.items()}


@dataclass(frozen=True)
class CompetencyCell:
    role: Role
    competency: RoleCompetency | None
    assigned: bool
    can_rate: bool

    @property
    def rating(self) -> CompetencyRating | None:
        return self.competency.effective if self.competency else None

    @property
    def level(self) -> str:
        return rating_level(self.rating.rating if self.rating else None)

    @property
    def is_gap(self) -> bool:
        """An assigned role rated 2 or less, or not assessed: a forced-fit candidate."""
        return self.assigned and (self.rating is None or self.rating.rating <= 2)


@dataclass(frozen=True)
class CompetencyRow:
    membership: TeamMembership
    cells: list[CompetencyCell]

    @property
    def person(self) -> Person:
        return self.membership.person

    @property
    def gaps(self) -> list[CompetencyCell]:
        return [cell for cell in self.cells if cell.is_gap]


@dataclass(frozen=True)
class TeamCompetencies:
    roles: list[Role]
    rows: list[CompetencyRow]

    @property
    def can_rate_any(self) -> bool:
        return any(cell.can_rate for row in self.rows for cell in row.cells)

    @property
    def gap_count(self) -> int:
        return sum(len(row.gaps) for row in self.rows)


def team_competencies(*, user: User, account: Account) -> TeamCompetencies:
    """The account's team today × the roles, with the rating that counts in each cell,
    in three or four queries whatever the team's size: memberships with their people,
    their role assignments, the latest ratings, and (for a member) permissions (and the
    roles when the kept role catalogue has expired).
    The account must be one `user` may see (`account_get`)."""
    roles = role_catalogue()
    memberships = list(
        TeamMembership.objects.active()
        .filter(account=account)
        .select_related("person")
        .prefetch_related("assignments")
        .order_by("person__full_name", "person_id", "id")
    )
    people = {m.person_id: m.person for m in memberships}
    latest = ratings_latest(person_ids=people)
    permissions = competency_permissions_for(user=user, people=people.values())
    rows = []
    for membership in memberships:
        assigned = {a.role_id for a in membership.assignments.all()}
        may_rate = permissions[membership.person_id].can_rate_as_manager
        cells = []
        for role in roles:
            pair = latest.get((membership.person_id, role.pk))
            competency = RoleCompetency(role, *pair) if pair else None
            cells.append(
                CompetencyCell(
                    role=role,
                    competency=competency,
                    assigned=role.pk in assigned,
                    can_rate=may_rate,
                )
            )
        rows.append(CompetencyRow(membership=membership, cells=cells))
    return TeamCompetencies(roles=roles, rows=rows)
