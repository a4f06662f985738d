"""Paging of list operations: `limit` and `offset`, with the total `count`.

A list answers `{"count": …, "limit": …, "offset": …, "results": […]}`: two queries (the
count and one page of rows) whatever the size of the table, plus a fixed number for the
figures of the rows on the page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from ninja import Field, Schema

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


class PageParams(Schema):
    limit: int = Field(
        settings.HEXAD_PAGE_SIZE,
        ge=1,
        le=MAX_LIMIT,
        description=f"Rows per page (at most {MAX_LIMIT}).",
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")


class Page[T](Schema):
    count: int = Field(description="Rows matching the filters, on every page.")
    limit: int
    offset: int
    results: list[T]


def page_of[M: Model](rows: QuerySet[M], params: PageParams) -> tuple[int, list[M]]:
    """The number of rows and the rows of the page asked for (two queries)."""
    count = rows.count()
    if params.offset >= count:
        return count, []
    return count, list(rows[params.offset : params.offset + params.limit])


def page_body(count: int, results: list[Any], params: PageParams) -> dict[str, Any]:
    return {"count": count, "limit": params.limit, "offset": params.offset, "results": results}
