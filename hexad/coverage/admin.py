from django.contrib import admin

from hexad.coverage.models import (
    AccountCoverage,
    CoverageSnapshot,
    RoleCoverageCell,
    SnapshotRoleTotal,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Derived data: shown for inspection, written only by the coverage services."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AccountCoverage)
class AccountCoverageAdmin(ReadOnlyAdmin):
    list_display = ("account", "gaps", "missing", "weak", "flags", "formula_version")
    list_select_related = ("account",)
    ordering = ("-gaps",)


@admin.register(RoleCoverageCell)
class RoleCoverageCellAdmin(ReadOnlyAdmin):
    list_display = ("account", "role", "score", "status", "required")
    list_filter = ("role", "status", "required")
    list_select_related = ("account", "role")


class SnapshotRoleTotalInline(admin.TabularInline):
    model = SnapshotRoleTotal
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(CoverageSnapshot)
class CoverageSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("taken_at", "kind", "formula_version", "accounts")
    inlines = [SnapshotRoleTotalInline]
