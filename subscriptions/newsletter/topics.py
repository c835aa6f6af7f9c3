"""The news topics a subscriber can choose (news.Topic, a translatable snippet).

A subscriber's choice is stored as topic rows; shown in another language, a choice is found
again through the rows' translation key. An issue is about the topics of its press releases.
"""

from django.db.models import Q

from news.models import Topic


def choices(language):
    return Topic.objects.filter(locale__language_code=language).order_by("name")


def chosen_in(subscriber, language):
    keys = subscriber.topics.values_list("translation_key", flat=True)
    return choices(language).filter(translation_key__in=list(keys))


def issue_topic_keys(issue):
    keys = set()
    for block in issue.items:
        if block.block_type == "press_release" and block.value is not None:
            page = block.value.specific
            keys.update(link.topic.translation_key for link in page.topic_links.all())
    return keys


def recipients_filter(issue):
    """Subscribers who chose no topic get every issue; the others get the issues about one of
    their topics, and the issues about no topic in particular."""
    keys = issue_topic_keys(issue)
    if not keys:
        return Q()
    return Q(topics__isnull=True) | Q(topics__translation_key__in=keys)
