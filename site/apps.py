from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .page_cache import connect_signals
        from .stored_names import install as show_stored_names_translated
        from .upstream_messages import label_site_columns, translate_permission_labels_at_display

        connect_signals()
        show_stored_names_translated()
        translate_permission_labels_at_display()
        label_site_columns()
