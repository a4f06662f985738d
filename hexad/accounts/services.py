"""Writes to accounts and account teams. Each validates first and stores all or nothing."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hexad.accounts.models import (
    END_BEFORE_START,
    Account,
    BusinessUnit,
    Degree,
    RoleAssignment,
    TeamMembership,
    Tier,
)
from hexad.core.exceptions import StaleEdit
from hexad.core.hooks import accounts_changed
from hexad.people.models import Person
from hexad.roles.models import Role

ALREADY_ON_TEAM = _("%(person)s is already on this account's team.")
PERSON_INACTIVE = _("%(person)s is no longer active and cannot join a team.")
ROLE_ALREADY_HELD = _("%(person)s already plays %(role)s on this account.")
MEMBERSHIP_ENDED = _("%(person)s has left the team; add them again to give them a role.")
ALREADY_LEFT = _("%(person)s has already left this team.")
STALE_EDIT = _(
    "Someone else changed this account while you were editing it. "
    "Reload the page to see their changes, then make yours again."
)
OVERLAPPING_MEMBERSHIP = _("%(person)s is already on this team for part of that period.")

ACCOUNT_FIELDS = (
    "name",
    "tier",
    "industry",
    "country",
    "currency",
    "lead",
    "parent",
    "description",
    "external_id",
)


def account_create(**fields: Any) -> Account:
    account = Account(**{name: fields[name] for name in ACCOUNT_FIELDS if name in fields})
    account.full_clean()
    account.save()
    accounts_changed([account.pk])
    return account


@transaction.atomic
def account_update(
    *, account: Account, expected_version: int | None = None, **fields: Any
) -> Account:
    """Changes an account; with `expected_version`, refuses when someone saved it meanwhile."""
    if expected_version is not None:
        current = Account.objects.select_for_update().values_list("version", flat=True)
        if current.get(pk=account.pk) != expected_version:
            raise StaleEdit(STALE_EDIT)
    for name in ACCOUNT_FIELDS:
        if name in fields:
            setattr(account, name, fields[name])
    account.full_clean()
    account.version += 1
    account.save()
    accounts_changed([account.pk])
    return account


def _overlapping(
    *, account: Account, person: Person, start: datetime.date, end: datetime.date | None
) -> bool:
    memberships = TeamMembership.objects.filter(account=account, person=person)
    if end is not None:
        memberships = memberships.filter(start_date__lte=end)
    return memberships.exclude(end_date__lt=start).exists()


@transaction.atomic
def membership_add(
    *,
    account: Account,
    person: Person,
    allocation: int,
    start_date: datetime.date | None = None,
    roles: list[tuple[Role, str]] | None = None,
) -> TeamMembership:
    """Puts a person on the team, optionally with roles (role, degree) from the start."""
    start = start_date or timezone.localdate()
    if not person.is_active:
        raise ValidationError({"person": PERSON_INACTIVE % {"person": person}})
    if _overlapping(account=account, person=person, start=start, end=None):
        raise ValidationError({"person": ALREADY_ON_TEAM % {"person": person}})
    membership = TeamMembership(
        account=account, person=person, allocation=allocation, start_date=start
    )
    membership.full_clean()
    membership.save()
    for role, degree in roles or []:
        _assignment_add(membership=membership, role=role, degree=degree)
    accounts_changed(_accounts_of(membership.person))
    return membership


def membership_update(
    *,
    membership: TeamMembership,
    allocation: int,
    start_date: datetime.date,
    end_date: datetime.date | None,
    notes: str = "",
) -> TeamMembership:
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": END_BEFORE_START})
    others = TeamMembership.objects.exclude(pk=membership.pk)
    clash = others.filter(account=membership.account, person=membership.person)
    if end_date is not None:
        clash = clash.filter(start_date__lte=end_date)
    if clash.exclude(end_date__lt=start_date).exists():
        raise ValidationError(
            {"start_date": OVERLAPPING_MEMBERSHIP % {"person": membership.person}}
        )
    membership.allocation = allocation
    membership.start_date = start_date
    membership.end_date = end_date
    membership.notes = notes
    membership.full_clean()
    membership.save()
    accounts_changed(_accounts_of(membership.person))
    return membership


@transaction.atomic
def membership_end(*, membership: TeamMembership, on: datetime.date | None = None) -> bool:
    """Takes a person off the team. Returns False when the membership was deleted outright.

    A membership that started before today is kept as history with yesterday as its last
    day; one that starts today or later never happened and is removed.
    """
    today = on or timezone.localdate()
    if membership.end_date is not None and membership.end_date < today:
        raise ValidationError({"person": ALREADY_LEFT % {"person": membership.person}})
    affected = _accounts_of(membership.person) | {membership.account_id}
    kept = membership.start_date < today
    if kept:
        membership.end_date = today - datetime.timedelta(days=1)
        membership.full_clean()
        membership.save(update_fields=["end_date", "updated_at"])
    else:
        membership.delete()
    accounts_changed(affected)
    return kept


@transaction.atomic
def assignment_add(*, membership: TeamMembership, role: Role, degree: str) -> RoleAssignment:
    """Gives a team member a role, or changes the degree of one they already play."""
    assignment = _assignment_add(membership=membership, role=role, degree=degree)
    accounts_changed([membership.account_id])
    return assignment


def _assignment_add(*, membership: TeamMembership, role: Role, degree: str) -> RoleAssignment:
    if not membership.is_active() and membership.start_date <= timezone.localdate():
        raise ValidationError({"role": MEMBERSHIP_ENDED % {"person": membership.person}})
    if degree not in Degree.values:
        raise ValidationError({"degree": _("Choose lead or contributing.")})
    existing = RoleAssignment.objects.filter(membership=membership, role=role).first()
    if existing is not None:
        if existing.degree == degree:
            raise ValidationError(
                {"role": ROLE_ALREADY_HELD % {"person": membership.person, "role": role}}
            )
        existing.degree = degree
        existing.save(update_fields=["degree", "updated_at"])
        return existing
    assignment = RoleAssignment(membership=membership, role=role, degree=degree)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: RoleAssignment) -> None:
    account_id = assignment.membership.account_id
    assignment.delete()
    accounts_changed([account_id])


def _accounts_of(person: Person) -> set[int]:
    """Accounts whose coverage depends on this person (their load counts everywhere)."""
    return set(
        TeamMembership.objects.active().filter(person=person).values_list("account_id", flat=True)
    )


# --- tiers and business units ---------------------------------------------------------------

TIER_FIELDS = (
    "name",
    "rank",
    "minimum_coverage",
    "check_in_days",
    "quarterly_review_days",
    "executive_review_days",
)
TIER_NAME_TAKEN = _("A tier called %(name)s already exists.")
TIER_IN_USE = _("%(count)s accounts are in this tier; move them to another tier first.")
UNIT_NAME_TAKEN = _("This account already has a business unit called %(name)s.")
UNIT_IN_USE = _(
    "This business unit is still used (stakeholders, whitespace or opportunities); "
    "move them to another unit first."
)


def _check_tier_name(tier: Tier) -> None:
    clash = Tier.objects.filter(name__iexact=tier.name).exclude(pk=tier.pk)
    if tier.name and clash.exists():
        raise ValidationError({"name": TIER_NAME_TAKEN % {"name": tier.name}})


@transaction.atomic
def tier_create(*, required_roles: list[Role] | None = None, **fields: Any) -> Tier:
    tier = Tier(**{name: fields[name] for name in TIER_FIELDS if name in fields})
    tier.name = tier.name.strip()
    _check_tier_name(tier)
    tier.full_clean()
    tier.save()
    tier.required_roles.set(required_roles or [])
    return tier


@transaction.atomic
def tier_update(*, tier: Tier, required_roles: list[Role] | None = None, **fields: Any) -> Tier:
    """Changes a tier; its accounts' coverage follows the new required roles and minimum."""
    for name in TIER_FIELDS:
        if name in fields:
            setattr(tier, name, fields[name])
    tier.name = tier.name.strip()
    _check_tier_name(tier)
    tier.full_clean()
    tier.save()
    if required_roles is not None:
        tier.required_roles.set(required_roles)
    accounts_changed(tier.accounts.values_list("id", flat=True))
    return tier


@transaction.atomic
def tier_delete(*, tier: Tier) -> None:
    """Removes a tier no account is in."""
    count = tier.accounts.count()
    if count:
        raise ValidationError(TIER_IN_USE % {"count": count})
    tier.delete()


def _check_unit_name(unit: BusinessUnit) -> None:
    clash = BusinessUnit.objects.filter(account_id=unit.account_id, name__iexact=unit.name)
    if unit.name and clash.exclude(pk=unit.pk).exists():
        raise ValidationError({"name": UNIT_NAME_TAKEN % {"name": unit.name}})


def business_unit_create(*, account: Account, name: str, external_id: str = "") -> BusinessUnit:
    unit = BusinessUnit(account=account, name=name.strip(), external_id=external_id.strip())
    _check_unit_name(unit)
    unit.full_clean()
    unit.save()
    return unit


def business_unit_update(*, unit: BusinessUnit, **fields: Any) -> BusinessUnit:
    for name in ("name", "external_id"):
        if name in fields:
            setattr(unit, name, fields[name].strip())
    _check_unit_name(unit)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def business_unit_delete(*, unit: BusinessUnit) -> None:
    """Removes a business unit nothing refers to (other apps' rows are found generically,
    so this app does not import the apps built on it)."""
    for relation in unit._meta.related_objects:
        if not relation.one_to_many:
            continue
        rows = relation.related_model._default_manager.filter(**{relation.field.name: unit})
        if rows.exists():
            raise ValidationError(UNIT_IN_USE)
    unit.delete()
