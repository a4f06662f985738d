from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

TOKEN_NAME_MISSING = _("Name the token after where you will use it, e.g. “CRM sync”.")


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("Where the token will be used, so you know which one to revoke."),
        error_messages={"required": TOKEN_NAME_MISSING},
    )
