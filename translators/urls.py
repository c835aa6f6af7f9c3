"""Same addresses as wagtail-localize's (reverse() keeps naming theirs), resolved first."""

from django.urls import path

from translators import views

urlpatterns = [
    path("submit/page/<int:page_id>/", views.PageTranslationView.as_view()),
    path(
        "submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
        views.SnippetTranslationView.as_view(),
    ),
    path("update/<int:translation_source_id>/", views.SyncTranslationsView.as_view()),
]
