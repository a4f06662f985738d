"""Forms of the coverage pages."""

from __future__ import annotations

from dataclasses import replace

from django import forms

from hexad.accounts.forms import PortfolioFilterForm
from hexad.accounts.selectors import PortfolioFilters
from hexad.coverage.selectors import HEATMAP_DEFAULT_SORT, HEATMAP_SORTS


class HeatmapFilterForm(PortfolioFilterForm):
    """The portfolio's filters, with the heatmap's sorts (most gaps first by default)."""

    sort = forms.ChoiceField(
        choices=[(key, key) for key in HEATMAP_SORTS], required=False, widget=forms.HiddenInput
    )

    def filters(self) -> PortfolioFilters:
        chosen = super().filters()  # validates; unreadable values are ignored
        sort = self.cleaned_data.get("sort") if self.is_bound else None
        return replace(chosen, sort=sort or HEATMAP_DEFAULT_SORT)
