"""The authentication backend: Django's, loading the user's Person with the user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class Backend(ModelBackend):
    """Every page shows the signed-in person's name: fetch it in the same query."""

    def get_user(self, user_id: Any) -> Any:
        user = self.get_user_model_manager().select_related("person").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    @staticmethod
    def get_user_model_manager() -> Any:
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager
