from django.contrib import admin

from hexad.roles.models import Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_pl", "key", "order", "is_builtin")
    ordering = ("order",)
    search_fields = ("name_en", "name_pl", "key")

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return ("key",) if obj is not None and obj.is_builtin else ()

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return obj is None or not obj.is_builtin
