"""Signing in and sessions (QUALITY.md Q4) and the language kept on the user.

Sign-ins go through the login page (django-axes needs the request, so Client.login()
cannot be used with its backend). Axes keeps failed attempts in the database, rolled back
after each test.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hexad.core.middleware import IDLE_KEY
from hexad.people.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-much-longer-passphrase-42"


@pytest.fixture(autouse=True)
def _fast_tests(settings: Any) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True
    # Messages read outside a request are compared in English, whatever was left active.
    with translation.override("en"):
        yield


def sign_in(client: Client, username: str, password: str = TEST_PASSWORD) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


# --- throttling (django-axes) -------------------------------------------------------------------


def test_settings_lock_after_five_failures_per_username_and_address() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_a_wrong_password_is_refused_with_a_message(member: Any, client: Client) -> None:
    response = sign_in(client, "member", "wrong-password")

    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()
    assert signed_in_user_id(client) is None


def test_the_sixth_attempt_is_refused_even_with_the_right_password(
    member: Any, client: Client
) -> None:
    failures = [sign_in(client, "member", "wrong-password").status_code for _ in range(5)]
    # The fifth failure is answered with the lock-out already.
    assert failures == [200, 200, 200, 200, 429]

    response = sign_in(client, "member")

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert client.get(reverse("accounts:portfolio")).status_code == 302


def test_four_failures_do_not_lock_and_a_success_starts_the_count_again(
    member: Any, client: Client
) -> None:
    for _attempt in range(4):
        sign_in(client, "member", "wrong-password")
    assert sign_in(client, "member").status_code == 302
    client.post(reverse("logout"))

    for _attempt in range(4):
        sign_in(client, "member", "wrong-password")
    assert sign_in(client, "member").status_code == 302


def test_a_locked_username_does_not_lock_out_other_users(
    member: Any, viewer: Any, client: Client
) -> None:
    for _attempt in range(5):
        sign_in(client, "member", "wrong-password")

    assert sign_in(client, "viewer").status_code == 302
    assert signed_in_user_id(client) == str(viewer.pk)


# --- sessions --------------------------------------------------------------------------------


def test_signing_in_starts_a_new_session(member: Any, client: Client) -> None:
    anonymous = client.session
    anonymous["seen_before_login"] = True
    anonymous.save()
    before = anonymous.session_key

    response = sign_in(client, "member")

    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert signed_in_user_id(client) == str(member.pk)


def test_signing_out_ends_the_session_for_good(member: Any, client: Client) -> None:
    sign_in(client, "member")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    # A copy of the old cookie opens nothing.
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert replay.get(reverse("accounts:portfolio"))["Location"].startswith("/login/")


def test_changing_the_password_keeps_this_session_and_ends_the_others(member: Any) -> None:
    here, elsewhere = Client(), Client()
    sign_in(here, "member")
    sign_in(elsewhere, "member")
    assert elsewhere.get(reverse("accounts:portfolio")).status_code == 200

    response = here.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert here.get(reverse("accounts:portfolio")).status_code == 200
    assert elsewhere.get(reverse("accounts:portfolio"))["Location"].startswith("/login/")
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_a_session_left_idle_too_long_is_ended(member: Any, client: Client) -> None:
    client.force_login(member)
    session = client.session
    session[IDLE_KEY] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()

    response = client.get(reverse("accounts:portfolio"))

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert signed_in_user_id(client) is None


def test_a_session_in_use_is_kept_and_its_clock_restarted(member: Any, client: Client) -> None:
    client.force_login(member)
    session = client.session
    session[IDLE_KEY] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT + 60
    session.save()

    response = client.get(reverse("accounts:portfolio"))

    assert response.status_code == 200
    assert client.session[IDLE_KEY] >= int(time.time()) - 5


# --- password rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Xk3#pQ", "This password is too short. It must contain at least 12 characters."),
        ("telechargement", "This password is too common."),
        ("839201746152", "This password is entirely numeric."),
        ("member12", "The password is too similar to the username."),
    ],
    ids=["short", "common", "numeric", "like-username"],
)
def test_password_rules_refuse_weak_passwords(password: str, message: str, member: Any) -> None:
    with pytest.raises(ValidationError) as error:
        validate_password(password, member)
    assert message in error.value.messages


def test_a_strong_password_passes_the_rules(member: Any) -> None:
    validate_password(NEW_PASSWORD, member)


def test_the_password_form_refuses_a_weak_new_password_and_keeps_the_old(
    member: Any, client: Client
) -> None:
    sign_in(client, "member")

    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "short", "new_password2": "short"},
    )

    assert "This password is too short." in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(TEST_PASSWORD)


# --- the language switcher ---------------------------------------------------------------------


def test_the_language_switch_is_kept_on_the_user_and_the_next_page_is_polish(
    member: Any, client: Client
) -> None:
    sign_in(client, "member")

    response = client.post(reverse("set-language"), {"language": "pl", "next": "/people/"})

    assert response.status_code == 302
    assert response["Location"] == "/people/"
    member.refresh_from_db()
    assert member.language == "pl"
    page = client.get("/people/", headers={"Accept-Language": "en"})
    assert '<html lang="pl">' in page.content.decode()
    assert page.headers["Content-Language"] == "pl"


def test_the_users_language_follows_them_to_a_new_session(member: Any) -> None:
    member.language = "pl"
    member.save()
    client = Client(headers={"Accept-Language": "en-GB,en"})
    sign_in(client, "member")

    page = client.get(reverse("accounts:portfolio"))

    assert '<html lang="pl">' in page.content.decode()
    assert page.headers["Content-Language"] == "pl"


def test_an_anonymous_visitor_gets_the_language_in_a_cookie(client: Client) -> None:
    response = client.post(reverse("set-language"), {"language": "pl", "next": "/login/"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"
    assert '<html lang="pl">' in client.get("/login/").content.decode()


def test_an_unknown_language_changes_nothing(member: Any, client: Client) -> None:
    sign_in(client, "member")

    client.post(reverse("set-language"), {"language": "xx", "next": "/people/"})

    member.refresh_from_db()
    assert member.language == ""
    assert '<html lang="en">' in client.get("/people/").content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:1"])
def test_the_language_switch_does_not_redirect_off_site(target: str, client: Client) -> None:
    response = client.post(reverse("set-language"), {"language": "en", "next": target})

    assert response["Location"] == "/"


def test_a_user_without_a_person_sees_the_pages_too(client: Client) -> None:
    lonely = UserFactory(username="lonely")
    client.force_login(lonely)
    assert client.get(reverse("accounts:portfolio")).status_code == 200
