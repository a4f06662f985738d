from types import SimpleNamespace

from hexad.coverage import engine
from hexad.coverage.engine import Flag, FlagKind
from hexad.coverage.explain import explain


def test_flags_read_as_sentences_with_names_even_odd_ones():
    person = SimpleNamespace(full_name="Anna 100% <Nowak>", capacity=80)
    role = SimpleNamespace(name="Results Driver")
    coverage = engine.compute(
        accounts=[engine.AccountSpec(1, frozenset({1}), 60, None)], role_ids=[1], players=[]
    )[1]
    text = explain(
        Flag(FlagKind.OVER_CAPACITY, 1, person_id=7, value=120),
        roles={1: role},
        people={7: person},
        coverage=coverage,
        capacities={7: 80},
    )
    assert text.reason == (
        "Anna 100% <Nowak> is allocated 120% of their time across the portfolio, "
        "against a capacity of 80%."
    )
    assert text.severity == "high"
    warning = explain(
        Flag(FlagKind.RELATIONSHIP_LEADER_AS_DRIVER, 1, role_id=1, person_id=7, value=2),
        roles={1: role},
        people={7: person},
        coverage=coverage,
        capacities={},
    )
    assert "Forcing the relationship leader into the Results Driver role" in warning.reason
    assert warning.next_step.endswith("let Anna 100% <Nowak> focus on the relationships.")
