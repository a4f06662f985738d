"""The account page's repeated parts, drawn in Python: the team table rows (each carries a
remove form per role, a role form and the member's actions) and the six role cards with
their flags. In the template language they were the largest part of the page's server
time (QUALITY.md Q15)."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.template import Context
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _path(name: str, account_pk: int) -> str:
    """The path of an account's view taking one more id, as a format string."""
    marker = 987654321
    return escape(reverse(name, args=[account_pk, marker])).replace(str(marker), "{}")


def _texts(context: Context) -> dict[str, Any]:
    """What every row shares, worked out once per page and kept on the context."""
    texts: dict[str, Any] | None = context.get("_team_row_texts")
    if texts is not None:
        return texts
    account = context["account"]
    token = context.get("csrf_token")
    texts = {
        "person": escape(reverse("people:detail", args=[987654321])).replace("987654321", "{}"),
        "assignment_remove": _path("accounts:assignment-remove", account.pk),
        "assignment_add": _path("accounts:assignment-add", account.pk),
        "member_edit": _path("accounts:member-edit", account.pk),
        "member_remove": _path("accounts:member-remove", account.pk),
        "csrf": (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'
            if token and token != "NOTPROVIDED"
            else ""
        ),
        "lead": f' <span class="badge info">{escape(gettext("lead"))}</span>',
        "no_role": f'<li class="muted">{escape(gettext("no role yet"))}</li>',
        "role": escape(gettext("Role")),
        "add_role": escape(gettext("Add a role…")),
        "degree": escape(gettext("Degree")),
        "lead_degree": escape(gettext("Lead")),
        "contributing": escape(gettext("Contributing")),
        "add": escape(gettext("Add")),
        "edit": escape(gettext("Edit")),
    }
    context.dicts[0]["_team_row_texts"] = texts
    return texts


@register.simple_tag(takes_context=True)
def team_row(context: Context, membership: Any) -> SafeString:
    """`{% team_row membership %}`: a team member's row: name (a lead badge), job title,
    department, allocation, since, roles (each with its remove form) and, for editors, the
    role form, the "Edit" link and the remove form."""
    texts = _texts(context)
    account = context["account"]
    can_edit = context.get("can_edit")
    pk = membership.pk
    person = membership.person
    name = escape(person.full_name)
    lead = texts["lead"] if membership.person_id == account.lead_id else ""
    department = person.department.name if person.department_id and person.department else ""
    since = escape(date_filter(membership.start_date, "SHORT_DATE_FORMAT"))
    hx = 'hx-target="#team" hx-swap="outerHTML"'
    items = []
    for assignment in membership.assignments.all():
        role_name = escape(assignment.role.name)
        degree = escape(str(assignment.get_degree_display()).lower())
        remove = ""
        if can_edit:
            url = texts["assignment_remove"].format(assignment.pk)
            label = escape(
                gettext("Remove %(role)s from %(person)s")
                % {"role": assignment.role.name, "person": person.full_name}
            )
            remove = (
                f'<form method="post" action="{url}" hx-post="{url}" {hx} class="inline">'
                f'{texts["csrf"]}<button type="submit" class="icon-button" aria-label="{label}">'
                "×</button></form>"
            )
        items.append(
            f'<li class="assignment {escape(assignment.degree)}">{role_name}'
            f' <span class="muted small">({degree})</span>{" " + remove if remove else ""}</li>'
        )
    roles_cell = f'<ul class="assignments">{"".join(items) or texts["no_role"]}</ul>'
    actions = ""
    if can_edit:
        roles_cell += _role_form(context, texts, membership, hx)
        url = texts["member_remove"].format(pk)
        remove_label = gettext('Remove<span class="visually-hidden"> %(person)s</span>') % {
            "person": name
        }
        actions = (
            f'<td class="actions"><a href="{texts["member_edit"].format(pk)}">{texts["edit"]}</a> '
            f'<form method="post" action="{url}" hx-post="{url}" {hx} class="inline">'
            f'{texts["csrf"]}<button type="submit" class="link danger">{remove_label}</button>'
            "</form></td>"
        )
    return mark_safe(  # noqa: S308 - every value is escaped above
        f'<tr id="member-{pk}">'
        f'<th scope="row"><a href="{texts["person"].format(person.pk)}">{name}</a>{lead}'
        f'<br><span class="muted small">{escape(person.job_title)}</span></th>'
        f"<td>{escape(department) if department else '—'}</td>"
        f'<td class="num">{membership.allocation}%</td>'
        f"<td>{since}</td>"
        f"<td>{roles_cell}</td>"
        f"{actions}</tr>"
    )


def _role_form(context: Context, texts: dict[str, Any], membership: Any, hx: str) -> str:
    """The small form giving the member a role; the form that was refused shows its
    errors and keeps the typed choices."""
    pk = membership.pk
    url = texts["assignment_add"].format(pk)
    label = escape(gettext("Give %(person)s a role") % {"person": membership.person.full_name})
    errors = ""
    degree_selected = ""
    if context.get("assignment_error_for") == pk:
        form = context["assignment_form"]
        errors = "".join(
            f'<p class="field-error" role="alert">{escape(str(error))}</p>'
            for field_errors in form.errors.values()
            for error in field_errors
        )
        chosen = str(form.data.get("role", ""))
        options = "".join(
            f'<option value="{role.pk}"{" selected" if str(role.pk) == chosen else ""}>'
            f"{escape(role.name)}</option>"
            for role in context["team"].roles
        )
        if form.data.get("degree") == "contributing":
            degree_selected = " selected"
    else:
        options = str(context.get("role_options") or "")
    return (
        f'<form method="post" action="{url}" hx-post="{url}" {hx} class="inline-form"'
        f' aria-label="{label}">{texts["csrf"]}{errors}'
        f'<label class="visually-hidden" for="role-for-{pk}">{texts["role"]}</label>'
        f'<select name="role" id="role-for-{pk}" required>'
        f'<option value="">{texts["add_role"]}</option>{options}</select> '
        f'<label class="visually-hidden" for="degree-for-{pk}">{texts["degree"]}</label>'
        f'<select name="degree" id="degree-for-{pk}">'
        f'<option value="lead">{texts["lead_degree"]}</option>'
        f'<option value="contributing"{degree_selected}>{texts["contributing"]}</option>'
        f'</select> <button type="submit" class="button small">{texts["add"]}</button></form>'
    )


def flag_item(flag: Any, next_step: str) -> str:
    """One coverage flag: title, reason and the next step."""
    return (
        f'<li class="flag {escape(str(flag.severity))}">\n'
        f"  <strong>{escape(str(flag.title))}.</strong> {escape(str(flag.reason))}\n"
        f'  <span class="next-step">{next_step}: {escape(str(flag.next_step))}</span>\n'
        "</li>"
    )


@register.simple_tag
def coverage_flags(flags: Any) -> SafeString:
    """`{% coverage_flags flags %}`: the <li> of each flag (the account's own, above the
    role cards)."""
    next_step = escape(gettext("Next step"))
    return mark_safe("".join(flag_item(flag, next_step) for flag in flags))  # noqa: S308


@register.simple_tag
def role_cards(coverage: Any, can_edit: bool) -> SafeString:
    """`{% role_cards coverage can_edit %}`: the six role cards of the account page: status,
    score, who plays the role with how each part of their contribution counts, the role's
    flags, what its absence costs and its tips. Six cards with a table each were a quarter
    of the page's server time in the template language."""
    guide = escape(reverse("roles:guide"))
    person_path = escape(reverse("people:detail", args=[987654321])).replace("987654321", "{}")
    next_step = escape(gettext("Next step"))
    score_title = escape(gettext("Coverage score out of 100"))
    of_100 = escape(gettext("of 100"))
    covered, weak = escape(gettext("Covered")), escape(gettext("Weak"))
    badges = {
        "covered": f'<span class="badge ok">{covered}</span>',
        "weak": f'<span class="badge warn">{weak}</span>',
    }
    missing = escape(gettext("Missing"))
    not_required = escape(gettext("not required by the tier"))
    not_required = f'<span class="muted small">{not_required}</span>'
    player, points = escape(gettext("Player")), escape(gettext("Points"))
    not_assessed = escape(gettext("not assessed"))
    give_role = escape(
        gettext("give this role to a team member below, or add someone who can play it.")
    )
    give_role = f'<p class="small next-step">{next_step}: {give_role}</p>'
    tips_label = escape(gettext("Tips"))
    out = []
    for card in coverage.cards:
        role, cell, status = card.role, card.cell, card.status
        name = escape(role.name)
        badge = badges.get(status) or (
            f'<span class="badge {"danger" if cell.required else ""}">{missing}</span>'
        )
        if cell.required:
            need = escape(gettext("required · needs %(minimum)s") % {"minimum": cell.minimum})
            need = f'<span class="muted small">{need}</span>'
        else:
            need = not_required
        parts = [
            f'<li class="role-card {escape(status)}{" is-required" if cell.required else ""}"'
            f' id="role-{escape(role.key)}">\n'
            f'  <div class="role-card-head">\n'
            f'    <h3><a href="{guide}#{escape(role.key)}">{name}</a></h3>\n'
            f'    <span class="score" title="{score_title}">{cell.score}'
            f'<span class="visually-hidden"> {of_100}</span></span>\n'
            "  </div>\n"
            f'  <p class="role-status">\n    {badge}\n    {need}\n  </p>\n'
        ]
        if card.rows:
            caption = escape(
                gettext("Who plays %(role)s and how much each contributes") % {"role": role.name}
            )
            rows = []
            for row in card.rows:
                person, part = row.membership.person, row.contribution
                fit = (
                    escape(gettext("rated %(rating)s/5") % {"rating": row.rating})
                    if part.fit_assessed
                    else not_assessed
                )
                allocation = escape(
                    gettext("%(allocation)s%% of time") % {"allocation": row.membership.allocation}
                )
                rows.append(
                    "    <tr>\n"
                    f'      <th scope="row"><a href="{person_path.format(person.pk)}">'
                    f"{escape(person.full_name)}</a>\n"
                    f'        <span class="explain">'
                    f"{escape(str(row.assignment.get_degree_display()))}"
                    f" ×{floatformat(part.degree_weight, 1)} · {fit} ×{floatformat(part.fit, 1)}"
                    f" · {allocation} ×{floatformat(part.allocation_factor, 2)}</span>\n"
                    "      </th>\n"
                    f'      <td class="num">{floatformat(part.points, 0)}</td>\n'
                    "    </tr>\n"
                )
            parts.append(
                '  <table class="contributions">\n'
                f'    <caption class="visually-hidden">{caption}</caption>\n'
                f'    <thead><tr><th scope="col">{player}</th>'
                f'<th scope="col" class="num">{points}</th></tr></thead>\n'
                f"    <tbody>\n{''.join(rows)}    </tbody>\n"
                "  </table>\n"
            )
        if card.flags:
            flags = "".join(flag_item(flag, next_step) for flag in card.flags)
            parts.append(f'  <ul class="flags">{flags}</ul>\n')
        if not card.rows:
            parts.append(
                f'  <blockquote class="missing-quote">{escape(role.missing)}</blockquote>\n'
            )
            if can_edit and not card.flags:
                parts.append(f"  {give_role}\n")
        if role.tips:
            parts.append(
                f'  <details class="tips"><summary>{tips_label}</summary>'
                f"<p>{escape(role.tips)}</p></details>\n"
            )
        parts.append("</li>\n")
        out.append("".join(parts))
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped above
