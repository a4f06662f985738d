"""Reviews (strategic account meetings), their decisions, and the progress report as a page
and as a PDF."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hexad.accounts.models import Account
from hexad.core.exports import export_response, requested_format
from hexad.core.forms import add_service_errors
from hexad.core.http import AuthedRequest
from hexad.planning import explain, selectors, services
from hexad.planning.forms import DecisionForm, ReviewForm, focus_first_error
from hexad.planning.models import Review, ReviewKind
from hexad.planning.report import progress_report
from hexad.planning.selectors import ReviewDates
from hexad.planning.views.common import can_edit, get_account, int_or_none
from hexad.roles.selectors import role_catalogue

REVIEW = "planning/review_detail.html"
_TWO_WEEKS = datetime.timedelta(days=14)


def _review_url(account: Account, pk: int) -> str:
    return reverse("planning:review-detail", kwargs={"account_pk": account.pk, "pk": pk})


@login_required
@require_GET
def reviews(request: AuthedRequest, account_pk: int) -> HttpResponseBase:
    """The account's reviews, newest first, with the cadence its tier asks for."""
    if fmt := requested_format(request):
        return export_response(request, "reviews", fmt, account_pk=account_pk)
    account = get_account(request, account_pk)
    today = timezone.localdate()
    page = Paginator(selectors.reviews_list(account=account), settings.HEXAD_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    dates = selectors.review_dates(account_ids=[account.pk], today=today).get(
        account.pk, ReviewDates({}, {})
    )
    cadence = selectors.account_cadence(account=account, dates=dates, today=today)
    return render(
        request,
        "planning/review_list.html",
        {
            "account": account,
            "page": page,
            "today": today,
            "cadence": explain.explain_cadence(cadence),
            "cadence_status": cadence,
            "next_planned": dates.next_planned_on,
            "can_edit": can_edit(request),
        },
    )


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


def _review_form(request: AuthedRequest, account: Account, initial: dict[str, Any]) -> ReviewForm:
    """Our attendees are offered from the team and whoever is chosen (typed in, or found
    with the type-ahead search): the form never lists all our people."""
    data = request.POST if request.method == "POST" else None
    chosen = _ids(data.getlist("people") if data is not None else initial.get("people", []))
    return ReviewForm(
        data,
        initial=initial,
        people=selectors.review_people_choices(account=account, chosen=chosen),
        stakeholders=selectors.stakeholder_choices(account=account),
    )


def _review_form_page(
    request: AuthedRequest, account: Account, form: ReviewForm, review: Review | None
) -> HttpResponse:
    focus_first_error(form)
    return render(
        request,
        "planning/review_form.html",
        {"account": account, "form": form, "review": review},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_add(request: AuthedRequest, account_pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    initial: dict[str, Any] = {"held_on": timezone.localdate()}
    kind = request.GET.get("kind")
    if kind in ReviewKind.values:
        initial["kind"] = kind
    person = getattr(request.user, "person", None)
    if person is not None:
        initial["people"] = [str(person.pk)]
    form = _review_form(request, account, initial)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_record(
                account=account, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(kind)s on %(date)s recorded.")
                % {"kind": review.get_kind_display(), "date": explain._day(review.held_on)},
            )
            return redirect(_review_url(account, review.pk))
    return _review_form_page(request, account, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account(request, account_pk, for_edit=True)
    review, _decisions = selectors.review_detail(account=account, pk=pk)
    initial = {
        "kind": review.kind,
        "held_on": review.held_on,
        "agenda": review.agenda,
        "minutes": review.minutes,
        "people": [str(p.pk) for p in review.people.all()],
        "stakeholders": [str(s.pk) for s in review.stakeholders.all()],
    }
    form = _review_form(request, account, initial)
    if request.method == "POST" and form.is_valid():
        original = selectors.review_get(account=account, pk=pk)
        try:
            services.review_update(review=original, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(_review_url(account, pk))
    return _review_form_page(request, account, form, review)


@login_required
@require_GET
def attendee_search(request: AuthedRequest, account_pk: int) -> HttpResponse:
    """The review form's type-ahead: our people matching `q`, as the options of its list."""
    account = get_account(request, account_pk, for_edit=True)
    query = request.GET.get("q", "")[:100]
    return render(
        request,
        "planning/_attendee_options.html",
        {
            "account": account,
            "query": query.strip(),
            "people": selectors.attendee_search(account=account, query=query),
        },
    )


def _review_context(
    request: AuthedRequest, account: Account, pk: int, form: DecisionForm | None = None
) -> dict[str, Any]:
    review, decisions = selectors.review_detail(account=account, pk=pk)
    today = timezone.localdate()
    editable = can_edit(request)
    plan = selectors.current_plan(account=account, today=today) if editable else None
    if editable and plan is not None and form is None:
        person = getattr(request.user, "person", None)
        form = _decision_form(
            account,
            plan,
            auto_id="decision-%s",
            initial={"owner": person.pk if person else None, "due_date": today + _TWO_WEEKS},
        )
    return {
        "account": account,
        "review": review,
        "decisions": decisions,
        "plan": plan,
        "form": form,
        "can_edit": editable,
        "held": review.is_held(today),
        "today": today,
    }


def _decision_form(account: Account, plan: Any, **kwargs: Any) -> DecisionForm:
    from hexad.planning.models import Objective

    team = selectors.account_team_members(account=account)
    return DecisionForm(
        owners=selectors.owner_choices(account=account, team=team),
        roles=role_catalogue(),
        objectives=list(Objective.objects.filter(plan=plan)),
        **kwargs,
    )


@login_required
@require_GET
def review_detail(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account(request, account_pk)
    return render(request, REVIEW, _review_context(request, account, pk))


@login_required
@require_POST
def decision_add(request: AuthedRequest, account_pk: int, pk: int) -> HttpResponse:
    """A decision of the review becomes an action in the current plan, linked back."""
    account = get_account(request, account_pk, for_edit=True)
    review = selectors.review_get(account=account, pk=pk)
    plan = selectors.current_plan(account=account)
    form = _decision_form(account, plan, data=request.POST, auto_id="decision-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            action = services.decision_add(
                review=review,
                text=data["text"],
                owner=data["owner"],
                due_date=data["due_date"],
                role=data["role"],
                objective=data["objective"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Decision recorded as an action in %(plan)s.") % {"plan": action.plan.title},
            )
            if request.htmx:
                return render(request, f"{REVIEW}#decisions", _review_context(request, account, pk))
            return redirect(_review_url(account, pk) + "#decisions")
    focus_first_error(form)
    context = _review_context(request, account, pk, form=form)
    if request.htmx:
        return render(request, f"{REVIEW}#decisions", context)
    return render(request, REVIEW, context, status=400)


# --- the progress report -------------------------------------------------------------------------


def _report_context(request: AuthedRequest, account: Account) -> dict[str, Any]:
    report = progress_report(account=account, since_review=int_or_none(request.GET.get("since")))
    return {"account": account, "report": report, "generated": timezone.localtime()}


@login_required
@require_GET
def report(request: AuthedRequest, account_pk: int) -> HttpResponse:
    account = get_account(request, account_pk)
    context = _report_context(request, account)
    query = request.GET.get("since", "")
    context["pdf_url"] = reverse("planning:report-pdf", kwargs={"account_pk": account.pk}) + (
        f"?since={int_or_none(query)}" if int_or_none(query) else ""
    )
    return render(request, "planning/report.html", context)


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    """The PDF is drawn from the page's own HTML only: nothing is fetched from anywhere."""
    raise ValueError(f"Fetching {url} is not allowed while rendering a report.")


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading it costs a moment

    return bytes(HTML(string=html, url_fetcher=_refuse_fetch).write_pdf())


@login_required
@require_GET
def report_pdf(request: AuthedRequest, account_pk: int) -> HttpResponse:
    """The same report as a PDF (WeasyPrint), in the reader's language."""
    account = get_account(request, account_pk)
    context = _report_context(request, account)
    html = render_to_string("planning/report_pdf.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    # slugify() drops letters with no ASCII decomposition; Polish ł is the common one.
    name = slugify(account.name.replace("ł", "l").replace("Ł", "L")) or "account"
    day = context["report"].today.isoformat()
    response["Content-Disposition"] = f'attachment; filename="progress-{name}-{day}.pdf"'
    return response
