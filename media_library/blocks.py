"""StreamField blocks other apps embed: `VideoBlock` puts a library video in a press release."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class VideoBlock(blocks.StructBlock):
    """A video of the library, shown in the reader's language, only while it is published."""

    video = SnippetChooserBlock("media_library.VideoAsset", label=_("Video"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "media_library/blocks/video_block.html"

    def public_asset(self, value):
        """The chosen video in the language being shown (else the chosen version), if public."""
        asset = value.get("video")
        if asset is None:
            return None
        asset = asset.localized
        return asset if asset.is_public else None

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["asset"] = self.public_asset(value)
        return context
