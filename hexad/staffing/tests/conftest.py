"""A small portfolio whose best proposal is worked out by hand.

Tier "Designed" requires Results Driver (RD) and Innovator (IN); accounts Alfa and Beta.
People and fits (rating × 20; Cat is not assessed: the default 0.6 → 60):

          RD    IN
  Ann    100    40      plays RD on Alfa today (lead)
  Ben     60    80
  Cat     60    60      plays RD on Beta today (lead)

Options: 2 roles per person, 1 per account, fill 1000, fit × 1, continuity 30.
Best: Ann RD on Alfa (1000+100+30) and on Beta (1000+100, beating Cat's 60+30 = 90);
Ben IN on Alfa and Beta (1000+80 each); Cat nothing. Objective 4390.
Diff: Alfa·RD kept (Ann); Beta·RD changed (Cat → Ann); Alfa·IN and Beta·IN added (Ben).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import timezone

from hexad.accounts.models import Degree
from hexad.accounts.tests.factories import (
    AccountFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
    TierFactory,
)
from hexad.people.models import CompetencyRating, RatingSource
from hexad.people.tests.factories import PersonFactory
from hexad.roles.models import Role

OPTIONS = {
    "slots_per_person": 2,
    "per_account_limit": 1,
    "fill_weight": 1000,
    "fit_weight": 1,
    "continuity_bonus": 30,
}


@pytest.fixture
def designed(db):
    rd = Role.objects.get(key="results-driver")
    innovator = Role.objects.get(key="innovator")
    tier = TierFactory(name="Designed")
    tier.required_roles.set([rd, innovator])
    alfa = AccountFactory(name="Alfa", tier=tier)
    beta = AccountFactory(name="Beta", tier=tier)
    ann = PersonFactory(full_name="Ann")
    ben = PersonFactory(full_name="Ben")
    cat = PersonFactory(full_name="Cat")
    today = timezone.localdate()
    for person, role, rating in ((ann, rd, 5), (ann, innovator, 2), (ben, rd, 3),
                                 (ben, innovator, 4)):  # fmt: skip
        CompetencyRating.objects.create(
            person=person, role=role, rating=rating, source=RatingSource.MANAGER, rated_on=today
        )
    ann_alfa = RoleAssignmentFactory(
        membership=TeamMembershipFactory(account=alfa, person=ann), role=rd, degree=Degree.LEAD
    )
    cat_beta = RoleAssignmentFactory(
        membership=TeamMembershipFactory(account=beta, person=cat), role=rd, degree=Degree.LEAD
    )
    return SimpleNamespace(
        tier=tier, alfa=alfa, beta=beta, ann=ann, ben=ben, cat=cat, rd=rd,
        innovator=innovator, ann_alfa=ann_alfa, cat_beta=cat_beta,
        options={**OPTIONS, "tiers": [tier.pk]},
    )  # fmt: skip
