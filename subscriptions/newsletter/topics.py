"""The news topics a subscriber can choose (news.Topic, a translatable snippet).

A subscriber's choice is stored as topic rows; shown in another language, a choice is found
again through the rows' translation key.
"""

from django.apps import apps
from django.db.models import Q
from wagtail.models import Locale


def model():
    try:
        return apps.get_model("news", "Topic")
    except LookupError:
        return None


def available():
    return model() is not None and hasattr(_subscriber_model(), "topics")


def _subscriber_model():
    return apps.get_model("subscriptions", "Subscriber")


def choices(language):
    topic_model = model()
    locale = Locale.objects.filter(language_code=language).first()
    return topic_model.objects.filter(locale=locale).order_by("name")


def chosen_in(subscriber, language):
    keys = subscriber.topics.values_list("translation_key", flat=True)
    return choices(language).filter(translation_key__in=list(keys))


def recipients_filter(issue):
    """Subscribers who chose no topic get every issue; the others get issues about one of
    their topics (or issues with no topic)."""
    if not available() or not hasattr(issue, "topics"):
        return Q()
    keys = list(issue.topics.values_list("translation_key", flat=True))
    if not keys:
        return Q()
    return Q(topics__isnull=True) | Q(topics__translation_key__in=keys)
