from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from hexad.accounts.models import Account, BusinessUnit, RoleAssignment, TeamMembership, Tier
from hexad.core.hooks import accounts_changed


class KeepsCoverageInStep(admin.ModelAdmin):
    """Admin edits change teams and tiers too: refresh the accounts they touch."""

    def affected_accounts(self, obj: Any) -> set[int]:
        raise NotImplementedError

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        accounts_changed(self.affected_accounts(form.instance))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            affected = self.affected_accounts(obj)
            super().delete_model(request, obj)
            accounts_changed(affected)


@admin.register(Tier)
class TierAdmin(KeepsCoverageInStep):
    list_display = (
        "name",
        "rank",
        "minimum_coverage",
        "check_in_days",
        "quarterly_review_days",
        "executive_review_days",
    )
    filter_horizontal = ("required_roles",)

    def affected_accounts(self, obj: Tier) -> set[int]:
        return set(obj.accounts.values_list("id", flat=True))


class BusinessUnitInline(admin.TabularInline):
    model = BusinessUnit
    extra = 0


@admin.register(Account)
class AccountAdmin(KeepsCoverageInStep):
    list_display = ("name", "tier", "industry", "country", "lead", "external_id")
    list_filter = ("tier", "industry")
    search_fields = ("name", "external_id")
    autocomplete_fields = ("lead", "parent")
    list_select_related = ("tier", "lead")
    inlines = [BusinessUnitInline]

    def affected_accounts(self, obj: Account) -> set[int]:
        return {obj.pk} if obj.pk else set()


@admin.register(BusinessUnit)
class BusinessUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "account")
    search_fields = ("name", "account__name")
    autocomplete_fields = ("account",)
    list_select_related = ("account",)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(TeamMembership)
class TeamMembershipAdmin(KeepsCoverageInStep):
    list_display = ("person", "account", "allocation", "start_date", "end_date")
    search_fields = ("person__full_name", "account__name")
    autocomplete_fields = ("person", "account")
    list_select_related = ("person", "account")
    inlines = [RoleAssignmentInline]

    def affected_accounts(self, obj: TeamMembership) -> set[int]:
        return set(
            TeamMembership.objects.filter(person_id=obj.person_id).values_list(
                "account_id", flat=True
            )
        )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(KeepsCoverageInStep):
    list_display = ("membership", "role", "degree")
    list_filter = ("role", "degree")
    autocomplete_fields = ("membership",)
    list_select_related = ("membership__person", "membership__account", "role")

    def affected_accounts(self, obj: RoleAssignment) -> set[int]:
        return {obj.membership.account_id}
