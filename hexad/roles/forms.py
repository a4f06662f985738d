from typing import Any

from django import forms

from hexad.core.forms import FastSelect
from hexad.roles.models import Role
from hexad.roles.selectors import role_catalogue

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = [
            "key", "order", "name_en", "name_pl", "purpose_en", "purpose_pl",
            "missing_en", "missing_pl", "tips_en", "tips_pl", "anchor_1_en", "anchor_1_pl",
            "anchor_3_en", "anchor_3_pl", "anchor_5_en", "anchor_5_pl",
        ]  # fmt: skip
        widgets = {
            name: TEXTAREA
            for name in ("purpose_en", "purpose_pl", "missing_en", "missing_pl", "tips_en",
                         "tips_pl", "anchor_1_en", "anchor_1_pl", "anchor_3_en", "anchor_3_pl",
                         "anchor_5_en", "anchor_5_pl")
        }  # fmt: skip

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_builtin:
            self.fields["key"].disabled = True


def _role_rows() -> list[tuple[int, str]]:
    return [(role.pk, role.name) for role in role_catalogue()]


class RoleChoiceField(forms.ModelChoiceField):
    """A choice of one role. The choice is checked against the roles table; the options
    are drawn from the kept role catalogue, so showing the form costs no query."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Role.objects.all())
        kwargs.setdefault("widget", FastSelect())
        super().__init__(**kwargs)
        if isinstance(self.widget, FastSelect):
            self.widget.rows = _role_rows
