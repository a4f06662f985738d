from django.contrib import admin

from hexad.planning.models import (
    AccountPlan,
    Action,
    Blocker,
    CalendarToken,
    Objective,
    ResourceRequest,
    Review,
    Risk,
)


class ObjectiveInline(admin.StackedInline):
    model = Objective
    extra = 0


class ResourceRequestInline(admin.TabularInline):
    model = ResourceRequest
    extra = 0


class RiskInline(admin.TabularInline):
    model = Risk
    extra = 0


@admin.register(AccountPlan)
class AccountPlanAdmin(admin.ModelAdmin):
    list_display = ("__str__", "account")
    search_fields = ("account__name",)
    autocomplete_fields = ("account",)
    list_select_related = ("account",)
    inlines = [ObjectiveInline, ResourceRequestInline, RiskInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "due_date", "owner")
    list_filter = ("status",)
    search_fields = ("title",)
    list_select_related = ("owner",)
    raw_id_fields = ("plan", "objective", "owner")


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind")
    list_filter = ("kind",)
    search_fields = ("account__name",)
    autocomplete_fields = ("account",)


@admin.register(Blocker)
class BlockerAdmin(admin.ModelAdmin):
    list_display = ("__str__", "category", "status")
    list_filter = ("category", "status")
    autocomplete_fields = ("account",)


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ("__str__",)

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
