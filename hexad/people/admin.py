from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hexad.core.hooks import people_changed
from hexad.people.models import CompetencyRating, Department, DevelopmentNote, Person, User


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

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        people_changed([form.instance.pk])


@admin.register(CompetencyRating)
class CompetencyRatingAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "rating", "source", "rated_on", "rated_by")
    list_filter = ("role", "source", "rating")
    search_fields = ("person__full_name",)
    autocomplete_fields = ("person", "rated_by")
    list_select_related = ("person", "role", "rated_by")

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        people_changed([form.instance.person_id])


@admin.register(DevelopmentNote)
class DevelopmentNoteAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "due_date", "is_done")
    list_filter = ("role", "is_done")
    search_fields = ("person__full_name", "text")
    autocomplete_fields = ("person",)
    list_select_related = ("person", "role")
