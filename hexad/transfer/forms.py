"""Forms of the import pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import Tier
from hexad.roles.forms import RoleChoiceField
from hexad.transfer.importers import IMPORTERS, KIND_CHOICES
from hexad.transfer.models import ImportBatch, SalesforceRoleMapping

NOT_IN_FILE = _("— not in the file —")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=KIND_CHOICES)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (comma or semicolon; UTF-8 or Windows-1250) or XLSX, with a header row. "
            "Salesforce export files import as they are."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )


class MappingForm(forms.Form):
    """One select per field of the batch's kind, offering the file's columns."""

    def __init__(self, *args: Any, batch: ImportBatch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.batch = batch
        choices = [("", NOT_IN_FILE)] + [
            (str(index), name or f"#{index + 1}") for index, name in enumerate(batch.header)
        ]
        for column in IMPORTERS[batch.kind].columns:
            initial = batch.mapping.get(column.key)
            self.fields[f"map_{column.key}"] = forms.ChoiceField(
                label=column.label,
                choices=choices,
                required=False,
                initial="" if initial is None else str(initial),
                help_text=column.help,
            )
        if batch.kind == "accounts":
            self.fields["tier"] = forms.ModelChoiceField(
                label=_("Tier of rows that name none"),
                queryset=Tier.objects.all(),
                required=False,
                empty_label=_("The least strategic tier"),
                initial=batch.options.get("tier_id"),
            )

    def mapping(self) -> dict[str, int]:
        return {
            name.removeprefix("map_"): int(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("map_") and value not in ("", None)
        }

    def options(self) -> dict[str, Any]:
        tier = self.cleaned_data.get("tier")
        return {"tier": tier.name, "tier_id": tier.pk} if tier is not None else {}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seen: dict[str, str] = {}
        for name, value in list(cleaned.items()):
            if not name.startswith("map_") or value in ("", None):
                continue
            if value in seen:
                self.add_error(
                    name,
                    _("This column is already chosen for “%(field)s”.")
                    % {"field": self.fields[seen[value]].label},
                )
            else:
                seen[value] = name
        return cleaned


class RoleMappingForm(forms.ModelForm):
    role = RoleChoiceField(
        label=_("Hexad role"),
        required=False,
        empty_label=_("No role (team member only)"),
    )

    class Meta:
        model = SalesforceRoleMapping
        fields = ["team_role", "role", "degree"]
