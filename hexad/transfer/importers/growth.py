"""Opportunities and financials, through the growth services (which keep the whitespace
and the growth summary in step, row by row)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexad.accounts.models import Account, BusinessUnit
from hexad.growth import services as growth_services
from hexad.growth.models import (
    FinancialPeriod,
    Offering,
    Opportunity,
    OpportunityStage,
    OpportunityType,
)
from hexad.people.models import Person
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
from hexad.transfer.values import normalise, parse_date, parse_decimal, parse_int

# Salesforce's standard StageName and Type picklists.
SALESFORCE_STAGES = {
    "Prospecting": OpportunityStage.QUALIFY,
    "Qualification": OpportunityStage.QUALIFY,
    "Needs Analysis": OpportunityStage.DEVELOP,
    "Value Proposition": OpportunityStage.DEVELOP,
    "Id. Decision Makers": OpportunityStage.DEVELOP,
    "Perception Analysis": OpportunityStage.DEVELOP,
    "Proposal/Price Quote": OpportunityStage.PROPOSE,
    "Negotiation/Review": OpportunityStage.NEGOTIATE,
    "Closed Won": OpportunityStage.WON,
    "Closed Lost": OpportunityStage.LOST,
}
SALESFORCE_TYPES = {
    "Existing Customer - Upgrade": OpportunityType.UPSELL,
    "Existing Customer - Replacement": OpportunityType.RENEWAL,
    "Existing Customer - Downgrade": OpportunityType.RENEWAL,
    "New Customer": OpportunityType.NEW_UNIT,
    "New Business": OpportunityType.NEW_UNIT,
    "Renewal": OpportunityType.RENEWAL,
}


class OpportunityImporter(Importer):
    kind = "opportunities"
    label = gettext_lazy("Opportunities")
    columns = (
        Column(
            "external_id", gettext_lazy("External id"), ("id", "opportunity id", "identyfikator")
        ),
        Column(
            "account", gettext_lazy("Account"), ("accountid", "account id", "konto"), required=True
        ),
        Column("name", gettext_lazy("Name"), ("opportunity name", "nazwa"), required=True),
        Column("value", gettext_lazy("Value"), ("amount", "wartość", "wartosc"), required=True),
        Column("stage", gettext_lazy("Stage"), ("stagename", "stage name", "etap")),
        Column(
            "probability", gettext_lazy("Probability (%)"), ("probability", "prawdopodobieństwo")
        ),
        Column(
            "expected_close",
            gettext_lazy("Expected close date"),
            ("closedate", "close date"),
            required=True,
        ),
        Column("kind", gettext_lazy("Type"), ("type", "kind", "typ")),
        Column("offering", gettext_lazy("Offering"), ("oferta", "product")),
        Column("business_unit", gettext_lazy("Business unit"), ("jednostka",)),
        Column("competitor", gettext_lazy("Competitor"), ("konkurent",)),
        Column("owner", gettext_lazy("Owner"), ("ownerid", "owner id", "opiekun")),
        Column("created_on", gettext_lazy("Created on"), ("createddate", "created date")),
        Column("notes", gettext_lazy("Notes"), ("description", "uwagi")),
        Column("currency", gettext_lazy("Currency"), ("currencyisocode", "waluta")),
    )

    def prepare(self) -> None:
        self.accounts = AccountLookup()
        self.people = PersonLookup()
        self.stages = choice_lookup(OpportunityStage.choices, SALESFORCE_STAGES)
        self.kinds = choice_lookup(OpportunityType.choices, SALESFORCE_TYPES)
        self.offerings = {normalise(o.name): o for o in Offering.objects.all()}
        self.by_external = dict(
            Opportunity.objects.exclude(external_id="").values_list("external_id", "pk")
        )

    def import_row(self, values: dict[str, str]) -> str:
        problems = Problems()
        for column in self.columns:
            if column.required and not values.get(column.key, "").strip():
                problems.add(column.key, _("This column is required."))
        account_pk = self.accounts.resolve(problems, "account", values.get("account", ""))
        external = values.get("external_id", "").strip()
        fields: dict[str, Any] = {"name": values.get("name", "").strip()}
        fields["value"] = problems.parse("value", values, parse_decimal)
        fields["expected_close"] = problems.parse("expected_close", values, parse_date)
        if values.get("stage", "").strip():
            fields["stage"] = problems.parse(
                "stage", values, lambda t: parse_choice(self.stages, t)
            )
        if values.get("probability", "").strip():
            fields["probability"] = problems.parse("probability", values, parse_int)
        if values.get("kind", "").strip():
            fields["kind"] = problems.parse("kind", values, lambda t: parse_choice(self.kinds, t))
        if values.get("offering", "").strip():
            fields["offering"] = self.offerings.get(normalise(values["offering"]))
            if fields["offering"] is None:
                problems.add(
                    "offering",
                    _("There is no offering “%(value)s” in the catalogue.")
                    % {"value": values["offering"][:60]},
                )
        if values.get("owner", "").strip():
            owner = self.people.resolve(problems, "owner", values["owner"])
            fields["owner"] = Person.objects.filter(pk=owner).first() if owner else None
        if values.get("created_on", "").strip():
            fields["created_on"] = problems.parse("created_on", values, parse_date)
        for key in ("competitor", "notes"):
            if key in values:
                fields[key] = values[key].strip()
        currency = values.get("currency", "").strip() or None
        problems.check()
        assert account_pk is not None  # a row without its account was refused above
        account = Account.objects.get(pk=account_pk)
        unit_name = values.get("business_unit", "").strip()
        if unit_name:
            unit = BusinessUnit.objects.filter(account=account, name__iexact=unit_name).first()
            if unit is None:
                problems.add(
                    "business_unit",
                    _("%(account)s has no business unit “%(value)s”.")
                    % {"account": account.name, "value": unit_name[:60]},
                )
                problems.check()
            fields["business_unit"] = unit
        try:
            existing = self.by_external.get(external) if external else None
            if existing is not None:
                opportunity = Opportunity.objects.select_related("account").get(pk=existing)
                if opportunity.account_id != account.pk:
                    raise ValidationError(
                        {"account": _("This opportunity belongs to another account.")}
                    )
                difference = changed(opportunity, fields)
                if not difference:
                    return UNCHANGED
                growth_services.opportunity_update(
                    opportunity=opportunity, currency=currency, **difference
                )
                return UPDATED
            opportunity = growth_services.opportunity_create(
                account=account, currency=currency, **fields
            )
        except ValidationError as error:
            raise problems_of(error) from None
        if external:
            # The growth service takes no external id; it is set on the row just inserted.
            # Saved through the model, so the history's entry of the new row holds it too.
            opportunity.external_id = external
            opportunity.save(update_fields=["external_id"])
            self.by_external[external] = opportunity.pk
        return CREATED


class FinancialImporter(Importer):
    """One row per account and period; a period is matched by account, year and quarter."""

    kind = "financials"
    label = gettext_lazy("Financials")
    columns = (
        Column(
            "account", gettext_lazy("Account"), ("accountid", "account id", "konto"), required=True
        ),
        Column("year", gettext_lazy("Year"), ("rok",), required=True),
        Column("quarter", gettext_lazy("Quarter"), ("kwartał", "kwartal", "q")),
        Column("revenue", gettext_lazy("Revenue"), ("przychód", "przychod", "sprzedaż")),
        Column("target", gettext_lazy("Target"), ("cel", "plan")),
        Column("potential", gettext_lazy("Potential"), ("potencjał", "potencjal", "wallet")),
        Column("currency", gettext_lazy("Currency"), ("currencyisocode", "waluta")),
    )

    def prepare(self) -> None:
        self.accounts = AccountLookup()

    def import_row(self, values: dict[str, str]) -> str:
        problems = Problems()
        account_pk = self.accounts.resolve(problems, "account", values.get("account", ""))
        if not values.get("account", "").strip():
            problems.add("account", _("This column is required."))
        year = problems.parse("year", values, parse_int)
        if year is None and not problems.items:
            problems.add("year", _("This column is required."))
        quarter_text = values.get("quarter", "").strip().upper().removeprefix("Q")
        quarter = problems.parse("quarter", {"quarter": quarter_text}, parse_int)
        amounts = {
            key: problems.parse(key, values, parse_decimal)
            for key in ("revenue", "target", "potential")
        }
        currency = values.get("currency", "").strip() or None
        problems.check()
        assert account_pk is not None  # a row without its account was refused above
        account = Account.objects.get(pk=account_pk)
        try:
            period = FinancialPeriod.objects.filter(
                account=account, year=year, quarter=quarter
            ).first()
            if period is None:
                growth_services.financial_add(
                    account=account, year=year, quarter=quarter, currency=currency, **amounts
                )
                return CREATED
            given = {k: v for k, v in amounts.items() if k in values}
            if not changed(period, given):
                return UNCHANGED
            current = {k: getattr(period, k) for k in ("revenue", "target", "potential")}
            growth_services.financial_update(
                financial=period, currency=currency, **{**current, **given}
            )
            return UPDATED
        except ValidationError as error:
            raise problems_of(error) from None
