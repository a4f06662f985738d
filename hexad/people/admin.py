from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from hexad.people.models import Department, Person, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "access_level", "language", "is_active", "last_login")
    list_filter = ("access_level", "is_active", "language")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Hexad"), {"fields": ("access_level", "language")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Hexad"), {"fields": ("email", "access_level", "language")}),
    )


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "job_title", "department", "capacity", "is_active", "user")
    list_filter = ("is_active", "department")
    search_fields = ("full_name", "email", "external_id")
    autocomplete_fields = ("department", "user")
    list_select_related = ("department", "user")
