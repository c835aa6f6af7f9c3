"""How the desk's actions read in Wagtail's history (the issue's History and Reports → Site
history): who sent, scheduled, cancelled or tested which issue, and when."""

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.log_actions import LogFormatter


def moment(value):
    when = parse_datetime(value or "")
    return formats.date_format(timezone.localtime(when), "DATETIME_FORMAT") if when else "?"


def recipients(data):
    count = data.get("recipients", 0)
    return ngettext("%(count)d confirmed subscriber", "%(count)d confirmed subscribers", count) % {
        "count": count
    }


class Sent(LogFormatter):
    label = gettext_lazy("Newsletter: send")

    def format_message(self, log_entry):
        return _("Sending started to %(recipients)s.") % {"recipients": recipients(log_entry.data)}


class Scheduled(LogFormatter):
    label = gettext_lazy("Newsletter: schedule")

    def format_message(self, log_entry):
        return _("Sending scheduled for %(when)s, to %(recipients)s at the time of scheduling.") % {
            "when": moment(log_entry.data.get("when")),
            "recipients": recipients(log_entry.data),
        }


class Cancelled(LogFormatter):
    label = gettext_lazy("Newsletter: cancel the scheduled sending")

    def format_message(self, log_entry):
        return _("Scheduled sending of %(when)s cancelled.") % {
            "when": moment(log_entry.data.get("when"))
        }


class Tested(LogFormatter):
    label = gettext_lazy("Newsletter: test")

    def format_message(self, log_entry):
        return _("Test sent to %(email)s.") % {"email": log_entry.data.get("email", "?")}


ACTIONS = {
    "newsletter.send": Sent,
    "newsletter.schedule": Scheduled,
    "newsletter.cancel": Cancelled,
    "newsletter.test": Tested,
}


def register(actions):
    for name, formatter in ACTIONS.items():
        actions.register_action(name)(formatter)
