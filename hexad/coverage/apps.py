from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "hexad.coverage"
    label = "coverage"
    verbose_name = _("Role coverage")

    def ready(self) -> None:
        from hexad.core.hooks import register_accounts_refresher, register_people_refresher
        from hexad.coverage.services import refresh_accounts, refresh_people

        register_accounts_refresher(refresh_accounts)
        register_people_refresher(refresh_people)

        from hexad.core.scheduling import PeriodicJob, register
        from hexad.coverage.tasks import take_weekly_snapshot, weekly_snapshot_due

        register(
            PeriodicJob(
                name="weekly coverage snapshot",
                is_due=weekly_snapshot_due,
                task=take_weekly_snapshot,
            )
        )
