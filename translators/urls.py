"""Same addresses as wagtail-localize's (reverse() keeps naming theirs), resolved first."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from wagtail_localize.views import edit_translation

from translators import views

urlpatterns = [
    # The editor's catalogue, with this app's corrections and additions after wagtail-localize's.
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["wagtail_localize", "translators"])),
    path("submit/page/<int:page_id>/", views.PageTranslationView.as_view()),
    path(
        "submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
        views.SnippetTranslationView.as_view(),
    ),
    path("update/<int:translation_source_id>/", views.SyncTranslationsView.as_view()),
    *[
        path(f"translate/<int:translation_id>/{route}", views.on_their_translation(view))
        for route, view in [
            (
                "strings/<int:string_segment_id>/edit/",
                edit_translation.edit_string_translation,
            ),
            (
                "overrides/<int:overridable_segment_id>/edit/",
                edit_translation.edit_override,
            ),
            ("pofile/upload/", edit_translation.upload_pofile),
            ("machine_translate/", edit_translation.machine_translate),
            ("disable/", edit_translation.stop_translation),
        ]
    ],
]
