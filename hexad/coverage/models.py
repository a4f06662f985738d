"""Stored results of the coverage engine, so portfolio-wide pages can sort and page in SQL.

They are derived data: `services.coverage_refresh` rewrites them from the domain records
whenever those change, and `hexad coverage --refresh` rebuilds them all.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import Account
from hexad.roles.models import Role


class CoverageStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    WEAK = "weak", _("Weak")
    COVERED = "covered", _("Covered")


class AccountCoverage(models.Model):
    account = models.OneToOneField(
        Account, on_delete=models.CASCADE, related_name="coverage", primary_key=True
    )
    gaps = models.PositiveSmallIntegerField(_("gaps"), default=0)
    missing = models.PositiveSmallIntegerField(_("missing roles"), default=0)
    weak = models.PositiveSmallIntegerField(_("weak roles"), default=0)
    flags = models.PositiveSmallIntegerField(_("flags"), default=0)
    formula_version = models.CharField(max_length=10)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("account coverage")
        verbose_name_plural = _("account coverage")
        indexes = [models.Index(fields=["-gaps", "account"], name="coverage_gaps_idx")]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.gaps} gaps"


class RoleCoverageCell(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="coverage_cells")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    status = models.CharField(_("status"), max_length=8, choices=CoverageStatus.choices)
    required = models.BooleanField(_("required"))

    class Meta:
        verbose_name = _("role coverage")
        verbose_name_plural = _("role coverage")
        constraints = [
            models.UniqueConstraint(fields=["account", "role"], name="coverage_cell_unique")
        ]
        indexes = [models.Index(fields=["role", "status"], name="coverage_role_status_idx")]

    def __str__(self) -> str:
        return f"{self.account_id}/{self.role_id}: {self.score}"


class SnapshotKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Weekly")
    ON_DEMAND = "on_demand", _("On demand")


class CoverageSnapshot(models.Model):
    """Portfolio coverage at one moment, kept for the trend chart."""

    taken_at = models.DateTimeField(_("taken at"))
    kind = models.CharField(_("kind"), max_length=10, choices=SnapshotKind.choices)
    formula_version = models.CharField(_("formula version"), max_length=10)
    accounts = models.PositiveIntegerField(_("accounts"))
    taken_by = models.ForeignKey(
        "people.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-taken_at"]
        verbose_name = _("coverage snapshot")
        verbose_name_plural = _("coverage snapshots")

    def __str__(self) -> str:
        return f"{self.taken_at:%Y-%m-%d %H:%M} ({self.kind})"


class SnapshotRoleTotal(models.Model):
    snapshot = models.ForeignKey(CoverageSnapshot, on_delete=models.CASCADE, related_name="totals")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    missing = models.PositiveIntegerField(default=0)
    weak = models.PositiveIntegerField(default=0)
    covered = models.PositiveIntegerField(default=0)
    required_gaps = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "role"], name="snapshot_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.snapshot_id}/{self.role_id}"
