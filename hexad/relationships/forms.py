"""Forms of the relationship pages: they parse and validate input; services do the writing.

Choices of stakeholders are always those of the account in hand, so an id of another
account's stakeholder is refused as "not a stakeholder of this account" without saying
whether such a stakeholder exists. The manager choices are built from facts the page has
already read, so they cost no query of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import Account
from hexad.core.forms import FastSelect, FastSelectMultiple
from hexad.people.models import Person
from hexad.relationships.metrics import StakeholderFacts, StakeholderFilters
from hexad.relationships.models import (
    CLOSED_CONCERN_STATUSES,
    Attitude,
    BuyingRole,
    ConcernStatus,
    InteractionKind,
    RelationshipLevel,
    Stakeholder,
    StakeholderLevel,
    StakeholderStatus,
    TechnicalConcern,
)

NOT_OF_THIS_ACCOUNT = _("Choose a stakeholder of this account.")
ANY_STATUS = "any"


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def focus_first_error(form: forms.BaseForm) -> None:
    """After an HTMX swap the browser focuses the first field in error (`autofocus`)."""
    name = next((name for name in form.fields if name in form.errors), None)
    if name is not None:
        form.fields[name].widget.attrs["autofocus"] = True


def person_label(person: Person) -> str:
    """A person's name, marked when on the account's team (`people_for` annotates it)."""
    if getattr(person, "on_team", False):
        return str(_("%(name)s (team)") % {"name": person.full_name})
    return person.full_name


class PersonChoiceField(forms.ModelChoiceField):
    widget = FastSelect

    def label_from_instance(self, obj: Person) -> str:
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    widget = FastSelectMultiple

    def label_from_instance(self, obj: Person) -> str:
        return person_label(obj)


def stakeholder_label(facts: StakeholderFacts) -> str:
    return f"{facts.name} — {facts.title}" if facts.title else facts.name


class StakeholdersField(forms.ModelMultipleChoiceField):
    widget = FastSelectMultiple

    def label_from_instance(self, obj: Stakeholder) -> str:
        return f"{obj.name} — {obj.title}" if obj.title else obj.name


class ManagerField(forms.TypedChoiceField):
    """A stakeholder of the account chosen from facts already read; cleans to an id."""

    widget = FastSelect

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            coerce=int,
            empty_value=None,
            required=False,
            error_messages={"invalid_choice": NOT_OF_THIS_ACCOUNT},
            **kwargs,
        )


def manager_choices(
    stakeholders: Iterable[StakeholderFacts], *, exclude: int | None = None
) -> list[tuple[Any, str]]:
    """Active stakeholders, most senior first, as choices (and "nobody")."""
    rows = sorted(
        (s for s in stakeholders if s.is_active and s.id != exclude),
        key=lambda s: (s.level, s.name.casefold(), s.id),
    )
    return [("", str(_("— nobody —"))), *((s.id, stakeholder_label(s)) for s in rows)]


class ManagersMixin:
    """Turns the chosen manager ids into stakeholders of the account (one query)."""

    account: Account
    cleaned_data: dict[str, Any]
    add_error: Any

    def _resolve_managers(self) -> None:
        ids: set[int] = {
            pk
            for name in ("reports_to", "dotted_manager")
            if (pk := self.cleaned_data.get(name)) is not None
        }
        found = Stakeholder.objects.filter(account=self.account, pk__in=ids).in_bulk()
        for name in ("reports_to", "dotted_manager"):
            pk = self.cleaned_data.get(name)
            if pk is None or name not in self.cleaned_data:
                continue
            if pk in found:
                self.cleaned_data[name] = found[pk]
            else:
                del self.cleaned_data[name]
                self.add_error(name, NOT_OF_THIS_ACCOUNT)


# --- filters -------------------------------------------------------------------------------


class StakeholderFilterForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Level"),
        choices=[("", _("All levels")), *StakeholderLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    attitude = forms.ChoiceField(
        label=_("Attitude"), choices=[("", _("All attitudes")), *Attitude.choices], required=False
    )
    buying_role = forms.ChoiceField(
        label=_("Buying role"),
        choices=[("", _("All buying roles")), *BuyingRole.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[*StakeholderStatus.choices, (ANY_STATUS, _("Any status"))],
        required=False,
        initial=StakeholderStatus.ACTIVE,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)

    def filters(self) -> StakeholderFilters:
        """The filters asked for; unreadable values are ignored, as a list page should."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or StakeholderStatus.ACTIVE
        return StakeholderFilters(
            level=data.get("level"),
            attitude=data.get("attitude") or "",
            buying_role=data.get("buying_role") or "",
            status="" if status == ANY_STATUS else status,
        )


# --- stakeholders -------------------------------------------------------------------------


class StakeholderForm(ManagersMixin, forms.ModelForm):
    """Adding (without status and version) or editing a stakeholder."""

    buying_roles = forms.MultipleChoiceField(
        label=_("Buying roles"),
        choices=BuyingRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reports_to = ManagerField(label=_("Reports to"))
    dotted_manager = ManagerField(
        label=_("Dotted-line manager"), help_text=_("A second manager in a matrix organisation.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Stakeholder
        fields = [
            "name",
            "title",
            "level",
            "business_unit",
            "buying_roles",
            "influence",
            "attitude",
            "competitor",
            "reports_to",
            "dotted_manager",
            "owner",
            "first_engaged",
            "status",
            "email",
            "phone",
            "external_id",
            "notes",
        ]
        field_classes = {"owner": PersonChoiceField}
        widgets = {
            "first_engaged": date_input(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "influence": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    def __init__(
        self,
        *args: Any,
        account: Account,
        stakeholders: Sequence[StakeholderFacts],
        people: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        instance = kwargs.get("instance") or Stakeholder(account=account)
        kwargs["instance"] = instance
        kwargs.setdefault("auto_id", "stakeholder-%s")
        if instance.pk:
            kwargs.setdefault("initial", {})
            kwargs["initial"] = {
                "buying_roles": list(instance.buying_roles),
                "reports_to": instance.reports_to_id,
                "dotted_manager": instance.dotted_manager_id,
                "version": instance.version,
                **kwargs["initial"],
            }
        super().__init__(*args, **kwargs)
        self.account = account
        choices = manager_choices(stakeholders, exclude=instance.pk)
        for name in ("reports_to", "dotted_manager"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]
        if "business_unit" in self.fields:
            units = self.fields["business_unit"]
            units.queryset = account.business_units.all()  # type: ignore[attr-defined]
            units.empty_label = _("— none —")  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["owner"].empty_label = _("— nobody —")  # type: ignore[attr-defined]
        if not instance.pk:
            self.fields.pop("status", None)
            self.fields.pop("version", None)

    def clean(self) -> dict[str, Any]:
        super().clean()
        self._resolve_managers()
        return self.cleaned_data

    def service_fields(self) -> dict[str, Any]:
        """What the services take: every field but the version."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class StakeholderQuickForm(StakeholderForm):
    """The Relationships page's short form: who they are and where they sit. The rest
    (contact details, dotted line, notes…) is added on their page."""

    class Meta(StakeholderForm.Meta):
        fields = [
            "name",
            "title",
            "level",
            "reports_to",
            "attitude",
            "influence",
            "owner",
            "buying_roles",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["dotted_manager"]


class MoveForm(ManagersMixin, forms.Form):
    reports_to = ManagerField(label=_("Reports to"))
    dotted_manager = ManagerField(label=_("Dotted-line manager"))

    def __init__(
        self,
        *args: Any,
        account: Account,
        stakeholder: Stakeholder,
        stakeholders: Sequence[StakeholderFacts],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "reports_to": stakeholder.reports_to_id,
                "dotted_manager": stakeholder.dotted_manager_id,
            },
        )
        kwargs.setdefault("auto_id", "move-%s")
        super().__init__(*args, **kwargs)
        self.account = account
        choices = manager_choices(stakeholders, exclude=stakeholder.pk)
        for name in ("reports_to", "dotted_manager"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        self._resolve_managers()
        return self.cleaned_data


# --- relationships -------------------------------------------------------------------------


def level_field(label: Any, initial: int) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=RelationshipLevel.choices,
        coerce=int,
        initial=initial,
        widget=FastSelect,
    )


class RelationshipLevelsForm(forms.Form):
    current_level = level_field(_("Current level"), RelationshipLevel.ACQUAINTED)
    desired_level = level_field(_("Desired level"), RelationshipLevel.WORKING)
    next_step = forms.CharField(label=_("Next step"), max_length=300, required=False)


class RelationshipAddForm(RelationshipLevelsForm):
    person = PersonChoiceField(label=_("Our person"), queryset=Person.objects.none())

    field_order = ["person", "current_level", "desired_level", "next_step"]

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "relationship-%s")
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


# --- interactions ---------------------------------------------------------------------------


class InteractionForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date"), widget=date_input())
    kind = forms.ChoiceField(label=_("Kind"), choices=InteractionKind.choices)
    people = PeopleChoiceField(
        label=_("Our people"),
        queryset=Person.objects.none(),
        widget=FastSelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    stakeholders = StakeholdersField(
        label=_("Their stakeholders"),
        queryset=Stakeholder.objects.none(),
        widget=FastSelectMultiple(attrs={"size": 8}),
        error_messages={"invalid_choice": NOT_OF_THIS_ACCOUNT},
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 4}))

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        stakeholders: QuerySet[Stakeholder],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = timezone.localdate()
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["people"].queryset = people  # type: ignore[attr-defined]
        self.fields["stakeholders"].queryset = stakeholders  # type: ignore[attr-defined]


# --- technical concerns ---------------------------------------------------------------------


class ConcernForm(forms.ModelForm):
    class Meta:
        model = TechnicalConcern
        fields = [
            "topic",
            "raised_by",
            "raised_on",
            "severity",
            "status",
            "owner",
            "due_date",
            "description",
            "resolution",
        ]
        field_classes = {"owner": PersonChoiceField}
        widgets = {
            "raised_on": date_input(),
            "due_date": date_input(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"raised_by": {"invalid_choice": NOT_OF_THIS_ACCOUNT}}

    def __init__(
        self,
        *args: Any,
        account: Account,
        people: QuerySet[Person],
        stakeholders: QuerySet[Stakeholder],
        **kwargs: Any,
    ) -> None:
        kwargs["instance"] = kwargs.get("instance") or TechnicalConcern(account=account)
        super().__init__(*args, **kwargs)
        self.fields["raised_by"].queryset = stakeholders  # type: ignore[attr-defined]
        self.fields["raised_by"].required = True
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["owner"].empty_label = _("— nobody —")  # type: ignore[attr-defined]
        self.fields["resolution"].help_text = _("Required when resolved or accepted as a risk.")


class ConcernResolveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Close as"),
        choices=[(s.value, s.label) for s in CLOSED_CONCERN_STATUSES],
        initial=ConcernStatus.RESOLVED,
    )
    resolution = forms.CharField(
        label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


CONCERN_STATUS_FILTERS = [
    ("active", _("Open or in progress")),
    ("", _("All")),
    *ConcernStatus.choices,
]
