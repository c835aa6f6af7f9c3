"""Public pages of the library: the index, a video's page (with its download panel), and the
player's gated source. The download endpoints are in media_library/downloads/views.py; the
rules in media_library/downloads/rules.py; the byte serving in serving.py.
"""

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.http import require_GET, require_safe
from wagtail.models import Locale, Page, ReferenceIndex

from common.search import search
from media_library import caption_tracks, player, topics
from media_library.date_input import LocalDateField
from media_library.downloads import rules as downloads
from media_library.downloads.forms import max_clip_seconds, selection_from, selection_of
from media_library.downloads.views import login_url, status_payload
from media_library.models import (
    DownloadPreset,
    ProcessingStatus,
    VideoAsset,
    VideoRendition,
    published_time,
)
from media_library.public_schedule import current_period
from media_library.serving import serve_rendition
from resilience import content_cache
from resilience.fragments import remembered_html

PAGE_SIZE = 12


class KnownChoiceOrNone(forms.ModelChoiceField):
    """A filter's choice where a value not offered (a mistyped address, a topic renamed or in
    another language) means no filter rather than an error."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None


class FilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    topic = KnownChoiceOrNone(
        label=gettext_lazy("Topic"),
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All topics"),
    )
    after = LocalDateField(label=gettext_lazy("From"), required=False)
    before = LocalDateField(label=gettext_lazy("Until"), required=False)

    def __init__(self, *args, locale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics.topics_in_locale(locale)


REMEMBERED_FILTERS = {"topic", "after", "before", "page"}


@require_GET
def index(request):
    def body():
        return render_to_string(
            "media_library/public/index_body.html", index_context(request), request
        )

    filters = request.GET
    if set(filters) <= REMEMBERED_FILTERS and all(
        len(values) == 1 and len(values[0]) <= 40 for _, values in filters.lists()
    ):  # the same for every reader, until the videos or the time change; not searches
        name = f"video-index:{current_period()}:{urlencode(sorted(filters.items()))}"
        html = remembered_html(name, body, request)
    else:
        html = body()
    return render(request, "media_library/public/index.html", {"body": html})


def index_context(request):
    locale = Locale.get_active()
    assets = (
        downloads.public_assets(locale).with_card_posters().annotate(published=published_time())
    )
    form = FilterForm(request.GET or None, locale=locale)
    data = {}
    if form.is_bound:  # each valid filter applies on its own; an invalid one shows its error
        form.is_valid()  # and is ignored: validating keeps only the valid fields' values
        data = form.cleaned_data
    if data.get("topic"):
        assets = topics.assets_with_topic(assets, data["topic"])
    if data.get("after"):
        assets = assets.filter(published__date__gte=data["after"])
    if data.get("before"):
        assets = assets.filter(published__date__lte=data["before"])
    assets = assets.order_by("-published", "-pk")
    query = data.get("q", "").strip()
    if query:
        # the search index filters by indexed fields only: it searches the language's videos,
        # and only the public ones filtered above (VideoAssetQuerySet.public) are kept
        searchable = VideoAsset.objects.filter(locale=locale)
        found = [hit.pk for hit in search(query, searchable, locale.language_code)]  # by relevance
        allowed = assets.in_bulk(found)  # with their posters: one query for the page's posters
        assets = [allowed[pk] for pk in found if pk in allowed]
    page = Paginator(assets, PAGE_SIZE).get_page(request.GET.get("page"))
    others = request.GET.copy()
    others.pop("page", None)
    return {"form": form, "page_obj": page, "query": query, "filters": others.urlencode()}


def related_pages(asset):
    """Live pages in the asset's language that show this video (Wagtail's reference index),
    worked out once per generation of the content."""
    return content_cache.remember(f"video-pages:{asset.pk}", lambda: _related_pages(asset))


def _related_pages(asset):
    locale = asset.locale
    versions = asset.get_translations(inclusive=True)
    page_ids = set()
    for version in versions:
        for reference in ReferenceIndex.get_references_to(version):
            if reference.base_content_type.model_class() and issubclass(
                reference.base_content_type.model_class(), Page
            ):
                page_ids.add(int(reference.object_id))
    keys = Page.objects.live().public().filter(pk__in=page_ids).values("translation_key")
    pages = Page.objects.live().public().filter(translation_key__in=keys, locale=locale)
    return list(pages.specific())


@require_GET
def detail(request, video_id, slug=None):
    asset = page_version(video_id)
    if asset.locale.language_code != get_language():
        # Not translated (or not public) in this language: the language that has it, with
        # the same selection, rather than its texts under the wrong language; `asked` names
        # the language the visitor came in, for the page to say why it is in another one.
        query = request.GET.copy()
        query["asked"] = get_language()
        path = translate_url(request.path, asset.locale.language_code)
        return HttpResponseRedirect(f"{path}?{query.urlencode()}")
    video = asset.video
    # The panel's state: the clip of the e-mail's link the user logged in from, else the clip
    # this user asked for last on this video, on any device.
    from_link = clip_of_download_link(request, video)
    rendition = from_link or downloads.latest_request(request.user, video)
    state = status_payload(request, rendition) if rendition else None
    download_starting = state.get("download_url") if from_link else None

    def body():
        context = video_page_context(request, asset, rendition, state, download_starting)
        return render_to_string("media_library/public/video_body.html", context, request)

    if request.user.is_authenticated or request.GET:
        html = body()  # the reader's own account, selection or query
    else:  # the same for every anonymous reader, until the video, its files or the time change
        html = remembered_html(f"video-page:{asset.pk}:{current_period()}", body, request)
    return render(
        request,
        "media_library/public/detail.html",
        {
            "asset": asset,
            "video": video,
            "available_languages": public_languages(video_id),  # the language links
            "body": html,
            "download_starting": download_starting,
            "asked_language": asked_language(request),
        },
    )


def page_version(video_id):
    """The version a video's page shows (`downloads.public_version`), remembered for the
    generation of the content and the period of the public videos; Http404 if none."""
    name = f"video-version:{video_id}:{get_language()}:{current_period()}"
    asset = content_cache.remember(
        name, lambda: downloads.public_version(video_id), keep_none=False
    )
    if asset is None:
        raise Http404("No such video")
    return asset


def public_languages(video_id):
    """The languages a video is public in, remembered like `page_version`."""
    name = f"video-languages:{video_id}:{current_period()}"
    return content_cache.remember(name, lambda: set(downloads.public_versions(video_id).values()))


def video_page_context(request, asset, rendition, state, download_starting):
    """What a video's page shows below its title bar (video_body.html)."""
    video = asset.video
    user = request.user
    presets = list(DownloadPreset.objects.filter(enabled=True))
    full = {r.preset_id: r for r in video.renditions.full_length()}
    shots = list(asset.shots.all())
    selection = selection_from(request.GET)
    if rendition is not None and not any(selection.values()):
        selection = selection_of(rendition, shots)
    # Which versions are public: the caption tracks of those only.
    public_versions = downloads.public_versions(video.pk)
    tracks = caption_tracks.public_tracks(video.pk, with_cues=True)
    return {
        "asset": asset,
        "video": video,
        "shots": shots,
        "topics": topics.topics_of(asset, asset.locale),
        "sources": player.player_sources(asset),
        "presets": [(p, full.get(p.pk), p.size_note(video)) for p in presets],
        "related_pages": related_pages(asset),
        "can_download": downloads.can_download(user),
        "terms_accepted": downloads.has_accepted_terms(user),
        "rendition": rendition,
        "rendition_state": state,
        "download_starting": download_starting,
        "selection": selection,
        "max_clip": int(max_clip_seconds()),
        "login_url": login_url(request),
        "caption_tracks": [t for t in tracks if t.asset.pk in public_versions],
    }


def asked_language(request):
    """The language a visitor sent here from another language's address came in (`?asked=`
    of the redirect above), if it is another language of the site."""
    asked = request.GET.get("asked", "")
    others = {code for code, name in settings.LANGUAGES} - {get_language()}
    return asked if asked in others else None


def clip_of_download_link(request, video):
    """The ready clip of this video whose download link is in `?download=<token>` (where a user
    logging in from an e-mail's link lands) if the link is this user's: the page starts it."""
    token = request.GET.get("download")
    if not token or not request.user.is_authenticated:
        return None
    try:
        rendition_id, user_id = downloads.read_download_token(token)
    except signing.BadSignature:  # expired too: the download view explains it
        return None
    if user_id != request.user.pk:
        return None
    ready = VideoRendition.objects.select_related("preset")
    return ready.filter(pk=rendition_id, video=video, status=ProcessingStatus.READY).first()


@require_safe
def watch(request, video_id, role):
    """The player's source: a full-length rendition of a public video, inline, with Range.

    Anyone may watch; unpublished, embargoed or expired videos give 404 like their pages. The
    URL is the same for every visitor and never expires, so cached pages keep working."""
    asset = downloads.get_public_asset(video_id)
    rendition = player.playable_rendition(asset.video, role)
    if rendition is None:
        raise Http404("No such version")
    filename = downloads.download_filename(asset, rendition)
    response = serve_rendition(request, rendition, filename, as_attachment=False)
    response["Cache-Control"] = "private"
    return response
