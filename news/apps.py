from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        post_migrate.connect(_ensure_translators_group, dispatch_uid="news_translators_group")


def _ensure_translators_group(sender, **kwargs):
    # post_migrate is sent once per app: wait for the last, when every permission exists.
    if sender is not list(apps.get_app_configs())[-1]:
        return
    from news.translators import ensure_translators_group

    ensure_translators_group()
