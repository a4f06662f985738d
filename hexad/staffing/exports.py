"""The team designer's forbidden pairs as CSV/XLSX: conflicts (a person never proposed for
an account) and role restrictions (a department's people never proposed for a role).
Programme leaders and administrators only, as on their pages and in the API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from hexad.core.exports import Column, ExportQuery, ListExport, register, table
from hexad.staffing import selectors

CHUNK = 1000


def _id_filter(query: ExportQuery, name: str) -> int | None:
    """A filter naming a record by id (`account=12`); anything else filters nothing, as a
    page's form ignores a value it cannot read."""
    value = query.params.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) < 16 else None


def _conflict_rows(query: ExportQuery) -> Iterator[list[Any]]:
    conflicts = selectors.conflicts_list(user=query.user, query=query.params.get("q", "")[:100])
    if (account := _id_filter(query, "account")) is not None:
        conflicts = conflicts.filter(account_id=account)
    if (person := _id_filter(query, "person")) is not None:
        conflicts = conflicts.filter(person_id=person)
    columns = [
        Column(_("Account"), lambda conflict: conflict.account.name),
        Column(_("Account external id"), lambda conflict: conflict.account.external_id),
        Column(_("Person"), lambda conflict: conflict.person.full_name),
        Column(_("Email"), lambda conflict: conflict.person.email),
        Column(_("Note"), lambda conflict: conflict.note),
    ]
    return table(columns, conflicts.iterator(chunk_size=CHUNK))


def _restriction_rows(query: ExportQuery) -> Iterator[list[Any]]:
    restrictions = selectors.restrictions_list(user=query.user)
    if (department := _id_filter(query, "department")) is not None:
        restrictions = restrictions.filter(department_id=department)
    if (role := _id_filter(query, "role")) is not None:
        restrictions = restrictions.filter(role_id=role)
    columns = [
        Column(_("Department"), lambda restriction: restriction.department.name),
        Column(_("Role"), lambda restriction: restriction.role.name),
    ]
    return table(columns, restrictions.iterator(chunk_size=CHUNK))


register(ListExport(name="staffing-conflicts", title=_("Staffing conflicts"), rows=_conflict_rows))
register(
    ListExport(name="staffing-restrictions", title=_("Role restrictions"), rows=_restriction_rows)
)
