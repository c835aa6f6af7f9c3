"""The topic vocabulary: a translatable snippet managed by the press office."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

__all__ = ["Topic"]


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """One term of the vocabulary. Its French and English versions share a translation key.

    The name and the slug are translated (an English reader filters with `?topic=climate`, a
    French one with `?topic=climat`); releases point at one version and show the reader's.
    """

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        allow_unicode=False,
        help_text=_("The topic's name in the address of the filtered news list."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="news_topic_unique_slug"),
        ]

    def __str__(self):
        return self.name
