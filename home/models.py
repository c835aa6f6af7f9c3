from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from translators.pages import TranslatorPermissionsMixin


class HomePage(TranslatorPermissionsMixin, Page):
    """The root of one language's tree: /fr/ or /en/."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class ContentPage(TranslatorPermissionsMixin, Page):
    """A plain page of text: terms of use, about the press office, contacts."""

    body = RichTextField(
        _("body"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
    )

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


@register_setting(icon="cog")
class PortalSettings(BaseSiteSetting):
    """Choices the press office makes once for the whole site."""

    terms_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("terms of use page"),
        help_text=_(
            "Linked from the sign-up form and every download panel, in the reader's language."
        ),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement page"),
        help_text=_("Linked from the footer of every page, in the reader's language."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("terms_page"), FieldPanel("accessibility_page")]

    class Meta:
        verbose_name = _("portal settings")
