"""The role catalogue: the six strategic account roles and any an administrator adds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hexad.core.models import TimeStampedModel
from hexad.core.translation import localized


class Role(TimeStampedModel):
    key = models.SlugField(_("key"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_builtin = models.BooleanField(_("one of the six"), default=False, editable=False)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_pl = models.CharField(_("name (Polish)"), max_length=80)
    purpose_en = models.TextField(_("what the role does (English)"))
    purpose_pl = models.TextField(_("what the role does (Polish)"))
    missing_en = models.TextField(_("what people say when it is missing (English)"), blank=True)
    missing_pl = models.TextField(_("what people say when it is missing (Polish)"), blank=True)
    tips_en = models.TextField(_("tips (English)"), blank=True)
    tips_pl = models.TextField(_("tips (Polish)"), blank=True)
    anchor_1_en = models.TextField(_("what a rating of 1 looks like (English)"), blank=True)
    anchor_1_pl = models.TextField(_("what a rating of 1 looks like (Polish)"), blank=True)
    anchor_3_en = models.TextField(_("what a rating of 3 looks like (English)"), blank=True)
    anchor_3_pl = models.TextField(_("what a rating of 3 looks like (Polish)"), blank=True)
    anchor_5_en = models.TextField(_("what a rating of 5 looks like (English)"), blank=True)
    anchor_5_pl = models.TextField(_("what a rating of 5 looks like (Polish)"), blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def purpose(self) -> str:
        return localized(self, "purpose")

    @property
    def missing(self) -> str:
        return localized(self, "missing")

    @property
    def tips(self) -> str:
        return localized(self, "tips")

    @property
    def anchors(self) -> list[tuple[int, str]]:
        """The behavioural anchors of the 1–5 scale, in the active language."""
        return [(level, localized(self, f"anchor_{level}")) for level in (1, 3, 5)]

    @property
    def short(self) -> str:
        """Two-letter abbreviation used in compact tables."""
        words = self.name.split()
        return (words[0][0] + (words[1][0] if len(words) > 1 else words[0][1])).upper()
