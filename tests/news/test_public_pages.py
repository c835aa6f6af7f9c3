"""What journalists see: the news index, a release, feeds, the sitemap and the home page."""

import datetime
import re

import pytest
from django.utils import timezone

from .conftest import english_strings

pytestmark = pytest.mark.django_db


def test_index_lists_newest_first_with_date_dateline_and_standfirst(client, make_release):
    make_release("Plus ancien", date=timezone.now() - datetime.timedelta(days=30))
    make_release("Plus récent", date=timezone.now() - datetime.timedelta(days=1))
    html = client.get("/fr/communiques/").content.decode()
    assert html.index("Plus récent") < html.index("Plus ancien")
    assert '<span class="dateline__place">Genève</span>' in html
    assert "Le chapeau du communiqué." in html
    assert "2 communiqués de presse" in html


def test_index_is_paginated_ten_per_page(client, make_release):
    for number in range(12):
        make_release(f"Communiqué numéro {number}")
    first = client.get("/fr/communiques/").content.decode()
    second = client.get("/fr/communiques/?page=2").content.decode()
    assert first.count('class="release-summary"') == 10
    assert second.count('class="release-summary"') == 2
    assert "Page 2 sur 2" in second
    assert 'rel="next"' in first and "?page=2" in first
    assert client.get("/fr/communiques/?page=999").status_code == 200


def test_index_filters_by_year_and_topic_in_each_language(client, make_release):
    last_year = timezone.now().replace(year=timezone.now().year - 1)
    make_release(
        "Climat ancien",
        date=last_year,
        topics=["climate"],
        translation={
            **english_strings(title="Old climate"),
            "Climat ancien": "Old climate",
        },
    )
    make_release(
        "Santé récente",
        topics=["health"],
        translation={
            **english_strings(),
            "Santé récente": "Recent health",
        },
    )
    html = client.get(f"/fr/communiques/?year={last_year.year}").content.decode()
    assert "Climat ancien" in html and "Santé récente" not in html
    html = client.get("/fr/communiques/?topic=sante").content.decode()
    assert "Santé récente" in html and "Climat ancien" not in html
    html = client.get("/en/news/?topic=climate").content.decode()
    assert "Old climate" in html and "Recent health" not in html
    assert '<option value="climate" selected>Climate</option>' in html


def test_index_lists_topics_in_alphabetical_order_accents_ignored(client, news_site):
    from news.models import Topic

    french = news_site["locales"]["fr"]
    Topic.objects.create(locale=french, slug="education", name="Éducation")
    Topic.objects.create(locale=french, slug="economie", name="économie")
    html = client.get("/fr/communiques/").content.decode()
    listing = html.split('id="news-topic"')[1].split("</select>")[0]
    names = re.findall(r'<option value="[a-z]+">([^<]+)</option>', listing)
    assert names == ["Climat", "économie", "Éducation", "Santé"]


@pytest.mark.parametrize(
    "query", ["year=abc", "year=1850", "topic=nothing", "page=x", "q=" + "a" * 500]
)
def test_bad_filter_values_are_ignored_not_errors(client, make_release, query):
    make_release("Toujours là")
    response = client.get(f"/fr/communiques/?{query}")
    assert response.status_code == 200


def test_search_finds_releases_in_the_current_language_only(client, make_release):
    make_release(
        "Inondations au Sahel",
        translation={**english_strings(), "Inondations au Sahel": "Floods in the Sahel"},
    )
    make_release("Vaccination des enfants")
    french = client.get("/fr/communiques/?q=inondations").content.decode()
    assert "Inondations au Sahel" in french and "Vaccination" not in french
    english = client.get("/en/news/?q=floods").content.decode()
    assert "Floods in the Sahel" in english
    assert "Inondations" not in client.get("/en/news/?q=inondations").content.decode()


@pytest.mark.parametrize(
    ("language", "date_text", "other_link"),
    [
        ("fr", "17 novembre 2025", "Read this press release in English"),
        ("en", "17 November 2025", "Lire ce communiqué en français"),
    ],
)
def test_release_page_shows_dateline_date_reference_topics_and_other_language(
    client, make_release, language, date_text, other_link
):
    date = datetime.datetime(2025, 11, 17, 10, tzinfo=datetime.UTC)
    release = make_release(
        date=date,
        reference="PR/CP(2025)123",
        topics=["climate"],
        translation=english_strings(),
    )
    page = release if language == "fr" else release.get_translations().get()
    html = client.get(page.url).content.decode()
    local_date = timezone.localtime(date).isoformat()
    assert f'<time datetime="{local_date}">{date_text}</time>' in html
    assert "PR/CP(2025)123" in html
    assert ("Climat" if language == "fr" else "Climate") in html
    assert other_link in html
    assert ("Une citation forte." if language == "fr" else "A strong quotation.") in html


def test_release_page_has_open_graph_twitter_meta_and_print_stylesheet(client, make_release):
    release = make_release(topics=["health"], translation=english_strings())
    html = client.get(release.url).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Un communiqué">' in html
    assert '<meta property="og:locale" content="fr_FR">' in html
    assert '<meta property="og:locale:alternate" content="en_GB">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert f'<meta property="og:url" content="{release.full_url}">' in html
    assert re.search(r'<link rel="stylesheet" href="[^"]*release-print\.css" media="print">', html)


def test_related_releases_show_in_the_readers_language(client, make_release):
    first = make_release("Premier", translation={**english_strings(), "Premier": "First one"})
    second = make_release(
        "Second", related=[first], translation={**english_strings(), "Second": "Second one"}
    )
    english_second = second.get_translations().get()
    html = client.get(english_second.url).content.decode()
    assert "Related press releases" in html
    assert "First one" in html and ">Premier<" not in html


def test_feed_per_language_and_per_topic(client, news_site, make_release):
    make_release(
        "Climat", topics=["climate"], translation={**english_strings(), "Climat": "Climate news"}
    )
    make_release("Santé", topics=["health"])
    feed = client.get("/fr/communiques/feed/")
    assert feed["Content-Type"].startswith("application/rss+xml")
    body = feed.content.decode()
    assert "<language>fr</language>" in body
    assert "<title>Climat</title>" in body and "<title>Santé</title>" in body
    english_topic = client.get("/en/news/feed/climate/").content.decode()
    assert "<title>Climate news</title>" in english_topic
    assert "Santé" not in english_topic
    assert client.get("/en/news/feed/unknown/").status_code == 404


@pytest.mark.parametrize("path", ["/fr/", "/fr/communiques/", "/en/", "/en/news/", "release"])
def test_home_and_news_pages_advertise_their_languages_feed(client, make_release, path):
    if path == "release":
        path = make_release().url
    html = client.get(path).content.decode()
    prefix = path[:4]
    feed = "/fr/communiques/feed/" if prefix == "/fr/" else "/en/news/feed/"
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert f'href="http://testserver{feed}"' in html


def test_sitemap_lists_both_languages_with_hreflang_alternates(client, make_release):
    release = make_release(translation=english_strings())
    english = release.get_translations().get()
    xml = client.get("/sitemap-pages.xml").content.decode()
    assert f"<loc>{release.full_url}</loc>" in xml
    assert f"<loc>{english.full_url}</loc>" in xml
    assert f'hreflang="en" href="{english.full_url}"' in xml
    assert f'hreflang="fr" href="{release.full_url}"' in xml
    assert "<loc>http://localhost/en/</loc>" in xml


def test_sitemap_is_an_index_of_bounded_sections_that_together_list_every_page(
    client, make_release, monkeypatch
):
    """Issue 15: one sitemap of 10,000 releases took seconds to answer; /sitemap.xml is now an
    index of sections of a bounded number of pages, and no page is lost between sections."""
    from portal.sitemap import MultilingualSitemap

    monkeypatch.setattr(MultilingualSitemap, "limit", 2)
    release = make_release(translation=english_strings())
    english = release.get_translations().get()
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index
    sections = re.findall(r"<loc>http://testserver(/sitemap-pages\.xml[^<]*)</loc>", index)
    assert len(sections) >= 3, index  # the homes, the news indexes and the release, 2 by 2
    listed = []
    for section in sections:
        xml = client.get(section.replace("&amp;", "&")).content.decode()
        urls = re.findall(r"<url><loc>([^<]+)</loc>", xml.replace("\n", "").replace(" ", ""))
        assert 1 <= len(urls) <= 2, (section, urls)
        listed += urls
    assert len(listed) == len(set(listed))
    assert release.full_url in listed and english.full_url in listed
    assert "http://localhost/en/" in listed and "http://localhost/fr/" in listed


def test_home_page_shows_latest_releases_of_its_language_and_a_news_link(client, make_release):
    make_release(
        "Dernier communiqué",
        translation={**english_strings(), "Dernier communiqué": "Latest release"},
    )
    make_release("Seulement en français")
    french = client.get("/fr/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Derniers communiqués" in french and "Dernier communiqué" in french
    assert "Latest press releases" in english and "Latest release" in english
    assert "Seulement en français" not in english
    assert '<a href="/en/news/">News</a>' in english
    assert '<a href="/fr/communiques/">Actualités</a>' in french


def test_a_release_without_translation_offers_no_other_language_version(client, make_release):
    release = make_release("Seulement en français")
    html = client.get(release.url).content.decode()
    assert "Read this press release in English" not in html
    assert 'hreflang="en" href=' not in html
    assert '<meta property="og:locale:alternate"' not in html


def test_language_switcher_keeps_the_filters_in_the_other_language(client, make_release):
    make_release("Santé", topics=["health"], translation={**english_strings(), "Santé": "Health"})
    html = client.get("/fr/communiques/?topic=sante&year=2025").content.decode()
    assert 'href="/en/news/?topic=health&amp;year=2025" hreflang="en"' in html
    html = client.get("/en/news/?topic=health").content.decode()
    assert 'href="/fr/communiques/?topic=sante" hreflang="fr"' in html
