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

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        asset = value.get("video")
        if asset is not None:
            asset = asset.localized
        is_public = asset is not None and type(asset).objects.public().filter(pk=asset.pk).exists()
        context["asset"] = asset if is_public else None
        return context
