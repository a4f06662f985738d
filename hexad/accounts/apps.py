from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hexad.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from hexad.accounts.models import Account
        from hexad.accounts.selectors import forget_account_leads
        from hexad.people.models import Person

        for model in (Account, Person):
            for signal in (post_save, post_delete):
                signal.connect(forget_account_leads, sender=model, dispatch_uid=f"leads-{model}")
