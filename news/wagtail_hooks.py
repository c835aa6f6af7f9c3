from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from common.admin_labels import ItemLabelsMixin
from news.models import Topic


class TopicViewSet(ItemLabelsMixin, SnippetViewSet):
    model = Topic
    add_item_label = _("Add a topic")
    new_item_label = _("New topic")
    icon = "tag"
    menu_label = _("Topics")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug", "locale"]  # searched by the model's search fields (name)


register_snippet(TopicViewSet)
