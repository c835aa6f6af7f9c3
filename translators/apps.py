from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslatorsConfig(AppConfig):
    name = "translators"
    verbose_name = _("Translators")

    def ready(self):
        from wagtail_localize.models import StringTranslation

        from .editor import translation_comment

        # The comment under each translated string in the editor ("Translated manually on …").
        StringTranslation.get_comment = translation_comment
