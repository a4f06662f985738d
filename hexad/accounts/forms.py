"""Forms of the account pages: they parse and validate input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import Account, Degree, Industry, TeamMembership, Tier
from hexad.accounts.selectors import (
    PORTFOLIO_SORTS,
    PortfolioFilters,
    account_lead_choices,
    tier_catalogue,
)
from hexad.core.forms import FastSelect
from hexad.people.models import Person
from hexad.roles.forms import RoleChoiceField


class PortfolioFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    tier = forms.ModelChoiceField(
        label=_("Tier"), queryset=Tier.objects.all(), required=False, empty_label=_("All tiers"),
        widget=FastSelect(label_field="name"),
    )  # fmt: skip
    lead = forms.ModelChoiceField(
        label=_("Account lead"), queryset=Person.objects.none(), required=False,
        empty_label=_("All leads"), widget=FastSelect(label_field="full_name"),
    )  # fmt: skip
    industry = forms.ChoiceField(
        label=_("Industry"),
        choices=[("", _("All industries")), *Industry.choices],
        required=False,
        widget=FastSelect,
    )
    sort = forms.ChoiceField(
        choices=[(key, key) for key in PORTFOLIO_SORTS], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, leads: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = leads  # type: ignore[attr-defined]
        # The options come from the cached list of leads, read only if the select is drawn;
        # a chosen lead is still checked against `leads`.
        self.fields["lead"].widget.rows = account_lead_choices
        self.fields["tier"].widget.rows = lambda: [(t.pk, t.name) for t in tier_catalogue()]

    def filters(self) -> PortfolioFilters:
        """The filters asked for; unreadable values are ignored, as a list page should."""
        data = self.cleaned_data if self.is_valid() else {}
        tier = data.get("tier")
        lead = data.get("lead")
        return PortfolioFilters(
            query=(data.get("q") or "").strip(),
            tier=tier.pk if tier else None,
            lead=lead.pk if lead else None,
            industry=data.get("industry") or "",
            sort=data.get("sort") or "name",
        )


class AccountForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Account
        fields = [
            "name",
            "tier",
            "industry",
            "country",
            "currency",
            "lead",
            "parent",
            "external_id",
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "lead": FastSelect(label_field="full_name"),
            "parent": FastSelect(label_field="name"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = Person.objects.filter(is_active=True)  # type: ignore[attr-defined]
        parents = Account.objects.only("id", "name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            self.fields["version"].initial = self.instance.version
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class MembershipAddForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        widget=FastSelect(label_field="full_name"),
    )
    allocation = forms.IntegerField(
        label=_("Allocation (%)"), min_value=1, max_value=100, initial=20
    )
    start_date = forms.DateField(
        label=_("On the team from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    role = RoleChoiceField(label=_("Role"), required=False, empty_label=_("No role yet"))
    degree = forms.ChoiceField(label=_("Degree"), choices=Degree.choices, initial=Degree.LEAD)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class MembershipEditForm(forms.ModelForm):
    class Meta:
        model = TeamMembership
        fields = ["allocation", "start_date", "end_date", "notes"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class AssignmentForm(forms.Form):
    role = RoleChoiceField(label=_("Role"))
    degree = forms.ChoiceField(label=_("Degree"), choices=Degree.choices, initial=Degree.LEAD)
