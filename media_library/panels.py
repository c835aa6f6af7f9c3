"""Admin panels that show what the worker made of a video (read-only)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from media_library.models import DownloadPreset


class VideoDetailsPanel(Panel):
    """Metadata, poster, thumbnail strip and renditions of the file, with retry buttons."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("File, pictures and renditions"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "media_library/admin/video_details_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk and self.instance.video_id)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            video = self.instance.video
            context["video"] = video
            context["renditions"] = video.renditions.select_related("preset").order_by(
                "preset__sort_order", "start", "end"
            )
            context["presets"] = DownloadPreset.objects.filter(enabled=True)
            return context
