"""Public URLs of this app, mounted under the language prefix (/fr/, /en/) by portal.urls.

Videos are addressed by their file's id, which all language versions share: switching language
keeps the same video (and the same selection)."""

from django.urls import include, path, re_path

from media_library import caption_views, views
from media_library.downloads import views as download_views

app_name_public = "media_library_public"

public_patterns = [
    path("videos/", views.index, name="index"),
    path("videos/<int:video_id>/", views.detail, name="detail"),
    path("videos/<int:video_id>/download/", download_views.request_download, name="request"),
    path("videos/<int:video_id>/<slug:slug>/", views.detail, name="detail_slug"),
    # The player's source by role (gated: public videos only; never the file's MEDIA_URL).
    path("videos/<int:video_id>/watch/<slug:role>/", views.watch, name="watch"),
    path(
        "videos/renditions/<int:rendition_id>/status/",
        download_views.rendition_status,
        name="status",
    ),
    path("videos/download/<str:token>/", download_views.download, name="download"),
    # Caption tracks: the player's and full-length files (public), a clip's (signed link).
    re_path(
        r"^videos/(?P<video_id>\d+)/captions/(?P<language>[a-z]{2})\.(?P<extension>vtt|srt)$",
        caption_views.track,
        name="captions",
    ),
    re_path(
        r"^videos/download/(?P<token>[^/]+)/captions/(?P<language>[a-z]{2})\.(?P<extension>vtt|srt)$",
        caption_views.clip_track,
        name="clip_captions",
    ),
]

urlpatterns = [path("", include((public_patterns, app_name_public)))]
