"""The client side of an account: stakeholders, our relationships with them, interactions
and the technical concerns they raise.

Everything here hangs off an account: a stakeholder belongs to one account, and so does
everything that refers to them. The rules that span rows (a manager must be of the same
account, no reporting cycles) live in `Stakeholder.clean()`, so every channel that calls
`full_clean()` (services, the admin) keeps them.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hexad.accounts.models import Account, BusinessUnit
from hexad.core.models import TimeStampedModel
from hexad.people.models import Person, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class StakeholderLevel(models.IntegerChoices):
    """How senior a stakeholder is, from the top down (the number sorts them)."""

    EXECUTIVE = 1, _("Executive")
    SENIOR = 2, _("Senior management")
    MIDDLE = 3, _("Middle management")
    STAFF = 4, _("Staff")


class BuyingRole(models.TextChoices):
    """The parts a stakeholder plays in buying. Several per person, each kept as a boolean
    column `is_<code>` so it can be filtered on any database."""

    ECONOMIC_BUYER = "economic_buyer", _("Economic buyer")
    DECISION_MAKER = "decision_maker", _("Decision maker")
    TECHNICAL_EVALUATOR = "technical_evaluator", _("Technical evaluator")
    USER = "user", _("User")
    APPROVER = "approver", _("Approver")
    CHAMPION = "champion", _("Champion")


BUYING_ROLE_FIELDS: dict[str, str] = {code: f"is_{code}" for code in BuyingRole.values}
# Short marks for the org chart and tight tables; the full names are in the legend.
BUYING_ROLE_MARKS: dict[str, StrOrPromise] = {
    BuyingRole.ECONOMIC_BUYER: pgettext_lazy("buying role mark", "EB"),
    BuyingRole.DECISION_MAKER: pgettext_lazy("buying role mark", "DM"),
    BuyingRole.TECHNICAL_EVALUATOR: pgettext_lazy("buying role mark", "TE"),
    BuyingRole.USER: pgettext_lazy("buying role mark", "U"),
    BuyingRole.APPROVER: pgettext_lazy("buying role mark", "A"),
    BuyingRole.CHAMPION: pgettext_lazy("buying role mark", "C"),
}


class Attitude(models.TextChoices):
    ADVOCATE = "advocate", _("Advocate")
    SUPPORTER = "supporter", _("Supporter")
    NEUTRAL = "neutral", _("Neutral")
    SKEPTIC = "skeptic", _("Skeptic")
    OPPONENT = "opponent", _("Opponent")
    UNKNOWN = "unknown", _("Unknown")


class StakeholderStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    LEFT = "left", _("Left")


class RelationshipLevel(models.IntegerChoices):
    """How the stakeholder sees us, in order; "trusted advisor" is the top."""

    UNKNOWN = 0, _("Unknown")
    ACQUAINTED = 1, _("Acquainted")
    WORKING = 2, _("Working relationship")
    TRUSTED = 3, _("Trusted")
    ADVISOR = 4, _("Trusted advisor")


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    WORKSHOP = "workshop", _("Workshop")
    EVENT = "event", _("Event")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    ACCEPTED_RISK = "accepted_risk", _("Accepted risk")


OPEN_CONCERN_STATUSES = (ConcernStatus.OPEN, ConcernStatus.IN_PROGRESS)
CLOSED_CONCERN_STATUSES = (ConcernStatus.RESOLVED, ConcernStatus.ACCEPTED_RISK)

# --- messages the rules give (tests assert them) -------------------------------------------
OWN_MANAGER = _("A stakeholder cannot report to themself.")
MANAGER_ELSEWHERE = _(
    "%(manager)s is a stakeholder of another account and cannot be a manager here."
)
MANAGER_CYCLE = _(
    "%(manager)s already reports (directly or indirectly) to %(name)s, "
    "so %(name)s cannot report to them."
)
DOTTED_CYCLE = _(
    "%(manager)s already reports (directly or indirectly) to %(name)s, "
    "so cannot be their dotted-line manager."
)
DOTTED_SAME_AS_MANAGER = _(
    "%(manager)s is already the manager %(name)s reports to; a dotted line needs someone else."
)
MANAGER_LEFT = _("%(manager)s has left the company and cannot be a manager.")
UNIT_ELSEWHERE = _("This business unit belongs to another account.")
DESIRED_BELOW_CURRENT = _("The desired level cannot be below the current level.")
RESOLUTION_REQUIRED = _("Say how the concern was resolved, or why the risk is accepted.")
CONCERN_STAKEHOLDER_ELSEWHERE = _("%(stakeholder)s is a stakeholder of another account.")


class Stakeholder(TimeStampedModel):
    """Someone at the client who matters to the account."""

    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="stakeholders",
        db_index=False,  # the (account, status, level) index leads with it
    )
    name = models.CharField(_("full name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stakeholders",
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=StakeholderLevel.choices, default=StakeholderLevel.MIDDLE
    )
    is_economic_buyer = models.BooleanField(_("economic buyer"), default=False)
    is_decision_maker = models.BooleanField(_("decision maker"), default=False)
    is_technical_evaluator = models.BooleanField(_("technical evaluator"), default=False)
    is_user = models.BooleanField(_("user"), default=False)
    is_approver = models.BooleanField(_("approver"), default=False)
    is_champion = models.BooleanField(_("champion"), default=False)
    influence = models.PositiveSmallIntegerField(
        _("influence"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (little) to 5 (decisive)."),
    )
    attitude = models.CharField(
        _("attitude to us"), max_length=10, choices=Attitude.choices, default=Attitude.UNKNOWN
    )
    competitor = models.CharField(
        _("aligned with competitor"),
        max_length=120,
        blank=True,
        help_text=_("The competitor this person favours; leave empty if none."),
    )
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    dotted_manager = models.ForeignKey(
        "self",
        verbose_name=_("dotted-line manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dotted_reports",
        help_text=_("A second manager in a matrix organisation."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=StakeholderStatus.choices,
        default=StakeholderStatus.ACTIVE,
    )
    first_engaged = models.DateField(_("first engaged"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("relationship owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_stakeholders",
        help_text=_("The one of our people who owns the relationship."),
    )
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    BUYING_ROLE_FIELD_NAMES: ClassVar[tuple[str, ...]] = tuple(BUYING_ROLE_FIELDS.values())

    class Meta:
        ordering = ["level", "name", "id"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(influence__gte=1, influence__lte=5),
                name="stakeholder_influence_1_to_5",
            ),
            models.CheckConstraint(
                condition=~models.Q(reports_to=models.F("id")),
                name="stakeholder_not_own_manager",
            ),
            models.CheckConstraint(
                condition=~models.Q(dotted_manager=models.F("id")),
                name="stakeholder_not_own_dotted_manager",
            ),
            models.UniqueConstraint(
                fields=["account", "external_id"],
                condition=~models.Q(external_id=""),
                name="stakeholder_external_id_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "status", "level"], name="stakeholder_account_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def buying_roles(self) -> tuple[str, ...]:
        return tuple(code for code, name in BUYING_ROLE_FIELDS.items() if getattr(self, name))

    def buying_role_labels(self) -> list[str]:
        labels = dict(BuyingRole.choices)
        return [str(labels[code]) for code in self.buying_roles]

    @property
    def is_active(self) -> bool:
        return self.status == StakeholderStatus.ACTIVE

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        unit = self.business_unit if self.business_unit_id is not None else None
        if unit is not None and unit.account_id != self.account_id:
            errors["business_unit"] = ValidationError(UNIT_ELSEWHERE)
        for field, cycle_message in (
            ("reports_to", MANAGER_CYCLE),
            ("dotted_manager", DOTTED_CYCLE),
        ):
            message = self._manager_problem(field, cycle_message)
            if message:
                errors[field] = ValidationError(message)
        if (
            "dotted_manager" not in errors
            and self.dotted_manager_id is not None
            and self.dotted_manager_id == self.reports_to_id
        ):
            errors["dotted_manager"] = ValidationError(
                DOTTED_SAME_AS_MANAGER % {"manager": self.dotted_manager, "name": self.name}
            )
        if errors:
            raise ValidationError(errors)

    def _manager_problem(self, field: str, cycle_message: StrOrPromise) -> str:
        """Why the manager in `field` cannot be (empty when they can)."""
        manager: Stakeholder | None = getattr(self, field)
        if manager is None:
            return ""
        names = {"manager": manager.name, "name": self.name}
        if self.pk is not None and manager.pk == self.pk:
            return str(OWN_MANAGER)
        if manager.account_id != self.account_id:
            return MANAGER_ELSEWHERE % names
        if self.status == StakeholderStatus.ACTIVE and manager.status == StakeholderStatus.LEFT:
            return MANAGER_LEFT % names
        if self.pk is not None and reports_to_chain_reaches(
            start=manager.pk, target=self.pk, account_id=self.account_id
        ):
            return cycle_message % names
        return ""


def reports_to_chain_reaches(*, start: int, target: int, account_id: int) -> bool:
    """Whether walking up the solid reporting lines from `start` reaches `target`.

    One query: the account's reporting lines; the walk stops at a repeated id, so even a
    corrupt (cyclic) hierarchy cannot loop forever.
    """
    manager_of = dict(
        Stakeholder.objects.filter(account_id=account_id).values_list("id", "reports_to_id")
    )
    seen: set[int] = set()
    current: int | None = start
    while current is not None and current not in seen:
        if current == target:
            return True
        seen.add(current)
        current = manager_of.get(current)
    return False


class Relationship(TimeStampedModel):
    """One of our people and one of their stakeholders: how the stakeholder sees us now,
    how we want to be seen (the gap is the relationship plan), and when we last met."""

    person = models.ForeignKey(
        Person, verbose_name=_("our person"), on_delete=models.PROTECT, related_name="relationships"
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        on_delete=models.CASCADE,
        related_name="relationships",
        db_index=False,  # the unique (stakeholder, person) index leads with it
    )
    current_level = models.PositiveSmallIntegerField(
        _("current level"), choices=RelationshipLevel.choices, default=RelationshipLevel.UNKNOWN
    )
    desired_level = models.PositiveSmallIntegerField(
        _("desired level"), choices=RelationshipLevel.choices, default=RelationshipLevel.WORKING
    )
    last_interaction = models.DateField(_("last interaction"), null=True, blank=True)
    next_step = models.CharField(
        _("next step"),
        max_length=300,
        blank=True,
        help_text=_("What will move the relationship towards the desired level."),
    )

    class Meta:
        ordering = ["-current_level", "person__full_name", "id"]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "person"], name="relationship_unique_pair"
            ),
            models.CheckConstraint(
                condition=models.Q(current_level__lte=4, desired_level__lte=4),
                name="relationship_levels_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.stakeholder}"

    @property
    def gap(self) -> int:
        return max(0, self.desired_level - self.current_level)

    def clean(self) -> None:
        if (
            self.current_level is not None
            and self.desired_level is not None
            and self.desired_level < self.current_level
        ):
            raise ValidationError({"desired_level": DESIRED_BELOW_CURRENT})


class Interaction(TimeStampedModel):
    """A meeting, call, e-mail, workshop or event between our people and theirs."""

    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="interactions",
        db_index=False,  # the (account, occurred_on) index leads with it
    )
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(
        _("kind"), max_length=10, choices=InteractionKind.choices, default=InteractionKind.MEETING
    )
    notes = models.TextField(_("notes"), blank=True)
    people = models.ManyToManyField(
        Person,
        verbose_name=_("our people"),
        through="InteractionPerson",
        related_name="interactions",
    )
    stakeholders = models.ManyToManyField(
        Stakeholder,
        verbose_name=_("their stakeholders"),
        through="InteractionStakeholder",
        related_name="interactions",
    )
    logged_by = models.ForeignKey(
        User,
        verbose_name=_("logged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [models.Index(fields=["account", "-occurred_on"], name="interaction_account_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class InteractionPerson(models.Model):
    # The unique (interaction, person) index serves lookups by interaction.
    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("interaction participant (ours)")
        verbose_name_plural = _("interaction participants (ours)")
        constraints = [
            models.UniqueConstraint(
                fields=["interaction", "person"], name="interaction_person_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.interaction_id}: person {self.person_id}"


class InteractionStakeholder(models.Model):
    # Two composite indexes serve both directions; the foreign keys need none of their own.
    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("interaction participant (theirs)")
        verbose_name_plural = _("interaction participants (theirs)")
        constraints = [
            models.UniqueConstraint(
                fields=["interaction", "stakeholder"], name="interaction_stakeholder_unique"
            )
        ]
        indexes = [
            models.Index(fields=["stakeholder", "interaction"], name="interaction_stakeholder_idx")
        ]

    def __str__(self) -> str:
        return f"{self.interaction_id}: stakeholder {self.stakeholder_id}"


class TechnicalConcern(TimeStampedModel):
    """An objection or worry a stakeholder raised about our solution, with its owner on our
    side and its way to a resolution."""

    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="technical_concerns",
        db_index=False,  # the (account, status, due_date) index leads with it
    )
    raised_by = models.ForeignKey(
        Stakeholder,
        verbose_name=_("raised by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="concerns",
    )
    raised_on = models.DateField(_("raised on"), default=timezone.localdate)
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=15, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner (ours)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="technical_concerns",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        ordering = ["due_date", "-id"]
        verbose_name = _("technical concern")
        verbose_name_plural = _("technical concerns")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["resolved", "accepted_risk"])
                | ~models.Q(resolution=""),
                name="concern_closed_with_resolution",
            )
        ]
        indexes = [
            models.Index(fields=["account", "status", "due_date"], name="concern_account_idx")
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CONCERN_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        day = today or timezone.localdate()
        return self.is_open and self.due_date is not None and self.due_date < day

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.status in CLOSED_CONCERN_STATUSES and not self.resolution.strip():
            errors["resolution"] = ValidationError(RESOLUTION_REQUIRED)
        if (
            self.raised_by_id is not None
            and self.account_id is not None
            and self.raised_by is not None
            and self.raised_by.account_id != self.account_id
        ):
            errors["raised_by"] = ValidationError(
                CONCERN_STAKEHOLDER_ELSEWHERE % {"stakeholder": self.raised_by}
            )
        if errors:
            raise ValidationError(errors)
