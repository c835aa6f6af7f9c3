from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


class BackgroundJobsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.MONITOR_JOBS)


@hooks.register("register_admin_urls")
def background_jobs_urls():
    return [path("jobs/", admin_views.background_jobs, name="portal_background_jobs")]


@hooks.register("register_settings_menu_item")
def background_jobs_menu_item():
    return BackgroundJobsMenuItem(
        _("Background jobs"), reverse("portal_background_jobs"), icon_name="cogs", order=10_000
    )


@hooks.register("register_permissions")
def background_jobs_permission():
    """Offered in Settings → Groups, for the people who look after the workers."""
    return Permission.objects.filter(content_type__app_label="portal", codename="monitor_jobs")
