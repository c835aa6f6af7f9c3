"""Demo newsletter: the first issue, written in French with the latest releases and translated
into English through wagtail-localize, ready to preview, test and send from the admin. No
subscriber is invented: the demo sends to nobody until someone subscribes. Idempotent."""

from wagtail.models import Locale

from news.models import PressReleasePage
from subscriptions.models import NewsletterIssue

from .home import ensure_home_pages
from .translation import translate

SUBJECT = "La lettre du service de presse : l’essentiel du mois"
INTRODUCTION = (
    "Chaque mois, le service de presse réunit ici ses communiqués les plus récents. "
    "Les liens mènent aux textes complets, aux photos et aux vidéos à télécharger."
)
ENGLISH = {
    SUBJECT: "The press office letter: the month in brief",
    INTRODUCTION: (
        "Every month the press office gathers its latest releases here. The links lead to the "
        "full texts, and to the photos and videos you can download."
    ),
    "Agenda des prochaines conférences de presse": "Forthcoming press conferences",
    "Dates, lieux et modalités d’accréditation.": "Dates, places and how to get accredited.",
}


def load():
    ensure_home_pages()
    french = Locale.objects.get(language_code="fr")
    issue = NewsletterIssue.objects.filter(locale=french, subject=SUBJECT).first()
    if issue is None:
        releases = PressReleasePage.objects.live().filter(locale=french)
        items = [("press_release", page) for page in releases.order_by("-release_date")[:3]]
        items.append(
            (
                "link",
                {
                    "title": "Agenda des prochaines conférences de presse",
                    "summary": "Dates, lieux et modalités d’accréditation.",
                    "url": "https://example.org/agenda",
                },
            )
        )
        issue = NewsletterIssue(locale=french, subject=SUBJECT, introduction=INTRODUCTION)
        issue.items = items
        issue.save()
        issue.save_revision().publish()
    translate(issue, Locale.objects.get(language_code="en"), ENGLISH)
    return issue
