"""Pieces of the plan page drawn in Python: they repeat for every action of a plan, and
writing them here rather than with template tags keeps the page within its time budget
(QUALITY.md Q15)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.template import Context
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def options_for(current: Any, choices: Iterable[tuple[Any, Any]]) -> SafeString:
    """`{{ action.status|options_for:status_choices }}`: the <option>s of a small select
    with the current value selected."""
    chosen = str(current)
    html = "".join(
        f'<option value="{escape(str(value))}"{" selected" if str(value) == chosen else ""}>'
        f"{escape(str(label))}</option>"
        for value, label in choices
    )
    return mark_safe(html)  # noqa: S308 - values and labels are escaped above


@register.simple_tag(takes_context=True)
def action_row(context: Context, action: Any) -> SafeString:
    """`{% action_row action %}`: one action's table row on the plan page: title with its
    "Edit" link, owner, due date, role and status (a small form for editors)."""
    pk = action.pk
    title = escape(str(action.title))
    today = context.get("today")
    is_open = action.is_open
    overdue = bool(action.due_date and today and action.due_date < today and is_open)
    can_edit = context.get("can_edit")
    head = title
    if action.review_id:
        account = context["account"]
        review_url = reverse("planning:review-detail", args=[account.pk, action.review_id])
        decided = escape(gettext("decided at a review"))
        head += f' <a class="small muted" href="{escape(review_url)}">{decided}</a>'
    if can_edit:
        edit_url = escape(action.edit_url)
        focus = context.get("focus") or {}
        autofocus = " autofocus" if focus.get("action") == pk else ""
        head += (
            f' <a class="small" href="{edit_url}" hx-get="{edit_url}" hx-target="#action-{pk}"'
            f' hx-swap="outerHTML"{autofocus}>{escape(gettext("Edit"))}'
            f'<span class="visually-hidden"> {title}</span></a>'
        )
    if action.owner_id is not None and action.owner:
        owner = escape(str(action.owner.full_name))
    else:
        owner = f'<span class="badge warn">{escape(gettext("no owner"))}</span>'
    if action.due_date:
        due = escape(date_filter(action.due_date, "SHORT_DATE_FORMAT"))
        if overdue:
            due += f' <span class="badge danger">{escape(gettext("overdue"))}</span>'
    else:
        no_date = escape(gettext("no date"))
        due = f'<span class="badge warn">{no_date}</span>'
    role = escape(str(action.role.name)) if action.role_id is not None and action.role else ""
    status = escape(str(action.status))
    if can_edit:
        status_url = escape(action.status_url)
        token = context.get("csrf_token")
        csrf = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'
            if token and token != "NOTPROVIDED"
            else ""
        )
        label = gettext("Status of %(title)s") % {"title": title}
        options = options_for(action.status, context.get("status_choices") or ())
        status_cell = (
            f'<form method="post" action="{status_url}" hx-post="{status_url}"'
            f' hx-target="#plan-body" hx-swap="outerHTML" class="inline-form status-form">'
            f"{csrf}"
            f'<label class="visually-hidden" for="status-{pk}">{label}</label>'
            f'<select name="status" id="status-{pk}">{options}</select>'
            f' <button type="submit" class="button small">{escape(gettext("Set"))}</button>'
            f"</form>"
        )
    else:
        status_cell = (
            f'<span class="badge status-{status}">{escape(str(action.get_status_display()))}</span>'
        )
    return mark_safe(  # noqa: S308 - every value is escaped above
        f'<tr id="action-{pk}" class="action-{status}{" action-overdue" if overdue else ""}">'
        f'<th scope="row">{head}</th>'
        f"<td>{owner}</td>"
        f"<td>{due}</td>"
        f'<td class="small">{role or "—"}</td>'
        f"<td>{status_cell}</td>"
        f"</tr>"
    )
