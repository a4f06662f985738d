"""Background task of the team designer, run by `hexad worker`."""

from __future__ import annotations

from django.tasks import task

from hexad.staffing import services


@task
def run_staffing(run_id: int) -> str:
    """Solves a queued team designer run and stores its proposal."""
    return services.run_execute(run_id=run_id).status
