"""The coverage heatmap's list for `hexad export coverage` (the page offers the same rows
through its own download links)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hexad.accounts.selectors import account_leads
from hexad.core.exports import ExportQuery, ListExport, register
from hexad.coverage import views
from hexad.coverage.forms import HeatmapFilterForm


def _coverage_rows(query: ExportQuery) -> Iterator[list[Any]]:
    form = HeatmapFilterForm(query.params or None, leads=account_leads())
    return views._rows(user=query.user, filters=form.filters(), language=translation.get_language())


register(ListExport(name="coverage", title=_("Coverage"), rows=_coverage_rows))
