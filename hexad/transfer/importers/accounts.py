"""Accounts, our people and account teams (with roles), through the domain services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from hexad.accounts import services as account_services
from hexad.accounts.models import CURRENCIES, Account, Industry, TeamMembership, Tier
from hexad.people import services as people_services
from hexad.people.models import Department, Person
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
from hexad.transfer.models import SalesforceRoleMapping
from hexad.transfer.values import CellError, normalise, parse_bool, parse_date, parse_int

# Salesforce's standard Industry picklist, as far as it differs from Hexad's names.
SALESFORCE_INDUSTRIES = {
    "Agriculture": Industry.FOOD,
    "Apparel": Industry.CONSUMER_GOODS,
    "Banking": Industry.FINANCE,
    "Insurance": Industry.FINANCE,
    "Finance": Industry.FINANCE,
    "Biotechnology": Industry.PHARMA,
    "Chemicals": Industry.CHEMICALS,
    "Communications": Industry.TELECOM,
    "Construction": Industry.CONSTRUCTION,
    "Consulting": Industry.OTHER,
    "Education": Industry.PUBLIC,
    "Government": Industry.PUBLIC,
    "Electronics": Industry.MANUFACTURING,
    "Engineering": Industry.MANUFACTURING,
    "Machinery": Industry.MANUFACTURING,
    "Manufacturing": Industry.MANUFACTURING,
    "Energy": Industry.ENERGY,
    "Utilities": Industry.ENERGY,
    "Food & Beverage": Industry.FOOD,
    "Healthcare": Industry.HEALTHCARE,
    "Hospitality": Industry.CONSUMER_GOODS,
    "Media": Industry.TELECOM,
    "Entertainment": Industry.CONSUMER_GOODS,
    "Recreation": Industry.CONSUMER_GOODS,
    "Environmental": Industry.OTHER,
    "Not For Profit": Industry.OTHER,
    "Retail": Industry.RETAIL,
    "Shipping": Industry.LOGISTICS,
    "Transportation": Industry.LOGISTICS,
    "Technology": Industry.IT,
    "Telecommunications": Industry.TELECOM,
    "Other": Industry.OTHER,
}


def parse_country(text: str) -> str:
    value = text.strip()
    if not value:
        return ""
    if len(value) == 2 and value.upper() in countries:
        return value.upper()
    if len(value) == 3 and countries.alpha2(value.upper()):
        return str(countries.alpha2(value.upper()))
    for language in ("en", "pl"):
        code = countries.by_name(value, language=language)
        if code:
            return str(code)
    raise CellError(
        _("“%(value)s” is not a country; use its name or ISO code (PL, DE…).")
        % {"value": text[:60]}
    )


def parse_currency(text: str) -> str:
    code = text.strip().upper()
    if code and code not in CURRENCIES:
        raise CellError(_("%(code)s is not a currency Hexad knows.") % {"code": text[:12]})
    return code


class AccountImporter(Importer):
    kind = "accounts"
    label = gettext_lazy("Accounts")
    columns = (
        Column(
            "external_id",
            gettext_lazy("External id"),
            ("id", "account id", "crm id", "identyfikator"),
        ),
        Column(
            "name", gettext_lazy("Name"), ("account name", "nazwa", "nazwa konta"), required=True
        ),
        Column("tier", gettext_lazy("Tier"), ("poziom", "tier name")),
        Column("industry", gettext_lazy("Industry"), ("branża", "branza")),
        Column("country", gettext_lazy("Country"), ("billingcountry", "billing country", "kraj")),
        Column(
            "currency", gettext_lazy("Currency"), ("currencyisocode", "currency iso code", "waluta")
        ),
        Column(
            "lead",
            gettext_lazy("Account lead"),
            ("lead", "ownerid", "owner id", "owner", "opiekun"),
        ),
        Column(
            "parent",
            gettext_lazy("Parent account"),
            ("parentid", "parent id", "parent", "nadrzędne"),
        ),
        Column("description", gettext_lazy("Description"), ("opis",)),
    )

    def prepare(self) -> None:
        self.accounts = AccountLookup()
        self.people = PersonLookup()
        self.tiers = {normalise(t.name): t for t in Tier.objects.all()}
        for tier in list(self.tiers.values()):
            self.tiers.setdefault(str(tier.rank), tier)
        chosen = self.options.get("tier")
        self.default_tier = self.tiers.get(normalise(str(chosen))) if chosen else None
        if self.default_tier is None:
            self.default_tier = Tier.objects.order_by("-rank", "name").first()
        self.industries = choice_lookup(Industry.choices, SALESFORCE_INDUSTRIES)
        self.parents: list[tuple[int, int, str]] = []
        self.unchanged: set[int] = set()

    def import_row(self, values: dict[str, str]) -> str:
        problems = Problems()
        external = values.get("external_id", "").strip()
        name = values.get("name", "").strip()
        existing_pk = self.accounts.by_external.get(external) if external else None
        if existing_pk is None and not external and name:
            existing_pk = self.accounts.by_name.get(normalise(name))
        fields: dict[str, Any] = {}
        if "name" in values:
            if not name:
                problems.add("name", _("Give the account a name."))
            fields["name"] = name
        if external:
            fields["external_id"] = external
        tier_text = values.get("tier", "").strip()
        if tier_text:
            tier = self.tiers.get(normalise(tier_text))
            if tier is None:
                problems.add("tier", _("There is no tier “%(value)s”.") % {"value": tier_text[:60]})
            fields["tier"] = tier
        elif existing_pk is None:
            fields["tier"] = self.default_tier
        if values.get("industry", "").strip():
            fields["industry"] = problems.parse(
                "industry", values, lambda t: parse_choice(self.industries, t)
            )
        if "country" in values:
            fields["country"] = problems.parse("country", values, parse_country)
        if values.get("currency", "").strip():
            fields["currency"] = problems.parse("currency", values, parse_currency)
        if values.get("lead", "").strip():
            lead = self.people.resolve(problems, "lead", values["lead"])
            fields["lead"] = Person(pk=lead) if lead else None
        if "description" in values:
            fields["description"] = values["description"].strip()
        problems.check()
        try:
            if existing_pk is not None:
                account = Account.objects.get(pk=existing_pk)
                if "lead" in fields and fields["lead"] is not None:
                    fields["lead"] = Person.objects.get(pk=fields["lead"].pk)
                difference = changed(account, fields)
                outcome = UNCHANGED
                if difference:
                    account_services.account_update(account=account, **difference)
                    outcome = UPDATED
            else:
                if fields.get("lead") is not None:
                    fields["lead"] = Person.objects.get(pk=fields["lead"].pk)
                account = account_services.account_create(**fields)
                self.accounts.add(account.pk, account.external_id, account.name)
                outcome = CREATED
        except ValidationError as error:
            raise problems_of(error) from None
        if outcome == UNCHANGED:
            self.unchanged.add(account.pk)
        parent = values.get("parent", "").strip()
        if parent:
            self.parents.append((self.row_number, account.pk, parent))
        return outcome

    def finish(self) -> dict[str, int]:
        """Parents may come later in the file than their children: linked at the end."""
        updated = 0
        for row, pk, text in self.parents:
            parent_pk = self.accounts.find(text)
            if parent_pk is None:
                self.late_problems.append(
                    (row, "parent", _("No account has the external id or name “%(value)s”.")
                     % {"value": text[:60]})
                )  # fmt: skip
                continue
            account = Account.objects.get(pk=pk)
            if account.parent_id == parent_pk:
                continue
            try:
                account_services.account_update(
                    account=account, parent=Account.objects.get(pk=parent_pk)
                )
            except ValidationError as error:
                for _key, message in problems_of(error).problems:
                    self.late_problems.append((row, "parent", message))
            else:
                updated += pk in self.unchanged
        return {UPDATED: updated, UNCHANGED: -updated}


class PersonImporter(Importer):
    kind = "people"
    label = gettext_lazy("People")
    columns = (
        Column(
            "external_id",
            gettext_lazy("External id"),
            ("id", "user id", "employee id", "identyfikator"),
        ),
        Column(
            "full_name", gettext_lazy("Full name"), ("name", "imię i nazwisko", "imie i nazwisko")
        ),
        Column("first_name", gettext_lazy("First name"), ("firstname", "imię", "imie")),
        Column("last_name", gettext_lazy("Last name"), ("lastname", "nazwisko")),
        Column("email", gettext_lazy("E-mail"), ("email", "e-mail address", "adres e-mail")),
        Column("job_title", gettext_lazy("Job title"), ("title", "stanowisko")),
        Column("department", gettext_lazy("Department"), ("dział", "dzial")),
        Column("capacity", gettext_lazy("Capacity (%)"), ("capacity", "dostępność")),
        Column("is_active", gettext_lazy("Active"), ("isactive", "active", "aktywny")),
    )

    def prepare(self) -> None:
        self.people = PersonLookup()
        self.departments = {normalise(d.name): d for d in Department.objects.all()}

    def _department(self, name: str) -> Department:
        department = self.departments.get(normalise(name))
        if department is None:
            # Departments are a plain list of names: one is added when a file names it.
            department = Department(name=name.strip()[:120])
            department.full_clean()
            department.save()
            self.departments[normalise(name)] = department
        return department

    def import_row(self, values: dict[str, str]) -> str:
        problems = Problems()
        external = values.get("external_id", "").strip()
        email = values.get("email", "").strip()
        full_name = values.get("full_name", "").strip() or " ".join(
            part for part in (values.get("first_name", "").strip(),
                              values.get("last_name", "").strip()) if part
        )  # fmt: skip
        if not full_name:
            key = "full_name" if "full_name" in values else "last_name"
            problems.add(key, _("Give the person's name."))
        existing_pk = self.people.by_external.get(external) if external else None
        if existing_pk is None and email:
            existing_pk = self.people.by_email.get(email.lower())
        fields: dict[str, Any] = {"full_name": full_name}
        for key in ("email", "job_title"):
            if key in values:
                fields[key] = values[key].strip()
        if values.get("capacity", "").strip():
            fields["capacity"] = problems.parse("capacity", values, parse_int)
        if values.get("is_active", "").strip():
            fields["is_active"] = problems.parse("is_active", values, parse_bool)
        problems.check()
        if values.get("department", "").strip():
            fields["department"] = self._department(values["department"])
        try:
            if existing_pk is not None:
                person = Person.objects.get(pk=existing_pk)
                difference = changed(person, fields)
                if external and person.external_id != external:
                    person.external_id = external
                    difference = difference or {"full_name": person.full_name}
                if not difference:
                    return UNCHANGED
                people_services.person_update(person=person, **difference)
                return UPDATED
            # person_create() with the external id the file gives: the same checks
            # (full_clean) and the same single insert.
            person = Person(external_id=external, **fields)
            person.full_clean()
            person.save()
        except ValidationError as error:
            raise problems_of(error) from None
        self.people.add(person.pk, person.external_id, person.email, person.full_name)
        return CREATED


class MembershipImporter(Importer):
    """One row per person, account and role (Salesforce's AccountTeamMember shape); a
    person with several roles has several rows."""

    kind = "memberships"
    label = gettext_lazy("Team memberships with roles")
    columns = (
        Column(
            "account", gettext_lazy("Account"), ("accountid", "account id", "konto"), required=True
        ),
        Column(
            "person", gettext_lazy("Person"), ("userid", "user id", "user", "osoba"), required=True
        ),
        Column(
            "role",
            gettext_lazy("Role"),
            ("teammemberrole", "team member role", "team role", "rola"),
        ),
        Column("degree", gettext_lazy("Degree"), ("stopień", "stopien")),
        Column(
            "allocation", gettext_lazy("Allocation (%)"), ("allocation", "przydział", "przydzial")
        ),
        Column("start_date", gettext_lazy("Start date"), ("start", "od", "data rozpoczęcia")),
    )

    def prepare(self) -> None:
        self.accounts = AccountLookup()
        self.people = PersonLookup()
        self.roles: dict[str, Role] = {}
        for role in Role.objects.all():
            for text in (role.key, role.name_en, role.name_pl):
                self.roles[normalise(text)] = role
        self.mapping = {
            normalise(m.team_role): m for m in SalesforceRoleMapping.objects.select_related("role")
        }
        self.degrees = choice_lookup(
            [("lead", gettext_lazy("Lead")), ("contributing", gettext_lazy("Contributing"))],
            {"lider": "lead", "prowadzący": "lead", "wspierający": "contributing"},
        )

    def _role(self, problems: Problems, text: str) -> tuple[Role | None, str | None]:
        value = text.strip()
        if not value:
            return None, None
        mapped = self.mapping.get(normalise(value))
        if mapped is None:
            role = self.roles.get(normalise(value))
            if role is not None:
                return role, None
            problems.add(
                "role",
                _(
                    "No Hexad role is mapped to the team role “%(value)s”; map it on the "
                    "Salesforce team roles page."
                )
                % {"value": value[:80]},
            )
            return None, None
        return mapped.role, mapped.degree

    def import_row(self, values: dict[str, str]) -> str:
        problems = Problems()
        account_pk = self.accounts.resolve(problems, "account", values.get("account", ""))
        person_pk = self.people.resolve(problems, "person", values.get("person", ""))
        for key in ("account", "person"):
            if not values.get(key, "").strip():
                problems.add(key, _("This column is required."))
        role, mapped_degree = self._role(problems, values.get("role", ""))
        degree = mapped_degree or "contributing"
        if values.get("degree", "").strip():
            degree = problems.parse("degree", values, lambda t: parse_choice(self.degrees, t))
        allocation = problems.parse("allocation", values, parse_int)
        start = problems.parse("start_date", values, parse_date)
        problems.check()
        assert account_pk is not None  # a row without its account was refused above
        account = Account.objects.get(pk=account_pk)
        assert person_pk is not None
        person = Person.objects.get(pk=person_pk)
        membership = (
            TeamMembership.objects.filter(account=account, person=person, end_date__isnull=True)
            .order_by("-start_date")
            .first()
        )
        try:
            if membership is None:
                account_services.membership_add(
                    account=account,
                    person=person,
                    allocation=allocation or 20,
                    start_date=start,
                    roles=[(role, degree)] if role is not None else None,
                )
                return CREATED
            outcome = UNCHANGED
            if allocation is not None and allocation != membership.allocation:
                account_services.membership_update(
                    membership=membership,
                    allocation=allocation,
                    start_date=membership.start_date,
                    end_date=membership.end_date,
                    notes=membership.notes,
                )
                outcome = UPDATED
            if role is not None:
                held = membership.assignments.filter(role=role).first()
                if held is None or held.degree != degree:
                    account_services.assignment_add(membership=membership, role=role, degree=degree)
                    outcome = UPDATED
            return outcome
        except ValidationError as error:
            raise problems_of(error) from None
