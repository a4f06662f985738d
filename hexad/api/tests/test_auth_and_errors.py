"""How the API authenticates and how it answers errors (docs/api.md).

- No credentials: 401 in JSON on every operation, the schema included; the docs page
  sends the browser to sign in.
- A browser session works for reads; its unsafe requests need the CSRF token, on every
  route whatever the method (QUALITY.md Q5), while token requests need none.
- Errors: one shape, field-level messages for 422 (schema and domain rules alike).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from hexad.accounts.models import Account
from hexad.api.tests.conftest import ApiClient, errors_at
from hexad.api.v1 import api as ninja_api

pytestmark = pytest.mark.django_db

UNSAFE = ["post", "put", "patch", "delete"]


def api_paths() -> list[str]:
    """Every operation's path with id 1 in it, once per path."""
    schema = ninja_api.get_openapi_schema(path_prefix="/api/v1/")
    return [re.sub(r"\{\w+\}", "1", path) for path in schema["paths"]]


# --- anonymous ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", api_paths())
def test_every_operation_answers_401_without_credentials(path: str, account: Account) -> None:
    client = Client()
    for method in ["get", *UNSAFE]:
        response = getattr(client, method)(path, content_type="application/json")
        if response.status_code == 405:
            continue
        assert response.status_code == 401, (method, path, response.content)
        assert response.json() == {
            "detail": "Send an API token (Authorization: Bearer …) or sign in."
        }
        assert response["WWW-Authenticate"] == 'Bearer realm="hexad"'
    account.refresh_from_db()
    assert account.version == 1


def test_the_schema_and_the_docs_are_for_signed_in_users_only(member: Any) -> None:
    anonymous = Client()
    schema = anonymous.get("/api/v1/openapi.json")
    assert schema.status_code == 401
    docs = anonymous.get("/api/v1/docs")
    assert docs.status_code == 302
    assert docs["Location"] == "/login/?next=/api/v1/docs"

    assert ApiClient(member).get("/api/v1/openapi.json").status_code == 200
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    assert browser.get("/api/v1/openapi.json").json()["info"]["title"] == "Hexad API"
    assert browser.post("/api/v1/openapi.json").status_code == 403  # CSRF first
    token_post = ApiClient(member).post("/api/v1/openapi.json")
    assert token_post.status_code == 405


def test_the_docs_page_loads_nothing_from_elsewhere_and_follows_the_csp(member: Any) -> None:
    client = Client()
    client.force_login(member)

    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce is not None
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert f'nonce="{nonce.group(1)}"' in tag, tag
    settings_json = re.search(r'id="swagger-settings"[^>]*>(.*?)</script>', html, re.S)
    assert settings_json is not None
    swagger = json.loads(settings_json.group(1))
    assert swagger["url"] == "/api/v1/openapi.json"
    assert swagger["validatorUrl"] is None
    assert re.search(r'data-csrf-token="[^"]+"', html)
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html)


def test_swagger_ui_files_are_served_by_hexad(member: Any) -> None:
    client = Client()
    for name in ["swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-init.js"]:
        response = client.get(f"/static/ninja/{name}")
        assert response.status_code == 200, name


# --- the browser's session and CSRF -------------------------------------------------------


@pytest.fixture
def browser(member: Any) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


def csrf_token(client: Client) -> str:
    client.get("/accounts/")  # any page sets the CSRF cookie
    return client.cookies["csrftoken"].value


def test_a_session_reads_without_a_csrf_token(browser: Client, account: Account) -> None:
    response = browser.get(f"/api/v1/accounts/{account.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "Acme Polska"


@pytest.mark.parametrize("path", api_paths())
@pytest.mark.parametrize("method", UNSAFE)
def test_every_unsafe_request_of_a_session_needs_the_csrf_token(
    path: str, method: str, browser: Client, account: Account
) -> None:
    before = list(Account.objects.values())

    response = getattr(browser, method)(
        path, json.dumps({"name": "x", "version": 1}), content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF check failed")
    assert list(Account.objects.values()) == before


def test_a_session_write_with_the_csrf_token_goes_through(
    browser: Client, account: Account
) -> None:
    response = browser.patch(
        f"/api/v1/accounts/{account.pk}",
        {"name": "Acme Polska SA", "version": 1},
        content_type="application/json",
        headers={"X-CSRFToken": csrf_token(browser)},
    )

    assert response.status_code == 200, response.content
    account.refresh_from_db()
    assert (account.name, account.version) == ("Acme Polska SA", 2)


def test_another_authorization_scheme_does_not_spare_a_session_the_csrf_token(
    browser: Client, account: Account
) -> None:
    response = browser.patch(
        f"/api/v1/accounts/{account.pk}",
        {"name": "Hacked", "version": 1},
        content_type="application/json",
        headers={"Authorization": "Basic bWVtYmVyOnBhc3N3b3Jk"},
    )

    assert response.status_code == 403
    account.refresh_from_db()
    assert account.name == "Acme Polska"


def test_a_token_request_needs_no_csrf_token(member: Any, account: Account) -> None:
    api = ApiClient(member)
    api.client = Client(enforce_csrf_checks=True)

    response = api.patch(f"/accounts/{account.pk}", {"name": "Acme Polska SA", "version": 1})

    assert response.status_code == 200


# --- error shapes ---------------------------------------------------------------------------


def test_a_body_that_does_not_fit_the_schema_is_422_naming_each_field(
    leader: Any, tier: Any
) -> None:
    api = ApiClient(leader)

    response = api.post(
        "/accounts", {"name": "", "tier": 0, "currency": "XXX", "country": "Narnia"}
    )

    errors = errors_at(response)
    assert set(errors) == {
        ("body", "name"),
        ("body", "tier"),
        ("body", "currency"),
        ("body", "country"),
    }
    assert errors[("body", "name")] == "String should have at least 1 character"
    assert errors[("body", "tier")] == "Input should be greater than or equal to 1"
    assert not Account.objects.filter(name="").exists()


def test_a_domain_rule_is_422_on_its_field(leader: Any, account: Account) -> None:
    api = ApiClient(leader)

    response = api.patch(f"/accounts/{account.pk}", {"parent": account.pk, "version": 1})

    assert errors_at(response) == {
        ("body", "parent"): "An account cannot be its own parent, even indirectly."
    }
    account.refresh_from_db()
    assert (account.parent_id, account.version) == (None, 1)


def test_a_missing_reference_is_422_on_its_field(leader: Any, tier: Any) -> None:
    response = ApiClient(leader).post("/accounts", {"name": "Nova", "tier": 987654})

    assert errors_at(response) == {("body", "tier"): "There is no tier with id 987654."}
    assert not Account.objects.filter(name="Nova").exists()


def test_query_and_path_errors_name_their_parameter(member: Any) -> None:
    api = ApiClient(member)

    assert errors_at(api.get("/accounts", {"limit": 0, "sort": "secret"})) == {
        ("query", "limit"): "Input should be greater than or equal to 1",
        ("query", "sort"): (
            "Input should be 'name', '-name', 'tier', '-tier', 'industry', '-industry', "
            "'lead', '-lead', 'country' or '-country'"
        ),
    }
    assert set(errors_at(api.get("/accounts/abc"))) == {("path", "account_id")}


def test_text_with_a_nul_character_is_refused(leader: Any, tier: Any) -> None:
    response = ApiClient(leader).post("/accounts", {"name": "Nova\x00", "tier": tier.pk})

    assert errors_at(response) == {
        ("body", "name"): "Value error, Text may not contain the NUL character."
    }


def test_a_body_that_is_not_json_is_400(leader: Any) -> None:
    api = ApiClient(leader)
    response = api.client.post(
        "/api/v1/accounts", "{name:", content_type="application/json", headers=api.headers
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}


def test_an_unknown_object_is_404_with_a_message(member: Any) -> None:
    response = ApiClient(member).get("/accounts/424242")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_write_the_user_may_not_make_is_403(viewer: Any, account: Account) -> None:
    response = ApiClient(viewer).put(
        f"/accounts/{account.pk}/memberships/1",
        {"allocation": 10, "start_date": "2026-01-01", "end_date": None, "notes": ""},
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Your access does not allow this."}


def test_an_undocumented_method_is_405(member: Any) -> None:
    response = ApiClient(member).delete("/accounts")
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


def test_operation_ids_and_url_names_are_unique() -> None:
    schema = ninja_api.get_openapi_schema(path_prefix="/api/v1/")
    ids = [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
