"""The translation editor's publishing, made to say and do what a translator expects:

- a translation whose slug the translator left alone gets one made from its translated title
  (the slug sits in the editor's last tab, easily missed: the English URL must read English);
- publishing a translation whose page is embargoed says it is scheduled, not published;
- its dates ("last published", "translated manually on") read in the staff member's language
  ("3 décembre 2026"), where wagtail-localize writes them with strftime, always in English.
"""

import html
import json
import re
from datetime import datetime

from django.contrib import messages
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail_localize.models import StringSegment, StringTranslation
from wagtail_localize.views.edit_translation import edit_translation

SLUG_PATH = "slug"
TITLE_PATHS = ("title", "name")  # pages; topics


def complete_slug(translation, user):
    """Give the slug segment a translation made from the translated title, if it has none."""
    segments = {
        segment.context.path: segment
        for segment in StringSegment.objects.filter(
            source=translation.source, context__path__in=(SLUG_PATH, *TITLE_PATHS)
        ).select_related("context", "string")
    }
    slug = segments.get(SLUG_PATH)
    title = next((segments[path] for path in TITLE_PATHS if path in segments), None)
    if slug is None or title is None:
        return
    locale = translation.target_locale
    translated = StringTranslation.objects.filter(locale=locale)
    if translated.filter(translation_of=slug.string, context=slug.context).exists():
        return
    title_translation = translated.filter(translation_of=title.string, context=title.context)
    title_translation = title_translation.first()
    if title_translation is None:
        return
    StringTranslation.objects.create(
        translation_of=slug.string,
        locale=locale,
        context=slug.context,
        data=slugify(title_translation.data, allow_unicode=True),
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        last_translated_by=user,
    )


def publish_translation(request, translation, instance):
    """wagtail-localize's editor view, for a "publish": slug completed first, messages true."""
    complete_slug(translation, request.user)
    response = edit_translation(request, translation, instance)
    instance.refresh_from_db()
    go_live_at = getattr(instance, "go_live_at", None)
    if go_live_at and go_live_at > timezone.now() and not instance.live:
        _say_scheduled(request, instance, translation.target_locale, go_live_at)
    return response


def show_translation(request, translation, instance):
    """wagtail-localize's editor, its date written in the staff member's language."""
    response = edit_translation(request, translation, instance)
    if response.status_code == 200:
        response.content = _dates_in_staff_language(response.content.decode())
    return response


def staff_date(moment):
    """A date as the editor shows it, in the active language: "3 décembre 2026"."""
    return formats.date_format(moment, "j F Y")


def translation_comment(string_translation):
    """wagtail-localize's StringTranslation.get_comment (its messages), the date translated."""
    date = staff_date(timezone.localtime(string_translation.updated_at))
    if string_translation.tool_name:
        return _("Translated with {tool_name} on {date}").format(
            tool_name=string_translation.tool_name, date=date
        )
    if string_translation.translation_type == StringTranslation.TRANSLATION_TYPE_MANUAL:
        return _("Translated manually on {date}").format(date=date)
    if string_translation.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE:
        return _("Machine translated on {date}").format(date=date)
    return None


EDITOR_PROPS = re.compile(r'class="js-translation-editor" data-props="([^"]*)"')
WAGTAIL_LOCALIZE_DATE = "%d %B %Y"  # its strftime format, whose month is always English


def _dates_in_staff_language(page):
    match = EDITOR_PROPS.search(page)
    if match is None:
        return page
    props = json.loads(html.unescape(match[1]))
    published = props.get("object", {}).get("lastPublishedDate")
    if not published:
        return page
    date = datetime.strptime(published, WAGTAIL_LOCALIZE_DATE).date()
    props["object"]["lastPublishedDate"] = staff_date(date)
    return page[: match.start(1)] + html.escape(json.dumps(props)) + page[match.end(1) :]


def _say_scheduled(request, instance, locale, go_live_at):
    queued = list(messages.get_messages(request))  # reading empties the queue
    for message in queued:
        if message.level == messages.SUCCESS:
            text = _("'%(title)s' will be published in %(language)s on %(date)s.") % {
                "title": instance,
                "language": locale.get_display_name(),
                "date": formats.date_format(timezone.localtime(go_live_at), "DATETIME_FORMAT"),
            }
            messages.success(request, text)
        else:
            messages.add_message(request, message.level, message.message, message.extra_tags)
