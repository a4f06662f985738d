from django import forms

from hexad.roles.models import Role

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
