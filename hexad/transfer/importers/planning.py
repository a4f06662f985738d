"""Actions, through the planning services: each goes into its account's plan for the
period of its due date (or today's), owned by someone on the account's team."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexad.accounts.models import Account
from hexad.people.models import Person
from hexad.planning import services as planning_services
from hexad.planning.models import AccountPlan, Action, ActionStatus, PlanStatus
from hexad.roles.models import Role
from hexad.transfer.importers.base import (
    CREATED,
    UNCHANGED,
    UPDATED,
    AccountLookup,
    Column,
    Importer,
    PersonLookup,
    Problems,
    changed,
    choice_lookup,
    parse_choice,
    problems_of,
)
from hexad.transfer.values import normalise, parse_date

NO_PLAN = gettext_lazy(
    "%(account)s has no open plan covering %(date)s; create the plan first, then import "
    "its actions."
)


class ActionImporter(Importer):
    kind = "actions"
    label = gettext_lazy("Actions")
    columns = (
        Column("external_id", gettext_lazy("External id"), ("id", "task id", "identyfikator")),
        Column(
            "account",
            gettext_lazy("Account"),
            ("accountid", "account id", "whatid", "konto"),
            required=True,
        ),
        Column(
            "title",
            gettext_lazy("Action"),
            ("title", "subject", "zadanie", "działanie"),
            required=True,
        ),
        Column("owner", gettext_lazy("Owner"), ("ownerid", "owner id", "odpowiedzialny")),
        Column("due_date", gettext_lazy("Due date"), ("activitydate", "activity date", "termin")),
        Column("status", gettext_lazy("Status"), ()),
        Column("role", gettext_lazy("Responsible role"), ("role", "rola")),
    )

    def prepare(self) -> None:
        self.accounts = AccountLookup()
        self.people = PersonLookup()
        self.statuses = choice_lookup(
            ActionStatus.choices,
            {
                "not started": "open",
                "completed": "done",
                "deferred": "cancelled",
                "waiting on someone else": "in_progress",
            },
        )
        self.roles: dict[str, Role] = {}
        for role in Role.objects.all():
            for text in (role.key, role.name_en, role.name_pl):
                self.roles[normalise(text)] = role
        self.by_external = dict(
            Action.objects.exclude(external_id="").values_list("external_id", "pk")
        )

    def import_row(self, values: dict[str, str]) -> str:
        problems = Problems()
        for column in self.columns:
            if column.required and not values.get(column.key, "").strip():
                problems.add(column.key, _("This column is required."))
        account_pk = self.accounts.resolve(problems, "account", values.get("account", ""))
        external = values.get("external_id", "").strip()
        fields: dict[str, Any] = {"title": values.get("title", "").strip()}
        if "due_date" in values:
            fields["due_date"] = problems.parse("due_date", values, parse_date)
        if values.get("status", "").strip():
            fields["status"] = problems.parse(
                "status", values, lambda t: parse_choice(self.statuses, t)
            )
        if "owner" in values:
            owner = self.people.resolve(problems, "owner", values["owner"])
            fields["owner"] = Person.objects.filter(pk=owner).first() if owner else None
        if values.get("role", "").strip():
            fields["role"] = self.roles.get(normalise(values["role"]))
            if fields["role"] is None:
                problems.add(
                    "role", _("There is no role “%(value)s”.") % {"value": values["role"][:60]}
                )
        problems.check()
        assert account_pk is not None  # a row without its account was refused above
        account = Account.objects.get(pk=account_pk)
        try:
            existing = self.by_external.get(external) if external else None
            if existing is not None:
                action = Action.objects.select_related("plan__account").get(pk=existing)
                difference = changed(action, fields)
                if not difference:
                    return UNCHANGED
                planning_services.action_update(action=action, **difference)
                return UPDATED
            day = fields.get("due_date") or timezone.localdate()
            plan = (
                AccountPlan.objects.filter(
                    account=account, period_start__lte=day, period_end__gte=day
                )
                .exclude(status=PlanStatus.CLOSED)
                .select_related("account")
                .first()
            )
            if plan is None:
                raise ValidationError(
                    {"due_date": NO_PLAN % {"account": account.name, "date": day}}
                )
            action = planning_services.action_add(
                plan=plan,
                title=fields["title"],
                owner=fields.get("owner"),
                due_date=fields.get("due_date"),
                status=fields.get("status", ActionStatus.OPEN),
                role=fields.get("role"),
            )
        except ValidationError as error:
            raise problems_of(error) from None
        if external:
            # The planning service takes no external id; it is set on the row just inserted.
            # Saved through the model, so the history's entry of the new row holds it too.
            action.external_id = external
            action.save(update_fields=["external_id"])
            self.by_external[external] = action.pk
        return CREATED
