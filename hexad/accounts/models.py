"""Strategic accounts, their tiers and business units, and the account teams with roles."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from hexad.core.models import TimeStampedModel
from hexad.people.models import Person
from hexad.roles.models import Role


class Industry(models.TextChoices):
    AUTOMOTIVE = "automotive", _("Automotive")
    CHEMICALS = "chemicals", _("Chemicals")
    CONSTRUCTION = "construction", _("Construction")
    CONSUMER_GOODS = "consumer", _("Consumer goods")
    ENERGY = "energy", _("Energy and utilities")
    FINANCE = "finance", _("Financial services")
    FOOD = "food", _("Food and beverages")
    HEALTHCARE = "healthcare", _("Healthcare")
    IT = "it", _("Information technology")
    LOGISTICS = "logistics", _("Transport and logistics")
    MANUFACTURING = "manufacturing", _("Industrial manufacturing")
    MINING = "mining", _("Mining and metals")
    PHARMA = "pharma", _("Pharmaceuticals")
    PUBLIC = "public", _("Public sector")
    RETAIL = "retail", _("Retail")
    TELECOM = "telecom", _("Telecommunications")
    OTHER = "other", _("Other")


# ISO 4217 codes an account may be kept in.
CURRENCIES = [
    "PLN", "EUR", "USD", "GBP", "CHF", "CZK", "HUF", "RON", "SEK", "NOK", "DKK",
    "BGN", "UAH", "TRY", "JPY", "CNY", "CAD", "AUD",
]  # fmt: skip
CURRENCY_CHOICES = [(code, code) for code in CURRENCIES]


class Tier(TimeStampedModel):
    """A tier of strategic accounts, naming the roles every account in it must have."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=1, help_text=_("1 is the most strategic tier.")
    )
    required_roles = models.ManyToManyField(
        Role, verbose_name=_("required roles"), blank=True, related_name="tiers"
    )
    minimum_coverage = models.PositiveSmallIntegerField(
        _("minimum coverage (%)"),
        default=60,
        validators=[MaxValueValidator(100)],
        help_text=_("Score a required role needs to count as covered."),
    )
    # Review cadence (hexad.planning): the longest gap, in days, between two reviews of a
    # kind on an account of this tier; empty means that kind of review is not required.
    check_in_days = models.PositiveSmallIntegerField(
        _("check-in every (days)"),
        null=True,
        blank=True,
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no regular check-ins required."),
    )
    quarterly_review_days = models.PositiveSmallIntegerField(
        _("quarterly review every (days)"),
        null=True,
        blank=True,
        default=90,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no quarterly reviews required."),
    )
    executive_review_days = models.PositiveSmallIntegerField(
        _("executive review every (days)"),
        null=True,
        blank=True,
        default=365,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no executive reviews required."),
    )

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")

    def __str__(self) -> str:
        return self.name


class Account(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    tier = models.ForeignKey(
        Tier, verbose_name=_("tier"), on_delete=models.PROTECT, related_name="accounts"
    )
    industry = models.CharField(
        _("industry"), max_length=20, choices=Industry.choices, default=Industry.OTHER
    )
    country = CountryField(_("country"), blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="PLN"
    )
    lead = models.ForeignKey(
        Person,
        verbose_name=_("account lead"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_accounts",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)
    external_id = models.CharField(_("external id (CRM)"), max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="account_external_id_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="account_not_own_parent"
            ),
        ]
        indexes = [
            models.Index(fields=["name"], name="account_name_idx"),
            models.Index(fields=["industry", "name"], name="account_industry_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_industry_display(self) -> str:  # type: ignore[no-redef]
        """The industry's label by enum lookup (Django's generic one builds and hashes the
        whole choice list on every call, which a list of accounts pays per row)."""
        try:
            return str(Industry(self.industry).label)
        except ValueError:
            return self.industry

    def clean(self) -> None:
        if self.parent_id is not None and self.pk is not None:
            seen = {self.pk}
            parent: Account | None = self.parent
            while parent is not None:
                if parent.pk in seen:
                    raise ValidationError(
                        {"parent": _("An account cannot be its own parent, even indirectly.")}
                    )
                seen.add(parent.pk)
                parent = parent.parent


class BusinessUnit(TimeStampedModel):
    """A buying centre inside the client: a division, country unit or function."""

    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="business_units",
    )
    name = models.CharField(_("name"), max_length=200)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("business unit")
        verbose_name_plural = _("business units")
        constraints = [
            models.UniqueConstraint(fields=["account", "name"], name="business_unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


END_BEFORE_START = _("The end date cannot be before the start date.")


class TeamMembershipQuerySet(models.QuerySet["TeamMembership"]):
    def active(self, on: datetime.date | None = None) -> TeamMembershipQuerySet:
        day = on or timezone.localdate()
        return self.filter(start_date__lte=day).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=day)
        )


class TeamMembership(TimeStampedModel):
    """A person on an account team for a period, with a share of their time."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    allocation = models.PositiveSmallIntegerField(
        _("allocation (%)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of the person's working time spent on this account."),
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(allocation__gte=1, allocation__lte=100),
                name="membership_allocation_range",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "end_date"], name="membership_account_idx"),
            models.Index(fields=["person", "end_date"], name="membership_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.account}"

    def clean(self) -> None:
        if self.end_date is not None and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": END_BEFORE_START})

    def is_active(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class Degree(models.TextChoices):
    LEAD = "lead", _("Lead")
    CONTRIBUTING = "contributing", _("Contributing")


class RoleAssignment(TimeStampedModel):
    """A team member playing a role on the account, as its lead or as a contributor."""

    membership = models.ForeignKey(
        TeamMembership,
        verbose_name=_("team membership"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.PROTECT, related_name="assignments"
    )
    degree = models.CharField(
        _("degree"), max_length=12, choices=Degree.choices, default=Degree.CONTRIBUTING
    )

    class Meta:
        ordering = ["role__order", "id"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["membership", "role"], name="assignment_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.membership.person} — {self.role} ({self.get_degree_display()})"
