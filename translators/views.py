"""wagtail-localize's "translate" and "sync" screens, narrowed for translators: they offer only
the languages the user translates into, and syncing (which may publish every language version)
stays with the editors; the editor's own views answer only on translations the user may work
on. Mounted in portal/urls.py in front of wagtail-localize's own URLs."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from wagtail_localize.models import Translation
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
    SubmitTranslationForm,
)
from wagtail_localize.views.update_translations import UpdateTranslationsView

from translators import rules


class TargetLanguagesMixin:
    def get_form(self):
        form = super().get_form()
        field = form.fields["locales"]
        field.queryset = rules.locales_to_translate_into(self.request.user, field.queryset)
        return form

    def dispatch(self, request, *args, **kwargs):
        if rules.is_translator_only(request.user):
            obj = self.get_object()
            available = SubmitTranslationForm(obj).fields["locales"].queryset
            if not rules.locales_to_translate_into(request.user, available).exists():
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PageTranslationView(TargetLanguagesMixin, SubmitPageTranslationView):
    pass


class SnippetTranslationView(TargetLanguagesMixin, SubmitSnippetTranslationView):
    pass


class SyncTranslationsView(UpdateTranslationsView):
    def dispatch(self, request, *args, **kwargs):
        if rules.is_translator_only(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def on_their_translation(view):
    """wagtail-localize's views on one translation (segments, PO upload, machine translation,
    stop): refused unless the user may work on the translation's target."""

    @wraps(view)
    def checked(request, translation_id, *args, **kwargs):
        translation = get_object_or_404(Translation, pk=translation_id)
        target = translation.get_target_instance()
        if not rules.may_work_on(request.user, target):
            raise PermissionDenied
        return view(request, translation_id, *args, **kwargs)

    return checked
