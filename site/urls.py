import copy
import re

from anymail import urls as anymail_urls
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import index as sitemap_index
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from subscriptions.accounts import staff
from subscriptions.newsletter import webhooks

from . import restricted_content, views
from .sitemap import SITEMAPS

# The ESP's tracking webhooks (newsletter deliveries) exist only with ANYMAIL_WEBHOOK_SECRET set.
esp_webhook_urls = decorate_urlpatterns(
    [copy.copy(pattern) for pattern in anymail_urls.urlpatterns], webhooks.secret_required
)

# Django's own admin is for superusers only.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    # Staff log in and reset passwords by the public's rules (subscriptions/accounts/staff.py).
    path("django-admin/login/", staff.django_admin_login),
    path("django-admin/", admin.site.urls),
    re_path(r"^admin/password_reset/", staff.password_reset),
    # wagtail-localize's translate and sync screens, narrowed for translators (same addresses).
    path("admin/localize/", include("translators.urls")),
    # The queues are watched in Wagtail (Settings → Background jobs); old bookmarks lead there.
    re_path(r"^admin/queues/", RedirectView.as_view(pattern_name="portal_background_jobs")),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password forms for protected documents and pages, behind the rate limits.
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        restricted_content.document_password,
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", views.health, name="health"),
    path("favicon.ico", views.favicon),
    # The e-mail provider's tracking webhooks (newsletter deliveries), outside the language prefix.
    path("anymail/", include((esp_webhook_urls, "anymail"))),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG and settings.MEDIA_URL.startswith("/"):
    # Range-aware, so that the video player can seek (Django's static view ignores ranges).
    urlpatterns.append(
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", views.media_file)
    )

# Every public page lives under its language prefix: /fr/... and /en/...; `/` redirects to the
# language the browser prefers (LocaleMiddleware). Wagtail's catch-all comes last.
urlpatterns += i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("_util/login/", staff.page_login),  # Wagtail's, unthrottled: the public log-in instead
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        restricted_content.page_password,
    ),
    path("", include("subscriptions.urls")),
    path("", include("media_library.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
