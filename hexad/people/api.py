"""The API of the people app: who is calling (`/me`), our people, and their competency
ratings (docs/api.md). Mounted by hexad.api.v1.

The directory is open to every signed-in user; people are added and changed by programme
leaders and administrators. Competency ratings follow the pages' rules
(`selectors.competency_permissions`): 404 for someone whose competencies you may not see,
403 when you may see but not rate.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from hexad.api.auth import api_user
from hexad.api.paging import Page, PageParams, page_body, page_of
from hexad.api.schemas import WRITE, Id, Ref, Text, patch_schema, put_schema, reference, responses
from hexad.core.exceptions import AccessDenied
from hexad.people import selectors, services
from hexad.people.forms import SOURCE_CHOICE
from hexad.people.models import (
    AccessLevel,
    CompetencyRating,
    Department,
    Person,
    RatingSource,
    User,
)
from hexad.roles.api import RoleRef
from hexad.roles.models import Role

router = Router()


# --- who is calling ---------------------------------------------------------------------------


class MeOut(Schema):
    id: int
    username: str
    access_level: AccessLevel
    language: str = Field(description="en, pl, or empty (the browser's language).")
    person: Ref | None = Field(description="The person record of the user, if any.")
    manages_portfolio: bool
    is_administrator: bool

    @staticmethod
    def resolve_person(user: User) -> dict[str, Any] | None:
        try:
            person = user.person
        except ObjectDoesNotExist:
            return None
        return {"id": person.pk, "name": person.full_name}


@router.get("/me", response=responses({200: MeOut}), tags=["people"])
def me(request: HttpRequest) -> User:
    """The user the request acts for."""
    return api_user(request)


# --- people ----------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    full_name: str
    email: str
    job_title: str
    department: Ref | None
    capacity: int = Field(description="Share of working time for strategic accounts, in %.")
    is_active: bool
    external_id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_department(person: Person) -> dict[str, Any] | None:
        department = person.department
        return None if department is None else {"id": department.pk, "name": department.name}


class PersonIn(Schema):
    full_name: Text = Field(min_length=1, max_length=200)
    email: Text = Field("", max_length=254, description="An e-mail address, or empty.")
    job_title: Text = Field("", max_length=200)
    department: Id | None = None
    capacity: int = Field(100, ge=0, le=100)
    is_active: bool = True


if TYPE_CHECKING:  # built at run time from PersonIn; a Schema as far as mypy knows
    PersonPut = Schema
    PersonPatch = Schema
else:
    PersonPut = put_schema(PersonIn, "PersonPut")
    PersonPatch = patch_schema(PersonPut)


class PeopleFilters(Schema):
    q: Text = Field("", max_length=100, description="Part of the name, e-mail or job title.")
    department: Id | None = None
    is_active: bool | None = None
    sort: Literal["name", "-name"] = "name"


def _person_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = dict(data)
    if fields.get("department") is not None:
        fields["department"] = reference(
            Department.objects.all(), fields["department"], field="department"
        )
    return fields


def _manager(request: HttpRequest) -> None:
    if not api_user(request).manages_portfolio:
        raise AccessDenied


@router.get("/people", response=responses({200: Page[PersonOut]}), tags=["people"])
def person_list(
    request: HttpRequest, filters: Query[PeopleFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Our people (every signed-in user may read the directory)."""
    people = selectors.people_list(
        user=api_user(request), query=filters.q, department=filters.department
    )
    if filters.is_active is not None:
        people = people.filter(is_active=filters.is_active)
    order = ("full_name", "id") if filters.sort == "name" else ("-full_name", "-id")
    count, rows = page_of(people.order_by(*order), page)
    return page_body(count, rows, page)


@router.post("/people", response=responses({201: PersonOut}, *WRITE), tags=["people"])
def person_create(request: HttpRequest, payload: PersonIn) -> Status[Person]:
    """Programme leaders and administrators."""
    _manager(request)
    person = services.person_create(**_person_fields(payload.model_dump()))
    return Status(201, selectors.person_get(user=api_user(request), pk=person.pk))


@router.get("/people/{person_id}", response=responses({200: PersonOut}, 404), tags=["people"])
def person_detail(request: HttpRequest, person_id: Id) -> Person:
    return selectors.person_get(user=api_user(request), pk=person_id)


def _person_update(request: HttpRequest, person_id: int, data: dict[str, Any]) -> Person:
    person = selectors.person_get(user=api_user(request), pk=person_id)
    _manager(request)
    services.person_update(person=person, **_person_fields(data))
    return selectors.person_get(user=api_user(request), pk=person_id)


@router.put(
    "/people/{person_id}", response=responses({200: PersonOut}, *WRITE, 404), tags=["people"]
)
def person_replace(request: HttpRequest, person_id: Id, payload: PersonPut) -> Person:
    """Programme leaders and administrators."""
    return _person_update(request, person_id, payload.model_dump())


@router.patch(
    "/people/{person_id}", response=responses({200: PersonOut}, *WRITE, 404), tags=["people"]
)
def person_update(request: HttpRequest, person_id: Id, payload: PersonPatch) -> Person:
    """Programme leaders and administrators: the fields sent."""
    return _person_update(request, person_id, payload.model_dump(exclude_unset=True))


# --- competency ratings --------------------------------------------------------------------------


class RatingOut(Schema):
    id: int
    person: int
    role: RoleRef
    rating: int = Field(description="1 to 5, against the role's behavioural anchors.")
    source: RatingSource
    rated_on: datetime.date
    rated_by: Ref | None = Field(description="The user who gave the rating.")
    note: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_person(rating: CompetencyRating) -> int:
        return rating.person_id

    @staticmethod
    def resolve_rated_by(rating: CompetencyRating) -> dict[str, Any] | None:
        user = rating.rated_by
        if user is None:
            return None
        try:
            name = user.person.full_name
        except ObjectDoesNotExist:
            name = user.get_username()
        return {"id": user.pk, "name": name}


class RatingIn(Schema):
    role: Id
    rating: int = Field(ge=1, le=5)
    source: RatingSource | None = Field(
        None, description="self or manager; may be left out when you may give only one."
    )
    rated_on: datetime.date | None = Field(None, description="Today when left out.")
    note: Text = Field("", max_length=500)


class RatingFilters(Schema):
    role: Id | None = None
    source: RatingSource | None = None
    sort: Literal["-rated_on", "rated_on"] = "-rated_on"


def _ratings(person: Person) -> QuerySet[CompetencyRating]:
    return person.ratings.select_related("role", "rated_by", "rated_by__person")


def _competencies(
    request: HttpRequest, person_id: int
) -> tuple[Person, selectors.CompetencyPermissions]:
    """The person (404 unless the user may see their competencies) and the user's rights."""
    person = selectors.person_get(user=api_user(request), pk=person_id)
    permissions = selectors.competency_permissions(api_user(request), person)
    if not permissions.can_view:
        raise Http404("No such person.")
    return person, permissions


@router.get(
    "/people/{person_id}/ratings",
    response=responses({200: Page[RatingOut]}, 404),
    tags=["competencies"],
)
def rating_list(
    request: HttpRequest,
    person_id: Id,
    filters: Query[RatingFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """A person's self and manager ratings, newest first: the history kept for each role."""
    person, _permissions = _competencies(request, person_id)
    ratings = _ratings(person)
    if filters.role is not None:
        ratings = ratings.filter(role_id=filters.role)
    if filters.source is not None:
        ratings = ratings.filter(source=filters.source)
    order = ("-rated_on", "-id") if filters.sort == "-rated_on" else ("rated_on", "id")
    count, rows = page_of(ratings.order_by(*order), page)
    return page_body(count, rows, page)


@router.post(
    "/people/{person_id}/ratings",
    response=responses({201: RatingOut}, *WRITE, 404),
    tags=["competencies"],
)
def rating_create(
    request: HttpRequest, person_id: Id, payload: RatingIn
) -> Status[CompetencyRating]:
    """A self rating (your own) or a manager rating (programme leaders, administrators and
    the lead of an account the person is on). Earlier ratings stay as history."""
    person, permissions = _competencies(request, person_id)
    if not permissions.can_rate:
        raise AccessDenied
    source = str(payload.source) if payload.source is not None else ""
    if not source and len(permissions.sources) == 1:
        source = permissions.sources[0]
    if source not in permissions.sources:
        raise ValidationError({"source": SOURCE_CHOICE})
    rating = services.rating_add(
        person=person,
        role=reference(Role.objects.all(), payload.role, field="role"),
        rating=payload.rating,
        source=source,
        rated_by=api_user(request),
        rated_on=payload.rated_on,
        note=payload.note,
    )
    return Status(201, _ratings(person).get(pk=rating.pk))


@router.get(
    "/people/{person_id}/ratings/{rating_id}",
    response=responses({200: RatingOut}, 404),
    tags=["competencies"],
)
def rating_detail(request: HttpRequest, person_id: Id, rating_id: Id) -> CompetencyRating:
    person, _permissions = _competencies(request, person_id)
    rating = _ratings(person).filter(pk=rating_id).first()
    if rating is None:
        raise Http404("No such rating.")
    return rating
