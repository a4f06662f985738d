"""Personal API tokens: the format, hashing at rest, the lifecycle (create, use, revoke),
the pages that manage them, and throttling of failed attempts (QUALITY.md Q4)."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from hexad.api.auth import TOKEN_CREDENTIALS
from hexad.api.models import ApiToken
from hexad.api.services import token_create, token_revoke, token_used
from hexad.api.tests.conftest import ApiClient
from hexad.api.tokens import TOKEN_PATTERN, token_parse
from hexad.people.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

GOOD_LOOKING = "hexad_0123456789ab_" + "A" * 43


# --- the token itself --------------------------------------------------------------------------


def test_a_token_is_a_prefix_and_a_32_byte_secret(member: Any) -> None:
    created = token_create(user=member, name="CRM sync")

    assert TOKEN_PATTERN.match(created.secret)
    parts = token_parse(created.secret)
    assert parts is not None
    assert parts.prefix == created.token.prefix
    assert len(parts.secret) == 43  # 32 bytes, URL-safe base64 without padding


def test_only_the_sha256_of_the_secret_is_stored(member: Any) -> None:
    created = token_create(user=member, name="CRM sync")
    parts = token_parse(created.secret)
    assert parts is not None

    stored = ApiToken.objects.get()
    assert stored.digest == hashlib.sha256(parts.secret.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert parts.secret not in row
    assert created.secret not in row


def test_two_tokens_never_share_a_prefix_or_a_secret(member: Any) -> None:
    secrets = {token_create(user=member, name=f"t{n}").secret for n in range(20)}
    assert len(secrets) == 20
    assert ApiToken.objects.values("prefix").distinct().count() == 20


def test_a_token_needs_a_name(member: Any) -> None:
    with pytest.raises(Exception, match="blank"):
        token_create(user=member, name="   ")
    assert not ApiToken.objects.exists()


# --- the lifecycle ---------------------------------------------------------------------------


def test_a_token_works_until_it_is_revoked(member: Any) -> None:
    created = token_create(user=member, name="CRM sync")
    api = ApiClient(secret=created.secret)

    me = api.get("/me")
    assert me.status_code == 200
    assert me.json()["username"] == "member"

    token_revoke(token=created.token)
    refused = api.get("/me")

    assert refused.status_code == 401
    assert refused.json() == {
        "detail": "This API token is not valid: it is mistyped, revoked, or its user is inactive."
    }
    assert refused["WWW-Authenticate"] == 'Bearer realm="hexad"'


def test_a_token_of_a_deactivated_user_stops_working(member: Any) -> None:
    api = ApiClient(member)
    member.is_active = False
    member.save()

    assert api.get("/me").status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer " + GOOD_LOOKING, "Bearer hexad_nonsense", "Bearer ", "bearer x"]
)
def test_a_wrong_bearer_token_is_a_401_even_with_a_session(header: str, member: Any) -> None:
    client = Client()
    client.force_login(member)

    response = client.get("/api/v1/me", headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json()["detail"].startswith("This API token is not valid")


@pytest.mark.parametrize("header", ["Token " + GOOD_LOOKING, "Basic bWVtYmVyOnBhc3N3b3Jk"])
def test_another_authorization_scheme_is_not_ours(header: str, member: Any) -> None:
    """A proxy's Basic credentials, say: the session decides, and nothing is counted as a
    failed token."""
    signed_in = Client()
    signed_in.force_login(member)

    assert signed_in.get("/api/v1/me", headers={"Authorization": header}).status_code == 200
    assert Client().get("/api/v1/me", headers={"Authorization": header}).status_code == 401
    assert not AccessAttempt.objects.exists()


def test_the_secret_of_another_token_with_a_known_prefix_is_refused(
    member: Any, outsider: Any
) -> None:
    mine = token_create(user=member, name="mine")
    theirs = token_create(user=outsider, name="theirs")
    forged = f"hexad_{mine.token.prefix}_{token_parse(theirs.secret).secret}"  # type: ignore[union-attr]

    assert ApiClient(secret=forged).get("/me").status_code == 401


def test_using_a_token_records_when_at_most_once_a_minute(member: Any) -> None:
    created = token_create(user=member, name="CRM sync")
    assert created.token.last_used_at is None
    api = ApiClient(secret=created.secret)

    api.get("/me")
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    api.get("/me")
    assert ApiToken.objects.get().last_used_at == first

    later = first + datetime.timedelta(minutes=2)
    token_used(token=ApiToken.objects.get(), now=later)
    assert ApiToken.objects.get().last_used_at == later


def test_a_token_acts_with_its_users_access(viewer: Any, account: Any) -> None:
    api = ApiClient(viewer)

    assert api.get(f"/accounts/{account.pk}").status_code == 200
    refused = api.patch(f"/accounts/{account.pk}", {"name": "Renamed", "version": 1})
    assert refused.status_code == 403
    account.refresh_from_db()
    assert account.name == "Acme Polska"


def test_a_token_users_language_is_used_and_not_left_behind(member: Any, account: Any) -> None:
    member.language = "pl"
    member.save()
    api = ApiClient(member)

    response = api.get(f"/accounts/{account.pk}/memberships/999999")

    assert response.status_code == 404
    assert response.json() == {"detail": "Nie znaleziono."}
    assert translation.get_language() == "en"


# --- throttling ---------------------------------------------------------------------------------


def failed_attempts(address: str = "127.0.0.1") -> list[int]:
    bad = ApiClient(secret=GOOD_LOOKING)
    return [
        bad.client.get("/api/v1/me", headers=bad.headers, REMOTE_ADDR=address).status_code
        for _attempt in range(5)
    ]


def test_five_failed_tokens_from_one_address_lock_it_out(member: Any) -> None:
    good = ApiClient(member)

    assert failed_attempts() == [401, 401, 401, 401, 429]

    locked = good.client.get("/api/v1/me", headers=good.headers, REMOTE_ADDR="127.0.0.1")
    assert locked.status_code == 429
    assert locked.json() == {
        "detail": "Too many failed attempts with API tokens from this address. Try again later."
    }
    assert locked["Retry-After"] == "900"
    assert locked["Content-Type"] == "application/json; charset=utf-8"
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.failures_since_start) == (TOKEN_CREDENTIALS["username"], 5)


def test_the_lock_is_per_address_and_ends_after_the_cool_off(member: Any) -> None:
    good = ApiClient(member)
    failed_attempts("10.0.0.1")

    elsewhere = good.client.get("/api/v1/me", headers=good.headers, REMOTE_ADDR="10.0.0.2")
    assert elsewhere.status_code == 200

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    later = good.client.get("/api/v1/me", headers=good.headers, REMOTE_ADDR="10.0.0.1")
    assert later.status_code == 200


def test_failed_tokens_do_not_lock_the_sign_in_page(member: Any) -> None:
    failed_attempts()
    client = Client()

    response = client.post(reverse("login"), {"username": "member", "password": TEST_PASSWORD})

    assert response.status_code == 302


def test_four_failures_do_not_lock(member: Any) -> None:
    good = ApiClient(member)
    bad = ApiClient(secret=GOOD_LOOKING)
    for _attempt in range(4):
        assert bad.get("/me").status_code == 401

    assert good.get("/me").status_code == 200


def test_the_schema_counts_failed_tokens_too(member: Any) -> None:
    bad = ApiClient(secret=GOOD_LOOKING)
    statuses = [bad.get("/api/v1/openapi.json").status_code for _attempt in range(5)]

    assert statuses == [401] * 5
    assert ApiClient(member).get("/me").status_code == 429


# --- the pages ---------------------------------------------------------------------------------


@pytest.fixture
def browser(member: Any) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_the_token_page_lists_only_ones_own_tokens(
    browser: Client, member: Any, outsider: Any
) -> None:
    token_create(user=member, name="CRM sync")
    token_create(user=outsider, name="Outsider's script")

    response = browser.get(reverse("people:tokens"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "CRM sync" in html
    assert "Outsider&#x27;s script" not in html
    assert "never" in html
    assert 'href="/api/v1/docs"' in html


def test_creating_a_token_shows_it_once(browser: Client, member: Any) -> None:
    response = browser.post(reverse("people:tokens"), {"name": "CRM sync"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    created = ApiToken.objects.get(user=member)
    html = response.content.decode()
    secret = html.split('id="new-token" class="token-secret" type="text" value="')[1].split('"')[0]
    assert secret.startswith(f"hexad_{created.prefix}_")
    assert "Copy it now: it is shown only this once" in html
    assert ApiClient(secret=secret).get("/me").json()["username"] == "member"

    again = browser.get(reverse("people:tokens")).content.decode()
    assert secret not in again
    assert f"hexad_{created.prefix}_…" in again


def test_a_token_without_a_name_is_not_created(browser: Client) -> None:
    response = browser.post(reverse("people:tokens"), {"name": ""})

    assert response.status_code == 400
    assert "Name the token after where you will use it" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_ones_own_token(browser: Client, member: Any) -> None:
    created = token_create(user=member, name="CRM sync")

    response = browser.post(reverse("people:token-revoke", args=[created.token.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("people:tokens")
    created.token.refresh_from_db()
    assert created.token.revoked_at is not None
    assert ApiClient(secret=created.secret).get("/me").status_code == 401
    page = browser.get(reverse("people:tokens")).content.decode()
    assert "Token CRM sync revoked." in page
    assert "revoked" in page


def test_someone_elses_token_cannot_be_revoked(browser: Client, outsider: Any) -> None:
    theirs = token_create(user=outsider, name="theirs")

    response = browser.post(reverse("people:token-revoke", args=[theirs.token.pk]))

    assert response.status_code == 404
    theirs.token.refresh_from_db()
    assert theirs.token.revoked_at is None


def test_the_token_page_needs_a_signed_in_user(client: Client) -> None:
    response = client.get(reverse("people:tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_token_page_is_polish_for_a_polish_user(browser: Client, member: Any) -> None:
    member.language = "pl"
    member.save()
    token_create(user=member, name="CRM sync")

    html = browser.get(reverse("people:tokens")).content.decode()

    assert "Twoje tokeny API" in html
    assert "Utwórz token" in html
    assert "Unieważnij" in html
    assert "Create a token" not in html


def test_the_user_menu_links_to_the_tokens(browser: Client) -> None:
    html = browser.get(reverse("accounts:portfolio")).content.decode()
    assert f'href="{reverse("people:tokens")}"' in html
