"""The topics videos are filed under: a vocabulary the project supplies, not this app.

As Django finds the user model through AUTH_USER_MODEL (and Wagtail the image model through
WAGTAILIMAGES_IMAGE_MODEL), the media library finds its topic model through the setting
MEDIA_LIBRARY_TOPIC_MODEL ("app_label.ModelName"): here, the press releases' vocabulary, so the
news and the videos are filtered with the same words. The model is translatable (wagtail's
TranslatableMixin) and has a `name` and a `slug` in each language.

A video links to one language version of a topic; its language versions share the links
(wagtail-localize synchronises them) and every public page shows the reader's version.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from common.alphabet import in_alphabetical_order
from common.translations import in_locale
from media_library.models import VideoTopicLink


def get_topic_model():
    """The model named by MEDIA_LIBRARY_TOPIC_MODEL."""
    name = settings.MEDIA_LIBRARY_TOPIC_MODEL
    try:
        return apps.get_model(name, require_ready=False)
    except ValueError:
        raise ImproperlyConfigured(
            "MEDIA_LIBRARY_TOPIC_MODEL must be of the form 'app_label.ModelName'."
        ) from None
    except LookupError:
        raise ImproperlyConfigured(
            f"MEDIA_LIBRARY_TOPIC_MODEL refers to the model {name!r}, which is not installed."
        ) from None


def topics_in_locale(locale):
    """The vocabulary in one language, in alphabetical order of name (accents ignored): what
    the public filters choose from."""
    return in_alphabetical_order(get_topic_model().objects.filter(locale=locale))


def topics_of(asset, locale):
    """The asset's topics in the editors' order, each in `locale` where it has a version there
    (its linked version otherwise): two queries, whatever the number of topics."""
    linked = [link.topic for link in asset.topic_links.select_related("topic")]
    return in_locale(linked, get_topic_model().objects.all(), locale.pk)


def assets_with_topic(assets, topic):
    """The assets linked to any language version of `topic`."""
    linked = VideoTopicLink.objects.filter(topic__translation_key=topic.translation_key)
    return assets.filter(pk__in=linked.values("asset_id"))
