"""The administrators' "Export everything" page and its download (QUALITY.md Q13)."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hexad.core.exports import attachment
from hexad.core.fullexport import FORMAT, VERSION, export_everything, exported_models
from hexad.core.http import AuthedRequest

# The file is built on disk past this size, not in memory.
IN_MEMORY_UP_TO = 16 * 1024 * 1024


def _require_administrator(request: AuthedRequest) -> None:
    if not request.user.is_administrator:
        raise Http404("Only administrators export everything.")


@login_required
@require_GET
def export_page(request: AuthedRequest) -> HttpResponse:
    _require_administrator(request)
    tables = sorted(str(model._meta.verbose_name_plural) for model in exported_models())
    return render(
        request,
        "core/export_everything.html",
        {"tables": tables, "format": FORMAT, "version": VERSION},
    )


@login_required
@require_GET
def export_download(request: AuthedRequest) -> FileResponse:
    """Everything as JSON, written from one snapshot, then sent (secrets included: see
    hexad/core/fullexport.py; `without_secrets=1` leaves them out)."""
    _require_administrator(request)
    secrets = request.GET.get("without_secrets") != "1"
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_UP_TO)  # noqa: SIM115 - FileResponse closes it
    export_everything(spool, include_secrets=secrets)
    spool.seek(0)
    response = FileResponse(spool, content_type="application/json")
    attachment(response, f"hexad-export-{timezone.localtime():%Y-%m-%d-%H%M}.json")
    return response
