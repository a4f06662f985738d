"""The rules of the relationship services: hierarchy, levels, interactions, concerns."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from hexad.accounts.tests.factories import (
    AccountFactory,
    BusinessUnitFactory,
    RoleAssignmentFactory,
    TeamMembershipFactory,
)
from hexad.core.exceptions import StaleEdit
from hexad.people.tests.factories import PersonFactory
from hexad.relationships import services
from hexad.relationships.models import (
    DESIRED_BELOW_CURRENT,
    DOTTED_SAME_AS_MANAGER,
    MANAGER_CYCLE,
    MANAGER_ELSEWHERE,
    MANAGER_LEFT,
    OWN_MANAGER,
    RESOLUTION_REQUIRED,
    UNIT_ELSEWHERE,
    ConcernStatus,
    Interaction,
    InteractionPerson,
    InteractionStakeholder,
    Relationship,
    RelationshipLevel,
    Stakeholder,
    StakeholderLevel,
    StakeholderStatus,
    TechnicalConcern,
)
from hexad.relationships.tests.factories import (
    RelationshipFactory,
    StakeholderFactory,
    TechnicalConcernFactory,
)
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


def messages(error: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return error.value.message_dict[field]


@pytest.fixture
def tree(account: Any) -> dict[str, Stakeholder]:
    """CEO ← CFO ← Controller ← Analyst, and CEO ← CTO."""
    ceo = StakeholderFactory(account=account, name="Celina CEO", level=StakeholderLevel.EXECUTIVE)
    cfo = StakeholderFactory(account=account, name="Filip CFO", reports_to=ceo, level=1)
    cto = StakeholderFactory(account=account, name="Tomasz CTO", reports_to=ceo, level=1)
    controller = StakeholderFactory(account=account, name="Kasia Controller", reports_to=cfo)
    analyst = StakeholderFactory(account=account, name="Adam Analyst", reports_to=controller)
    return {"ceo": ceo, "cfo": cfo, "cto": cto, "controller": controller, "analyst": analyst}


# --- stakeholders -------------------------------------------------------------------------


def test_a_stakeholder_is_created_with_buying_roles(account: Any) -> None:
    unit = BusinessUnitFactory(account=account, name="Plant Gliwice")
    owner = account.lead

    created = services.stakeholder_create(
        account=account,
        name="  Ewa Nowak ",
        title="Plant Director",
        business_unit=unit,
        level=StakeholderLevel.SENIOR,
        buying_roles=["economic_buyer", "champion"],
        influence=5,
        attitude="supporter",
        competitor="Siemens",
        owner=owner,
        first_engaged=days_ago(10),
    )

    stored = Stakeholder.objects.get(pk=created.pk)
    assert stored.name == "Ewa Nowak"
    assert stored.buying_roles == ("economic_buyer", "champion")
    assert (stored.is_economic_buyer, stored.is_champion, stored.is_user) == (True, True, False)
    assert (stored.business_unit, stored.owner, stored.influence) == (unit, owner, 5)
    # Buying roles are plain columns: a filter works on every database.
    assert list(Stakeholder.objects.filter(is_champion=True)) == [stored]


def test_an_unknown_buying_role_is_refused_and_nothing_stored(account: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.stakeholder_create(account=account, name="X", buying_roles=["kingmaker"])
    assert messages(error, "buying_roles") == ["“kingmaker” is not a buying role."]
    assert not Stakeholder.objects.exists()


@pytest.mark.parametrize("influence", [0, 6])
def test_influence_must_be_between_one_and_five(account: Any, influence: int) -> None:
    with pytest.raises(ValidationError) as error:
        services.stakeholder_create(account=account, name="X", influence=influence)
    assert "influence" in error.value.message_dict
    assert not Stakeholder.objects.exists()


def test_an_invalid_level_or_attitude_is_refused(account: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.stakeholder_create(account=account, name="X", level=9, attitude="hostile")
    assert set(error.value.message_dict) == {"level", "attitude"}


def test_a_manager_from_another_account_is_refused(account: Any) -> None:
    stranger = StakeholderFactory(name="Olaf Obcy")

    with pytest.raises(ValidationError) as error:
        services.stakeholder_create(account=account, name="Ewa", reports_to=stranger)
    assert messages(error, "reports_to") == [MANAGER_ELSEWHERE % {"manager": "Olaf Obcy"}]

    with pytest.raises(ValidationError) as error:
        services.stakeholder_create(account=account, name="Ewa", dotted_manager=stranger)
    assert messages(error, "dotted_manager") == [MANAGER_ELSEWHERE % {"manager": "Olaf Obcy"}]
    assert not Stakeholder.objects.filter(account=account).exists()


def test_a_business_unit_of_another_account_is_refused(account: Any) -> None:
    elsewhere = BusinessUnitFactory()
    with pytest.raises(ValidationError) as error:
        services.stakeholder_create(account=account, name="Ewa", business_unit=elsewhere)
    assert messages(error, "business_unit") == [str(UNIT_ELSEWHERE)]


def test_a_move_under_ones_own_report_is_refused_naming_both(tree: dict[str, Any]) -> None:
    cfo, analyst = tree["cfo"], tree["analyst"]

    with pytest.raises(ValidationError) as error:
        services.stakeholder_move(stakeholder=cfo, reports_to=analyst)

    assert messages(error, "reports_to") == [
        "Adam Analyst already reports (directly or indirectly) to Filip CFO, "
        "so Filip CFO cannot report to them."
    ]
    assert messages(error, "reports_to") == [
        MANAGER_CYCLE % {"manager": "Adam Analyst", "name": "Filip CFO"}
    ]
    cfo.refresh_from_db()
    assert cfo.reports_to == tree["ceo"]


def test_a_direct_cycle_and_self_management_are_refused(tree: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as error:
        services.stakeholder_move(stakeholder=tree["ceo"], reports_to=tree["cfo"])
    assert "already reports (directly or indirectly)" in messages(error, "reports_to")[0]

    with pytest.raises(ValidationError) as error:
        services.stakeholder_move(stakeholder=tree["cfo"], reports_to=tree["cfo"])
    assert messages(error, "reports_to") == [str(OWN_MANAGER)]


def test_a_dotted_line_to_ones_own_report_is_refused(tree: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as error:
        services.stakeholder_move(
            stakeholder=tree["cfo"], reports_to=tree["ceo"], dotted_manager=tree["controller"]
        )
    assert "cannot be their dotted-line manager" in messages(error, "dotted_manager")[0]


def test_the_dotted_line_must_be_someone_else_than_the_manager(tree: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as error:
        services.stakeholder_move(
            stakeholder=tree["analyst"], reports_to=tree["cfo"], dotted_manager=tree["cfo"]
        )
    assert messages(error, "dotted_manager") == [
        DOTTED_SAME_AS_MANAGER % {"manager": "Filip CFO", "name": "Adam Analyst"}
    ]


def test_a_move_sideways_with_a_dotted_line_is_stored(tree: dict[str, Any]) -> None:
    analyst = tree["analyst"]
    services.stakeholder_move(
        stakeholder=analyst, reports_to=tree["cto"], dotted_manager=tree["controller"]
    )
    analyst.refresh_from_db()
    assert (analyst.reports_to, analyst.dotted_manager) == (tree["cto"], tree["controller"])
    assert analyst.version == 2


def test_someone_who_left_cannot_become_a_manager(tree: dict[str, Any]) -> None:
    services.stakeholder_mark_left(stakeholder=tree["cto"])
    with pytest.raises(ValidationError) as error:
        services.stakeholder_move(stakeholder=tree["analyst"], reports_to=tree["cto"])
    assert messages(error, "reports_to") == [MANAGER_LEFT % {"manager": "Tomasz CTO"}]


def test_when_a_stakeholder_leaves_their_reports_move_up_to_their_manager(
    tree: dict[str, Any],
) -> None:
    cfo, controller, analyst = tree["cfo"], tree["controller"], tree["analyst"]
    peer = StakeholderFactory(account=cfo.account, name="Piotr", reports_to=tree["cto"])
    services.stakeholder_move(stakeholder=peer, reports_to=tree["cto"], dotted_manager=controller)

    moved = services.stakeholder_mark_left(stakeholder=controller)

    assert moved == 1
    analyst.refresh_from_db()
    controller.refresh_from_db()
    peer.refresh_from_db()
    assert analyst.reports_to == cfo
    assert controller.status == StakeholderStatus.LEFT
    assert controller.reports_to == cfo  # kept as history
    assert peer.dotted_manager is None  # the dotted line ends with the leaver


def test_when_a_top_stakeholder_leaves_their_reports_become_roots(tree: dict[str, Any]) -> None:
    assert services.stakeholder_mark_left(stakeholder=tree["ceo"]) == 2
    assert set(Stakeholder.objects.filter(reports_to__isnull=True, status="active")) == {
        tree["cfo"],
        tree["cto"],
    }


def test_leaving_twice_is_refused(tree: dict[str, Any]) -> None:
    services.stakeholder_mark_left(stakeholder=tree["analyst"])
    with pytest.raises(ValidationError) as error:
        services.stakeholder_mark_left(stakeholder=tree["analyst"])
    assert messages(error, "status") == ["Adam Analyst has already left."]


def test_setting_status_left_in_an_edit_also_moves_reports_up(tree: dict[str, Any]) -> None:
    services.stakeholder_update(stakeholder=tree["cfo"], status=StakeholderStatus.LEFT)
    tree["controller"].refresh_from_db()
    assert tree["controller"].reports_to == tree["ceo"]


def test_a_stale_edit_is_refused(tree: dict[str, Any]) -> None:
    cfo = tree["cfo"]
    services.stakeholder_update(stakeholder=cfo, title="Chief Financial Officer")
    with pytest.raises(StaleEdit):
        services.stakeholder_update(stakeholder=cfo, expected_version=1, title="CFO")
    cfo.refresh_from_db()
    assert cfo.title == "Chief Financial Officer"


def test_external_ids_are_unique_within_an_account(account: Any) -> None:
    services.stakeholder_create(account=account, name="A", external_id="003XYZ")
    services.stakeholder_create(account=AccountFactory(), name="B", external_id="003XYZ")
    with pytest.raises(ValidationError) as error:
        services.stakeholder_create(account=account, name="C", external_id="003XYZ")
    assert messages(error, "external_id") == [
        "Another stakeholder of this account already has the external id 003XYZ."
    ]


def test_the_database_refuses_a_stakeholder_as_their_own_manager(account: Any) -> None:
    one = StakeholderFactory(account=account)
    with pytest.raises(IntegrityError):
        Stakeholder.objects.filter(pk=one.pk).update(reports_to=one.pk)


# --- relationships ----------------------------------------------------------------------


def test_a_relationship_is_created_with_its_plan(account: Any, member: Any) -> None:
    stakeholder = StakeholderFactory(account=account)
    created = services.relationship_create(
        stakeholder=stakeholder,
        person=member.person,
        current_level=RelationshipLevel.ACQUAINTED,
        desired_level=RelationshipLevel.ADVISOR,
        next_step="Invite to the innovation day",
    )
    assert created.gap == 3
    assert str(RelationshipLevel(created.desired_level).label) == "Trusted advisor"


@pytest.mark.parametrize(("current", "desired"), [(5, 4), (2, -1), (2, 7)])
def test_levels_outside_the_scale_are_refused(
    account: Any, member: Any, current: int, desired: int
) -> None:
    stakeholder = StakeholderFactory(account=account)
    with pytest.raises(ValidationError) as error:
        services.relationship_create(
            stakeholder=stakeholder, person=member.person, current_level=current,
            desired_level=desired,
        )  # fmt: skip
    assert error.value.message_dict
    assert not Relationship.objects.exists()


def test_a_desired_level_below_the_current_is_refused(account: Any, member: Any) -> None:
    relationship = RelationshipFactory(
        stakeholder=StakeholderFactory(account=account), person=member.person
    )
    with pytest.raises(ValidationError) as error:
        services.relationship_update(
            relationship=relationship,
            current_level=RelationshipLevel.TRUSTED,
            desired_level=RelationshipLevel.WORKING,
        )
    assert messages(error, "desired_level") == [str(DESIRED_BELOW_CURRENT)]
    relationship.refresh_from_db()
    assert relationship.current_level == RelationshipLevel.ACQUAINTED


def test_a_second_relationship_of_the_same_pair_is_refused(account: Any, member: Any) -> None:
    stakeholder = StakeholderFactory(account=account, name="Jan Kowalski")
    RelationshipFactory(stakeholder=stakeholder, person=member.person)
    with pytest.raises(ValidationError) as error:
        services.relationship_create(
            stakeholder=stakeholder, person=member.person, current_level=1, desired_level=2
        )
    assert messages(error, "person") == [
        "Maria Member already has a relationship with Jan Kowalski; change its levels instead."
    ]


# --- interactions -------------------------------------------------------------------------


def test_logging_an_interaction_refreshes_and_creates_relationships(
    account: Any, lead: Any, member: Any
) -> None:
    anna = StakeholderFactory(account=account, name="Anna")
    bartek = StakeholderFactory(account=account, name="Bartek", first_engaged=days_ago(400))
    known = RelationshipFactory(
        person=lead.person, stakeholder=anna, current_level=3, desired_level=4,
        last_interaction=days_ago(200),
    )  # fmt: skip
    unknown = RelationshipFactory(
        person=member.person, stakeholder=bartek, current_level=0, desired_level=0,
        last_interaction=None,
    )  # fmt: skip
    newer = RelationshipFactory(
        person=member.person, stakeholder=anna, current_level=2, desired_level=2,
        last_interaction=days_ago(1),
    )  # fmt: skip

    interaction = services.interaction_log(
        account=account,
        occurred_on=days_ago(5),
        kind="meeting",
        people=[lead.person, member.person],
        stakeholders=[anna, bartek],
        notes="Quarterly review",
    )

    assert set(interaction.people.all()) == {lead.person, member.person}
    assert set(interaction.stakeholders.all()) == {anna, bartek}
    pairs = {
        (r.person_id, r.stakeholder_id): (r.current_level, r.desired_level, r.last_interaction)
        for r in Relationship.objects.all()
    }
    assert pairs == {
        (lead.person.pk, anna.pk): (3, 4, days_ago(5)),  # refreshed, level kept
        (member.person.pk, bartek.pk): (1, 1, days_ago(5)),  # unknown → acquainted
        (member.person.pk, anna.pk): (2, 2, days_ago(1)),  # a later date is kept
        (lead.person.pk, bartek.pk): (1, 1, days_ago(5)),  # created at acquainted
    }
    assert known.pk and unknown.pk and newer.pk
    anna.refresh_from_db()
    bartek.refresh_from_db()
    assert anna.first_engaged == days_ago(5)  # first met now
    assert bartek.first_engaged == days_ago(400)  # known long before


def test_an_interaction_with_a_stakeholder_of_another_account_stores_nothing(
    account: Any, lead: Any
) -> None:
    ours = StakeholderFactory(account=account)
    theirs = StakeholderFactory(name="Olaf Obcy")
    with pytest.raises(ValidationError) as error:
        services.interaction_log(
            account=account, occurred_on=today(), kind="call", people=[lead.person],
            stakeholders=[ours, theirs],
        )  # fmt: skip
    assert messages(error, "stakeholders") == ["Olaf Obcy is a stakeholder of another account."]
    assert not Interaction.objects.exists()
    assert not Relationship.objects.exists()


def test_an_interaction_needs_both_sides_and_a_past_date(account: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.interaction_log(
            account=account, occurred_on=today() + datetime.timedelta(days=1), kind="call",
            people=[], stakeholders=[],
        )  # fmt: skip
    assert set(error.value.message_dict) == {"people", "stakeholders", "occurred_on"}


def test_an_invalid_kind_is_refused(account: Any, lead: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.interaction_log(
            account=account, occurred_on=today(), kind="telepathy", people=[lead.person],
            stakeholders=[StakeholderFactory(account=account)],
        )  # fmt: skip
    assert "kind" in error.value.message_dict
    assert not Interaction.objects.exists()


def test_logging_is_all_or_nothing(account: Any, lead: Any, monkeypatch: Any) -> None:
    stakeholder = StakeholderFactory(account=account)
    existing = RelationshipFactory(person=lead.person, stakeholder=stakeholder, current_level=0)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise IntegrityError("disk full")

    # The last step of the transaction fails: everything before it must be undone.
    monkeypatch.setattr(Relationship.objects, "bulk_create", fail)
    with pytest.raises(IntegrityError):
        services.interaction_log(
            account=account, occurred_on=today(), kind="call", people=[lead.person],
            stakeholders=[stakeholder, StakeholderFactory(account=account)],
        )  # fmt: skip
    monkeypatch.undo()

    assert not Interaction.objects.exists()
    assert not InteractionPerson.objects.exists()
    assert not InteractionStakeholder.objects.exists()
    existing.refresh_from_db()
    assert (existing.current_level, existing.last_interaction) == (0, None)


# --- technical concerns -------------------------------------------------------------------


def test_a_concern_is_owned_by_the_lead_technical_expert_by_default(account: Any) -> None:
    expert = PersonFactory(full_name="Tadeusz Tech")
    RoleAssignmentFactory(
        membership=TeamMembershipFactory(account=account, person=expert),
        role=Role.objects.get(key="technical-expert"),
        degree="lead",
    )
    raiser = StakeholderFactory(account=account)

    concern = services.concern_create(account=account, raised_by=raiser, topic="SSO support")
    blank = services.concern_create(account=account, raised_by=raiser, topic="X", owner=None)

    assert concern.owner == expert
    assert blank.owner is None


def test_without_a_lead_technical_expert_a_concern_has_no_owner(account: Any) -> None:
    RoleAssignmentFactory(
        membership=TeamMembershipFactory(account=account),
        role=Role.objects.get(key="technical-expert"),
        degree="contributing",
    )
    concern = services.concern_create(
        account=account, raised_by=StakeholderFactory(account=account), topic="Latency"
    )
    assert concern.owner is None


@pytest.mark.parametrize("status", [ConcernStatus.RESOLVED, ConcernStatus.ACCEPTED_RISK])
def test_closing_a_concern_requires_a_resolution(account: Any, status: str) -> None:
    concern = TechnicalConcernFactory(account=account)
    with pytest.raises(ValidationError) as error:
        services.concern_resolve(concern=concern, status=status, resolution="   ")
    assert messages(error, "resolution") == [str(RESOLUTION_REQUIRED)]
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN

    services.concern_resolve(concern=concern, status=status, resolution="Patched in 4.2")
    concern.refresh_from_db()
    assert (concern.status, concern.resolution) == (status, "Patched in 4.2")


def test_resolve_accepts_only_closing_statuses(account: Any) -> None:
    concern = TechnicalConcernFactory(account=account)
    with pytest.raises(ValidationError) as error:
        services.concern_resolve(concern=concern, status="open", resolution="x")
    assert messages(error, "status") == ["Choose resolved or accepted risk."]


def test_a_concern_raised_by_a_stakeholder_of_another_account_is_refused(account: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.concern_create(
            account=account, raised_by=StakeholderFactory(name="Olaf Obcy"), topic="X", owner=None
        )
    assert messages(error, "raised_by") == ["Olaf Obcy is a stakeholder of another account."]
    assert not TechnicalConcern.objects.exists()


def test_overdue_means_open_or_in_progress_and_past_due(account: Any) -> None:
    def concern(status: str, due: int | None) -> TechnicalConcern:
        return TechnicalConcernFactory(
            account=account,
            status=status,
            due_date=None if due is None else days_ago(due),
            resolution="done" if status in ("resolved", "accepted_risk") else "",
        )

    assert concern("open", 1).is_overdue()
    assert concern("in_progress", 30).is_overdue()
    assert not concern("open", 0).is_overdue()  # due today is not late yet
    assert not concern("open", None).is_overdue()
    assert not concern("resolved", 10).is_overdue()
    assert not concern("accepted_risk", 10).is_overdue()
