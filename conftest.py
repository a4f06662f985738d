"""Personas shared by every test: programme leader, account lead, member, viewer, outsider.

`account` is led by `lead` and has `member` on its team; `outsider` is a member of Hexad
who is on no team of that account.
"""

from __future__ import annotations

import pytest

from hexad.accounts.tests.factories import AccountFactory, TeamMembershipFactory, TierFactory
from hexad.people.models import AccessLevel
from hexad.people.tests.factories import PersonFactory, UserFactory


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
