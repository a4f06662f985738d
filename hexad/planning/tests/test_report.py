"""The progress report: what changed since the last review, as a page and as a PDF whose
text is read back (pypdf), in English and in Polish."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hexad.coverage.services import coverage_refresh
from hexad.planning import services
from hexad.planning.report import progress_report
from hexad.planning.tests.factories import ActionFactory, ObjectiveFactory, PlanFactory
from hexad.relationships.tests.factories import RelationshipFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def history(account, lead, member):
    """A review ten days ago (with its snapshot), then: an objective moved, an action done,
    one overdue, a new stakeholder, a relationship raised a level."""
    plan = PlanFactory(
        account=account, title="Acme 2026", period_start=day(-60), period_end=day(300)
    )
    objective = ObjectiveFactory(plan=plan, title="Share of wallet", metric="%", baseline=5,
                                 target=20, current_value=Decimal(8))  # fmt: skip
    still = ObjectiveFactory(plan=plan, title="Unmoved", current_value=Decimal(1))
    old_friend = StakeholderFactory(account=account, name="Olga Stara", first_engaged=day(-90))
    relationship = RelationshipFactory(stakeholder=old_friend, person=member.person,
                                       current_level=1, desired_level=3)  # fmt: skip
    coverage_refresh(account_ids=[account.pk])
    review = services.review_record(account=account, kind="quarterly", held_on=day(-10),
                                    people=[lead.person])  # fmt: skip
    # …and since then:
    objective.current_value = Decimal(11)
    objective.save()
    done = ActionFactory(plan=plan, owner=member.person, title="Workshop held",
                         status="done", completed_on=day(-3), due_date=day(-4))  # fmt: skip
    ActionFactory(plan=plan, owner=member.person, title="Pricing sheet", due_date=day(-1))
    StakeholderFactory(account=account, name="Nowa Dyrektorka", first_engaged=day(-2))
    relationship.current_level = 2
    relationship.save()
    return {"plan": plan, "review": review, "objective": objective, "still": still, "done": done}


def test_the_report_says_what_changed_since_the_last_review(account, history):
    report = progress_report(account=account)
    assert report.baseline == history["review"]
    assert report.since == day(-10)
    assert [a.title for a in report.done] == ["Workshop held"]
    assert [a.title for a in report.overdue] == ["Pricing sheet"]
    ((moved),) = report.objectives
    assert (moved.objective, moved.before, moved.after) == (history["objective"], 8, 11)
    assert [s.name for s in report.new_stakeholders] == ["Nowa Dyrektorka"]
    ((change),) = report.relationships
    assert (change.before, change.relationship.current_level, change.exact) == (1, 2, True)
    assert report.coverage == []  # coverage unchanged since the snapshot
    assert report.coverage_exact


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_in_english(account, member, history):
    client = Client()
    client.force_login(member)
    response = client.get(reverse("planning:report-pdf", args=[account.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="progress-acme-polska-')
    assert response.content.startswith(b"%PDF-")
    text = text_of(response.content)
    assert "Progress report: Acme Polska" in text
    assert "Workshop held" in text
    assert "Pricing sheet" in text
    assert "Nowa Dyrektorka" in text
    assert "Objectives moved" in text


def test_the_pdf_in_polish(account, member, history):
    member.language = "pl"
    member.save()
    client = Client()
    client.force_login(member)
    text = text_of(client.get(reverse("planning:report-pdf", args=[account.pk])).content)
    assert "Raport postępów: Acme Polska" in text
    assert "Działania z planu" in text
    assert "Nowa Dyrektorka" in text


def test_without_a_snapshot_the_report_says_it_lists_what_was_updated(account, member, lead):
    from hexad.planning.tests.factories import ReviewFactory

    PlanFactory(account=account)
    ReviewFactory(account=account, held_on=day(-5), people=[lead.person])
    RelationshipFactory(stakeholder=StakeholderFactory(account=account), person=member.person)
    client = Client()
    client.force_login(member)
    html = client.get(reverse("planning:report", args=[account.pk])).content.decode()
    assert "Relationships keep no history of their levels" in html
    assert "Pipeline changes" in html
