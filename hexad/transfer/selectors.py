"""Reads of the import pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from hexad.people.models import User
from hexad.transfer.models import ImportBatch, SalesforceRoleMapping


def batch_get(*, user: User, pk: int) -> ImportBatch:
    """The user's own upload; anyone else's does not exist for them."""
    batch = ImportBatch.objects.filter(pk=pk, owner=user).first()
    if batch is None:
        raise Http404("No such import.")
    return batch


def role_mappings() -> QuerySet[SalesforceRoleMapping]:
    return SalesforceRoleMapping.objects.select_related("role").order_by("team_role")
