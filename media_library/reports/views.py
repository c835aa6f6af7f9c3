"""The press office's download report in Wagtail's admin (Reports → Video downloads).

A Wagtail `ReportView` over `DownloadRecord`: each download, filterable by date, exportable as
XLSX by Wagtail's own spreadsheet export or as CSV (one row per download, values as people read
them: preset names, timecodes, yes/no, local times, the user's e-mail and organisation); above the
list, the top videos and the downloads per day of the filtered period, each also exportable as its
own CSV or XLSX (`?summary=videos` or `?summary=days` with `export=csv` or `export=xlsx`). Every
CSV is written by `spreadsheets` (byte-order mark, the separator of the admin's language). Shown to
users with the `view_downloadrecord` permission (superusers have it).

The user's attributes are read generically (media_library knows no project user model): the
e-mail through the model's EMAIL_FIELD, the organisation when the model has one."""

import django_filters
from django.template.defaultfilters import yesno
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
from media_library.reports import spreadsheets, statistics

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


def joined_ranges(segments):
    """Each range of a clip of separate shots, in the export's timecodes; empty for one range."""
    if len(segments) < 2:
        return ""
    return " + ".join(
        f"{timecode.display(start, hours=True)}–{timecode.display(end, hours=True)}"
        for start, end in segments
    )


def user_email(user):
    """The downloader's e-mail address; empty once the account is deleted."""
    return getattr(user, user.get_email_field_name(), "") if user else ""


def user_organisation(user):
    """The downloader's organisation when the user model has one and it is known."""
    return getattr(user, "organisation", "") or ""


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
        Column("user_email", label=_("E-mail")),
        Column("user_organisation", label=_("Organisation")),
    ]
    export_filename = "video-downloads"
    list_export = ["downloaded_at", "video_title", "preset", "start", "end", "joined_ranges"]
    list_export += ["full_length", "user_email", "user_organisation"]
    export_headings = {
        "downloaded_at": _("Downloaded at"),
        "video_title": _("Video"),
        "preset": _("Format"),
        "start": _("Start"),
        "end": _("End"),
        "joined_ranges": _("Joined ranges"),
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
        return DownloadRecord.objects.select_related("user").order_by("-downloaded_at")

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
            record.range_label = timecode.display_segments(record.segments)
            record.user_email = user_email(record.user)
            record.user_organisation = user_organisation(record.user)
        return object_list

    def to_row_dict(self, record):
        return {
            "downloaded_at": record.downloaded_at,
            "video_title": record.video_title,
            "preset": self.preset_name(record),
            "start": timecode.display(record.start, hours=True),
            "end": timecode.display(record.end, hours=True),
            # a clip of separate shots: each range (start and end above are its span)
            "joined_ranges": joined_ranges(record.segments),
            "full_length": yesno(record.full_length),
            "user_email": user_email(record.user),
            "user_organisation": user_organisation(record.user),
        }

    def write_csv_response(self, queryset):
        return spreadsheets.csv_response(
            self.csv_rows(queryset), self.get_filename(), self.language
        )

    def csv_rows(self, queryset):
        """The heading and a row per download, as Wagtail's export would write them. The rows are
        streamed after the view has returned, out of the admin's language: write them in the
        language the admin asked in."""
        with translation.override(self.language):
            yield [self.get_heading(queryset, field) for field in self.list_export]
            for record in queryset:
                row = self.to_row_dict(record)
                yield [self.preprocess_field_value(f, v, self.FORMAT_CSV) for f, v in row.items()]

    # --- the summaries -------------------------------------------------------------------------

    @property
    def summary(self):
        return self.request.GET.get("summary")

    def summary_url(self, summary, export_format):
        params = self.request.GET.copy()
        params.update({"export": export_format, "summary": summary})
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
        return [gettext("Day"), gettext("Downloads")], days  # dates: ISO in CSV, dates in XLSX

    def summary_response(self, summary, export_format):
        heading, rows = self.summary_rows(summary)
        filename = f"{self.export_filename}-per-{summary.rstrip('s')}"
        if export_format == self.FORMAT_XLSX:
            return spreadsheets.xlsx_response([heading, *rows], filename)
        return spreadsheets.csv_response([heading, *rows], filename, self.language)

    def get(self, request, *args, **kwargs):
        if self.is_export and self.summary in {"videos", "days"}:
            # Two aggregate queries over the filtered records: not the listing's context,
            # which would load every record first.
            self.object_list = self.get_filtered_queryset()
            return self.summary_response(self.summary, request.GET.get("export"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.is_export:
            context["top_videos"] = statistics.per_video(self.object_list)[:TOP_VIDEOS]
            context["per_day"] = statistics.per_day(self.object_list)[:DAYS_SHOWN]
            for summary in ("videos", "days"):
                for export_format in self.FORMATS:
                    url = self.summary_url(summary, export_format)
                    context[f"{summary}_{export_format}_url"] = url
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
