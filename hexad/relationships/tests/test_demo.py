"""The demo's client side (hexad.demo.stakeholders): its shape, its consistency, its seed."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, F, Min

from hexad.accounts.models import Account
from hexad.demo.generator import demo_load
from hexad.demo.shape import SIZES
from hexad.relationships.models import (
    Interaction,
    InteractionPerson,
    InteractionStakeholder,
    Relationship,
    Stakeholder,
    TechnicalConcern,
)
from hexad.relationships.selectors import relationship_metrics

SMALL = SIZES["small"]
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def fingerprint() -> list[list[tuple[Any, ...]]]:
    """The client side by natural keys (ids differ between loads)."""
    return [
        sorted(
            Stakeholder.objects.values_list(
                "account__name", "name", "title", "level", "attitude", "reports_to__name",
                "dotted_manager__name", "status", "first_engaged", "owner__full_name",
                "is_economic_buyer", "is_technical_evaluator", "competitor",
            ),
            key=repr,
        ),
        sorted(
            Relationship.objects.values_list(
                "person__full_name", "stakeholder__name", "stakeholder__account__name",
                "current_level", "desired_level", "last_interaction",
            ),
            key=repr,
        ),
        sorted(Interaction.objects.values_list("account__name", "occurred_on", "kind"), key=repr),
        sorted(TechnicalConcern.objects.values_list("account__name", "topic", "status"), key=repr),
    ]  # fmt: skip


def test_every_account_gets_a_client_organisation_of_the_small_shape() -> None:
    demo_load(size="small", seed=11)

    assert Stakeholder.objects.count() == SMALL.stakeholders == 1_000
    assert Relationship.objects.count() == SMALL.relationships == 2_000
    assert Interaction.objects.count() == SMALL.interactions == 6_000
    sizes = Account.objects.annotate(n=Count("stakeholders")).values_list("n", flat=True)
    assert min(sizes) >= 8 and max(sizes) <= 40
    # One top per account (a CEO, or the supervisory board's chair above them) …
    for account in Account.objects.all():
        tops = account.stakeholders.filter(reports_to__isnull=True, level=1)
        assert tops.count() == 1, account
    # … managers of the same account only, and nobody active under someone who left.
    assert not Stakeholder.objects.exclude(reports_to__account=F("account")).exclude(
        reports_to=None
    )
    assert not Stakeholder.objects.filter(status="active", reports_to__status="left").exists()
    levels = Counter(Stakeholder.objects.values_list("level", flat=True))
    assert levels[1] < levels[2] < levels[4]  # fewer executives than directors than staff
    assert Stakeholder.objects.filter(status="left").exists()
    assert Stakeholder.objects.exclude(dotted_manager=None).exists()
    assert Stakeholder.objects.exclude(competitor="").exists()
    assert Stakeholder.objects.filter(reports_to=None, level__gt=1).exists()  # unknown manager
    assert Stakeholder.objects.filter(name__contains="ł").exists()  # Polish names …
    assert Stakeholder.objects.filter(title="Chief Executive Officer").exists()  # … and English
    assert TechnicalConcern.objects.filter(status__in=["open", "in_progress"]).exists()


def test_interactions_touch_only_pairs_that_know_each_other_and_set_their_freshness() -> None:
    demo_load(size="small", seed=11)

    people = defaultdict(set)
    for interaction_id, person_id in InteractionPerson.objects.values_list(
        "interaction_id", "person_id"
    ):
        people[interaction_id].add(person_id)
    latest: dict[tuple[int, int], Any] = {}
    for interaction_id, stakeholder_id, day in InteractionStakeholder.objects.values_list(
        "interaction_id", "stakeholder_id", "interaction__occurred_on"
    ):
        for person_id in people[interaction_id]:
            key = (person_id, stakeholder_id)
            latest[key] = max(latest.get(key, day), day)
    pairs = {
        (p, s): (level, last)
        for p, s, level, last in Relationship.objects.values_list(
            "person_id", "stakeholder_id", "current_level", "last_interaction"
        )
    }
    assert set(latest) <= set(pairs)  # nobody met a stranger
    for pair, (level, last) in pairs.items():
        assert last == latest.get(pair), pair  # as interaction_log would have left it
        if last is not None:
            assert level >= 1  # met means at least acquainted
    first_met = dict(
        InteractionStakeholder.objects.values("stakeholder_id")
        .annotate(first=Min("interaction__occurred_on"))
        .values_list("stakeholder_id", "first")
    )
    engaged = dict(Stakeholder.objects.values_list("id", "first_engaged"))
    assert all(engaged[s] <= day for s, day in first_met.items())


def test_the_figures_of_a_demo_account_look_like_real_use() -> None:
    demo_load(size="small", seed=11)
    totals: Counter[str] = Counter()
    for account in Account.objects.all():
        metrics = relationship_metrics(account=account)
        totals["stale"] += metrics.stale
        totals["relationships"] += metrics.relationships
        totals["new"] += metrics.new_this_quarter
        totals["overdue"] += metrics.overdue_concerns
    assert 0.15 < totals["stale"] / totals["relationships"] < 0.6
    assert totals["new"] > 0
    assert totals["overdue"] > 0


def test_the_same_seed_gives_the_same_client_side() -> None:
    with transaction.atomic():  # the first load is undone before the second
        demo_load(size="small", seed=5)
        first = fingerprint()
        transaction.set_rollback(True)
    assert not Stakeholder.objects.exists()
    demo_load(size="small", seed=5)
    assert fingerprint() == first
