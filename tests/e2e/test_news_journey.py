"""Journalists find, filter and read press releases in both languages; a translator translates
one in wagtail-localize's editor and publishes it."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def newsroom(transactional_db):
    """Both news indexes, two topics and three releases, the first two translated."""
    from django.apps import apps
    from django.utils import timezone
    from wagtail.models import Locale

    from news.models import NewsIndexPage, PressReleasePage, PressReleaseTopic, Topic
    from portal.demo.home import ensure_home_pages
    from portal.demo.translation import translate
    from translators.groups import ensure_translator_groups

    homes = ensure_home_pages()
    ensure_translator_groups(apps)
    fr, en = (Locale.objects.get(language_code=code) for code in ("fr", "en"))
    index = homes["fr"].add_child(
        instance=NewsIndexPage(title="Communiqués", slug="communiques", locale=fr)
    )
    index.save_revision().publish()
    translate(index, en, {"Communiqués": "Press releases", "communiques": "news"})
    climate = Topic.objects.create(locale=fr, slug="climat", name="Climat")
    translate(climate, en, {"Climat": "Climate", "climat": "climate"})
    health = Topic.objects.create(locale=fr, slug="sante", name="Santé")
    translate(health, en, {"Santé": "Health", "sante": "health"})
    releases = {}
    for number, (title, english, topic, days) in enumerate(
        [
            ("Sécheresse au Sahel", "Drought in the Sahel", climate, 3),
            ("Campagne de vaccination", "Vaccination campaign", health, 10),
            ("Pas encore traduit", None, climate, 20),
        ],
        start=1,
    ):
        release = index.add_child(
            instance=PressReleasePage(
                title=title,
                standfirst=f"{title} : le chapeau.",
                place="Genève",
                reference=f"PR/CP(2025){number:03d}",
                release_date=datetime.datetime(2025, 11, 17, 10, tzinfo=datetime.UTC)
                - datetime.timedelta(days=days),
                body=[("paragraph", f"<p>{title} : le texte.</p>")],
                locale=fr,
                topic_links=[PressReleaseTopic(topic=topic)],
            )
        )
        release.save_revision().publish()
        if english:
            translate(
                release,
                en,
                {
                    title: english,
                    f"{title} : le chapeau.": f"{english}: the lead.",
                    f"{title} : le texte.": f"{english}: the text.",
                    "Genève": "Geneva",
                },
            )
        releases[title] = release
    assert timezone.now()
    return releases


@pytest.mark.parametrize(
    ("language", "news", "topic", "title", "date", "other_link", "other_title"),
    [
        (
            "fr-FR",
            "Actualités",
            "Climat",
            "Sécheresse au Sahel",
            "14 novembre 2025",
            "Read this press release in English",
            "Drought in the Sahel",
        ),
        (
            "en-GB",
            "News",
            "Climate",
            "Drought in the Sahel",
            "14 November 2025",
            "Lire ce communiqué en français",
            "Sécheresse au Sahel",
        ),
    ],
)
def test_journalist_filters_reads_and_switches_language(
    newsroom,
    live_server,
    open_page,
    assert_accessible,
    language,
    news,
    topic,
    title,
    date,
    other_link,
    other_title,
):
    page = open_page(locale=language)
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name=title).is_visible()  # latest releases on home
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").or_(
        page.get_by_role("navigation", name="Navigation principale")
    ).get_by_role("link", name=news).click()
    page.wait_for_load_state()
    assert page.locator(".release-summary").count() == (3 if language == "fr-FR" else 2)
    assert_accessible(page)

    page.get_by_label("Topic").or_(page.get_by_label("Thème")).select_option(label=topic)
    page.get_by_role("button", name="Show").or_(page.get_by_role("button", name="Afficher")).click()
    page.wait_for_url("**topic=*")
    summaries = page.locator(".release-summary")
    assert summaries.count() == (2 if language == "fr-FR" else 1)
    assert "Vaccination" not in page.locator("main").inner_text()

    page.get_by_role("link", name=title).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1, name=title).is_visible()
    assert page.locator(".dateline time").inner_text() == date
    assert page.locator(".release__reference").inner_text() == "PR/CP(2025)001"
    assert_accessible(page)

    page.get_by_role("link", name=other_link).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1, name=other_title).is_visible()


@pytest.mark.parametrize(
    ("path", "label", "query", "found"),
    [
        (
            "/fr/communiques/",
            "Rechercher dans les communiqués",
            "vaccination",
            "Campagne de vaccination",
        ),
        ("/en/news/", "Search press releases", "vaccination", "Vaccination campaign"),
    ],
)
def test_journalist_searches_in_their_language(
    newsroom, live_server, open_page, assert_accessible, path, label, query, found
):
    page = open_page(locale="en-GB" if path.startswith("/en/") else "fr-FR")
    page.goto(live_server.url + path)
    page.get_by_label(label).fill(query)
    page.get_by_label(label).press("Enter")
    page.wait_for_url(f"**q={query}*")
    expect(page.locator(".release-summary")).to_have_count(1)
    expect(page.get_by_role("link", name=found)).to_be_visible()
    assert_accessible(page)


def test_translator_translates_a_release_in_the_editor_and_publishes_it(
    newsroom, live_server, open_page, django_user_model
):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_user(
        email="traductrice@example.org", password="Une-phrase-de-passe-1"
    )
    user.groups.add(user.groups.model.objects.get(name="Translators into English"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    release = newsroom["Pas encore traduit"]

    page = open_page(locale="en-GB")
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill("Une-phrase-de-passe-1")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    # "Translate this page" of the page's action menu leads here (tested in tests/news).
    page.goto(f"{live_server.url}/admin/localize/submit/page/{release.pk}/")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url("**/edit/")

    english = {
        "Pas encore traduit": "Not translated yet",
        "Pas encore traduit : le chapeau.": "Not translated yet: the lead.",
        "Genève": "Geneva",
        "Pas encore traduit : le texte.": "Not translated yet: the text.",
    }
    for source, target in english.items():
        segment = page.locator("li", has=page.get_by_text(source, exact=True)).last
        segment.get_by_role("button", name="Translate").click()
        segment.locator("textarea").fill(target)
        segment.get_by_role("button", name="Save").click()
        segment.get_by_text(target, exact=True).wait_for()

    expect(page.get_by_text("Translated manually")).to_have_count(len(english))
    page.get_by_role("button", name="Publish in English").click()
    page.get_by_text("Published").first.wait_for()

    visitor = open_page(locale="en-GB")
    visitor.goto(f"{live_server.url}/en/news/")
    visitor.get_by_role("link", name="Not translated yet").click()
    expect(visitor.locator("main")).to_contain_text("Not translated yet: the text.")
    expect(visitor.locator(".dateline__place")).to_have_text("Geneva")
