"""Videos are filed under the press releases' topics: the public index filters by topic in the
reader's language, a video's page lists its topics, translations keep them, editors choose them."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from media_library.models import VideoAsset
from resilience import content_cache

from .captions import NO_CUES
from .topic_links import file_under, topic_forms

pytestmark = pytest.mark.django_db


def url(name, *args, language):
    with override(language):
        return reverse(f"media_library_public:{name}", args=args)


def titles(response):
    """The titles of the video cards of an index page, in their order."""
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'<li class="library-card">.*?<h2>(.*?)</h2>', html, re.S)


def topic_links_on(response):
    """(name, address) of each topic a video's page links to."""
    html = response.content.decode()
    listing = html.split('class="library-topics"')[1].split("</ul>")[0]
    return [(name, href) for href, name in re.findall(r'<a href="([^"]+)">([^<]+)</a>', listing)]


@pytest.fixture
def climate(make_topic):
    return make_topic(("Climat", "climat"), ("Climate", "climate"))


@pytest.fixture
def health(make_topic):
    return make_topic(("Santé", "sante"), ("Health", "health"))


@pytest.fixture
def to_english(roots, django_capture_on_commit_callbacks):
    """Translate a French video into English with wagtail-localize, as a translator does."""
    from portal.demo.translation import translate

    def translate_video(asset, title):
        with django_capture_on_commit_callbacks(execute=True):
            return translate(asset, roots["en"], {asset.title: title})

    return translate_video


def test_the_index_filters_by_topic_in_french_and_in_english(
    client, make_asset, small_video, media_root, roots, climate, health, to_english
):
    glaciers = file_under(make_asset(small_video, title="Fonte des glaciers"), climate)
    to_english(glaciers, "Melting glaciers")
    vaccines = file_under(make_asset(small_video, title="Campagne de vaccination"), health)
    to_english(vaccines, "Vaccination campaign")
    # Written in English, filed under the English version of the topic.
    file_under(
        make_asset(small_video, title="Wind farm tour", locale="en"),
        climate.get_translation(roots["en"]),
    )

    french = client.get(url("index", language="fr"), {"topic": "climat"})
    assert titles(french) == ["Fonte des glaciers"]
    html = french.content.decode()
    assert '<option value="climat" selected>Climat</option>' in html
    assert '<option value="sante">Santé</option>' in html and "Climate" not in html

    english = client.get(url("index", language="en"), {"topic": "climate"})
    assert sorted(titles(english)) == ["Melting glaciers", "Wind farm tour"]
    assert '<option value="climate" selected>Climate</option>' in english.content.decode()
    health_en = client.get(url("index", language="en"), {"topic": "health"})
    assert titles(health_en) == ["Vaccination campaign"]
    # The language switcher leads to the same filter in the other language.
    switch = f'href="{url("index", language="fr")}?topic=sante" hreflang="fr"'
    assert switch in health_en.content.decode()


def test_the_topic_filter_combines_with_dates_search_and_pages(
    client, make_asset, small_video, media_root, climate, health
):
    old = file_under(make_asset(small_video, title="Glaciers en 2020"), climate)
    old.first_published_at = timezone.now() - timedelta(days=40)
    old.save()
    for number in range(13):
        file_under(make_asset(small_video, title=f"Sécheresse {number}"), climate)
    file_under(make_asset(small_video, title="Hôpitaux de campagne"), health)
    index = url("index", language="fr")
    recent = (timezone.now() - timedelta(days=7)).date().isoformat()

    first_page = client.get(index, {"topic": "climat", "after": recent})
    assert len(titles(first_page)) == 12
    assert all(title.startswith("Sécheresse") for title in titles(first_page))
    next_link = re.search(r'<a rel="next" href="\?([^"]+)"', first_page.content.decode())[1]
    assert "topic=climat" in next_link and f"after={recent}" in next_link
    second_page = client.get(index + "?" + next_link.replace("&amp;", "&"))
    assert len(titles(second_page)) == 1 and titles(second_page)[0].startswith("Sécheresse")

    older = (timezone.now() - timedelta(days=30)).date().isoformat()
    assert titles(client.get(index, {"topic": "climat", "before": older})) == ["Glaciers en 2020"]
    assert titles(client.get(index, {"topic": "sante", "before": older})) == []
    assert titles(client.get(index, {"topic": "climat", "q": "glaciers"})) == ["Glaciers en 2020"]
    assert titles(client.get(index, {"topic": "sante", "q": "glaciers"})) == []


def test_an_unknown_topic_is_ignored_and_the_other_filters_still_apply(
    client, make_asset, small_video, media_root, climate
):
    file_under(make_asset(small_video, title="Fonte des glaciers"), climate)
    make_asset(small_video, title="Conférence de presse")
    index = url("index", language="fr")

    unknown = client.get(index, {"topic": "n-existe-pas"})
    assert sorted(titles(unknown)) == ["Conférence de presse", "Fonte des glaciers"]
    assert "field-error" not in unknown.content.decode()
    english_slug = client.get(index, {"topic": "climate"})  # the English slug on a French page
    assert len(titles(english_slug)) == 2
    tomorrow = (timezone.now() + timedelta(days=1)).date().isoformat()
    assert titles(client.get(index, {"topic": "n-existe-pas", "after": tomorrow})) == []


def test_an_invalid_date_shows_its_error_and_the_other_filters_still_apply(
    client, make_asset, small_video, media_root, climate, health
):
    file_under(make_asset(small_video, title="Fonte des glaciers"), climate)
    file_under(make_asset(small_video, title="Hôpitaux de campagne"), health)

    response = client.get(url("index", language="fr"), {"topic": "climat", "after": "2026-13-45"})
    assert titles(response) == ["Fonte des glaciers"]
    html = response.content.decode()
    assert '<option value="climat" selected>Climat</option>' in html
    assert "Saisissez une date sous la forme jj/mm/aaaa." in html  # the French way, named
    tomorrow = (timezone.now() + timedelta(days=1)).date().isoformat()
    both_dates = {"after": "2026-13-45", "before": tomorrow, "q": "hôpitaux"}
    assert titles(client.get(url("index", language="fr"), both_dates)) == ["Hôpitaux de campagne"]


def test_topic_filters_list_topics_in_alphabetical_order_accents_ignored(
    client, make_topic, climate, health
):
    make_topic(("Éducation", "education"), ("Education", "education"))
    make_topic(("économie", "economie"), ("Economy", "economy"))
    html = client.get(url("index", language="fr")).content.decode()
    names = re.findall(r'<option value="[a-z]+">([^<]+)</option>', html)
    assert names == ["Climat", "économie", "Éducation", "Santé"]


def test_a_translated_video_keeps_its_topics_shown_in_the_readers_language(
    client, make_asset, small_video, media_root, roots, climate, health, to_english
):
    french = file_under(make_asset(small_video, title="Fonte des glaciers"), climate, health)
    english = to_english(french, "Melting glaciers")

    assert [link.topic for link in english.topic_links.all()] == [climate, health]
    english_page = client.get(url("detail", french.video_id, language="en"))
    assert "Melting glaciers" in english_page.content.decode()
    assert topic_links_on(english_page) == [
        ("Climate", "/en/videos/?topic=climate"),
        ("Health", "/en/videos/?topic=health"),
    ]
    french_page = client.get(url("detail", french.video_id, language="fr"))
    assert topic_links_on(french_page) == [
        ("Climat", "/fr/videos/?topic=climat"),
        ("Santé", "/fr/videos/?topic=sante"),
    ]

    # The editor refiles the French video; syncing the translation brings the English one along.
    french = VideoAsset.objects.get(pk=french.pk)
    file_under(french, health)
    to_english(french, "Melting glaciers")
    english_page = client.get(url("detail", french.video_id, language="en"))
    assert topic_links_on(english_page) == [("Health", "/en/videos/?topic=health")]


def test_a_video_page_costs_the_same_queries_whatever_its_number_of_topics(
    client, make_asset, small_video, media_root, make_topic, climate, health
):
    water = make_topic(("Eau", "eau"), ("Water", "water"))
    one = file_under(make_asset(small_video, title="One topic", locale="en"), climate)
    three = file_under(
        make_asset(small_video, title="Three topics", locale="en"), climate, health, water
    )

    def queries(asset):
        client.get(url("detail", asset.video_id, language="en"))  # warm the caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url("detail", asset.video_id, language="en"))
        assert response.status_code == 200
        return len(captured)

    assert queries(three) == queries(one)
    page = client.get(url("detail", three.video_id, language="en"))
    assert [name for name, _ in topic_links_on(page)] == ["Climate", "Health", "Water"]


def test_editors_choose_topics_in_the_video_form_and_filter_the_list_by_topic(
    make_asset, small_video, admin_client, roots, climate, health
):
    glaciers = make_asset(small_video, title="Fonte des glaciers", live=False)
    make_asset(small_video, title="Conférence de presse", live=False)
    edit = reverse("wagtailsnippets_media_library_videoasset:edit", args=[glaciers.pk])
    form = {
        "title": glaciers.title,
        "description": "",
        "credits": "",
        "collection": str(glaciers.collection_id),
        "shots-TOTAL_FORMS": "0",
        "shots-INITIAL_FORMS": "0",
        "shots-MIN_NUM_FORMS": "0",
        "shots-MAX_NUM_FORMS": "1000",
        **NO_CUES,
        "action-publish": "1",
    }

    page = admin_client.get(edit).content.decode()
    assert 'id="id_topic_links-TOTAL_FORMS"' in page
    twice = admin_client.post(edit, {**form, **topic_forms(climate, climate)})
    assert twice.status_code == 200 and not glaciers.topic_links.exists()
    response = admin_client.post(edit, {**form, **topic_forms(health, climate)})
    assert response.status_code == 302
    assert [link.topic for link in glaciers.topic_links.all()] == [health, climate]

    listing = reverse("wagtailsnippets_media_library_videoasset:list")
    filtered = admin_client.get(listing, {"topic": climate.pk}).content.decode()
    assert "Fonte des glaciers" in filtered and "Conférence de presse" not in filtered


def test_the_demo_files_its_videos_under_the_demo_topics_once(
    client, roots, media_root, monkeypatch, django_capture_on_commit_callbacks
):
    from portal.demo import media, news

    laboratory = next(spec for spec in media.VIDEOS if spec["topics"] == ["health", "water"])
    monkeypatch.setattr(media, "VIDEOS", [{**laboratory, "seconds": 2}])
    with django_capture_on_commit_callbacks(execute=True):
        news.ensure_topics(roots)
        media.load()
        media.load()

    french = VideoAsset.objects.get(locale=roots["fr"])
    english = french.get_translation(roots["en"])
    assert [link.topic.name for link in french.topic_links.all()] == ["Santé", "Eau"]
    assert [link.topic for link in english.topic_links.all()] == [
        link.topic for link in french.topic_links.all()
    ]
    assert VideoAsset.objects.count() == 2
    page = client.get(url("detail", french.video_id, language="en"))
    assert [name for name, _ in topic_links_on(page)] == ["Health", "Water"]


def test_a_topic_filter_costs_few_queries_language_switcher_included(
    client, make_asset, small_video, media_root, climate
):
    file_under(make_asset(small_video, title="Fonte des glaciers"), climate)
    index = url("index", language="fr")
    client.get(index)  # warm caches (site, locales)
    content_cache.start_new_generation()  # both rendered, not remembered (resilience/fragments)
    with CaptureQueriesContext(connection) as plain:
        client.get(index)
    content_cache.start_new_generation()
    with CaptureQueriesContext(connection) as filtered:
        page = client.get(index, {"topic": "climat"}).content.decode()
    assert 'topic=climate" hreflang="en"' in page
    # the filter itself, and one query to name the topic in the other language
    assert len(filtered) - len(plain) <= 3, [q["sql"] for q in filtered.captured_queries]
