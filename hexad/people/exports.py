"""The people list as CSV/XLSX: the page's search and department filter, every page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from hexad.core.exports import Column, ExportQuery, ListExport, register, table, with_figures
from hexad.people import selectors
from hexad.people.forms import PeopleFilterForm


def _people_rows(query: ExportQuery) -> Iterator[list[Any]]:
    form = PeopleFilterForm(query.params or None)
    data = form.cleaned_data if form.is_valid() else {}
    department = data.get("department")
    people = selectors.people_list(
        user=query.user,
        query=(data.get("q") or "").strip(),
        department=department.pk if department else None,
    )
    columns = [
        Column(_("Name"), lambda row: row[0].full_name),
        Column(_("Email"), lambda row: row[0].email),
        Column(_("Job title"), lambda row: row[0].job_title),
        Column(_("Department"), lambda row: row[0].department.name if row[0].department else ""),
        Column(_("Active"), lambda row: _("yes") if row[0].is_active else _("no")),
        Column(_("Accounts"), lambda row: row[1].accounts),
        Column(_("Allocation (%)"), lambda row: row[1].allocation),
        Column(_("Capacity (%)"), lambda row: row[1].capacity),
    ]
    return table(columns, with_figures(people, lambda rows: selectors.people_load(people=rows)))


register(ListExport(name="people", title=_("People"), rows=_people_rows))
