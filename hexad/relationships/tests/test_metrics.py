"""Relationship figures, computed by hand for a small account and checked against the code.

The account (today is 20 May 2026, so the quarter is 1 April – 30 June; stale after 90 days):

  id  who                level      reports to  owner  competitor  first engaged  status
  1   Celina (CEO)       executive  —           P1     —           2025-01-10     active
  2   Filip (CFO)        executive  1           —      Siemens     2026-04-02     active
  3   Tomasz (CTO)       executive  1           P2     —           2026-05-20     active
  4   Dorota (director)  senior     2           P1     ABB         2026-03-31     active
  5   Marek (manager)    middle     —           —      —           —              active
  6   Lech (ex-COO)      executive  1           —      X           2026-04-15     left
  7   Stefan (staff)     staff      4           P2     —           —              active

Relationships (level: 0 unknown, 1 acquainted, 2 working, 3 trusted, 4 advisor):

  r1 P1–1 trusted 3, last 2026-05-01 (19 days)      r5 P3–3 unknown 0, never
  r2 P2–1 acquainted 1, last 2026-01-01 (139 days)   r6 P3–4 working 2, 2026-02-18 (91 days)
  r3 P1–2 acquainted 1, never                        r7 P1–6 advisor 4 (6 has left)
  r4 P2–3 working 2, last 2026-02-19 (90 days)       r8 P1–7 unknown 0, never
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from hexad.accounts.tests.factories import RoleAssignmentFactory, TeamMembershipFactory
from hexad.people.tests.factories import PersonFactory
from hexad.relationships.metrics import (
    NO_LEVEL,
    NO_MANAGER,
    NO_OWNER,
    Player,
    RelationshipFacts,
    StakeholderFacts,
    StakeholderFilters,
    compute_metrics,
    filter_stakeholders,
    is_stale,
    missing_information,
    quarter_bounds,
    strongest_relationships,
    two_sided,
)
from hexad.relationships.selectors import relationship_metrics, role_players, two_sided_view
from hexad.relationships.tests.factories import (
    RelationshipFactory,
    StakeholderFactory,
    TechnicalConcernFactory,
)
from hexad.roles.models import Role

D = datetime.date
TODAY = D(2026, 5, 20)
P1, P2, P3 = 101, 102, 103
NAMES = {P1: "Piotr Pierwszy", P2: "Paula Druga", P3: "Paweł Trzeci"}


def stakeholder(
    id: int,
    name: str,
    level: int,
    reports_to: int | None,
    owner: int | None,
    competitor: str,
    first_engaged: D | None,
    status: str = "active",
    roles: tuple[str, ...] = (),
) -> StakeholderFacts:
    return StakeholderFacts(
        id=id, name=name, title="", level=level, status=status, attitude="neutral",
        influence=3, buying_roles=roles, competitor=competitor, reports_to_id=reports_to,
        dotted_manager_id=None, owner_id=owner, owner_name=NAMES.get(owner or 0, ""),
        business_unit_name="", first_engaged=first_engaged,
    )  # fmt: skip


STAKEHOLDERS = [
    stakeholder(1, "Celina", 1, None, P1, "", D(2025, 1, 10)),
    stakeholder(2, "Filip", 1, 1, None, "Siemens", D(2026, 4, 2), roles=("economic_buyer",)),
    stakeholder(3, "Tomasz", 1, 1, P2, "", D(2026, 5, 20), roles=("technical_evaluator",)),
    stakeholder(
        4, "Dorota", 2, 2, P1, "ABB", D(2026, 3, 31), roles=("technical_evaluator", "champion")
    ),
    stakeholder(5, "Marek", 3, None, None, "", None),
    stakeholder(6, "Lech", 1, 1, None, "X", D(2026, 4, 15), status="left"),
    stakeholder(7, "Stefan", 4, 4, P2, "", None),
]


def rel(id: int, person: int, stakeholder: int, level: int, last: D | None) -> RelationshipFacts:
    return RelationshipFacts(id, person, NAMES[person], stakeholder, level, 4, last)


RELATIONSHIPS = [
    rel(1, P1, 1, 3, D(2026, 5, 1)),
    rel(2, P2, 1, 1, D(2026, 1, 1)),
    rel(3, P1, 2, 1, None),
    rel(4, P2, 3, 2, D(2026, 2, 19)),
    rel(5, P3, 3, 0, None),
    rel(6, P3, 4, 2, D(2026, 2, 18)),
    rel(7, P1, 6, 4, D(2026, 5, 1)),
    rel(8, P1, 7, 0, None),
]


def test_the_figures_match_the_hand_count() -> None:
    metrics = compute_metrics(
        stakeholders=STAKEHOLDERS, relationships=RELATIONSHIPS, today=TODAY, stale_days=90
    )

    assert metrics.stakeholders == 6  # Lech has left
    assert (metrics.executives_working, metrics.executives) == (2, 3)  # Celina, Tomasz
    assert metrics.single_threaded == 3  # Filip (P1), Tomasz (P2), Dorota (P3)
    assert metrics.unknown_to_us == 2  # Marek, Stefan (only at "unknown")
    assert metrics.relationships == 5  # r1, r2, r3, r4, r6
    assert metrics.stale == 3  # r2 (139 days), r3 (never), r6 (91 days); r4 is 90
    assert metrics.new_this_quarter == 2  # Filip (2 Apr), Tomasz (20 May)
    assert (metrics.quarter_start, metrics.quarter_end) == (D(2026, 4, 1), D(2026, 6, 30))
    assert metrics.unowned == 2  # Filip, Marek
    assert metrics.competitor_aligned == 2  # Filip, Dorota


def test_the_stale_threshold_is_configurable() -> None:
    metrics = compute_metrics(
        stakeholders=STAKEHOLDERS, relationships=RELATIONSHIPS, today=TODAY, stale_days=18
    )
    assert metrics.stale == 5  # r1 is 19 days old now
    assert not is_stale(rel(9, P1, 1, 0, None), today=TODAY, stale_days=1)  # unknown: no


@pytest.mark.parametrize(
    ("day", "bounds"),
    [
        (D(2026, 1, 1), (D(2026, 1, 1), D(2026, 3, 31))),
        (D(2026, 3, 31), (D(2026, 1, 1), D(2026, 3, 31))),
        (D(2026, 8, 15), (D(2026, 7, 1), D(2026, 9, 30))),
        (D(2026, 12, 31), (D(2026, 10, 1), D(2026, 12, 31))),
    ],
)
def test_quarter_bounds(day: D, bounds: tuple[D, D]) -> None:
    assert quarter_bounds(day) == bounds


def test_missing_information() -> None:
    missing = {
        m.stakeholder.name: m.gaps
        for m in missing_information(stakeholders=STAKEHOLDERS, relationships=RELATIONSHIPS)
    }
    assert missing == {
        "Filip": (NO_OWNER,),
        "Marek": (NO_LEVEL, NO_OWNER, NO_MANAGER),
        "Stefan": (NO_LEVEL,),
    }


def test_the_strongest_relationship_is_the_highest_then_the_freshest() -> None:
    strongest = strongest_relationships(
        [*RELATIONSHIPS, rel(10, P3, 3, 2, D(2026, 5, 2)), rel(11, P2, 2, 1, None)]
    )
    assert strongest[1].id == 1  # trusted beats acquainted
    assert strongest[3].id == 10  # both working: the more recent interaction
    assert strongest[2].id == 11  # both acquainted, never met: "Paula" before "Piotr"
    assert 5 not in strongest and 7 not in strongest  # Marek and Stefan: nobody


def test_filters() -> None:
    def names(**filters: Any) -> list[str]:
        return [s.name for s in filter_stakeholders(STAKEHOLDERS, StakeholderFilters(**filters))]

    assert names() == ["Celina", "Filip", "Tomasz", "Dorota", "Marek", "Stefan"]
    assert names(status="") == ["Celina", "Filip", "Lech", "Tomasz", "Dorota", "Marek", "Stefan"]
    assert names(status="left") == ["Lech"]
    assert names(level=1) == ["Celina", "Filip", "Tomasz"]
    assert names(buying_role="technical_evaluator") == ["Tomasz", "Dorota"]
    assert names(attitude="advocate") == []


def test_the_two_sided_view_shows_where_no_one_of_the_matching_role_reaches() -> None:
    players = [
        Player(P1, NAMES[P1], "relationship-manager", True),
        Player(P2, NAMES[P2], "technical-expert", True),
        Player(P3, NAMES[P3], "innovator", False),
    ]
    pairings = {
        p.role_key: p
        for p in two_sided(stakeholders=STAKEHOLDERS, relationships=RELATIONSHIPS, players=players)
    }

    def rows(key: str) -> list[tuple[str, list[int], list[int]]]:
        return [
            (
                row.stakeholder.name,
                [r.person_id for r in row.by_role],
                [r.person_id for r in row.by_others],
            )
            for row in pairings[key].rows
        ]

    # Executives and champions: only Celina is reached by our Relationship Manager.
    assert rows("relationship-manager") == [
        ("Celina", [P1], []),
        ("Filip", [], []),  # P1 is only acquainted
        ("Tomasz", [], [P2]),  # reached, but by our Technical Expert
        ("Dorota", [], [P3]),
    ]
    assert (pairings["relationship-manager"].covered, pairings["relationship-manager"].gaps) == (
        1,
        3,
    )
    assert rows("technical-expert") == [("Tomasz", [P2], []), ("Dorota", [], [P3])]
    assert pairings["innovator"].gaps == 3  # no executive is reached by P3
    assert rows("results-driver") == [("Filip", [], [])]
    assert pairings["results-driver"].players == ()  # nobody plays it: every row a gap


# --- the same through the database ----------------------------------------------------------


@pytest.mark.django_db
def test_the_selector_reads_the_account_and_counts_its_concerns(account: Any, lead: Any) -> None:
    today = datetime.date.today()
    ceo = StakeholderFactory(account=account, level=1, owner=lead.person, first_engaged=today)
    cfo = StakeholderFactory(account=account, level=1, reports_to=ceo)
    StakeholderFactory(level=1)  # another account's executive: not counted
    RelationshipFactory(
        person=lead.person, stakeholder=ceo, current_level=2, last_interaction=today
    )
    RelationshipFactory(stakeholder=cfo, current_level=1, last_interaction=None)
    day = datetime.timedelta(days=1)
    late = today - day

    def concern(**fields: Any) -> None:
        TechnicalConcernFactory(account=account, raised_by=cfo, **fields)

    concern(due_date=late)  # overdue
    concern(status="in_progress", due_date=late)  # overdue
    concern(due_date=today)  # due today: not late yet
    concern(status="resolved", resolution="ok", due_date=late)
    TechnicalConcernFactory(due_date=today - day)  # another account's

    metrics = relationship_metrics(account=account)

    assert (metrics.executives_working, metrics.executives) == (1, 2)
    assert (metrics.single_threaded, metrics.stale, metrics.unowned) == (2, 1, 1)
    assert metrics.new_this_quarter == 1
    assert (metrics.open_concerns, metrics.overdue_concerns) == (3, 2)


@pytest.mark.django_db
def test_role_players_are_todays_team_only(account: Any, lead: Any, member: Any) -> None:
    expert = Role.objects.get(key="technical-expert")
    manager = Role.objects.get(key="relationship-manager")
    membership = account.memberships.get(person=member.person)
    RoleAssignmentFactory(membership=membership, role=expert, degree="contributing")
    RoleAssignmentFactory(membership=account.memberships.get(person=lead.person), role=manager)
    former = TeamMembershipFactory(
        account=account,
        person=PersonFactory(full_name="Fryderyk Former"),
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 1, 1),
    )
    RoleAssignmentFactory(membership=former, role=manager)

    players = role_players(account=account)

    assert [(p.name, p.role_key, p.is_lead) for p in players] == [
        ("Adam Lead", "relationship-manager", True),
        ("Maria Member", "technical-expert", False),
    ]
    evaluator = StakeholderFactory(account=account, is_technical_evaluator=True)
    RelationshipFactory(person=member.person, stakeholder=evaluator, current_level=2)
    view = {p.role_key: p for p in two_sided_view(account=account)}
    assert view["technical-expert"].gaps == 0
    assert view["technical-expert"].covered == 1
