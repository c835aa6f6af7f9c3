from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def queue_dashboard_menu_item():
    return SuperuserMenuItem(
        _("Job queues"), reverse("django_rq:home"), icon_name="cogs", order=10_000
    )
