"""Plan and execution: account plans with objectives, actions, resources and risks; reviews
(strategic account meetings); the internal blockers log; and what the planning pages keep
to stay fast (a per-account summary) and honest (what stood at each review).

Every record hangs off an account, directly or through its plan, so the account's access
rule (`accounts.selectors.account_get`) covers it. Rules that span rows (an objective of
another plan, a stakeholder of another account) are checked in `services.py`; rules on
one row live in `clean()`, so the admin keeps them too.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import Account
from hexad.core.models import TimeStampedModel
from hexad.people.models import Person, User
from hexad.relationships.models import Stakeholder
from hexad.roles.models import Role

# --- messages the rules give (tests assert them) -------------------------------------------------
PERIOD_ENDS_BEFORE_START = _("The period cannot end before it starts.")
TARGET_EQUALS_BASELINE = _(
    "The target equals the baseline, so there is nothing to achieve; set a different target."
)
RESOLUTION_REQUIRED = _("Say how the blocker was resolved.")
ESCALATED_TO_REQUIRED = _("Name the person the blocker was escalated to.")
MINUTES_IN_FUTURE = _(
    "A review dated in the future has not happened yet, so it cannot have minutes; "
    "record the minutes on or after the day it is held."
)


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class AccountPlan(TimeStampedModel):
    """The plan of one account for one period (a year, a half-year …)."""

    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="plans",
        db_index=False,  # the unique (account, period_start) index leads with it
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    goals = models.TextField(_("goals"), blank=True)
    client_priorities = models.TextField(_("client priorities and initiatives"), blank=True)
    strategies = models.TextField(_("strategies"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("account plan")
        verbose_name_plural = _("account plans")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "period_start"],
                name="plan_unique_account_period",
                violation_error_message=_("The account already has a plan starting on that day."),
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="plan_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": PERIOD_ENDS_BEFORE_START})

    def is_read_only(self, today: datetime.date | None = None) -> bool:
        """Closed, or its period is over: kept as it was, for the record."""
        day = today or timezone.localdate()
        return self.status == PlanStatus.CLOSED or self.period_end < day

    def is_current(self, today: datetime.date | None = None) -> bool:
        day = today or timezone.localdate()
        return self.status == PlanStatus.ACTIVE and self.period_start <= day <= self.period_end


class Objective(TimeStampedModel):
    """A measurable result the plan aims at: a metric moving from a baseline to a target."""

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="objectives"
    )
    title = models.CharField(_("objective"), max_length=200)
    metric = models.CharField(_("metric"), max_length=120)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    current_value = models.DecimalField(
        _("current value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    due_date = models.DateField(_("due date"))

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.baseline is not None and self.target is not None and self.baseline == self.target:
            raise ValidationError({"target": TARGET_EQUALS_BASELINE})

    @property
    def progress(self) -> int | None:
        """How far the current value has come from the baseline to the target, 0–100 %."""
        if self.current_value is None or self.target == self.baseline:
            return None
        share = (self.current_value - self.baseline) / (self.target - self.baseline)
        return max(0, min(100, round(float(share) * 100)))


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ReviewKind(models.TextChoices):
    """Kinds of strategic account meetings, from the most frequent to the most senior. A
    review of a more senior kind also counts as one of each kind below it (docs/planning.md)."""

    CHECK_IN = "check_in", _("Check-in")
    QUARTERLY = "quarterly", _("Quarterly business review")
    EXECUTIVE = "executive", _("Executive review")


REVIEW_KIND_RANK = {ReviewKind.CHECK_IN: 1, ReviewKind.QUARTERLY: 2, ReviewKind.EXECUTIVE: 3}


class Review(TimeStampedModel):
    """A strategic account meeting: a check-in, a quarterly or an executive review. Dated in
    the future it is planned; on or before today it was held."""

    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="reviews",
        db_index=False,  # the (account, held_on) index leads with it
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ReviewKind.choices, default=ReviewKind.CHECK_IN
    )
    held_on = models.DateField(_("date"), default=timezone.localdate)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    people = models.ManyToManyField(
        Person, verbose_name=_("our attendees"), related_name="reviews", blank=True
    )
    stakeholders = models.ManyToManyField(
        Stakeholder, verbose_name=_("their attendees"), related_name="reviews", blank=True
    )
    created_by = models.ForeignKey(
        User,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [models.Index(fields=["account", "held_on"], name="review_account_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"

    def clean(self) -> None:
        if self.held_on and self.held_on > timezone.localdate() and self.minutes.strip():
            raise ValidationError({"minutes": MINUTES_IN_FUTURE})

    def is_held(self, today: datetime.date | None = None) -> bool:
        return self.held_on <= (today or timezone.localdate())


class Action(TimeStampedModel):
    """A step someone on the team takes, by a date, towards an objective (or the plan)."""

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="actions"
    )
    # The plan's account, kept on the action so "my work" and the reports read one table.
    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="actions",
        db_index=False,  # the (account, status, due_date) index leads with it
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_actions",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    role = models.ForeignKey(
        Role,
        verbose_name=_("responsible role"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review = models.ForeignKey(
        Review,
        verbose_name=_("decided at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # The action's id in the system it was imported from (hexad.transfer matches on it).
    external_id = models.CharField(_("external id"), max_length=100, blank=True, db_default="")

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            models.Index(fields=["account", "status", "due_date"], name="action_account_idx"),
            models.Index(fields=["owner", "status", "due_date"], name="action_owner_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="action_external_id_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        day = today or timezone.localdate()
        return self.is_open and self.due_date is not None and self.due_date < day


class ResourceKind(models.TextChoices):
    PEOPLE = "people", _("People")
    BUDGET = "budget", _("Budget")
    EXPERTISE = "expertise", _("Expertise")
    TOOLS = "tools", _("Tools or systems")
    OTHER = "other", _("Other")


class ResourceStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class ResourceRequest(TimeStampedModel):
    """Something the account team needs from the company to carry out the plan."""

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="resources"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ResourceKind.choices, default=ResourceKind.PEOPLE
    )
    description = models.CharField(_("what is needed"), max_length=300)
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Money in the account's currency, or days, as the description says."),
    )
    status = models.CharField(
        _("approval"),
        max_length=10,
        choices=ResourceStatus.choices,
        default=ResourceStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.CharField(_("note on the decision"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("resource request")
        verbose_name_plural = _("resource requests")

    def __str__(self) -> str:
        return self.description


class RiskLevel(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class Risk(TimeStampedModel):
    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="risks"
    )
    description = models.CharField(_("risk"), max_length=300)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"),
        choices=RiskLevel.choices,
        default=RiskLevel.MEDIUM,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"),
        choices=RiskLevel.choices,
        default=RiskLevel.MEDIUM,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    mitigation = models.TextField(_("mitigation"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return self.description

    @property
    def severity(self) -> int:
        """Likelihood × impact, 1–9."""
        return self.likelihood * self.impact


class BlockerCategory(models.TextChoices):
    COLLABORATION = "collaboration", _("Collaboration")
    PROCESS = "process", _("Process alignment")
    RESOURCES = "resources", _("Resources")
    PRIORITIES = "priorities", _("Priorities")


class BlockerStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ESCALATED = "escalated", _("Escalated")
    RESOLVED = "resolved", _("Resolved")


OPEN_BLOCKER_STATUSES = (BlockerStatus.OPEN, BlockerStatus.ESCALATED)


class Blocker(TimeStampedModel):
    """Something inside our own company that holds the account team back."""

    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="blockers",
        db_index=False,  # the (account, status) index leads with it
    )
    title = models.CharField(_("blocker"), max_length=200)
    category = models.CharField(
        _("category"),
        max_length=14,
        choices=BlockerCategory.choices,
        default=BlockerCategory.COLLABORATION,
    )
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_blockers",
    )
    raised_on = models.DateField(_("raised on"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=10, choices=BlockerStatus.choices, default=BlockerStatus.OPEN
    )
    escalated_to = models.ForeignKey(
        Person,
        verbose_name=_("escalated to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalated_blockers",
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("internal blocker")
        verbose_name_plural = _("internal blockers")
        indexes = [models.Index(fields=["account", "status"], name="blocker_account_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_BLOCKER_STATUSES

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.status == BlockerStatus.ESCALATED and self.escalated_to_id is None:
            errors["escalated_to"] = ValidationError(ESCALATED_TO_REQUIRED)
        if self.status == BlockerStatus.RESOLVED and not self.resolution.strip():
            errors["resolution"] = ValidationError(RESOLUTION_REQUIRED)
        if errors:
            raise ValidationError(errors)


# --- derived data --------------------------------------------------------------------------------


class ReviewSnapshot(models.Model):
    """What stood on the account when a review was held, so the progress report can say
    what changed since: each objective's current value, each relationship's level and
    each role's coverage score and status (docs/planning.md)."""

    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, related_name="snapshot", primary_key=True
    )
    taken_at = models.DateTimeField(_("taken at"))
    objectives = models.JSONField(default=dict)  # {objective id: "value" or None}
    relationships = models.JSONField(default=dict)  # {relationship id: level}
    coverage = models.JSONField(default=dict)  # {role id: [score, status]}

    class Meta:
        verbose_name = _("review snapshot")
        verbose_name_plural = _("review snapshots")

    def __str__(self) -> str:
        return f"{self.review_id} @ {self.taken_at:%Y-%m-%d}"


class PlanningSummary(models.Model):
    """Per-account figures the portfolio's "plans and reviews" list sorts and pages on,
    rewritten by every planning write of the account and once a day (dates move on)."""

    account = models.OneToOneField(
        Account, on_delete=models.CASCADE, related_name="planning", primary_key=True
    )
    plan = models.ForeignKey(
        AccountPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completeness = models.PositiveSmallIntegerField(_("plan completeness"), null=True)
    formula_version = models.CharField(max_length=10, blank=True)
    open_actions = models.PositiveIntegerField(default=0)
    overdue_actions = models.PositiveIntegerField(default=0)
    last_review_on = models.DateField(null=True)
    last_review_kind = models.CharField(max_length=10, choices=ReviewKind.choices, blank=True)
    next_review_due = models.DateField(null=True)
    next_review_kind = models.CharField(max_length=10, choices=ReviewKind.choices, blank=True)
    computed_on = models.DateField()

    class Meta:
        verbose_name = _("planning summary")
        verbose_name_plural = _("planning summaries")
        indexes = [
            models.Index(fields=["next_review_due", "account"], name="planning_due_idx"),
            models.Index(fields=["completeness", "account"], name="planning_completeness_idx"),
            models.Index(fields=["computed_on"], name="planning_computed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.completeness}"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        day = today or timezone.localdate()
        return self.next_review_due is not None and self.next_review_due < day


# --- my work: the calendar feed and the daily digest ---------------------------------------------


class CalendarToken(models.Model):
    """A secret that opens one user's calendar feed without a session. Only its SHA-256 is
    kept; the URL is shown once, when it is made. Revoked tokens open nothing."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(_("ends with"), max_length=6)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"{self.user_id} …{self.hint}"


class DigestState(models.Model):
    """Whether a user gets the daily e-mail of their work, and the last day it was sent
    (so the task sends at most one a day, however often it runs)."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="digest", primary_key=True
    )
    enabled = models.BooleanField(_("daily e-mail"), default=True)
    last_sent_on = models.DateField(_("last sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.last_sent_on}"


class DailyRun(models.Model):
    """The day a daily periodic job last ran, so the scheduler enqueues it once a day."""

    job = models.CharField(max_length=60, primary_key=True)
    day = models.DateField()

    class Meta:
        verbose_name = _("daily job run")
        verbose_name_plural = _("daily job runs")

    def __str__(self) -> str:
        return f"{self.job}: {self.day}"
