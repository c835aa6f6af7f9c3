from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaLibraryConfig(AppConfig):
    name = "media_library"
    verbose_name = _("Media library")

    def ready(self):
        # Django's documented place to connect signals: the handlers use the models, which
        # cannot be imported before the app registry is ready (not an import-cycle dodge).
        from media_library import signal_handlers

        signal_handlers.connect()
