"""Forms of the growth pages: they parse and validate input; services do the writing.

Amounts are typed the way the user's language writes numbers ("1 234 567,50" in Polish,
"1,234,567.50" in English) and come with the account's currency in a hidden field, so a
form opened before someone changed the account's currency cannot store amounts in the
wrong one. Choices of business units, people and stakeholders are those of the account
in hand: another account's id is refused as "not of this account".
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hexad.accounts.forms import PortfolioFilterForm
from hexad.accounts.models import CURRENCY_CHOICES, Account, BusinessUnit
from hexad.accounts.selectors import PortfolioFilters
from hexad.growth.models import (
    FIRST_YEAR,
    LAST_YEAR,
    NEGATIVE_AMOUNT,
    PROBABILITY_RANGE,
    STAGE_PROBABILITY,
    InitiativeStatus,
    Offering,
    OpportunityStage,
    OpportunityType,
    WhitespaceStatus,
)
from hexad.growth.selectors import (
    GROWTH_DEFAULT_SORT,
    GROWTH_SORTS,
    OPPORTUNITY_SORTS,
    GrowthFilters,
    OpportunityFilters,
)
from hexad.people.models import Person
from hexad.relationships.models import Stakeholder

UNIT_NOT_OF_ACCOUNT = _("Choose a business unit of this account.")
PERSON_NOT_OF_TEAM = _("Choose someone on this account's team.")
SPONSOR_NOT_OF_ACCOUNT = _("Choose a stakeholder of this account.")
QUARTER_CHOICES = [("", _("Whole year")), ("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Spaces people and other programs use to group digits: space, no-break and narrow no-break.
GROUPING_SPACES = (" ", "\xa0", "\u202f")


def ungrouped(text: str) -> str:
    """A number typed the reader's way without its digit grouping: "1 234 567,50" (Polish)
    and "1,234,567.50" (English) lose their group separators; the decimal one stays."""
    decimal = str(get_format("DECIMAL_SEPARATOR"))
    for separator in {str(get_format("THOUSAND_SEPARATOR")), *GROUPING_SPACES}:
        if separator and separator != decimal:
            text = text.replace(separator, "")
    return text.strip()


class AmountField(forms.DecimalField):
    """A decimal typed in the reader's number format, grouped or not. Numbers are shown
    without grouping by default (settings.USE_THOUSAND_SEPARATOR is off), so Django would
    not remove the groups people type: this field does."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = ungrouped(value)
        return super().to_python(value)


def amount_field(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DecimalField:
    """An amount in the user's number format, 0 or more, to the cent."""
    return AmountField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        error_messages={"min_value": NEGATIVE_AMOUNT},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def focus_first_error(form: forms.BaseForm) -> None:
    """After an HTMX swap the browser focuses the first field in error (`autofocus`)."""
    name = next((name for name in form.fields if name in form.errors), None)
    if name is not None:
        form.fields[name].widget.attrs["autofocus"] = True


class CurrencyField(forms.CharField):
    """The currency the amounts were typed in; the service checks it is the account's."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, max_length=12, widget=forms.HiddenInput, **kwargs)


class AccountForm(forms.Form):
    """A form about one account: remembers it and offers its currency."""

    currency = CurrencyField()

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["currency"].initial = account.currency
        for one in self.fields.values():  # amounts say their currency: "Value (PLN)"
            if isinstance(one, forms.DecimalField):
                one.label = format_lazy("{} ({})", one.label, account.currency)

    def typed_currency(self) -> str | None:
        return self.cleaned_data.get("currency") or None

    def add_error(self, field: str | None, error: Any) -> None:
        """The currency field is hidden: what is wrong with it is said above the form."""
        super().add_error(None if field == "currency" else field, error)


# --- offerings --------------------------------------------------------------------------


class OfferingForm(forms.ModelForm):
    class Meta:
        model = Offering
        fields = ["name", "family", "launch_date", "is_new", "description"]
        widgets = {
            "launch_date": date_input(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


# --- the ambition -----------------------------------------------------------------------


class GrowthPlanForm(forms.Form):
    ambition_multiple = AmountField(
        label=_("Ambition multiple"),
        min_value=Decimal("1.1"),
        max_value=Decimal(10),
        max_digits=4,
        decimal_places=1,
        localize=True,
        initial=Decimal(2),
        help_text=_("Grow the yearly revenue this many times: 2 doubles it, 3 triples it."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4}),
    )
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    ambition_year = forms.IntegerField(
        label=_("By the year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )


# --- financials -------------------------------------------------------------------------


class FinancialAmountsForm(AccountForm):
    revenue = amount_field(_("Revenue"))
    target = amount_field(_("Target"))
    potential = amount_field(
        _("Potential"), help_text=_("The client's whole spend on what we offer (the wallet).")
    )

    def amounts(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("revenue", "target", "potential")}


class FinancialAddForm(FinancialAmountsForm):
    """A new period's figures (its potential's help is said once below the form)."""

    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=QUARTER_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    field_order = ["year", "quarter", "revenue", "target", "potential"]

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, account=account, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = str((today.month - 1) // 3 + 1)
        self.fields["potential"].help_text = ""


# --- whitespace -------------------------------------------------------------------------


class CellForm(AccountForm):
    status = forms.ChoiceField(label=_("Status"), choices=WhitespaceStatus.choices)
    competitor = forms.CharField(label=_("Competitor"), max_length=120, required=False)
    revenue = amount_field(_("Our revenue"))
    potential = amount_field(_("Potential"))
    renewal_date = forms.DateField(label=_("Renewal date"), required=False, widget=date_input())
    field_order = ["status", "competitor", "revenue", "potential", "renewal_date"]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "status": data["status"],
            "competitor": data["competitor"] or "",
            "revenue": data["revenue"] or Decimal(0),
            "potential": data["potential"] or Decimal(0),
            "renewal_date": data["renewal_date"],
        }


# --- opportunities ----------------------------------------------------------------------


class UnitChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=BusinessUnit.objects.none(),
            error_messages={"invalid_choice": UNIT_NOT_OF_ACCOUNT},
            **kwargs,
        )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class OpportunityForm(AccountForm):
    name = forms.CharField(label=pgettext_lazy("opportunity", "Name"), max_length=200)
    offering = forms.ModelChoiceField(
        label=_("Offering"), queryset=Offering.objects.all(), required=False
    )
    business_unit = UnitChoiceField(label=_("Business unit"), required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=OpportunityType.choices)
    value = amount_field(_("Value"), required=True)
    stage = forms.ChoiceField(label=_("Stage"), choices=OpportunityStage.choices)
    probability = forms.IntegerField(
        label=_("Probability (%)"),
        min_value=0,
        max_value=100,
        required=False,
        error_messages={"min_value": PROBABILITY_RANGE, "max_value": PROBABILITY_RANGE},
        help_text=_(
            "Empty: the stage's usual one (qualify 10, develop 25, propose 50, "
            "negotiate 75). Won is always 100 and lost 0."
        ),
    )
    expected_close = forms.DateField(label=_("Expected close date"), widget=date_input())
    competitor = forms.CharField(label=_("Competitor"), max_length=120, required=False)
    owner = PersonChoiceField(
        label=_("Owner"),
        queryset=Person.objects.none(),
        required=False,
        error_messages={"invalid_choice": PERSON_NOT_OF_TEAM},
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = [
        "name",
        "offering",
        "business_unit",
        "kind",
        "value",
        "stage",
        "probability",
        "expected_close",
        "competitor",
        "owner",
        "notes",
    ]

    def __init__(
        self,
        *args: Any,
        account: Account,
        units: QuerySet[BusinessUnit],
        people: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, account=account, **kwargs)
        self.fields["business_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        if not self.is_bound and "expected_close" not in self.initial:
            self.fields["expected_close"].initial = timezone.localdate() + datetime.timedelta(
                days=90
            )

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("currency", None)
        data["competitor"] = data.get("competitor") or ""
        data["notes"] = data.get("notes") or ""
        return data


def stage_probability(stage: str) -> int:
    return STAGE_PROBABILITY.get(stage, 10)


OPPORTUNITY_STAGE_FILTERS = [
    ("open", _("Open")),
    ("all", _("All stages")),
    *OpportunityStage.choices,
]


class OpportunityFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), choices=OPPORTUNITY_STAGE_FILTERS, required=False, initial="open"
    )
    sort = forms.ChoiceField(
        choices=[(key, key) for key in OPPORTUNITY_SORTS],
        required=False,
        widget=forms.HiddenInput,
    )

    def filters(self) -> OpportunityFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return OpportunityFilters(
            stage=data.get("stage") or "open", sort=data.get("sort") or "close"
        )


# --- value initiatives --------------------------------------------------------------------


class SponsorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Stakeholder) -> str:
        return f"{obj.name} — {obj.title}" if obj.title else obj.name


class InitiativeForm(AccountForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    hypothesis = forms.CharField(
        label=_("Value hypothesis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the client would gain, and how we would know."),
    )
    sponsor = SponsorChoiceField(
        label=_("Executive sponsor"),
        queryset=Stakeholder.objects.none(),
        required=False,
        error_messages={"invalid_choice": SPONSOR_NOT_OF_ACCOUNT},
        help_text=_(
            "The client's executive who sponsors it; add people on the Relationships page."
        ),
    )
    status = forms.ChoiceField(label=_("Status"), choices=InitiativeStatus.choices)
    expected_value = amount_field(_("Expected value"))
    offering = forms.ModelChoiceField(
        label=_("Related offering"), queryset=Offering.objects.all(), required=False
    )
    shared_on = forms.DateField(
        label=_("Shared on"),
        required=False,
        widget=date_input(),
        help_text=_("Empty: today, once the status is shared or further."),
    )
    adopted_on = forms.DateField(
        label=_("Adopted on"),
        required=False,
        widget=date_input(),
        help_text=_("Empty: today, once the status is adopted."),
    )
    field_order = [
        "title",
        "hypothesis",
        "sponsor",
        "status",
        "expected_value",
        "offering",
        "shared_on",
        "adopted_on",
    ]

    def __init__(
        self, *args: Any, account: Account, sponsors: QuerySet[Stakeholder], **kwargs: Any
    ) -> None:
        super().__init__(*args, account=account, **kwargs)
        self.fields["sponsor"].queryset = sponsors  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("currency", None)
        data["hypothesis"] = data.get("hypothesis") or ""
        return data


# --- the portfolio ------------------------------------------------------------------------


class GrowthFilterForm(PortfolioFilterForm):
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=[("", _("All currencies")), *CURRENCY_CHOICES],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sort"].choices = [(key, key) for key in GROWTH_SORTS]  # type: ignore[attr-defined]

    def growth_filters(self) -> GrowthFilters:
        portfolio = self.filters()
        data = self.cleaned_data if self.is_valid() else {}
        sort = data.get("sort") or GROWTH_DEFAULT_SORT
        return GrowthFilters(
            portfolio=PortfolioFilters(
                query=portfolio.query,
                tier=portfolio.tier,
                lead=portfolio.lead,
                industry=portfolio.industry,
                sort=sort,
            ),
            currency=data.get("currency") or "",
        )
