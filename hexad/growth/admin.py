"""Growth in the admin site. Offerings are managed here as on their own page; the other
records can be corrected here, and every save or delete rewrites the derived rows
(AccountGrowth, OfferingAdoption) of what it touched, as the services do."""

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from hexad.growth import derived
from hexad.growth.models import (
    AccountGrowth,
    AccountGrowthPlan,
    FinancialPeriod,
    Offering,
    OfferingAdoption,
    Opportunity,
    ValueInitiative,
    WhitespaceCell,
)


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ("name", "family", "launch_date", "is_new")
    list_filter = ("is_new", "family")
    search_fields = ("name", "family")

    def save_model(self, request: HttpRequest, obj: Offering, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and "launch_date" in form.changed_data:
                derived.adoption_lags_refresh(offering=obj)


class KeepsGrowthInStep(admin.ModelAdmin):
    """Rewrites the derived growth rows of the account (and offering) an edit touched."""

    def _refresh(self, obj: Any, offering_ids: set[int | None]) -> None:
        derived.summary_refresh(account_ids={obj.account_id})
        pairs = {(obj.account_id, pk) for pk in offering_ids if pk}
        if pairs:
            derived.adoption_refresh(pairs=pairs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = getattr(form, "initial", {}).get("offering") if change else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            self._refresh(obj, {before, getattr(obj, "offering_id", None)})

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            offering = getattr(obj, "offering_id", None)
            super().delete_model(request, obj)
            self._refresh(obj, {offering})


@admin.register(FinancialPeriod)
class FinancialPeriodAdmin(KeepsGrowthInStep):
    list_display = ("account", "year", "quarter", "revenue", "target", "potential")
    list_filter = ("year", "quarter")
    search_fields = ("account__name",)
    autocomplete_fields = ("account",)
    list_select_related = ("account",)


@admin.register(WhitespaceCell)
class WhitespaceCellAdmin(KeepsGrowthInStep):
    list_display = ("account", "business_unit", "offering", "status", "revenue", "potential")
    list_filter = ("status", "offering")
    search_fields = ("account__name", "business_unit__name", "offering__name")
    autocomplete_fields = ("account", "business_unit")
    list_select_related = ("account", "business_unit", "offering")


@admin.register(Opportunity)
class OpportunityAdmin(KeepsGrowthInStep):
    list_display = ("name", "account", "offering", "stage", "value", "probability")
    list_filter = ("stage", "kind")
    search_fields = ("name", "account__name")
    autocomplete_fields = ("account", "business_unit", "owner")
    list_select_related = ("account", "offering")


@admin.register(ValueInitiative)
class ValueInitiativeAdmin(KeepsGrowthInStep):
    list_display = ("title", "account", "status", "offering", "created_on", "adopted_on")
    list_filter = ("status",)
    search_fields = ("title", "account__name")
    autocomplete_fields = ("account", "offering")
    raw_id_fields = ("sponsor",)
    list_select_related = ("account", "offering")


@admin.register(AccountGrowthPlan)
class AccountGrowthPlanAdmin(admin.ModelAdmin):
    list_display = ("account", "ambition_multiple", "baseline_year", "ambition_year")
    search_fields = ("account__name",)
    autocomplete_fields = ("account",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Derived data: shown for inspection, written only by the growth services."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AccountGrowth)
class AccountGrowthAdmin(ReadOnlyAdmin):
    list_display = ("account", "period_label", "revenue", "potential", "untapped", "share")
    list_select_related = ("account",)
    search_fields = ("account__name",)


@admin.register(OfferingAdoption)
class OfferingAdoptionAdmin(ReadOnlyAdmin):
    list_display = ("account", "offering", "adopted_on", "source", "lag_days")
    list_filter = ("offering",)
    list_select_related = ("account", "offering")
