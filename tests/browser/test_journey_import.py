"""The import journey: a programme leader uploads a semicolon CSV in Windows-1250 with
Polish letters, sees a row problem in the preview (nothing written), uploads the
corrected file, confirms, and finds the accounts in the portfolio."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from hexad.accounts.models import Account
from hexad.people.models import AccessLevel
from hexad.people.tests.factories import PersonFactory, UserFactory
from hexad.transfer.tests.helpers import FILES

LoginHelper = Callable[..., None]  # the `login` fixture of conftest.py

pytestmark = pytest.mark.django_db(transaction=True)


def upload(page: Page, name: str) -> None:
    page.get_by_label("What the file holds").select_option("accounts")
    page.locator("input[type=file]").set_input_files(str(FILES / name))
    page.get_by_role("button", name="Upload and map columns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Map the columns of {name}")
    # The Polish headers were recognised, the first rows decoded from Windows-1250.
    expect(page.get_by_label("Name", exact=True)).to_have_value("1")
    expect(page.get_by_role("cell", name="Zakłady Azotowe „Puławy” S.A.")).to_be_visible()
    page.get_by_role("button", name="Check the file (dry run)").click()


def test_leader_imports_accounts_from_a_polish_csv(
    page: Page, live_server: LiveServer, login: LoginHelper
) -> None:
    leader = UserFactory(username="leader", access_level=AccessLevel.PROGRAMME_LEADER)
    PersonFactory(full_name="Lena Leader", user=leader)
    login(page, live_server, "leader")

    # --- 1. The file with a country nobody knows: the preview names row and column --------
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import from CSV or XLSX")
    upload(page, "accounts_pl_cp1250_with_error.csv")
    expect(page.get_by_role("heading", name="The file has problems")).to_be_visible()
    problem = page.get_by_role("row", name="4 Kraj")
    expect(problem).to_contain_text("“Atlantyda” is not a country")
    expect(page.get_by_role("button", name="Confirm the import")).to_have_count(0)
    assert not Account.objects.filter(external_id__startswith="KA-").exists()

    # --- 2. The corrected file: ready, confirmed, in the portfolio --------------------------
    page.get_by_role("link", name="Upload another file").click()
    upload(page, "accounts_pl_cp1250.csv")
    expect(page.get_by_role("heading", name="Ready to import")).to_be_visible()
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text("Imported: 4 created, 0 updated, 0 unchanged.")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/accounts/")
    expect(page.get_by_role("link", name="Żegluga Gdańska Sp. z o.o.")).to_be_visible()
    assert Account.objects.filter(external_id__startswith="KA-").count() == 4
