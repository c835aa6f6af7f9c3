"""The e-mails of the download panel, sent by a periodic job (portal/cron.py).

`send_ready_notifications` (mail queue, every minute): "e-mail me the link when it is ready",
sent once through Anymail, with a signed download link, in the account's language (the one
chosen for e-mails at sign-up), else in the language of the page the request came from. A
render that failed is told the same way, once: the version could not be made, the press office
knows, and a link back to the video page with the same selection.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from common import mail
from media_library import timecode
from media_library.downloads import rules as downloads
from media_library.models import ProcessingStatus, ReadyNotification

from .forms import page_with_selection

logger = logging.getLogger(__name__)


def send_ready_notifications():
    pending = ReadyNotification.objects.filter(
        sent_at__isnull=True,
        rendition__status__in=[ProcessingStatus.READY, ProcessingStatus.FAILED],
    ).select_related("rendition__preset", "rendition__video", "asset", "user")
    sent = 0
    for notification in pending:
        claimed = ReadyNotification.objects.filter(pk=notification.pk, sent_at__isnull=True)
        if not claimed.update(sent_at=timezone.now()):
            continue  # another worker took it
        if not downloads.is_public_video(notification.asset.video_id):
            continue
        send_notification_mail(notification)
        sent += 1
    return sent


def send_notification_mail(notification):
    """The "ready" e-mail with its download link, or the "could not be made" one."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    rendition = notification.rendition
    kind = "failed" if rendition.status == ProcessingStatus.FAILED else "ready"
    with translation.override(mail.account_language(notification.user, notification.language)):
        context = {
            "asset": notification.asset,
            "rendition": rendition,
            "range": timecode.display_segments(rendition.segments),
            "page": base + page_with_selection(rendition),
        }
        if kind == "ready":
            token = downloads.download_token(rendition, notification.user)
            context["link"] = base + reverse("media_library_public:download", args=[token])
        template = f"media_library/public/mail/{kind}"
        subject = render_to_string(f"{template}_subject.txt", context)
        context["subject"] = subject = " ".join(subject.split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        sender = mail.sender()
    message = EmailMultiAlternatives(subject, text, sender, to=[notification.user.email])
    message.attach_alternative(html, "text/html")
    message.send()
