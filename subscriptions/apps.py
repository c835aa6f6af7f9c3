from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = _("Accounts and subscriptions")

    def ready(self):
        from .newsletter import checks, webhooks  # noqa: F401  (signal receiver, system check)
