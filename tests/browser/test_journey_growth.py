"""The growth journey: from an account's whitespace to a new opportunity in its pipeline.

A programme leader opens an account's whitespace (offerings × business units), marks an
unknown cell "competitor holds" in place (HTMX, keyboard only: Enter opens the cell's
form, Escape closes another one), sees the market inside the account grow, then turns an
open cell into an opportunity: the form comes prefilled from the cell, and back on the
matrix the cell reads "in pipeline" and the pipeline figures have changed. The `context`
fixture fails the test on any CSP violation.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from hexad.accounts.models import Tier
from hexad.accounts.tests.factories import AccountFactory, BusinessUnitFactory
from hexad.growth import services
from hexad.growth.tests.factories import OfferingFactory
from hexad.people.models import AccessLevel
from hexad.people.tests.factories import PersonFactory, UserFactory

LoginHelper = Callable[..., None]

pytestmark = pytest.mark.django_db(transaction=True)

ACCOUNT = "Huta Pokój S.A."


def _account() -> dict[str, int]:
    """Two business units and two offerings: one cell ours, two open, one never stored."""
    leader = UserFactory(username="leader", access_level=AccessLevel.PROGRAMME_LEADER)
    PersonFactory(full_name="Lena Leader", user=leader)
    account = AccountFactory(name=ACCOUNT, tier=Tier.objects.get(rank=1), currency="PLN")
    rolling = BusinessUnitFactory(account=account, name="Walcownia")
    steel = BusinessUnitFactory(account=account, name="Stalownia")
    spares = OfferingFactory(name="Spare parts management", family="Maintenance")
    predictive = OfferingFactory(name="Predictive maintenance", family="Digital", is_new=True)
    for unit, offering, status, revenue, potential in [
        (rolling, spares, "ours", "40000", "100000"),
        (steel, spares, "open", "0", "80000"),
        (rolling, predictive, "open", "0", "50000"),
    ]:
        services.cell_save(
            account=account, business_unit=unit, offering=offering, status=status,
            revenue=Decimal(revenue), potential=Decimal(potential),
        )  # fmt: skip
    return {
        "account": account.pk,
        "rolling": rolling.pk,
        "steel": steel.pk,
        "spares": spares.pk,
        "predictive": predictive.pk,
    }


def test_leader_marks_a_competitor_and_turns_an_open_cell_into_an_opportunity(
    page: Page, live_server: LiveServer, login: LoginHelper, output_path: str
) -> None:
    ids = _account()
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)

    def snap(name: str) -> None:
        page.screenshot(path=shots / f"{name}.png", full_page=True, caret="initial")

    def cell(unit: str, offering: str) -> Locator:
        return page.locator(f"#cell-{ids[unit]}-{ids[offering]}")

    login(page, live_server, "leader")
    page.goto(live_server.url + reverse("accounts:detail", args=[ids["account"]]))
    summary = page.locator("#growth-summary")
    expect(summary.get_by_role("heading", name="Growth")).to_be_visible()  # loaded by HTMX
    expect(summary).to_contain_text("230,000.00\xa0PLN")  # the market inside the account
    page.locator(".account-links").get_by_role("link", name="Growth", exact=True).click()
    page.locator(".gr-tabs").get_by_role("link", name="Whitespace").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Whitespace of {ACCOUNT}")
    market = page.locator("#ws-market .gr-value")
    pipeline = page.locator("#ws-pipeline")
    expect(market).to_have_text("230,000.00\xa0PLN")
    expect(pipeline.locator(".gr-value")).to_have_text("0.00\xa0PLN")
    expect(cell("steel", "predictive")).to_contain_text("Unknown")
    snap("01-whitespace")

    # Keyboard only: Enter opens a cell's form with focus on its status, Escape closes it,
    # even when pressed before htmx has settled the form (the settle is slowed to make that
    # moment certain).
    page.evaluate("window.__journey = 1; htmx.config.defaultSettleDelay = 1500")
    cell("rolling", "predictive").get_by_role("link").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".ws-popover select[name=status]")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".ws-popover")).to_have_count(0)
    expect(cell("rolling", "predictive").get_by_role("link")).to_be_focused()
    page.evaluate("htmx.config.defaultSettleDelay = 20")

    # Mark the cell nobody had looked at: a competitor holds it, worth 60 000 a year.
    cell("steel", "predictive").get_by_role("link").focus()
    page.keyboard.press("Enter")
    form = page.locator(".ws-popover form")
    expect(form.get_by_label("Status")).to_be_focused()
    form.get_by_label("Status").select_option(label="Competitor holds")
    form.get_by_label("Competitor").fill("ABB")
    form.get_by_label("Potential (PLN)").fill("60000")
    snap("02-cell-form")
    form.get_by_role("button", name="Save").click()

    expect(cell("steel", "predictive")).to_contain_text("Competitor holds")
    expect(cell("steel", "predictive")).to_contain_text("ABB")
    expect(cell("steel", "predictive").get_by_role("link")).to_be_focused()  # back on the cell
    expect(market).to_have_text("290,000.00\xa0PLN")  # 230 000 + 60 000
    expect(page.locator("#messages")).to_contain_text("Predictive maintenance at Stalownia saved.")
    assert page.evaluate("window.__journey") == 1  # changed in place, no reload
    snap("03-competitor-holds")

    # Turn the open cell into an opportunity: prefilled from the cell.
    cell("steel", "spares").get_by_role("link").click()
    page.get_by_role("link", name="Create an opportunity from this cell").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New opportunity")
    expect(page.get_by_label("Name")).to_have_value("Spare parts management for Stalownia")
    expect(page.get_by_label("Value (PLN)")).to_have_value("80000.00")  # no grouping in inputs
    expect(page.get_by_label("Type")).to_have_value("new_unit")  # Stalownia buys nothing yet
    page.get_by_label("Stage").select_option(label="Propose")
    snap("04-opportunity-form")
    page.get_by_role("button", name="Create the opportunity").click()

    # Back on the matrix, at the cell: in the pipeline, and the pipeline figures moved.
    expect(page).to_have_url(
        live_server.url
        + reverse("growth:whitespace", args=[ids["account"]])
        + f"#cell-{ids['steel']}-{ids['spares']}"
    )
    expect(cell("steel", "spares")).to_contain_text("In pipeline")
    expect(pipeline.locator(".gr-value")).to_have_text("40,000.00\xa0PLN")  # 80 000 × 50 %
    expect(pipeline).to_contain_text("1 open opportunity worth 80,000.00\xa0PLN")
    expect(page.locator("#messages")).to_contain_text(
        "Opportunity Spare parts management for Stalownia created."
    )
    snap("05-in-pipeline")

    page.locator(".gr-tabs").get_by_role("link", name="Opportunities").click()
    row = page.locator("table.gr-table tbody tr").filter(has_text="Stalownia")
    expect(row).to_contain_text("Propose")
    expect(row).to_contain_text("50%")
    expect(row).to_contain_text("40,000")
    snap("06-opportunities")
