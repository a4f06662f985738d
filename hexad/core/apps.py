from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Django's own blank choice label, not yet in its Polish catalogue: translated in ours.
gettext_noop("- Select an option -")


class CoreConfig(AppConfig):
    name = "hexad.core"
    label = "core"
    verbose_name = _("Core")
