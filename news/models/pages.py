"""The news index of each language and its press releases.

What a translator translates and what stays the same in every language is decided here, in
`PressReleasePage.override_translatable_fields` (wagtail-localize):

- translated: title, slug, standfirst, place (the dateline: "Genève" / "Geneva"), body, SEO title
  and search description;
- synchronised from the source: release date, reference number, topics, related releases, the
  sharing image, and the embargo (`go_live_at`) and expiry dates. A translation is published
  no earlier than its source: wagtail-localize leaves `go_live_at` out by default, which would
  let a translator publish an embargoed release in English at once.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultipleChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from news.blocks import BodyBlock
from news.feeds import ReleaseFeed
from news.listing import release_listing
from news.reference import normalise_reference, validate_reference
from news.release_context import release_context
from translators.pages import TranslatorPermissionsMixin

__all__ = ["NewsIndexPage", "PressReleasePage", "PressReleaseTopic", "RelatedRelease"]


class NewsIndexPage(TranslatorPermissionsMixin, RoutablePageMixin, Page):
    """The list of a language's press releases, with its filters, search and feeds."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.PressReleasePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def releases(self):
        """The published releases of this index, newest first."""
        return PressReleasePage.objects.child_of(self).live().public().order_by("-release_date")

    @path("")
    def index(self, request):
        return self.render(request, context_overrides=release_listing(self, request))

    @path("feed/")
    def feed(self, request):
        return ReleaseFeed(self)(request)

    @path("feed/<slug:topic>/")
    def topic_feed(self, request, topic):
        return ReleaseFeed(self, topic_slug=topic)(request)

    def feed_url(self, topic=None):
        if topic is None:
            return self.url + self.reverse_subpage("feed")
        return self.url + self.reverse_subpage("topic_feed", kwargs={"topic": topic.slug})


class PressReleasePage(TranslatorPermissionsMixin, Page):
    standfirst = models.TextField(
        _("standfirst"), help_text=_("The lead: one or two sentences that sum the release up.")
    )
    release_date = models.DateTimeField(_("release date and time"), default=timezone.now)
    place = models.CharField(_("place"), max_length=100, help_text=_("The dateline, e.g. Geneva."))
    reference = models.CharField(
        _("reference number"),
        max_length=20,
        validators=[validate_reference],
        help_text=_(
            "PR/CP(year)number, e.g. PR/CP(2025)123. Unique within a language; its "
            "translations share it."
        ),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the release is shared on social networks (1200×630 is best)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        FieldRowPanel([FieldPanel("release_date"), FieldPanel("place"), FieldPanel("reference")]),
        FieldPanel("body"),
        MultipleChooserPanel(
            "topic_links", chooser_field_name="topic", heading=_("Topics"), label=_("Topic")
        ),
        MultipleChooserPanel(
            "related_links",
            chooser_field_name="release",
            heading=_("Related releases"),
            label=_("Related release"),
        ),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("social_image")]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.SearchField("place"),
        index.SearchField("reference"),
        index.FilterField("release_date"),
    ]

    override_translatable_fields = [
        TranslatableField("standfirst"),
        TranslatableField("place"),
        TranslatableField("body"),
        SynchronizedField("release_date", overridable=False),
        SynchronizedField("reference", overridable=False),
        SynchronizedField("topic_links", overridable=False),
        SynchronizedField("related_links", overridable=False),
        SynchronizedField("social_image"),
        SynchronizedField("go_live_at", overridable=False),
        SynchronizedField("expire_at", overridable=False),
    ]

    class Meta:
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        indexes = [models.Index(fields=["release_date"], name="news_release_date_idx")]

    def clean(self):
        super().clean()
        if not self.reference:
            return
        self.reference = normalise_reference(self.reference)
        taken = (
            PressReleasePage.objects.filter(reference=self.reference, locale_id=self.locale_id)
            .exclude(translation_key=self.translation_key)
            .exists()
        )
        if taken:
            raise ValidationError(
                {
                    "reference": _(
                        "Another press release in this language already has the reference "
                        "%(reference)s."
                    )
                    % {"reference": self.reference}
                }
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(release_context(self, request))
        return context


class PressReleaseTopic(Orderable):
    """A release's topic: the same for every language version (a synchronised relation)."""

    page = ParentalKey(PressReleasePage, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(
        "news.Topic", verbose_name=_("topic"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("topic")]


class RelatedRelease(Orderable):
    page = ParentalKey(PressReleasePage, on_delete=models.CASCADE, related_name="related_links")
    release = models.ForeignKey(
        PressReleasePage,
        verbose_name=_("release"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("release")]
