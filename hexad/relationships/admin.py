from django.contrib import admin

from hexad.relationships.models import (
    Interaction,
    InteractionPerson,
    InteractionStakeholder,
    Relationship,
    Stakeholder,
    TechnicalConcern,
)


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "account", "level", "attitude", "status")
    list_filter = ("level", "attitude", "status")
    search_fields = ("name", "title", "account__name", "email")
    autocomplete_fields = ("account", "reports_to", "dotted_manager", "owner")
    list_select_related = ("account",)


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ("person", "stakeholder", "current_level", "desired_level", "last_interaction")
    list_filter = ("current_level", "desired_level")
    search_fields = ("person__full_name", "stakeholder__name")
    autocomplete_fields = ("person", "stakeholder")
    list_select_related = ("person", "stakeholder")


class InteractionPersonInline(admin.TabularInline):
    model = InteractionPerson
    extra = 0
    autocomplete_fields = ("person",)


class InteractionStakeholderInline(admin.TabularInline):
    model = InteractionStakeholder
    extra = 0
    autocomplete_fields = ("stakeholder",)


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ("occurred_on", "kind", "account")
    list_filter = ("kind",)
    search_fields = ("account__name", "notes")
    autocomplete_fields = ("account",)
    list_select_related = ("account",)
    inlines = [InteractionPersonInline, InteractionStakeholderInline]


@admin.register(TechnicalConcern)
class TechnicalConcernAdmin(admin.ModelAdmin):
    list_display = ("topic", "account", "severity", "status", "owner", "due_date")
    list_filter = ("severity", "status")
    search_fields = ("topic", "account__name")
    autocomplete_fields = ("account", "raised_by", "owner")
    list_select_related = ("account", "owner")
