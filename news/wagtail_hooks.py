from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from news.models import Topic
from news.translators import is_only_translator


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug", "locale"]  # searched by the model's search fields (name)


register_snippet(TopicViewSet)


# Wagtail lets whoever may edit and publish a page also delete or move it; translators only
# translate, so these stay out of their reach.
@hooks.register("before_delete_page")
@hooks.register("before_move_page")
def translators_neither_delete_nor_move(request, page, *args):
    if is_only_translator(request.user):
        return permission_denied(request)


@hooks.register("before_bulk_action")
def translators_neither_bulk_delete_nor_move(request, action_type, objects, action_class):
    if action_type in {"delete", "move"} and is_only_translator(request.user):
        return permission_denied(request)
