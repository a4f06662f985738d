"""The portfolio heatmap: stored cells per account × role, role totals, sorting, scope.

The three accounts of `three` (tier "Strategic": Results Driver and Relationship Manager
required, minimum 60; nobody is rated, so fit is 0.6; allocation 20 counts in full):

  Alfa   one person, lead Results Driver (100 × 1.0 × 0.6 = 60 → covered 60) and
         contributing Relationship Manager (100 × 0.5 × 0.6 = 30 → weak 30)  → 1 gap
  Beta   one person rated 5 by a manager, lead Results Driver (100 × 1.0 × 1.0 → 100)
         and lead Relationship Manager (60 → covered 60)                       → 0 gaps
  Celsa  nobody: both required roles missing                                   → 2 gaps

Every other role (Innovator, Collaborator, Technical Expert, Project Manager) is
missing on all three and not required.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hexad.accounts.models import Account, Degree, Industry
from hexad.accounts.tests.factories import (
    AccountFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
    TierFactory,
)
from hexad.coverage import engine, services
from hexad.coverage.models import AccountCoverage, RoleCoverageCell
from hexad.people.models import CompetencyRating, RatingSource
from hexad.people.tests.factories import PersonFactory
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "heatmap-results"}
URL = "/coverage/"


@pytest.fixture(autouse=True)
def _fast_tests(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True


def role(key: str) -> Role:
    return Role.objects.get(key=key)


def build_three(*, member_person: Any = None) -> SimpleNamespace:
    """Alfa, Beta and Celsa as in the module docstring, with their coverage stored.

    `member_person`, when given, joins Alfa's team (so a member sees Alfa only)."""
    driver, relations = role("results-driver"), role("relationship-manager")
    strategic = TierFactory(name="Strategic", rank=1, minimum_coverage=60)
    strategic.required_roles.set([driver, relations])
    key_tier = TierFactory(name="Key", rank=2, minimum_coverage=60)
    key_tier.required_roles.set([driver, relations])
    anna = PersonFactory(full_name="Anna Nowak")
    bartek = PersonFactory(full_name="Bartek Kowalski")
    alfa = AccountFactory(
        name="Alfa", tier=strategic, lead=anna, industry=Industry.ENERGY, external_id="A-1"
    )
    beta = AccountFactory(name="Beta", tier=key_tier, lead=bartek, industry=Industry.RETAIL)
    celsa = AccountFactory(name="Celsa", tier=strategic, industry=Industry.ENERGY)
    on_alfa = TeamMembershipFactory(account=alfa, person=anna, allocation=20)
    RoleAssignmentFactory(membership=on_alfa, role=driver, degree=Degree.LEAD)
    RoleAssignmentFactory(membership=on_alfa, role=relations, degree=Degree.CONTRIBUTING)
    on_beta = TeamMembershipFactory(account=beta, person=bartek, allocation=20)
    RoleAssignmentFactory(membership=on_beta, role=driver, degree=Degree.LEAD)
    RoleAssignmentFactory(membership=on_beta, role=relations, degree=Degree.LEAD)
    CompetencyRating.objects.create(
        person=bartek,
        role=driver,
        rating=5,
        source=RatingSource.MANAGER,
        rated_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    if member_person is not None:
        TeamMembershipFactory(account=alfa, person=member_person, allocation=10)
    services.coverage_refresh()
    return SimpleNamespace(
        computed_at=AccountCoverage.objects.get(account=alfa).computed_at,
        alfa=alfa,
        beta=beta,
        celsa=celsa,
        strategic=strategic,
        key_tier=key_tier,
        anna=anna,
        driver=driver,
        relations=relations,
    )


@pytest.fixture
def three(member: Any) -> SimpleNamespace:
    return build_three(member_person=member.person)


def signed_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    client.get(reverse("home"))  # warm-up: stores the idle clock in the session
    return client


def names(response: Any) -> list[str]:
    return [row.account.name for row in response.context["heatmap"].rows]


def statuses(response: Any, name: str) -> dict[str, str]:
    """role key → "status score (req)" of one account's row, as the page shows it."""
    row = next(r for r in response.context["heatmap"].rows if r.account.name == name)
    shown = {}
    for cell in row.cells:
        stored = cell.stored
        shown[cell.role.key] = (
            "—"
            if stored is None
            else f"{stored.status} {stored.score}{' req' if stored.required else ''}"
        )
    return shown


# --- what the page shows ----------------------------------------------------------------------


def test_cells_gaps_and_order_are_the_hand_computed_figures(client, leader, three):
    response = signed_in(client, leader).get(URL)

    assert response.status_code == 200
    assert names(response) == ["Celsa", "Alfa", "Beta"]  # most gaps first
    assert [row.gaps for row in response.context["heatmap"].rows] == [2, 1, 0]
    assert statuses(response, "Alfa") == {
        "results-driver": "covered 60 req",
        "relationship-manager": "weak 30 req",
        "innovator": "missing 0",
        "collaborator": "missing 0",
        "technical-expert": "missing 0",
        "project-manager": "missing 0",
    }
    assert statuses(response, "Beta")["results-driver"] == "covered 100 req"
    assert statuses(response, "Beta")["relationship-manager"] == "covered 60 req"
    assert statuses(response, "Celsa")["results-driver"] == "missing 0 req"


def test_every_cell_says_its_status_in_words_and_links_to_the_role(client, leader, three):
    html = signed_in(client, leader).get(URL).content.decode()

    alfa = reverse("accounts:detail", args=[three.alfa.pk])
    assert f'href="{alfa}"' in html  # the account name opens the account
    assert (
        f'<a href="{alfa}#role-relationship-manager"><span class="hm-label">Weak</span> '
        f'<span class="hm-score">30</span><span class="visually-hidden"> (required role)</span></a>'
    ) in html
    assert (
        f'<a href="{alfa}#role-results-driver"><span class="hm-label">Covered</span> '
        f'<span class="hm-score">60</span>'
    ) in html
    assert f'<a href="{alfa}#role-innovator"><span class="hm-label">Missing</span></a>' in html
    assert f"formula version {engine.FORMULA_VERSION}" in html


def test_role_totals_count_every_filtered_account(client, leader, three, settings):
    settings.HEXAD_PAGE_SIZE = 2  # totals are across the filter, not the page

    response = signed_in(client, leader).get(URL)

    totals = {
        t.role.key: (t.missing, t.weak, t.covered) for t in response.context["heatmap"].totals
    }
    assert totals == {
        "results-driver": (1, 0, 2),
        "relationship-manager": (1, 1, 1),
        "innovator": (3, 0, 0),
        "collaborator": (3, 0, 0),
        "technical-expert": (3, 0, 0),
        "project-manager": (3, 0, 0),
    }
    html = response.content.decode()
    assert "All 3 accounts shown by these filters" in html
    assert '<span class="hm-total-weak">1 weak</span>' in html


def test_role_totals_follow_the_filters(client, leader, three):
    response = signed_in(client, leader).get(URL, {"tier": three.strategic.pk})

    totals = {
        t.role.key: (t.missing, t.weak, t.covered) for t in response.context["heatmap"].totals
    }
    assert names(response) == ["Celsa", "Alfa"]
    assert totals["results-driver"] == (1, 0, 1)
    assert totals["relationship-manager"] == (1, 1, 0)


def test_a_custom_role_gets_a_column(client, leader, three):
    Role.objects.create(
        key="executive-sponsor", order=7, name_en="Executive Sponsor", name_pl="Sponsor",
        purpose_en="x", purpose_pl="x",
    )  # fmt: skip
    services.coverage_refresh()

    response = signed_in(client, leader).get(URL)

    assert response.context["heatmap"].roles[-1].key == "executive-sponsor"
    assert statuses(response, "Alfa")["executive-sponsor"] == "missing 0"
    assert "Executive Sponsor" in response.content.decode()


# --- sorting, filters, paging ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-gaps", ["Celsa", "Alfa", "Beta"]),
        ("gaps", ["Beta", "Alfa", "Celsa"]),
        ("name", ["Alfa", "Beta", "Celsa"]),
        ("-name", ["Celsa", "Beta", "Alfa"]),
        ("tier", ["Alfa", "Celsa", "Beta"]),  # Strategic (rank 1) first, then by name
        ("-tier", ["Beta", "Alfa", "Celsa"]),
        ("nonsense", ["Celsa", "Alfa", "Beta"]),  # ignored: the default
        ("coverage__gaps); DROP TABLE x", ["Celsa", "Alfa", "Beta"]),
    ],
)
def test_sorts(client, leader, three, sort, expected):
    response = signed_in(client, leader).get(URL, {"sort": sort})

    assert response.status_code == 200
    assert names(response) == expected


def test_an_account_never_computed_is_listed_as_unknown_and_sorted_last(client, leader, three):
    AccountFactory(name="Aaa New", tier=three.strategic)  # created after the refresh
    client = signed_in(client, leader)

    most = client.get(URL)
    fewest = client.get(URL, {"sort": "gaps"})

    assert names(most) == ["Celsa", "Alfa", "Beta", "Aaa New"]
    assert names(fewest) == ["Beta", "Alfa", "Celsa", "Aaa New"]
    new_row = most.context["heatmap"].rows[-1]
    assert new_row.gaps is None
    assert all(cell.stored is None for cell in new_row.cells)
    html = most.content.decode()
    assert "Not computed" in html
    assert most.context["heatmap"].needs_refresh


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "alf"}, ["Alfa"]),
        ({"q": "A-1"}, ["Alfa"]),  # an exact external id
        ({"industry": Industry.ENERGY}, ["Celsa", "Alfa"]),
        ({"tier": "KEY"}, ["Beta"]),  # replaced below with the Key tier's id
        ({"lead": "ANNA"}, ["Alfa"]),  # replaced below with Anna's id
        ({"tier": "999999"}, ["Celsa", "Alfa", "Beta"]),  # unknown: ignored
        ({"tier": "x", "lead": "'; --"}, ["Celsa", "Alfa", "Beta"]),
        ({"industry": "<script>"}, ["Celsa", "Alfa", "Beta"]),
        ({"page": "abc"}, ["Celsa", "Alfa", "Beta"]),
        ({"page": "99"}, ["Celsa", "Alfa", "Beta"]),
    ],
)
def test_filters_and_bad_input(client, leader, three, params, expected):
    params = dict(params)
    if params.get("tier") == "KEY":
        params["tier"] = three.key_tier.pk
    if params.get("lead") == "ANNA":
        params["lead"] = three.anna.pk

    response = signed_in(client, leader).get(URL, params)

    assert response.status_code == 200
    assert names(response) == expected


def test_paging(client, leader, three, settings):
    settings.HEXAD_PAGE_SIZE = 2
    client = signed_in(client, leader)

    first = client.get(URL, {"sort": "name"})
    second = client.get(URL, {"sort": "name", "page": 2})

    assert names(first) == ["Alfa", "Beta"]
    assert names(second) == ["Celsa"]
    assert "Page 1 of 2" in first.content.decode()
    assert "sort=name&amp;page=2" in first.content.decode()


def test_the_htmx_request_gets_the_results_partial_only(client, leader, three):
    response = signed_in(client, leader).get(URL, {"q": "Beta"}, headers=HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="heatmap-results">')
    assert "<html" not in html
    assert "Beta" in html and ">Alfa<" not in html


def test_names_are_escaped(client, leader, three):
    three.alfa.name = '<script>alert("x")</script>'
    three.alfa.save()

    html = signed_in(client, leader).get(URL).content.decode()

    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# --- scope --------------------------------------------------------------------------------------


def test_an_outsider_sees_no_account_and_no_totals(client, outsider, three):
    response = signed_in(client, outsider).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert names(response) == []
    for name in ("Alfa", "Beta", "Celsa"):
        assert name not in html
    assert all(
        (t.missing, t.weak, t.covered) == (0, 0, 0) for t in response.context["heatmap"].totals
    )
    assert "You are not on any account team yet" in html


def test_a_member_sees_their_accounts_and_totals_over_them_only(client, member, three):
    response = signed_in(client, member).get(URL, {"q": "a"})

    assert names(response) == ["Alfa"]
    totals = {
        t.role.key: (t.missing, t.weak, t.covered) for t in response.context["heatmap"].totals
    }
    assert totals["relationship-manager"] == (0, 1, 0)
    assert "Recompute coverage" not in response.content.decode()


# --- empty states ---------------------------------------------------------------------------------


def test_empty_portfolio_tells_a_leader_to_add_accounts(client, leader):
    html = signed_in(client, leader).get(URL).content.decode()

    assert "There are no strategic accounts yet." in html
    assert reverse("accounts:create") in html


def test_no_match_offers_to_clear_the_filters(client, leader, three):
    html = signed_in(client, leader).get(URL, {"q": "zzz"}).content.decode()

    assert "No account matches these filters." in html
    assert "Clear the filters" in html


# --- recompute -----------------------------------------------------------------------------------


RECOMPUTE = "/coverage/recompute/"


def test_a_leader_recomputes_every_account(client, leader, three):
    AccountCoverage.objects.all().delete()
    RoleCoverageCell.objects.all().delete()
    html = signed_in(client, leader).get(URL).content.decode()
    assert "Recompute coverage" in html and "Not computed" in html

    response = client.post(RECOMPUTE, {"query": "sort=name&q=a"})

    assert response.status_code == 302
    assert response["Location"] == "/coverage/?sort=name&q=a"
    assert AccountCoverage.objects.count() == 3
    assert RoleCoverageCell.objects.count() == 3 * Role.objects.count()
    assert AccountCoverage.objects.get(account=three.celsa).gaps == 2
    page = client.get(response["Location"])
    assert "Coverage recomputed for 3 accounts." in page.content.decode()


def test_recompute_back_link_cannot_leave_the_site(client, leader, three):
    response = signed_in(client, leader).post(RECOMPUTE, {"query": "//evil.example/x"})

    assert response.status_code == 302
    assert response["Location"].startswith("/coverage/?")


def test_an_admin_may_recompute(client, admin_user, three):
    response = signed_in(client, admin_user).post(RECOMPUTE)

    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["member", "viewer", "outsider"])
def test_others_may_not_recompute_and_nothing_changes(client, persona, request, three):
    AccountCoverage.objects.filter(account=three.alfa).delete()
    before = list(AccountCoverage.objects.order_by("pk").values())

    response = signed_in(client, request.getfixturevalue(persona)).post(RECOMPUTE)

    assert response.status_code == 403
    assert list(AccountCoverage.objects.order_by("pk").values()) == before


def test_recompute_is_post_only_and_needs_csrf(leader, three):
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader)

    assert client.get(RECOMPUTE).status_code == 405
    assert client.post(RECOMPUTE).status_code == 403  # no CSRF token
    assert not AccountCoverage.objects.filter(computed_at__gt=three.computed_at).exists()


def test_the_heatmap_is_get_only(client, leader, three):
    assert signed_in(client, leader).post(URL).status_code == 405


def test_anonymous_users_are_sent_to_sign_in(client, three):
    for url in (URL, RECOMPUTE):
        response = client.post(url) if url == RECOMPUTE else client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


# --- query counts ------------------------------------------------------------------------------


def many_accounts(count: int) -> None:
    """`count` accounts with a team of two, each playing a role; coverage stored."""
    driver, expert = role("results-driver"), role("technical-expert")
    tier = TierFactory(name="Many", rank=1)
    tier.required_roles.set([driver])
    for index in range(count):
        account = AccountFactory(name=f"Account {index:03d}", tier=tier, lead=PersonFactory())
        RoleAssignmentFactory(
            membership=TeamMembershipFactory(account=account, person=account.lead), role=driver
        )
        RoleAssignmentFactory(membership=TeamMembershipFactory(account=account), role=expert)
    services.coverage_refresh()


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_query_count_does_not_grow_with_the_accounts(
    client, leader, count, htmx, django_assert_num_queries
):
    many_accounts(count)
    client = signed_in(client, leader)
    params = {"industry": Industry.MANUFACTURING, "sort": "-gaps"}
    # session, user (with its person, for the header);
    # heatmap_page: COUNT of the filtered accounts, the page's accounts (tier, lead and
    #   stored gaps through one LEFT JOIN), the page's cells, the role totals (one GROUP
    #   BY over the cells of the filtered accounts); the roles are kept since the refresh;
    # the full page only: the filter form's tier and lead choices.
    expected = 6 if htmx else 8
    with django_assert_num_queries(expected):
        response = client.get(URL, params, headers=HTMX if htmx else {})
    assert len(response.context["heatmap"].rows) == min(count, 25)


def test_query_count_for_a_member_is_the_same(client, member, django_assert_num_queries):
    many_accounts(30)
    for account in Account.objects.all()[:20]:
        TeamMembershipFactory(account=account, person=member.person)
    client = signed_in(client, member)
    # as for a leader: the visibility rule is a subquery of the same queries
    with django_assert_num_queries(8):
        response = client.get(URL)
    assert response.context["page"].paginator.count == 20
