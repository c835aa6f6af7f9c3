"""Who may work on which language version: the one home of the translators' rights.

A translator belongs to "Translators into English", "Translators into French" or both, and to no
other group. Such a person starts translations into their languages, edits and publishes the
translations in those languages, and nothing else: no source-language content (edit, publish,
unpublish, move, delete), no new source page or snippet. Anyone in another group (editors,
moderators) or a superuser keeps the rights of that group; these rules do not narrow them.
"""

from django.utils.translation import gettext_lazy as _
from wagtail_localize.models import Translation

# Group name (stored in English, shown translated) for each language translated into.
GROUPS = {
    "en": "Translators into English",
    "fr": "Translators into French",
}
# Marked for the catalogues: the admin shows stored group names through gettext.
GROUP_LABELS = [_("Translators into English"), _("Translators into French")]


def _group_names(user):
    """The user's group names, read once per user object (listings ask for every row)."""
    if not hasattr(user, "_translators_group_names"):
        names = user.groups.values_list("name", flat=True) if user.is_authenticated else []
        user._translators_group_names = frozenset(names)
    return user._translators_group_names


def target_languages(user):
    """Language codes the user translates into (empty for anyone who is not a translator)."""
    return {code for code, name in GROUPS.items() if name in _group_names(user)}


def is_translator_only(user):
    """A translator and nothing more: the rules below apply to them."""
    if not user.is_authenticated or user.is_superuser:
        return False
    names = _group_names(user)
    return bool(names) and names <= set(GROUPS.values())


def is_translation(obj):
    """The object is the target of a wagtail-localize translation (not an original)."""
    return Translation.objects.filter(
        source__object_id=obj.translation_key, target_locale_id=obj.locale_id
    ).exists()


def may_work_on(user, obj):
    """May the user edit, publish or unpublish this language version, as far as these rules
    go? (Their group's ordinary permissions are checked as well, by Wagtail.)"""
    if not is_translator_only(user):
        return True
    return obj.locale.language_code in target_languages(user) and is_translation(obj)


def locales_to_translate_into(user, locales):
    """The locales (a queryset) this user may create translations in."""
    if not is_translator_only(user):
        return locales
    return locales.filter(language_code__in=target_languages(user))
