"""The API of the role catalogue: read by every signed-in user, written by administrators
(docs/api.md). Mounted by hexad.api.v1."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from hexad.api.auth import api_user
from hexad.api.paging import Page, PageParams, page_body, page_of
from hexad.api.schemas import WRITE, Id, Text, patch_schema, put_schema, responses
from hexad.core.exceptions import AccessDenied
from hexad.roles import services
from hexad.roles.models import Role

router = Router(tags=["roles"])

ADMINISTRATORS_ONLY = _("Only administrators change the role catalogue.")


class RoleRef(Schema):
    """A role named by its id, key and name (in the language of the request)."""

    id: int
    key: str
    name: str


class RoleOut(Schema):
    id: int
    key: str
    order: int
    is_builtin: bool = Field(description="One of the six roles: its key never changes.")
    name: str = Field(description="In the language of the request.")
    name_en: str
    name_pl: str
    purpose_en: str
    purpose_pl: str
    missing_en: str
    missing_pl: str
    tips_en: str
    tips_pl: str
    anchor_1_en: str
    anchor_1_pl: str
    anchor_3_en: str
    anchor_3_pl: str
    anchor_5_en: str
    anchor_5_pl: str


LONG = 10_000


class RoleIn(Schema):
    key: str = Field(min_length=1, max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")
    order: int = Field(100, ge=0, le=32767)
    name_en: Text = Field(min_length=1, max_length=80)
    name_pl: Text = Field(min_length=1, max_length=80)
    purpose_en: Text = Field(min_length=1, max_length=LONG)
    purpose_pl: Text = Field(min_length=1, max_length=LONG)
    missing_en: Text = Field("", max_length=LONG)
    missing_pl: Text = Field("", max_length=LONG)
    tips_en: Text = Field("", max_length=LONG)
    tips_pl: Text = Field("", max_length=LONG)
    anchor_1_en: Text = Field("", max_length=LONG)
    anchor_1_pl: Text = Field("", max_length=LONG)
    anchor_3_en: Text = Field("", max_length=LONG)
    anchor_3_pl: Text = Field("", max_length=LONG)
    anchor_5_en: Text = Field("", max_length=LONG)
    anchor_5_pl: Text = Field("", max_length=LONG)


if TYPE_CHECKING:  # built at run time from RoleIn; a Schema as far as mypy knows
    RolePut = Schema
    RolePatch = Schema
else:
    RolePut = put_schema(RoleIn, "RolePut")
    RolePatch = patch_schema(RolePut)


class RoleFilters(Schema):
    sort: Literal["order", "-order", "key", "-key"] = "order"


ROLE_SORTS = {
    "order": ("order", "id"),
    "-order": ("-order", "-id"),
    "key": ("key",),
    "-key": ("-key",),
}


def _role(role_id: int) -> Role:
    role = Role.objects.filter(pk=role_id).first()
    if role is None:
        raise Http404("No such role.")
    return role


def _administrator(request: HttpRequest) -> None:
    if not api_user(request).is_administrator:
        raise AccessDenied(ADMINISTRATORS_ONLY)


@router.get("/roles", response=responses({200: Page[RoleOut]}))
def role_list(
    request: HttpRequest, filters: Query[RoleFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The role catalogue: the six roles and any an administrator added."""
    count, rows = page_of(Role.objects.order_by(*ROLE_SORTS[filters.sort]), page)
    return page_body(count, rows, page)


@router.post("/roles", response=responses({201: RoleOut}, *WRITE))
def role_create(request: HttpRequest, payload: RoleIn) -> Status[Role]:
    """Administrators."""
    _administrator(request)
    return Status(201, services.role_create(**payload.model_dump()))


@router.get("/roles/{role_id}", response=responses({200: RoleOut}, 404))
def role_detail(request: HttpRequest, role_id: Id) -> Role:
    return _role(role_id)


@router.put("/roles/{role_id}", response=responses({200: RoleOut}, *WRITE, 404))
def role_replace(request: HttpRequest, role_id: Id, payload: RolePut) -> Role:
    """Administrators. The key of one of the six roles stays as it is."""
    _administrator(request)
    return services.role_update(role=_role(role_id), **payload.model_dump())


@router.patch("/roles/{role_id}", response=responses({200: RoleOut}, *WRITE, 404))
def role_update(request: HttpRequest, role_id: Id, payload: RolePatch) -> Role:
    """Administrators: the fields sent. The key of one of the six roles stays as it is."""
    _administrator(request)
    data = payload.model_dump(exclude_unset=True)
    return services.role_update(role=_role(role_id), **data)
