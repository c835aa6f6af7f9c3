"""What an issue is made of: items chosen by the editors, each turned into the same small
shape (label, title, summary, absolute URL) by `as_item()`, so that one e-mail template (HTML
and text) shows them all."""

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from media_library.blocks import VideoBlock


class LinkItemBlock(blocks.StructBlock):
    """Any item with a title, a few words and a link (an event, an external report...)."""

    title = blocks.CharBlock(label=_("title"), max_length=200)
    summary = blocks.TextBlock(label=_("summary"), required=False)
    url = blocks.URLBlock(label=_("link"))

    class Meta:
        label = _("Link")
        icon = "link"

    def as_item(self, value, absolute):
        return {
            "label": "",
            "title": value["title"],
            "summary": value["summary"],
            "url": value["url"],
        }


class VideoItemBlock(VideoBlock):
    """A video of the library (media_library's own block), shown while it is published."""

    def as_item(self, value, absolute):
        asset = value.get("video")
        if asset is None or not asset.live:
            return None
        url = asset.get_url() if hasattr(asset, "get_url") else None
        return {
            "label": _("Video"),
            "title": asset.title,
            "summary": value.get("caption") or Truncator(asset.description).words(40),
            "url": absolute(url) if url and url.startswith("/") else (url or absolute("/")),
        }


class IssueItemsBlock(blocks.StreamBlock):
    video = VideoItemBlock()
    link = LinkItemBlock()


def issue_items(issue, absolute):
    """The issue's items as dicts, skipping any whose target has gone (deleted, unpublished)."""
    items = []
    for block in issue.items:
        item = block.block.as_item(block.value, absolute)
        if item:
            items.append(item)
    return items
