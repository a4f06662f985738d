"""Growth pages: in-place edits with HTMX, forms that name the field in error and store
nothing, local number formats, escaping, scope of portfolio pages and exports."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from hexad.accounts.tests.factories import (
    AccountFactory,
    BusinessUnitFactory,
    TeamMembershipFactory,
)
from hexad.growth import services
from hexad.growth.models import (
    AccountGrowth,
    FinancialPeriod,
    Offering,
    Opportunity,
    ValueInitiative,
    WhitespaceCell,
)
from hexad.growth.tests.factories import OfferingFactory
from hexad.relationships.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db
D = Decimal
HTMX = {"HX-Request": "true"}
PAYLOAD = '<script>alert("x")</script>'
FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def as_member(client: Client, member: Any) -> Client:
    client.force_login(member)
    return client


@pytest.fixture
def unit(account: Any) -> Any:
    return BusinessUnitFactory(account=account, name="Zakład Gliwice")


@pytest.fixture
def offering() -> Any:
    return OfferingFactory(name="Predictive maintenance", family="Digital services")


def url(name: str, *args: Any) -> str:
    return reverse(f"growth:{name}", args=args)


# --- the whitespace, in place ------------------------------------------------------------


def test_a_cell_opens_as_a_small_form_in_place(as_member, account, unit, offering):
    response = as_member.get(url("cell-edit", account.pk, unit.pk, offering.pk), headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="ws-popover"' in html
    assert "<html" not in html  # only the popover, swapped into its cell
    assert 'name="status"' in html and "autofocus" in html
    assert f"?business_unit={unit.pk}&amp;offering={offering.pk}" in html  # → an opportunity


def test_saving_a_cell_returns_the_matrix_with_new_totals_and_focus_on_it(
    as_member, account, unit, offering
):
    response = as_member.post(
        url("cell-edit", account.pk, unit.pk, offering.pk),
        {"status": "competitor", "competitor": "Siemens", "revenue": "0",
         "potential": "60 000,50", "currency": "PLN"},
        headers={**HTMX, "Accept-Language": "pl"},
    )  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<section id="matrix"')
    cell = WhitespaceCell.objects.get(business_unit=unit, offering=offering)
    assert (cell.status, cell.competitor) == ("competitor", "Siemens")
    assert cell.potential == D("60000.50")  # typed the Polish way
    assert f'id="cell-{unit.pk}-{offering.pk}"' in html
    assert "autofocus" in html
    assert 'class="ws-cell ws-competitor"' in html and "Siemens" in html
    # The market inside the account, as the browser's language (Polish here) writes it.
    assert "60\xa0000,50\xa0PLN" in html


def test_a_cell_in_error_keeps_its_form_open_in_its_cell_and_stores_nothing(
    as_member, account, unit, offering
):
    response = as_member.post(
        url("cell-edit", account.pk, unit.pk, offering.pk),
        {"status": "ours", "revenue": "-5", "potential": "10", "currency": "PLN"},
        headers=HTMX,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#cell-{unit.pk}-{offering.pk}"
    assert response["HX-Reswap"] == "innerHTML"
    assert "Our revenue (PLN): Enter an amount of 0 or more." in html
    assert not WhitespaceCell.objects.exists()


def test_without_javascript_the_cell_is_a_page_and_saving_goes_back_to_the_matrix(
    as_member, account, unit, offering
):
    page = as_member.get(url("cell-edit", account.pk, unit.pk, offering.pk))
    assert page.status_code == 200 and "<html" in page.content.decode()

    response = as_member.post(
        url("cell-edit", account.pk, unit.pk, offering.pk),
        {"status": "open", "potential": "100", "currency": "PLN"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#cell-{unit.pk}-{offering.pk}")


def test_a_business_unit_of_another_account_is_not_found(as_member, account, offering):
    theirs = BusinessUnitFactory(account=AccountFactory(name="Other"))
    response = as_member.post(
        url("cell-edit", account.pk, theirs.pk, offering.pk), {"status": "open"}
    )
    assert response.status_code == 404
    assert not WhitespaceCell.objects.exists()


def test_the_whitespace_is_read_only_for_a_viewer(client, viewer, account, unit, offering):
    client.force_login(viewer)
    html = client.get(url("whitespace", account.pk)).content.decode()
    assert "Unknown" in html
    assert url("cell-edit", account.pk, unit.pk, offering.pk) not in html


# --- an opportunity from a cell ---------------------------------------------------------


def test_an_opportunity_from_a_cell_is_prefilled_and_puts_the_cell_in_the_pipeline(
    as_member, account, unit, offering
):
    services.cell_save(
        account=account, business_unit=unit, offering=offering, status="competitor",
        competitor="ABB", potential=D("90000"),
    )  # fmt: skip
    form = as_member.get(
        url("opportunity-create", account.pk), {"business_unit": unit.pk, "offering": offering.pk}
    )
    initial = form.context["form"].initial
    assert initial["name"] == "Predictive maintenance for Zakład Gliwice"
    assert (initial["value"], initial["competitor"], initial["kind"]) == (
        D("90000.00"),
        "ABB",
        "new_unit",  # the unit buys nothing from us yet
    )
    assert form.context["from_cell"] == f"cell-{unit.pk}-{offering.pk}"

    response = as_member.post(
        url("opportunity-create", account.pk),
        {"name": initial["name"], "offering": offering.pk, "business_unit": unit.pk,
         "kind": "new_unit", "value": "90000", "stage": "qualify", "probability": "",
         "expected_close": "2030-01-31", "competitor": "ABB", "owner": "", "notes": "",
         "currency": "PLN", "from_cell": form.context["from_cell"]},
    )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"].endswith(f"/whitespace/#cell-{unit.pk}-{offering.pk}")
    assert WhitespaceCell.objects.get(business_unit=unit).status == "pipeline"
    assert AccountGrowth.objects.get(account=account).weighted_pipeline == D("9000.00")


def test_bad_opportunity_input_names_the_field_and_stores_nothing(as_member, account, offering):
    theirs = BusinessUnitFactory(account=AccountFactory(name="Other"))
    response = as_member.post(
        url("opportunity-create", account.pk),
        {"name": "Pilot", "offering": offering.pk, "business_unit": theirs.pk,
         "kind": "cross_sell", "value": "-1", "stage": "qualify", "probability": "140",
         "expected_close": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
         "currency": "PLN"},
    )  # fmt: skip

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["business_unit"] == ["Choose a business unit of this account."]
    assert errors["value"] == ["Enter an amount of 0 or more."]
    assert errors["probability"] == ["Enter a probability from 0 to 100."]
    assert not Opportunity.objects.exists()


def test_a_close_date_before_today_is_refused_on_the_page(as_member, account):
    response = as_member.post(
        url("opportunity-create", account.pk),
        {"name": "Late", "kind": "upsell", "value": "10", "stage": "qualify",
         "expected_close": "2001-01-01", "currency": "PLN"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "expected close date cannot be before" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_an_owner_off_the_team_is_refused(as_member, account, outsider):
    response = as_member.post(
        url("opportunity-create", account.pk),
        {"name": "x", "kind": "upsell", "value": "10", "stage": "qualify",
         "expected_close": "2030-01-01", "owner": outsider.person.pk, "currency": "PLN"},
    )  # fmt: skip
    assert response.context["form"].errors["owner"] == ["Choose someone on this account's team."]


def test_won_on_the_edit_page_becomes_certain(as_member, account):
    opportunity = services.opportunity_create(
        account=account, name="Deal", value=D("100"), expected_close=datetime.date(2030, 1, 1)
    )
    as_member.post(
        url("opportunity-edit", account.pk, opportunity.pk),
        {"name": "Deal", "kind": "upsell", "value": "100", "stage": "won", "probability": "35",
         "expected_close": "2030-01-01", "currency": "PLN"},
    )  # fmt: skip
    opportunity.refresh_from_db()
    assert (opportunity.stage, opportunity.probability) == ("won", 100)


# --- financials -------------------------------------------------------------------------


def test_figures_typed_the_polish_way_are_added_in_place(as_member, member, account):
    member.language = "pl"
    member.save()
    response = as_member.post(
        url("financial-add", account.pk),
        {"year": 2026, "quarter": "1", "revenue": "1 234 567,00", "target": "",
         "potential": "2 000 000", "currency": "PLN"},
        headers=HTMX,
    )  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<div id="growth-overview"')
    assert FinancialPeriod.objects.get().revenue == D("1234567.00")
    assert "1\xa0234\xa0567,00\xa0PLN" in html  # Polish grouping and decimal comma


def test_a_period_in_another_currency_is_refused_on_the_page(as_member, account):
    response = as_member.post(
        url("financial-add", account.pk),
        {"year": 2026, "quarter": "1", "revenue": "10", "currency": "EUR"},
    )
    assert response.status_code == 400
    assert "kept in PLN; enter them in PLN" in response.content.decode()
    assert not FinancialPeriod.objects.exists()


def test_the_summary_partial_for_the_account_page(as_member, account):
    services.financial_add(
        account=account, year=2026, quarter=1, revenue=D("100"), target=D("200"),
        potential=D("400"),
    )  # fmt: skip
    response = as_member.get(url("account-summary", account.pk), headers=HTMX)
    html = response.content.decode()
    assert html.strip().startswith('<section id="growth-summary"')
    assert "25.0%" in html  # share of wallet 100 / 400
    assert "50.0% of target" in html


def test_the_account_page_loads_the_summary(as_member, account):
    html = as_member.get(reverse("accounts:detail", args=[account.pk])).content.decode()
    assert f'hx-get="{url("account-summary", account.pk)}"' in html
    assert f'href="{url("account", account.pk)}"' in html


# --- escaping (Q6) ----------------------------------------------------------------------


def test_text_is_escaped_in_pages_and_partials(as_member, account, unit):
    evil = OfferingFactory(name=PAYLOAD, family=PAYLOAD)
    services.cell_save(
        account=account, business_unit=unit, offering=evil, status="competitor",
        competitor=PAYLOAD,
    )  # fmt: skip
    services.opportunity_create(
        account=account, name=PAYLOAD, value=D("1"), expected_close=datetime.date(2030, 1, 1),
        competitor=PAYLOAD, notes=PAYLOAD,
    )  # fmt: skip
    services.initiative_create(account=account, title=PAYLOAD, hypothesis=PAYLOAD)
    pages = [
        as_member.get(url("whitespace", account.pk)),
        as_member.get(url("whitespace", account.pk), headers=HTMX),
        as_member.get(url("cell-edit", account.pk, unit.pk, evil.pk), headers=HTMX),
        as_member.get(url("opportunities", account.pk)),
        as_member.get(url("initiatives", account.pk)),
        as_member.get(url("account", account.pk)),
        as_member.get(url("offerings")),
    ]
    for response in pages:
        html = response.content.decode()
        assert PAYLOAD not in html, response.request["PATH_INFO"]
    assert "&lt;script&gt;" in pages[0].content.decode()


# --- the portfolio and adoption pages are scoped -------------------------------------------


def test_the_portfolio_sorts_by_untapped_potential_and_shows_only_visible_accounts(
    as_member, member, account, tier
):
    other = AccountFactory(name="Baltic Ports", tier=tier)
    TeamMembershipFactory(account=other, person=member.person)
    hidden = AccountFactory(name="Tajne Sp. z o.o.", tier=tier)
    for acc, revenue, potential in [(account, 100, 200), (other, 100, 900), (hidden, 1, 99999)]:
        services.financial_add(
            account=acc, year=2026, quarter=1, revenue=D(revenue), target=None,
            potential=D(potential),
        )  # fmt: skip

    response = as_member.get(url("portfolio"))

    assert [a.name for a in response.context["rows"]] == ["Baltic Ports", "Acme Polska"]
    assert hidden.name not in response.content.decode()
    ascending = as_member.get(url("portfolio"), {"sort": "untapped"})
    assert [a.name for a in ascending.context["rows"]] == ["Acme Polska", "Baltic Ports"]


def test_the_portfolio_filters_by_currency(as_member, member, account, tier):
    euro = AccountFactory(name="Nordwind GmbH", tier=tier, currency="EUR")
    TeamMembershipFactory(account=euro, person=member.person)
    response = as_member.get(url("portfolio"), {"currency": "EUR"})
    assert [a.name for a in response.context["rows"]] == ["Nordwind GmbH"]


def test_adoption_counts_only_visible_accounts(as_member, account, unit, tier):
    new = OfferingFactory(name="Digital twin", is_new=True, launch_date=datetime.date(2025, 1, 1))
    services.cell_save(
        account=account, business_unit=unit, offering=new, status="ours",
        on=datetime.date(2025, 1, 31),
    )  # fmt: skip
    hidden = AccountFactory(name="Tajne", tier=tier)
    services.cell_save(
        account=hidden, business_unit=BusinessUnitFactory(account=hidden), offering=new,
        status="ours", on=datetime.date(2025, 6, 1),
    )  # fmt: skip

    overview = as_member.get(url("adoption")).context["overview"]
    row = overview.rows[0]
    assert (overview.accounts, row.offered, row.adopted, row.not_offered) == (1, 1, 1, 0)
    assert row.average_lag == D("30.0")  # only the member's account: 1 → 31 January

    page = as_member.get(url("adoption-offering", new.pk), {"show": "adopted"})
    assert [a.name for a in page.context["rows"]] == ["Acme Polska"]
    assert page.context["rows"][0].lag_days == 30


def test_accounts_not_yet_offered_an_offering(as_member, account, tier, member):
    new = OfferingFactory(name="Digital twin", is_new=True)
    second = AccountFactory(name="Baltic Ports", tier=tier)
    TeamMembershipFactory(account=second, person=member.person)
    services.initiative_create(account=second, title="Twin of the quay", offering=new)

    page = as_member.get(url("adoption-offering", new.pk))
    assert [a.name for a in page.context["rows"]] == ["Acme Polska"]
    offered = as_member.get(url("adoption-offering", new.pk), {"show": "offered"})
    assert [a.name for a in offered.context["rows"]] == ["Baltic Ports"]


# --- the catalogue ----------------------------------------------------------------------


def test_only_administrators_add_offerings(client, member, admin_user):
    client.force_login(member)
    assert client.get(url("offering-create")).status_code == 403
    client.force_login(admin_user)
    response = client.post(
        url("offering-create"),
        {"name": "Energy audits", "family": "Energy", "launch_date": "2026-02-01", "is_new": "on"},
    )
    assert response.status_code == 302
    assert Offering.objects.get(name="Energy audits").is_new


# --- initiatives ------------------------------------------------------------------------


def test_a_sponsor_of_another_account_is_refused_on_the_page(as_member, account):
    theirs = StakeholderFactory(account=AccountFactory(name="Elsewhere"), name="Ola Obca")
    response = as_member.post(
        url("initiative-create", account.pk),
        {"title": "x", "status": "idea", "sponsor": theirs.pk, "currency": "PLN"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a stakeholder of this account." in html
    assert "Ola Obca" not in html
    assert not ValueInitiative.objects.exists()


# --- exports (Q6) ------------------------------------------------------------------------


def xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return "".join(
            book.read(name).decode() for name in book.namelist() if name.startswith("xl/")
        )


def test_exports_neutralise_formulas(as_member, account, unit):
    evil = OfferingFactory(name=FORMULA, family="+SUM(1)")
    services.cell_save(
        account=account, business_unit=unit, offering=evil, status="competitor",
        competitor="@evil", potential=D("10"),
    )  # fmt: skip
    services.opportunity_create(
        account=account, name=FORMULA, value=D("5"), expected_close=datetime.date(2030, 1, 1),
        competitor="-2+3", notes="=1+1", offering=evil, business_unit=unit,
    )  # fmt: skip

    for name in ("whitespace-csv", "opportunities-csv"):
        response = as_member.get(url(name, account.pk), {"stage": "all"})
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "'=HYPERLINK" in text, name
        assert ",=HYPERLINK" not in text and '"=HYPERLINK' not in text, name
    assert (
        "'@evil"
        in b"".join(as_member.get(url("whitespace-csv", account.pk)).streaming_content).decode()
    )

    for name in ("whitespace-xlsx", "opportunities-xlsx"):
        response = as_member.get(url(name, account.pk), {"stage": "all"})
        body = xlsx_text(response.content)
        assert "<f>" not in body, name  # no cell is a formula
        assert 'quotePrefix="1"' in body, name


def test_the_opportunity_export_has_the_weighted_value(as_member, account):
    services.opportunity_create(
        account=account, name="Deal", value=D("1234.57"), probability=33,
        expected_close=datetime.date(2030, 1, 1),
    )  # fmt: skip
    with translation.override("en"):
        response = as_member.get(url("opportunities-csv", account.pk))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("Account,Currency,Name,Offering")
    assert ",1234.57,33,407.41," in row


def test_exports_of_an_account_one_may_not_see_are_not_found(client, outsider, account):
    client.force_login(outsider)
    for name in ("whitespace-csv", "whitespace-xlsx", "opportunities-csv", "opportunities-xlsx"):
        assert client.get(url(name, account.pk)).status_code == 404


# --- numbers: ids never grouped, figures grouped for people, typed either way ------------


def test_ids_of_a_thousand_and_more_are_written_without_grouping(as_member, account):
    unit = BusinessUnitFactory(account=account, pk=12345, name="Walcownia")
    offering = OfferingFactory(pk=2345, name="Spare parts")
    services.cell_save(
        account=account, business_unit=unit, offering=offering, status="ours",
        revenue=D("1234567"), potential=D("2000000"),
    )  # fmt: skip
    for language in ("en", "pl"):
        html = as_member.get(
            url("whitespace", account.pk), headers={"Accept-Language": language}
        ).content.decode()
        assert 'id="cell-12345-2345"' in html
        assert "/whitespace/12345/2345/" in html
        popover = as_member.get(
            url("cell-edit", account.pk, 12345, 2345),
            headers={**HTMX, "Accept-Language": language},
        ).content.decode()
        assert "business_unit=12345&amp;offering=2345" in popover
        assert 'aria-labelledby="cell-12345-2345-title"' in popover
    # ... while the figures shown to people keep their grouping.
    assert "1\xa0234\xa0567" in html  # the cell's revenue, in Polish
    english = as_member.get(url("whitespace", account.pk)).content.decode()
    assert "1,234,567.00\xa0PLN" in english


@pytest.mark.parametrize(
    ("language", "typed", "stored"),
    [
        ("pl", "1 234 567,50", "1234567.50"),
        ("pl", "1\xa0234\xa0567,5", "1234567.50"),
        ("pl", "1234567,50", "1234567.50"),
        ("en", "1,234,567.50", "1234567.50"),
        ("en", "1234567.5", "1234567.50"),
    ],
)
def test_amounts_are_read_with_or_without_grouping(language, typed, stored, as_member, account):
    response = as_member.post(
        url("financial-add", account.pk),
        {"year": 2026, "quarter": "2", "revenue": typed, "currency": "PLN"},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 302
    assert FinancialPeriod.objects.get().revenue == D(stored)


def test_an_amount_shown_in_a_form_has_no_grouping(as_member, account):
    period = services.financial_add(
        account=account, year=2026, quarter=1, revenue=D("80000"), target=None, potential=None
    )
    html = as_member.get(url("financial-edit", account.pk, period.pk)).content.decode()
    assert 'value="80000.00"' in html
