from django.utils import translation

from hexad.staffing.models import StaffingRun


def test_method_is_shown_in_the_users_language() -> None:
    run = StaffingRun(summary={"method": "priced flow, repaired + local search + CP-SAT"})
    with translation.override("en"):
        assert run.method_display == (
            "priced min-cost flow, repaired to fit the hours + local search + CP-SAT"
        )
    with translation.override("pl"):
        assert run.method_display.startswith("wycenion")
        assert "wyszukiwanie lokalne" in run.method_display


def test_a_run_without_a_method_shows_nothing() -> None:
    assert StaffingRun(summary={}).method_display == ""
