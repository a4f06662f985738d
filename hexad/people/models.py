"""Our people: users of Hexad, departments and the people who play the roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hexad.core.models import TimeStampedModel
from hexad.roles.models import Role


class AccessLevel(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PROGRAMME_LEADER = "leader", _("Programme leader")
    MEMBER = "member", _("Member")
    VIEWER = "viewer", _("Viewer")


class User(AbstractUser):
    """A person who signs in. Access follows `access_level` (see docs/architecture.md)."""

    access_level = models.CharField(
        _("access level"), max_length=10, choices=AccessLevel.choices, default=AccessLevel.MEMBER
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=[("en", _("English")), ("pl", _("Polish"))],
        blank=True,
        help_text=_("The interface language; empty follows the browser."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.access_level == AccessLevel.ADMIN

    @property
    def sees_whole_portfolio(self) -> bool:
        return self.is_administrator or self.access_level in {
            AccessLevel.PROGRAMME_LEADER,
            AccessLevel.VIEWER,
        }

    @property
    def manages_portfolio(self) -> bool:
        """May create accounts, manage people and write on every account."""
        return self.is_administrator or self.access_level == AccessLevel.PROGRAMME_LEADER

    @property
    def is_read_only(self) -> bool:
        return self.access_level == AccessLevel.VIEWER and not self.is_superuser


class Department(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """Someone on our side who can be on account teams; may or may not sign in."""

    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    user = models.OneToOneField(
        User,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity (%)"),
        default=100,
        validators=[MaxValueValidator(100)],
        help_text=_("Share of working time available to strategic accounts, in percent."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="person_external_id_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__lte=100), name="person_capacity_at_most_100"
            ),
        ]
        indexes = [models.Index(fields=["full_name"], name="person_name_idx")]

    def __str__(self) -> str:
        return self.full_name


class RatingSource(models.TextChoices):
    SELF = "self", _("Self rating")
    MANAGER = "manager", _("Manager rating")


class CompetencyRating(TimeStampedModel):
    """How well a person plays a role, 1–5 against the role's anchors. Kept as history:
    the latest manager rating counts, else the latest self rating."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="ratings"
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.CASCADE, related_name="ratings"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    source = models.CharField(_("given as"), max_length=10, choices=RatingSource.choices)
    rated_on = models.DateField(_("rated on"))
    rated_by = models.ForeignKey(
        User,
        verbose_name=_("rated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-rated_on", "-id"]
        verbose_name = _("competency rating")
        verbose_name_plural = _("competency ratings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_between_1_and_5"
            )
        ]
        indexes = [models.Index(fields=["person", "role", "source", "rated_on"],
                                name="rating_latest_idx")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.person} — {self.role}: {self.rating} ({self.get_source_display()})"


class DevelopmentNote(TimeStampedModel):
    """A step to close a competency gap: what the person will do to grow in a role."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="development"
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("development step"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    is_done = models.BooleanField(_("done"), default=False)
    author = models.ForeignKey(
        User, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["is_done", "due_date", "-id"]
        verbose_name = _("development note")
        verbose_name_plural = _("development notes")

    def __str__(self) -> str:
        return f"{self.person} — {self.role}"
