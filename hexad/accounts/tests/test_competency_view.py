"""The team competencies view of an account: the matrix worked out by hand, who sees and
who rates in place, bad input, the HTMX partial and query counts.

Personas (see conftest.py): `account` (Acme Polska) is led by `lead` (Adam Lead); `lead`
and `member` (Maria Member) are on its team; `outsider` is not.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from hexad.accounts.models import Account
from hexad.accounts.tests.factories import (
    AccountFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
)
from hexad.people.forms import RATING_CHOICE
from hexad.people.models import CompetencyRating, Person, User
from hexad.people.tests.factories import PersonFactory
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "matrix"}
JAN_10 = datetime.date(2026, 1, 10)
FEB_1 = datetime.date(2026, 2, 1)


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def role(key: str) -> Role:
    return Role.objects.get(key=key)


def rate(person: Person, key: str, rating: int, source: str, on: datetime.date) -> None:
    CompetencyRating.objects.create(
        person=person, role=role(key), rating=rating, source=source, rated_on=on
    )


def url(account: Account) -> str:
    return reverse("accounts:competencies", args=[account.pk])


def row_of(html: str, name: str) -> str:
    start = html.index(f">{name}</a>")
    return html[start : html.index("</tr>", start)]


def cells_of(row: str) -> list[tuple[str, str]]:
    """The role cells of a row: the level classes and the text read out, without the
    quick-rate form, e.g. ("low assigned", "2 manager, assigned")."""
    cells = []
    for chunk in row.split('<td class="rating-cell level-')[1:]:
        classes, body = chunk.split('">', 1)
        body = re.split(r"<details|</td>", body)[0]
        text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
        cells.append((classes, text.replace(" ,", ",")))
    return cells


@pytest.fixture
def team(account: Account, lead: User, member: User) -> Account:
    """Maria: Results Driver (lead) and Innovator on Acme; Adam: Relationship Manager.

    Maria — Results Driver: self 4 (1 Feb) but manager 2 (10 Jan) → 2, a gap;
            Innovator: no rating → not assessed, a gap;
            Collaborator (not assigned): self 5 → 5, not a gap.
    Adam  — Relationship Manager: manager 4 then manager 3 (later) → 3, no gap.
    """
    maria = account.memberships.get(person=member.person)
    adam = account.memberships.get(person=lead.person)
    RoleAssignmentFactory(membership=maria, role=role("results-driver"), degree="lead")
    RoleAssignmentFactory(membership=maria, role=role("innovator"), degree="contributing")
    RoleAssignmentFactory(membership=adam, role=role("relationship-manager"), degree="lead")
    rate(member.person, "results-driver", 4, "self", FEB_1)
    rate(member.person, "results-driver", 2, "manager", JAN_10)
    rate(member.person, "collaborator", 5, "self", JAN_10)
    rate(lead.person, "relationship-manager", 4, "manager", JAN_10)
    rate(lead.person, "relationship-manager", 3, "manager", FEB_1)
    return account


# --- the matrix, by hand ----------------------------------------------------------------------


def test_the_matrix_shows_the_rating_that_counts_in_each_cell(
    client: Any, leader: User, team: Account
) -> None:
    client.force_login(leader)

    html = client.get(url(team)).content.decode()

    # Roles in catalogue order: Results Driver, Relationship Manager, Innovator,
    # Collaborator, Technical Expert, Project Manager.
    assert [r.key for r in Role.objects.all()][:4] == [
        "results-driver", "relationship-manager", "innovator", "collaborator",
    ]  # fmt: skip
    maria = cells_of(row_of(html, "Maria Member"))
    assert maria == [
        ("low assigned", "2 manager, assigned"),
        ("none", "— not assessed"),
        ("none assigned", "— not assessed, assigned"),
        ("strong", "5 self"),
        ("none", "— not assessed"),
        ("none", "— not assessed"),
    ]
    adam = cells_of(row_of(html, "Adam Lead"))
    assert [level for level, _value in adam] == ["none", "medium assigned", *["none"] * 4]


def test_the_gaps_column_lists_assigned_roles_rated_two_or_less_or_not_assessed(
    client: Any, leader: User, team: Account, member: User
) -> None:
    client.force_login(leader)

    html = client.get(url(team)).content.decode()

    maria_gaps = row_of(html, "Maria Member").split('<td class="gaps">')[1]
    person = reverse("people:detail", args=[member.person.pk])
    assert f'href="{person}#competency-results-driver">Results Driver</a>' in maria_gaps
    assert f'href="{person}#competency-innovator">Innovator</a>' in maria_gaps
    assert "Collaborator" not in maria_gaps
    assert "none" in row_of(html, "Adam Lead").split('<td class="gaps">')[1]
    assert "2 assigned roles rated 2 or less, or not assessed" in html


def test_only_active_members_are_in_the_matrix(client: Any, leader: User, account: Account) -> None:
    today = timezone.localdate()
    TeamMembershipFactory(
        account=account,
        person=PersonFactory(full_name="Fiona Former"),
        start_date=today - datetime.timedelta(days=300),
        end_date=today - datetime.timedelta(days=1),
    )
    client.force_login(leader)

    html = client.get(url(account)).content.decode()

    assert "Maria Member" in html
    assert "Fiona Former" not in html


def test_the_account_page_links_to_the_team_competencies(
    client: Any, member: User, account: Account
) -> None:
    client.force_login(member)

    html = client.get(reverse("accounts:detail", args=[account.pk])).content.decode()

    assert f'<a href="{url(account)}">Compare competencies</a>' in html


# --- who sees, who rates in place ---------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status", "forms"),
    [
        ("leader", 200, 12),  # both members, six roles each
        ("admin_user", 200, 12),
        ("lead", 200, 6),  # Maria's roles; Adam's own only as a self rating, on his page
        ("member", 200, 0),
        ("viewer", 200, 0),
        ("outsider", 404, 0),
    ],
)
def test_who_sees_the_matrix_and_who_may_rate_in_it(
    client: Any, request: Any, team: Account, persona: str, status: int, forms: int
) -> None:
    client.force_login(request.getfixturevalue(persona))

    response = client.get(url(team))

    assert response.status_code == status
    assert response.content.decode().count('class="quick-rate-form"') == forms


def test_anonymous_users_are_sent_to_sign_in(client: Any, team: Account) -> None:
    response = client.get(url(team))

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_lead_rates_in_place_and_gets_the_matrix_back(
    client: Any, lead: User, member: User, team: Account
) -> None:
    client.force_login(lead)

    response = client.post(
        url(team),
        {"person": member.person.pk, "role": role("innovator").pk, "rating": "4"},
        headers=HTMX,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<section id="matrix"')
    assert "Manager rating of 4 saved for Maria Member in Innovator." in html
    maria = cells_of(row_of(html, "Maria Member"))
    assert maria[2][0] == "strong assigned"
    stored = CompetencyRating.objects.get(person=member.person, role__key="innovator")
    assert (stored.rating, stored.source, stored.rated_by, stored.rated_on) == (
        4,
        "manager",
        lead,
        timezone.localdate(),
    )


def test_without_htmx_a_rating_in_place_redirects_to_the_matrix(
    client: Any, leader: User, member: User, team: Account
) -> None:
    client.force_login(leader)

    response = client.post(
        url(team), {"person": member.person.pk, "role": role("innovator").pk, "rating": "5"}
    )

    assert response.status_code == 302
    assert response["Location"] == url(team)


@pytest.mark.parametrize("value", ["0", "6", "great", ""])
def test_a_bad_rating_in_place_is_refused_naming_the_field(
    client: Any, leader: User, member: User, team: Account, value: str
) -> None:
    client.force_login(leader)
    before = CompetencyRating.objects.count()
    data = {"person": member.person.pk, "role": role("innovator").pk, "rating": value}

    swapped = client.post(url(team), data, headers=HTMX)
    page = client.post(url(team), data)

    assert swapped.status_code == 200
    assert f"Rating: {RATING_CHOICE}" in swapped.content.decode()
    assert "Nothing was saved for Maria Member." in swapped.content.decode()
    assert page.status_code == 400
    assert CompetencyRating.objects.count() == before


@pytest.mark.parametrize(
    ("persona", "status"), [("member", 403), ("viewer", 403), ("outsider", 404)]
)
def test_who_may_not_rate_in_place_gets_403_or_404(
    client: Any, request: Any, lead: User, team: Account, persona: str, status: int
) -> None:
    client.force_login(request.getfixturevalue(persona))
    before = CompetencyRating.objects.count()

    response = client.post(
        url(team), {"person": lead.person.pk, "role": role("innovator").pk, "rating": "1"}
    )

    assert response.status_code == status
    assert CompetencyRating.objects.count() == before


def test_the_lead_may_not_give_themself_a_manager_rating_in_place(
    client: Any, lead: User, team: Account
) -> None:
    client.force_login(lead)
    before = CompetencyRating.objects.count()

    response = client.post(
        url(team), {"person": lead.person.pk, "role": role("innovator").pk, "rating": "5"}
    )

    assert response.status_code == 403
    assert CompetencyRating.objects.count() == before


def test_someone_off_the_team_is_not_found_through_the_matrix(
    client: Any, leader: User, team: Account
) -> None:
    elsewhere = TeamMembershipFactory(account=AccountFactory(name="Other"))
    client.force_login(leader)
    before = CompetencyRating.objects.count()

    response = client.post(
        url(team),
        {"person": elsewhere.person.pk, "role": role("innovator").pk, "rating": "3"},
        headers=HTMX,
    )

    assert response.status_code == 404
    assert CompetencyRating.objects.count() == before


def test_the_htmx_get_renders_only_the_matrix(client: Any, member: User, team: Account) -> None:
    client.force_login(member)

    html = client.get(url(team), headers=HTMX).content.decode()

    assert html.strip().startswith('<section id="matrix"')
    assert "Team competencies" not in html


# --- query counts ---------------------------------------------------------------------------


def grow(account: Account, size: int) -> None:
    """`size` more members, each with two roles and three ratings."""
    roles = list(Role.objects.all())
    for index in range(size):
        membership = TeamMembershipFactory(account=account)
        RoleAssignmentFactory(membership=membership, role=roles[index % 6])
        RoleAssignmentFactory(membership=membership, role=roles[(index + 1) % 6])
        for offset, source in enumerate(["self", "manager", "self"]):
            rate(membership.person, roles[(index + offset) % 6].key, 1 + index % 5, source, JAN_10)


@pytest.mark.parametrize("size", [3, 15])
def test_the_matrix_runs_the_same_queries_for_3_or_15_members(
    client: Any, django_assert_num_queries: Any, lead: User, account: Account, size: int
) -> None:
    grow(account, size - 2)  # Adam and Maria are on the team already
    client.force_login(lead)
    client.get(url(account))  # the first request of a session writes it (idle timeout)

    # 1 session, 2 user with their person (the header's user menu),
    # 3 the account with tier, lead and parent (the roles are kept since the first view),
    # 4 active memberships with their people, 5 their role assignments,
    # 6 the latest self and manager rating per person and role (one window query),
    # 7 permissions (the accounts each member is on that the lead sees, with their leads)
    with django_assert_num_queries(7):
        response = client.get(url(account))

    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row">') == size


@pytest.mark.parametrize("size", [3, 15])
def test_the_matrix_partial_runs_the_same_queries_for_3_or_15_members(
    client: Any, django_assert_num_queries: Any, leader: User, account: Account, size: int
) -> None:
    grow(account, size - 2)
    client.force_login(leader)
    client.get(url(account))

    # 1 session, 2 user with their person, 3 account, 4 memberships with people,
    # 5 assignments, 6 latest ratings (a programme leader's permissions need no query; the
    # roles are kept since the first view)
    with django_assert_num_queries(6):
        response = client.get(url(account), headers=HTMX)

    assert response.status_code == 200
