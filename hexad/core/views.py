"""Site-wide views: the home redirect and the language switcher."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import activate
from django.views.decorators.http import require_GET, require_POST

from hexad.people.services import user_set_language


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:portfolio" if request.user.is_authenticated else "login")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switches the interface language; a signed-in user keeps it for next time."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
        activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
            httponly=True,
        )
    return response
