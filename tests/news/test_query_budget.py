"""Issue 15: every public page costs at most 10 SQL queries with the page cache off, the same
with a small and a large archive; what pages remember of the archive (year list, counts, topic
lists, latest releases, a release's related releases) is renewed by a publish or unpublish."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10
SMALL, LARGE = 5, 200


@pytest.fixture
def make_asset(news_site, tmp_path, settings):
    from django.core.files import File

    from media_library.encoding import probe
    from media_library.models import VideoAsset, VideoFile
    from tests.media_library.videos import make_video

    settings.MEDIA_ROOT = tmp_path / "media"
    source = make_video(tmp_path / "clip.mp4", seconds=1, size="160x90")

    def make(title):
        video = VideoFile(original_filename=source.name, **probe.probe(source).as_fields())
        with open(source, "rb") as handle:
            video.file.save(source.name, File(handle), save=False)
        video.save()
        asset = VideoAsset(title=title, video=video, locale=news_site["locales"]["fr"])
        asset.save()
        asset.save_revision().publish()
        return asset

    return make


@pytest.fixture
def site_pages(news_site, make_release, make_asset):
    """A release with related releases, topics and a video block; a video; a content page
    that is also the accessibility statement; and `grow(n)`, which adds releases and videos
    the way an archive grows (published straight in the tables: 200 Wagtail publishes would
    make the test slow without making the pages any different)."""
    from home.models import ContentPage, PortalSettings

    video = make_asset("Conférence de presse filmée")
    older = make_release("Un communiqué plus ancien", topics=["climate"])
    release = make_release(
        "Le communiqué du jour",
        topics=["climate", "health"],
        related=[older],
        body=[("video", {"video": video, "caption": "La conférence"})],
    )
    home = news_site["homes"]["fr"]
    statement = home.add_child(
        instance=ContentPage(title="Accessibilité", slug="accessibilite", body="<p>Partiel.</p>")
    )
    statement.save_revision().publish()
    site = home.get_site()
    PortalSettings.objects.update_or_create(site=site, defaults={"accessibility_page": statement})
    index = news_site["index"]["fr"]
    topic = news_site["topics"]["climate"]
    urls = {
        "home": "/fr/",
        "release index": index.url,
        "release index ?year": f"{index.url}?year={release.release_date.year}",
        "release index ?topic": f"{index.url}?topic={topic.slug}",
        "release index ?q": f"{index.url}?q=communiqu%C3%A9",
        "release index page 2": f"{index.url}?page=2",
        "release": release.url,
        "video index": "/fr/videos/",
        "video index ?topic": f"/fr/videos/?topic={topic.slug}",
        "video index ?q": "/fr/videos/?q=conf%C3%A9rence",
        "video page": video.get_url(),
        "content page (accessibility statement)": statement.url,
        "RSS feed": index.feed_url(),
        "topic RSS feed": index.feed_url(topic),
        "sitemap index": "/sitemap.xml",
        "sitemap section": "/sitemap-pages.xml",
    }
    counter = iter(range(1, 100_000))

    def grow(count):
        from news.models import PressReleasePage, PressReleaseTopic

        for _ in range(count):
            number = next(counter)
            date = release.release_date - datetime.timedelta(days=3 * number)
            page = index.add_child(
                instance=PressReleasePage(
                    title=f"Communiqué d'archive {number}",
                    standfirst="Le chapeau.",
                    place="Genève",
                    release_date=date,
                    reference=f"PR/CP({date.year}){number:04d}",
                    body=[("paragraph", "<p>Texte.</p>")],
                    locale=news_site["locales"]["fr"],
                    live=True,
                    first_published_at=timezone.now(),
                )
            )
            PressReleaseTopic.objects.create(page=page, topic=topic)
        for number in range(count // 10):
            make_asset(f"Vidéo d'archive {number}")

    return {"urls": urls, "grow": grow, "release": release, "older": older}


def queries_of(client, url):
    client.get(url)  # what the pages remember is worked out once, by the first reader
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_every_public_page_costs_at_most_ten_queries_whatever_the_archive_size(client, site_pages):
    urls = site_pages["urls"]
    site_pages["grow"](SMALL)
    small = {page: queries_of(client, url) for page, url in urls.items()}
    site_pages["grow"](LARGE - SMALL)
    from resilience import content_cache

    content_cache.renew()  # the archive grew without publish signals
    large = {page: queries_of(client, url) for page, url in urls.items()}

    too_many = {page: n for page, n in large.items() if n > MAX_QUERIES}
    assert not too_many, f"pages over {MAX_QUERIES} queries: {too_many}"
    growing = {page: (small[page], large[page]) for page in urls if small[page] != large[page]}
    assert not growing, f"queries that grow with the archive (small, large): {growing}"


def _count_and_years(html):
    count = int(re.search(r'class="news-count"[^>]*>\s*(\d+)', html).group(1))
    years = re.findall(r'<option value="(\d{4})"', html)
    return count, years


def test_a_publish_or_unpublish_shows_at_once_in_the_counts_and_year_list(
    client, make_release, news_site
):
    make_release("Un communiqué de cette année")
    index_url = news_site["index"]["fr"].url
    count, years = _count_and_years(client.get(index_url).content.decode())
    assert (count, years) == (1, [str(timezone.now().year)])

    old = make_release("Un communiqué de 2019", date=timezone.now().replace(year=2019))
    count, years = _count_and_years(client.get(index_url).content.decode())
    assert count == 2 and "2019" in years
    assert "Un communiqué de 2019" in client.get("/fr/").content.decode()

    old.unpublish()
    html = client.get(index_url).content.decode()
    assert _count_and_years(html) == (1, [str(timezone.now().year)])
    # fresh, and cheap: the year list and the count are not read from the archive each time
    assert queries_of(client, index_url) <= MAX_QUERIES
    assert "Un communiqué de 2019" not in client.get("/fr/").content.decode()
    assert client.get(old.url).status_code == 404


def test_a_new_topic_and_an_unpublished_related_release_show_at_once(
    client, make_release, news_site
):
    from news.models import Topic

    older = make_release("Le communiqué lié")
    release = make_release("Le communiqué principal", related=[older])
    index_url = news_site["index"]["fr"].url
    assert "Le communiqué lié" in client.get(release.url).content.decode()
    assert "Commerce" not in client.get(index_url).content.decode()

    Topic.objects.create(locale=news_site["locales"]["fr"], slug="commerce", name="Commerce")
    older.unpublish()

    assert "Commerce" in client.get(index_url).content.decode()
    assert "Le communiqué lié" not in client.get(release.url).content.decode()
    # fresh, and cheap: the release's related releases and topics are not read each time
    assert queries_of(client, release.url) <= MAX_QUERIES


def content_cache_reads_of(client, url, monkeypatch):
    """The Redis commands one request sends for what pages remember of the content."""
    from redis.connection import Connection

    client.get(url)  # worked out once, by the first reader
    sent = []
    send_command = Connection.send_command

    def recording(connection, *args, **kwargs):
        sent.append(" ".join(str(part) for part in args[:2]))
        return send_command(connection, *args, **kwargs)

    monkeypatch.setattr(Connection, "send_command", recording)
    response = client.get(url)
    monkeypatch.setattr(Connection, "send_command", send_command)
    assert response.status_code == 200, url
    return [command for command in sent if "content-cache" in command]


def test_a_public_page_reads_what_it_remembers_in_one_redis_round_trip(
    client, site_pages, monkeypatch
):
    """Issue 15: a page read each remembered result from Redis, about a dozen round trips of
    several milliseconds each under load; now the generation alone is read, the results of a
    generation are kept in the process once read."""
    site_pages["grow"](SMALL)
    reads = {
        page: content_cache_reads_of(client, url, monkeypatch)
        for page, url in site_pages["urls"].items()
    }
    too_many = {page: sent for page, sent in reads.items() if len(sent) > 1}
    assert not too_many, f"pages with more than one content cache read: {too_many}"
