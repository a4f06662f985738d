"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

The `browser`, `context` and `page` fixtures and the command-line options (--headed,
--slowmo, --tracing, --video, --screenshot) are pytest-playwright's. This file points them
at /usr/bin/chromium instead of Playwright's own browser download, gives every test a
fresh context in British English at 1280×900, and fails a test whose pages broke the
Content Security Policy or threw an uncaught error (Q5: zero violations).

A failing journey leaves a screenshot in test-results/<test>/ (`--screenshot
only-on-failure` is in pytest's addopts).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.shortcuts import resolve_url
from django.test.testcases import LiveServerThread
from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    WebError,
    expect,
)
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

from hexad.people.tests.factories import TEST_PASSWORD


class _OneRequestAtATimeServer(WSGIServer):
    """The live server for an in-memory SQLite database: it answers one request at a time.

    pytest-django hands the test's own in-memory SQLite connection to the live server, and
    Django's threaded server would use that one connection from a thread per request. An
    account page fires several HTMX requests at once (plan, growth and relationship
    summaries), and one connection used by several threads at once mixes their results
    (a summary then answered 404). PostgreSQL and file databases keep the threaded server,
    where every thread has its own connection."""

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server_on_in_memory_sqlite(django_db_setup: None) -> Iterator[None]:
    shared = any(c.vendor == "sqlite" and c.is_in_memory_db() for c in connections.all())
    if not shared:
        yield
        return
    previous = LiveServerThread.server_class
    LiveServerThread.server_class = _OneRequestAtATimeServer
    yield
    LiveServerThread.server_class = previous


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Chromium words every CSP violation in the console like one of these.
CSP_MARKERS = ("Content Security Policy", "Refused to")
# A journey waits this long for an element or a page, then fails (Playwright's default is
# 30 s, which makes a broken journey slow to report).
TIMEOUT_MS = 10_000

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Marks every test in this folder `browser`; skips them all when Chromium is missing."""
    missing = not os.access(CHROMIUM, os.X_OK)
    skip = pytest.mark.skip(
        reason=f"Debian's Chromium is not installed at {CHROMIUM} "
        "(run scripts/ensure-chromium or apt-get install chromium)"
    )
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if missing:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def playwright(playwright: Playwright) -> Iterator[Playwright]:
    """pytest-playwright's Playwright, with Django's async-safety guard lifted meanwhile.

    The sync API keeps an asyncio loop running on the main thread while Playwright is
    started, and Django takes that for an async context: every ORM call in a test or a
    fixture would raise SynchronousOnlyOperation. The tests themselves are synchronous,
    so the guard is lifted for exactly as long as Playwright runs.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield playwright
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launches Debian's Chromium, never a browser downloaded by `playwright install`."""
    headless = browser_type_launch_args.get("headless", True)  # False with --headed
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*CHROMIUM_ARGS, *(["--headless"] if headless else [])],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "locale": "en-GB",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture
def browser_problems() -> list[str]:
    """CSP violations and uncaught script errors seen by this test's pages, in order.

    The test fails at teardown when this is not empty. A test that provokes a problem on
    purpose asserts on it and then clears the list.
    """
    return []


@pytest.fixture
def context(context: BrowserContext, browser_problems: list[str]) -> Iterator[BrowserContext]:
    """A fresh browser context per test that records CSP violations and page errors."""

    def on_console(message: ConsoleMessage) -> None:
        if any(marker in message.text for marker in CSP_MARKERS):
            browser_problems.append(
                f"CSP violation on {message.page.url if message.page else '?'}: {message.text}"
            )

    def on_web_error(error: WebError) -> None:
        where = error.page.url if error.page else "?"
        browser_problems.append(f"Uncaught error on {where}: {error.error.message}")

    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)  # assertions wait as long as actions do
    context.on("console", on_console)
    context.on("weberror", on_web_error)
    yield context
    # A round trip to the browser delivers events still in flight (unless the test closed
    # the context itself).
    with contextlib.suppress(PlaywrightError):
        context.cookies()
    if browser_problems:
        pytest.fail(
            "The browser reported problems (Q5 allows none):\n  " + "\n  ".join(browser_problems),
            pytrace=False,
        )


LoginHelper = Callable[..., None]


@pytest.fixture
def login() -> LoginHelper:
    """`login(page, live_server, username, password=TEST_PASSWORD)` signs in through the form.

    It fills the login page's username and password fields, submits, and fails with a
    clear message when the browser is still on the login page afterwards. `login_path`
    points it at another login form (e.g. the admin's).
    """

    def log_in(
        page: Page,
        live_server: LiveServer,
        username: str,
        password: str = TEST_PASSWORD,
        *,
        login_path: str | None = None,
    ) -> None:
        url = live_server.url + (login_path or resolve_url(settings.LOGIN_URL))
        page.goto(url)
        form = page.locator("form").filter(has=page.locator("input[name=password]"))
        form.locator("input[name=username]").fill(username)
        form.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            form.locator("[type=submit]").click()
        if page.url.split("?")[0] == url.split("?")[0]:
            raise AssertionError(f"Signing in as {username!r} failed: still on {page.url}")

    return log_in
