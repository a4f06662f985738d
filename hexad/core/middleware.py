"""Request middleware: the signed-in user's language and the idle session timeout."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import translation

IDLE_KEY = "hexad_last_seen"
# The session is written again at most this often, so a page view costs no extra query.
IDLE_GRANULARITY = 60


class UserLanguageMiddleware:
    """Uses the language kept on the user, over the cookie and the browser's wish."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        language = getattr(user, "language", "") if user.is_authenticated else ""
        previous = translation.get_language()
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # Leave the thread as it was, so work done outside requests is not in the
            # last user's language.
            if language and previous:
                translation.activate(previous)
            elif language:
                translation.deactivate()
        if language:
            response.headers.setdefault("Content-Language", language)
        return response


class IdleTimeoutMiddleware:
    """Ends a session left unused for SESSION_IDLE_TIMEOUT seconds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(IDLE_KEY)
            if last_seen is not None and now - int(last_seen) > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            elif last_seen is None or now - int(last_seen) >= IDLE_GRANULARITY:
                request.session[IDLE_KEY] = now
        return self.get_response(request)
