"""The team designer's form: the scope, the weights and the limits of a run."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import Account, Tier
from hexad.core.forms import FastSelect
from hexad.people.models import Department
from hexad.staffing.selectors import DEFAULT_OPTIONS


class FastSelectMultiple(FastSelect):
    """FastSelect for several values (a long list of accounts)."""

    allow_multiple_selected = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return forms.SelectMultiple().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False


class DesignerForm(forms.Form):
    tiers = forms.ModelMultipleChoiceField(
        label=_("Tiers"),
        queryset=Tier.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every tier."),
    )
    accounts = forms.ModelMultipleChoiceField(
        label=_("Accounts"),
        queryset=Account.objects.order_by("name", "id"),
        required=False,
        widget=FastSelectMultiple(attrs={"multiple": True, "size": 6}, label_field="name"),
        help_text=_("None chosen: every account of the tiers."),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("People from departments"),
        queryset=Department.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every active person."),
    )
    all_roles = forms.BooleanField(
        label=_("Fill all six roles, not only those the tier requires"), required=False
    )
    fill_weight = forms.IntegerField(
        label=_("Points for a filled slot"), min_value=0, max_value=100_000,
        initial=DEFAULT_OPTIONS["fill_weight"],
    )  # fmt: skip
    fit_weight = forms.IntegerField(
        label=_("Weight of fit (× 0–100 fit points)"), min_value=0, max_value=100,
        initial=DEFAULT_OPTIONS["fit_weight"],
    )  # fmt: skip
    continuity_bonus = forms.IntegerField(
        label=_("Points for keeping today's player"), min_value=0, max_value=10_000,
        initial=DEFAULT_OPTIONS["continuity_bonus"],
    )  # fmt: skip
    unassessed_fit = forms.IntegerField(
        label=_("Fit of people not assessed in a role (%)"), min_value=0, max_value=100,
        required=False, help_text=_("Empty: the coverage formula's default."),
    )  # fmt: skip
    slots_per_person = forms.IntegerField(
        label=_("Roles one person may hold across the portfolio"), min_value=1, max_value=500,
        initial=DEFAULT_OPTIONS["slots_per_person"],
    )  # fmt: skip
    per_account_limit = forms.IntegerField(
        label=_("Roles one person may hold on one account"), min_value=1, max_value=20,
        initial=DEFAULT_OPTIONS["per_account_limit"],
    )  # fmt: skip
    use_hours = forms.BooleanField(label=_("Limit hours a week too"), required=False)
    hours_per_person = forms.IntegerField(
        label=_("Hours a week at full capacity"), min_value=1, max_value=168,
        initial=DEFAULT_OPTIONS["hours_per_person"],
    )  # fmt: skip
    allocation = forms.IntegerField(
        label=_("Allocation of a new team member (%)"), min_value=1, max_value=100,
        initial=DEFAULT_OPTIONS["allocation"],
    )  # fmt: skip
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"), min_value=5, max_value=600,
        initial=DEFAULT_OPTIONS["time_limit"],
    )  # fmt: skip

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "tiers": [tier.pk for tier in data["tiers"]],
            "accounts": [account.pk for account in data["accounts"]],
            "departments": [department.pk for department in data["departments"]],
            "all_roles": data["all_roles"],
            "fill_weight": data["fill_weight"],
            "fit_weight": data["fit_weight"],
            "continuity_bonus": data["continuity_bonus"],
            "unassessed_fit": (
                None if data["unassessed_fit"] is None else data["unassessed_fit"] / 100
            ),
            "slots_per_person": data["slots_per_person"],
            "per_account_limit": data["per_account_limit"],
            "use_hours": data["use_hours"],
            "hours_per_person": data["hours_per_person"],
            "allocation": data["allocation"],
            "time_limit": data["time_limit"],
        }
