"""Reads of accounts and teams. Every selector takes the user and applies their access."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hexad.accounts.models import Account, Degree, RoleAssignment, TeamMembership, Tier
from hexad.core.cache import kept
from hexad.core.exceptions import AccessDenied
from hexad.people.models import Person, User
from hexad.roles.models import Role
from hexad.roles.selectors import attach_roles, role_catalogue

PORTFOLIO_SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "tier": ("tier__rank", "name", "id"),
    "-tier": ("-tier__rank", "name", "id"),
    "industry": ("industry", "name", "id"),
    "-industry": ("-industry", "name", "id"),
    "lead": ("lead__full_name", "name", "id"),
    "-lead": ("-lead__full_name", "name", "id"),
    "country": ("country", "name", "id"),
    "-country": ("-country", "name", "id"),
}


def accounts_visible_to(user: User) -> QuerySet[Account]:
    """The accounts `user` may see: all of them, or those whose team they are on or lead."""
    if not user.is_authenticated:
        return Account.objects.none()
    if user.sees_whole_portfolio:
        return Account.objects.all()
    # One subquery of the few ids (a UNION of the two rules) rather than an OR across a join
    # with the people table: PostgreSQL answered the OR by reading every account and every
    # person, on each page that filters by it (a member's portfolio page: 11.7 → 2.1 ms for
    # its rows at 5,000 accounts). For one account, `account_visible` plans quicker.
    person = Person.objects.filter(user=user).values("id")
    team_accounts = TeamMembership.objects.active().filter(person_id__in=person)
    led_accounts = Account.objects.filter(lead_id__in=person)
    return Account.objects.filter(
        id__in=team_accounts.values("account_id").union(led_accounts.values("id"))
    )


def account_visible(user: User, pk: int) -> QuerySet[Account]:
    """The account `pk` if `user` may see it (`accounts_visible_to` for one account: checking
    one row against the two rules plans quicker than building their UNION)."""
    accounts = Account.objects.filter(pk=pk)
    if not user.is_authenticated:
        return accounts.none()
    if user.sees_whole_portfolio:
        return accounts
    team_accounts = TeamMembership.objects.active().filter(person__user=user).values("account_id")
    return accounts.filter(Q(id__in=team_accounts) | Q(lead__user=user))


def account_can_edit(*, user: User, account: Account) -> bool:
    if user.is_read_only:
        return False
    if user.manages_portfolio:
        return True
    return account_visible(user, account.pk).exists()


def account_can_edit_visible(*, user: User) -> bool:
    """Whether `user` may change an account already known to be visible to them: every
    level that sees an account without managing the portfolio is on its team, except
    viewers. Saves the query of `account_can_edit` on pages that looked the account up."""
    return not user.is_read_only and user.is_authenticated


def account_get(*, user: User, pk: int, for_edit: bool = False) -> Account:
    """One account the user may see (404 otherwise); with `for_edit`, one they may change."""
    related = ("tier", "lead", "lead__department", "parent")
    account = account_visible(user, pk).select_related(*related).first()
    if account is None:
        raise Http404("No such account.")
    if for_edit and not account_can_edit(user=user, account=account):
        raise AccessDenied
    return account


@dataclass(frozen=True)
class PortfolioFilters:
    query: str = ""
    tier: int | None = None
    lead: int | None = None
    industry: str = ""
    sort: str = "name"


def portfolio_list(*, user: User, filters: PortfolioFilters) -> QuerySet[Account]:
    accounts = accounts_visible_to(user).select_related("tier", "lead")
    if filters.query:
        accounts = accounts.filter(
            Q(name__icontains=filters.query) | Q(external_id__iexact=filters.query)
        )
    if filters.tier:
        accounts = accounts.filter(tier_id=filters.tier)
    if filters.lead:
        accounts = accounts.filter(lead_id=filters.lead)
    if filters.industry:
        accounts = accounts.filter(industry=filters.industry)
    return accounts.order_by(*PORTFOLIO_SORTS.get(filters.sort, PORTFOLIO_SORTS["name"]))


@dataclass
class AccountTeamSummary:
    """Figures shown for an account in the portfolio list."""

    team_size: int = 0
    roles_played: set[int] = field(default_factory=set)
    required_missing: list[Role] = field(default_factory=list)


def portfolio_team_summaries(
    *, accounts: list[Account], roles: list[Role], on: datetime.date | None = None
) -> dict[int, AccountTeamSummary]:
    """Team size and roles played for a page of accounts, in two queries."""
    summaries = {account.pk: AccountTeamSummary() for account in accounts}
    rows = (
        TeamMembership.objects.active(on)
        .filter(account_id__in=summaries)
        .order_by()  # counted into sets: the memberships' default order would cost a sort
        .values_list("account_id", "id", "assignments__role_id")
    )
    members: dict[int, set[int]] = defaultdict(set)
    for account_id, membership_id, role_id in rows:
        members[account_id].add(membership_id)
        if role_id is not None:
            summaries[account_id].roles_played.add(role_id)
    required = {tier.pk: tier.required_role_ids for tier in tier_catalogue()}
    roles_by_id = {role.pk: role for role in roles}
    for account in accounts:
        summary = summaries[account.pk]
        summary.team_size = len(members[account.pk])
        summary.required_missing = [
            roles_by_id[role_id]
            for role_id in sorted(required.get(account.tier_id, set()), key=_role_order(roles))
            if role_id not in summary.roles_played and role_id in roles_by_id
        ]
    return summaries


def _role_order(roles: list[Role]):  # type: ignore[no-untyped-def]
    order = {role.pk: index for index, role in enumerate(roles)}
    return lambda role_id: order.get(role_id, len(order))


def tier_required_role_ids(*, tier_ids: set[int]) -> dict[int, set[int]]:
    through = Tier.required_roles.through
    required: dict[int, set[int]] = defaultdict(set)
    for tier_id, role_id in through.objects.filter(tier_id__in=tier_ids).values_list(
        "tier_id", "role_id"
    ):
        required[tier_id].add(role_id)
    return required


def account_leads() -> QuerySet[Person]:
    """People who lead at least one account (for the portfolio's lead filter)."""
    return (
        Person.objects.filter(id__in=Account.objects.filter(lead__isnull=False).values("lead_id"))
        .only("id", "full_name")
        .order_by("full_name")
    )


LEAD_CHOICES_KEY = "hexad:account-lead-choices"
TIERS_KEY = "hexad:tier-catalogue"
PEOPLE_CHOICES_KEY = "hexad:active-people"


def account_lead_choices() -> list[tuple[int, str]]:
    """(id, name) of every account lead, for the lead filters' options: the portfolio,
    growth and coverage lists draw it on every view, and the query cost them more than
    the rest of their filters. Kept in the process's cache (`hexad.core.cache`), cleared
    when an account or a person changes."""
    return kept(LEAD_CHOICES_KEY, lambda: list(account_leads().values_list("pk", "full_name")))


@dataclass(frozen=True)
class TierEntry:
    pk: int
    name: str
    required_role_ids: frozenset[int]


def tier_catalogue() -> list[TierEntry]:
    """Every tier by rank, with the roles it requires: what list pages need of tiers
    (filter options, gaps in required roles), kept like `account_lead_choices`."""

    def build() -> list[TierEntry]:
        names: dict[int, str] = {}
        required: dict[int, set[int]] = defaultdict(set)
        # One row per tier and required role (one with None for a tier that requires none).
        for pk, name, role_id in Tier.objects.values_list("pk", "name", "required_roles"):
            names[pk] = name
            if role_id is not None:
                required[pk].add(role_id)
        return [
            TierEntry(pk=pk, name=name, required_role_ids=frozenset(required[pk]))
            for pk, name in names.items()
        ]

    return kept(TIERS_KEY, build)


@dataclass(frozen=True)
class RolePlayer:
    membership: TeamMembership
    assignment: RoleAssignment

    @property
    def is_lead(self) -> bool:
        return self.assignment.degree == Degree.LEAD


@dataclass(frozen=True)
class RolePanelEntry:
    role: Role
    required: bool
    players: list[RolePlayer]

    @property
    def is_played(self) -> bool:
        return bool(self.players)

    @property
    def has_lead(self) -> bool:
        return any(player.is_lead for player in self.players)


@dataclass(frozen=True)
class AccountTeam:
    active: list[TeamMembership]
    past: list[TeamMembership]
    planned: list[TeamMembership]
    roles: list[Role]
    panel: list[RolePanelEntry]

    @property
    def roles_played(self) -> int:
        return sum(1 for entry in self.panel if entry.is_played)

    @property
    def required_missing(self) -> list[Role]:
        return [entry.role for entry in self.panel if entry.required and not entry.is_played]


def account_team(*, account: Account, on: datetime.date | None = None) -> AccountTeam:
    """The team of an account (active and past members) and who plays each role."""
    day = on or timezone.localdate()
    roles = role_catalogue()
    required = next(
        (tier.required_role_ids for tier in tier_catalogue() if tier.pk == account.tier_id),
        frozenset(),
    )
    memberships = list(
        account.memberships.select_related("person", "person__department")
        .prefetch_related("assignments")
        .order_by("person__full_name", "start_date", "id")
    )
    attach_roles(a for m in memberships for a in m.assignments.all())
    active = [m for m in memberships if m.is_active(day)]
    past = [m for m in memberships if m.end_date is not None and m.end_date < day]
    planned = [m for m in memberships if m.start_date > day]
    players: dict[int, list[RolePlayer]] = defaultdict(list)
    for membership in active:
        for assignment in membership.assignments.all():
            players[assignment.role_id].append(RolePlayer(membership, assignment))
    panel = [
        RolePanelEntry(
            role=role,
            required=role.pk in required,
            players=sorted(players[role.pk], key=lambda p: (not p.is_lead, p.membership.pk)),
        )
        for role in roles
    ]
    return AccountTeam(active=active, past=past, planned=planned, roles=roles, panel=panel)


def membership_get(*, account: Account, pk: int) -> TeamMembership:
    membership = (
        TeamMembership.objects.select_related("person").filter(account=account, pk=pk).first()
    )
    if membership is None:
        raise Http404("No such team member.")
    return membership


def assignment_get(*, account: Account, pk: int) -> RoleAssignment:
    assignment = (
        RoleAssignment.objects.select_related("membership", "membership__person", "role")
        .filter(membership__account=account, pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404("No such role assignment.")
    return assignment


def active_people_choices() -> list[tuple[int, str]]:
    """(id, name) of every active person by name, for the account page's "add a team
    member" select (about 1,500 options at the large shape, drawn on every view). Kept in
    the process's cache (`hexad.core.cache`), cleared when a person changes; the form
    still validates against `people_available_for`."""
    return kept(
        PEOPLE_CHOICES_KEY,
        lambda: list(
            Person.objects.filter(is_active=True)
            .order_by("full_name")
            .values_list("pk", "full_name")
        ),
    )


def people_available_for(*, account: Account) -> QuerySet[Person]:
    """Active people who are not on the account's team today."""
    on_team = TeamMembership.objects.active().filter(account=account).values("person_id")
    return Person.objects.filter(is_active=True).exclude(id__in=on_team).order_by("full_name")
