"""The API of the accounts app: tiers, accounts, business units, team memberships and
role assignments (docs/api.md). Mounted by hexad.api.v1.

Access is the pages' access: every account is looked up with `account_get` (404 outside
what the user sees, 403 for a write they may not make) and everything below an account
through it; writes go through `hexad.accounts.services`.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django_countries import countries
from ninja import Field, Query, Router, Schema, Status

from hexad.accounts import selectors, services
from hexad.accounts.models import (
    CURRENCIES,
    Account,
    BusinessUnit,
    Degree,
    Industry,
    RoleAssignment,
    TeamMembership,
    TeamMembershipQuerySet,
    Tier,
)
from hexad.api.auth import api_user
from hexad.api.paging import Page, PageParams, page_body, page_of
from hexad.api.schemas import (
    WRITE,
    Id,
    Ref,
    Text,
    patch_schema,
    put_schema,
    reference,
    responses,
)
from hexad.core.exceptions import AccessDenied
from hexad.people.models import Person
from hexad.roles.api import RoleRef
from hexad.roles.models import Role

router = Router()

if TYPE_CHECKING:
    CountryCode = str
    CurrencyCode = str
    AccountSort = str
else:
    CountryCode = Literal[("", *sorted(countries.countries))]
    CurrencyCode = Literal[tuple(CURRENCIES)]
    # The portfolio's sorts (selectors.PORTFOLIO_SORTS); a test keeps the two in step.
    AccountSort = Literal[tuple(selectors.PORTFOLIO_SORTS)]


# --- tiers ---------------------------------------------------------------------------------


class TierOut(Schema):
    id: int
    name: str
    rank: int
    minimum_coverage: int = Field(description="Score (0–100) a required role needs to count.")
    required_roles: list[int] = Field(description="Ids of the roles every account must have.")
    check_in_days: int | None = Field(description="Longest gap between check-ins, or null.")
    quarterly_review_days: int | None
    executive_review_days: int | None

    @staticmethod
    def resolve_required_roles(tier: Tier) -> list[int]:
        return [role.pk for role in tier.required_roles.all()]


class TierFilters(Schema):
    sort: Literal["rank", "-rank", "name", "-name"] = "rank"


TIER_SORTS = {
    "rank": ("rank", "name", "id"),
    "-rank": ("-rank", "name", "id"),
    "name": ("name", "id"),
    "-name": ("-name", "id"),
}


def _tiers() -> QuerySet[Tier]:
    return Tier.objects.prefetch_related("required_roles")


@router.get("/tiers", response=responses({200: Page[TierOut]}), tags=["tiers"])
def tier_list(
    request: HttpRequest, filters: Query[TierFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Tiers of strategic accounts (every signed-in user); administrators write them."""
    count, rows = page_of(_tiers().order_by(*TIER_SORTS[filters.sort]), page)
    return page_body(count, rows, page)


@router.get("/tiers/{tier_id}", response=responses({200: TierOut}, 404), tags=["tiers"])
def tier_detail(request: HttpRequest, tier_id: Id) -> Tier:
    tier = _tiers().filter(pk=tier_id).first()
    if tier is None:
        raise Http404("No such tier.")
    return tier


class TierIn(Schema):
    name: Text = Field(min_length=1, max_length=80)
    rank: int = Field(1, ge=0, le=32767, description="1 is the most strategic tier.")
    minimum_coverage: int = Field(60, ge=0, le=100)
    required_roles: list[Id] = Field(default_factory=list, max_length=50)
    check_in_days: int | None = Field(30, ge=1, le=3650)
    quarterly_review_days: int | None = Field(90, ge=1, le=3650)
    executive_review_days: int | None = Field(365, ge=1, le=3650)


if TYPE_CHECKING:
    TierPut = Schema
    TierPatch = Schema
else:
    TierPut = put_schema(TierIn, "TierPut")
    TierPatch = patch_schema(TierPut)


def _administrator(request: HttpRequest) -> None:
    if not api_user(request).is_administrator:
        raise AccessDenied


def _tier_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = dict(data)
    if fields.get("required_roles") is not None:
        wanted = set(fields["required_roles"])
        roles = Role.objects.in_bulk(wanted)
        if missing := sorted(wanted - set(roles)):
            reference(Role.objects.none(), missing[0], field="required_roles")
        fields["required_roles"] = [roles[pk] for pk in sorted(wanted)]
    return fields


def _tier_for_write(request: HttpRequest, tier_id: int) -> Tier:
    tier = Tier.objects.filter(pk=tier_id).first()
    if tier is None:
        raise Http404("No such tier.")
    _administrator(request)
    return tier


@router.post("/tiers", response=responses({201: TierOut}, *WRITE), tags=["tiers"])
def tier_create(request: HttpRequest, payload: TierIn) -> Status[Tier]:
    """Administrators."""
    _administrator(request)
    tier = services.tier_create(**_tier_fields(payload.model_dump()))
    return Status(201, _tiers().get(pk=tier.pk))


def _tier_update(request: HttpRequest, tier_id: int, data: dict[str, Any]) -> Tier:
    tier = _tier_for_write(request, tier_id)
    services.tier_update(tier=tier, **_tier_fields(data))
    return _tiers().get(pk=tier_id)


@router.put("/tiers/{tier_id}", response=responses({200: TierOut}, *WRITE, 404), tags=["tiers"])
def tier_replace(request: HttpRequest, tier_id: Id, payload: TierPut) -> Tier:
    """Administrators: every field. The tier's accounts' coverage is recomputed."""
    return _tier_update(request, tier_id, payload.model_dump())


@router.patch("/tiers/{tier_id}", response=responses({200: TierOut}, *WRITE, 404), tags=["tiers"])
def tier_update(request: HttpRequest, tier_id: Id, payload: TierPatch) -> Tier:
    """Administrators: the fields sent."""
    return _tier_update(request, tier_id, payload.model_dump(exclude_unset=True))


@router.delete("/tiers/{tier_id}", response=responses({204: None}, 403, 404), tags=["tiers"])
def tier_delete(request: HttpRequest, tier_id: Id) -> Status[None]:
    """Administrators; only a tier no account is in (422 otherwise)."""
    services.tier_delete(tier=_tier_for_write(request, tier_id))
    return Status(204, None)


# --- accounts ------------------------------------------------------------------------------


class AccountOut(Schema):
    id: int
    name: str
    tier: int
    industry: Industry
    country: str = Field(description="ISO 3166 code, or empty.")
    currency: str
    lead: int | None = Field(description="Id of the person who leads the account.")
    parent: int | None = Field(description="Id of the parent account.")
    description: str
    external_id: str
    version: int = Field(
        description="Changes with every save; PUT and PATCH must send the version they read."
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_tier(account: Account) -> int:
        return account.tier_id

    @staticmethod
    def resolve_country(account: Account) -> str:
        return str(account.country)

    @staticmethod
    def resolve_lead(account: Account) -> int | None:
        return account.lead_id

    @staticmethod
    def resolve_parent(account: Account) -> int | None:
        return account.parent_id


class AccountIn(Schema):
    name: Text = Field(min_length=1, max_length=200)
    tier: Id
    industry: Industry = Industry.OTHER
    country: CountryCode = ""
    currency: CurrencyCode = "PLN"
    lead: Id | None = Field(None, description="Id of an active person.")
    parent: Id | None = None
    description: Text = Field("", max_length=10_000)
    external_id: Text = Field("", max_length=100)


VERSION = (int, Field(ge=1, le=2**31 - 1, description="The version you read."))
if TYPE_CHECKING:  # built at run time from AccountIn; a Schema as far as mypy knows
    AccountPut = Schema
    AccountPatch = Schema
else:
    AccountPut = put_schema(AccountIn, "AccountPut", version=VERSION)
    AccountPatch = patch_schema(AccountPut, required=("version",))


class AccountFilters(Schema):
    q: Text = Field("", max_length=100, description="Part of the name, or the external id.")
    tier: Id | None = None
    lead: Id | None = Field(None, description="Id of the lead (a person).")
    industry: Industry | None = None
    sort: AccountSort = "name"


def _account_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The services' keyword arguments: ids in the body replaced by the objects."""
    fields = dict(data)
    if "tier" in fields:
        fields["tier"] = reference(Tier.objects.all(), fields["tier"], field="tier")
    if fields.get("lead") is not None:
        fields["lead"] = reference(
            Person.objects.filter(is_active=True), fields["lead"], field="lead"
        )
    if fields.get("parent") is not None:
        fields["parent"] = reference(
            Account.objects.only("id", "parent_id"), fields["parent"], field="parent"
        )
    return fields


@router.get("/accounts", response=responses({200: Page[AccountOut]}), tags=["accounts"])
def account_list(
    request: HttpRequest, filters: Query[AccountFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The accounts you may see: all of them (programme leaders, viewers, administrators)
    or those whose team you are on or lead."""
    accounts = selectors.portfolio_list(
        user=api_user(request),
        filters=selectors.PortfolioFilters(
            query=filters.q,
            tier=filters.tier,
            lead=filters.lead,
            industry=filters.industry or "",
            sort=filters.sort,
        ),
    )
    count, rows = page_of(accounts, page)
    return page_body(count, rows, page)


@router.post("/accounts", response=responses({201: AccountOut}, *WRITE), tags=["accounts"])
def account_create(request: HttpRequest, payload: AccountIn) -> Status[Account]:
    """Programme leaders and administrators."""
    if not api_user(request).manages_portfolio:
        raise AccessDenied
    account = services.account_create(**_account_fields(payload.model_dump()))
    return Status(201, account)


@router.get("/accounts/{account_id}", response=responses({200: AccountOut}, 404), tags=["accounts"])
def account_detail(request: HttpRequest, account_id: Id) -> Account:
    return selectors.account_get(user=api_user(request), pk=account_id)


def _account_update(request: HttpRequest, account_id: int, data: dict[str, Any]) -> Account:
    account = selectors.account_get(user=api_user(request), pk=account_id, for_edit=True)
    version = data.pop("version")
    return services.account_update(
        account=account, expected_version=version, **_account_fields(data)
    )


@router.put(
    "/accounts/{account_id}",
    response=responses({200: AccountOut}, *WRITE, 404, 409),
    tags=["accounts"],
)
def account_replace(request: HttpRequest, account_id: Id, payload: AccountPut) -> Account:
    """Every field, with the `version` you read: 409 when the account changed since."""
    return _account_update(request, account_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}",
    response=responses({200: AccountOut}, *WRITE, 404, 409),
    tags=["accounts"],
)
def account_update(request: HttpRequest, account_id: Id, payload: AccountPatch) -> Account:
    """The fields sent, with the `version` you read: 409 when the account changed since."""
    data = payload.model_dump(exclude_unset=True)
    return _account_update(request, account_id, data)


# --- business units ------------------------------------------------------------------------


class BusinessUnitOut(Schema):
    id: int
    account: int
    name: str
    external_id: str

    @staticmethod
    def resolve_account(unit: BusinessUnit) -> int:
        return unit.account_id


class BusinessUnitFilters(Schema):
    sort: Literal["name", "-name"] = "name"


@router.get(
    "/accounts/{account_id}/business-units",
    response=responses({200: Page[BusinessUnitOut]}, 404),
    tags=["business units"],
)
def business_unit_list(
    request: HttpRequest,
    account_id: Id,
    filters: Query[BusinessUnitFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """The client's buying centres."""
    account = selectors.account_get(user=api_user(request), pk=account_id)
    order = ("name", "id") if filters.sort == "name" else ("-name", "-id")
    count, rows = page_of(account.business_units.order_by(*order), page)
    return page_body(count, rows, page)


@router.get(
    "/accounts/{account_id}/business-units/{unit_id}",
    response=responses({200: BusinessUnitOut}, 404),
    tags=["business units"],
)
def business_unit_detail(request: HttpRequest, account_id: Id, unit_id: Id) -> BusinessUnit:
    account = selectors.account_get(user=api_user(request), pk=account_id)
    return _business_unit(account, unit_id)


def _business_unit(account: Account, unit_id: int) -> BusinessUnit:
    unit = account.business_units.filter(pk=unit_id).first()
    if unit is None:
        raise Http404("No such business unit.")
    return unit


class BusinessUnitIn(Schema):
    name: Text = Field(min_length=1, max_length=200)
    external_id: Text = Field("", max_length=100)


if TYPE_CHECKING:
    BusinessUnitPut = Schema
    BusinessUnitPatch = Schema
else:
    BusinessUnitPut = put_schema(BusinessUnitIn, "BusinessUnitPut")
    BusinessUnitPatch = patch_schema(BusinessUnitPut)


@router.post(
    "/accounts/{account_id}/business-units",
    response=responses({201: BusinessUnitOut}, *WRITE, 404),
    tags=["business units"],
)
def business_unit_create(
    request: HttpRequest, account_id: Id, payload: BusinessUnitIn
) -> Status[BusinessUnit]:
    """Whoever may edit the account."""
    account = selectors.account_get(user=api_user(request), pk=account_id, for_edit=True)
    return Status(201, services.business_unit_create(account=account, **payload.model_dump()))


def _business_unit_update(
    request: HttpRequest, account_id: int, unit_id: int, data: dict[str, Any]
) -> BusinessUnit:
    account = selectors.account_get(user=api_user(request), pk=account_id, for_edit=True)
    return services.business_unit_update(unit=_business_unit(account, unit_id), **data)


@router.put(
    "/accounts/{account_id}/business-units/{unit_id}",
    response=responses({200: BusinessUnitOut}, *WRITE, 404),
    tags=["business units"],
)
def business_unit_replace(
    request: HttpRequest, account_id: Id, unit_id: Id, payload: BusinessUnitPut
) -> BusinessUnit:
    return _business_unit_update(request, account_id, unit_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/business-units/{unit_id}",
    response=responses({200: BusinessUnitOut}, *WRITE, 404),
    tags=["business units"],
)
def business_unit_update(
    request: HttpRequest, account_id: Id, unit_id: Id, payload: BusinessUnitPatch
) -> BusinessUnit:
    data = payload.model_dump(exclude_unset=True)
    return _business_unit_update(request, account_id, unit_id, data)


@router.delete(
    "/accounts/{account_id}/business-units/{unit_id}",
    response=responses({204: None}, 403, 404),
    tags=["business units"],
)
def business_unit_delete(request: HttpRequest, account_id: Id, unit_id: Id) -> Status[None]:
    """Only a unit nothing refers to (422 otherwise)."""
    account = selectors.account_get(user=api_user(request), pk=account_id, for_edit=True)
    services.business_unit_delete(unit=_business_unit(account, unit_id))
    return Status(204, None)


# --- team memberships and role assignments ----------------------------------------------------


class AssignmentOut(Schema):
    id: int
    membership: int
    person: Ref
    role: RoleRef
    degree: Degree

    @staticmethod
    def resolve_membership(assignment: RoleAssignment) -> int:
        return assignment.membership_id

    @staticmethod
    def resolve_person(assignment: RoleAssignment) -> dict[str, Any]:
        person = assignment.membership.person
        return {"id": person.pk, "name": person.full_name}


class MembershipAssignmentOut(Schema):
    id: int
    role: RoleRef
    degree: Degree


class MembershipOut(Schema):
    id: int
    account: int
    person: Ref
    start_date: datetime.date
    end_date: datetime.date | None
    allocation: int = Field(description="Share of the person's time, in percent.")
    notes: str
    is_active: bool = Field(description="On the team today.")
    assignments: list[MembershipAssignmentOut]
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_account(membership: TeamMembership) -> int:
        return membership.account_id

    @staticmethod
    def resolve_person(membership: TeamMembership) -> dict[str, Any]:
        return {"id": membership.person.pk, "name": membership.person.full_name}

    @staticmethod
    def resolve_is_active(membership: TeamMembership) -> bool:
        return membership.is_active()


class RoleGiven(Schema):
    role: Id
    degree: Degree = Degree.CONTRIBUTING


class MembershipIn(Schema):
    person: Id
    allocation: int = Field(20, ge=1, le=100)
    start_date: datetime.date | None = Field(None, description="Today when empty.")
    roles: list[RoleGiven] = Field(default_factory=list, max_length=50)


class MembershipPut(Schema):
    allocation: int = Field(ge=1, le=100)
    start_date: datetime.date
    end_date: datetime.date | None
    notes: Text = Field(max_length=300)


if TYPE_CHECKING:
    MembershipPatch = Schema
else:
    MembershipPatch = patch_schema(MembershipPut)


class MembershipFilters(Schema):
    status: Literal["all", "active", "past", "planned"] = "all"
    person: Id | None = None
    sort: Literal["person", "-person", "start_date", "-start_date", "allocation", "-allocation"] = (
        "person"
    )


MEMBERSHIP_SORTS = {
    "person": ("person__full_name", "start_date", "id"),
    "-person": ("-person__full_name", "-start_date", "-id"),
    "start_date": ("start_date", "id"),
    "-start_date": ("-start_date", "-id"),
    "allocation": ("allocation", "id"),
    "-allocation": ("-allocation", "-id"),
}


def _assignments() -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.select_related("role", "membership__person")


def _memberships(account: Account) -> QuerySet[TeamMembership]:
    """The account's memberships with their people and role assignments (two queries)."""
    return account.memberships.select_related("person").prefetch_related(
        Prefetch("assignments", queryset=RoleAssignment.objects.select_related("role"))
    )


def _membership(account: Account, membership_id: int) -> TeamMembership:
    membership = _memberships(account).filter(pk=membership_id).first()
    if membership is None:
        raise Http404("No such team member.")
    return membership


@router.get(
    "/accounts/{account_id}/memberships",
    response=responses({200: Page[MembershipOut]}, 404),
    tags=["team"],
)
def membership_list(
    request: HttpRequest,
    account_id: Id,
    filters: Query[MembershipFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """The account's team: today's members, and past and planned ones."""
    account = selectors.account_get(user=api_user(request), pk=account_id)
    memberships: TeamMembershipQuerySet = _memberships(account)  # type: ignore[assignment]
    today = timezone.localdate()
    if filters.status == "active":
        memberships = memberships.active(today)
    elif filters.status == "past":
        memberships = memberships.filter(end_date__lt=today)
    elif filters.status == "planned":
        memberships = memberships.filter(start_date__gt=today)
    if filters.person is not None:
        memberships = memberships.filter(person_id=filters.person)
    count, rows = page_of(memberships.order_by(*MEMBERSHIP_SORTS[filters.sort]), page)
    return page_body(count, rows, page)


@router.post(
    "/accounts/{account_id}/memberships",
    response=responses({201: MembershipOut}, *WRITE, 404),
    tags=["team"],
)
def membership_create(
    request: HttpRequest, account_id: Id, payload: MembershipIn
) -> Status[TeamMembership]:
    """Puts a person on the team, optionally with roles from the start."""
    account = selectors.account_get(user=api_user(request), pk=account_id, for_edit=True)
    person = reference(Person.objects.all(), payload.person, field="person")
    wanted = {given.role for given in payload.roles}
    roles = Role.objects.in_bulk(wanted)
    if missing := sorted(wanted - set(roles)):
        reference(Role.objects.none(), missing[0], field="roles")
    membership = services.membership_add(
        account=account,
        person=person,
        allocation=payload.allocation,
        start_date=payload.start_date,
        roles=[(roles[given.role], str(given.degree)) for given in payload.roles],
    )
    return Status(201, _membership(account, membership.pk))


@router.get(
    "/accounts/{account_id}/memberships/{membership_id}",
    response=responses({200: MembershipOut}, 404),
    tags=["team"],
)
def membership_detail(request: HttpRequest, account_id: Id, membership_id: Id) -> TeamMembership:
    account = selectors.account_get(user=api_user(request), pk=account_id)
    return _membership(account, membership_id)


def _membership_change(
    request: HttpRequest, account_id: int, membership_id: int, data: dict[str, Any]
) -> TeamMembership:
    account = selectors.account_get(user=api_user(request), pk=account_id, for_edit=True)
    membership = selectors.membership_get(account=account, pk=membership_id)
    current: dict[str, Any] = {
        "allocation": membership.allocation,
        "start_date": membership.start_date,
        "end_date": membership.end_date,
        "notes": membership.notes,
    }
    change = current | data
    services.membership_update(
        membership=membership,
        allocation=change["allocation"],
        start_date=change["start_date"],
        end_date=change["end_date"],
        notes=change["notes"],
    )
    return _membership(account, membership_id)


@router.put(
    "/accounts/{account_id}/memberships/{membership_id}",
    response=responses({200: MembershipOut}, *WRITE, 404),
    tags=["team"],
)
def membership_replace(
    request: HttpRequest, account_id: Id, membership_id: Id, payload: MembershipPut
) -> TeamMembership:
    return _membership_change(request, account_id, membership_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/memberships/{membership_id}",
    response=responses({200: MembershipOut}, *WRITE, 404),
    tags=["team"],
)
def membership_update(
    request: HttpRequest,
    account_id: Id,
    membership_id: Id,
    payload: MembershipPatch,
) -> TeamMembership:
    data = payload.model_dump(exclude_unset=True)
    return _membership_change(request, account_id, membership_id, data)


@router.delete(
    "/accounts/{account_id}/memberships/{membership_id}",
    response=responses({204: None}, 403, 404),
    tags=["team"],
)
def membership_delete(request: HttpRequest, account_id: Id, membership_id: Id) -> Status[None]:
    """Takes the person off the team. A membership that started before today is kept as
    history, ending yesterday; one that starts today or later is removed."""
    account = selectors.account_get(user=api_user(request), pk=account_id, for_edit=True)
    membership = selectors.membership_get(account=account, pk=membership_id)
    services.membership_end(membership=membership)
    return Status(204, None)


class AssignmentIn(Schema):
    membership: Id = Field(description="A membership of this account.")
    role: Id
    degree: Degree = Degree.CONTRIBUTING


class AssignmentPut(Schema):
    degree: Degree


class AssignmentFilters(Schema):
    membership: Id | None = None
    role: Id | None = None
    degree: Degree | None = None


@router.get(
    "/accounts/{account_id}/assignments",
    response=responses({200: Page[AssignmentOut]}, 404),
    tags=["team"],
)
def assignment_list(
    request: HttpRequest,
    account_id: Id,
    filters: Query[AssignmentFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """Who plays which role on the account, over every membership (past ones included)."""
    account = selectors.account_get(user=api_user(request), pk=account_id)
    assignments = _assignments().filter(membership__account=account)
    if filters.membership is not None:
        assignments = assignments.filter(membership_id=filters.membership)
    if filters.role is not None:
        assignments = assignments.filter(role_id=filters.role)
    if filters.degree is not None:
        assignments = assignments.filter(degree=filters.degree)
    count, rows = page_of(assignments.order_by("role__order", "role_id", "id"), page)
    return page_body(count, rows, page)


def _assignment(account: Account, assignment_id: int) -> RoleAssignment:
    assignment = _assignments().filter(membership__account=account, pk=assignment_id).first()
    if assignment is None:
        raise Http404("No such role assignment.")
    return assignment


@router.post(
    "/accounts/{account_id}/assignments",
    response=responses({200: AssignmentOut, 201: AssignmentOut}, *WRITE, 404),
    tags=["team"],
)
def assignment_create(
    request: HttpRequest, account_id: Id, payload: AssignmentIn
) -> Status[RoleAssignment]:
    """Gives a team member a role (201), or changes the degree of one they play (200)."""
    account = selectors.account_get(user=api_user(request), pk=account_id, for_edit=True)
    membership = reference(
        account.memberships.select_related("person"), payload.membership, field="membership"
    )
    role = reference(Role.objects.all(), payload.role, field="role")
    existed = membership.assignments.filter(role=role).exists()
    assignment = services.assignment_add(
        membership=membership, role=role, degree=str(payload.degree)
    )
    return Status(200 if existed else 201, _assignment(account, assignment.pk))


@router.get(
    "/accounts/{account_id}/assignments/{assignment_id}",
    response=responses({200: AssignmentOut}, 404),
    tags=["team"],
)
def assignment_detail(request: HttpRequest, account_id: Id, assignment_id: Id) -> RoleAssignment:
    account = selectors.account_get(user=api_user(request), pk=account_id)
    return _assignment(account, assignment_id)


def _assignment_change(
    request: HttpRequest, account_id: int, assignment_id: int, degree: str
) -> RoleAssignment:
    account = selectors.account_get(user=api_user(request), pk=account_id, for_edit=True)
    assignment = selectors.assignment_get(account=account, pk=assignment_id)
    if assignment.degree != degree:
        services.assignment_add(
            membership=assignment.membership, role=assignment.role, degree=degree
        )
    return _assignment(account, assignment_id)


@router.put(
    "/accounts/{account_id}/assignments/{assignment_id}",
    response=responses({200: AssignmentOut}, *WRITE, 404),
    tags=["team"],
)
def assignment_replace(
    request: HttpRequest, account_id: Id, assignment_id: Id, payload: AssignmentPut
) -> RoleAssignment:
    return _assignment_change(request, account_id, assignment_id, str(payload.degree))


@router.patch(
    "/accounts/{account_id}/assignments/{assignment_id}",
    response=responses({200: AssignmentOut}, *WRITE, 404),
    tags=["team"],
)
def assignment_update(
    request: HttpRequest, account_id: Id, assignment_id: Id, payload: AssignmentPut
) -> RoleAssignment:
    return _assignment_change(request, account_id, assignment_id, str(payload.degree))


@router.delete(
    "/accounts/{account_id}/assignments/{assignment_id}",
    response=responses({204: None}, 403, 404),
    tags=["team"],
)
def assignment_delete(request: HttpRequest, account_id: Id, assignment_id: Id) -> Status[None]:
    account = selectors.account_get(user=api_user(request), pk=account_id, for_edit=True)
    assignment = selectors.assignment_get(account=account, pk=assignment_id)
    services.assignment_remove(assignment=assignment)
    return Status(204, None)
