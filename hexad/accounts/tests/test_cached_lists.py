"""Lists kept in the cache (account leads, tiers) follow every saved change at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hexad.accounts.selectors import account_lead_choices
from hexad.accounts.tests.factories import AccountFactory
from hexad.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_list_is_read_once_then_kept() -> None:
    lead = PersonFactory(full_name="Lena Lead")
    AccountFactory(lead=lead)
    assert account_lead_choices() == [(lead.pk, "Lena Lead")]
    with CaptureQueriesContext(connection) as queries:
        assert account_lead_choices() == [(lead.pk, "Lena Lead")]
    assert len(queries) == 0


def test_a_new_lead_a_renamed_lead_and_a_deleted_account_show_at_once() -> None:
    first = PersonFactory(full_name="Ada First")
    account = AccountFactory(lead=first)
    assert [name for _pk, name in account_lead_choices()] == ["Ada First"]

    second = PersonFactory(full_name="Bea Second")
    AccountFactory(lead=second)
    assert [name for _pk, name in account_lead_choices()] == ["Ada First", "Bea Second"]

    first.full_name = "Ada Renamed"
    first.save()
    assert [name for _pk, name in account_lead_choices()] == ["Ada Renamed", "Bea Second"]

    account.delete()
    assert [name for _pk, name in account_lead_choices()] == ["Bea Second"]


def test_the_portfolio_filter_offers_the_leads(client: Client, leader: Any) -> None:
    lead = PersonFactory(full_name="Cyra Lead")
    AccountFactory(lead=lead)
    client.force_login(leader)
    page = client.get(reverse("accounts:portfolio")).content.decode()
    assert f'<option value="{lead.pk}">Cyra Lead</option>' in page


def test_tiers_follow_their_names_and_required_roles() -> None:
    from hexad.accounts.selectors import tier_catalogue
    from hexad.accounts.tests.factories import TierFactory
    from hexad.roles.models import Role

    tier = TierFactory(name="Platinum")
    role = Role.objects.order_by("order").first()
    assert role is not None
    entry = next(t for t in tier_catalogue() if t.pk == tier.pk)
    assert entry.required_role_ids == frozenset()

    tier.required_roles.add(role)
    entry = next(t for t in tier_catalogue() if t.pk == tier.pk)
    assert entry.required_role_ids == {role.pk}

    tier.name = "Platinum+"
    tier.save()
    assert next(t for t in tier_catalogue() if t.pk == tier.pk).name == "Platinum+"

    tier.required_roles.clear()
    assert next(t for t in tier_catalogue() if t.pk == tier.pk).required_role_ids == frozenset()
