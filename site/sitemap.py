"""sitemap.xml: every public page of every language, each with its hreflang alternates.

Wagtail's own sitemap lists the descendants of the site's root page only, which here is the
French home: the English tree (a translation of that root) would be missing. This one lists every
language tree and adds `<xhtml:link rel="alternate" hreflang>` (Django's sitemap template renders
the `alternates` of each URL), in a fixed number of queries whatever the number of pages.

/sitemap.xml is an index of sections of `PAGES_PER_SECTION` pages (/sitemap-pages.xml?p=2…):
listing 10,000 releases in one response took 2 to 8 seconds (issue 15); each section's response
is bounded, whatever the archive's size.
"""

from collections import defaultdict

from django.db.models import Max
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

PAGES_PER_SECTION = 1000


class MultilingualSitemap(Sitemap):
    limit = PAGES_PER_SECTION

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        pages = Page.objects.none()
        for root in roots:
            pages |= Page.objects.descendant_of(root, inclusive=True)
        return (
            pages.live()
            .public()
            .select_related("locale")
            .only("url_path", "path", "translation_key", "locale", "last_published_at")
            .order_by("path")
        )

    def get_latest_lastmod(self):
        """The index's `<lastmod>`: one query, not one per page of the site."""
        return self.items().order_by().aggregate(latest=Max("last_published_at"))["latest"]

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        by_key = defaultdict(list)
        for item in self._all_versions(items):
            by_key[item.translation_key].append(
                {
                    "lang_code": item.locale.language_code,
                    "location": item.get_full_url(self.request),
                }
            )
        urls = []
        for item in items:
            alternates = by_key[item.translation_key]
            urls.append(
                {
                    "item": item,
                    "location": item.get_full_url(self.request),
                    "lastmod": item.last_published_at,
                    "alternates": alternates if len(alternates) > 1 else [],
                }
            )
        self.latest_lastmod = max((url["lastmod"] for url in urls if url["lastmod"]), default=None)
        return urls

    def _all_versions(self, items):
        keys = {item.translation_key for item in items}
        return self.items().filter(translation_key__in=keys)


SITEMAPS = {"pages": MultilingualSitemap}
