"""RSS feeds of a news index: every release of its language, or those of one topic."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from news.topics import Topic
from resilience import content_cache

FEED_LENGTH = 20


class ReleaseFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page, topic_slug=None):
        super().__init__()
        self.index_page = index_page
        self.topic_slug = topic_slug

    def get_object(self, request, *args, **kwargs):
        self.request = request
        if self.topic_slug is None:
            return None
        topic = Topic.objects.filter(
            locale_id=self.index_page.locale_id, slug=self.topic_slug
        ).first()
        if topic is None:
            raise Http404
        return topic

    def title(self, topic):
        if topic is None:
            return self.index_page.title
        return f"{self.index_page.title}: {topic.name}"

    def link(self, topic):
        return self.index_page.get_url(self.request)

    def description(self, topic):
        return self.index_page.introduction or _("Press releases")

    def items(self, topic):
        """The newest releases, remembered for the generation of the content (a publish or
        unpublish renews them): the same for every reader, whatever the archive's size."""
        releases = self.index_page.releases().defer_streamfields()
        if topic is not None:
            releases = releases.filter(topic_links__topic__translation_key=topic.translation_key)
        name = f"feed-items:{self.index_page.pk}:{topic.pk if topic else ''}"
        return content_cache.remember(name, lambda: list(releases[:FEED_LENGTH]))

    def item_title(self, release):
        return release.title

    def item_description(self, release):
        return release.standfirst

    def item_link(self, release):
        return release.get_url(self.request)

    def item_pubdate(self, release):
        return release.release_date

    def item_updateddate(self, release):
        return release.last_published_at
