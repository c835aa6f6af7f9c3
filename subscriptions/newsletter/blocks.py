"""What an issue is made of: items chosen by the editors, each turned into the same small
shape (label, title, summary, absolute URL) by `as_item()`, so that one e-mail template (HTML
and text) shows them all. An item appears in the language of its issue only: its version in
that language, published, linking to its page in that language."""

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

    def chosen(self, value):
        return None  # an address: the same in every language

    def as_item(self, value, locale, absolute):
        return {
            "label": "",
            "title": value["title"],
            "summary": value["summary"],
            "url": value["url"],
        }


def version_in(instance, locale, is_public):
    """The version of `instance` in `locale` if it exists there and readers may see it; else None.

    Never another language's version: an English issue must not carry a French-only item."""
    if instance is None:
        return None
    if instance.locale_id != locale.pk:
        instance = instance.get_translation_or_none(locale)
    return instance if instance is not None and is_public(instance) else None


def absolute_url(instance, absolute):
    url = instance.get_url()
    return absolute(url) if url.startswith("/") else url


class PressReleaseItemBlock(blocks.PageChooserBlock):
    """A press release: its title, its standfirst and a link to it."""

    def __init__(self, **kwargs):
        super().__init__(target_model="news.PressReleasePage", label=_("Press release"), **kwargs)

    def chosen(self, value):
        return value.specific if value is not None else None

    def as_item(self, value, locale, absolute):
        page = version_in(self.chosen(value), locale, lambda page: page.live)
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
    """A video of the library (media_library's own block), linking to its page while public."""

    def chosen(self, value):
        return value.get("video")

    def as_item(self, value, locale, absolute):
        asset = version_in(self.chosen(value), locale, lambda asset: asset.is_public)
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
    """The issue's items as dicts, in the issue's language, skipping any that readers of that
    language cannot see (deleted, unpublished, or with no version in that language)."""
    items = []
    for block in issue.items:
        item = block.block.as_item(block.value, issue.locale, absolute)
        if item:
            items.append(item)
    return items


def missing_items(issue):
    """[(kind, title)] of the items chosen in the issue that its readers would not get: no
    version in the issue's language, or not published in it. Deleted targets are not listed."""
    missing = []
    for block in issue.items:
        chosen = block.block.chosen(block.value)
        if chosen is not None and not block.block.as_item(block.value, issue.locale, str):
            missing.append((block.block.label, str(chosen)))
    return missing


def items_in_another_language(items, locale):
    """[(index, title)] of the chosen items that have no version at all in `locale`."""
    found = []
    for index, block in enumerate(items):
        chosen = block.block.chosen(block.value)
        if chosen is None or chosen.locale_id == locale.pk:
            continue
        if chosen.get_translation_or_none(locale) is None:
            found.append((index, str(chosen)))
    return found
