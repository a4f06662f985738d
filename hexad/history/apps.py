from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "hexad.history"
    label = "history"
    verbose_name = _("History")

    def ready(self) -> None:
        from hexad.history.tracked import register_domain_models

        register_domain_models()
