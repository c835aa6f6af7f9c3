from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResilienceConfig(AppConfig):
    """Redis as an accelerator: the cache that falls back to the database, and the outbox that
    records work before Redis hears of it. Used by the project and its apps; uses none."""

    name = "resilience"
    verbose_name = _("Resilience")

    def ready(self):
        from . import outbox  # noqa: F401  (hands the outbox over when Redis comes back)
