"""The demo content loads, in both languages, and loading it again changes nothing."""

import pytest

pytestmark = pytest.mark.django_db


def test_demo_press_releases_load_translated_and_idempotent(django_capture_on_commit_callbacks):
    from news.models import PressReleasePage, Topic
    from portal.demo import news

    with django_capture_on_commit_callbacks(execute=True):
        news.load()
    french = PressReleasePage.objects.filter(locale__language_code="fr")
    english = PressReleasePage.objects.filter(locale__language_code="en")
    assert french.count() >= 30 and english.count() == french.count()
    assert french.live().count() == french.count() and english.live().count() == english.count()
    years = {date.year for date in french.dates("release_date", "year")}
    assert len(years) >= 2
    assert Topic.objects.filter(locale__language_code="en").count() == len(news.TOPICS)
    english_first = [fact for fact in news.FACTS if fact[-1] == "en"]
    assert english_first, "a few releases are written in English first"
    for release in english:
        assert release.reference == release.get_translations().get().specific.reference

    assert_tree_is_consistent()

    pages = PressReleasePage.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        news.load()
    assert PressReleasePage.objects.count() == pages


def assert_tree_is_consistent():
    """Every page's child count matches its children (the next child gets a free path)."""
    from wagtail.models import Page

    for page in Page.objects.all():
        children = Page.objects.filter(path__startswith=page.path, depth=page.depth + 1)
        assert page.numchild == children.count(), page
