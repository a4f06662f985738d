"""The import pages: upload, map the columns, preview (the dry run), confirm; and the
Salesforce team-role mapping. Only people who manage the portfolio (programme leaders
and administrators) may use them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hexad.core.exceptions import AccessDenied
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.transfer import selectors, services
from hexad.transfer.engine import ImportResult
from hexad.transfer.forms import MappingForm, RoleMappingForm, UploadForm
from hexad.transfer.importers import IMPORTERS
from hexad.transfer.models import SalesforceRoleMapping
from hexad.transfer.readers import FileProblem, max_bytes, size_text

# Where to look at what an import brought in.
LANDING = {
    "people": "people:list",
    "opportunities": "growth:portfolio",
    "financials": "growth:portfolio",
    "actions": "planning:my-work",
    "conflicts": "staffing:exclusions",
    "role-restrictions": "staffing:exclusions",
}


def _check_manager(request: AuthedRequest) -> None:
    if not request.user.manages_portfolio:
        raise AccessDenied


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: AuthedRequest) -> HttpResponse:
    _check_manager(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            batch = services.batch_create(
                owner=request.user,
                kind=form.cleaned_data["kind"],
                stream=uploaded.file,
                name=uploaded.name,
            )
        except FileProblem as problem:
            form.add_error("file", str(problem))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("transfer:map", pk=batch.pk)
    return render(
        request,
        "transfer/import_upload.html",
        {"form": form, "limit": size_text(max_bytes()), "kinds": IMPORTERS.values()},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def batch_map(request: AuthedRequest, pk: int) -> HttpResponse:
    _check_manager(request)
    batch = selectors.batch_get(user=request.user, pk=pk)
    form = MappingForm(request.POST or None, batch=batch)
    if request.method == "POST" and form.is_valid():
        services.batch_check(batch=batch, mapping=form.mapping(), options=form.options())
        return redirect("transfer:preview", pk=batch.pk)
    return render(
        request,
        "transfer/import_map.html",
        {
            "batch": batch,
            "form": form,
            "label": IMPORTERS[batch.kind].label,
            "sample": batch.rows[:3],
            "row_count": len(batch.rows),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET"])
def batch_preview(request: AuthedRequest, pk: int) -> HttpResponse:
    _check_manager(request)
    batch = selectors.batch_get(user=request.user, pk=pk)
    if batch.result is None:
        return redirect("transfer:map", pk=batch.pk)
    result = ImportResult.from_dict(batch.result)
    importer = IMPORTERS[batch.kind]
    keys = [c.key for c in importer.columns if c.key in batch.mapping]
    labels = {c.key: c.label for c in importer.columns}
    return render(
        request,
        "transfer/import_preview.html",
        {
            "batch": batch,
            "result": result,
            "label": importer.label,
            "columns": [(key, labels[key], batch.header[batch.mapping[key]]) for key in keys],
            "preview": [
                (row.get("row", ""), [row.get(key, "") for key in keys]) for row in result.preview
            ],
            "more_problems": result.problem_count - len(result.problems),
        },
    )


@login_required
@require_POST
def batch_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    _check_manager(request)
    batch = selectors.batch_get(user=request.user, pk=pk)
    kind = batch.kind
    try:
        result = services.batch_confirm(batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("transfer:map", pk=pk)
    if not result.written:
        messages.error(request, _("Nothing was imported: the file has problems, listed below."))
        return redirect("transfer:preview", pk=pk)
    messages.success(
        request,
        _("Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect(LANDING.get(kind, "accounts:portfolio"))


@login_required
@require_POST
def batch_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    _check_manager(request)
    services.batch_cancel(batch=selectors.batch_get(user=request.user, pk=pk))
    messages.info(request, _("The import was cancelled; nothing was written."))
    return redirect("transfer:upload")


@login_required
@require_http_methods(["GET", "POST"])
def role_mappings(request: AuthedRequest) -> HttpResponse:
    _check_manager(request)
    form = RoleMappingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_mapping_save(mapping=None, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The team role is mapped."))
            return redirect("transfer:roles")
    return render(
        request,
        "transfer/role_mappings.html",
        {"form": form, "mappings": list(selectors.role_mappings())},
        status=400 if form.errors else 200,
    )


def _mapping(pk: int) -> SalesforceRoleMapping:
    mapping = SalesforceRoleMapping.objects.filter(pk=pk).first()
    if mapping is None:
        raise Http404("No such mapping.")
    return mapping


@login_required
@require_http_methods(["GET", "POST"])
def role_mapping_edit(request: AuthedRequest, mapping_pk: int) -> HttpResponse:
    _check_manager(request)
    mapping = _mapping(mapping_pk)
    form = RoleMappingForm(request.POST or None, instance=mapping)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_mapping_save(
                mapping=SalesforceRoleMapping.objects.get(pk=mapping.pk), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The team role mapping is saved."))
            return redirect("transfer:roles")
    return render(
        request,
        "transfer/role_mapping_form.html",
        {"form": form, "mapping": mapping},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def role_mapping_delete(request: AuthedRequest, mapping_pk: int) -> HttpResponse:
    _check_manager(request)
    services.role_mapping_delete(mapping=_mapping(mapping_pk))
    messages.success(request, _("The team role mapping is removed."))
    return redirect(reverse("transfer:roles"))
