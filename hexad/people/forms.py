from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hexad.people.models import Department, Person


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
