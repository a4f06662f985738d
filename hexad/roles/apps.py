from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "hexad.roles"
    label = "roles"
    verbose_name = _("Roles")

    def ready(self) -> None:
        from hexad.core.cache import forget_on
        from hexad.roles.models import Role
        from hexad.roles.selectors import ROLES_KEY

        forget_on(ROLES_KEY, [Role])
