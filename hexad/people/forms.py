from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hexad.people.models import Department, Person, RatingSource
from hexad.roles.forms import RoleChoiceField
from hexad.roles.models import Role


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("All departments"),
    )


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "email", "job_title", "department", "capacity", "is_active"]


RATING_CHOICE = _("Choose a whole number from 1 to 5.")
SOURCE_CHOICE = _("Choose a self rating or a manager rating you may give.")
NOTE_TEXT_MISSING = _("Write what the person will do to grow in the role.")
NOTE_ROLE_MISSING = _("Choose the role this step develops.")


def first_error(form: forms.BaseForm) -> str | None:
    """The name of the first field (in form order) with an error."""
    return next((name for name in form.fields if name in form.errors), None)


def focus_first_error(form: forms.BaseForm) -> None:
    """After an HTMX swap the browser focuses the first field in error (`autofocus`)."""
    name = first_error(form)
    if name is not None:
        form.fields[name].widget.attrs["autofocus"] = True


class RatingForm(forms.Form):
    """A self or manager rating of one role. The source is the only one the user may give
    unless they may give both (a programme leader rating themself)."""

    role = forms.ModelChoiceField(
        label=_("Role"), queryset=Role.objects.all(), widget=forms.HiddenInput
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[(value, str(value)) for value in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": RATING_CHOICE, "invalid_choice": RATING_CHOICE},
    )
    source = forms.ChoiceField(
        label=_("Given as"),
        choices=RatingSource.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": SOURCE_CHOICE},
    )
    rated_on = forms.DateField(
        label=_("Rated on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Today when left empty."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("Optional: what the rating is based on."),
    )

    def __init__(self, *args: Any, sources: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sources = sources
        field = self.fields["source"]
        field.choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in RatingSource.choices if value in sources
        ]
        field.initial = sources[0] if sources else None
        self.fields["rated_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    @property
    def first_error(self) -> str | None:
        return first_error(self)

    @property
    def offers_choice(self) -> bool:
        return len(self.sources) > 1

    @property
    def source_label(self) -> str:
        """The name of the first source the user may give (the only one, usually)."""
        return str(RatingSource(self.sources[0]).label) if self.sources else ""

    def clean_source(self) -> str:
        source: str = self.cleaned_data.get("source") or ""
        if not source and len(self.sources) == 1:
            return self.sources[0]
        if source not in self.sources:
            raise forms.ValidationError(SOURCE_CHOICE)
        return source


class QuickRatingForm(forms.Form):
    """A manager rating given in place on the team view: person, role and 1–5."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    role = RoleChoiceField(label=_("Role"))
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[(value, str(value)) for value in range(1, 6)],
        coerce=int,
        error_messages={"required": RATING_CHOICE, "invalid_choice": RATING_CHOICE},
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class DevelopmentNoteForm(forms.Form):
    role = RoleChoiceField(
        label=_("Role"),
        empty_label=_("Choose a role…"),
        error_messages={"required": NOTE_ROLE_MISSING, "invalid_choice": NOTE_ROLE_MISSING},
    )
    text = forms.CharField(
        label=_("Development step"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": NOTE_TEXT_MISSING},
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def show_roles(self, roles: list[Role]) -> None:
        """Renders the role choices from roles already read (validation still queries)."""
        self.fields["role"].widget.choices = [
            ("", self.fields["role"].empty_label),  # type: ignore[attr-defined]
            *((role.pk, role.name) for role in roles),
        ]


class NoteDoneForm(forms.Form):
    done = forms.TypedChoiceField(
        label=_("Done"), choices=[("1", _("Done")), ("0", _("Not done"))], coerce=lambda v: v == "1"
    )
