"""The review form's attendees of ours: a type-ahead search over all our people, and a
plain multiple select of the account's team (and whoever is chosen) without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hexad.accounts.tests.factories import TeamMembershipFactory
from hexad.people.tests.factories import PersonFactory
from hexad.planning.models import Review
from hexad.planning.selectors import ATTENDEE_MATCHES
from hexad.planning.tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def as_member(client: Client, member: Any) -> Client:
    client.force_login(member)
    return client


@pytest.fixture
def people(account):
    """One colleague on the team, two elsewhere in the company, one who has left."""
    colleague = PersonFactory(full_name="Marta Nowak", job_title="Service manager")
    TeamMembershipFactory(account=account, person=colleague)
    return {
        "colleague": colleague,
        "finance": PersonFactory(full_name="Marek Zieliński", job_title="Controller"),
        "other": PersonFactory(full_name="Anna Kowalska", job_title="Engineer"),
        "gone": PersonFactory(full_name="Marian Stary", is_active=False),
    }


def search(client: Client, account: Any, query: str) -> str:
    url = reverse("planning:attendee-search", args=[account.pk])
    return client.get(url, {"q": query}, headers=HTMX).content.decode()


def test_the_search_finds_our_active_people_team_first(account, people, as_member):
    html = search(as_member, account, "mar")
    assert html.index("Marta Nowak") < html.index("Marek Zieliński")  # the team first
    assert 'role="option"' in html and f'data-value="{people["finance"].pk}"' in html
    assert "Marian Stary" not in html  # left the company
    assert "Anna Kowalska" not in html
    assert "Controller" in search(as_member, account, "controll")  # by job title too


def test_the_search_says_when_nobody_matches_and_escapes_the_query(account, as_member):
    html = search(as_member, account, "<b>zzz")
    assert "Nobody of ours matches" in html and "&lt;b&gt;zzz" in html
    assert search(as_member, account, "   ").strip() == ""


def test_the_search_returns_a_bounded_number_of_matches(account, as_member):
    for n in range(ATTENDEE_MATCHES + 5):
        PersonFactory(full_name=f"Piotr {n}")
    assert search(as_member, account, "piotr").count('role="option"') == ATTENDEE_MATCHES


def test_the_form_lists_the_team_and_the_chosen_not_everyone(account, people, member, as_member):
    review = ReviewFactory(account=account, people=[people["finance"]])
    html = as_member.get(
        reverse("planning:review-edit", kwargs={"account_pk": account.pk, "pk": review.pk})
    ).content.decode()
    assert "Marta Nowak (team)" in html  # the team
    assert "Marek Zieliński" in html  # chosen already
    assert "Anna Kowalska" not in html  # found through the search only
    assert 'role="combobox"' in html
    assert reverse("planning:attendee-search", args=[account.pk]) in html


def test_someone_found_through_the_search_is_recorded(account, people, as_member):
    response = as_member.post(
        reverse("planning:review-add", args=[account.pk]),
        {
            "kind": "check_in",
            "held_on": timezone.localdate().isoformat(),
            "people": [people["other"].pk, people["colleague"].pk],
            "q": "ann",  # the search box's text is not a field of the review
        },
    )
    assert response.status_code == 302
    review = Review.objects.get()
    assert set(review.people.all()) == {people["other"], people["colleague"]}


def test_a_refused_review_keeps_whoever_was_chosen(account, people, as_member):
    response = as_member.post(
        reverse("planning:review-add", args=[account.pk]),
        {"kind": "check_in", "held_on": "not a date", "people": [people["other"].pk]},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f'<option value="{people["other"].pk}" selected>Anna Kowalska</option>' in html
    assert not Review.objects.exists()


@pytest.mark.parametrize("who", ["gone", "unknown", "garbage"])
def test_someone_who_is_not_one_of_our_active_people_is_refused(who, account, people, as_member):
    value = {"gone": people["gone"].pk, "unknown": 999999, "garbage": "x1"}[who]
    response = as_member.post(
        reverse("planning:review-add", args=[account.pk]),
        {"kind": "check_in", "held_on": timezone.localdate().isoformat(), "people": [value]},
    )
    assert response.status_code == 400
    assert "Choose one of our people from the list." in response.content.decode()
    assert not Review.objects.exists()


def test_viewers_cannot_search(account, viewer):
    client = Client()
    client.force_login(viewer)
    url = reverse("planning:attendee-search", args=[account.pk])
    assert client.get(url, {"q": "a"}).status_code == 403


# session, user,
# account   SELECT the account
# may edit  SELECT 1: the account is one the user may change (the form is for editors)
# people    SELECT the matching active people, team first (at most eight)
SEARCH_QUERIES = 5


def test_the_search_queries_do_not_grow(account, people, as_member, django_assert_num_queries):
    for n in range(30):
        PersonFactory(full_name=f"Maria {n}")
    as_member.get(reverse("home"))
    with django_assert_num_queries(SEARCH_QUERIES):
        search(as_member, account, "mar")
