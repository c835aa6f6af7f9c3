"""Reference numbers, and which fields a translation shares with its source."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from news.reference import normalise_reference, validate_reference

from .conftest import english_strings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["PR/CP(2025)123", "pr/cp (2025) 7", " PR/CP(2026)0001 "])
def test_well_formed_references_are_accepted(value):
    validate_reference(value)


@pytest.mark.parametrize("value", ["123", "PR/CP(25)123", "PR-CP(2025)123", "PR/CP(2025)", "x"])
def test_malformed_references_are_refused_with_a_clear_message(value):
    with pytest.raises(ValidationError) as error:
        validate_reference(value)
    assert "PR/CP(2025)123" in str(error.value)


def test_references_are_normalised():
    assert normalise_reference(" pr/cp (2025) 12 ") == "PR/CP(2025)12"


def unsaved_release(locale, reference):
    from news.models import PressReleasePage

    return PressReleasePage(
        title="Autre", standfirst="x", place="Genève", reference=reference, body=[], locale=locale
    )


def test_a_reference_is_unique_within_a_language(make_release, news_site):

    make_release(reference="PR/CP(2025)001")
    duplicate = unsaved_release(news_site["locales"]["fr"], "pr/cp(2025)001")
    with pytest.raises(ValidationError) as error:
        duplicate.clean()
    assert "PR/CP(2025)001" in str(error.value.message_dict["reference"])


def test_the_same_reference_is_free_in_another_language(make_release, news_site):

    make_release(reference="PR/CP(2025)001")
    english_only = unsaved_release(news_site["locales"]["en"], "PR/CP(2025)001")
    english_only.clean()


def test_a_translation_shares_date_reference_topics_and_embargo_but_not_text(
    make_release, django_capture_on_commit_callbacks, news_site
):
    from portal.demo.translation import translate

    release = make_release(
        reference="PR/CP(2025)042",
        topics=["climate", "health"],
        date=datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC),
        translation=english_strings(title="English title"),
    )
    english = release.get_translations().get().specific
    assert english.title == "English title"
    assert english.place == "Geneva"
    assert english.reference == "PR/CP(2025)042"
    assert english.release_date == release.release_date
    assert [link.topic for link in english.topic_links.all()] == [
        news_site["topics"]["climate"],
        news_site["topics"]["health"],
    ]
    # The editor changes the date, the reference and a topic: a sync carries them over.
    release.release_date = datetime.datetime(2025, 6, 2, 9, tzinfo=datetime.UTC)
    release.reference = "PR/CP(2025)043"
    release.topic_links.remove(release.topic_links.all()[1])
    release.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        translate(release, news_site["locales"]["en"], english_strings(title="English title"))
    english.refresh_from_db()
    assert english.reference == "PR/CP(2025)043"
    assert english.release_date == release.release_date
    assert english.topic_links.count() == 1


def test_translatable_field_choices_are_the_documented_ones():
    from wagtail_localize.fields import get_translatable_fields

    from news.models import PressReleasePage

    fields = {f.field_name: f for f in get_translatable_fields(PressReleasePage)}
    translated = {name for name, f in fields.items() if f.is_translated(PressReleasePage())}
    assert {"title", "slug", "standfirst", "place", "body", "seo_title"} <= translated
    for name in ("release_date", "reference", "topic_links", "related_links", "go_live_at"):
        assert name not in translated
        assert fields[name].is_synchronized(PressReleasePage())
