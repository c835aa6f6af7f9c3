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
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from subscriptions.models import Consent, Subscriber

from . import service

EMAIL_COLUMNS = ("email", "e-mail", "courriel", "adresse")
LANGUAGE_COLUMNS = ("language", "langue")
MAX_LINES = 50_000
SHOWN_ERRORS = 100
BATCH = 1000


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
    try:
        with transaction.atomic():
            to_confirm = apply(rows, outcome, source, consent_date, consent_given)
            service.queue_subscription_mails(to_confirm, "confirm")  # sent after the commit
    except IntegrityError:  # an address of the file subscribed through the site meanwhile
        return Outcome(errors=[_("The list changed during the import: import the file again.")])
    return outcome


def apply(rows, outcome, source, consent_date, consent_given):
    """Create and update the subscribers and their consent records in bulk (a few queries per
    thousand lines); returns the ids of the subscribers to ask for confirmation."""
    now = timezone.now()
    given_at = timezone.make_aware(datetime.datetime.combine(consent_date, datetime.time()))
    status = Subscriber.Status.SUBSCRIBED if consent_given else Subscriber.Status.PENDING
    existing = {}
    emails = [email for _number, email, _language in rows]
    for start in range(0, len(emails), BATCH):
        for subscriber in Subscriber.objects.select_for_update().filter(
            email__in=emails[start : start + BATCH]
        ):
            existing[subscriber.email] = subscriber
    new, pending = [], []
    for _number, email, language in rows:
        subscriber = existing.get(email)
        if subscriber is None:
            new.append(
                Subscriber(
                    email=email,
                    language=language,
                    status=status,
                    confirmed_at=now if consent_given else None,
                )
            )
        elif subscriber.status == Subscriber.Status.SUBSCRIBED:
            outcome.already_subscribed += 1
        elif subscriber.status == Subscriber.Status.PENDING:
            pending.append(subscriber)
        else:
            outcome.left_out.append(email)
    Subscriber.objects.bulk_create(new, batch_size=BATCH)
    if consent_given and pending:
        Subscriber.objects.filter(pk__in=[subscriber.pk for subscriber in pending]).update(
            status=Subscriber.Status.SUBSCRIBED, confirmed_at=now
        )
    touched = new + pending
    action = Consent.Action.CONFIRMED if consent_given else Consent.Action.REQUESTED
    Consent.objects.bulk_create(
        [
            Consent(
                subscriber=subscriber,
                action=action,
                source=Consent.Source.IMPORT,
                language=subscriber.language,
                details=source[:255],
                given_at=given_at,
            )
            for subscriber in touched
        ],
        batch_size=BATCH,
    )
    if consent_given:
        outcome.subscribed = len(touched)
        return []
    outcome.asked_to_confirm = len(touched)
    return [subscriber.pk for subscriber in touched]
