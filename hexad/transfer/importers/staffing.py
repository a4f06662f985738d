"""The team designer's forbidden pairs, through the staffing services: conflicts (a person
never proposed for an account) and role restrictions (a department's people never
proposed for a role). Matched on the pair itself, so a second import of the same file
changes nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexad.accounts.models import Account
from hexad.people.models import Department, Person
from hexad.roles.models import Role
from hexad.staffing import services as staffing_services
from hexad.staffing.models import Conflict, RoleRestriction
from hexad.transfer.importers.base import (
    CREATED,
    UNCHANGED,
    UPDATED,
    AccountLookup,
    Column,
    Importer,
    PersonLookup,
    Problems,
    problems_of,
)
from hexad.transfer.values import normalise


def _required(problems: Problems, values: dict[str, str], *keys: str) -> None:
    for key in keys:
        if not values.get(key, "").strip():
            problems.add(key, _("This column is required."))


class ConflictImporter(Importer):
    """One row per person and account; a pair already recorded takes the row's note (when
    the file has a note column) and is otherwise left as it is."""

    kind = "conflicts"
    label = gettext_lazy("Staffing conflicts")
    columns = (
        Column(
            "person",
            gettext_lazy("Person"),
            ("userid", "user id", "user", "email", "e-mail", "osoba", "pracownik"),
            required=True,
            help=gettext_lazy("External id, e-mail or full name."),
        ),
        Column(
            "account",
            gettext_lazy("Account"),
            ("accountid", "account id", "konto", "klient"),
            required=True,
            help=gettext_lazy("External id or name."),
        ),
        Column("note", gettext_lazy("Note"), ("notes", "reason", "uwagi", "uwaga", "powód")),
    )

    def prepare(self) -> None:
        self.people = PersonLookup()
        self.accounts = AccountLookup()
        self.existing: dict[tuple[int, int], int] = {
            (person, account): pk
            for pk, person, account in Conflict.objects.values_list("pk", "person", "account")
        }

    def import_row(self, values: dict[str, str]) -> str:
        problems = Problems()
        _required(problems, values, "person", "account")
        person_pk = self.people.resolve(problems, "person", values.get("person", ""))
        account_pk = self.accounts.resolve(problems, "account", values.get("account", ""))
        problems.check()
        assert person_pk is not None and account_pk is not None  # refused above otherwise
        note = values.get("note")  # None: the file has no note column
        existing = self.existing.get((person_pk, account_pk))
        try:
            if existing is None:
                conflict = staffing_services.conflict_create(
                    person=Person.objects.get(pk=person_pk),
                    account=Account.objects.get(pk=account_pk),
                    note=note or "",
                )
                self.existing[(person_pk, account_pk)] = conflict.pk
                return CREATED
            if note is None:
                return UNCHANGED
            conflict = Conflict.objects.get(pk=existing)
            if conflict.note == note.strip():
                return UNCHANGED
            staffing_services.conflict_update(conflict=conflict, note=note)
            return UPDATED
        except ValidationError as error:
            raise problems_of(error) from None


class RoleRestrictionImporter(Importer):
    """One row per department and role; a pair already recorded is left as it is."""

    kind = "role-restrictions"
    label = gettext_lazy("Role restrictions")
    columns = (
        Column(
            "department",
            gettext_lazy("Department"),
            ("dział", "dzial"),
            required=True,
            help=gettext_lazy("The department's name."),
        ),
        Column(
            "role",
            gettext_lazy("Role"),
            ("rola",),
            required=True,
            help=gettext_lazy("The role's key, English or Polish name."),
        ),
    )

    def prepare(self) -> None:
        self.departments = {
            normalise(name): pk for pk, name in Department.objects.values_list("pk", "name")
        }
        self.roles: dict[str, Role] = {}
        for role in Role.objects.all():
            for text in (role.key, role.name_en, role.name_pl):
                self.roles[normalise(text)] = role
        self.existing = set(RoleRestriction.objects.values_list("department", "role"))

    def import_row(self, values: dict[str, str]) -> str:
        problems = Problems()
        _required(problems, values, "department", "role")
        department_text = values.get("department", "").strip()
        department_pk = self.departments.get(normalise(department_text))
        if department_text and department_pk is None:
            problems.add(
                "department",
                _("There is no department “%(value)s”.") % {"value": department_text[:60]},
            )
        role_text = values.get("role", "").strip()
        role = self.roles.get(normalise(role_text))
        if role_text and role is None:
            problems.add("role", _("There is no role “%(value)s”.") % {"value": role_text[:60]})
        problems.check()
        assert department_pk is not None and role is not None  # refused above otherwise
        if (department_pk, role.pk) in self.existing:
            return UNCHANGED
        try:
            staffing_services.restriction_create(
                department=Department.objects.get(pk=department_pk), role=role
            )
        except ValidationError as error:
            raise problems_of(error) from None
        self.existing.add((department_pk, role.pk))
        return CREATED
