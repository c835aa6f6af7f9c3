"""Snippets (videos, topics, newsletter issues) as translators may touch them. Wagtail checks
snippet permissions per model; these hooks add `translators.rules` per language version. Pages
get the same rules through their permission tester (translators.pages).

The edit hooks are ordered before wagtail-localize's (which replaces the edit form by the
translation editor and answers the request): rights first, then publishing."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.models import TranslatableMixin
from wagtail_localize.models import Translation

from translators import editor, rules

RIGHTS_FIRST, PUBLISHING_NEXT = -2, -1


@hooks.register("before_edit_snippet", order=RIGHTS_FIRST)
@hooks.register("before_unpublish", order=RIGHTS_FIRST)
def translators_only_on_their_translations(request, instance):
    if isinstance(instance, TranslatableMixin) and not rules.may_work_on(request.user, instance):
        return permission_denied(request)


@hooks.register("before_move_page")
def move_confirmation_only_for_who_may_move(request, page, destination):
    # Wagtail checks this permission when the move is posted; its confirmation page does not.
    if not page.permissions_for_user(request.user).can_move():
        return permission_denied(request)


@hooks.register("before_edit_page", order=PUBLISHING_NEXT)
@hooks.register("before_edit_snippet", order=PUBLISHING_NEXT)
def translation_editor_with_slug_true_messages_and_dates(request, instance):
    """Runs before wagtail-localize's hook, which would answer the same request: publishing
    (slug, messages) and showing the editor (its dates in the staff member's language)."""
    publishing = request.method == "POST" and request.POST.get("action") == "publish"
    if not (publishing or request.method == "GET") or not isinstance(instance, TranslatableMixin):
        return None
    translation = Translation.objects.filter(
        source__object_id=instance.translation_key,
        target_locale_id=instance.locale_id,
        enabled=True,
    ).first()
    if translation is None:
        return None
    if publishing:
        return editor.publish_translation(request, translation, instance)
    return editor.show_translation(request, translation, instance)


@hooks.register("insert_global_admin_js")
def translation_editor_in_the_staff_language():
    return format_html(
        '<script src="{}" defer></script>', static("translators/js/translation_editor.js")
    )
