"""Topics in tests: the vocabulary in both languages, and videos filed under its terms (as the
admin form posts them, or straight on the model)."""

# The management form of the video form's topics formset, with no topic in it.
NO_TOPICS = {
    "topic_links-TOTAL_FORMS": "0",
    "topic_links-INITIAL_FORMS": "0",
    "topic_links-MIN_NUM_FORMS": "0",
    "topic_links-MAX_NUM_FORMS": "1000",
}


def topic_forms(*topics):
    """The topics formset of the video form, choosing these topics in this order."""
    data = {**NO_TOPICS, "topic_links-TOTAL_FORMS": str(len(topics))}
    for number, topic in enumerate(topics):
        data.update(
            {
                f"topic_links-{number}-topic": str(topic.pk),
                f"topic_links-{number}-ORDER": str(number + 1),
                f"topic_links-{number}-DELETE": "",
                f"topic_links-{number}-id": "",
            }
        )
    return data


def file_under(asset, *topics):
    """Link a video to topics, in this order, and save it."""
    from media_library.models import VideoTopicLink

    asset.topic_links = [VideoTopicLink(topic=topic) for topic in topics]
    asset.save()
    return asset


def translated_topic(french, english):
    """A topic written in French and translated into English with wagtail-localize: `french` and
    `english` are (name, slug) pairs (both change with the language, as the press office's do)."""
    from wagtail.models import Locale

    from media_library.topics import get_topic_model
    from portal.demo.translation import translate

    (name_fr, slug_fr), (name_en, slug_en) = french, english
    topic = get_topic_model().objects.create(
        locale=Locale.objects.get(language_code="fr"), name=name_fr, slug=slug_fr
    )
    translate(topic, Locale.objects.get(language_code="en"), {name_fr: name_en, slug_fr: slug_en})
    return topic
