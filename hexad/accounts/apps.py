from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hexad.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from hexad.accounts.models import Account, Tier
        from hexad.accounts.selectors import LEAD_CHOICES_KEY, PEOPLE_CHOICES_KEY, TIERS_KEY
        from hexad.core.cache import forget_on
        from hexad.people.models import Person
        from hexad.roles.models import Role

        forget_on(LEAD_CHOICES_KEY, [Account, Person])
        forget_on(PEOPLE_CHOICES_KEY, [Person])
        forget_on(TIERS_KEY, [Tier, Role, Tier.required_roles])
