"""Personas shared by every test: programme leader, account lead, member, viewer, outsider.

`account` is led by `lead` and has `member` on its team; `outsider` is a member of Hexad
who is on no team of that account.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation

from hexad.accounts.tests.factories import AccountFactory, TeamMembershipFactory, TierFactory
from hexad.core.testing import ensure_catalogue
from hexad.people.models import AccessLevel
from hexad.people.tests.factories import PersonFactory, UserFactory

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


@pytest.fixture(autouse=True)
def _catalogue_present(request):
    """Transactional tests (browser journeys, the worker) end with a flush that also
    empties what data migrations seeded: the six roles and the default tiers. Before each
    test that uses the database, seed them again if they are gone, so every test starts
    from the catalogue a real database has."""
    if request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames):
        request.getfixturevalue("django_db_setup")
        with request.getfixturevalue("django_db_blocker").unblock():
            ensure_catalogue()
    yield


@pytest.fixture(autouse=True)
def _fast_and_english(settings):
    """Cheap password hashing, no static-file rescans per client, English by default."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True
    translation.activate("en")
    cache.clear()  # what one test cached (lists of leads …) names rows another never had
    yield
    translation.activate("en")


@pytest.fixture
def admin_user(db):
    return UserFactory(
        username="admin", access_level=AccessLevel.ADMIN, is_staff=True, is_superuser=True
    )


@pytest.fixture
def leader(db):
    user = UserFactory(username="leader", access_level=AccessLevel.PROGRAMME_LEADER)
    PersonFactory(full_name="Lena Leader", user=user)
    return user


@pytest.fixture
def lead(db):
    user = UserFactory(username="lead", access_level=AccessLevel.MEMBER)
    PersonFactory(full_name="Adam Lead", user=user)
    return user


@pytest.fixture
def member(db):
    user = UserFactory(username="member", access_level=AccessLevel.MEMBER)
    PersonFactory(full_name="Maria Member", user=user)
    return user


@pytest.fixture
def viewer(db):
    user = UserFactory(username="viewer", access_level=AccessLevel.VIEWER)
    PersonFactory(full_name="Victor Viewer", user=user)
    return user


@pytest.fixture
def outsider(db):
    user = UserFactory(username="outsider", access_level=AccessLevel.MEMBER)
    PersonFactory(full_name="Olga Outsider", user=user)
    return user


@pytest.fixture
def tier(db):
    return TierFactory(name="Tier 1 — Strategic")


@pytest.fixture
def account(db, lead, member, tier):
    account = AccountFactory(name="Acme Polska", tier=tier, lead=lead.person)
    TeamMembershipFactory(account=account, person=lead.person, allocation=40)
    TeamMembershipFactory(account=account, person=member.person, allocation=20)
    return account
