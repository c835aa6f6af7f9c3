"""What the press office sees and checks before an issue goes out: who receives it in each
language, the items its readers would not get, and the reasons it cannot be sent yet."""

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.models import Locale

from subscriptions.models import Sending, Subscriber

from . import approval, sending
from .blocks import missing_items

__all__ = ["audience", "missing_items", "problems"]


def audience(issue):
    """One row per language of the portal: the issue's version in it (None: not translated),
    the confirmed subscribers it goes to, and its sending (None: not sent)."""
    order = [code for code, _name in settings.LANGUAGES]
    locales = sorted(Locale.objects.all(), key=lambda locale: order.index(locale.language_code))
    versions = {version.locale_id: version for version in issue.get_translations(inclusive=True)}
    sendings = {
        row.issue_id: row for row in Sending.objects.filter(issue__in=list(versions.values()))
    }
    rows = []
    for locale in locales:
        version = versions.get(locale.pk)
        if version is None:
            count = Subscriber.objects.filter(
                status=Subscriber.Status.SUBSCRIBED, language=locale.language_code
            ).count()
        else:
            count = sending.recipients(version).count()
        rows.append(
            {
                "language": locale.get_display_name(),
                "version": version,
                "is_this_issue": version is not None and version.pk == issue.pk,
                "recipients": count,
                "sending": sendings.get(version.pk) if version is not None else None,
            }
        )
    return rows


def problems(issue, recipient_count):
    """Why the issue cannot be sent now (translated sentences); empty when it can."""
    found = []
    if not issue.live:
        found.append(_("Publish the issue before sending it: the published version is sent."))
    if not approval.is_satisfied(issue):
        found.append(
            _(
                "Sending needs approval: the published version of this issue has not been "
                "approved through the workflow “%(workflow)s”."
            )
            % {"workflow": issue.get_workflow().name}
        )
    if recipient_count == 0:
        found.append(
            _("No confirmed subscriber would receive this issue: there is nobody to send it to.")
        )
    return found
