"""Forms of the planning pages: they parse and validate input; services do the writing.

Choices (owners, objectives, roles, attendees) are built from objects the page has already
read, so a form costs no query of its own, and an id from elsewhere (another account's
stakeholder, someone not on the team) is refused with a message naming the field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import Tier
from hexad.core.forms import FastSelect
from hexad.people.models import Person
from hexad.planning.models import (
    ActionStatus,
    BlockerCategory,
    BlockerStatus,
    ResourceKind,
    ResourceStatus,
    ReviewKind,
    RiskLevel,
)
from hexad.planning.selectors import BLOCKER_FILTERS, PORTFOLIO_SORTS, PortfolioFilters

NOT_ON_TEAM = _("Choose someone on this account's team.")
NOT_OF_THIS_PLAN = _("Choose an objective of this plan.")
NOT_OF_THIS_ACCOUNT = _("Choose a stakeholder of this account.")
UNKNOWN_PERSON = _("Choose one of our people from the list.")
UNKNOWN_ROLE = _("Choose one of the roles.")


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def focus_first_error(form: forms.BaseForm) -> None:
    """After an HTMX swap the browser focuses the first field in error (`autofocus`)."""
    name = next((name for name in form.fields if name in form.errors), None)
    if name is not None:
        form.fields[name].widget.attrs["autofocus"] = True


class ObjectChoiceField(forms.ChoiceField):
    """One of `objects` (already loaded), chosen by id; cleans to the object."""

    widget = FastSelect

    def __init__(
        self,
        *,
        objects: Sequence[models.Model] = (),
        label_of: Callable[[Any], str] = str,
        empty_label: Any = "—",
        invalid: Any = None,
        **kwargs: Any,
    ) -> None:
        self.objects = {str(obj.pk): obj for obj in objects}
        choices = [("", empty_label)] + [(key, label_of(obj)) for key, obj in self.objects.items()]
        messages = {"invalid_choice": invalid} if invalid else {}
        super().__init__(choices=choices, error_messages=messages, **kwargs)

    def clean(self, value: Any) -> Any:
        key = super().clean(value)
        return self.objects.get(key) if key else None


class ObjectMultipleChoiceField(forms.MultipleChoiceField):
    def __init__(
        self,
        *,
        objects: Sequence[models.Model] = (),
        label_of: Callable[[Any], str] = str,
        invalid: Any = None,
        **kwargs: Any,
    ) -> None:
        self.objects = {str(obj.pk): obj for obj in objects}
        choices = [(key, label_of(obj)) for key, obj in self.objects.items()]
        messages = {"invalid_choice": invalid} if invalid else {}
        super().__init__(choices=choices, error_messages=messages, **kwargs)

    def clean(self, value: Any) -> Any:
        keys = super().clean(value)
        return [self.objects[key] for key in keys]


def person_name(person: Person) -> str:
    return person.full_name


# --- plans ---------------------------------------------------------------------------------------


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.DateField(label=_("Period start"), widget=date_input())
    period_end = forms.DateField(label=_("Period end"), widget=date_input())


class PlanSectionsForm(forms.Form):
    """The plan's text sections, edited in place."""

    goals = forms.CharField(
        label=_("Goals"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    client_priorities = forms.CharField(
        label=_("Client priorities and initiatives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    strategies = forms.CharField(
        label=_("Strategies"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ObjectiveForm(forms.Form):
    title = forms.CharField(label=_("Objective"), max_length=200)
    metric = forms.CharField(label=_("Metric"), max_length=120)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=14, decimal_places=2)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)
    current_value = forms.DecimalField(
        label=_("Current value"), max_digits=14, decimal_places=2, required=False
    )
    due_date = forms.DateField(label=_("Due date"), widget=date_input())


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = ObjectChoiceField(label=_("Owner"))
    due_date = forms.DateField(label=_("Due date"), required=False, widget=date_input())
    status = forms.ChoiceField(
        label=_("Status"),
        widget=FastSelect(),
        choices=ActionStatus.choices,
        initial=ActionStatus.OPEN,
    )
    role = ObjectChoiceField(label=_("Responsible role"))
    objective = ObjectChoiceField(label=_("Objective"))

    def __init__(
        self,
        *args: Any,
        owners: Sequence[Person],
        roles: Sequence[models.Model],
        objectives: Sequence[models.Model],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = ObjectChoiceField(
            label=_("Owner"),
            objects=owners,
            label_of=person_name,
            empty_label=_("Nobody yet"),
            invalid=NOT_ON_TEAM,
            required=False,
        )
        self.fields["role"] = ObjectChoiceField(
            label=_("Responsible role"),
            objects=roles,
            empty_label=_("No role"),
            invalid=UNKNOWN_ROLE,
            required=False,
        )
        self.fields["objective"] = ObjectChoiceField(
            label=_("Objective"),
            objects=objectives,
            empty_label=_("The plan as a whole"),
            invalid=NOT_OF_THIS_PLAN,
            required=False,
        )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), widget=FastSelect(), choices=ActionStatus.choices)


def action_status_choices() -> list[tuple[str, str]]:
    """The statuses with their labels in the request's language, translated once for a
    page whose every action row draws the status select."""
    return [(value, str(label)) for value, label in ActionStatus.choices]


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), widget=FastSelect(), choices=ResourceKind.choices)
    description = forms.CharField(label=_("What is needed"), max_length=300)
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=14, decimal_places=2, required=False, min_value=0
    )


class ResourceDecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        widget=FastSelect(),
        choices=[(ResourceStatus.APPROVED, _("Approve")), (ResourceStatus.DECLINED, _("Decline"))],
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RiskForm(forms.Form):
    description = forms.CharField(label=_("Risk"), max_length=300)
    likelihood = forms.TypedChoiceField(
        label=_("Likelihood"),
        widget=FastSelect(),
        choices=RiskLevel.choices,
        coerce=int,
        initial=RiskLevel.MEDIUM,
    )
    impact = forms.TypedChoiceField(
        label=_("Impact"),
        widget=FastSelect(),
        choices=RiskLevel.choices,
        coerce=int,
        initial=RiskLevel.MEDIUM,
    )
    mitigation = forms.CharField(
        label=_("Mitigation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- reviews -------------------------------------------------------------------------------------


def stakeholder_label(stakeholder: Any) -> str:
    return f"{stakeholder.name} — {stakeholder.title}" if stakeholder.title else stakeholder.name


def attendee_label(person: Person) -> str:
    if getattr(person, "on_team", False):
        return str(_("%(name)s (team)") % {"name": person.full_name})
    return person.full_name


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), widget=FastSelect(), choices=ReviewKind.choices)
    held_on = forms.DateField(
        label=_("Date"),
        widget=date_input(),
        help_text=_("A later date plans the review; record the minutes once it is held."),
    )
    people = ObjectMultipleChoiceField(label=_("Our attendees"))
    stakeholders = ObjectMultipleChoiceField(label=_("Their attendees"))
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(
        self,
        *args: Any,
        people: Sequence[Person],
        stakeholders: Sequence[models.Model],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"] = ObjectMultipleChoiceField(
            label=_("Our attendees"),
            objects=people,
            label_of=attendee_label,
            invalid=UNKNOWN_PERSON,
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 8}),
            help_text=_(
                "The account's team and whoever is chosen already; hold Ctrl (⌘ on a Mac) "
                "to choose several. At least one of ours."
            ),
        )
        self.fields["stakeholders"] = ObjectMultipleChoiceField(
            label=_("Their attendees"),
            objects=stakeholders,
            label_of=stakeholder_label,
            invalid=NOT_OF_THIS_ACCOUNT,
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 8}),
            help_text=_("The account's active stakeholders."),
        )


class DecisionForm(ActionForm):
    """A decision taken at a review: it becomes an action in the current plan."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["status"]
        title = self.fields.pop("title")
        title.label = _("Decision")
        title.required = False  # the service names an empty decision
        self.fields = {"text": title, **self.fields}


# --- blockers ------------------------------------------------------------------------------------


class BlockerForm(forms.Form):
    title = forms.CharField(label=_("Blocker"), max_length=200)
    category = forms.ChoiceField(
        label=_("Category"), widget=FastSelect(), choices=BlockerCategory.choices
    )
    owner = ObjectChoiceField(label=_("Owner"))
    raised_on = forms.DateField(label=_("Raised on"), widget=date_input())
    status = forms.ChoiceField(
        label=_("Status"),
        widget=FastSelect(),
        choices=BlockerStatus.choices,
        initial=BlockerStatus.OPEN,
    )
    escalated_to = ObjectChoiceField(label=_("Escalated to"))
    escalated_on = forms.DateField(label=_("Escalated on"), required=False, widget=date_input())
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    resolution = forms.CharField(
        label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        owners: Sequence[Person],
        people: Sequence[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = ObjectChoiceField(
            label=_("Owner"),
            objects=owners,
            label_of=person_name,
            empty_label=_("Nobody yet"),
            invalid=NOT_ON_TEAM,
            required=False,
        )
        self.fields["escalated_to"] = ObjectChoiceField(
            label=_("Escalated to"),
            objects=people,
            label_of=person_name,
            empty_label=_("Not escalated"),
            invalid=UNKNOWN_PERSON,
            required=False,
        )


# --- lists ---------------------------------------------------------------------------------------


class PortfolioFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    tier: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Tier"), queryset=Tier.objects.none(), required=False, empty_label=_("All tiers")
    )
    overdue = forms.BooleanField(label=_("Overdue reviews only"), required=False)
    sort = forms.ChoiceField(
        choices=[(key, key) for key in PORTFOLIO_SORTS], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, tiers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = tiers  # type: ignore[attr-defined]

    def filters(self) -> PortfolioFilters:
        data = self.cleaned_data if self.is_valid() else {}
        tier = data.get("tier")
        return PortfolioFilters(
            query=(data.get("q") or "").strip(),
            tier=tier.pk if tier else None,
            overdue_only=bool(data.get("overdue")),
            sort=data.get("sort") or "due",
        )


BLOCKER_FILTER_LABELS = {
    "active": _("Open and escalated"),
    "open": _("Open"),
    "escalated": _("Escalated"),
    "resolved": _("Resolved"),
    "all": _("All"),
}
assert set(BLOCKER_FILTER_LABELS) == set(BLOCKER_FILTERS)
