"""Fixtures of the news tests: both news indexes, topics, and a release factory."""

import datetime

import pytest
from django.utils import timezone

FRENCH_BODY = [
    ("paragraph", "<p>Le texte du communiqué.</p>"),
    ("heading", "Un intertitre"),
    ("quote", {"text": "Une citation forte.", "attribution": "Amina Diallo"}),
]


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        email="editrice@example.org", password="Test#Password42"
    )


@pytest.fixture
def editor(client, superuser):
    """The test client, logged in as an editor of the press office."""
    client.force_login(superuser)
    return client


@pytest.fixture
def news_site(home_pages, django_capture_on_commit_callbacks):
    """Home pages, the news index of each language and two translated topics."""
    from wagtail.models import Locale

    from news.models import NewsIndexPage, Topic
    from portal.demo.translation import translate

    locales = {code: Locale.objects.get(language_code=code) for code in ("fr", "en")}
    french_index = home_pages["fr"].add_child(
        instance=NewsIndexPage(title="Communiqués", slug="communiques", locale=locales["fr"])
    )
    french_index.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        english_index = translate(
            french_index, locales["en"], {"Communiqués": "Press releases", "communiques": "news"}
        ).specific
        topics = {}
        for slug, name, english_slug, english_name in [
            ("climat", "Climat", "climate", "Climate"),
            ("sante", "Santé", "health", "Health"),
        ]:
            french = Topic.objects.create(locale=locales["fr"], slug=slug, name=name)
            translate(french, locales["en"], {name: english_name, slug: english_slug})
            topics[english_slug] = french
    return {
        "locales": locales,
        "index": {"fr": french_index, "en": english_index},
        "topics": topics,
        "homes": home_pages,
    }


@pytest.fixture
def make_release(news_site, django_capture_on_commit_callbacks):
    """A published release (French unless told), translated when `english` strings are given."""
    from news.models import PressReleasePage, PressReleaseTopic, RelatedRelease
    from portal.demo.translation import translate

    counter = iter(range(1, 10_000))

    def make(
        title="Un communiqué",
        *,
        language="fr",
        standfirst="Le chapeau du communiqué.",
        place="Genève",
        date=None,
        reference=None,
        topics=(),
        related=(),
        body=None,
        translation=None,
        publish=True,
        go_live_at=None,
    ):
        number = next(counter)
        date = date or timezone.now() - datetime.timedelta(days=number)
        release = news_site["index"][language].add_child(
            instance=PressReleasePage(
                title=title,
                standfirst=standfirst,
                place=place,
                release_date=date,
                reference=reference or f"PR/CP({date.year}){number:03d}",
                body=body if body is not None else FRENCH_BODY,
                locale=news_site["locales"][language],
                topic_links=[PressReleaseTopic(topic=news_site["topics"][t]) for t in topics],
                related_links=[RelatedRelease(release=r) for r in related],
                go_live_at=go_live_at,
                live=not go_live_at and publish,
            )
        )
        if publish:
            release.save_revision().publish()
        if translation is not None:
            other = "en" if language == "fr" else "fr"
            with django_capture_on_commit_callbacks(execute=True):
                translate(release, news_site["locales"][other], translation)
        release.refresh_from_db()
        return release

    return make


def english_strings(title="A release", standfirst="The release's lead.", place="Geneva"):
    """The English of a release made by `make_release` with its default French texts."""
    return {
        "Un communiqué": title,
        "Le chapeau du communiqué.": standfirst,
        "Genève": place,
        "Le texte du communiqué.": "The text of the release.",
        "Un intertitre": "A subheading",
        "Une citation forte.": "A strong quotation.",
        "Amina Diallo": "Amina Diallo",
    }


@pytest.fixture
def translator_client(db, django_user_model):
    """A client logged in as a translator into the given languages ("en", "fr" or both)."""
    from django.apps import apps
    from django.test import Client

    from translators.groups import ensure_translator_groups
    from translators.rules import GROUPS

    ensure_translator_groups(apps)

    def make(*languages):
        email = f"translator-{'-'.join(languages)}@example.org"
        user = django_user_model.objects.filter(email=email).first()
        user = user or django_user_model.objects.create_user(email=email, password="x")
        user.groups.add(*user.groups.model.objects.filter(name__in=[GROUPS[c] for c in languages]))
        client = Client()
        client.force_login(user)
        return client

    return make
