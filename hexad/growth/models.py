"""Growth: the offerings catalogue, financials per period, the whitespace matrix,
opportunities and value initiatives (the tools of the Results Driver and the Innovator).

Amounts are `Decimal` in the account's own currency (`Account.currency`); the rules that
need more than one field live in each model's `clean()`, so every channel that calls
`full_clean()` (the services, the admin site) keeps them. `AccountGrowth` and
`OfferingAdoption` are derived rows that the services rewrite with every change, so the
portfolio pages can sort and page in SQL (see docs/growth.md).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hexad.accounts.models import Account, BusinessUnit
from hexad.core.models import TimeStampedModel
from hexad.people.models import Person
from hexad.relationships.models import Stakeholder

FIRST_YEAR, LAST_YEAR = 1990, 2100

# --- messages the rules give (tests assert them) -------------------------------------------
NEGATIVE_AMOUNT = _("Enter an amount of 0 or more.")
PROBABILITY_RANGE = _("Enter a probability from 0 to 100.")
UNIT_ELSEWHERE = _("This business unit belongs to another account.")
SPONSOR_ELSEWHERE = _("Choose a stakeholder of this account.")
POTENTIAL_BELOW_REVENUE = _(
    "The potential (the client's whole spend) cannot be below our revenue of %(revenue)s."
)
FINANCIAL_EMPTY = _("Enter at least one of revenue, target and potential.")
CLOSE_BEFORE_CREATED = _(
    "The expected close date cannot be before the day the opportunity was created (%(day)s)."
)
WON_PROBABILITY = _("A won opportunity is certain: its probability is 100.")
LOST_PROBABILITY = _("A lost opportunity has no chance left: its probability is 0.")
SHARED_BEFORE_CREATED = _("The initiative cannot be shared before it was created (%(day)s).")
ADOPTED_BEFORE_SHARED = _("The initiative cannot be adopted before it was shared (%(day)s).")
ADOPTED_DATE_REQUIRED = _("Say when the client adopted the initiative.")
ADOPTED_DATE_ONLY_WHEN_ADOPTED = _("Only an adopted initiative has an adoption date.")
AMBITION_YEAR_TOO_EARLY = _("The ambition year must come after the baseline year.")
AMBITION_RANGE = _("Choose an ambition multiple from 1.1 to 10, such as 2 or 3.")


class Offering(TimeStampedModel):
    """Something we sell: a product or service, in a family, launched on a date."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    family = models.CharField(_("family"), max_length=120)
    launch_date = models.DateField(_("launch date"), null=True, blank=True)
    is_new = models.BooleanField(
        _("new offering"),
        default=False,
        help_text=_("New offerings are followed for their adoption lag across the accounts."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["family", "name", "id"]
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")

    def __str__(self) -> str:
        return self.name


def _non_negative() -> list[MinValueValidator]:
    return [MinValueValidator(Decimal(0), message=NEGATIVE_AMOUNT)]


class AccountGrowthPlan(models.Model):
    """The account's growth ambition: grow its yearly revenue `ambition_multiple` times from
    the revenue of `baseline_year` (by `ambition_year`, when given)."""

    account = models.OneToOneField(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="growth_plan",
        primary_key=True,
    )
    ambition_multiple = models.DecimalField(
        _("ambition multiple"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(2),
        validators=[
            MinValueValidator(Decimal("1.1"), message=AMBITION_RANGE),
            MaxValueValidator(Decimal(10), message=AMBITION_RANGE),
        ],
        help_text=_("Grow the yearly revenue this many times: 2 doubles it."),
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("The year whose revenue the ambition multiplies."),
    )
    ambition_year = models.PositiveSmallIntegerField(
        _("by the year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("growth plan")
        verbose_name_plural = _("growth plans")

    def __str__(self) -> str:
        return f"{self.account_id}: ×{self.ambition_multiple} from {self.baseline_year}"

    def clean(self) -> None:
        if (
            self.ambition_year is not None
            and self.baseline_year is not None
            and self.ambition_year <= self.baseline_year
        ):
            raise ValidationError({"ambition_year": AMBITION_YEAR_TOO_EARLY})


class FinancialPeriod(TimeStampedModel):
    """Revenue, target and potential (the client's whole spend on what we offer, their
    "wallet") of an account in a quarter, or in a whole year when `quarter` is empty.

    A year holds either one yearly figure or quarterly figures, never both, so sums over
    periods never count a year twice.
    """

    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="financials",
        db_index=False,  # the (account, year, quarter) constraints lead with it
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        null=True,
        blank=True,
        choices=[(1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")],
        help_text=_("Leave empty for a figure of the whole year."),
    )
    revenue = models.DecimalField(
        _("revenue"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_non_negative(),
    )
    target = models.DecimalField(
        _("target"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_non_negative(),
    )
    potential = models.DecimalField(
        _("potential"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_non_negative(),
        help_text=_("The client's whole spend on what we offer (the wallet)."),
    )

    class Meta:
        ordering = ["account", "year", models.F("quarter").asc(nulls_first=True), "id"]
        verbose_name = _("financial period")
        verbose_name_plural = _("financial periods")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "year", "quarter"],
                condition=models.Q(quarter__isnull=False),
                name="financial_unique_quarter",
            ),
            models.UniqueConstraint(
                fields=["account", "year"],
                condition=models.Q(quarter__isnull=True),
                name="financial_unique_year",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__isnull=True) | models.Q(quarter__gte=1, quarter__lte=4),
                name="financial_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=(models.Q(revenue__isnull=True) | models.Q(revenue__gte=0))
                & (models.Q(target__isnull=True) | models.Q(target__gte=0))
                & (models.Q(potential__isnull=True) | models.Q(potential__gte=0)),
                name="financial_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.label}"

    @property
    def label(self) -> str:
        return f"{self.year}" if self.quarter is None else f"{self.year} Q{self.quarter}"

    def clean(self) -> None:
        if self.revenue is None and self.target is None and self.potential is None:
            raise ValidationError({"revenue": FINANCIAL_EMPTY})
        if (
            self.revenue is not None
            and self.potential is not None
            and self.potential < self.revenue
        ):
            raise ValidationError(
                {"potential": POTENTIAL_BELOW_REVENUE % {"revenue": self.revenue}}
            )


class WhitespaceStatus(models.TextChoices):
    OURS = "ours", pgettext_lazy("whitespace cell", "Ours")
    PIPELINE = "pipeline", _("In pipeline")
    OPEN = "open", _("Open")
    COMPETITOR = "competitor", _("Competitor holds")
    IN_HOUSE = "in_house", _("Done in-house")
    NOT_APPLICABLE = "n_a", _("Not applicable")
    UNKNOWN = "unknown", _("Unknown")


# Cell statuses that say nothing about the offering having been put to the client.
NOT_YET_OFFERED = (WhitespaceStatus.OPEN, WhitespaceStatus.UNKNOWN)


class WhitespaceCell(TimeStampedModel):
    """One business unit × offering of an account: who serves it, what it is worth.

    `revenue` is our yearly revenue there; `potential` the unit's whole yearly spend on
    the offering, whoever serves it. A cell never stored reads as "unknown" with zeros.
    """

    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="whitespace_cells",
        db_index=False,  # the (account, offering) index leads with it
    )
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        on_delete=models.CASCADE,
        related_name="whitespace_cells",
        db_index=False,  # the (business unit, offering) unique constraint leads with it
    )
    offering = models.ForeignKey(
        Offering,
        verbose_name=_("offering"),
        on_delete=models.PROTECT,
        related_name="whitespace_cells",
        db_index=False,  # the (offering, status) index leads with it
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=WhitespaceStatus.choices,
        default=WhitespaceStatus.UNKNOWN,
    )
    competitor = models.CharField(_("competitor"), max_length=120, blank=True)
    revenue = models.DecimalField(
        _("our revenue"),
        max_digits=16,
        decimal_places=2,
        default=Decimal(0),
        validators=_non_negative(),
    )
    potential = models.DecimalField(
        _("potential"),
        max_digits=16,
        decimal_places=2,
        default=Decimal(0),
        validators=_non_negative(),
    )
    renewal_date = models.DateField(_("renewal date"), null=True, blank=True)
    ours_since = models.DateField(
        _("ours since"),
        null=True,
        blank=True,
        help_text=_("Set when the cell becomes ours; the adoption lag counts from it."),
    )

    class Meta:
        ordering = ["business_unit", "offering"]
        verbose_name = _("whitespace cell")
        verbose_name_plural = _("whitespace cells")
        constraints = [
            models.UniqueConstraint(
                fields=["business_unit", "offering"], name="whitespace_cell_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(revenue__gte=0) & models.Q(potential__gte=0),
                name="whitespace_amounts_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "offering"], name="whitespace_account_idx"),
            models.Index(fields=["offering", "status"], name="whitespace_offering_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.business_unit_id} × {self.offering_id}: {self.status}"

    def clean(self) -> None:
        if (
            self.business_unit_id is not None
            and self.account_id is not None
            and self.business_unit.account_id != self.account_id
        ):
            raise ValidationError({"business_unit": UNIT_ELSEWHERE})
        if (
            self.revenue is not None
            and self.potential is not None
            and self.potential < self.revenue
        ):
            raise ValidationError(
                {"potential": POTENTIAL_BELOW_REVENUE % {"revenue": self.revenue}}
            )


class OpportunityStage(models.TextChoices):
    QUALIFY = "qualify", _("Qualify")
    DEVELOP = "develop", _("Develop")
    PROPOSE = "propose", _("Propose")
    NEGOTIATE = "negotiate", _("Negotiate")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


OPEN_STAGES = (
    OpportunityStage.QUALIFY,
    OpportunityStage.DEVELOP,
    OpportunityStage.PROPOSE,
    OpportunityStage.NEGOTIATE,
)
CLOSED_STAGES = (OpportunityStage.WON, OpportunityStage.LOST)
# The probability a new opportunity gets in each stage unless one is given.
STAGE_PROBABILITY: dict[str, int] = {
    OpportunityStage.QUALIFY: 10,
    OpportunityStage.DEVELOP: 25,
    OpportunityStage.PROPOSE: 50,
    OpportunityStage.NEGOTIATE: 75,
    OpportunityStage.WON: 100,
    OpportunityStage.LOST: 0,
}


class OpportunityType(models.TextChoices):
    CROSS_SELL = "cross_sell", _("Cross-sell")
    UPSELL = "upsell", _("Upsell")
    RENEWAL = "renewal", _("Renewal")
    NEW_UNIT = "new_unit", _("New business unit")


class Opportunity(TimeStampedModel):
    """A chance to sell more to the account, weighted by its probability."""

    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="opportunities",
        db_index=False,  # the (account, stage) index leads with it
    )
    name = models.CharField(_("name"), max_length=200)
    offering = models.ForeignKey(
        Offering,
        verbose_name=_("offering"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        db_index=False,  # the (offering, stage) index leads with it
    )
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
    )
    value = models.DecimalField(
        _("value"), max_digits=16, decimal_places=2, validators=_non_negative()
    )
    stage = models.CharField(
        _("stage"),
        max_length=10,
        choices=OpportunityStage.choices,
        default=OpportunityStage.QUALIFY,
    )
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"),
        default=10,
        validators=[
            MinValueValidator(0, message=PROBABILITY_RANGE),
            MaxValueValidator(100, message=PROBABILITY_RANGE),
        ],
    )
    expected_close = models.DateField(_("expected close date"))
    kind = models.CharField(
        _("type"),
        max_length=10,
        choices=OpportunityType.choices,
        default=OpportunityType.CROSS_SELL,
    )
    competitor = models.CharField(_("competitor"), max_length=120, blank=True)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
    )
    created_on = models.DateField(_("created on"), default=timezone.localdate)
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, help_text=_("The day it was won or lost.")
    )
    notes = models.TextField(_("notes"), blank=True)
    # The opportunity's id in the CRM it was imported from (hexad.transfer matches on it).
    external_id = models.CharField(_("external id"), max_length=100, blank=True, db_default="")

    class Meta:
        ordering = ["expected_close", "id"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(probability__gte=0, probability__lte=100),
                name="opportunity_probability_0_to_100",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="opportunity_value_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(expected_close__gte=models.F("created_on")),
                name="opportunity_closes_after_creation",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage=OpportunityStage.WON) | models.Q(probability=100),
                name="opportunity_won_is_certain",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage=OpportunityStage.LOST) | models.Q(probability=0),
                name="opportunity_lost_is_nil",
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="opportunity_external_id_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "stage"], name="opportunity_account_idx"),
            models.Index(fields=["offering", "stage"], name="opportunity_offering_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def weighted_value(self) -> Decimal:
        return self.value * self.probability / 100

    def clean(self) -> None:
        errors: dict[str, object] = {}
        unit = self.business_unit if self.business_unit_id is not None else None
        if unit is not None and self.account_id is not None and unit.account_id != self.account_id:
            errors["business_unit"] = UNIT_ELSEWHERE
        if (
            self.expected_close is not None
            and self.created_on is not None
            and self.expected_close < self.created_on
        ):
            errors["expected_close"] = CLOSE_BEFORE_CREATED % {"day": _date_text(self.created_on)}
        if self.stage == OpportunityStage.WON and self.probability != 100:
            errors["probability"] = WON_PROBABILITY
        if self.stage == OpportunityStage.LOST and self.probability != 0:
            errors["probability"] = LOST_PROBABILITY
        if errors:
            raise ValidationError(errors)


class InitiativeStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    SHARED = "shared", _("Shared")
    CO_DEVELOPING = "co_developing", _("Co-developing")
    ADOPTED = "adopted", _("Adopted")
    DROPPED = "dropped", _("Dropped")


# Statuses in which the initiative has been put to the client (it needs a shared date).
SHARED_STATUSES = (
    InitiativeStatus.SHARED,
    InitiativeStatus.CO_DEVELOPING,
    InitiativeStatus.ADOPTED,
)


class ValueInitiative(TimeStampedModel):
    """An idea of how we could add value to the client, carried to an executive sponsor."""

    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="value_initiatives",
        db_index=False,  # the (account, status) index leads with it
    )
    title = models.CharField(_("title"), max_length=200)
    hypothesis = models.TextField(
        _("value hypothesis"),
        blank=True,
        help_text=_("What the client would gain, and how we would know."),
    )
    sponsor = models.ForeignKey(
        Stakeholder,
        verbose_name=_("executive sponsor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsored_initiatives",
    )
    status = models.CharField(
        _("status"), max_length=14, choices=InitiativeStatus.choices, default=InitiativeStatus.IDEA
    )
    expected_value = models.DecimalField(
        _("expected value"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_non_negative(),
    )
    offering = models.ForeignKey(
        Offering,
        verbose_name=_("related offering"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        db_index=False,  # the (offering, status) index leads with it
    )
    created_on = models.DateField(_("created on"), default=timezone.localdate)
    shared_on = models.DateField(_("shared on"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_on", "-id"]
        verbose_name = _("value initiative")
        verbose_name_plural = _("value initiatives")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expected_value__isnull=True) | models.Q(expected_value__gte=0),
                name="initiative_value_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "status"], name="initiative_account_idx"),
            models.Index(fields=["offering", "status"], name="initiative_offering_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, object] = {}
        sponsor = self.sponsor if self.sponsor_id is not None else None
        if (
            sponsor is not None
            and self.account_id is not None
            and sponsor.account_id != self.account_id
        ):
            errors["sponsor"] = SPONSOR_ELSEWHERE
        if self.shared_on and self.created_on and self.shared_on < self.created_on:
            errors["shared_on"] = SHARED_BEFORE_CREATED % {"day": _date_text(self.created_on)}
        if self.status == InitiativeStatus.ADOPTED and self.adopted_on is None:
            errors["adopted_on"] = ADOPTED_DATE_REQUIRED
        elif self.status != InitiativeStatus.ADOPTED and self.adopted_on is not None:
            errors["adopted_on"] = ADOPTED_DATE_ONLY_WHEN_ADOPTED
        elif self.adopted_on and self.shared_on and self.adopted_on < self.shared_on:
            errors["adopted_on"] = ADOPTED_BEFORE_SHARED % {"day": _date_text(self.shared_on)}
        if errors:
            raise ValidationError(errors)


def _date_text(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


# --- derived rows -----------------------------------------------------------------------


class AccountGrowth(models.Model):
    """An account's growth figures as last computed by the growth services, so the
    portfolio growth page sorts and pages in SQL. Amounts are in the account's currency;
    "yearly" figures are those of the latest year of data (see docs/growth.md)."""

    account = models.OneToOneField(
        Account, on_delete=models.CASCADE, related_name="growth", primary_key=True
    )
    period_label = models.CharField(_("period"), max_length=20, blank=True)
    revenue = models.DecimalField(_("revenue"), max_digits=16, decimal_places=2, null=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2, null=True)
    potential = models.DecimalField(_("potential"), max_digits=16, decimal_places=2, null=True)
    untapped = models.DecimalField(
        _("untapped potential"), max_digits=16, decimal_places=2, null=True
    )
    share = models.DecimalField(_("share of wallet"), max_digits=7, decimal_places=4, null=True)
    market = models.DecimalField(
        _("market inside the account"), max_digits=16, decimal_places=2, default=Decimal(0)
    )
    market_ours = models.DecimalField(
        _("our whitespace revenue"), max_digits=16, decimal_places=2, default=Decimal(0)
    )
    open_opportunities = models.PositiveIntegerField(_("open opportunities"), default=0)
    pipeline = models.DecimalField(
        _("open pipeline"), max_digits=16, decimal_places=2, default=Decimal(0)
    )
    weighted_pipeline = models.DecimalField(
        _("weighted pipeline"), max_digits=16, decimal_places=2, default=Decimal(0)
    )
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("account growth")
        verbose_name_plural = _("account growth")
        indexes = [
            models.Index(fields=["-untapped", "account"], name="growth_untapped_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.untapped}"

    @property
    def attainment(self) -> Decimal | None:
        """Against target: revenue / target."""
        if self.revenue is None or not self.target:
            return None
        return self.revenue / self.target


class AdoptionSource(models.TextChoices):
    OPPORTUNITY = "opportunity", _("a won opportunity")
    INITIATIVE = "initiative", _("an adopted value initiative")
    WHITESPACE = "whitespace", _("a whitespace cell that is ours")


class OfferingAdoption(models.Model):
    """An offering that has been put to an account (an opportunity, an initiative or a
    whitespace cell beyond open or unknown), and when the account first adopted it."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="adoptions")
    adopted_on = models.DateField(_("adopted on"), null=True)
    source = models.CharField(
        _("adopted through"), max_length=12, choices=AdoptionSource.choices, blank=True
    )
    lag_days = models.IntegerField(_("adoption lag (days)"), null=True)

    class Meta:
        verbose_name = _("offering adoption")
        verbose_name_plural = _("offering adoptions")
        constraints = [
            models.UniqueConstraint(fields=["account", "offering"], name="adoption_unique"),
        ]
        indexes = [models.Index(fields=["offering", "account"], name="adoption_offering_idx")]

    def __str__(self) -> str:
        return f"{self.account_id} × {self.offering_id}: {self.adopted_on}"
