"""The press office's download report in Wagtail's admin (Reports → Video downloads).

A Wagtail `ReportView` over `DownloadRecord`: each download, filterable by date, exportable as
CSV or XLSX by Wagtail's own spreadsheet export (one row per download, values as people read
them: preset names, timecodes, yes/no, local times); above the list, the top videos and the
downloads per day of the filtered period, each also exportable as its own CSV (`?summary=videos`
or `?summary=days` with `export=csv`). Shown to users with the `view_downloadrecord` permission
(superusers have it)."""

import csv

import django_filters
from django.db.models import F
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput
from wagtail.permission_policies import ModelPermissionPolicy

from media_library import timecode
from media_library.models import DownloadRecord
from media_library.public import statistics

TOP_VIDEOS = 10
DAYS_SHOWN = 31
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


def local_time_with_offset(moment):
    """'2025-03-14 15:02:11+01:00': what a spreadsheet shows, the offset saying which zone."""
    return timezone.localtime(moment).isoformat(sep=" ", timespec="seconds")


def yes_no(value):
    return gettext("yes") if value else gettext("no")


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
        Column("preset_name", label=_("Format"), accessor="preset_name"),
        Column("range_label", label=_("Range"), accessor="range_label"),
        Column("user", label=_("User")),
    ]
    export_filename = "video-downloads"
    list_export = ["downloaded_at", "video_title", "preset", "start", "end", "full_length"]
    list_export += ["user_email", "user_organisation"]
    export_headings = {
        "downloaded_at": _("Downloaded at"),
        "video_title": _("Video"),
        "preset": _("Format"),
        "start": _("Start"),
        "end": _("End"),
        "full_length": _("Full length"),
        "user_email": _("E-mail"),
        "user_organisation": _("Organisation"),
    }
    custom_field_preprocess = {
        "downloaded_at": {
            ReportView.FORMAT_CSV: local_time_with_offset,
            ReportView.FORMAT_XLSX: timezone.make_naive,  # local time: Excel has no zones
        },
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.language = translation.get_language()

    def get_queryset(self):
        return (
            DownloadRecord.objects.select_related("user")
            .annotate(user_email=F("user__email"), user_organisation=F("user__organisation"))
            .order_by("-downloaded_at")
        )

    @cached_property
    def preset_names(self):
        return statistics.preset_names()

    def preset_name(self, record):
        """The preset's name in the admin's language; its slug if it was deleted since."""
        return self.preset_names.get(record.preset_slug, record.preset_slug)

    def decorate_paginated_queryset(self, object_list):
        if self.is_export:
            return object_list
        for record in object_list:
            record.preset_name = self.preset_name(record)
            record.range_label = timecode.display_range(record.start, record.end)
        return object_list

    def to_row_dict(self, record):
        return {
            "downloaded_at": record.downloaded_at,
            "video_title": record.video_title,
            "preset": self.preset_name(record),
            "start": timecode.display(record.start, hours=True),
            "end": timecode.display(record.end, hours=True),
            "full_length": yes_no(record.full_length),
            "user_email": record.user_email,
            "user_organisation": record.user_organisation,
        }

    def stream_csv(self, queryset):
        """Wagtail streams the rows after the view has returned, out of the admin's language:
        write them in the language the admin asked in."""
        with translation.override(self.language):
            yield from super().stream_csv(queryset)

    # --- the summaries -------------------------------------------------------------------------

    @property
    def summary(self):
        return self.request.GET.get("summary")

    def summary_csv_url(self, summary):
        params = self.request.GET.copy()
        params.update({"export": self.FORMAT_CSV, "summary": summary})
        return f"{reverse(self.index_url_name)}?{params.urlencode()}"

    def period(self):
        """The filter's dates (None when not set), the last one no later than today."""
        dates = self.filters.form.cleaned_data if self.filters.is_valid() else {}
        until = dates.get("downloaded_until")
        return dates.get("downloaded_from"), until and min(until, timezone.localdate())

    def summary_rows(self, summary):
        if summary == "videos":
            return [gettext("Video"), gettext("Downloads")], statistics.per_video(self.object_list)
        first, last = self.period()
        days = statistics.every_day(statistics.per_day(self.object_list), first, last)
        return [gettext("Day"), gettext("Downloads")], [(day.isoformat(), n) for day, n in days]

    def summary_response(self, summary):
        heading, rows = self.summary_rows(summary)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.export_filename}-per-{summary.rstrip("s")}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(heading)
        writer.writerows(rows)
        return response

    def render_to_response(self, context, **response_kwargs):
        if self.is_export and self.summary in {"videos", "days"}:
            return self.summary_response(self.summary)
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.is_export:
            context["top_videos"] = statistics.per_video(self.object_list)[:TOP_VIDEOS]
            context["per_day"] = statistics.per_day(self.object_list)[:DAYS_SHOWN]
            context["videos_csv_url"] = self.summary_csv_url("videos")
            context["days_csv_url"] = self.summary_csv_url("days")
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
