"""The video library in Wagtail's admin: a snippet viewset with collections, search, filters,
a chooser, the upload form; download presets under Settings; collection permissions."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import CollectionFilter, WagtailFilterSet
from wagtail.admin.forms.collections import collection_member_permission_formset_factory
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import BooleanColumn, Column, LiveStatusTagColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Collection, Locale
from wagtail.permission_policies.collections import CollectionPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet

from common.admin_labels import ItemLabelsMixin, LanguageFilterLabelMixin
from media_library import admin_views
from media_library.caption_panels import CAPTIONS_TAB
from media_library.forms import VideoAssetForm
from media_library.models import DownloadPreset, ProcessingStatus, VideoAsset
from media_library.panels import VideoDetailsPanel
from media_library.topics import assets_with_topic, topics_in_locale

register_permission_policy(VideoAsset, CollectionPermissionPolicy(VideoAsset))


class VideoAssetFilterSet(WagtailFilterSet):
    collection = CollectionFilter(
        field_name="collection", queryset=Collection.objects.all(), label=_("Collection")
    )
    processing = django_filters.ChoiceFilter(
        field_name="video__status",
        choices=ProcessingStatus.choices,
        label=_("Processing"),
        empty_label=_("All"),
    )
    live = django_filters.BooleanFilter(field_name="live", label=_("Published"))
    topic = django_filters.ModelChoiceFilter(
        queryset=lambda request: topics_in_locale(Locale.get_active()),
        method="filter_topic",
        label=_("Topic"),
    )

    class Meta:
        model = VideoAsset
        fields = []

    def filter_topic(self, queryset, name, topic):
        """Any language version of the video, linked to any language version of the topic."""
        return assets_with_topic(queryset, topic)


class PosterColumn(Column):
    cell_template_name = "media_library/admin/poster_cell.html"


class ProcessingColumn(Column):
    cell_template_name = "media_library/admin/status_cell.html"


class CollectionInstanceCheck:
    """Wagtail's snippet views check model permissions; videos also need the collection's."""

    instance_action = "change"

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        policy = CollectionPermissionPolicy(VideoAsset)
        if not policy.user_has_permission_for_instance(
            self.request.user, self.instance_action, instance
        ):
            raise PermissionDenied
        return instance


class VideoEditView(CollectionInstanceCheck, EditView):
    pass


class VideoDeleteView(CollectionInstanceCheck, DeleteView):
    instance_action = "delete"


def _visible_assets(request):
    policy = CollectionPermissionPolicy(VideoAsset)
    return policy.instances_user_has_any_permission_for(
        request.user, ["add", "change", "delete", "publish", "choose"]
    ).select_related("video", "poster", "video__poster", "collection", "locale")


def _choosable_assets(request):
    policy = CollectionPermissionPolicy(VideoAsset)
    return policy.instances_user_has_permission_for(request.user, "choose")


class ChoosableOnly(LanguageFilterLabelMixin):
    """The chooser lists (and accepts) only videos of collections the user may choose from."""

    def get_object_list(self):
        return _choosable_assets(self.request)


class VideoChooseView(ChoosableOnly, ChooseView):
    pass


class VideoChooseResultsView(ChoosableOnly, ChooseResultsView):
    pass


class VideoChosenView(SnippetChosenView):
    def get_object(self, pk):
        return _choosable_assets(self.request).get(pk=pk)


class VideoChooserViewSet(SnippetChooserViewSet):
    choose_view_class = VideoChooseView
    choose_results_view_class = VideoChooseResultsView
    chosen_view_class = VideoChosenView


# Tabs, as wagtail-localize's translation editor shows them: every translatable text
# (title, description, credits, shot descriptions) is on the first one, the captions' texts on
# the second. The translation editor
# reads the model's edit_handler (not the viewset's), hence the assignment below.
VIDEO_EDIT_HANDLER = TabbedInterface(
    [
        ObjectList(
            [
                FieldPanel("upload"),
                FieldPanel("title"),
                FieldPanel("description"),
                FieldPanel("credits"),
                FieldPanel("collection"),
                MultipleChooserPanel(
                    "topic_links", chooser_field_name="topic", heading=_("Topics"), label=_("Topic")
                ),
                FieldPanel("poster"),
                MultiFieldPanel(
                    [
                        InlinePanel(
                            "shots",
                            label=_("Shot"),
                            panels=[
                                FieldPanel("start"),
                                FieldPanel("end"),
                                FieldPanel("description"),
                            ],
                        )
                    ],
                    heading=_("Shot list"),
                ),
            ],
            heading=_("Video"),
        ),
        CAPTIONS_TAB,
        ObjectList([VideoDetailsPanel()], heading=_("File and renditions")),
    ],
    base_form_class=VideoAssetForm,
)
VideoAsset.edit_handler = VIDEO_EDIT_HANDLER


class VideoAssetViewSet(ItemLabelsMixin, SnippetViewSet):
    model = VideoAsset
    add_item_label = _("Add a video")
    new_item_label = _("New video")
    icon = "media"
    menu_label = _("Videos")
    menu_name = "videos"
    menu_order = 350
    add_to_admin_menu = True
    url_prefix = "videos"
    create_template_name = "media_library/admin/create.html"  # with the upload progress bar
    index_template_name = "media_library/admin/index.html"  # status and posters refresh live
    edit_view_class = VideoEditView
    delete_view_class = VideoDeleteView
    chooser_viewset_class = VideoChooserViewSet
    filterset_class = VideoAssetFilterSet
    list_per_page = 30
    # The title comes first: Wagtail gives the first column the row's buttons ("Translate",
    # "Sync translated snippets", "Delete").
    list_display = [
        "title",
        PosterColumn("poster_image", label=_("Poster")),
        Column("duration", label=_("Duration"), accessor="video.duration_display"),
        ProcessingColumn("video", label=_("Processing")),
        Column("collection", label=_("Collection")),
        LiveStatusTagColumn(),
    ]
    list_export = ["title", "duration", "collection", "live"]
    # The search covers the model's own search fields (title, description, credits): naming
    # fields here would make Wagtail's SQLite full-text backend ask for columns it lacks.

    def get_queryset(self, request):
        return _visible_assets(request)

    edit_handler = VIDEO_EDIT_HANDLER


class DownloadPresetViewSet(ItemLabelsMixin, ModelViewSet):
    model = DownloadPreset
    add_item_label = _("Add a download preset")
    new_item_label = _("New download preset")
    icon = "download"
    menu_label = _("Download presets")
    add_to_settings_menu = True
    url_prefix = "download-presets"
    exclude_form_fields = ["updated_at"]
    list_display = [
        TitleColumn("name", label=_("Name"), url_name="download_presets:edit"),
        "container",
        "video_codec",
        "height",
        "audio_codec",
        # Ticks and crosses, not "True"/"False"; the labels are the fields' (translated) ones.
        BooleanColumn("pregenerate", label=_("Pre-generate")),
        BooleanColumn("enabled", label=_("Enabled")),
    ]
    name = "download_presets"
    form_fields = [
        "name_fr",
        "name_en",
        "slug",
        *DownloadPreset.ENCODING_FIELDS,
        "pregenerate",
        "enabled",
        "sort_order",
    ]


video_viewset = VideoAssetViewSet()
register_snippet(video_viewset)


@hooks.register("register_admin_viewset")
def register_preset_viewset():
    return DownloadPresetViewSet()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("media-library/status/", admin_views.status, name="media_library_status"),
        path(
            "media-library/videos/<int:pk>/retry/",
            admin_views.retry_video,
            name="media_library_retry_video",
        ),
        path(
            "media-library/renditions/<int:pk>/file/",
            admin_views.rendition_file,
            name="media_library_rendition_file",
        ),
        path(
            "media-library/renditions/<int:pk>/retry/",
            admin_views.retry_rendition,
            name="media_library_retry_rendition",
        ),
        path(
            "media-library/videos/<int:pk>/renditions/<int:preset_pk>/",
            admin_views.request_rendition,
            name="media_library_request_rendition",
        ),
    ]


GroupVideoPermissionFormSet = collection_member_permission_formset_factory(
    VideoAsset,
    [
        ("add_videoasset", _("Add"), _("Upload videos")),
        ("change_videoasset", _("Edit"), _("Edit any video")),
        ("publish_videoasset", _("Publish"), _("Publish videos")),
        ("delete_videoasset", _("Delete"), _("Delete videos")),
        ("choose_videoasset", _("Choose"), _("Choose videos in press releases")),
    ],
    "media_library/admin/permissions_formset.html",
)


@hooks.register("register_group_permission_panel")
def register_video_permissions_panel():
    return GroupVideoPermissionFormSet


@hooks.register("describe_collection_contents")
def describe_collection_videos(collection):
    count = VideoAsset.objects.filter(collection=collection).count()
    if count:
        return {
            "count": count,
            "count_text": ngettext("%(count)s video", "%(count)s videos", count) % {"count": count},
            "url": reverse(video_viewset.get_url_name("list")) + f"?collection={collection.pk}",
        }


# The public downloads report (Reports → Video downloads) registers its own hooks.
from media_library.reports import views as report  # noqa: E402, F401
