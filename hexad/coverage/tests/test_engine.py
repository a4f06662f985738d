"""The coverage engine against figures worked out by hand (see docs/coverage.md)."""

from hexad.coverage import engine
from hexad.coverage.engine import AccountSpec, FlagKind, Player, RoleKeys, Settings, Status

RD, RM, IN, CO, TE, PM = 1, 2, 3, 4, 5, 6
SIX = [RD, RM, IN, CO, TE, PM]
KEYS = RoleKeys(results_driver=RD, relationship_manager=RM)


def spec(account_id=1, required=(RD, RM, TE, PM), minimum=60, lead=None):
    return AccountSpec(
        account_id=account_id,
        required_role_ids=frozenset(required),
        minimum_score=minimum,
        lead_person_id=lead,
    )


_ids = iter(range(1, 10_000))


def player(role, person, *, lead=True, allocation=20, rating=None, account=1):
    return Player(
        assignment_id=next(_ids),
        account_id=account,
        role_id=role,
        person_id=person,
        is_lead_degree=lead,
        allocation=allocation,
        rating=rating,
    )


DEFAULTS = Settings()


def run(players, specs=None, loads=(), settings=DEFAULTS):
    return engine.compute(
        accounts=specs or [spec()],
        role_ids=SIX,
        players=players,
        loads=loads,
        keys=KEYS,
        settings=settings,
    )


def kinds(result):
    return sorted((f.kind.value, f.role_id, f.person_id) for f in result.flags)


def test_no_assignments_every_role_missing_and_required_ones_flagged():
    result = run([])[1]
    assert {cell.status for cell in result.roles.values()} == {Status.MISSING}
    assert all(cell.score == 0 for cell in result.roles.values())
    assert result.gaps == 4
    assert kinds(result) == [
        ("required_missing", RD, None),
        ("required_missing", RM, None),
        ("required_missing", TE, None),
        ("required_missing", PM, None),
    ]


def test_score_is_degree_times_fit_times_allocation():
    # lead (1.0) × rating 4 (0.8) × 20 % of 20 % (1.0) = 80 points
    # contributing (0.5) × rating 5 (1.0) × 10 % of 20 % (0.5) = 25 points
    result = run([player(TE, 10, rating=4), player(TE, 11, lead=False, rating=5, allocation=10)])
    cell = result[1].roles[TE]
    assert [c.points for c in cell.contributions] == [80.0, 25.0]
    assert cell.score == 100  # 105 capped at 100
    assert cell.status == Status.COVERED


def test_several_players_add_up_below_the_cap():
    # 1.0 × 0.6 (unassessed) × 0.5 (10 %) = 30; 0.5 × 0.4 (rating 2) × 1.0 = 20 → 50
    result = run([player(PM, 10, allocation=10), player(PM, 11, lead=False, rating=2)])
    cell = result[1].roles[PM]
    assert cell.score == 50
    assert cell.status == Status.WEAK  # below the minimum of 60
    first, second = cell.contributions
    assert (first.fit, first.fit_assessed, first.allocation_factor) == (0.6, False, 0.5)
    assert (second.fit, second.fit_assessed, second.degree_weight) == (0.4, True, 0.5)


def test_unassessed_people_use_the_configured_default_fit():
    result = run([player(IN, 10)], settings=Settings(unassessed_fit=0.4))
    assert result[1].roles[IN].score == 40


def test_minimum_comes_from_the_tier_and_decides_weak_or_covered():
    players = [player(RD, 10, rating=3)]  # 1.0 × 0.6 × 1.0 = 60
    assert run(players, [spec(minimum=60)])[1].roles[RD].status == Status.COVERED
    assert run(players, [spec(minimum=70)])[1].roles[RD].status == Status.WEAK


def test_weak_role_is_flagged_with_its_score():
    result = run([player(RD, 10, rating=1)])[1]  # 1.0 × 0.2 × 1.0 = 20
    weak = [f for f in result.flags if f.kind == FlagKind.WEAK_ROLE]
    assert [(f.role_id, f.value) for f in weak] == [(RD, 20)]


def test_roles_not_required_by_the_tier_are_not_gaps():
    result = run([], [spec(required=())])[1]
    assert result.gaps == 0
    assert result.flags == []
    assert result.roles[IN].status == Status.MISSING


def test_one_person_holding_most_roles_is_flagged():
    players = [player(role, 10, rating=4) for role in (RD, RM, TE)] + [player(PM, 11, rating=4)]
    result = run(players)[1]
    concentration = [f for f in result.flags if f.kind == FlagKind.CONCENTRATION]
    assert [(f.person_id, f.value) for f in concentration] == [(10, 3)]


def test_two_roles_of_two_is_not_concentration():
    result = run([player(RD, 10, rating=4), player(RM, 10, rating=4)])[1]
    assert not [f for f in result.flags if f.kind == FlagKind.CONCENTRATION]


def test_forced_fit_flags_low_ratings_only():
    result = run([player(TE, 10, rating=2), player(PM, 11, rating=3), player(IN, 12)])[1]
    forced = [(f.kind, f.role_id, f.person_id, f.value) for f in result.flags
              if f.kind == FlagKind.FORCED_FIT]  # fmt: skip
    assert forced == [(FlagKind.FORCED_FIT, TE, 10, 2)]


def test_relationship_leader_made_results_driver_gets_the_seed_warning():
    players = [player(RM, 10, rating=5), player(RD, 10, rating=2)]
    result = run(players)[1]
    warnings = [f for f in result.flags if f.kind == FlagKind.RELATIONSHIP_LEADER_AS_DRIVER]
    assert [(f.role_id, f.person_id) for f in warnings] == [(RD, 10)]
    assert not [f for f in result.flags if f.kind == FlagKind.FORCED_FIT]


def test_results_driver_who_fits_is_not_flagged_even_when_leading_relationships():
    result = run([player(RM, 10, rating=5), player(RD, 10, rating=4)])[1]
    assert not [f for f in result.flags if f.kind == FlagKind.RELATIONSHIP_LEADER_AS_DRIVER]


def test_over_capacity_is_flagged_on_every_account_the_person_is_on():
    specs = [spec(1), spec(2)]
    players = [player(RD, 10, account=1), player(RD, 10, account=2), player(RM, 11, account=2)]
    loads = [
        engine.PersonLoad(person_id=10, capacity=80, allocation=90),
        engine.PersonLoad(person_id=11, capacity=100, allocation=100),
    ]
    result = run(players, specs, loads)
    for account_id in (1, 2):
        over = [f for f in result[account_id].flags if f.kind == FlagKind.OVER_CAPACITY]
        assert [(f.person_id, f.value) for f in over] == [(10, 90)]


def test_role_covered_only_by_the_account_lead():
    players = [player(RM, 10, rating=5), player(TE, 10, rating=4), player(TE, 11, rating=4)]
    result = run(players, [spec(lead=10)])[1]
    lead_only = [(f.role_id, f.person_id) for f in result.flags if f.kind == FlagKind.LEAD_ONLY]
    assert lead_only == [(RM, 10)]


def test_custom_roles_are_scored_like_the_six():
    result = engine.compute(
        accounts=[spec(required=(99,))],
        role_ids=[*SIX, 99],
        players=[player(99, 10, rating=5, allocation=40)],
        keys=KEYS,
    )[1]
    assert result.roles[99].score == 100
    assert result.roles[99].required
    assert result.gaps == 0


def test_players_of_other_accounts_do_not_leak():
    specs = [spec(1), spec(2)]
    result = run([player(RD, 10, rating=5, account=2)], specs)
    assert result[1].roles[RD].status == Status.MISSING
    assert result[2].roles[RD].status == Status.COVERED


def test_fit_is_clamped_to_the_scale():
    assert engine.fit_of(9, Settings()) == (1.0, True)
    assert engine.fit_of(0, Settings()) == (0.2, True)
    assert engine.fit_of(None, Settings()) == (0.6, False)


def test_zero_allocation_counts_as_missing():
    result = run([player(RD, 10, rating=5, allocation=0)])[1]
    assert result.roles[RD].score == 0
    assert result.roles[RD].status == Status.MISSING
