from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from news.translators import ensure_translators_group_after_migrate

        post_migrate.connect(
            ensure_translators_group_after_migrate, dispatch_uid="news_translators_group"
        )
