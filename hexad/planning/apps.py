from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "hexad.planning"
    label = "planning"
    verbose_name = _("Plans and reviews")

    def ready(self) -> None:
        from hexad.core.scheduling import PeriodicJob, register
        from hexad.planning.tasks import (
            daily_digest_due,
            refresh_planning_summaries,
            refresh_summaries_due,
            send_daily_digests,
        )

        register(
            PeriodicJob(name="daily work digest", is_due=daily_digest_due, task=send_daily_digests)
        )
        register(
            PeriodicJob(
                name="daily planning summaries",
                is_due=refresh_summaries_due,
                task=refresh_planning_summaries,
            )
        )
