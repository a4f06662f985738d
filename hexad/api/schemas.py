"""Schema pieces every router shares: error bodies, safe text, PATCH variants, references."""

from __future__ import annotations

import copy
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import AfterValidator, create_model
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

# Ids in paths and bodies: positive, and small enough for every database and for JSON
# clients that read numbers as doubles.
MAX_ID = 2**53 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

NUL_CHARACTER = _("Text may not contain the NUL character.")
SURROGATE_CHARACTER = _("Text may not contain unpaired surrogate characters.")


def _clean_text(value: str) -> str:
    """Strips surrounding whitespace (as Django's forms do) and refuses characters no
    database column may hold."""
    if "\x00" in value:
        raise ValueError(str(NUL_CHARACTER))
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise ValueError(str(SURROGATE_CHARACTER))
    return value.strip()


Text = Annotated[str, AfterValidator(_clean_text)]


class Message(Schema):
    """An error answered with one message: 401, 403, 404, 409, 429 (and 400 for a body
    that is not JSON)."""

    detail: str


class ErrorItem(Schema):
    loc: list[str | int] = Field(
        description='Where the error is: ["body", "<field>"], ["query", "<name>"], '
        '["path", "<name>"], or ["body"] for the request as a whole.'
    )
    msg: str
    type: str


class ValidationErrors(Schema):
    """422: the request was understood but its values are not acceptable."""

    detail: list[ErrorItem]


class Ref(Schema):
    """Another object named by its id and a label (a name)."""

    id: int
    name: str


def _with_default(info: FieldInfo, default: Any) -> FieldInfo:
    field = copy.copy(info)
    field.default = default
    field.default_factory = None
    return field


def put_schema(schema: type[Schema], name: str, **extra: Any) -> type[Schema]:
    """The PUT variant of a create schema: every field required (a PUT replaces the whole
    object, so nothing falls back to a default), plus `extra` fields such as `version`."""
    fields: dict[str, Any] = {
        field: (info.annotation, _with_default(info, PydanticUndefined))
        for field, info in schema.model_fields.items()
    }
    fields.update(extra)
    put: type[Schema] = create_model(
        name, __base__=Schema, __doc__=f"PUT: every field of {schema.__name__}.", **fields
    )
    return put


def patch_schema(schema: type[Schema], *, required: tuple[str, ...] = ()) -> type[Schema]:
    """The PATCH variant of a PUT schema: the same fields and checks, none required but
    `required`. A field that is sent must be valid (null only where PUT allows null);
    operations apply only the fields sent (`model_dump(exclude_unset=True)`)."""
    fields: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        if name in required:
            fields[name] = (info.annotation, info)
        else:
            fields[name] = (info.annotation, _with_default(info, None))
    name = schema.__name__.removesuffix("Put").removesuffix("In") + "Patch"
    patch: type[Schema] = create_model(
        name, __base__=Schema, __doc__=f"PATCH: any fields of {schema.__name__}.", **fields
    )
    return patch


NO_SUCH_OBJECT = _("There is no %(object)s with id %(id)s.")


def reference[M: Model](queryset: QuerySet[M], pk: int, *, field: str) -> M:
    """The object a request names by id in its body; a 422 on `field` when there is none
    (an id in the path is a 404 instead: that is the object the request is about)."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        message = NO_SUCH_OBJECT % {"object": queryset.model._meta.verbose_name, "id": pk}
        raise ValidationError({field: message})
    return found


def responses(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """An operation's documented answers: `ok`, the errors every operation may give (401
    without valid credentials, 422 for values that do not fit, 429 for a locked-out
    address) and the `errors` it names (400 for a body that is not JSON, 403, 404, 409)."""
    documented: dict[int, Any] = {**ok, 401: Message, 422: ValidationErrors, 429: Message}
    for status in errors:
        documented[status] = Message
    return documented


# The errors a write can give beyond the common ones: a body that is not JSON (400) and
# access (403: a viewer, or a session without the CSRF token).
WRITE = (400, 403)
