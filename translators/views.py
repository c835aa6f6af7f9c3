"""wagtail-localize's "translate" and "sync" screens, narrowed for translators: they offer only
the languages the user translates into, and syncing (which may publish every language version)
stays with the editors. Mounted in portal/urls.py in front of wagtail-localize's own URLs."""

from django.core.exceptions import PermissionDenied
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
