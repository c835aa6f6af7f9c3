from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from common.admin_labels import ItemLabelsMixin, LanguageFilterLabelMixin
from common.alphabet import in_alphabetical_order
from news.models import Topic


class AlphabeticalTopicsMixin(LanguageFilterLabelMixin):
    """Topics as a reader expects them: "Éducation" among the E's, not after "Santé" (the
    database orders by character code)."""

    def get_object_list(self):
        return in_alphabetical_order(super().get_object_list())


class TopicChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("ChooseView", (AlphabeticalTopicsMixin, ChooseView), {})
    choose_results_view_class = type(
        "ChooseResultsView", (AlphabeticalTopicsMixin, ChooseResultsView), {}
    )


class TopicViewSet(ItemLabelsMixin, SnippetViewSet):
    model = Topic
    add_item_label = _("Add a topic")
    new_item_label = _("New topic")
    icon = "tag"
    menu_label = _("Topics")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug", "locale"]  # searched by the model's search fields (name)

    chooser_viewset_class = TopicChooserViewSet

    def get_queryset(self, request):
        return in_alphabetical_order(Topic.objects.all())  # as AlphabeticalTopicsMixin


register_snippet(TopicViewSet)
