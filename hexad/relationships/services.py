"""Writes to stakeholders, relationships, interactions and technical concerns.

Each validates first (`full_clean()` and the domain rules) and stores all or nothing.
Callers look the account up with `account_get(..., for_edit=True)` and the object within
it, so every function here may assume the user may change what it is given.

When a stakeholder leaves, the people who reported to them move up to their manager (or
become top-level when the leaver had none); dotted lines to the leaver are removed, since
a dotted line is a personal working tie that does not pass to someone else. Left
stakeholders keep their own reporting line as history.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, Final, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import SET_NULL, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import Account, BusinessUnit
from hexad.core.exceptions import StaleEdit
from hexad.history import context, erasure, registry
from hexad.history.models import Action
from hexad.history.recorder import (
    bulk_create_recorded,
    bulk_update_recorded,
    update_recorded,
)
from hexad.history.registry import links_recorded
from hexad.people.models import Person, User
from hexad.relationships.models import (
    BUYING_ROLE_FIELDS,
    Attitude,
    ConcernStatus,
    Interaction,
    InteractionPerson,
    InteractionStakeholder,
    Relationship,
    RelationshipLevel,
    Severity,
    Stakeholder,
    StakeholderLevel,
    StakeholderStatus,
    TechnicalConcern,
)
from hexad.relationships.selectors import technical_expert_lead

UNKNOWN_BUYING_ROLE = _("“%(code)s” is not a buying role.")
EXTERNAL_ID_TAKEN = _("Another stakeholder of this account already has the external id %(id)s.")
STALE_STAKEHOLDER = _(
    "Someone else changed this stakeholder while you were editing. "
    "Reload the page to see their changes, then make yours again."
)
ALREADY_LEFT = _("%(name)s has already left.")
PERSON_INACTIVE = _("%(person)s is no longer active.")
RELATIONSHIP_EXISTS = _(
    "%(person)s already has a relationship with %(stakeholder)s; change its levels instead."
)
NO_PEOPLE = _("Choose at least one of our people.")
NO_STAKEHOLDERS = _("Choose at least one of their stakeholders.")
STAKEHOLDER_ELSEWHERE = _("%(stakeholder)s is a stakeholder of another account.")
INTERACTION_IN_FUTURE = _("An interaction cannot be logged for a future date.")
NOT_CLOSING = _("Choose resolved or accepted risk.")

STAKEHOLDER_FIELDS: Final = (
    "name",
    "title",
    "business_unit",
    "level",
    "influence",
    "attitude",
    "competitor",
    "reports_to",
    "dotted_manager",
    "status",
    "first_engaged",
    "email",
    "phone",
    "owner",
    "external_id",
    "notes",
)
CONCERN_FIELDS: Final = (
    "raised_by",
    "raised_on",
    "topic",
    "description",
    "severity",
    "status",
    "owner",
    "due_date",
    "resolution",
)
DEFAULT_OWNER: Final = "default"


# --- stakeholders -----------------------------------------------------------------------


def _set_buying_roles(stakeholder: Stakeholder, codes: Iterable[str]) -> None:
    chosen = set(codes)
    unknown = sorted(chosen - set(BUYING_ROLE_FIELDS))
    if unknown:
        raise ValidationError({"buying_roles": UNKNOWN_BUYING_ROLE % {"code": unknown[0]}})
    for code, field in BUYING_ROLE_FIELDS.items():
        setattr(stakeholder, field, code in chosen)


def _check_external_id(stakeholder: Stakeholder) -> None:
    if not stakeholder.external_id:
        return
    clash = Stakeholder.objects.filter(
        account_id=stakeholder.account_id, external_id=stakeholder.external_id
    ).exclude(pk=stakeholder.pk)
    if clash.exists():
        raise ValidationError({"external_id": EXTERNAL_ID_TAKEN % {"id": stakeholder.external_id}})


@transaction.atomic
def stakeholder_create(
    *,
    account: Account,
    name: str,
    title: str = "",
    business_unit: BusinessUnit | None = None,
    level: int = StakeholderLevel.MIDDLE,
    buying_roles: Iterable[str] = (),
    influence: int = 3,
    attitude: str = Attitude.UNKNOWN,
    competitor: str = "",
    reports_to: Stakeholder | None = None,
    dotted_manager: Stakeholder | None = None,
    status: str = StakeholderStatus.ACTIVE,
    first_engaged: datetime.date | None = None,
    email: str = "",
    phone: str = "",
    owner: Person | None = None,
    external_id: str = "",
    notes: str = "",
) -> Stakeholder:
    stakeholder = Stakeholder(
        account=account,
        name=name.strip(),
        title=title.strip(),
        business_unit=business_unit,
        level=level,
        influence=influence,
        attitude=attitude,
        competitor=competitor.strip(),
        reports_to=reports_to,
        dotted_manager=dotted_manager,
        status=status,
        first_engaged=first_engaged,
        email=email,
        phone=phone.strip(),
        owner=owner,
        external_id=external_id.strip(),
        notes=notes,
    )
    _set_buying_roles(stakeholder, buying_roles)
    _check_external_id(stakeholder)
    stakeholder.full_clean()
    stakeholder.save()
    return stakeholder


@transaction.atomic
def stakeholder_update(
    *,
    stakeholder: Stakeholder,
    expected_version: int | None = None,
    buying_roles: Iterable[str] | None = None,
    **fields: Any,
) -> Stakeholder:
    """Changes a stakeholder; with `expected_version`, refuses when someone saved it since.

    Setting the status to left moves their reports up, as `stakeholder_mark_left` does.
    """
    unknown = set(fields) - set(STAKEHOLDER_FIELDS)
    if unknown:
        raise TypeError(f"stakeholder_update() got unexpected fields {sorted(unknown)}")
    _check_version(stakeholder, expected_version)
    was_active = stakeholder.is_active
    for name, value in fields.items():
        setattr(stakeholder, name, value.strip() if isinstance(value, str) else value)
    if buying_roles is not None:
        _set_buying_roles(stakeholder, buying_roles)
    _check_external_id(stakeholder)
    stakeholder.full_clean()
    stakeholder.version += 1
    stakeholder.save()
    if was_active and not stakeholder.is_active:
        _move_reports_up(stakeholder)
    return stakeholder


def _check_version(stakeholder: Stakeholder, expected_version: int | None) -> None:
    if expected_version is None:
        return
    current = Stakeholder.objects.select_for_update().values_list("version", flat=True)
    if current.get(pk=stakeholder.pk) != expected_version:
        raise StaleEdit(STALE_STAKEHOLDER)


@transaction.atomic
def stakeholder_move(
    *,
    stakeholder: Stakeholder,
    reports_to: Stakeholder | None,
    dotted_manager: Stakeholder | None = None,
) -> Stakeholder:
    """Puts a stakeholder under another manager (and dotted-line manager), refusing cycles."""
    stakeholder.reports_to = reports_to
    stakeholder.dotted_manager = dotted_manager
    stakeholder.full_clean()
    stakeholder.version += 1
    stakeholder.save(update_fields=["reports_to", "dotted_manager", "version", "updated_at"])
    return stakeholder


@transaction.atomic
def stakeholder_mark_left(*, stakeholder: Stakeholder) -> int:
    """Marks a stakeholder as gone from the client; returns how many reports moved up."""
    if not stakeholder.is_active:
        raise ValidationError({"status": ALREADY_LEFT % {"name": stakeholder.name}})
    stakeholder.status = StakeholderStatus.LEFT
    stakeholder.version += 1
    stakeholder.save(update_fields=["status", "version", "updated_at"])
    return _move_reports_up(stakeholder)


def _move_reports_up(stakeholder: Stakeholder) -> int:
    """The leaver's active reports now report to the leaver's manager (or to no one);
    dotted lines to the leaver end. Returns how many reports moved."""
    manager_id = stakeholder.reports_to_id
    reports = Stakeholder.objects.filter(reports_to=stakeholder, status=StakeholderStatus.ACTIVE)
    if manager_id is not None:
        # A report whose dotted-line manager is the new manager keeps only the solid line.
        update_recorded(reports.filter(dotted_manager_id=manager_id), dotted_manager=None)
    moved = update_recorded(reports, reports_to_id=manager_id, version=F("version") + 1)
    update_recorded(
        Stakeholder.objects.filter(dotted_manager=stakeholder),
        dotted_manager=None,
        version=F("version") + 1,
    )
    return moved


# --- relationships ------------------------------------------------------------------------


def _check_levels(current_level: int, desired_level: int) -> None:
    errors = {}
    for field, value in (("current_level", current_level), ("desired_level", desired_level)):
        if value not in RelationshipLevel.values:
            errors[field] = _("Choose a level from unknown to trusted advisor.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def relationship_create(
    *,
    stakeholder: Stakeholder,
    person: Person,
    current_level: int,
    desired_level: int,
    next_step: str = "",
) -> Relationship:
    _check_levels(current_level, desired_level)
    if not person.is_active:
        raise ValidationError({"person": PERSON_INACTIVE % {"person": person}})
    if Relationship.objects.filter(stakeholder=stakeholder, person=person).exists():
        raise ValidationError(
            {"person": RELATIONSHIP_EXISTS % {"person": person, "stakeholder": stakeholder}}
        )
    relationship = Relationship(
        stakeholder=stakeholder,
        person=person,
        current_level=current_level,
        desired_level=desired_level,
        next_step=next_step.strip(),
    )
    relationship.full_clean()
    relationship.save()
    return relationship


def relationship_update(
    *, relationship: Relationship, current_level: int, desired_level: int, next_step: str = ""
) -> Relationship:
    _check_levels(current_level, desired_level)
    relationship.current_level = current_level
    relationship.desired_level = desired_level
    relationship.next_step = next_step.strip()
    relationship.full_clean()
    relationship.save(update_fields=["current_level", "desired_level", "next_step", "updated_at"])
    return relationship


# --- interactions -----------------------------------------------------------------------


@transaction.atomic
def interaction_log(
    *,
    account: Account,
    occurred_on: datetime.date,
    kind: str,
    people: Sequence[Person],
    stakeholders: Sequence[Stakeholder],
    notes: str = "",
    logged_by: User | None = None,
) -> Interaction:
    """Stores an interaction and refreshes every relationship it touches, in one transaction.

    For each of our people × each stakeholder: the last interaction moves to this date (never
    back), a relationship still at "unknown" becomes "acquainted", and a missing one is
    created at "acquainted". A stakeholder met for the first time gets it as first engaged.
    """
    errors: dict[str, Any] = {}
    if not people:
        errors["people"] = NO_PEOPLE
    if not stakeholders:
        errors["stakeholders"] = NO_STAKEHOLDERS
    elsewhere = [s for s in stakeholders if s.account_id != account.pk]
    if elsewhere:
        errors["stakeholders"] = STAKEHOLDER_ELSEWHERE % {"stakeholder": elsewhere[0]}
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = INTERACTION_IN_FUTURE
    if errors:
        raise ValidationError(errors)
    people = list({person.pk: person for person in people}.values())
    stakeholders = list({s.pk: s for s in stakeholders}.values())

    interaction = Interaction(
        account=account, occurred_on=occurred_on, kind=kind, notes=notes, logged_by=logged_by
    )
    interaction.full_clean()
    interaction.save()
    InteractionPerson.objects.bulk_create(
        InteractionPerson(interaction=interaction, person=person) for person in people
    )
    InteractionStakeholder.objects.bulk_create(
        InteractionStakeholder(interaction=interaction, stakeholder=s) for s in stakeholders
    )
    links_recorded(interaction, "people", added=[str(person) for person in people])
    links_recorded(interaction, "stakeholders", added=[str(s) for s in stakeholders])

    existing = {
        (r.person_id, r.stakeholder_id): r
        for r in Relationship.objects.select_for_update().filter(
            person__in=people, stakeholder__in=stakeholders
        )
    }
    changed = []
    for relationship in existing.values():
        if relationship.last_interaction is None or relationship.last_interaction < occurred_on:
            relationship.last_interaction = occurred_on
        if relationship.current_level == RelationshipLevel.UNKNOWN:
            acquainted = RelationshipLevel.ACQUAINTED
            relationship.current_level = acquainted
            relationship.desired_level = max(relationship.desired_level, acquainted)
        changed.append(relationship)
    bulk_update_recorded(
        Relationship, changed, ["last_interaction", "current_level", "desired_level", "updated_at"]
    )
    bulk_create_recorded(
        Relationship,
        [
            Relationship(
                person=person,
                stakeholder=stakeholder,
                current_level=RelationshipLevel.ACQUAINTED,
                desired_level=RelationshipLevel.ACQUAINTED,
                last_interaction=occurred_on,
            )
            for person in people
            for stakeholder in stakeholders
            if (person.pk, stakeholder.pk) not in existing
        ],
    )
    update_recorded(
        Stakeholder.objects.filter(pk__in=[s.pk for s in stakeholders]).filter(
            Q(first_engaged__isnull=True) | Q(first_engaged__gt=occurred_on)
        ),
        first_engaged=occurred_on,
        version=F("version") + 1,
    )
    return interaction


# --- technical concerns -------------------------------------------------------------------


@transaction.atomic
def concern_create(
    *,
    account: Account,
    raised_by: Stakeholder | None,
    topic: str,
    description: str = "",
    severity: str = Severity.MEDIUM,
    status: str = ConcernStatus.OPEN,
    owner: Person | Literal["default"] | None = DEFAULT_OWNER,
    due_date: datetime.date | None = None,
    resolution: str = "",
    raised_on: datetime.date | None = None,
) -> TechnicalConcern:
    """Logs a concern. Without an owner given, the account's lead Technical Expert owns it."""
    concern = TechnicalConcern(
        account=account,
        raised_by=raised_by,
        raised_on=raised_on or timezone.localdate(),
        topic=topic.strip(),
        description=description,
        severity=severity,
        status=status,
        owner=technical_expert_lead(account=account) if owner == DEFAULT_OWNER else owner,
        due_date=due_date,
        resolution=resolution.strip(),
    )
    concern.full_clean()
    concern.save()
    return concern


def concern_update(*, concern: TechnicalConcern, **fields: Any) -> TechnicalConcern:
    unknown = set(fields) - set(CONCERN_FIELDS)
    if unknown:
        raise TypeError(f"concern_update() got unexpected fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(concern, name, value.strip() if isinstance(value, str) else value)
    concern.full_clean()
    concern.save()
    return concern


def concern_resolve(*, concern: TechnicalConcern, status: str, resolution: str) -> TechnicalConcern:
    """Closes a concern as resolved or as an accepted risk; the resolution is required."""
    if status not in (ConcernStatus.RESOLVED, ConcernStatus.ACCEPTED_RISK):
        raise ValidationError({"status": NOT_CLOSING})
    return concern_update(concern=concern, status=status, resolution=resolution)


# --- removals (the API's DELETE) ----------------------------------------------------------


@transaction.atomic
def stakeholder_delete(*, stakeholder: Stakeholder) -> None:
    """Removes a stakeholder with their relationships; their reports move up to the
    stakeholder's manager first, as when someone leaves."""
    _move_reports_up(stakeholder)
    stakeholder.delete()


def relationship_delete(*, relationship: Relationship) -> None:
    relationship.delete()


INTERACTION_FIELDS: Final = ("kind", "notes")


def interaction_update(*, interaction: Interaction, **fields: Any) -> Interaction:
    """Changes the kind and notes of a logged interaction (its date and participants
    moved the relationships' freshness: to change them, delete it and log it again)."""
    unknown = set(fields) - set(INTERACTION_FIELDS)
    if unknown:
        raise TypeError(f"interaction_update() got unexpected fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(interaction, name, value)
    interaction.full_clean()
    interaction.save(update_fields=[*fields, "updated_at"])
    return interaction


@transaction.atomic
def interaction_delete(*, interaction: Interaction) -> None:
    """Removes an interaction; each relationship it touched gets, as its last interaction,
    the latest other interaction of the same person and stakeholder (or none)."""
    ours = InteractionPerson.objects.filter(interaction=interaction)
    people = list(ours.values_list("person_id", flat=True))
    stakeholders = list(
        InteractionStakeholder.objects.filter(interaction=interaction).values_list(
            "stakeholder_id", flat=True
        )
    )
    interaction.delete()
    relationships = Relationship.objects.select_for_update().filter(
        person_id__in=people, stakeholder_id__in=stakeholders
    )
    for relationship in relationships:
        met = InteractionStakeholder.objects.filter(stakeholder_id=relationship.stakeholder_id)
        with_person = InteractionPerson.objects.filter(person_id=relationship.person_id)
        latest = (
            Interaction.objects.filter(id__in=met.values("interaction_id"))
            .filter(id__in=with_person.values("interaction_id"))
            .order_by("-occurred_on")
            .values_list("occurred_on", flat=True)
            .first()
        )
        if relationship.last_interaction != latest:
            relationship.last_interaction = latest
            relationship.save(update_fields=["last_interaction", "updated_at"])


def concern_delete(*, concern: TechnicalConcern) -> None:
    concern.delete()


# --- erasure (a stakeholder's right to be forgotten) --------------------------------------


# Fields that are a record's own name or contact: a namesake's, never a mention to erase.
NAMESAKE_FIELDS = {
    "relationships.stakeholder": frozenset({"name", "email", "phone"}),
    "people.person": frozenset({"full_name", "email"}),
    "people.user": frozenset({"username", "first_name", "last_name", "email"}),
}


@transaction.atomic
def stakeholder_erase(*, stakeholder: Stakeholder, actor: User | None) -> None:
    """Removes everything personal about a stakeholder, everywhere, history included.

    Their row goes with their relationships and their places among interaction and
    meeting attendees; their reports move up to their manager and dotted lines to them
    end; every other mention of their name, e-mail or phone (as they are now and as the
    history says they were) in the text of their account's records, of the tables that
    belong to no account, and of those records' history becomes "[erased]". Other
    accounts' records, and the own names, e-mails and phones of namesakes (another
    stakeholder, a colleague), are left as they are. The history keeps an anonymous entry
    on the account: a stakeholder was erased, by whom and when. Interfaces (the page, the
    API) call this after checking that the user may (programme leaders and administrators).
    """
    label = Stakeholder._meta.label_lower
    personal = erasure.personal_values(
        [
            stakeholder.name,
            stakeholder.email,
            stakeholder.phone,
            *erasure.history_values(
                label=label, object_id=stakeholder.pk, fields=("name", "email", "phone")
            ),
        ]
    )
    gone: dict[str, Any] = {"id": None, "r": erasure.ERASED}
    manager_id = stakeholder.reports_to_id
    relationship_ids = list(stakeholder.relationships.values_list("pk", flat=True))
    # Records that point at them and will be changed: (label, pk, change) for their history.
    touched: list[tuple[str, int, dict[str, Any]]] = []
    for related in Stakeholder._meta.related_objects:
        tracked = registry.tracked_for(related.related_model._meta.label_lower)
        if tracked is None or related.related_model is Stakeholder:
            continue
        if related.many_to_many:
            name = related.field.name
            pks = related.related_model._base_manager.filter(**{name: stakeholder}).values_list(
                "pk", flat=True
            )
            touched += [(tracked.label, pk, {"f": name, "rem": [erasure.ERASED]}) for pk in pks]
        elif related.on_delete is SET_NULL:
            name = related.field.name
            pks = related.related_model._base_manager.filter(**{name: stakeholder}).values_list(
                "pk", flat=True
            )
            touched += [(tracked.label, pk, {"f": name, "o": gone, "n": None}) for pk in pks]

    with context.paused():
        lines = list(
            Stakeholder.objects.filter(
                Q(reports_to=stakeholder) | Q(dotted_manager=stakeholder)
            ).select_related("reports_to")
        )
        manager = stakeholder.reports_to
        for report in lines:
            if report.reports_to_id == stakeholder.pk:
                report.reports_to_id = manager_id
                shown = {"id": manager_id, "r": str(manager)} if manager is not None else None
                touched.append((label, report.pk, {"f": "reports_to", "o": gone, "n": shown}))
                if report.dotted_manager_id == manager_id and manager_id is not None:
                    report.dotted_manager_id = None
            if report.dotted_manager_id == stakeholder.pk:
                report.dotted_manager_id = None
                touched.append((label, report.pk, {"f": "dotted_manager", "o": gone, "n": None}))
            report.version += 1
        Stakeholder.objects.bulk_update(lines, ["reports_to", "dotted_manager", "version"])
        account_id, stakeholder_id = stakeholder.account_id, stakeholder.pk
        stakeholder.delete()
        scope = erasure.Scope(account_model=Account, account_id=account_id, keep=NAMESAKE_FIELDS)
        scrubbed = erasure.text_scrub(personal, scope)

    erasure.history_forget(label=label, object_ids=[stakeholder_id])
    erasure.history_forget(label=Relationship._meta.label_lower, object_ids=relationship_ids)
    erasure.history_redact(personal, scope)

    with context.recording(source=context.current().source, actor=actor):
        by_record: dict[tuple[str, int], list[dict[str, Any]]] = {}
        for record_label, pk, change in touched:
            by_record.setdefault((record_label, pk), []).append(change)
        for model, pk, fields in scrubbed:
            tracked = registry.tracked_for(model._meta.label_lower)
            if tracked is not None:
                by_record.setdefault((tracked.label, pk), []).extend({"f": f} for f in fields)
        for (record_label, pk), changes in by_record.items():
            registry.write(label=record_label, object_id=pk, action=Action.ERASE, changes=changes)
        registry.write(
            label=Account._meta.label_lower,
            object_id=account_id,
            action=Action.ERASE,
            changes=[{"f": "_erased", "what": label}],
        )
