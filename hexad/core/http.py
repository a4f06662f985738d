"""Request types for views: a signed-in user and HTMX details, typed."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from hexad.people.models import User


class AuthedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
