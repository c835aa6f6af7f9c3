"""bakerydemo's blog, reduced: a home page, a paginated index, articles with a StreamField."""

from django.core.paginator import Paginator
from django.db import models
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page


class HomePage(Page):
    introduction = models.TextField(blank=True)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest"] = ArticlePage.objects.live().public().order_by("-date")[:5]
        return context


class ArticleIndexPage(Page):
    introduction = models.TextField(blank=True)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.child_of(self).live().public().order_by("-date")
        context["articles"] = Paginator(articles, 10).get_page(request.GET.get("page"))
        return context


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)


class ArticlePage(Page):
    date = models.DateTimeField()
    introduction = models.TextField()
    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock()),
            ("heading", blocks.CharBlock()),
            ("quote", QuoteBlock()),
            ("image", ImageChooserBlock()),
        ]
    )
    related = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
