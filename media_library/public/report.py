"""The press office's download report in Wagtail's admin (Reports → Video downloads).

A Wagtail `ReportView` over `DownloadRecord`: each download, filterable by date, exportable as
CSV or XLSX by Wagtail's own spreadsheet export; above the list, the top videos and the
downloads per day of the filtered period. Shown to users with the `view_downloadrecord`
permission (superusers have it)."""

import django_filters
from django.db.models import Count, F
from django.db.models.functions import TruncDate
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput
from wagtail.permission_policies import ModelPermissionPolicy

from media_library.models import DownloadRecord

TOP_VIDEOS = 10
PERMISSION = "media_library.view_downloadrecord"


class DownloadFilterSet(WagtailFilterSet):
    downloaded_from = django_filters.DateFilter(
        field_name="downloaded_at",
        lookup_expr="date__gte",
        label=_("Downloaded from"),
        widget=AdminDateInput,
    )
    downloaded_until = django_filters.DateFilter(
        field_name="downloaded_at",
        lookup_expr="date__lte",
        label=_("Downloaded until"),
        widget=AdminDateInput,
    )

    class Meta:
        model = DownloadRecord
        fields = []


class DownloadReportView(ReportView):
    page_title = _("Video downloads")
    header_icon = "download"
    results_template_name = "media_library/public/admin/download_report_results.html"
    filterset_class = DownloadFilterSet
    index_url_name = "media_library_download_report"
    index_results_url_name = "media_library_download_report_results"
    permission_policy = ModelPermissionPolicy(DownloadRecord)
    any_permission_required = ["view"]
    columns = [
        DateColumn("downloaded_at", label=_("Downloaded at")),
        Column("video_title", label=_("Video")),
        Column("preset_slug", label=_("Format")),
        Column("range_label", label=_("Range (s)"), accessor="range_label"),
        Column("user", label=_("User")),
    ]
    list_export = ["downloaded_at", "video_title", "preset_slug", "start", "end", "full_length"]
    list_export += ["user_email", "user_organisation"]
    export_headings = {
        "downloaded_at": _("Downloaded at"),
        "video_title": _("Video"),
        "preset_slug": _("Format"),
        "start": _("Start (s)"),
        "end": _("End (s)"),
        "full_length": _("Full length"),
        "user_email": _("E-mail"),
        "user_organisation": _("Organisation"),
    }

    def get_queryset(self):
        return (
            DownloadRecord.objects.select_related("user")
            .annotate(user_email=F("user__email"), user_organisation=F("user__organisation"))
            .order_by("-downloaded_at")
        )

    def decorate_paginated_queryset(self, object_list):
        for record in object_list:
            record.range_label = f"{record.start:g}–{record.end:g}"
        return object_list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = self.object_list
        context["top_videos"] = (
            records.values("video_title")
            .annotate(downloads=Count("pk"))
            .order_by("-downloads", "video_title")[:TOP_VIDEOS]
        )
        context["per_day"] = (
            records.annotate(day=TruncDate("downloaded_at"))
            .values("day")
            .annotate(downloads=Count("pk"))
            .order_by("-day")[:31]
        )
        return context


@hooks.register("register_admin_urls")
def register_report_urls():
    view = DownloadReportView.as_view()
    results = DownloadReportView.as_view(results_only=True)
    return [
        path("reports/video-downloads/", view, name="media_library_download_report"),
        path(
            "reports/video-downloads/results/",
            results,
            name="media_library_download_report_results",
        ),
    ]


class DownloadReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return DownloadReportMenuItem(
        _("Video downloads"),
        reverse("media_library_download_report"),
        name="video-downloads",
        icon_name="download",
        order=650,
    )
