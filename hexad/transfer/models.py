"""What the import keeps: the Salesforce team-role mapping, and uploads awaiting
confirmation.

An uploaded file is never stored. Its rows are parsed into an `ImportBatch` (cell text
only) that lives while its owner maps the columns, looks at the dry run and confirms; it
is deleted when the import is confirmed or cancelled, and any batch older than
`BATCH_LIFETIME` is deleted when anyone uploads again.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from hexad.core.models import TimeStampedModel
from hexad.people.models import User
from hexad.roles.models import Role

BATCH_LIFETIME = datetime.timedelta(hours=2)


class SalesforceRoleMapping(TimeStampedModel):
    """A Salesforce account team role (TeamMemberRole) and the Hexad role it means.

    No role: the person joins the team without a role.
    """

    team_role = models.CharField(_("Salesforce team role"), max_length=80, unique=True)
    role = models.ForeignKey(
        Role,
        verbose_name=_("Hexad role"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    degree = models.CharField(
        _("degree"),
        max_length=12,
        choices=[("lead", _("Lead")), ("contributing", _("Contributing"))],
        default="contributing",
    )

    class Meta:
        ordering = ["team_role"]
        verbose_name = _("Salesforce role mapping")
        verbose_name_plural = _("Salesforce role mappings")

    def __str__(self) -> str:
        return self.team_role


class ImportBatch(models.Model):
    """A parsed upload waiting for its owner to map, check and confirm it."""

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("what is imported"), max_length=20)
    file_name = models.CharField(_("file"), max_length=200)
    file_format = models.CharField(max_length=10)
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=4, blank=True)
    header = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    options = models.JSONField(default=dict)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import awaiting confirmation")
        verbose_name_plural = _("imports awaiting confirmation")

    def __str__(self) -> str:
        return self.file_name
