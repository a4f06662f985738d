from django.contrib import admin

from hexad.staffing.models import Conflict, RoleRestriction


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ("person", "account", "note")
    raw_id_fields = ("person", "account")


@admin.register(RoleRestriction)
class RoleRestrictionAdmin(admin.ModelAdmin):
    list_display = ("department", "role")
