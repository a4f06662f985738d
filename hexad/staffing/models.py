"""The team designer's runs (a proposal for a scope) and their changes; the rules that
forbid pairs (a person's conflict with an account, a department that may not play a role).

A run keeps what it proposed and what was applied, by whom and when: the history of the
designer's changes. The team records themselves change only through the accounts services.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import Account
from hexad.core.models import TimeStampedModel
from hexad.people.models import Department, Person, User
from hexad.roles.models import Role

# The solver's names of its steps (`Proposal.method`, "priced flow, repaired + local search"),
# as the pages show them.
METHOD_STEPS = {
    "min-cost flow": _("exact min-cost flow"),
    "greedy": _("greedy"),
    "priced flow, repaired": _("priced min-cost flow, repaired to fit the hours"),
    "local search": _("local search"),
    "CP-SAT": _("CP-SAT"),
}


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class StaffingRun(TimeStampedModel):
    created_by = models.ForeignKey(
        User, verbose_name=_("run by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    options = models.JSONField(_("options"), default=dict)
    error = models.CharField(_("error"), max_length=500, blank=True)
    # The answer: objective, proven bound, method, time, counts (see services.run_execute).
    summary = models.JSONField(_("summary"), default=dict)
    # Slots that cannot be filled: [{"account": id, "role": id, "why": …, …}].
    unfillable = models.JSONField(_("unfillable slots"), default=list)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("team designer run")
        verbose_name_plural = _("team designer runs")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {RunStatus.DONE, RunStatus.FAILED}

    @property
    def method_display(self) -> str:
        """How the answer was found, in the user's language."""
        steps = str(self.summary.get("method", "")).split(" + ")
        return " + ".join(str(METHOD_STEPS.get(step, step)) for step in steps if step)


class ChangeKind(models.TextChoices):
    ADDED = "added", _("Added")
    CHANGED = "changed", _("Changed")
    KEPT = "kept", _("Kept")


class StaffingChange(models.Model):
    """One slot of a run: who plays it today and who the proposal gives it to, and why."""

    run = models.ForeignKey(StaffingRun, on_delete=models.CASCADE, related_name="changes")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("change"), max_length=8, choices=ChangeKind.choices)
    current_person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    # The role assignments on this slot when the run read the teams (a stale check).
    current_assignments = models.JSONField(default=list)
    fit = models.PositiveSmallIntegerField(_("fit"))
    assessed = models.BooleanField(_("assessed"), default=True)
    slots_left = models.IntegerField(_("slots left"))
    hours_left = models.IntegerField(_("hours left"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        indexes = [models.Index(fields=["run", "kind"], name="staffing_change_kind_idx")]

    def __str__(self) -> str:
        return f"{self.account_id}/{self.role_id}: {self.kind}"


class Conflict(TimeStampedModel):
    """A person who may not be proposed for an account (a conflict of interest, say)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("staffing conflict")
        verbose_name_plural = _("staffing conflicts")
        constraints = [
            models.UniqueConstraint(fields=["person", "account"], name="staffing_conflict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} ≠ {self.account}"


class RoleRestriction(TimeStampedModel):
    """People of a department may not be proposed for a role."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("role restriction")
        verbose_name_plural = _("role restrictions")
        constraints = [
            models.UniqueConstraint(fields=["department", "role"], name="role_restriction_unique")
        ]

    def __str__(self) -> str:
        return f"{self.department} ≠ {self.role}"
