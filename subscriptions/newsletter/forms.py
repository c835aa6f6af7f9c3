"""Public forms of the newsletter."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import topics


class LanguageChoiceField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=settings.LANGUAGES,
            label=_("Language of the newsletter"),
            widget=forms.RadioSelect,
            **kwargs,
        )


class TopicsField(forms.ModelMultipleChoiceField):
    def __init__(self, language, **kwargs):
        super().__init__(
            queryset=topics.choices(language),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=_("Topics"),
            help_text=_("Choose none to receive everything."),
            **kwargs,
        )


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    language = LanguageChoiceField()
    source = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        if topics.choices(language).exists():
            self.fields["topics"] = TopicsField(language)


class PreferencesForm(forms.Form):
    language = LanguageChoiceField()

    def __init__(self, *args, subscriber, page_language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = subscriber.language
        if topics.choices(page_language).exists():
            self.fields["topics"] = TopicsField(page_language)
            self.fields["topics"].initial = topics.chosen_in(subscriber, page_language)
