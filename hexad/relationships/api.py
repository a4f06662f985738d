"""The API of the relationships app: an account's stakeholders (with their reporting lines),
our relationships with them, the interaction log and technical concerns (docs/api.md).
Mounted by hexad.api.v1.

Everything here is below an account and reached through it: the account is looked up
with `account_get` (404 outside what the user sees, 403 for a write they may not make),
objects within it through this app's selectors; writes go through
`hexad.relationships.services`, as the pages' do.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Case, F, Prefetch, QuerySet, Value, When
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from hexad.accounts.api import VERSION
from hexad.accounts.models import Account
from hexad.accounts.selectors import account_get
from hexad.api.auth import api_user
from hexad.api.paging import Page, PageParams, page_body, page_of
from hexad.api.schemas import WRITE, Id, Ref, Text, patch_schema, put_schema, reference, responses
from hexad.core.exceptions import AccessDenied
from hexad.people.models import Person
from hexad.relationships import selectors, services
from hexad.relationships.models import (
    BUYING_ROLE_FIELDS,
    Attitude,
    BuyingRole,
    ConcernStatus,
    Interaction,
    InteractionKind,
    InteractionPerson,
    InteractionStakeholder,
    Relationship,
    RelationshipLevel,
    Severity,
    Stakeholder,
    StakeholderLevel,
    StakeholderStatus,
    TechnicalConcern,
)

router = Router()


def _account(request: HttpRequest, account_id: int, *, edit: bool = False) -> Account:
    return account_get(user=api_user(request), pk=account_id, for_edit=edit)


def _ref(obj: Any, label: str = "name") -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": getattr(obj, label)}


def _stakeholder_ref(account: Account, pk: int | None, field: str) -> Stakeholder | None:
    if pk is None:
        return None
    return reference(Stakeholder.objects.filter(account=account), pk, field=field)


def _person_ref(pk: int | None, field: str) -> Person | None:
    return None if pk is None else reference(Person.objects.all(), pk, field=field)


# --- stakeholders ----------------------------------------------------------------------------


class StakeholderOut(Schema):
    id: int
    account: int
    name: str
    title: str
    business_unit: int | None = Field(description="Id of a business unit of the account.")
    level: StakeholderLevel = Field(description="1 executive … 4 staff.")
    buying_roles: list[BuyingRole]
    influence: int = Field(description="1 (little) to 5 (decisive).")
    attitude: Attitude
    competitor: str = Field(description="The competitor this person favours, or empty.")
    reports_to: int | None = Field(description="Id of the stakeholder they report to.")
    dotted_manager: int | None = Field(description="Id of a dotted-line manager.")
    status: StakeholderStatus
    first_engaged: datetime.date | None
    email: str
    phone: str
    owner: Ref | None = Field(description="The one of our people who owns the relationship.")
    external_id: str
    notes: str
    version: int = Field(
        description="Changes with every save; PUT and PATCH must send the version they read."
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_account(stakeholder: Stakeholder) -> int:
        return stakeholder.account_id

    @staticmethod
    def resolve_business_unit(stakeholder: Stakeholder) -> int | None:
        return stakeholder.business_unit_id

    @staticmethod
    def resolve_buying_roles(stakeholder: Stakeholder) -> list[str]:
        return list(stakeholder.buying_roles)

    @staticmethod
    def resolve_reports_to(stakeholder: Stakeholder) -> int | None:
        return stakeholder.reports_to_id

    @staticmethod
    def resolve_dotted_manager(stakeholder: Stakeholder) -> int | None:
        return stakeholder.dotted_manager_id

    @staticmethod
    def resolve_owner(stakeholder: Stakeholder) -> dict[str, Any] | None:
        return _ref(stakeholder.owner, "full_name")


class StakeholderIn(Schema):
    name: Text = Field(min_length=1, max_length=200)
    title: Text = Field("", max_length=200)
    business_unit: Id | None = None
    level: StakeholderLevel = StakeholderLevel.MIDDLE
    buying_roles: list[BuyingRole] = Field(default_factory=list, max_length=6)
    influence: int = Field(3, ge=1, le=5)
    attitude: Attitude = Attitude.UNKNOWN
    competitor: Text = Field("", max_length=120)
    reports_to: Id | None = Field(None, description="Id of a stakeholder of the account.")
    dotted_manager: Id | None = Field(None, description="Id of a stakeholder of the account.")
    status: StakeholderStatus = Field(
        StakeholderStatus.ACTIVE,
        description="Setting left moves the stakeholder's reports up to their manager.",
    )
    first_engaged: datetime.date | None = None
    email: Text = Field("", max_length=254)
    phone: Text = Field("", max_length=40)
    owner: Id | None = Field(None, description="Id of one of our people.")
    external_id: Text = Field("", max_length=100)
    notes: Text = Field("", max_length=10_000)


if TYPE_CHECKING:
    StakeholderPut = Schema
    StakeholderPatch = Schema
else:
    StakeholderPut = put_schema(StakeholderIn, "StakeholderPut", version=VERSION)
    StakeholderPatch = patch_schema(StakeholderPut, required=("version",))


STAKEHOLDER_SORTS: dict[str, tuple[Any, ...]] = {
    "level": ("level", "name", "id"),
    "-level": ("-level", "name", "id"),
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "influence": ("influence", "name", "id"),
    "-influence": ("-influence", "name", "id"),
    "first_engaged": (F("first_engaged").asc(nulls_last=True), "id"),
    "-first_engaged": (F("first_engaged").desc(nulls_last=True), "-id"),
}
if TYPE_CHECKING:
    StakeholderSort = str
else:
    StakeholderSort = Literal[tuple(STAKEHOLDER_SORTS)]


class StakeholderFilters(Schema):
    q: Text = Field("", max_length=100, description="Part of the name or job title.")
    status: StakeholderStatus | None = None
    level: StakeholderLevel | None = None
    attitude: Attitude | None = None
    buying_role: BuyingRole | None = None
    business_unit: Id | None = None
    owner: Id | None = Field(None, description="Id of the owner (one of our people).")
    reports_to: Id | None = Field(None, description="Direct reports of this stakeholder.")
    sort: StakeholderSort = "level"


def _stakeholders(account: Account) -> QuerySet[Stakeholder]:
    return Stakeholder.objects.filter(account=account).select_related("owner")


def _stakeholder_fields(account: Account, data: dict[str, Any]) -> dict[str, Any]:
    fields = dict(data)
    if "business_unit" in fields and fields["business_unit"] is not None:
        fields["business_unit"] = reference(
            account.business_units.all(), fields["business_unit"], field="business_unit"
        )
    for name in ("reports_to", "dotted_manager"):
        if name in fields:
            fields[name] = _stakeholder_ref(account, fields[name], name)
    if "owner" in fields:
        fields["owner"] = _person_ref(fields["owner"], "owner")
    if "buying_roles" in fields:
        fields["buying_roles"] = [str(code) for code in fields["buying_roles"]]
    for name in ("level", "attitude", "status"):
        if name in fields:
            fields[name] = fields[name].value
    return fields


@router.get(
    "/accounts/{account_id}/stakeholders",
    response=responses({200: Page[StakeholderOut]}, 404),
    tags=["stakeholders"],
)
def stakeholder_list(
    request: HttpRequest,
    account_id: Id,
    filters: Query[StakeholderFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """The client's people on the account, with their reporting lines."""
    account = _account(request, account_id)
    rows = _stakeholders(account)
    if filters.q:
        rows = rows.filter(name__icontains=filters.q) | rows.filter(title__icontains=filters.q)
    simple = {
        "status": filters.status,
        "level": filters.level,
        "attitude": filters.attitude,
        "business_unit_id": filters.business_unit,
        "owner_id": filters.owner,
        "reports_to_id": filters.reports_to,
    }
    rows = rows.filter(**{key: value for key, value in simple.items() if value is not None})
    if filters.buying_role is not None:
        rows = rows.filter(**{BUYING_ROLE_FIELDS[filters.buying_role]: True})
    count, found = page_of(rows.order_by(*STAKEHOLDER_SORTS[filters.sort]), page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/stakeholders",
    response=responses({201: StakeholderOut}, *WRITE, 404),
    tags=["stakeholders"],
)
def stakeholder_create(
    request: HttpRequest, account_id: Id, payload: StakeholderIn
) -> Status[Stakeholder]:
    """Whoever may edit the account."""
    account = _account(request, account_id, edit=True)
    fields = _stakeholder_fields(account, payload.model_dump())
    stakeholder = services.stakeholder_create(account=account, **fields)
    return Status(201, selectors.stakeholder_get(account=account, pk=stakeholder.pk))


@router.get(
    "/accounts/{account_id}/stakeholders/{stakeholder_id}",
    response=responses({200: StakeholderOut}, 404),
    tags=["stakeholders"],
)
def stakeholder_detail(request: HttpRequest, account_id: Id, stakeholder_id: Id) -> Stakeholder:
    account = _account(request, account_id)
    return selectors.stakeholder_get(account=account, pk=stakeholder_id)


def _stakeholder_update(
    request: HttpRequest, account_id: int, stakeholder_id: int, data: dict[str, Any]
) -> Stakeholder:
    account = _account(request, account_id, edit=True)
    stakeholder = selectors.stakeholder_get(account=account, pk=stakeholder_id)
    version = data.pop("version")
    fields = _stakeholder_fields(account, data)
    buying_roles = fields.pop("buying_roles", None)
    services.stakeholder_update(
        stakeholder=stakeholder, expected_version=version, buying_roles=buying_roles, **fields
    )
    return selectors.stakeholder_get(account=account, pk=stakeholder_id)


@router.put(
    "/accounts/{account_id}/stakeholders/{stakeholder_id}",
    response=responses({200: StakeholderOut}, *WRITE, 404, 409),
    tags=["stakeholders"],
)
def stakeholder_replace(
    request: HttpRequest, account_id: Id, stakeholder_id: Id, payload: StakeholderPut
) -> Stakeholder:
    """Every field, with the `version` you read: 409 when the stakeholder changed since."""
    return _stakeholder_update(request, account_id, stakeholder_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/stakeholders/{stakeholder_id}",
    response=responses({200: StakeholderOut}, *WRITE, 404, 409),
    tags=["stakeholders"],
)
def stakeholder_update(
    request: HttpRequest, account_id: Id, stakeholder_id: Id, payload: StakeholderPatch
) -> Stakeholder:
    """The fields sent, with the `version` you read. Moving someone in the org chart is a
    PATCH of `reports_to` / `dotted_manager`; reporting cycles are refused."""
    data = payload.model_dump(exclude_unset=True)
    return _stakeholder_update(request, account_id, stakeholder_id, data)


@router.delete(
    "/accounts/{account_id}/stakeholders/{stakeholder_id}",
    response=responses({204: None}, 403, 404),
    tags=["stakeholders"],
)
def stakeholder_delete(request: HttpRequest, account_id: Id, stakeholder_id: Id) -> Status[None]:
    """Removes the stakeholder with their relationships; their reports move up to their
    manager. (Someone who left the client is better kept: PATCH `status` to left.)"""
    account = _account(request, account_id, edit=True)
    stakeholder = selectors.stakeholder_get(account=account, pk=stakeholder_id)
    services.stakeholder_delete(stakeholder=stakeholder)
    return Status(204, None)


@router.post(
    "/accounts/{account_id}/stakeholders/{stakeholder_id}/erase",
    response=responses({204: None}, 403, 404),
    tags=["stakeholders"],
)
def stakeholder_erase(request: HttpRequest, account_id: Id, stakeholder_id: Id) -> Status[None]:
    """Programme leaders and administrators: erases the stakeholder's personal data
    everywhere, their history included (GDPR erasure). The account's history keeps an
    anonymous entry saying that a stakeholder was erased, by whom and when."""
    account = _account(request, account_id, edit=True)
    stakeholder = selectors.stakeholder_get(account=account, pk=stakeholder_id)
    user = api_user(request)
    if not user.manages_portfolio:
        raise AccessDenied
    services.stakeholder_erase(stakeholder=stakeholder, actor=user)
    return Status(204, None)


# --- relationships ---------------------------------------------------------------------------


class RelationshipOut(Schema):
    id: int
    stakeholder: Ref
    person: Ref = Field(description="One of our people.")
    current_level: RelationshipLevel = Field(description="How the stakeholder sees us now.")
    desired_level: RelationshipLevel
    gap: int = Field(description="Levels between the current and the desired one.")
    last_interaction: datetime.date | None
    next_step: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_stakeholder(relationship: Relationship) -> dict[str, Any] | None:
        return _ref(relationship.stakeholder)

    @staticmethod
    def resolve_person(relationship: Relationship) -> dict[str, Any] | None:
        return _ref(relationship.person, "full_name")


class RelationshipIn(Schema):
    stakeholder: Id = Field(description="A stakeholder of this account.")
    person: Id = Field(description="One of our active people.")
    current_level: RelationshipLevel = RelationshipLevel.UNKNOWN
    desired_level: RelationshipLevel = RelationshipLevel.WORKING
    next_step: Text = Field("", max_length=300)


class RelationshipPut(Schema):
    current_level: RelationshipLevel
    desired_level: RelationshipLevel
    next_step: Text = Field(max_length=300)


if TYPE_CHECKING:
    RelationshipPatch = Schema
else:
    RelationshipPatch = patch_schema(RelationshipPut)


RELATIONSHIP_SORTS: dict[str, tuple[Any, ...]] = {
    "-current_level": ("-current_level", "person__full_name", "id"),
    "current_level": ("current_level", "person__full_name", "id"),
    "last_interaction": (F("last_interaction").asc(nulls_first=True), "id"),
    "-last_interaction": (F("last_interaction").desc(nulls_last=True), "-id"),
    "stakeholder": ("stakeholder__name", "id"),
    "person": ("person__full_name", "id"),
}
if TYPE_CHECKING:
    RelationshipSort = str
else:
    RelationshipSort = Literal[tuple(RELATIONSHIP_SORTS)]


class RelationshipFilters(Schema):
    stakeholder: Id | None = None
    person: Id | None = None
    with_gap: bool | None = Field(None, description="Only those below their desired level.")
    sort: RelationshipSort = "-current_level"


def _relationships(account: Account) -> QuerySet[Relationship]:
    return Relationship.objects.filter(stakeholder__account=account).select_related(
        "stakeholder", "person"
    )


@router.get(
    "/accounts/{account_id}/relationships",
    response=responses({200: Page[RelationshipOut]}, 404),
    tags=["relationships"],
)
def relationship_list(
    request: HttpRequest,
    account_id: Id,
    filters: Query[RelationshipFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """Our people's relationships with the account's stakeholders."""
    account = _account(request, account_id)
    rows = _relationships(account)
    if filters.stakeholder is not None:
        rows = rows.filter(stakeholder_id=filters.stakeholder)
    if filters.person is not None:
        rows = rows.filter(person_id=filters.person)
    if filters.with_gap is True:
        rows = rows.filter(desired_level__gt=F("current_level"))
    elif filters.with_gap is False:
        rows = rows.filter(desired_level__lte=F("current_level"))
    count, found = page_of(rows.order_by(*RELATIONSHIP_SORTS[filters.sort]), page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/relationships",
    response=responses({201: RelationshipOut}, *WRITE, 404),
    tags=["relationships"],
)
def relationship_create(
    request: HttpRequest, account_id: Id, payload: RelationshipIn
) -> Status[Relationship]:
    account = _account(request, account_id, edit=True)
    stakeholder = _stakeholder_ref(account, payload.stakeholder, "stakeholder")
    assert stakeholder is not None
    person = _person_ref(payload.person, "person")
    assert person is not None
    relationship = services.relationship_create(
        stakeholder=stakeholder,
        person=person,
        current_level=payload.current_level.value,
        desired_level=payload.desired_level.value,
        next_step=payload.next_step,
    )
    return Status(201, selectors.relationship_get(account=account, pk=relationship.pk))


@router.get(
    "/accounts/{account_id}/relationships/{relationship_id}",
    response=responses({200: RelationshipOut}, 404),
    tags=["relationships"],
)
def relationship_detail(request: HttpRequest, account_id: Id, relationship_id: Id) -> Relationship:
    account = _account(request, account_id)
    return selectors.relationship_get(account=account, pk=relationship_id)


def _relationship_update(
    request: HttpRequest, account_id: int, relationship_id: int, data: dict[str, Any]
) -> Relationship:
    account = _account(request, account_id, edit=True)
    relationship = selectors.relationship_get(account=account, pk=relationship_id)
    change: dict[str, Any] = {
        "current_level": relationship.current_level,
        "desired_level": relationship.desired_level,
        "next_step": relationship.next_step,
    } | data
    services.relationship_update(
        relationship=relationship,
        current_level=int(change["current_level"]),
        desired_level=int(change["desired_level"]),
        next_step=change["next_step"],
    )
    return selectors.relationship_get(account=account, pk=relationship_id)


@router.put(
    "/accounts/{account_id}/relationships/{relationship_id}",
    response=responses({200: RelationshipOut}, *WRITE, 404),
    tags=["relationships"],
)
def relationship_replace(
    request: HttpRequest, account_id: Id, relationship_id: Id, payload: RelationshipPut
) -> Relationship:
    return _relationship_update(request, account_id, relationship_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/relationships/{relationship_id}",
    response=responses({200: RelationshipOut}, *WRITE, 404),
    tags=["relationships"],
)
def relationship_update(
    request: HttpRequest, account_id: Id, relationship_id: Id, payload: RelationshipPatch
) -> Relationship:
    data = payload.model_dump(exclude_unset=True)
    return _relationship_update(request, account_id, relationship_id, data)


@router.delete(
    "/accounts/{account_id}/relationships/{relationship_id}",
    response=responses({204: None}, 403, 404),
    tags=["relationships"],
)
def relationship_delete(request: HttpRequest, account_id: Id, relationship_id: Id) -> Status[None]:
    account = _account(request, account_id, edit=True)
    relationship = selectors.relationship_get(account=account, pk=relationship_id)
    services.relationship_delete(relationship=relationship)
    return Status(204, None)


# --- interactions ----------------------------------------------------------------------------


class InteractionOut(Schema):
    id: int
    account: int
    occurred_on: datetime.date
    kind: InteractionKind
    notes: str
    people: list[Ref] = Field(description="Our people who took part.")
    stakeholders: list[Ref] = Field(description="Their stakeholders who took part.")
    created_at: datetime.datetime

    @staticmethod
    def resolve_account(interaction: Interaction) -> int:
        return interaction.account_id

    @staticmethod
    def resolve_people(interaction: Interaction) -> list[dict[str, Any]]:
        return [{"id": p.pk, "name": p.full_name} for p in interaction.people.all()]

    @staticmethod
    def resolve_stakeholders(interaction: Interaction) -> list[dict[str, Any]]:
        return [{"id": s.pk, "name": s.name} for s in interaction.stakeholders.all()]


class InteractionIn(Schema):
    occurred_on: datetime.date | None = Field(None, description="Today when left out.")
    kind: InteractionKind = InteractionKind.MEETING
    people: list[Id] = Field(min_length=1, max_length=50, description="Ids of our people.")
    stakeholders: list[Id] = Field(
        min_length=1, max_length=50, description="Ids of stakeholders of this account."
    )
    notes: Text = Field("", max_length=10_000)


class InteractionPut(Schema):
    """The kind and notes of a logged interaction; its date and participants stay (they
    moved the relationships' freshness): delete it and log it again to change them."""

    kind: InteractionKind
    notes: Text = Field(max_length=10_000)


if TYPE_CHECKING:
    InteractionPatch = Schema
else:
    InteractionPatch = patch_schema(InteractionPut)


class InteractionFilters(Schema):
    kind: InteractionKind | None = None
    person: Id | None = Field(None, description="Id of one of our people who took part.")
    stakeholder: Id | None = Field(None, description="Id of a stakeholder who took part.")
    since: datetime.date | None = None
    until: datetime.date | None = None
    sort: Literal["-occurred_on", "occurred_on"] = "-occurred_on"


def _interactions(account: Account) -> QuerySet[Interaction]:
    return Interaction.objects.filter(account=account).prefetch_related(
        Prefetch("people", queryset=Person.objects.only("id", "full_name").order_by("full_name")),
        Prefetch("stakeholders", queryset=Stakeholder.objects.only("id", "name").order_by("name")),
    )


def _interaction(account: Account, interaction_id: int) -> Interaction:
    interaction = _interactions(account).filter(pk=interaction_id).first()
    if interaction is None:
        raise Http404("No such interaction.")
    return interaction


def _many(queryset: QuerySet[Any], ids: list[int], field: str) -> list[Any]:
    found = queryset.in_bulk(set(ids))
    if missing := sorted(set(ids) - set(found)):
        reference(queryset.none(), missing[0], field=field)
    return [found[pk] for pk in dict.fromkeys(ids)]


@router.get(
    "/accounts/{account_id}/interactions",
    response=responses({200: Page[InteractionOut]}, 404),
    tags=["interactions"],
)
def interaction_list(
    request: HttpRequest,
    account_id: Id,
    filters: Query[InteractionFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """The interaction log, newest first."""
    account = _account(request, account_id)
    rows = _interactions(account)
    if filters.kind is not None:
        rows = rows.filter(kind=filters.kind)
    if filters.person is not None:
        met = InteractionPerson.objects.filter(person_id=filters.person)
        rows = rows.filter(id__in=met.values("interaction_id"))
    if filters.stakeholder is not None:
        seen = InteractionStakeholder.objects.filter(stakeholder_id=filters.stakeholder)
        rows = rows.filter(id__in=seen.values("interaction_id"))
    if filters.since is not None:
        rows = rows.filter(occurred_on__gte=filters.since)
    if filters.until is not None:
        rows = rows.filter(occurred_on__lte=filters.until)
    order = ("-occurred_on", "-id") if filters.sort == "-occurred_on" else ("occurred_on", "id")
    count, found = page_of(rows.order_by(*order), page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/interactions",
    response=responses({201: InteractionOut}, *WRITE, 404),
    tags=["interactions"],
)
def interaction_create(
    request: HttpRequest, account_id: Id, payload: InteractionIn
) -> Status[Interaction]:
    """Logs an interaction; every relationship between the people and stakeholders in it
    is refreshed (created at "acquainted" when missing), as in the pages."""
    account = _account(request, account_id, edit=True)
    interaction = services.interaction_log(
        account=account,
        occurred_on=payload.occurred_on or timezone.localdate(),
        kind=payload.kind.value,
        people=_many(Person.objects.all(), payload.people, "people"),
        stakeholders=_many(
            Stakeholder.objects.filter(account=account), payload.stakeholders, "stakeholders"
        ),
        notes=payload.notes,
        logged_by=api_user(request),
    )
    return Status(201, _interaction(account, interaction.pk))


@router.get(
    "/accounts/{account_id}/interactions/{interaction_id}",
    response=responses({200: InteractionOut}, 404),
    tags=["interactions"],
)
def interaction_detail(request: HttpRequest, account_id: Id, interaction_id: Id) -> Interaction:
    return _interaction(_account(request, account_id), interaction_id)


def _interaction_update(
    request: HttpRequest, account_id: int, interaction_id: int, data: dict[str, Any]
) -> Interaction:
    account = _account(request, account_id, edit=True)
    interaction = _interaction(account, interaction_id)
    if "kind" in data and data["kind"] is not None:
        data["kind"] = data["kind"].value
    services.interaction_update(interaction=interaction, **data)
    return _interaction(account, interaction_id)


@router.put(
    "/accounts/{account_id}/interactions/{interaction_id}",
    response=responses({200: InteractionOut}, *WRITE, 404),
    tags=["interactions"],
)
def interaction_replace(
    request: HttpRequest, account_id: Id, interaction_id: Id, payload: InteractionPut
) -> Interaction:
    return _interaction_update(request, account_id, interaction_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/interactions/{interaction_id}",
    response=responses({200: InteractionOut}, *WRITE, 404),
    tags=["interactions"],
)
def interaction_update(
    request: HttpRequest, account_id: Id, interaction_id: Id, payload: InteractionPatch
) -> Interaction:
    data = payload.model_dump(exclude_unset=True)
    return _interaction_update(request, account_id, interaction_id, data)


@router.delete(
    "/accounts/{account_id}/interactions/{interaction_id}",
    response=responses({204: None}, 403, 404),
    tags=["interactions"],
)
def interaction_delete(request: HttpRequest, account_id: Id, interaction_id: Id) -> Status[None]:
    """Removes an interaction; the relationships it touched fall back to their latest
    other interaction."""
    account = _account(request, account_id, edit=True)
    services.interaction_delete(interaction=_interaction(account, interaction_id))
    return Status(204, None)


# --- technical concerns ----------------------------------------------------------------------


class ConcernOut(Schema):
    id: int
    account: int
    raised_by: Ref | None = Field(description="The stakeholder who raised it.")
    raised_on: datetime.date
    topic: str
    description: str
    severity: Severity
    status: ConcernStatus
    owner: Ref | None = Field(description="Our person who owns it.")
    due_date: datetime.date | None
    resolution: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_account(concern: TechnicalConcern) -> int:
        return concern.account_id

    @staticmethod
    def resolve_raised_by(concern: TechnicalConcern) -> dict[str, Any] | None:
        return _ref(concern.raised_by)

    @staticmethod
    def resolve_owner(concern: TechnicalConcern) -> dict[str, Any] | None:
        return _ref(concern.owner, "full_name")


class ConcernIn(Schema):
    raised_by: Id | None = Field(None, description="A stakeholder of this account.")
    raised_on: datetime.date | None = Field(None, description="Today when left out.")
    topic: Text = Field(min_length=1, max_length=200)
    description: Text = Field("", max_length=10_000)
    severity: Severity = Severity.MEDIUM
    status: ConcernStatus = ConcernStatus.OPEN
    owner: Id | None = Field(
        None, description="One of our people; left out: the account's lead Technical Expert."
    )
    due_date: datetime.date | None = None
    resolution: Text = Field(
        "", max_length=10_000, description="Required when resolved or an accepted risk."
    )


class ConcernPut(Schema):
    raised_by: Id | None
    raised_on: datetime.date
    topic: Text = Field(min_length=1, max_length=200)
    description: Text = Field(max_length=10_000)
    severity: Severity
    status: ConcernStatus
    owner: Id | None
    due_date: datetime.date | None
    resolution: Text = Field(max_length=10_000)


if TYPE_CHECKING:
    ConcernPatch = Schema
else:
    ConcernPatch = patch_schema(ConcernPut)


if TYPE_CHECKING:
    ConcernStatusFilter = str
else:
    ConcernStatusFilter = Literal[("active", *ConcernStatus.values)]


class ConcernFilters(Schema):
    status: ConcernStatusFilter | None = Field(None, description="active: open or in progress.")
    severity: Severity | None = None
    owner: Id | None = None
    raised_by: Id | None = None
    sort: Literal["due_date", "-raised_on", "severity"] = Field(
        "due_date", description="due_date: open ones first, by due date."
    )


def _concern_fields(account: Account, data: dict[str, Any]) -> dict[str, Any]:
    fields = dict(data)
    if "raised_by" in fields:
        fields["raised_by"] = _stakeholder_ref(account, fields["raised_by"], "raised_by")
    if "owner" in fields:
        fields["owner"] = _person_ref(fields["owner"], "owner")
    for name in ("severity", "status"):
        if fields.get(name) is not None:
            fields[name] = fields[name].value
    return fields


SEVERITY_ORDER = ["critical", "high", "medium", "low"]


@router.get(
    "/accounts/{account_id}/concerns",
    response=responses({200: Page[ConcernOut]}, 404),
    tags=["technical concerns"],
)
def concern_list(
    request: HttpRequest,
    account_id: Id,
    filters: Query[ConcernFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """Technical concerns and objections, open ones first."""
    account = _account(request, account_id)
    rows = selectors.concerns_list(account=account, status=filters.status or "")
    if filters.severity is not None:
        rows = rows.filter(severity=filters.severity)
    if filters.owner is not None:
        rows = rows.filter(owner_id=filters.owner)
    if filters.raised_by is not None:
        rows = rows.filter(raised_by_id=filters.raised_by)
    if filters.sort == "-raised_on":
        rows = rows.order_by("-raised_on", "-id")
    elif filters.sort == "severity":
        rank = Case(
            *[When(severity=code, then=Value(index)) for index, code in enumerate(SEVERITY_ORDER)]
        )
        rows = rows.order_by(rank, "-raised_on", "-id")
    count, found = page_of(rows, page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/concerns",
    response=responses({201: ConcernOut}, *WRITE, 404),
    tags=["technical concerns"],
)
def concern_create(
    request: HttpRequest, account_id: Id, payload: ConcernIn
) -> Status[TechnicalConcern]:
    account = _account(request, account_id, edit=True)
    data = payload.model_dump(exclude_unset=True)
    fields = _concern_fields(account, data)
    fields.setdefault("raised_by", None)
    concern = services.concern_create(account=account, **fields)
    return Status(201, selectors.concern_get(account=account, pk=concern.pk))


@router.get(
    "/accounts/{account_id}/concerns/{concern_id}",
    response=responses({200: ConcernOut}, 404),
    tags=["technical concerns"],
)
def concern_detail(request: HttpRequest, account_id: Id, concern_id: Id) -> TechnicalConcern:
    return selectors.concern_get(account=_account(request, account_id), pk=concern_id)


def _concern_update(
    request: HttpRequest, account_id: int, concern_id: int, data: dict[str, Any]
) -> TechnicalConcern:
    account = _account(request, account_id, edit=True)
    concern = selectors.concern_get(account=account, pk=concern_id)
    if "raised_on" in data and data["raised_on"] is None:
        del data["raised_on"]
    services.concern_update(concern=concern, **_concern_fields(account, data))
    return selectors.concern_get(account=account, pk=concern_id)


@router.put(
    "/accounts/{account_id}/concerns/{concern_id}",
    response=responses({200: ConcernOut}, *WRITE, 404),
    tags=["technical concerns"],
)
def concern_replace(
    request: HttpRequest, account_id: Id, concern_id: Id, payload: ConcernPut
) -> TechnicalConcern:
    return _concern_update(request, account_id, concern_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/concerns/{concern_id}",
    response=responses({200: ConcernOut}, *WRITE, 404),
    tags=["technical concerns"],
)
def concern_update(
    request: HttpRequest, account_id: Id, concern_id: Id, payload: ConcernPatch
) -> TechnicalConcern:
    data = payload.model_dump(exclude_unset=True)
    return _concern_update(request, account_id, concern_id, data)


@router.delete(
    "/accounts/{account_id}/concerns/{concern_id}",
    response=responses({204: None}, 403, 404),
    tags=["technical concerns"],
)
def concern_delete(request: HttpRequest, account_id: Id, concern_id: Id) -> Status[None]:
    account = _account(request, account_id, edit=True)
    services.concern_delete(concern=selectors.concern_get(account=account, pk=concern_id))
    return Status(204, None)
