"""The relationship pages: what they show, in-place edits, bad input, escaping."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hexad.accounts.tests.factories import RoleAssignmentFactory
from hexad.relationships.models import Interaction, Relationship, Stakeholder, TechnicalConcern
from hexad.relationships.tests.factories import (
    RelationshipFactory,
    StakeholderFactory,
    TechnicalConcernFactory,
)
from hexad.roles.models import Role

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
XSS = '<script>alert("x")</script>'


@pytest.fixture(autouse=True)
def _fast(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def as_member(client: Client, member: Any) -> Client:
    client.force_login(member)
    return client


@pytest.fixture
def as_viewer(client: Client, viewer: Any) -> Client:
    client.force_login(viewer)
    return client


@pytest.fixture
def org(account: Any, lead: Any, member: Any) -> dict[str, Any]:
    ceo = StakeholderFactory(account=account, name="Celina Prezes", title="CEO", level=1)
    cto = StakeholderFactory(
        account=account, name="Tomasz Techniczny", title="CTO", level=1, reports_to=ceo,
        is_technical_evaluator=True, attitude="skeptic", competitor="Siemens",
    )  # fmt: skip
    engineer = StakeholderFactory(
        account=account, name="Ina Inżynier", level=4, reports_to=cto, owner=member.person
    )
    RelationshipFactory(person=lead.person, stakeholder=ceo, current_level=3)
    RelationshipFactory(person=member.person, stakeholder=cto, current_level=2)
    return {"ceo": ceo, "cto": cto, "engineer": engineer}


def url(name: str, account: Any, *args: Any) -> str:
    return reverse(f"relationships:{name}", args=[account.pk, *args])


def test_the_account_page_links_to_relationships_and_the_org_chart(
    as_member: Client, account: Any
) -> None:
    html = as_member.get(reverse("accounts:detail", args=[account.pk])).content.decode()
    assert f'href="{url("board", account)}"' in html
    assert f'href="{url("orgchart", account)}"' in html


def test_the_relationships_page_shows_figures_and_stakeholders(
    as_member: Client, account: Any, org: dict[str, Any]
) -> None:
    response = as_member.get(url("board", account))
    html = response.content.decode()

    assert response.status_code == 200
    metrics = response.context["metrics"]
    assert (metrics.executives_working, metrics.executives) == (2, 2)
    assert metrics.single_threaded == 2
    assert metrics.competitor_aligned == 1
    assert "Portfolio" in html and "Acme Polska" in html  # breadcrumbs
    for name in ("Celina Prezes", "Tomasz Techniczny", "Ina Inżynier"):
        assert name in html
    assert "favours Siemens" in html
    assert "nobody knows them" in html  # Ina: no relationship
    assert "Add a stakeholder" in html


def test_filters_narrow_the_table_and_htmx_gets_only_the_results(
    as_member: Client, account: Any, org: dict[str, Any]
) -> None:
    response = as_member.get(
        url("board", account),
        {"buying_role": "technical_evaluator"},
        headers={**HTMX, "HX-Target": "stakeholder-results"},
    )
    html = response.content.decode()
    assert ">Tomasz Techniczny</a>" in html
    assert ">Celina Prezes</a>" not in html  # named only as Tomasz's manager
    assert "<h1" not in html


def test_a_viewer_reads_but_sees_no_forms(as_viewer: Client, account: Any, org: Any) -> None:
    html = as_viewer.get(url("board", account)).content.decode()
    assert "Tomasz Techniczny" in html
    assert "Add a stakeholder" not in html
    detail = as_viewer.get(url("stakeholder", account, org["cto"].pk)).content.decode()
    assert "Move in the hierarchy" not in detail
    assert "Add a relationship" not in detail


def test_adding_a_stakeholder_in_place(as_member: Client, account: Any, org: Any) -> None:
    response = as_member.post(
        url("stakeholder-add", account),
        {
            "name": "Nadia Nowa", "title": "Head of IT", "level": 2, "influence": 4,
            "attitude": "supporter", "buying_roles": ["technical_evaluator", "user"],
            "reports_to": org["cto"].pk,
        },
        headers={**HTMX, "HX-Target": "relationships-board"},
    )  # fmt: skip
    html = response.content.decode()

    assert response.status_code == 200
    assert 'id="relationships-board"' in html and "<h1" not in html
    assert "Nadia Nowa added." in html
    added = Stakeholder.objects.get(name="Nadia Nowa")
    assert (added.reports_to, added.buying_roles) == (org["cto"], ("technical_evaluator", "user"))


def test_bad_input_names_the_field_keeps_what_was_typed_and_stores_nothing(
    as_member: Client, account: Any, org: Any
) -> None:
    response = as_member.post(
        url("stakeholder-add", account),
        {"name": "Zenon Zły", "title": "Head of Things", "level": 9, "influence": 7,
         "attitude": "neutral"},
    )  # fmt: skip
    html = response.content.decode()

    assert response.status_code == 400
    assert "Select a valid choice. 9 is not one of the available choices." in html
    assert "Ensure this value is less than or equal to 5." in html
    assert 'value="Head of Things"' in html
    assert not Stakeholder.objects.filter(name="Zenon Zły").exists()


def test_a_reporting_cycle_is_refused_in_place_with_a_clear_message(
    as_member: Client, account: Any, org: Any
) -> None:
    response = as_member.post(
        url("stakeholder-move", account, org["ceo"].pk),
        {"reports_to": org["engineer"].pk, "dotted_manager": ""},
        headers={**HTMX, "HX-Target": "hierarchy"},
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert (
        "Ina Inżynier already reports (directly or indirectly) to Celina Prezes, "
        "so Celina Prezes cannot report to them."
    ) in html
    org["ceo"].refresh_from_db()
    assert org["ceo"].reports_to is None


def test_the_edit_form_refuses_a_cycle_naming_the_field(
    as_member: Client, account: Any, org: Any
) -> None:
    ceo = org["ceo"]
    response = as_member.post(
        url("stakeholder-edit", account, ceo.pk),
        {"name": ceo.name, "level": 1, "influence": 3, "attitude": "neutral", "status": "active",
         "reports_to": org["cto"].pk, "version": ceo.version},
    )  # fmt: skip
    assert response.status_code == 400
    assert "already reports (directly or indirectly)" in response.content.decode()
    assert response.context["form"].errors["reports_to"]


def test_a_stale_edit_is_refused(as_member: Client, account: Any, org: Any) -> None:
    ceo = org["ceo"]
    Stakeholder.objects.filter(pk=ceo.pk).update(version=5)
    response = as_member.post(
        url("stakeholder-edit", account, ceo.pk),
        {"name": "Celina Nowa", "level": 1, "influence": 3, "attitude": "neutral",
         "status": "active", "version": 1},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Someone else changed this stakeholder" in response.content.decode()
    ceo.refresh_from_db()
    assert ceo.name == "Celina Prezes"


def test_the_stakeholder_page_shows_relationships_gaps_and_the_hierarchy(
    as_member: Client, account: Any, org: Any, member: Any
) -> None:
    TechnicalConcernFactory(account=account, raised_by=org["cto"], topic="API rate limits")
    html = as_member.get(url("stakeholder", account, org["cto"].pk)).content.decode()
    assert "Maria Member" in html
    assert "+0" not in html  # a gap shows as +N or "reached"
    assert "Celina Prezes" in html  # reports to
    assert "Ina Inżynier" in html  # direct report
    assert "API rate limits" in html


def test_levels_are_edited_in_place_and_a_bad_pair_keeps_the_choice(
    as_member: Client, account: Any, org: Any
) -> None:
    relationship = Relationship.objects.get(stakeholder=org["cto"])
    edit = url("relationship-edit", account, relationship.pk)

    refused = as_member.post(
        edit, {"current_level": 4, "desired_level": 1}, headers={**HTMX, "HX-Target": "x"}
    )
    html = refused.content.decode()
    assert "The desired level cannot be below the current level." in html
    assert '<option value="4" selected>Trusted advisor</option>' in html
    relationship.refresh_from_db()
    assert relationship.current_level == 2

    as_member.post(edit, {"current_level": 3, "desired_level": 4}, headers=HTMX)
    relationship.refresh_from_db()
    assert (relationship.current_level, relationship.desired_level) == (3, 4)


def test_logging_an_interaction_returns_to_the_stakeholder(
    as_member: Client, account: Any, org: Any, member: Any, lead: Any
) -> None:
    engineer = org["engineer"]
    page = as_member.get(url("interaction-add", account) + f"?stakeholder={engineer.pk}")
    assert page.context["form"].initial["stakeholders"] == [engineer.pk]

    response = as_member.post(
        url("interaction-add", account) + f"?stakeholder={engineer.pk}",
        {"occurred_on": timezone.localdate().isoformat(), "kind": "meeting",
         "people": [member.person.pk, lead.person.pk], "stakeholders": [engineer.pk],
         "notes": "Site visit"},
    )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == url("stakeholder", account, engineer.pk)
    assert Interaction.objects.get().notes == "Site visit"
    assert Relationship.objects.filter(stakeholder=engineer, current_level=1).count() == 2


def test_a_future_interaction_is_refused_with_the_date_kept(
    as_member: Client, account: Any, org: Any, member: Any
) -> None:
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = as_member.post(
        url("interaction-add", account),
        {"occurred_on": tomorrow, "kind": "call", "people": [member.person.pk],
         "stakeholders": [org["ceo"].pk]},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "An interaction cannot be logged for a future date." in html
    assert f'value="{tomorrow}"' in html
    assert not Interaction.objects.exists()


def test_concerns_default_owner_overdue_flag_and_resolution(
    as_member: Client, account: Any, org: Any, member: Any
) -> None:
    RoleAssignmentFactory(
        membership=account.memberships.get(person=member.person),
        role=Role.objects.get(key="technical-expert"),
        degree="lead",
    )
    late = TechnicalConcernFactory(
        account=account, raised_by=org["cto"], topic="Latency in Gdańsk",
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )  # fmt: skip

    page = as_member.get(url("concerns", account))
    assert page.context["add_form"].initial["owner"] == member.person
    assert "overdue" in page.content.decode()
    board = as_member.get(url("board", account))
    assert board.context["metrics"].overdue_concerns == 1
    assert "1 technical concern is past its due date." in board.content.decode()

    refused = as_member.post(
        url("concern-resolve", account, late.pk),
        {"status": "resolved", "resolution": ""},
        headers={**HTMX, "HX-Target": "concerns"},
    )
    assert "Say how the concern was resolved" in refused.content.decode()
    late.refresh_from_db()
    assert late.status == "open"

    as_member.post(
        url("concern-resolve", account, late.pk),
        {"status": "accepted_risk", "resolution": "Customer accepts 40 ms"},
        headers=HTMX,
    )
    late.refresh_from_db()
    assert (late.status, late.resolution) == ("accepted_risk", "Customer accepts 40 ms")


def test_adding_a_concern(as_member: Client, account: Any, org: Any) -> None:
    response = as_member.post(
        url("concern-add", account),
        {"topic": "SAML SSO", "raised_by": org["cto"].pk, "severity": "critical",
         "status": "open", "raised_on": timezone.localdate().isoformat(), "owner": ""},
        headers={**HTMX, "HX-Target": "concerns"},
    )  # fmt: skip
    assert "SAML SSO" in response.content.decode()
    assert TechnicalConcern.objects.get(topic="SAML SSO").severity == "critical"


def test_the_org_chart_draws_the_tree_with_focus_and_missing_information(
    as_member: Client, account: Any, org: Any
) -> None:
    response = as_member.get(url("orgchart", account))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "Tomasz Techniczny" in html
    assert "Missing information" in html
    assert "Ina Inżynier" in html and "no relationship level recorded" in html

    focused = as_member.get(url("orgchart", account), {"focus": org["cto"].pk, "depth": 1})
    assert focused.context["focus"].id == org["cto"].pk
    assert "Up to Celina Prezes" in focused.content.decode()

    nonsense = as_member.get(url("orgchart", account), {"focus": "x", "depth": "deep"})
    assert nonsense.status_code == 200 and nonsense.context["focus"] is None


def test_the_two_sided_view_highlights_gaps(
    as_member: Client, account: Any, org: Any, member: Any
) -> None:
    html = as_member.get(url("two-sided", account)).content.decode()
    assert "Nobody plays Relationship Manager on this account" in html
    assert "Technical evaluators" in html


def test_text_is_escaped_everywhere(as_member: Client, account: Any, member: Any) -> None:
    bad = StakeholderFactory(
        account=account, name=XSS, title=XSS, competitor=XSS, notes=XSS, level=1
    )
    RelationshipFactory(person=member.person, stakeholder=bad, current_level=2, next_step=XSS)
    TechnicalConcernFactory(account=account, raised_by=bad, topic=XSS, description=XSS)
    for page in (
        url("board", account),
        url("stakeholder", account, bad.pk),
        url("orgchart", account),
        url("two-sided", account),
        url("concerns", account),
    ):
        html = as_member.get(page).content.decode()
        assert XSS not in html, page
        assert "&lt;script&gt;" in html, page
