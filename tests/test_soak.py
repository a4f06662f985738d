"""QUALITY.md Q10: 20 writers at once against a real server and a real database.

Hexad runs under gunicorn (`hexad serve`, 2 workers × 10 threads) on a fresh database of
the kind this run tests: a SQLite file when DATABASE_URL is unset or SQLite, a new
PostgreSQL database on the server DATABASE_URL names otherwise. Twenty client threads then
edit through the API at the same time:

- every writer appends its own tag to one shared account's description, reading the
  version first and retrying on 409 (optimistic locking);
- every writer also edits an account of its own.

Afterwards no update is lost (the shared description holds every tag that was answered
200 and nothing else, the version counts every one of them, each own account holds its
writer's last edit), no request got a 5xx, and the server never logged "database is
locked".
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

WRITERS = 20
EDITS_PER_WRITER = 3
HEXAD = [sys.executable, "-m", "hexad"]

SETUP = """
import json
from hexad.accounts import services
from hexad.accounts.models import Tier
from hexad.api.services import token_create
from hexad.people.models import AccessLevel, User

tier = Tier.objects.order_by("rank").first()
user = User.objects.create_user("soak", password="soak-password-2026",
                                access_level=AccessLevel.ADMIN)
shared = services.account_create(name="Shared", tier=tier)
own = [services.account_create(name=f"Own {n}", tier=tier).pk for n in range(%d)]
print(json.dumps({"token": token_create(user=user, name="soak").secret,
                  "shared": shared.pk, "own": own}))
"""


@dataclass
class Tally:
    """What the writers saw, shared between their threads under a lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: dict[int, int] = field(default_factory=dict)
    tags_written: list[str] = field(default_factory=list)
    conflicts: int = 0
    failures: list[str] = field(default_factory=list)

    def saw(self, status: int) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A new, empty database of the kind this test run uses."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'soak.sqlite3'}"
        return
    import psycopg

    name = f"hexad_soak_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[tuple[str, dict[str, Any], Path]]:
    """Migrates the new database, creates the soak's data and serves it with gunicorn."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "HEXAD_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "hexad.settings",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run([*HEXAD, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    made = subprocess.run(
        [*HEXAD, "shell", "-c", SETUP % WRITERS],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(made.stdout.strip().splitlines()[-1])
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*HEXAD, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "10"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(base + "/login/", timeout=10)
                    break
                except OSError:  # not listening yet, or still starting
                    if time.monotonic() > deadline or process.poll() is not None:
                        pytest.fail("the server did not start:\n" + log.read_text())
                    time.sleep(0.3)
            yield base, data, log
        finally:
            process.terminate()
            process.wait(timeout=30)


def _call(base: str, token: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    request = urllib.request.Request(
        base + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def _writer(n: int, base: str, data: dict[str, Any], tally: Tally, start: threading.Barrier):
    token, shared, own = data["token"], data["shared"], data["own"][n]
    start.wait()
    for k in range(EDITS_PER_WRITER):
        tag = f"[w{n}.{k}]"
        while True:  # the shared account: read, append, send with the version read
            status, account = _call(base, token, "GET", f"/api/v1/accounts/{shared}")
            tally.saw(status)
            if status != 200:
                tally.failures.append(f"GET shared: {status} {account}")
                return
            status, body = _call(
                base,
                token,
                "PATCH",
                f"/api/v1/accounts/{shared}",
                {"description": account["description"] + tag, "version": account["version"]},
            )
            tally.saw(status)
            if status == 200:
                with tally.lock:
                    tally.tags_written.append(tag)
                break
            if status == 409:
                with tally.lock:
                    tally.conflicts += 1
                continue
            tally.failures.append(f"PATCH shared: {status} {body}")
            return
        status, account = _call(base, token, "GET", f"/api/v1/accounts/{own}")
        tally.saw(status)
        status, body = _call(
            base,
            token,
            "PATCH",
            f"/api/v1/accounts/{own}",
            {"description": f"writer {n} edit {k}", "version": account["version"]},
        )
        tally.saw(status)
        if status != 200:
            tally.failures.append(f"PATCH own: {status} {body}")
            return


def test_twenty_writers_lose_nothing(server: tuple[str, dict[str, Any], Path]) -> None:
    base, data, log = server
    tally = Tally()
    start = threading.Barrier(WRITERS)
    threads = [
        threading.Thread(target=_writer, args=(n, base, data, tally, start)) for n in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)

    assert tally.failures == []
    assert not [status for status in tally.statuses if status >= 500], tally.statuses
    assert len(tally.tags_written) == WRITERS * EDITS_PER_WRITER

    status, shared = _call(base, data["token"], "GET", f"/api/v1/accounts/{data['shared']}")
    assert status == 200
    written = sorted(tally.tags_written)
    assert sorted(shared["description"].replace("]", "]\n").split()) == written
    assert shared["version"] == 1 + len(written)
    for n, pk in enumerate(data["own"]):
        status, own = _call(base, data["token"], "GET", f"/api/v1/accounts/{pk}")
        assert own["description"] == f"writer {n} edit {EDITS_PER_WRITER - 1}"
    server_log = log.read_text()
    assert "database is locked" not in server_log
    assert "Traceback" not in server_log
    # The optimistic lock was really exercised (20 writers on one row always collide).
    assert tally.conflicts > 0
