"""Personal API tokens: the secret is shown once and only its SHA-256 digest is stored."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hexad.core.models import TimeStampedModel
from hexad.people.models import User


class ApiToken(TimeStampedModel):
    """A token its owner sends as `Authorization: Bearer hexad_<prefix>_<secret>`.

    `prefix` is public (it is shown in lists and finds the row); `digest` is the SHA-256
    of the secret, so the database alone never lets anyone act as the owner.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    digest = models.CharField(_("digest"), max_length=64, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_idx")]

    def __str__(self) -> str:
        return f"{self.name} (hexad_{self.prefix}_…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def display(self) -> str:
        """How the token is shown after its creation: the public part only."""
        return f"hexad_{self.prefix}_…"
