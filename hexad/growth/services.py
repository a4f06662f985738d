"""Writes of growth data. Each validates first (`full_clean()` and the rules below), then
stores all or nothing in one transaction, together with the derived rows it changes
(`derived.summary_refresh`, `derived.adoption_refresh`).

Decisions (docs/growth.md says why):
- A won opportunity gets probability 100 and a lost one 0, whatever was asked; the
  stage decides. Closing sets `closed_on` (today unless given); reopening clears it.
- The whitespace follows the pipeline: an open opportunity for a business unit and
  offering puts that cell "in pipeline" (unless it is already ours), a won one makes it
  ours, and when the last open one is lost the cell goes back to open (or to
  "competitor holds" when the lost opportunity names a competitor).
- Amounts come with the currency they were typed in, when the caller knows it; it must
  be the account's currency (`Account.currency`), which Hexad never converts.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import CURRENCIES, Account, BusinessUnit
from hexad.growth import derived
from hexad.growth.models import (
    CLOSED_STAGES,
    OPEN_STAGES,
    SHARED_STATUSES,
    SPONSOR_ELSEWHERE,
    STAGE_PROBABILITY,
    AccountGrowthPlan,
    FinancialPeriod,
    InitiativeStatus,
    Offering,
    Opportunity,
    OpportunityStage,
    ValueInitiative,
    WhitespaceCell,
    WhitespaceStatus,
)
from hexad.people.models import Person
from hexad.relationships.models import Stakeholder

UNKNOWN_CURRENCY = _("%(code)s is not a currency Hexad knows; use an ISO code such as PLN or EUR.")
OTHER_CURRENCY = _(
    "The amounts of %(account)s are kept in %(currency)s; enter them in %(currency)s."
)
PERIOD_TAKEN = _("%(period)s already has figures; change them in its row instead.")
YEAR_HAS_QUARTERS = _(
    "%(year)s already has quarterly figures: enter the year as its quarters, or remove those first."
)
QUARTERS_OF_YEARLY = _(
    "%(year)s already has a figure for the whole year: change that one, "
    "or remove it before entering quarters."
)
OFFERING_NAME_TAKEN = _("An offering called %(name)s already exists.")

# Cell statuses an open opportunity does not change.
KEEPS_STATUS_WITH_PIPELINE = (WhitespaceStatus.OURS, WhitespaceStatus.PIPELINE)


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def check_currency(*, account: Account, currency: str | None) -> None:
    """Amounts typed in `currency` may be stored on `account` (None: not said, trusted)."""
    if currency is None:
        return
    code = currency.strip().upper()
    if code not in CURRENCIES:
        raise ValidationError({"currency": UNKNOWN_CURRENCY % {"code": currency.strip()[:12]}})
    if code != account.currency:
        raise ValidationError(
            {"currency": OTHER_CURRENCY % {"account": account.name, "currency": account.currency}}
        )


def _refresh(*, account_ids: set[int], pairs: set[tuple[int, int]] | None = None) -> None:
    """Rewrites the derived rows a write changed, in the write's transaction."""
    derived.summary_refresh(account_ids=account_ids)
    if pairs:
        derived.adoption_refresh(pairs=pairs)


# --- offerings --------------------------------------------------------------------------

OFFERING_FIELDS = ("name", "family", "launch_date", "is_new", "description")


def offering_create(
    *,
    name: str,
    family: str,
    launch_date: datetime.date | None = None,
    is_new: bool = False,
    description: str = "",
) -> Offering:
    offering = Offering(
        name=name.strip(),
        family=family.strip(),
        launch_date=launch_date,
        is_new=is_new,
        description=description,
    )
    _check_offering_name(offering)
    offering.full_clean()
    offering.save()
    return offering


@transaction.atomic
def offering_update(*, offering: Offering, **fields: Any) -> Offering:
    launch = offering.launch_date
    for name in OFFERING_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(offering, name, value.strip() if name in ("name", "family") else value)
    _check_offering_name(offering)
    offering.full_clean()
    offering.save()
    if offering.launch_date != launch:
        derived.adoption_lags_refresh(offering=offering)
    return offering


def _check_offering_name(offering: Offering) -> None:
    same = Offering.objects.filter(name__iexact=offering.name).exclude(pk=offering.pk)
    if offering.name and same.exists():
        raise ValidationError({"name": OFFERING_NAME_TAKEN % {"name": offering.name}})


# --- the growth plan --------------------------------------------------------------------


def growth_plan_set(
    *,
    account: Account,
    ambition_multiple: Decimal,
    baseline_year: int,
    ambition_year: int | None = None,
) -> AccountGrowthPlan:
    """Sets the account's ambition (creating its plan the first time)."""
    plan = AccountGrowthPlan.objects.filter(account=account).first() or AccountGrowthPlan(
        account=account
    )
    plan.ambition_multiple = ambition_multiple
    plan.baseline_year = baseline_year
    plan.ambition_year = ambition_year
    plan.full_clean()
    plan.save()
    return plan


# --- financials -------------------------------------------------------------------------


@transaction.atomic
def financial_add(
    *,
    account: Account,
    year: int,
    quarter: int | None,
    revenue: Decimal | None,
    target: Decimal | None,
    potential: Decimal | None,
    currency: str | None = None,
) -> FinancialPeriod:
    """Stores the figures of a period the account has none for yet."""
    check_currency(account=account, currency=currency)
    period = FinancialPeriod(
        account=account,
        year=year,
        quarter=quarter,
        revenue=revenue,
        target=target,
        potential=potential,
    )
    # Uniqueness is checked below, with messages that say what to do instead.
    period.full_clean(validate_unique=False, validate_constraints=False)
    stored = set(
        FinancialPeriod.objects.filter(account=account, year=year).values_list("quarter", flat=True)
    )
    if quarter in stored:
        raise ValidationError({"quarter": PERIOD_TAKEN % {"period": period.label}})
    if quarter is None and stored:
        raise ValidationError({"quarter": YEAR_HAS_QUARTERS % {"year": year}})
    if quarter is not None and None in stored:
        raise ValidationError({"quarter": QUARTERS_OF_YEARLY % {"year": year}})
    period.save()
    _refresh(account_ids={account.pk})
    return period


@transaction.atomic
def financial_update(
    *,
    financial: FinancialPeriod,
    revenue: Decimal | None,
    target: Decimal | None,
    potential: Decimal | None,
    currency: str | None = None,
) -> FinancialPeriod:
    """Changes the figures of a stored period (its year and quarter stay)."""
    check_currency(account=financial.account, currency=currency)
    financial.revenue = revenue
    financial.target = target
    financial.potential = potential
    financial.full_clean()
    financial.save()
    _refresh(account_ids={financial.account_id})
    return financial


@transaction.atomic
def financial_delete(*, financial: FinancialPeriod) -> None:
    account_id = financial.account_id
    financial.delete()
    _refresh(account_ids={account_id})


# --- whitespace -------------------------------------------------------------------------


@transaction.atomic
def cell_save(
    *,
    account: Account,
    business_unit: BusinessUnit,
    offering: Offering,
    status: str,
    revenue: Decimal = Decimal(0),
    potential: Decimal = Decimal(0),
    competitor: str = "",
    renewal_date: datetime.date | None = None,
    currency: str | None = None,
    on: datetime.date | None = None,
) -> WhitespaceCell:
    """Sets a business unit × offering cell of the account (stored the first time).

    A cell that becomes ours remembers the day (`ours_since`, today unless `on`); the
    adoption lag counts from it. Leaving "ours" forgets it.
    """
    check_currency(account=account, currency=currency)
    cell = (
        WhitespaceCell.objects.select_for_update()
        .filter(business_unit=business_unit, offering=offering)
        .first()
    )
    if cell is None:
        cell = WhitespaceCell(business_unit=business_unit, offering=offering)
    was_ours = cell.pk is not None and cell.status == WhitespaceStatus.OURS
    cell.account = account
    cell.business_unit = business_unit  # in hand: clean() reads its account without a query
    cell.offering = offering
    cell.status = status
    cell.revenue = revenue
    cell.potential = potential
    cell.competitor = competitor.strip()
    cell.renewal_date = renewal_date
    if status == WhitespaceStatus.OURS:
        if not was_ours or cell.ours_since is None:
            cell.ours_since = _today(on)
    else:
        cell.ours_since = None
    cell.full_clean(validate_unique=False, validate_constraints=False)
    cell.save()
    _refresh(account_ids={account.pk}, pairs={(account.pk, offering.pk)})
    return cell


def _cell_follows(
    *,
    account: Account,
    business_unit_id: int | None,
    offering_id: int | None,
    outcome: Opportunity | None,
) -> None:
    """Keeps the whitespace cell of a business unit × offering in step with its
    opportunities (see the module's docstring)."""
    if business_unit_id is None or offering_id is None:
        return
    cell = (
        WhitespaceCell.objects.select_for_update()
        .filter(business_unit_id=business_unit_id, offering_id=offering_id)
        .first()
    )
    open_exists = Opportunity.objects.filter(
        account=account,
        business_unit_id=business_unit_id,
        offering_id=offering_id,
        stage__in=OPEN_STAGES,
    ).exists()
    status: str | None = None
    if outcome is not None and outcome.stage == OpportunityStage.WON:
        status = WhitespaceStatus.OURS
    elif open_exists:
        if cell is None or cell.status not in KEEPS_STATUS_WITH_PIPELINE:
            status = WhitespaceStatus.PIPELINE
    elif cell is not None and cell.status == WhitespaceStatus.PIPELINE:
        lost_to = outcome.competitor if outcome and outcome.stage == OpportunityStage.LOST else ""
        status = WhitespaceStatus.COMPETITOR if lost_to else WhitespaceStatus.OPEN
    if status is None or (cell is not None and cell.status == status):
        return
    if cell is None:
        cell = WhitespaceCell(
            account=account, business_unit_id=business_unit_id, offering_id=offering_id
        )
    cell.status = status
    if status == WhitespaceStatus.OURS:
        cell.ours_since = outcome.closed_on if outcome and outcome.closed_on else _today(None)
    else:
        cell.ours_since = None
    takes_competitor = status == WhitespaceStatus.COMPETITOR or (
        status == WhitespaceStatus.PIPELINE and not cell.competitor
    )
    if takes_competitor and outcome is not None:
        cell.competitor = outcome.competitor
    cell.save()


# --- opportunities ----------------------------------------------------------------------

OPPORTUNITY_FIELDS = (
    "name",
    "offering",
    "business_unit",
    "value",
    "stage",
    "probability",
    "expected_close",
    "kind",
    "competitor",
    "owner",
    "notes",
    "created_on",
    "closed_on",
)


def _settle_stage(opportunity: Opportunity, *, on: datetime.date | None) -> None:
    """The stage decides the probability of a closed opportunity and its close date."""
    if opportunity.stage == OpportunityStage.WON:
        opportunity.probability = 100
    elif opportunity.stage == OpportunityStage.LOST:
        opportunity.probability = 0
    if opportunity.stage in CLOSED_STAGES:
        if opportunity.closed_on is None:
            opportunity.closed_on = max(_today(on), opportunity.created_on)
    else:
        opportunity.closed_on = None


@transaction.atomic
def opportunity_create(
    *,
    account: Account,
    name: str,
    value: Decimal,
    expected_close: datetime.date,
    stage: str = OpportunityStage.QUALIFY,
    probability: int | None = None,
    kind: str = "cross_sell",
    offering: Offering | None = None,
    business_unit: BusinessUnit | None = None,
    competitor: str = "",
    owner: Person | None = None,
    notes: str = "",
    created_on: datetime.date | None = None,
    closed_on: datetime.date | None = None,
    currency: str | None = None,
    on: datetime.date | None = None,
) -> Opportunity:
    """A new opportunity; without a probability it gets its stage's usual one."""
    check_currency(account=account, currency=currency)
    opportunity = Opportunity(
        account=account,
        name=name.strip(),
        offering=offering,
        business_unit=business_unit,
        value=value,
        stage=stage,
        probability=STAGE_PROBABILITY.get(stage, 10) if probability is None else probability,
        expected_close=expected_close,
        kind=kind,
        competitor=competitor.strip(),
        owner=owner,
        notes=notes,
        created_on=created_on or _today(on),
        closed_on=closed_on,
    )
    _settle_stage(opportunity, on=on)
    opportunity.full_clean()
    opportunity.save()
    _cell_follows(
        account=account,
        business_unit_id=opportunity.business_unit_id,
        offering_id=opportunity.offering_id,
        outcome=opportunity,
    )
    pairs = {(account.pk, opportunity.offering_id)} if opportunity.offering_id else set()
    _refresh(account_ids={account.pk}, pairs=pairs)
    return opportunity


@transaction.atomic
def opportunity_update(
    *,
    opportunity: Opportunity,
    currency: str | None = None,
    on: datetime.date | None = None,
    **fields: Any,
) -> Opportunity:
    """Changes an opportunity; moving it to won or lost closes it (see `_settle_stage`)."""
    account = opportunity.account
    check_currency(account=account, currency=currency)
    before = (opportunity.business_unit_id, opportunity.offering_id)
    was_closed = opportunity.stage in CLOSED_STAGES
    if "probability" in fields and fields["probability"] is None:
        # Left empty: the new stage's usual probability, or the one it had.
        stage = fields.get("stage", opportunity.stage)
        fields = {**fields, "probability": STAGE_PROBABILITY.get(stage, opportunity.probability)}
        if stage == opportunity.stage:
            fields["probability"] = opportunity.probability
    for name in OPPORTUNITY_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(opportunity, name, value.strip() if name in ("name", "competitor") else value)
    if opportunity.stage in CLOSED_STAGES and not was_closed and "closed_on" not in fields:
        opportunity.closed_on = None  # closed now: today
    _settle_stage(opportunity, on=on)
    opportunity.full_clean()
    opportunity.save()
    after = (opportunity.business_unit_id, opportunity.offering_id)
    if before != after:
        _cell_follows(
            account=account, business_unit_id=before[0], offering_id=before[1], outcome=None
        )
    _cell_follows(
        account=account, business_unit_id=after[0], offering_id=after[1], outcome=opportunity
    )
    pairs = {(account.pk, offering) for offering in (before[1], after[1]) if offering}
    _refresh(account_ids={account.pk}, pairs=pairs)
    return opportunity


# --- value initiatives ------------------------------------------------------------------

INITIATIVE_FIELDS = (
    "title",
    "hypothesis",
    "sponsor",
    "status",
    "expected_value",
    "offering",
    "created_on",
    "shared_on",
    "adopted_on",
)


def _settle_status(initiative: ValueInitiative, *, on: datetime.date | None) -> None:
    """Dates follow the status: shared (or further) needs a shared date, adopted an
    adoption date, both today unless given; leaving "adopted" forgets the adoption date."""
    today = max(_today(on), initiative.created_on)
    if initiative.status in SHARED_STATUSES and initiative.shared_on is None:
        initiative.shared_on = today
    if initiative.status == InitiativeStatus.ADOPTED:
        if initiative.adopted_on is None:
            initiative.adopted_on = max(today, initiative.shared_on or today)
    else:
        initiative.adopted_on = None


def _check_sponsor(account: Account, sponsor: Stakeholder | None) -> None:
    if sponsor is not None and sponsor.account_id != account.pk:
        raise ValidationError({"sponsor": SPONSOR_ELSEWHERE})


@transaction.atomic
def initiative_create(
    *,
    account: Account,
    title: str,
    hypothesis: str = "",
    sponsor: Stakeholder | None = None,
    status: str = InitiativeStatus.IDEA,
    expected_value: Decimal | None = None,
    offering: Offering | None = None,
    created_on: datetime.date | None = None,
    shared_on: datetime.date | None = None,
    adopted_on: datetime.date | None = None,
    currency: str | None = None,
    on: datetime.date | None = None,
) -> ValueInitiative:
    check_currency(account=account, currency=currency)
    _check_sponsor(account, sponsor)
    initiative = ValueInitiative(
        account=account,
        title=title.strip(),
        hypothesis=hypothesis,
        sponsor=sponsor,
        status=status,
        expected_value=expected_value,
        offering=offering,
        created_on=created_on or _today(on),
        shared_on=shared_on,
        adopted_on=adopted_on,
    )
    _settle_status(initiative, on=on)
    initiative.full_clean()
    initiative.save()
    pairs = {(account.pk, initiative.offering_id)} if initiative.offering_id else set()
    _refresh(account_ids={account.pk}, pairs=pairs)
    return initiative


@transaction.atomic
def initiative_update(
    *,
    initiative: ValueInitiative,
    currency: str | None = None,
    on: datetime.date | None = None,
    **fields: Any,
) -> ValueInitiative:
    account = initiative.account
    check_currency(account=account, currency=currency)
    if "sponsor" in fields:
        _check_sponsor(account, fields["sponsor"])
    offering_before = initiative.offering_id
    for name in INITIATIVE_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(initiative, name, value.strip() if name == "title" else value)
    _settle_status(initiative, on=on)
    initiative.full_clean()
    initiative.save()
    pairs = {
        (account.pk, offering) for offering in (offering_before, initiative.offering_id) if offering
    }
    _refresh(account_ids={account.pk}, pairs=pairs)
    return initiative


# --- removals (the API's DELETE) ----------------------------------------------------------

OFFERING_IN_USE = _(
    "%(name)s is used in whitespace, opportunities or value initiatives; it cannot be removed."
)


@transaction.atomic
def offering_delete(*, offering: Offering) -> None:
    """Removes an offering no account uses (the catalogue keeps what history refers to)."""
    used = (
        WhitespaceCell.objects.filter(offering=offering).exists()
        or Opportunity.objects.filter(offering=offering).exists()
        or ValueInitiative.objects.filter(offering=offering).exists()
    )
    if used:
        raise ValidationError(OFFERING_IN_USE % {"name": offering.name})
    offering.delete()


@transaction.atomic
def cell_delete(*, cell: WhitespaceCell) -> None:
    """Forgets a whitespace cell: it reads as "unknown" with zeros again."""
    account_id, offering_id = cell.account_id, cell.offering_id
    cell.delete()
    _refresh(account_ids={account_id}, pairs={(account_id, offering_id)})


@transaction.atomic
def opportunity_delete(*, opportunity: Opportunity) -> None:
    """Removes an opportunity; its whitespace cell follows the opportunities left."""
    account = opportunity.account
    unit_id, offering_id = opportunity.business_unit_id, opportunity.offering_id
    opportunity.delete()
    _cell_follows(account=account, business_unit_id=unit_id, offering_id=offering_id, outcome=None)
    _refresh(account_ids={account.pk}, pairs={(account.pk, offering_id)} if offering_id else set())


@transaction.atomic
def initiative_delete(*, initiative: ValueInitiative) -> None:
    account_id, offering_id = initiative.account_id, initiative.offering_id
    initiative.delete()
    _refresh(account_ids={account_id}, pairs={(account_id, offering_id)} if offering_id else set())
