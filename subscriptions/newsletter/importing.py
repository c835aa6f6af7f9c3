"""Importing subscribers from a CSV file (Newsletter → Subscribers → Import), with where the
addresses came from and when their owners gave consent.

The whole file is checked first: one bad line and nothing is imported, every bad line is named
with its number, so the press office fixes the file and imports it again (nothing is half done).
Then, in one transaction:
- new addresses are subscribed at once when the press office says the people consented
  (the consent record keeps the source and the date), otherwise they are asked to confirm by
  e-mail like any visitor (double opt-in) and receive nothing before they do;
- addresses already on the list keep their state: an import never subscribes again someone who
  unsubscribed, bounced or complained.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from subscriptions.models import Consent, Subscriber

from . import service

EMAIL_COLUMNS = ("email", "e-mail", "courriel", "adresse")
LANGUAGE_COLUMNS = ("language", "langue")
MAX_LINES = 50_000
SHOWN_ERRORS = 100


@dataclass
class Outcome:
    errors: list = field(default_factory=list)  # translated sentences, one per bad line
    subscribed: int = 0  # new, consent given: subscribed at once
    asked_to_confirm: int = 0  # new, or pending: a confirmation e-mail is queued
    already_subscribed: int = 0
    left_out: list = field(default_factory=list)  # addresses that unsubscribed or bounced


def decode(raw):
    """Text of the file: UTF-8 (with or without BOM), else Windows-1252 (Excel's French CSV)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="strict")


def read_rows(raw, default_language):
    """[(line number, email, language)] and the errors of the file's lines."""
    try:
        text = decode(raw)
    except UnicodeDecodeError:
        return [], [_("The file is not text in UTF-8 or Windows-1252: save it as CSV again.")]
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [name.strip().lower() for name in next(reader, [])]
    email_at = next((header.index(name) for name in EMAIL_COLUMNS if name in header), None)
    if email_at is None:
        return [], [
            _("The first line must name the columns, one of them “email” (found: %(found)s).")
            % {"found": ", ".join(header) or "—"}
        ]
    language_at = next((header.index(name) for name in LANGUAGE_COLUMNS if name in header), None)
    languages = dict(settings.LANGUAGES)
    rows, errors, seen = [], [], {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) + len(errors) >= MAX_LINES:
            errors.append(_("More than %(max)d lines: split the file.") % {"max": MAX_LINES})
            break
        email = service.normalise_email(cells[email_at] if email_at < len(cells) else "")
        language = cells[language_at].strip().lower() if language_at is not None else ""
        language = language if language_at is not None and language else default_language
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                _("Line %(line)d: “%(email)s” is not a valid e-mail address.")
                % {"line": number, "email": email}
            )
            continue
        if language not in languages:
            errors.append(
                _("Line %(line)d: unknown language “%(language)s” (use %(choices)s).")
                % {"line": number, "language": language, "choices": ", ".join(languages)}
            )
            continue
        if email in seen:
            errors.append(
                _("Line %(line)d: %(email)s is already on line %(first)d.")
                % {"line": number, "email": email, "first": seen[email]}
            )
            continue
        seen[email] = number
        rows.append((number, email, language))
    if not rows and not errors:
        errors.append(_("The file has no address."))
    return rows, errors


def import_file(raw, *, source, consent_date, consent_given, default_language):
    """Check the file, then import it in one transaction (or nothing, with the errors)."""
    rows, errors = read_rows(raw, default_language)
    outcome = Outcome(errors=errors)
    if errors:
        return outcome
    given_at = timezone.make_aware(datetime.datetime.combine(consent_date, datetime.time()))
    with transaction.atomic():
        existing = {
            subscriber.email: subscriber
            for subscriber in Subscriber.objects.select_for_update().filter(
                email__in=[email for _number, email, _language in rows]
            )
        }
        to_confirm = []
        for _number, email, language in rows:
            subscriber = existing.get(email)
            if subscriber is None:
                subscriber = Subscriber.objects.create(email=email, language=language)
            elif subscriber.status == Subscriber.Status.SUBSCRIBED:
                outcome.already_subscribed += 1
                continue
            elif subscriber.status != Subscriber.Status.PENDING:
                outcome.left_out.append(email)
                continue
            if consent_given:
                subscriber.status = Subscriber.Status.SUBSCRIBED
                subscriber.confirmed_at = timezone.now()
                subscriber.save(update_fields=["status", "confirmed_at"])
                action = Consent.Action.CONFIRMED
                outcome.subscribed += 1
            else:
                to_confirm.append(subscriber.pk)
                action = Consent.Action.REQUESTED
                outcome.asked_to_confirm += 1
            service.record(
                subscriber,
                action,
                Consent.Source.IMPORT,
                language=language,
                details=source,
                given_at=given_at,
            )
        for subscriber_id in to_confirm:
            transaction.on_commit(
                lambda pk=subscriber_id: service.queue_subscription_mail(pk, "confirm")
            )
    return outcome
