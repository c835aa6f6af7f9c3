from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .stored_names import StoredTitleInLogMessage


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


@hooks.register("register_log_actions", order=1)  # after Wagtail's own formatters
def stored_names_in_history(actions):
    """History messages quoting a page's title ("Copié pour traduction depuis « Racine »")."""
    for action in ("wagtail.copy", "wagtail.copy_for_translation"):
        actions.formatters[action] = StoredTitleInLogMessage(actions.formatters[action])
