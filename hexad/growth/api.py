"""The API of the growth app: the offerings catalogue and, per account, financials, the
growth ambition, whitespace cells, opportunities and value initiatives (docs/api.md).
Mounted by hexad.api.v1.

Offerings are read by every signed-in user and written by administrators, as on the
pages. Everything else is below an account and reached through it (`account_get`: 404
outside what the user sees, 403 for a write they may not make). Writes go through
`hexad.growth.services`, which keep the derived figures (summary, adoption lag) and the
whitespace in step with the pipeline.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from hexad.accounts.models import Account
from hexad.accounts.selectors import account_get
from hexad.api.auth import api_user
from hexad.api.paging import Page, PageParams, page_body, page_of
from hexad.api.schemas import WRITE, Id, Ref, Text, patch_schema, put_schema, reference, responses
from hexad.core.exceptions import AccessDenied
from hexad.growth import figures, selectors, services
from hexad.growth.models import (
    FIRST_YEAR,
    LAST_YEAR,
    AccountGrowthPlan,
    FinancialPeriod,
    InitiativeStatus,
    Offering,
    Opportunity,
    OpportunityStage,
    OpportunityType,
    ValueInitiative,
    WhitespaceCell,
    WhitespaceStatus,
)
from hexad.people.models import Person
from hexad.relationships.models import Stakeholder

router = Router()

# Amounts: at most 14 digits before the point and 2 after, never negative.
Amount = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2, allow_inf_nan=False)]
CURRENCY = Field(
    None,
    max_length=12,
    description="The currency the amounts are in; when given, it must be the account's.",
)


def _account(request: HttpRequest, account_id: int, *, edit: bool = False) -> Account:
    return account_get(user=api_user(request), pk=account_id, for_edit=edit)


def _ref(obj: Any, label: str = "name") -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": getattr(obj, label)}


def _references(account: Account, data: dict[str, Any]) -> dict[str, Any]:
    """Ids in a body replaced by the objects (422 on the field when there is none)."""
    fields = dict(data)
    if fields.get("offering") is not None:
        fields["offering"] = reference(Offering.objects.all(), fields["offering"], field="offering")
    if fields.get("business_unit") is not None:
        fields["business_unit"] = reference(
            account.business_units.all(), fields["business_unit"], field="business_unit"
        )
    if fields.get("owner") is not None:
        fields["owner"] = reference(Person.objects.all(), fields["owner"], field="owner")
    if fields.get("sponsor") is not None:
        fields["sponsor"] = reference(
            Stakeholder.objects.filter(account=account), fields["sponsor"], field="sponsor"
        )
    return fields


# --- offerings -------------------------------------------------------------------------------


class OfferingOut(Schema):
    id: int
    name: str
    family: str
    launch_date: datetime.date | None
    is_new: bool = Field(description="Followed for its adoption lag across the accounts.")
    description: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


class OfferingIn(Schema):
    name: Text = Field(min_length=1, max_length=200)
    family: Text = Field(min_length=1, max_length=120)
    launch_date: datetime.date | None = None
    is_new: bool = False
    description: Text = Field("", max_length=10_000)


if TYPE_CHECKING:
    OfferingPut = Schema
    OfferingPatch = Schema
else:
    OfferingPut = put_schema(OfferingIn, "OfferingPut")
    OfferingPatch = patch_schema(OfferingPut)


class OfferingFilters(Schema):
    q: Text = Field("", max_length=100, description="Part of the name or family.")
    family: Text = Field("", max_length=120)
    is_new: bool | None = None
    sort: Literal["family", "name", "-name", "launch_date", "-launch_date"] = "family"


OFFERING_SORTS: dict[str, tuple[Any, ...]] = {
    "family": ("family", "name", "id"),
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "launch_date": (F("launch_date").asc(nulls_last=True), "id"),
    "-launch_date": (F("launch_date").desc(nulls_last=True), "-id"),
}


def _administrator(request: HttpRequest) -> None:
    if not api_user(request).is_administrator:
        raise AccessDenied


@router.get("/offerings", response=responses({200: Page[OfferingOut]}), tags=["offerings"])
def offering_list(
    request: HttpRequest, filters: Query[OfferingFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """What we sell (every signed-in user)."""
    rows = selectors.offerings_all()
    if filters.q:
        rows = rows.filter(Q(name__icontains=filters.q) | Q(family__icontains=filters.q))
    if filters.family:
        rows = rows.filter(family__iexact=filters.family)
    if filters.is_new is not None:
        rows = rows.filter(is_new=filters.is_new)
    count, found = page_of(rows.order_by(*OFFERING_SORTS[filters.sort]), page)
    return page_body(count, found, page)


@router.post("/offerings", response=responses({201: OfferingOut}, *WRITE), tags=["offerings"])
def offering_create(request: HttpRequest, payload: OfferingIn) -> Status[Offering]:
    """Administrators."""
    _administrator(request)
    return Status(201, services.offering_create(**payload.model_dump()))


@router.get(
    "/offerings/{offering_id}", response=responses({200: OfferingOut}, 404), tags=["offerings"]
)
def offering_detail(request: HttpRequest, offering_id: Id) -> Offering:
    return selectors.offering_get(pk=offering_id)


def _offering_update(request: HttpRequest, offering_id: int, data: dict[str, Any]) -> Offering:
    offering = selectors.offering_get(pk=offering_id)
    _administrator(request)
    return services.offering_update(offering=offering, **data)


@router.put(
    "/offerings/{offering_id}",
    response=responses({200: OfferingOut}, *WRITE, 404),
    tags=["offerings"],
)
def offering_replace(request: HttpRequest, offering_id: Id, payload: OfferingPut) -> Offering:
    """Administrators: every field."""
    return _offering_update(request, offering_id, payload.model_dump())


@router.patch(
    "/offerings/{offering_id}",
    response=responses({200: OfferingOut}, *WRITE, 404),
    tags=["offerings"],
)
def offering_update(request: HttpRequest, offering_id: Id, payload: OfferingPatch) -> Offering:
    """Administrators: the fields sent."""
    return _offering_update(request, offering_id, payload.model_dump(exclude_unset=True))


@router.delete(
    "/offerings/{offering_id}", response=responses({204: None}, 403, 404), tags=["offerings"]
)
def offering_delete(request: HttpRequest, offering_id: Id) -> Status[None]:
    """Administrators; only an offering no account uses (422 otherwise)."""
    offering = selectors.offering_get(pk=offering_id)
    _administrator(request)
    services.offering_delete(offering=offering)
    return Status(204, None)


# --- financials ------------------------------------------------------------------------------


class FinancialOut(Schema):
    id: int
    account: int
    year: int
    quarter: int | None = Field(description="1–4, or null for the whole year.")
    revenue: Decimal | None
    target: Decimal | None
    potential: Decimal | None = Field(description="The client's whole spend (the wallet).")
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_account(financial: FinancialPeriod) -> int:
        return financial.account_id


class FinancialPut(Schema):
    revenue: Amount | None
    target: Amount | None
    potential: Amount | None
    currency: str | None = CURRENCY


class FinancialIn(Schema):
    year: int = Field(ge=1900, le=2200)
    quarter: int | None = Field(None, ge=1, le=4, description="Null: the whole year.")
    revenue: Amount | None = None
    target: Amount | None = None
    potential: Amount | None = None
    currency: str | None = CURRENCY


if TYPE_CHECKING:
    FinancialPatch = Schema
else:
    FinancialPatch = patch_schema(FinancialPut)


class FinancialFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2200)
    sort: Literal["period", "-period"] = "period"


def _financial(account: Account, financial_id: int) -> FinancialPeriod:
    return selectors.financial_get(account=account, pk=financial_id)


@router.get(
    "/accounts/{account_id}/financials",
    response=responses({200: Page[FinancialOut]}, 404),
    tags=["financials"],
)
def financial_list(
    request: HttpRequest,
    account_id: Id,
    filters: Query[FinancialFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """Revenue, target and potential per year or quarter."""
    account = _account(request, account_id)
    rows = FinancialPeriod.objects.filter(account=account)
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.sort == "period":
        order: tuple[Any, ...] = ("year", F("quarter").asc(nulls_first=True), "id")
    else:
        order = ("-year", F("quarter").desc(nulls_last=True), "-id")
    count, found = page_of(rows.order_by(*order), page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/financials",
    response=responses({201: FinancialOut}, *WRITE, 404),
    tags=["financials"],
)
def financial_create(
    request: HttpRequest, account_id: Id, payload: FinancialIn
) -> Status[FinancialPeriod]:
    """The figures of a period the account has none for yet; a year holds either one
    yearly figure or quarterly ones."""
    account = _account(request, account_id, edit=True)
    return Status(201, services.financial_add(account=account, **payload.model_dump()))


@router.get(
    "/accounts/{account_id}/financials/{financial_id}",
    response=responses({200: FinancialOut}, 404),
    tags=["financials"],
)
def financial_detail(request: HttpRequest, account_id: Id, financial_id: Id) -> FinancialPeriod:
    return _financial(_account(request, account_id), financial_id)


def _financial_update(
    request: HttpRequest, account_id: int, financial_id: int, data: dict[str, Any]
) -> FinancialPeriod:
    financial = _financial(_account(request, account_id, edit=True), financial_id)
    current = {
        "revenue": financial.revenue,
        "target": financial.target,
        "potential": financial.potential,
        "currency": None,
    }
    return services.financial_update(financial=financial, **(current | data))


@router.put(
    "/accounts/{account_id}/financials/{financial_id}",
    response=responses({200: FinancialOut}, *WRITE, 404),
    tags=["financials"],
)
def financial_replace(
    request: HttpRequest, account_id: Id, financial_id: Id, payload: FinancialPut
) -> FinancialPeriod:
    """The figures (the year and quarter stay)."""
    return _financial_update(request, account_id, financial_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/financials/{financial_id}",
    response=responses({200: FinancialOut}, *WRITE, 404),
    tags=["financials"],
)
def financial_update(
    request: HttpRequest, account_id: Id, financial_id: Id, payload: FinancialPatch
) -> FinancialPeriod:
    data = payload.model_dump(exclude_unset=True)
    return _financial_update(request, account_id, financial_id, data)


@router.delete(
    "/accounts/{account_id}/financials/{financial_id}",
    response=responses({204: None}, 403, 404),
    tags=["financials"],
)
def financial_delete(request: HttpRequest, account_id: Id, financial_id: Id) -> Status[None]:
    financial = _financial(_account(request, account_id, edit=True), financial_id)
    services.financial_delete(financial=financial)
    return Status(204, None)


# --- whitespace ------------------------------------------------------------------------------


class WhitespaceCellOut(Schema):
    id: int
    account: int
    business_unit: Ref
    offering: Ref
    status: WhitespaceStatus
    competitor: str
    revenue: Decimal = Field(description="Our yearly revenue there.")
    potential: Decimal = Field(description="The unit's whole yearly spend on the offering.")
    renewal_date: datetime.date | None
    ours_since: datetime.date | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_account(cell: WhitespaceCell) -> int:
        return cell.account_id

    @staticmethod
    def resolve_business_unit(cell: WhitespaceCell) -> dict[str, Any] | None:
        return _ref(cell.business_unit)

    @staticmethod
    def resolve_offering(cell: WhitespaceCell) -> dict[str, Any] | None:
        return _ref(cell.offering)


class WhitespaceCellPut(Schema):
    status: WhitespaceStatus
    revenue: Amount
    potential: Amount
    competitor: Text = Field(max_length=120)
    renewal_date: datetime.date | None
    currency: str | None = CURRENCY


class WhitespaceCellIn(Schema):
    business_unit: Id = Field(description="A business unit of this account.")
    offering: Id
    status: WhitespaceStatus = WhitespaceStatus.UNKNOWN
    revenue: Amount = Decimal(0)
    potential: Amount = Decimal(0)
    competitor: Text = Field("", max_length=120)
    renewal_date: datetime.date | None = None
    currency: str | None = CURRENCY


if TYPE_CHECKING:
    WhitespaceCellPatch = Schema
else:
    WhitespaceCellPatch = patch_schema(WhitespaceCellPut)


class WhitespaceCellFilters(Schema):
    business_unit: Id | None = None
    offering: Id | None = None
    status: WhitespaceStatus | None = None
    sort: Literal["unit", "offering", "-potential", "renewal_date"] = "unit"


CELL_SORTS: dict[str, tuple[Any, ...]] = {
    "unit": ("business_unit__name", "offering__name", "id"),
    "offering": ("offering__name", "business_unit__name", "id"),
    "-potential": ("-potential", "id"),
    "renewal_date": (F("renewal_date").asc(nulls_last=True), "id"),
}


def _cells(account: Account) -> QuerySet[WhitespaceCell]:
    return WhitespaceCell.objects.filter(account=account).select_related(
        "business_unit", "offering"
    )


def _cell(account: Account, cell_id: int) -> WhitespaceCell:
    cell = _cells(account).filter(pk=cell_id).first()
    if cell is None:
        raise Http404("No such whitespace cell.")
    return cell


@router.get(
    "/accounts/{account_id}/whitespace",
    response=responses({200: Page[WhitespaceCellOut]}, 404),
    tags=["whitespace"],
)
def cell_list(
    request: HttpRequest,
    account_id: Id,
    filters: Query[WhitespaceCellFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """The stored business unit × offering cells (a pair never stored reads as unknown)."""
    account = _account(request, account_id)
    rows = _cells(account)
    if filters.business_unit is not None:
        rows = rows.filter(business_unit_id=filters.business_unit)
    if filters.offering is not None:
        rows = rows.filter(offering_id=filters.offering)
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    count, found = page_of(rows.order_by(*CELL_SORTS[filters.sort]), page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/whitespace",
    response=responses({200: WhitespaceCellOut, 201: WhitespaceCellOut}, *WRITE, 404),
    tags=["whitespace"],
)
def cell_create(
    request: HttpRequest, account_id: Id, payload: WhitespaceCellIn
) -> Status[WhitespaceCell]:
    """Sets the cell of a business unit × offering: 201 when it is stored for the first
    time, 200 when it replaced the stored one."""
    account = _account(request, account_id, edit=True)
    fields = _references(account, payload.model_dump())
    existed = WhitespaceCell.objects.filter(
        business_unit=fields["business_unit"], offering=fields["offering"]
    ).exists()
    cell = services.cell_save(account=account, **fields)
    return Status(200 if existed else 201, _cell(account, cell.pk))


@router.get(
    "/accounts/{account_id}/whitespace/{cell_id}",
    response=responses({200: WhitespaceCellOut}, 404),
    tags=["whitespace"],
)
def cell_detail(request: HttpRequest, account_id: Id, cell_id: Id) -> WhitespaceCell:
    return _cell(_account(request, account_id), cell_id)


def _cell_update(
    request: HttpRequest, account_id: int, cell_id: int, data: dict[str, Any]
) -> WhitespaceCell:
    account = _account(request, account_id, edit=True)
    cell = _cell(account, cell_id)
    current: dict[str, Any] = {
        "status": cell.status,
        "revenue": cell.revenue,
        "potential": cell.potential,
        "competitor": cell.competitor,
        "renewal_date": cell.renewal_date,
        "currency": None,
    }
    fields = current | _references(account, data)
    services.cell_save(
        account=account, business_unit=cell.business_unit, offering=cell.offering, **fields
    )
    return _cell(account, cell_id)


@router.put(
    "/accounts/{account_id}/whitespace/{cell_id}",
    response=responses({200: WhitespaceCellOut}, *WRITE, 404),
    tags=["whitespace"],
)
def cell_replace(
    request: HttpRequest, account_id: Id, cell_id: Id, payload: WhitespaceCellPut
) -> WhitespaceCell:
    return _cell_update(request, account_id, cell_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/whitespace/{cell_id}",
    response=responses({200: WhitespaceCellOut}, *WRITE, 404),
    tags=["whitespace"],
)
def cell_update(
    request: HttpRequest, account_id: Id, cell_id: Id, payload: WhitespaceCellPatch
) -> WhitespaceCell:
    return _cell_update(request, account_id, cell_id, payload.model_dump(exclude_unset=True))


@router.delete(
    "/accounts/{account_id}/whitespace/{cell_id}",
    response=responses({204: None}, 403, 404),
    tags=["whitespace"],
)
def cell_delete(request: HttpRequest, account_id: Id, cell_id: Id) -> Status[None]:
    """Forgets the cell: it reads as unknown with zeros again."""
    services.cell_delete(cell=_cell(_account(request, account_id, edit=True), cell_id))
    return Status(204, None)


# --- opportunities ---------------------------------------------------------------------------


class OpportunityOut(Schema):
    id: int
    account: int
    name: str
    offering: Ref | None
    business_unit: Ref | None
    value: Decimal
    stage: OpportunityStage
    probability: int = Field(description="0–100; won is 100 and lost 0.")
    weighted_value: Decimal = Field(description="value × probability / 100.")
    expected_close: datetime.date
    kind: OpportunityType
    competitor: str
    owner: Ref | None
    created_on: datetime.date
    closed_on: datetime.date | None
    notes: str
    external_id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_account(opportunity: Opportunity) -> int:
        return opportunity.account_id

    @staticmethod
    def resolve_offering(opportunity: Opportunity) -> dict[str, Any] | None:
        return _ref(opportunity.offering)

    @staticmethod
    def resolve_business_unit(opportunity: Opportunity) -> dict[str, Any] | None:
        return _ref(opportunity.business_unit)

    @staticmethod
    def resolve_owner(opportunity: Opportunity) -> dict[str, Any] | None:
        return _ref(opportunity.owner, "full_name")

    @staticmethod
    def resolve_weighted_value(opportunity: Opportunity) -> Decimal:
        return (opportunity.value * opportunity.probability / 100).quantize(Decimal("0.01"))


class OpportunityIn(Schema):
    name: Text = Field(min_length=1, max_length=200)
    value: Amount
    expected_close: datetime.date
    stage: OpportunityStage = OpportunityStage.QUALIFY
    probability: int | None = Field(
        None, ge=0, le=100, description="Left out: the stage's usual probability."
    )
    kind: OpportunityType = OpportunityType.CROSS_SELL
    offering: Id | None = None
    business_unit: Id | None = Field(None, description="A business unit of this account.")
    competitor: Text = Field("", max_length=120)
    owner: Id | None = Field(None, description="One of our people.")
    notes: Text = Field("", max_length=10_000)
    closed_on: datetime.date | None = Field(None, description="When won or lost; today if not.")
    currency: str | None = CURRENCY


class OpportunityPut(Schema):
    name: Text = Field(min_length=1, max_length=200)
    value: Amount
    expected_close: datetime.date
    stage: OpportunityStage
    probability: int | None = Field(ge=0, le=100, description="Null: the stage's usual one.")
    kind: OpportunityType
    offering: Id | None
    business_unit: Id | None
    competitor: Text = Field(max_length=120)
    owner: Id | None
    notes: Text = Field(max_length=10_000)
    currency: str | None = CURRENCY


if TYPE_CHECKING:
    OpportunityPatch = Schema
else:
    OpportunityPatch = patch_schema(OpportunityPut)

if TYPE_CHECKING:
    StageFilter = str
    OpportunitySort = str
else:
    StageFilter = Literal[("open", "all", *OpportunityStage.values)]
    OpportunitySort = Literal[tuple(selectors.OPPORTUNITY_SORTS)]


class OpportunityFilters(Schema):
    stage: StageFilter = Field("open", description="open (every open stage), all, or a stage.")
    offering: Id | None = None
    business_unit: Id | None = None
    owner: Id | None = None
    kind: OpportunityType | None = None
    sort: OpportunitySort = "close"


@router.get(
    "/accounts/{account_id}/opportunities",
    response=responses({200: Page[OpportunityOut]}, 404),
    tags=["opportunities"],
)
def opportunity_list(
    request: HttpRequest,
    account_id: Id,
    filters: Query[OpportunityFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """The pipeline: open opportunities unless `stage` says otherwise."""
    account = _account(request, account_id)
    rows = selectors.opportunities_of(
        account=account,
        filters=selectors.OpportunityFilters(stage=filters.stage, sort=filters.sort),
    )
    simple = {
        "offering_id": filters.offering,
        "business_unit_id": filters.business_unit,
        "owner_id": filters.owner,
        "kind": filters.kind,
    }
    rows = rows.filter(**{key: value for key, value in simple.items() if value is not None})
    count, found = page_of(rows, page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/opportunities",
    response=responses({201: OpportunityOut}, *WRITE, 404),
    tags=["opportunities"],
)
def opportunity_create(
    request: HttpRequest, account_id: Id, payload: OpportunityIn
) -> Status[Opportunity]:
    """A new opportunity; the whitespace cell of its unit × offering follows it."""
    account = _account(request, account_id, edit=True)
    opportunity = services.opportunity_create(
        account=account, **_references(account, payload.model_dump())
    )
    return Status(201, selectors.opportunity_get(account=account, pk=opportunity.pk))


@router.get(
    "/accounts/{account_id}/opportunities/{opportunity_id}",
    response=responses({200: OpportunityOut}, 404),
    tags=["opportunities"],
)
def opportunity_detail(request: HttpRequest, account_id: Id, opportunity_id: Id) -> Opportunity:
    return selectors.opportunity_get(account=_account(request, account_id), pk=opportunity_id)


def _opportunity_update(
    request: HttpRequest, account_id: int, opportunity_id: int, data: dict[str, Any]
) -> Opportunity:
    account = _account(request, account_id, edit=True)
    opportunity = selectors.opportunity_get(account=account, pk=opportunity_id)
    services.opportunity_update(opportunity=opportunity, **_references(account, data))
    return selectors.opportunity_get(account=account, pk=opportunity_id)


@router.put(
    "/accounts/{account_id}/opportunities/{opportunity_id}",
    response=responses({200: OpportunityOut}, *WRITE, 404),
    tags=["opportunities"],
)
def opportunity_replace(
    request: HttpRequest, account_id: Id, opportunity_id: Id, payload: OpportunityPut
) -> Opportunity:
    """Every field; moving to won or lost closes it (today) and settles its probability."""
    return _opportunity_update(request, account_id, opportunity_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/opportunities/{opportunity_id}",
    response=responses({200: OpportunityOut}, *WRITE, 404),
    tags=["opportunities"],
)
def opportunity_update(
    request: HttpRequest, account_id: Id, opportunity_id: Id, payload: OpportunityPatch
) -> Opportunity:
    data = payload.model_dump(exclude_unset=True)
    return _opportunity_update(request, account_id, opportunity_id, data)


@router.delete(
    "/accounts/{account_id}/opportunities/{opportunity_id}",
    response=responses({204: None}, 403, 404),
    tags=["opportunities"],
)
def opportunity_delete(request: HttpRequest, account_id: Id, opportunity_id: Id) -> Status[None]:
    account = _account(request, account_id, edit=True)
    opportunity = selectors.opportunity_get(account=account, pk=opportunity_id)
    services.opportunity_delete(opportunity=opportunity)
    return Status(204, None)


# --- value initiatives -----------------------------------------------------------------------


class InitiativeOut(Schema):
    id: int
    account: int
    title: str
    hypothesis: str
    sponsor: Ref | None = Field(description="The executive sponsor (a stakeholder).")
    status: InitiativeStatus
    expected_value: Decimal | None
    offering: Ref | None
    created_on: datetime.date
    shared_on: datetime.date | None
    adopted_on: datetime.date | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_account(initiative: ValueInitiative) -> int:
        return initiative.account_id

    @staticmethod
    def resolve_sponsor(initiative: ValueInitiative) -> dict[str, Any] | None:
        return _ref(initiative.sponsor)

    @staticmethod
    def resolve_offering(initiative: ValueInitiative) -> dict[str, Any] | None:
        return _ref(initiative.offering)


class InitiativeIn(Schema):
    title: Text = Field(min_length=1, max_length=200)
    hypothesis: Text = Field("", max_length=10_000)
    sponsor: Id | None = Field(None, description="A stakeholder of this account.")
    status: InitiativeStatus = InitiativeStatus.IDEA
    expected_value: Amount | None = None
    offering: Id | None = None
    shared_on: datetime.date | None = Field(None, description="Today when shared and left out.")
    adopted_on: datetime.date | None = Field(None, description="Only when adopted.")
    currency: str | None = CURRENCY


if TYPE_CHECKING:
    InitiativePut = Schema
    InitiativePatch = Schema
else:
    InitiativePut = put_schema(InitiativeIn, "InitiativePut")
    InitiativePatch = patch_schema(InitiativePut)


class InitiativeFilters(Schema):
    status: InitiativeStatus | None = None
    offering: Id | None = None
    sponsor: Id | None = None
    sort: Literal["-created_on", "created_on", "title", "-expected_value"] = "-created_on"


INITIATIVE_SORTS: dict[str, tuple[Any, ...]] = {
    "-created_on": ("-created_on", "-id"),
    "created_on": ("created_on", "id"),
    "title": ("title", "id"),
    "-expected_value": (F("expected_value").desc(nulls_last=True), "-id"),
}


@router.get(
    "/accounts/{account_id}/initiatives",
    response=responses({200: Page[InitiativeOut]}, 404),
    tags=["value initiatives"],
)
def initiative_list(
    request: HttpRequest,
    account_id: Id,
    filters: Query[InitiativeFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """Ideas of how we could add value to the client, newest first."""
    account = _account(request, account_id)
    rows = selectors.initiatives_of(account=account)
    simple = {
        "status": filters.status,
        "offering_id": filters.offering,
        "sponsor_id": filters.sponsor,
    }
    rows = rows.filter(**{key: value for key, value in simple.items() if value is not None})
    count, found = page_of(rows.order_by(*INITIATIVE_SORTS[filters.sort]), page)
    return page_body(count, found, page)


@router.post(
    "/accounts/{account_id}/initiatives",
    response=responses({201: InitiativeOut}, *WRITE, 404),
    tags=["value initiatives"],
)
def initiative_create(
    request: HttpRequest, account_id: Id, payload: InitiativeIn
) -> Status[ValueInitiative]:
    account = _account(request, account_id, edit=True)
    initiative = services.initiative_create(
        account=account, **_references(account, payload.model_dump())
    )
    return Status(201, selectors.initiative_get(account=account, pk=initiative.pk))


@router.get(
    "/accounts/{account_id}/initiatives/{initiative_id}",
    response=responses({200: InitiativeOut}, 404),
    tags=["value initiatives"],
)
def initiative_detail(request: HttpRequest, account_id: Id, initiative_id: Id) -> ValueInitiative:
    return selectors.initiative_get(account=_account(request, account_id), pk=initiative_id)


def _initiative_update(
    request: HttpRequest, account_id: int, initiative_id: int, data: dict[str, Any]
) -> ValueInitiative:
    account = _account(request, account_id, edit=True)
    initiative = selectors.initiative_get(account=account, pk=initiative_id)
    services.initiative_update(initiative=initiative, **_references(account, data))
    return selectors.initiative_get(account=account, pk=initiative_id)


@router.put(
    "/accounts/{account_id}/initiatives/{initiative_id}",
    response=responses({200: InitiativeOut}, *WRITE, 404),
    tags=["value initiatives"],
)
def initiative_replace(
    request: HttpRequest, account_id: Id, initiative_id: Id, payload: InitiativePut
) -> ValueInitiative:
    return _initiative_update(request, account_id, initiative_id, payload.model_dump())


@router.patch(
    "/accounts/{account_id}/initiatives/{initiative_id}",
    response=responses({200: InitiativeOut}, *WRITE, 404),
    tags=["value initiatives"],
)
def initiative_update(
    request: HttpRequest, account_id: Id, initiative_id: Id, payload: InitiativePatch
) -> ValueInitiative:
    data = payload.model_dump(exclude_unset=True)
    return _initiative_update(request, account_id, initiative_id, data)


@router.delete(
    "/accounts/{account_id}/initiatives/{initiative_id}",
    response=responses({204: None}, 403, 404),
    tags=["value initiatives"],
)
def initiative_delete(request: HttpRequest, account_id: Id, initiative_id: Id) -> Status[None]:
    account = _account(request, account_id, edit=True)
    initiative = selectors.initiative_get(account=account, pk=initiative_id)
    services.initiative_delete(initiative=initiative)
    return Status(204, None)


# --- the growth ambition (one per account) ---------------------------------------------------

Multiple = Annotated[
    Decimal, Field(ge=Decimal("1.1"), le=10, max_digits=4, decimal_places=1, allow_inf_nan=False)
]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]


class GrowthAmbitionOut(Schema):
    account: int
    ambition_multiple: Decimal = Field(
        description="Grow the yearly revenue this many times (1.1–10): 2 doubles it."
    )
    baseline_year: int = Field(description="The year whose revenue the ambition multiplies.")
    ambition_year: int | None = Field(description="By when, if said.")
    baseline_revenue: Decimal | None = Field(
        description="The baseline year's revenue (null while it or the latest revenue is "
        "unknown, as are the figures below)."
    )
    target_revenue: Decimal | None = Field(description="The baseline revenue × the multiple.")
    current_revenue: Decimal | None = Field(description="The latest yearly revenue.")
    progress: Decimal | None = Field(
        description="(current − baseline) / (target − baseline): 0 at the baseline, 1 at the "
        "ambition, below 0 when revenue fell."
    )
    updated_at: datetime.datetime


class GrowthAmbitionPut(Schema):
    ambition_multiple: Multiple
    baseline_year: Year
    ambition_year: Year | None = Field(description="After the baseline year; null: not said.")


if TYPE_CHECKING:
    GrowthAmbitionPatch = Schema
else:
    GrowthAmbitionPatch = patch_schema(GrowthAmbitionPut)


def _ambition_body(account: Account, plan: AccountGrowthPlan) -> dict[str, Any]:
    """The ambition with its figures against the account's financials (one query)."""
    periods = selectors.as_periods(selectors.financials_of(account=account))
    found = figures.ambition(
        periods, multiple=plan.ambition_multiple, baseline_year=plan.baseline_year
    )
    return {
        "account": plan.account_id,
        "ambition_multiple": plan.ambition_multiple,
        "baseline_year": plan.baseline_year,
        "ambition_year": plan.ambition_year,
        "baseline_revenue": found.baseline_revenue if found else None,
        "target_revenue": found.target_revenue if found else None,
        "current_revenue": found.current.revenue if found else None,
        "progress": found.progress if found else None,
        "updated_at": plan.updated_at,
    }


def _ambition(account: Account) -> AccountGrowthPlan:
    plan = selectors.growth_plan_of(account=account)
    if plan is None:
        raise Http404("No ambition set.")
    return plan


@router.get(
    "/accounts/{account_id}/ambition",
    response=responses({200: GrowthAmbitionOut}, 404),
    tags=["financials"],
)
def ambition_detail(request: HttpRequest, account_id: Id) -> dict[str, Any]:
    """The account's growth ambition: a multiple of a baseline year's revenue (404 until
    one is set with PUT)."""
    account = _account(request, account_id)
    return _ambition_body(account, _ambition(account))


@router.put(
    "/accounts/{account_id}/ambition",
    response=responses({200: GrowthAmbitionOut, 201: GrowthAmbitionOut}, *WRITE, 404),
    tags=["financials"],
)
def ambition_replace(
    request: HttpRequest, account_id: Id, payload: GrowthAmbitionPut
) -> Status[dict[str, Any]]:
    """Sets the ambition: 201 the first time, 200 when it replaces the one set before."""
    account = _account(request, account_id, edit=True)
    new = selectors.growth_plan_of(account=account) is None
    plan = services.growth_plan_set(account=account, **payload.model_dump())
    return Status(201 if new else 200, _ambition_body(account, plan))


@router.patch(
    "/accounts/{account_id}/ambition",
    response=responses({200: GrowthAmbitionOut}, *WRITE, 404),
    tags=["financials"],
)
def ambition_update(
    request: HttpRequest, account_id: Id, payload: GrowthAmbitionPatch
) -> dict[str, Any]:
    """The fields sent (404 until an ambition is set with PUT)."""
    account = _account(request, account_id, edit=True)
    plan = _ambition(account)
    current: dict[str, Any] = {
        "ambition_multiple": plan.ambition_multiple,
        "baseline_year": plan.baseline_year,
        "ambition_year": plan.ambition_year,
    }
    data = current | payload.model_dump(exclude_unset=True)
    return _ambition_body(account, services.growth_plan_set(account=account, **data))
