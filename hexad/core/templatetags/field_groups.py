"""`{{ form.field|field_group }}`: a form field with its label, errors and help, written in
Python with the same markup as `field.as_field_group` (core/field.html).

Django draws each field through four templates (the group, the widget, its attributes and,
for a select, one per option): about 0.2 ms a field, a fifth of the plan page and of the
account page, which each carry several add forms. Text-like inputs, text areas and
selects are written here; any other widget (checkboxes, multiple selects, fieldsets) goes
through its templates as before.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.encoding import force_str
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from hexad.core.forms import FastSelect

register = template.Library()

# Widgets drawn here, by exact class: a subclass may have its own template.
_INPUTS = {
    forms.TextInput,
    forms.NumberInput,
    forms.DateInput,
    forms.EmailInput,
    forms.URLInput,
    forms.TimeInput,
    forms.DateTimeInput,
}


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {name}")
        else:
            out.append(f' {name}="{escape(force_str(value))}"')
    return "".join(out)


def _text(value: Any) -> str:
    """A value as the template language prints it: escaped unless marked safe."""
    return str(conditional_escape(value))


def _select(widget: dict[str, Any]) -> str | None:
    """django/forms/widgets/select.html without option groups (None when it has some)."""
    options = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            return None
        for option in group_choices:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return None
            options.append(
                f'\n  <option value="{escape(force_str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{_text(option['label'])}</option>\n"
            )
    name = escape(widget["name"])
    return f'<select name="{name}"{_attrs(widget["attrs"])}>{"".join(options)}\n</select>'


def _widget_html(field: BoundField) -> str:
    """`{{ field }}` (BoundField.as_widget) for the widgets this module writes."""
    widget = field.field.widget
    kind = type(widget)
    if kind is FastSelect:
        return str(field)
    if kind not in _INPUTS and kind is not forms.Textarea and kind is not forms.Select:
        return str(field)
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if kind is forms.Select:
        html = _select(context)
        return str(field) if html is None else html
    name = escape(context["name"])
    value = context["value"]
    if kind is forms.Textarea:
        text = _text(value) if value else ""
        return f'<textarea name="{name}"{_attrs(context["attrs"])}>\n{text}</textarea>'
    shown = f' value="{escape(force_str(value))}"' if value is not None else ""
    kind_attr = escape(context["type"])
    return f'<input type="{kind_attr}" name="{name}"{shown}{_attrs(context["attrs"])}>'


@register.filter
def field_group(field: BoundField) -> SafeString:
    """The markup of core/field.html for `field`."""
    if field.use_fieldset or getattr(field.field.widget, "input_type", "") == "checkbox":
        return mark_safe(field.as_field_group())  # noqa: S308 - Django's own rendering
    errors = field.errors
    label = ""
    if field.label:
        star = '<span class="required" aria-hidden="true"> *</span>' if field.field.required else ""
        target = escape(force_str(field.id_for_label))
        label = f'<label for="{target}">{_text(field.label)}{star}</label>'
    help_text = ""
    if field.help_text:
        described = f' id="{escape(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{described}>{field.help_text}</div>'
    return mark_safe(  # noqa: S308 - every value is escaped above; help text is trusted markup
        f'<div class="field{" has-error" if errors else ""}">\n\n  {label}\n\n'
        f"{_widget_html(field)}\n{errors if errors else ''}\n{help_text}\n\n</div>"
    )
