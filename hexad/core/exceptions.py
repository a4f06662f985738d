"""Domain exceptions shared by the apps."""

from django.core.exceptions import PermissionDenied


class AccessDenied(PermissionDenied):
    """The user may see the object but not change it (answered with 403)."""


class StaleEdit(Exception):
    """The record changed since the user loaded it (optimistic locking)."""
