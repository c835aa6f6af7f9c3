"""Build the stock site with N articles: `python -m stock_wagtail.build N` (from bench/)."""

import datetime
import os
import sys
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stock_wagtail.settings")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Locale, Page, Site  # noqa: E402

from .articles.models import ArticleIndexPage, ArticlePage, HomePage  # noqa: E402

BODY = [
    {"type": "paragraph", "value": "<p>A paragraph of the article.</p>"},
    {"type": "heading", "value": "A subheading"},
    {"type": "quote", "value": {"text": "A quotation.", "attribution": "A. D."}},
]


def build(count):
    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    root.refresh_from_db()
    home = root.add_child(instance=HomePage(title="Home", slug="home", introduction="Welcome."))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    index = home.add_child(
        instance=ArticleIndexPage(title="Articles", slug="articles", show_in_menus=True)
    )
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    now = timezone.now()
    pages = [
        Page(
            title=f"Article number {number} on international cooperation",
            draft_title=f"Article number {number}",
            slug=f"article-{number}",
            path=Page._get_path(index.path, index.depth + 1, number),
            depth=index.depth + 1,
            numchild=0,
            url_path=f"{index.url_path}article-{number}/",
            content_type=content_type,
            locale=locale,
            translation_key=uuid.uuid4(),
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        for number in range(1, count + 1)
    ]
    Page.objects.bulk_create(pages, batch_size=1000)
    for number, page in enumerate(pages, start=1):
        ArticlePage(
            page_ptr_id=page.pk,
            date=now - datetime.timedelta(hours=6 * number),
            introduction="The Organisation announces a new step in its cooperation.",
            body=BODY,
            related_id=pages[number - 2].pk if number > 1 else None,  # the next newer one
        ).save_base(raw=True, force_insert=True)
    if count > 1:  # the newest one's related article: the next older one
        ArticlePage.objects.filter(pk=pages[0].pk).update(related_id=pages[1].pk)
    Page.objects.filter(pk=index.pk).update(numchild=count)


if __name__ == "__main__":
    build(int(sys.argv[1]))
