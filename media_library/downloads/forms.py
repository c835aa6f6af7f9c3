"""The download request a journalist sends: a format, the whole video or a range, the terms;
and the selection it carries in the video page's address (after a login, an error, an e-mail)."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from media_library import timecode
from media_library.models import DownloadPreset

from .shots import shot_segments, shots_making

MIN_CLIP_SECONDS = Decimal(1)
LONGEST_TIME_TEXT = 20  # characters; "99:59:59.999" has 12


def max_clip_seconds():
    return Decimal(settings.MEDIA_LIBRARY_MAX_CLIP_SECONDS)


def time_messages(duration=None):
    """The messages about a clip's times, in the active language, with their examples written
    as the language writes times (01:30,5 in French). The form raises them and the video page
    gives them to its script, which checks the times in the browser before a log-in or a
    request with the same words. `invalid` keeps a `%(value)s` for the text typed."""
    messages = {
        "start_required": _("Enter the start of the clip, for example %(example)s.")
        % {"example": timecode.display(90)},
        "end_required": _("Enter the end of the clip, for example %(example)s.")
        % {"example": timecode.display(90)},
        "invalid": _(
            "“%(value)s” is not a time: write it as minutes:seconds, for example %(example)s."
        )
        % {"value": "%(value)s", "example": timecode.display(Decimal("90.5"))},
        "order": _("The end must come after the start."),
        "too_short": _("A clip must last at least one second."),
        "too_long": _("A clip can last at most %(longest)s; download the whole video for more.")
        % {"longest": timecode.display(max_clip_seconds())},
    }
    if duration is not None:
        messages["past_end"] = _("The video ends at %(duration)s: choose an earlier end.") % {
            "duration": timecode.display(duration)
        }
    return messages


def browser_time_rules(duration):
    """What the video page's script needs to check a clip's times as the form does."""
    return {
        "duration": float(timecode.quantize(duration)),
        "shortest": float(MIN_CLIP_SECONDS),
        "longest": float(max_clip_seconds()),
        "longest_text": LONGEST_TIME_TEXT,
        "messages": {key: str(message) for key, message in time_messages(duration).items()},
    }


class PresetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, preset):
        return preset.name


SELECTION_KEYS = ("start", "end", "preset")


def selection_from(data):
    """The choice a visitor made on the video page (start, end, format, ticked shots) as sent by
    the form or carried in the page's address, so that it survives a login or an error."""
    selection = {key: data.get(key, "") for key in SELECTION_KEYS}
    selection["shots"] = [value for value in data.getlist("shots") if value.isdigit()]
    return selection


def selection_of(rendition, shots=()):
    """The selection that asks for `rendition` again, as the page's inputs show it (times in
    the active language), with the numbers of the `shots` (the shot list) it is made of."""
    return {
        "start": timecode.display(rendition.start),
        "end": timecode.display(rendition.end),
        "preset": rendition.preset.slug,
        "shots": shots_making(shots, rendition.segments),
    }


def panel_url(video_id, selection, **extra):
    """The address of the video page's download panel (active language) with `selection` (see
    `selection_from`) filled in and `extra` query parameters."""
    page = reverse("media_library_public:detail", args=[video_id])
    return f"{page}?{urlencode({**selection, **extra}, doseq=True)}#download"


def page_with_selection(rendition, **extra):
    """The download panel with `rendition`'s selection filled in (and `extra` parameters)."""
    # The language versions of a video share their shot list's order: any version's will do.
    asset = rendition.video.assets.order_by("pk").first()
    shots = list(asset.shots.all()) if asset else []
    return panel_url(rendition.video_id, selection_of(rendition, shots), **extra)


class ClipRequestForm(forms.Form):
    """`full=<preset>` (the button of a full version, `whole=1` also works) asks for the full
    length; otherwise ticked `shots` (their numbers in the shot list, from 1) give exactly those
    shots (`shot_segments`: one range per run of adjacent shots, joined in order in one clip),
    or `start` and `end` (`mm:ss.fff` or seconds) one range, which must lie inside the video.
    Either way the clip lasts at least one second and at most the maximum.

    `cleaned_data["segments"]` holds the clip's ranges: [(start, end), ...] in clip order."""

    preset = PresetChoiceField(
        queryset=DownloadPreset.objects.filter(enabled=True),
        to_field_name="slug",
        label=_("Format"),
        error_messages={
            "required": _("Choose a format."),
            "invalid_choice": _("This format is not offered: choose one from the list."),
        },
    )
    whole = forms.BooleanField(label=_("The whole video"), required=False)
    # No max_length: a time too long to be one gets the "not a time" message, not two.
    start = forms.CharField(label=_("Start"), required=False)
    end = forms.CharField(label=_("End"), required=False)
    notify = forms.BooleanField(label=_("E-mail me the link when it is ready"), required=False)
    full = forms.SlugField(required=False)
    notify_full = forms.MultipleChoiceField(required=False)
    shots = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("This shot is not in the video's shot list.")},
    )
    accept_terms = forms.BooleanField(label=_("I accept the terms of use"), required=False)

    def __init__(self, data=None, *args, asset, terms_accepted, **kwargs):
        if data is not None and data.get("full"):
            data = data.copy()
            data["preset"], data["whole"] = data["full"], "1"
        super().__init__(data, *args, **kwargs)
        self.asset = asset
        self.terms_accepted = terms_accepted
        # Shots go by their number in the shot list (from 1): the language versions of a
        # video share the order, so a selection survives a language switch.
        self.shot_list = list(asset.shots.all())
        numbers = [str(number) for number in range(1, len(self.shot_list) + 1)]
        self.fields["shots"].choices = [(number, number) for number in numbers]
        slugs = self.fields["preset"].queryset.values_list("slug", flat=True)
        self.fields["notify_full"].choices = [(slug, slug) for slug in slugs]

    def _time(self, name):
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            raise forms.ValidationError(time_messages()[f"{name}_required"], code="required")
        try:
            if len(text) > LONGEST_TIME_TEXT:
                raise ValueError(text)
            return timecode.parse(text)
        except ValueError:
            raise forms.ValidationError(
                time_messages()["invalid"] % {"value": Truncator(text).chars(LONGEST_TIME_TEXT)},
                code="invalid",
            ) from None

    def clean_accept_terms(self):
        accepted = self.cleaned_data.get("accept_terms")
        if not accepted and not self.terms_accepted:
            raise forms.ValidationError(
                _("Please accept the terms of use before your first download."), code="terms"
            )
        return accepted

    def clean(self):
        data = super().clean()
        duration = timecode.quantize(self.asset.video.duration)
        if data.get("whole"):
            data["segments"] = [(Decimal(0), duration)]
            if data.get("full"):
                data["notify"] = data["full"] in data.get("notify_full", [])
            return data
        if any(name in self.errors for name in ("shots", "start", "end")):
            return data  # one message per problem: no range from a rejected field
        if data.get("shots"):
            segments = shot_segments([self.shot_list[n - 1] for n in data["shots"]])
        else:
            segments = [self._typed_range()]
        self._check_segments(segments, duration)
        data["segments"] = segments
        return data

    def _typed_range(self):
        errors = {}
        start = end = None
        for name in ("start", "end"):
            try:
                value = self._time(name)
            except forms.ValidationError as error:
                errors[name] = error
                continue
            if name == "start":
                start = value
            else:
                end = value
        if errors:
            raise forms.ValidationError(errors)
        return start, end

    def _check_segments(self, segments, duration):
        messages = time_messages(duration)
        start, end = segments[0][0], segments[-1][1]
        if end > duration:
            raise forms.ValidationError({"end": messages["past_end"]})
        if start >= end:
            raise forms.ValidationError({"end": messages["order"]})
        length = sum(segment_end - segment_start for segment_start, segment_end in segments)
        if length < MIN_CLIP_SECONDS:
            raise forms.ValidationError({"end": messages["too_short"]})
        whole = segments == [(0, duration)]
        if length > max_clip_seconds() and not whole:
            raise forms.ValidationError({"end": messages["too_long"]})

    def errors_as_messages(self):
        """{field: [message, ...]} for the JSON answer."""
        return {
            field: [str(message) for message in messages] for field, messages in self.errors.items()
        }
