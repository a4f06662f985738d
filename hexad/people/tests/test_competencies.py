"""Competencies on a person's page: which rating counts, who may see and rate, bad input,
development notes, HTMX partials and query counts.

Personas (see conftest.py): `account` (Acme Polska) is led by `lead` (Adam Lead) and has
`lead` and `member` (Maria Member) on its team; `outsider` is on no team of it. Dates are
fixed days in the past (today is read by the services), or relative to today.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from hexad.accounts.tests.factories import AccountFactory, TeamMembershipFactory
from hexad.coverage.selectors import effective_ratings
from hexad.people.forms import NOTE_TEXT_MISSING, RATING_CHOICE, SOURCE_CHOICE
from hexad.people.models import AccessLevel, CompetencyRating, DevelopmentNote, Person, User
from hexad.people.selectors import (
    CompetencyPermissions,
    competency_permissions,
    latest_ratings,
    person_competencies,
    ratings_latest,
)
from hexad.people.services import RATING_IN_FUTURE
from hexad.people.tests.factories import PersonFactory, UserFactory
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "competencies"}
JAN_10 = datetime.date(2026, 1, 10)
FEB_1 = datetime.date(2026, 2, 1)
MAR_3 = datetime.date(2026, 3, 3)


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def role(key: str) -> Role:
    return Role.objects.get(key=key)


def today() -> datetime.date:
    return timezone.localdate()


def rate(
    person: Person, key: str, rating: int, source: str, on: datetime.date, **extra: Any
) -> CompetencyRating:
    return CompetencyRating.objects.create(
        person=person, role=role(key), rating=rating, source=source, rated_on=on, **extra
    )


def page(client: Any, person: Person) -> str:
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def section_of(html: str, key: str) -> str:
    """The card of one role in the competency section."""
    start = html.index(f'id="competency-{key}"')
    end = html.find('class="competency-card', start + 1)
    return html[start : end if end != -1 else len(html)]


@pytest.fixture
def teammate(account: Any) -> User:
    """Another member on `account`'s team: sees Maria's ratings, rates nobody."""
    user = UserFactory(username="teammate", access_level=AccessLevel.MEMBER)
    TeamMembershipFactory(account=account, person=PersonFactory(full_name="Tom Mate", user=user))
    return user


# --- which rating counts (by hand) ----------------------------------------------------------


def unsaved(pk: int, source: str, rating: int, on: datetime.date) -> CompetencyRating:
    return CompetencyRating(pk=pk, source=source, rating=rating, rated_on=on)


def test_the_latest_of_each_source_is_picked_by_day_then_by_record() -> None:
    ratings = [
        unsaved(1, "self", 3, JAN_10),
        unsaved(5, "self", 2, JAN_10),  # same day, later record: wins over #1
        unsaved(2, "self", 4, FEB_1),  # later day: wins over both, though an earlier record
        unsaved(3, "manager", 5, JAN_10),
        unsaved(4, "manager", 2, MAR_3),
    ]

    latest_self, latest_manager = latest_ratings(ratings)

    assert (latest_self.pk, latest_self.rating) == (2, 4)
    assert (latest_manager.pk, latest_manager.rating) == (4, 2)


def test_a_manager_rating_counts_over_a_later_self_rating(member: User) -> None:
    person = member.person
    rate(person, "innovator", 2, "manager", JAN_10)
    rate(person, "innovator", 5, "self", MAR_3)

    entry = next(e for e in person_competencies(person=person) if e.role.key == "innovator")

    assert (entry.effective.rating, entry.effective.source) == (2, "manager")
    assert entry.latest_self.rating == 5
    assert entry.shows_both


def test_the_self_rating_counts_while_there_is_no_manager_rating(member: User) -> None:
    person = member.person
    rate(person, "collaborator", 3, "self", JAN_10)
    rate(person, "collaborator", 4, "self", FEB_1)

    entry = next(e for e in person_competencies(person=person) if e.role.key == "collaborator")

    assert (entry.effective.rating, entry.effective.source) == (4, "self")
    assert not entry.shows_both
    assert [r.rating for r in entry.history] == [4, 3]


def test_a_role_without_ratings_is_not_assessed(member: User) -> None:
    entries = {e.role.key: e for e in person_competencies(person=member.person)}

    assert set(entries) == set(Role.objects.values_list("key", flat=True))
    assert entries["technical-expert"].effective is None
    assert entries["technical-expert"].level == "none"


def test_the_latest_ratings_agree_with_the_coverage_engines_rule(member: User, lead: User) -> None:
    maria, adam = member.person, lead.person
    rate(maria, "innovator", 2, "manager", JAN_10)
    rate(maria, "innovator", 5, "self", MAR_3)
    rate(maria, "collaborator", 3, "self", JAN_10)
    rate(maria, "collaborator", 1, "self", JAN_10)
    rate(adam, "results-driver", 4, "manager", JAN_10)
    rate(adam, "results-driver", 3, "manager", FEB_1)
    rate(adam, "results-driver", 5, "self", MAR_3)

    latest = ratings_latest(person_ids=[maria.pk, adam.pk])
    ours = {
        key: (counted.rating, counted.source)
        for key, (latest_self, latest_manager) in latest.items()
        if (counted := latest_manager or latest_self)
    }
    theirs = {
        key: (value.rating, value.source)
        for key, value in effective_ratings(person_ids=[maria.pk, adam.pk]).items()
    }

    assert (
        ours
        == theirs
        == {
            (maria.pk, role("innovator").pk): (2, "manager"),
            (maria.pk, role("collaborator").pk): (1, "self"),
            (adam.pk, role("results-driver").pk): (3, "manager"),
        }
    )


# --- who may see and rate ---------------------------------------------------------------------

NONE = CompetencyPermissions()
SEE = CompetencyPermissions(can_view=True)
SELF = CompetencyPermissions(can_view=True, can_rate_self=True, can_add_notes=True)
MANAGER = CompetencyPermissions(can_view=True, can_rate_as_manager=True, can_add_notes=True)
BOTH = CompetencyPermissions(
    can_view=True, can_rate_self=True, can_rate_as_manager=True, can_add_notes=True
)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("member", SELF),  # Maria herself
        ("lead", MANAGER),  # leads Acme, where Maria is on the team
        ("leader", MANAGER),
        ("admin_user", MANAGER),
        ("teammate", SEE),  # shares Acme's team
        ("viewer", SEE),  # sees the whole portfolio, changes nothing
        ("outsider", NONE),
    ],
)
def test_who_may_see_and_rate_marias_competencies(
    persona: str, expected: CompetencyPermissions, request: Any, account: Any, teammate: User
) -> None:
    user = request.getfixturevalue(persona)
    maria = Person.objects.get(full_name="Maria Member")

    assert competency_permissions(user, maria) == expected


def test_a_programme_leader_may_rate_themself_both_ways(leader: User) -> None:
    permissions = competency_permissions(leader, leader.person)

    assert permissions == BOTH
    assert permissions.sources == ["self", "manager"]


def test_an_account_lead_rates_themself_only_as_self(lead: User, account: Any) -> None:
    assert competency_permissions(lead, lead.person) == SELF


def test_a_viewer_does_not_rate_even_themself(viewer: User) -> None:
    assert competency_permissions(viewer, viewer.person) == SEE


def test_a_former_teammate_no_longer_sees(member: User, account: Any) -> None:
    former = PersonFactory(full_name="Fiona Former")
    TeamMembershipFactory(
        account=account,
        person=former,
        start_date=today() - datetime.timedelta(days=200),
        end_date=today() - datetime.timedelta(days=1),
    )

    assert competency_permissions(member, former) == NONE


def test_the_lead_of_an_account_the_person_is_not_on_may_not_rate(lead: User) -> None:
    stranger = PersonFactory(full_name="Sara Stranger")
    TeamMembershipFactory(person=stranger, account=AccountFactory(name="Other"))
    AccountFactory(name="Led by Adam", lead=lead.person)

    assert competency_permissions(lead, stranger) == NONE


def test_an_account_lead_off_the_team_still_manages_its_members(outsider: User) -> None:
    led = AccountFactory(name="Beta", lead=outsider.person)
    newcomer = PersonFactory(full_name="Nina Newcomer")
    TeamMembershipFactory(account=led, person=newcomer)

    assert competency_permissions(outsider, newcomer) == MANAGER


# --- the section on the person's page -------------------------------------------------------


def test_the_section_shows_the_rating_that_counts_with_source_and_date(
    client: Any, lead: User, member: User, account: Any
) -> None:
    maria = member.person
    rate(maria, "results-driver", 4, "manager", MAR_3, rated_by=lead, note="Won the renewal")
    rate(maria, "results-driver", 2, "self", FEB_1, rated_by=member)
    rate(maria, "innovator", 3, "self", JAN_10, rated_by=member)
    client.force_login(lead)

    html = page(client, maria)

    assert "Competencies in the six roles" in html
    driver = section_of(html, "results-driver")
    assert '<span class="rating-value">4</span>' in driver
    assert "— manager rating, 3 Mar 2026" in driver
    assert "Self rating: 2, 1 Feb 2026" in driver
    assert "Won the renewal" in driver  # in the history
    assert "Adam Lead" in driver
    assert "— self rating, 10 Jan 2026" in section_of(html, "innovator")
    assert "Self rating:" not in section_of(html, "innovator")
    expert = section_of(html, "technical-expert")
    assert '<span class="not-assessed">Not assessed</span>' in expert
    assert "rating-value" not in expert


def test_the_anchors_label_the_rating_scale(client: Any, lead: User, member: User, account: Any):
    driver = role("results-driver")
    client.force_login(lead)

    html = section_of(page(client, member.person), "results-driver")

    assert "How the role is rated" in html
    for _level, text in driver.anchors:
        assert html.count(text) == 2  # in the anchors and beside the radio button
    assert html.count('type="radio" name="rating"') == 5


def test_the_section_is_hidden_from_someone_who_may_not_see_it(
    client: Any, outsider: User, member: User, account: Any
) -> None:
    rate(member.person, "innovator", 5, "self", JAN_10)
    client.force_login(outsider)

    html = page(client, member.person)

    assert "Competencies in the six roles" not in html
    assert 'id="competencies"' not in html


def test_a_teammate_and_a_viewer_read_without_forms(
    client: Any, teammate: User, viewer: User, member: User
) -> None:
    rate(member.person, "innovator", 5, "self", JAN_10)
    DevelopmentNote.objects.create(person=member.person, role=role("innovator"), text="Pitch")
    for user in (teammate, viewer):
        client.force_login(user)
        html = page(client, member.person)
        assert "— self rating, 10 Jan 2026" in html
        assert "Pitch" in html
        assert "<form" not in html.split('id="competencies"')[1]


def test_a_member_rates_only_as_self_and_a_leader_on_themself_may_choose(
    client: Any, member: User, leader: User
) -> None:
    client.force_login(member)
    html = page(client, member.person)
    assert "Given as: self rating" in html
    assert 'name="source"' not in html

    client.force_login(leader)
    html = page(client, leader.person)
    assert html.count('name="source" value="self"') == 6  # one choice per role's form
    assert html.count('name="source" value="manager"') == 6


# --- adding ratings -----------------------------------------------------------------------------


def test_the_lead_adds_a_manager_rating_and_gets_the_section_back(
    client: Any, lead: User, member: User, account: Any
) -> None:
    client.force_login(lead)

    response = client.post(
        reverse("people:rating-add", args=[member.person.pk]),
        {"role": role("innovator").pk, "rating": "4", "rated_on": "", "note": "Good pitch"},
        headers=HTMX,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<section") or "<html" not in html
    assert 'hx-swap-oob="true"' in html  # the messages
    assert "— manager rating" in section_of(html, "innovator")
    stored = CompetencyRating.objects.get()
    assert (stored.person, stored.role.key, stored.rating, stored.source) == (
        member.person,
        "innovator",
        4,
        "manager",
    )
    assert (stored.rated_by, stored.rated_on, stored.note) == (lead, today(), "Good pitch")


def test_a_member_rates_themself_and_the_source_is_self(client: Any, member: User) -> None:
    client.force_login(member)

    response = client.post(
        reverse("people:rating-add", args=[member.person.pk]),
        {"role": role("collaborator").pk, "rating": "3", "rated_on": FEB_1.isoformat()},
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"/people/{member.person.pk}/#competencies")
    stored = CompetencyRating.objects.get()
    assert (stored.rating, stored.source, stored.rated_on) == (3, "self", FEB_1)


def test_a_leader_gives_themself_the_source_they_choose(client: Any, leader: User) -> None:
    client.force_login(leader)
    url = reverse("people:rating-add", args=[leader.person.pk])

    client.post(url, {"role": role("innovator").pk, "rating": "5", "source": "manager"})
    client.post(url, {"role": role("innovator").pk, "rating": "3", "source": "self"})

    assert sorted(CompetencyRating.objects.values_list("source", "rating")) == [
        ("manager", 5),
        ("self", 3),
    ]


def test_a_member_may_not_give_themself_a_manager_rating(client: Any, member: User) -> None:
    client.force_login(member)

    response = client.post(
        reverse("people:rating-add", args=[member.person.pk]),
        {"role": role("innovator").pk, "rating": "5", "source": "manager"},
    )

    assert response.status_code == 400
    assert f"Given as: {SOURCE_CHOICE}" in response.content.decode()
    assert not CompetencyRating.objects.exists()


@pytest.mark.parametrize("value", ["0", "6", "four", "", "3.5"])
def test_a_rating_outside_one_to_five_is_refused_naming_the_field(
    client: Any, lead: User, member: User, account: Any, value: str
) -> None:
    client.force_login(lead)

    response = client.post(
        reverse("people:rating-add", args=[member.person.pk]),
        {"role": role("innovator").pk, "rating": value, "note": "Typed by hand"},
        headers=HTMX,
    )

    assert response.status_code == 200  # HTMX swaps the section with the errors
    card = section_of(response.content.decode(), "innovator")
    assert f"Rating: {RATING_CHOICE}" in card
    assert "Nothing was saved" in card
    assert '<details class="competency-more" open>' in card
    assert 'value="Typed by hand"' in card
    assert 'aria-invalid="true" autofocus' in card  # focus lands on the scale after the swap
    assert not CompetencyRating.objects.exists()


def test_a_rating_dated_in_the_future_is_refused_and_the_typed_values_kept(
    client: Any, lead: User, member: User, account: Any
) -> None:
    client.force_login(lead)
    tomorrow = today() + datetime.timedelta(days=1)

    response = client.post(
        reverse("people:rating-add", args=[member.person.pk]),
        {"role": role("innovator").pk, "rating": "4", "rated_on": tomorrow.isoformat()},
    )

    assert response.status_code == 400
    card = section_of(response.content.decode(), "innovator")
    assert f"Rated on: {RATING_IN_FUTURE}" in card
    assert f'value="{tomorrow.isoformat()}"' in card
    assert 'value="4" id="rating-new-rating-4" checked' in card
    assert not CompetencyRating.objects.exists()


def test_a_rating_for_a_role_not_in_the_catalogue_is_refused_above_the_roles(
    client: Any, lead: User, member: User, account: Any
) -> None:
    client.force_login(lead)

    response = client.post(
        reverse("people:rating-add", args=[member.person.pk]), {"role": "999999", "rating": "3"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    summary = html[html.index('id="competencies"') : html.index('class="competency-list"')]
    assert "Nothing was saved" in summary
    assert "Role: Select a valid choice." in summary
    assert not CompetencyRating.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("outsider", 404), ("teammate", 403), ("viewer", 403), ("anonymous", 302)],
)
def test_who_may_not_rate_gets_404_or_403_and_nothing_is_stored(
    client: Any, request: Any, member: User, teammate: User, persona: str, status: int
) -> None:
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))

    response = client.post(
        reverse("people:rating-add", args=[member.person.pk]),
        {"role": role("innovator").pk, "rating": "4"},
    )

    assert response.status_code == status
    assert not CompetencyRating.objects.exists()


# --- development notes ----------------------------------------------------------------------


def test_a_development_step_is_added_by_the_person_themself(client: Any, member: User) -> None:
    client.force_login(member)

    response = client.post(
        reverse("people:note-add", args=[member.person.pk]),
        {"role": role("innovator").pk, "text": "Shadow the CTO meeting", "due_date": "2027-01-15"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert "Shadow the CTO meeting" in section_of(response.content.decode(), "innovator")
    note = DevelopmentNote.objects.get()
    assert (note.person, note.role.key, note.author) == (member.person, "innovator", member)
    assert (note.due_date, note.is_done) == (datetime.date(2027, 1, 15), False)


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_development_step_is_refused_keeping_the_typed_values(
    client: Any, lead: User, member: User, account: Any, text: str
) -> None:
    client.force_login(lead)

    response = client.post(
        reverse("people:note-add", args=[member.person.pk]),
        {"role": role("innovator").pk, "text": text, "due_date": "2027-01-15"},
        headers=HTMX,
    )

    html = response.content.decode()
    assert f"Development step: {NOTE_TEXT_MISSING}" in html
    assert 'value="2027-01-15"' in html
    assert f'<option value="{role("innovator").pk}" selected>' in html
    assert re.search(r'<textarea name="text"[^>]*autofocus[^>]*id="note-text"', html)
    assert not DevelopmentNote.objects.exists()


def test_a_development_step_is_marked_done_and_reopened_and_open_ones_come_first(
    client: Any, lead: User, member: User, account: Any
) -> None:
    maria, innovator = member.person, role("innovator")
    first = DevelopmentNote.objects.create(person=maria, role=innovator, text="Read the book")
    DevelopmentNote.objects.create(person=maria, role=innovator, text="Run a workshop")
    client.force_login(lead)
    url = reverse("people:note-done", args=[maria.pk, first.pk])

    html = client.post(url, {"done": "1"}, headers=HTMX).content.decode()

    first.refresh_from_db()
    assert first.is_done
    card = section_of(html, "innovator")
    assert card.index("Run a workshop") < card.index("Read the book")
    assert "1 step done" in card  # done steps fold away below the open ones
    assert "Reopen" in card

    client.post(url, {"done": "0"}, headers=HTMX)
    first.refresh_from_db()
    assert not first.is_done


def test_marking_a_note_needs_a_done_value(client: Any, member: User) -> None:
    note = DevelopmentNote.objects.create(person=member.person, role=role("innovator"), text="x")
    client.force_login(member)

    response = client.post(reverse("people:note-done", args=[member.person.pk, note.pk]))

    assert response.status_code == 400
    note.refresh_from_db()
    assert not note.is_done


def test_a_note_of_someone_else_is_not_found_through_another_person(
    client: Any, lead: User, member: User, account: Any
) -> None:
    other = DevelopmentNote.objects.create(
        person=PersonFactory(full_name="Else"), role=role("innovator"), text="Theirs"
    )
    client.force_login(lead)

    response = client.post(
        reverse("people:note-done", args=[member.person.pk, other.pk]), {"done": "1"}
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert not other.is_done


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("teammate", 403)])
def test_who_may_not_plan_gets_404_or_403_for_notes(
    client: Any, request: Any, member: User, teammate: User, persona: str, status: int
) -> None:
    note = DevelopmentNote.objects.create(person=member.person, role=role("innovator"), text="x")
    client.force_login(request.getfixturevalue(persona))

    added = client.post(
        reverse("people:note-add", args=[member.person.pk]),
        {"role": role("innovator").pk, "text": "Sneaky"},
    )
    done = client.post(reverse("people:note-done", args=[member.person.pk, note.pk]), {"done": "1"})

    assert (added.status_code, done.status_code) == (status, status)
    assert list(DevelopmentNote.objects.values_list("text", "is_done")) == [("x", False)]


# --- query counts ---------------------------------------------------------------------------


def fill(person: Person, raters: list[User], count: int) -> None:
    """`count` ratings and `count` notes over the six roles, by several raters."""
    roles = list(Role.objects.all())
    for index in range(count):
        CompetencyRating.objects.create(
            person=person,
            role=roles[index % len(roles)],
            rating=1 + index % 5,
            source="self" if index % 2 else "manager",
            rated_on=JAN_10 + datetime.timedelta(days=index),
            rated_by=raters[index % len(raters)],
        )
        DevelopmentNote.objects.create(
            person=person, role=roles[index % len(roles)], text=f"Step {index}",
            author=raters[index % len(raters)],
        )  # fmt: skip


@pytest.mark.parametrize("count", [3, 15])
def test_the_person_page_runs_the_same_queries_for_3_or_15_ratings(
    client: Any,
    django_assert_num_queries: Any,
    lead: User,
    member: User,
    leader: User,
    account: Any,
    count: int,
) -> None:
    fill(member.person, [lead, member, leader], count)
    client.force_login(lead)
    url = reverse("people:detail", args=[member.person.pk])
    client.get(url)  # the first request of a session writes it (idle timeout)

    # 1 session, 2 user with their person (the header's user menu), 3 person,
    # 4 the person's memberships on visible accounts, 5 their role assignments,
    # 6 load (allocation across all accounts),
    # 7 permissions (the accounts the person is on that the lead sees, with their leads),
    # 8 ratings with their raters and the raters' people,
    # 9 development notes with their authors and the authors' people
    # (the roles are kept since the first view)
    with django_assert_num_queries(9):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 15])
def test_the_htmx_section_runs_the_same_queries_for_3_or_15_ratings(
    client: Any,
    django_assert_num_queries: Any,
    lead: User,
    member: User,
    leader: User,
    account: Any,
    count: int,
) -> None:
    fill(member.person, [lead, member, leader], count)
    note = DevelopmentNote.objects.filter(person=member.person).first()
    assert note is not None
    client.force_login(leader)
    url = reverse("people:note-done", args=[member.person.pk, note.pk])
    client.get(reverse("people:detail", args=[member.person.pk]))  # writes the new session

    # 1 session, 2 user with their person, 3 person, 4 the note, 5 update the note,
    # 6 ratings with their raters, 7 notes with their authors
    # (a programme leader's permissions need no query; the partial has no header; the
    # roles are kept since the first view)
    # + 2 for the history: the note's stored values before the update, INSERT its entry
    with django_assert_num_queries(9):
        response = client.post(url, {"done": "1"}, headers=HTMX)

    assert response.status_code == 200
