from django.contrib import admin

from hexad.accounts.models import Account, BusinessUnit, RoleAssignment, TeamMembership, Tier


@admin.register(Tier)
class TierAdmin(admin.ModelAdmin):
    list_display = ("name", "rank", "minimum_coverage")
    filter_horizontal = ("required_roles",)


class BusinessUnitInline(admin.TabularInline):
    model = BusinessUnit
    extra = 0


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("name", "tier", "industry", "country", "lead", "external_id")
    list_filter = ("tier", "industry")
    search_fields = ("name", "external_id")
    autocomplete_fields = ("lead", "parent")
    list_select_related = ("tier", "lead")
    inlines = [BusinessUnitInline]


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
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "account", "allocation", "start_date", "end_date")
    search_fields = ("person__full_name", "account__name")
    autocomplete_fields = ("person", "account")
    list_select_related = ("person", "account")
    inlines = [RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("membership", "role", "degree")
    list_filter = ("role", "degree")
    autocomplete_fields = ("membership",)
    list_select_related = ("membership__person", "membership__account", "role")
