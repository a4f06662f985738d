"""API test helpers: a client that speaks JSON with a personal token, per persona."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from hexad.api.services import token_create
from hexad.people.models import User

API = "/api/v1"


class ApiClient:
    """Django's test client sending JSON to /api/v1 with `Authorization: Bearer …`."""

    def __init__(self, user: User | None = None, *, secret: str | None = None) -> None:
        self.client = Client()
        self.user = user
        self.secret = secret
        if user is not None and secret is None:
            self.secret = token_create(user=user, name="tests").secret

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"} if self.secret else {}

    def url(self, path: str) -> str:
        return path if path.startswith(API) else API + path

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(self.url(path), params or {}, headers=self.headers)

    def send(self, method: str, path: str, data: Any = None) -> Any:
        body = "" if data is None else json.dumps(data, default=str)
        return self.client.generic(
            method.upper(),
            self.url(path),
            body,
            content_type="application/json",
            headers=self.headers,
        )

    def post(self, path: str, data: Any = None) -> Any:
        return self.send("POST", path, data)

    def put(self, path: str, data: Any = None) -> Any:
        return self.send("PUT", path, data)

    def patch(self, path: str, data: Any = None) -> Any:
        return self.send("PATCH", path, data)

    def delete(self, path: str) -> Any:
        return self.send("DELETE", path)


@pytest.fixture(autouse=True)
def _fast_tests(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def api_as(db: None) -> Any:
    """`api_as(user)`: a JSON client with a fresh token of `user`; `api_as(None)`: no token."""
    return ApiClient


def errors_at(response: Any) -> dict[tuple[Any, ...], str]:
    """A 422's messages keyed by location, e.g. {("body", "name"): "…"}."""
    assert response.status_code == 422, response.content
    return {tuple(item["loc"]): item["msg"] for item in response.json()["detail"]}
