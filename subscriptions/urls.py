"""Public URLs of this app, mounted under the language prefix (/fr/, /en/) by portal.urls."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("subscriptions.accounts.urls")),
    path("newsletter/", include("subscriptions.newsletter.urls")),
]
