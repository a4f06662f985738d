"""The team designer's forms: the scope, the weights and the limits of a run; a conflict
and a role restriction (pairs the designer never proposes).

Accounts and people are chosen with a type-ahead (hexad/picker.js): the pages never
list the whole portfolio or everyone of ours."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import flatatt
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import Account, Tier
from hexad.core.forms import FastSelect, FastSelectMultiple
from hexad.people.models import Department, Person
from hexad.roles.forms import RoleChoiceField
from hexad.staffing.selectors import DEFAULT_OPTIONS


class ChosenSelectMultiple(FastSelectMultiple):
    """A multiple select that lists only the chosen objects, not the whole queryset: the
    type-ahead adds the ones found to it (one query, none when nothing is chosen)."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        values = value if isinstance(value, list | tuple) else [value]
        chosen = [str(v) for v in values if v is not None and str(v).isdigit()]
        queryset = getattr(self.choices, "queryset", None)
        self.rows = []
        if queryset is not None and chosen:
            self.rows = list(queryset.filter(pk__in=chosen).values_list("pk", self.label_field))
        return super().render(name, value, attrs, renderer)


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
        widget=ChosenSelectMultiple(attrs={"size": 4}, label_field="name"),
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


# --- conflicts and role restrictions ----------------------------------------------------

NO_PERSON = _("Nobody of ours matches “%(text)s”; check the spelling or type part of the name.")
SEVERAL_PEOPLE = _(
    "Several people match “%(text)s” (%(names)s); type more of the name or choose from the list."
)
NO_ACCOUNT = _("No account matches “%(text)s”; check the spelling or type part of the name.")
SEVERAL_ACCOUNTS = _(
    "Several accounts match “%(text)s” (%(names)s); type more of the name or choose from the list."
)


class LookupInput(forms.Widget):
    """One object chosen by name: a text box that hexad/picker.js turns into a combobox
    offering matches from `search_url`; a hidden input keeps the chosen id. Without the
    script the typed name is looked up when the form is sent (see `LookupField`)."""

    def __init__(self, search_url: Any, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.search_url = search_url

    def value_from_datadict(self, data: Any, files: Any, name: str) -> tuple[str, str]:
        return (str(data.get(name, "")), str(data.get(f"{name}_text", "")))

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_text" not in data

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        key, text = value if isinstance(value, tuple) else ("", "")
        final_attrs = self.build_attrs(self.attrs, attrs)
        widget_id = final_attrs.get("id", f"id_{name}")
        results = f"{widget_id}-results"
        final_attrs.update(
            {
                "type": "text",
                "id": widget_id,
                "name": f"{name}_text",
                "value": text,
                "role": "combobox",
                "aria-autocomplete": "list",
                "aria-expanded": "false",
                "aria-controls": results,
                "autocomplete": "off",
                "spellcheck": "false",
            }
        )
        return format_html(
            '<div class="picker-box" data-picker="one" data-picker-url="{}" data-picker-field="{}">'
            '<input type="hidden" name="{}" value="{}">'
            "<input{}>"
            '<ul id="{}" role="listbox" class="picker-results" hidden></ul>'
            "</div>",
            self.search_url,
            name,
            name,
            key,
            flatatt(final_attrs),
            results,
        )


class LookupField(forms.Field):
    """Cleans a `LookupInput` to one object: the chosen id while its name is still the one
    shown; otherwise the one object whose name is the typed text, or the only match."""

    def __init__(
        self,
        *,
        search_url: Any,
        queryset: models.QuerySet[Any],
        label_of: Callable[[Any], str],
        **kwargs: Any,
    ) -> None:
        self.queryset = queryset
        self.label_of = label_of
        self.search: Callable[[str], Sequence[Any]] = lambda text: []
        kwargs.setdefault("widget", LookupInput(search_url))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        key, text = value if isinstance(value, tuple) else ("", "")
        text = text.strip()
        if key.isdigit():
            chosen = self.queryset.filter(pk=int(key)).first()
            if chosen is not None and (not text or text == self.label_of(chosen)):
                return chosen
        if not text:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        matches = list(self.search(text))
        exact = [m for m in matches if self.label_of(m).casefold() == text.casefold()]
        if len(exact) == 1:
            return exact[0]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValidationError(
                self.error_messages["no_match"], code="no_match", params={"text": text}
            )
        names = ", ".join(self.label_of(m) for m in matches[:5])
        raise ValidationError(
            self.error_messages["several_match"],
            code="several_match",
            params={"text": text, "names": names},
        )


class ConflictNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("Why they are kept out, for whoever reads this later."),
    )


class ConflictForm(ConflictNoteForm):
    person = LookupField(
        label=_("Person"),
        search_url=reverse_lazy("staffing:person-search"),
        queryset=Person.objects.filter(is_active=True),
        label_of=lambda person: person.full_name,
        error_messages={"no_match": NO_PERSON, "several_match": SEVERAL_PEOPLE},
        help_text=_("Type part of a name, job title or e-mail and choose from the list."),
    )
    account = LookupField(
        label=_("Account"),
        search_url=reverse_lazy("staffing:account-search"),
        queryset=Account.objects.all(),
        label_of=lambda account: account.name,
        error_messages={"no_match": NO_ACCOUNT, "several_match": SEVERAL_ACCOUNTS},
        help_text=_("Type part of the account's name and choose from the list."),
    )
    field_order = ["person", "account", "note"]

    def __init__(
        self,
        *args: Any,
        search_people: Callable[[str], Sequence[Person]],
        search_accounts: Callable[[str], Sequence[Account]],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", "conflict-%s")
        super().__init__(*args, **kwargs)
        self.fields["person"].search = search_people  # type: ignore[attr-defined]
        self.fields["account"].search = search_accounts  # type: ignore[attr-defined]


class RestrictionForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.order_by("name", "id"),
        widget=FastSelect(label_field="name"),
        empty_label=_("Choose a department"),
    )
    role = RoleChoiceField(label=_("Role"), empty_label=_("Choose a role"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "restriction-%s")
        super().__init__(*args, **kwargs)
