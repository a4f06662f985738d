"""Helpers shared by forms."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Shows a service's ValidationError on the form, on the field it names if the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class FormRenderer(TemplatesSetting):
    """Renders every field in a wrapper so labels, errors and help stay together."""

    field_template_name = "core/field.html"


_SPECIAL = re.compile(r"[&<>\"']")


def escape_text(text: str) -> str:
    """What Django's `escape` writes, for a plain string, without its lazy-string check
    and SafeString per call; skips the five replacements for text that has nothing to
    escape (nearly every name). For markup written in Python a row or cell at a time."""
    return html.escape(text) if _SPECIAL.search(text) else text


class FastSelect(forms.Select):
    """A <select> whose options are written in Python rather than one template each.

    Django renders every <option> through a template, which costs about 40 µs apiece: a
    list of 1,500 people would take 60 ms. This widget writes the same markup directly;
    with `label_field` set, a model choice field's options are read as (pk, label) rows
    instead of whole model instances.
    """

    def __init__(self, attrs: dict[str, Any] | None = None, label_field: str = "") -> None:
        super().__init__(attrs)
        self.label_field = label_field
        # (value, label) rows the options are drawn from instead of the queryset, or a
        # function giving them when the widget is drawn (a list kept in a cache, say); the
        # field still validates against its queryset.
        self.rows: Callable[[], list[tuple[Any, Any]]] | list[tuple[Any, Any]] | None = None

    def _options(self) -> Any:
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or not (self.label_field or self.rows is not None):
            return self.choices
        field = self.choices.field  # type: ignore[attr-defined]
        rows = [] if field.empty_label is None else [("", field.empty_label)]
        if self.rows is not None:
            return rows + (self.rows() if callable(self.rows) else self.rows)
        return rows + list(queryset.values_list("pk", self.label_field))

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        values = value if isinstance(value, list | tuple) else [value]
        chosen = {str(v) for v in values if v is not None and v != ""}
        options = []
        for option_value, label in self._options():
            key = "" if option_value is None else str(option_value)
            selected = " selected" if key in chosen else ""
            # The standard library's escape: the same output as Django's, without its lazy
            # wrapper and SafeString per call (this loop runs for every person or account).
            text = str(label)
            options.append(
                f'<option value="{escape_text(key)}"{selected}>{escape_text(text)}</option>'
            )
        return format_html(
            "<select{}>{}</select>",
            flatatt(final_attrs),
            mark_safe("".join(options)),  # noqa: S308
        )


class FastSelectMultiple(FastSelect):
    """`FastSelect` for several choices (our people, their stakeholders, accounts)."""

    allow_multiple_selected = True

    def __init__(self, attrs: dict[str, Any] | None = None, label_field: str = "") -> None:
        super().__init__({**(attrs or {}), "multiple": True}, label_field=label_field)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an empty multiple select sends nothing at all
