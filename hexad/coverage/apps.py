from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "hexad.coverage"
    label = "coverage"
    verbose_name = _("Role coverage")

    def ready(self) -> None:
        from hexad.core.hooks import register_accounts_refresher
        from hexad.coverage.services import refresh_accounts

        register_accounts_refresher(refresh_accounts)
