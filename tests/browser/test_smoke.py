"""Smoke journeys: the browser set-up works and the strict CSP guard really catches things."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

# Never resolved: the probe pages below are answered by Playwright's router.
PROBE_URL = "http://hexad.invalid/probe"


def test_admin_login_page_renders_under_the_csp(page: Page, live_server: LiveServer) -> None:
    response = page.goto(live_server.url + reverse("admin:login"))

    assert response is not None
    assert response.status == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.locator("input[name=password]")).to_be_visible()
    expect(page.locator("[type=submit]")).to_be_visible()
    # Zero CSP violations and zero script errors: checked by the `context` fixture.


@pytest.mark.parametrize(
    ("headers", "script", "expected"),
    [
        pytest.param(
            {"Content-Security-Policy": "script-src 'self'"},
            "document.title = 'ran';",
            "Content Security Policy",
            id="inline-script-blocked-by-csp",
        ),
        pytest.param({}, "throw new Error('probe failure');", "probe failure", id="page-error"),
    ],
)
def test_browser_problems_are_caught(
    page: Page, browser_problems: list[str], headers: dict[str, str], script: str, expected: str
) -> None:
    """Without this, a guard that never fires would make "zero violations" meaningless."""
    page.route(
        PROBE_URL,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers=headers,
            body=f"<!doctype html><title>probe</title><script>{script}</script>",
        ),
    )
    event = "console" if "Content-Security-Policy" in headers else "weberror"
    with page.context.expect_event(event):
        page.goto(PROBE_URL)

    assert len(browser_problems) == 1
    assert expected in browser_problems[0]
    assert PROBE_URL in browser_problems[0]
    expect(page).to_have_title("probe")  # the blocked script did not run
    browser_problems.clear()  # seen and expected: do not fail this test at teardown
