"""Registers the newsletter's admin (imported by subscriptions/wagtail_hooks.py)."""

from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin import NewsletterGroup, urlpatterns

register_snippet(NewsletterGroup)


@hooks.register("register_admin_urls")
def register_newsletter_admin_urls():
    return [path("newsletter/", include((urlpatterns, "newsletter_sending")))]
