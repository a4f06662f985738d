"""HTTP hardening (QUALITY.md Q5) and escaping (Q6).

- CSRF: every route refuses a POST without a token (Django checks the token before the
  view runs, so every route is tried, GET-only ones included); with the token from the
  page (form field or the `hx-headers` HTMX sends), the same POST goes through.
- CSP: a nonce in script-src, no 'unsafe-inline'/'unsafe-eval', and the page's script
  tags carry that nonce; no inline event handlers or style attributes to break it.
- GET on a write route is 405 and changes nothing.
- Script and markup typed into names come back escaped in pages and HTMX partials.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hexad.accounts.models import Account, RoleAssignment, TeamMembership
from hexad.accounts.tests.factories import (
    BusinessUnitFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
)
from hexad.people.models import Person
from hexad.people.tests.factories import PersonFactory
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db

HTMX_TEAM = {"HX-Request": "true", "HX-Target": "team"}


@pytest.fixture(autouse=True)
def _fast_tests(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True


# --- CSRF ---------------------------------------------------------------------------------------

DUMMY = {
    "int": 1,
    "slug": "results-driver",
    "str": "x",
    "string": "x",
    "path": "x",
    "uuid": "0" * 32,
}


def every_route() -> list[tuple[str, str]]:
    """(name or pattern, URL) of every route but Django's admin, with placeholder ids."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                if inner != "admin":
                    walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                converters = pattern.pattern.converters
                kwargs = {
                    name: DUMMY[type(conv).__name__.removesuffix("Converter").lower()]
                    for name, conv in converters.items()
                }
                if pattern.name:
                    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                    found.append((name, reverse(name, kwargs=kwargs)))
                else:
                    found.append(
                        (prefix + str(pattern.pattern), "/" + prefix + str(pattern.pattern))
                    )

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_route_refuses_a_post_without_a_csrf_token(admin_user: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    accounts, people, roles = Account.objects.count(), Person.objects.count(), Role.objects.count()

    refused = {}
    for name, url in every_route():
        response = client.post(url, {"name": "x", "language": "pl", "key": "x"})
        refused[name] = (response.status_code, b"CSRF" in response.content)

    assert {name: r for name, r in refused.items() if r != (403, True)} == {}
    assert (Account.objects.count(), Person.objects.count(), Role.objects.count()) == (
        accounts,
        people,
        roles,
    )


def test_the_login_form_refuses_a_post_without_a_csrf_token(member: Any) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "member", "password": "x"})

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def csrf_token_of(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_a_post_with_the_pages_token_goes_through(leader: Any, tier: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader)
    token = csrf_token_of(client.get(reverse("accounts:create")).content.decode())

    response = client.post(
        reverse("accounts:create"),
        {
            "csrfmiddlewaretoken": token,
            "name": "Nova",
            "tier": tier.pk,
            "industry": "it",
            "currency": "PLN",
        },
    )

    assert response.status_code == 302
    assert Account.objects.filter(name="Nova").exists()


def test_htmx_posts_carry_the_token_the_page_gives_them(member: Any, account: Account) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    page = client.get(reverse("accounts:detail", args=[account.pk])).content.decode()
    header = re.search(r"""hx-headers='\{"X-CSRFToken": "([^"]+)"\}'""", page)
    assert header, "the page must give HTMX the CSRF token"
    newcomer = PersonFactory(full_name="Nina Newcomer")

    response = client.post(
        reverse("accounts:member-add", args=[account.pk]),
        {"person": newcomer.pk, "allocation": 10, "degree": "lead"},
        headers={**HTMX_TEAM, "X-CSRFToken": header.group(1)},
    )

    assert response.status_code == 200
    assert TeamMembership.objects.filter(person=newcomer).exists()


# --- Content Security Policy -------------------------------------------------------------------


def csp_directives(response: Any) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        (None, lambda account: reverse("login")),
        ("member", lambda account: reverse("accounts:portfolio")),
        ("member", lambda account: reverse("accounts:detail", args=[account.pk])),
        ("member", lambda account: reverse("accounts:edit", args=[account.pk])),
        ("member", lambda account: reverse("people:list")),
        ("member", lambda account: reverse("people:detail", args=[account.lead_id])),
        ("member", lambda account: reverse("roles:guide")),
        ("leader", lambda account: reverse("people:create")),
        ("member", lambda account: reverse("password_change")),
        ("member", lambda account: reverse("accounts:competencies", args=[account.pk])),
        ("member", lambda account: reverse("coverage:heatmap")),
        ("member", lambda account: reverse("coverage:trend")),
    ],
    ids=[
        "login",
        "portfolio",
        "detail",
        "edit",
        "people",
        "person",
        "roles",
        "person-new",
        "pw",
        "competencies",
        "heatmap",
        "trend",
    ],
)
def test_pages_have_a_nonce_csp_that_their_scripts_follow(
    persona: str | None, url: Any, account: Account, request: Any
) -> None:
    client = Client()
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = client.get(url(account))

    assert response.status_code == 200
    csp = csp_directives(response)
    nonces = [v for v in csp["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0].removeprefix("'nonce-").removesuffix("'")
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in csp.get(directive, [])
        assert "'unsafe-eval'" not in csp.get(directive, [])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "expected the app's scripts"
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag, tag
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), "inline event handler"
    assert not re.search(r"<[^>]+\sstyle\s*=", html), "inline style attribute"
    assert "javascript:" not in html


def test_each_response_gets_a_fresh_nonce(member: Any, client: Client) -> None:
    client.force_login(member)
    first = csp_directives(client.get(reverse("accounts:portfolio")))["script-src"]
    second = csp_directives(client.get(reverse("accounts:portfolio")))["script-src"]
    assert first != second


def test_pages_refuse_framing_and_sniffing(member: Any, client: Client) -> None:
    client.force_login(member)
    response = client.get(reverse("accounts:portfolio"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


# --- GET never writes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["member-add", "member-remove", "assignment-add", "assignment-remove"]
)
def test_get_on_a_team_write_route_is_405_and_changes_nothing(
    name: str, leader: Any, account: Account, client: Client
) -> None:
    membership = account.memberships.first()
    assignment = RoleAssignmentFactory(membership=membership)
    kwargs = {
        "member-add": [account.pk],
        "member-remove": [account.pk, membership.pk],
        "assignment-add": [account.pk, membership.pk],
        "assignment-remove": [account.pk, assignment.pk],
    }[name]
    client.force_login(leader)
    before = (list(TeamMembership.objects.values()), list(RoleAssignment.objects.values()))

    response = client.get(reverse(f"accounts:{name}", args=kwargs), {"role": 1, "person": 1})

    assert response.status_code == 405
    assert (list(TeamMembership.objects.values()), list(RoleAssignment.objects.values())) == before


@pytest.mark.parametrize("name", ["logout", "set-language"])
def test_get_on_logout_or_the_language_switch_is_405_and_changes_nothing(
    name: str, member: Any, client: Client
) -> None:
    client.force_login(member)

    response = client.get(reverse(name), {"language": "pl"})

    assert response.status_code == 405
    member.refresh_from_db()
    assert member.language == ""
    assert client.get(reverse("accounts:portfolio")).status_code == 200  # still signed in


# --- escaping (Q6) ---------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture
def hostile(account: Account, leader: Any) -> Any:
    """Markup typed into every text field we show: account, person, business unit."""
    account.name = SCRIPT
    account.description = f"Line one\n{SCRIPT}"
    account.external_id = '"><svg onload=alert(1)>'
    account.save()
    BusinessUnitFactory(account=account, name=f"{IMG} unit")
    person = PersonFactory(full_name=IMG, job_title=SCRIPT, email="x@example.com")
    membership = TeamMembershipFactory(account=account, person=person, notes=SCRIPT)
    RoleAssignmentFactory(membership=membership)
    return person


def assert_escaped(html: str, *payloads: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<svg onload" not in html
    for payload in payloads:
        escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped in html, f"{payload} not shown escaped"


@pytest.mark.parametrize(
    ("url", "headers", "payloads"),
    [
        (lambda a, p: reverse("accounts:portfolio"), {}, [SCRIPT]),
        (
            lambda a, p: reverse("accounts:portfolio"),
            {"HX-Request": "true", "HX-Target": "portfolio-results"},
            [SCRIPT],
        ),
        (lambda a, p: reverse("accounts:detail", args=[a.pk]), {}, [SCRIPT, IMG]),
        (lambda a, p: reverse("accounts:edit", args=[a.pk]), {}, [SCRIPT]),
        (
            lambda a, p: reverse(
                "accounts:member-edit", args=[a.pk, a.memberships.get(person=p).pk]
            ),
            {},
            [SCRIPT, IMG],
        ),
        (lambda a, p: reverse("people:list"), {}, [IMG, SCRIPT]),
        (
            lambda a, p: reverse("people:list"),
            {"HX-Request": "true", "HX-Target": "people-results"},
            [IMG, SCRIPT],
        ),
        (lambda a, p: reverse("people:detail", args=[p.pk]), {}, [IMG, SCRIPT]),
        (lambda a, p: reverse("people:edit", args=[p.pk]), {}, [IMG, SCRIPT]),
        (lambda a, p: reverse("accounts:competencies", args=[a.pk]), {}, [SCRIPT, IMG]),
        (lambda a, p: reverse("coverage:heatmap"), {}, [SCRIPT]),
        (
            lambda a, p: reverse("coverage:heatmap"),
            {"HX-Request": "true", "HX-Target": "heatmap-results"},
            [SCRIPT],
        ),
    ],
    ids=[
        "portfolio",
        "portfolio-partial",
        "detail",
        "account-edit",
        "member-edit",
        "people",
        "people-partial",
        "person",
        "person-edit",
        "competencies",
        "heatmap",
        "heatmap-partial",
    ],
)
def test_markup_in_names_comes_back_escaped(
    url: Any,
    headers: dict[str, str],
    payloads: list[str],
    hostile: Any,
    account: Account,
    leader: Any,
    client: Client,
) -> None:
    client.force_login(leader)

    response = client.get(url(account, hostile), headers=headers)

    assert response.status_code == 200
    assert_escaped(response.content.decode(), *payloads)


def test_markup_in_names_comes_back_escaped_in_the_team_partial_and_its_message(
    hostile: Any, account: Account, leader: Any, client: Client
) -> None:
    newcomer = PersonFactory(full_name=f"{IMG} junior")
    client.force_login(leader)

    response = client.post(
        reverse("accounts:member-add", args=[account.pk]),
        {"person": newcomer.pk, "allocation": 10, "degree": "lead"},
        headers=HTMX_TEAM,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert_escaped(html, IMG, f"{IMG} junior joined the team.")


def test_markup_in_a_search_comes_back_escaped(member: Any, client: Client) -> None:
    client.force_login(member)
    for url in (reverse("accounts:portfolio"), reverse("people:list")):
        html = client.get(url, {"q": SCRIPT}).content.decode()
        assert_escaped(html)
        assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html


FORMULAS = ['=HYPERLINK("https://evil.example")', "+1+1", "-2+3", "@SUM(A1)"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_in_a_name_is_neutralised_in_the_csv_export(
    formula: str, account: Account, leader: Any, client: Client
) -> None:
    account.name = formula
    account.save()
    client.force_login(leader)

    response = client.get(reverse("coverage:export-csv"))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    names = [row[0] for row in rows[1:]]
    assert names == ["'" + formula]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_in_a_name_is_plain_text_in_the_xlsx_export(
    formula: str, account: Account, leader: Any, client: Client
) -> None:
    account.name = formula
    account.save()
    client.force_login(leader)

    response = client.get(reverse("coverage:export-xlsx"))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=1)
    assert cell.value == formula
    assert cell.data_type == "s"  # a string, not a formula ("f")
