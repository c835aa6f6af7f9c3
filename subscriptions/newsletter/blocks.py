"""What an issue is made of: items chosen by the editors, each turned into the same small
shape (label, title, summary, absolute URL) by `as_item()`, so that one e-mail template (HTML
and text) shows them all."""

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from media_library.blocks import VideoBlock


class LinkItemBlock(blocks.StructBlock):
    """Any item with a title, a few words and a link (an event, an external report...)."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    summary = blocks.TextBlock(label=_("Summary"), required=False)
    url = blocks.URLBlock(label=_("Address (URL)"))

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


def localized_live(instance):
    """The version in the language being rendered (the issue's), if published; else None."""
    if instance is None:
        return None
    instance = instance.localized
    return instance if instance.live else None


def absolute_url(instance, absolute):
    url = instance.get_url() if hasattr(instance, "get_url") else None
    if not url:
        return absolute("/")
    return absolute(url) if url.startswith("/") else url


class PressReleaseItemBlock(blocks.PageChooserBlock):
    """A press release: its title, its standfirst and a link to it."""

    def __init__(self, **kwargs):
        super().__init__(target_model="news.PressReleasePage", label=_("Press release"), **kwargs)

    def as_item(self, value, absolute):
        page = localized_live(value.specific if value is not None else None)
        if page is None:
            return None
        return {
            "label": _("Press release"),
            "title": page.title,
            "summary": page.standfirst,
            "url": absolute_url(page, absolute),
        }

    def deconstruct(self):
        return blocks.Block.deconstruct(self)


class VideoItemBlock(VideoBlock):
    """A video of the library (media_library's own block), shown while it is public."""

    def as_item(self, value, absolute):
        asset = self.public_asset(value)
        if asset is None:
            return None
        return {
            "label": _("Video"),
            "title": asset.title,
            "summary": value.get("caption") or Truncator(asset.description).words(40),
            "url": absolute_url(asset, absolute),
        }


class IssueItemsBlock(blocks.StreamBlock):
    press_release = PressReleaseItemBlock()
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
