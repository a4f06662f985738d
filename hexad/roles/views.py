"""The page that explains the roles, and the administrators' editor of the catalogue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hexad.core.exceptions import AccessDenied
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.coverage.engine import FORMULA_VERSION
from hexad.roles import services
from hexad.roles.forms import RoleForm
from hexad.roles.models import Role


@login_required
@require_GET
def guide(request: AuthedRequest) -> HttpResponse:
    roles = list(Role.objects.prefetch_related("tiers"))
    return render(
        request,
        "roles/role_guide.html",
        {
            "roles": roles,
            "can_edit": request.user.is_administrator,
            "formula_version": FORMULA_VERSION,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_edit(request: AuthedRequest, key: str | None = None) -> HttpResponse:
    if not request.user.is_administrator:
        raise AccessDenied
    role = None
    if key is not None:
        role = Role.objects.filter(key=key).first()
        if role is None:
            raise Http404("No such role.")
    form = RoleForm(request.POST or None, instance=role)
    if request.method == "POST" and form.is_valid():
        try:
            if role is None:
                saved = services.role_create(**form.cleaned_data)
            else:
                saved = services.role_update(role=Role.objects.get(pk=role.pk), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Role %(role)s saved.") % {"role": saved})
            return redirect(f"{redirect('roles:guide').url}#{saved.key}")
    return render(
        request,
        "roles/role_form.html",
        {"form": form, "role": role},
        status=400 if form.errors else 200,
    )
