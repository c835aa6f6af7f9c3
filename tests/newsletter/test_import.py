"""Importing subscribers from a CSV file in the admin, with the source and date of consent:
consented addresses are subscribed, the others confirm by e-mail (double opt-in); a bad line
stops the whole import with a translated error naming it; nobody who left is subscribed again."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from subscriptions.models import Consent, Subscriber

from .conftest import outbox_for

pytestmark = pytest.mark.django_db

URL = reverse("newsletter_sending:import")


def upload(client, content, *, consent=False, language="fr", encoding="utf-8", **headers):
    data = {
        "file": SimpleUploadedFile("liste.csv", content.encode(encoding), "text/csv"),
        "source": "Feuille d’inscription, conférence du 12 mai",
        "consent_date": "2026-05-12",
        "language": language,
    }
    if consent:
        data["consent_given"] = "on"
    return client.post(URL, data, **headers)


def test_consented_addresses_are_subscribed_with_their_source_and_date(admin_client):
    response = upload(
        admin_client, "email;langue\nAnna@Example.org;fr\nbob@example.org;en\n", consent=True
    )
    assert response.status_code == 200
    assert "2 adresses abonnées, avec le consentement enregistré." in response.content.decode()
    anna = Subscriber.objects.get(email="anna@example.org")
    assert anna.status == Subscriber.Status.SUBSCRIBED and anna.language == "fr"
    assert Subscriber.objects.get(email="bob@example.org").language == "en"
    [consent] = anna.consents.all()
    assert consent.source == Consent.Source.IMPORT and consent.action == Consent.Action.CONFIRMED
    assert consent.details == "Feuille d’inscription, conférence du 12 mai"
    assert timezone.localtime(consent.given_at).date() == datetime.date(2026, 5, 12)


def test_without_consent_imported_addresses_confirm_by_email_first(
    admin_client, run_mail_jobs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(admin_client, "email\ncarla@example.org\n", language="en")
    assert "1 adresse invitée à confirmer par e-mail." in response.content.decode()
    carla = Subscriber.objects.get(email="carla@example.org")
    assert carla.status == Subscriber.Status.PENDING and carla.language == "en"
    assert carla.consents.get().action == Consent.Action.REQUESTED
    run_mail_jobs()
    [message] = outbox_for("carla@example.org")
    assert "/en/newsletter/confirm/" in message.body


def test_bad_lines_are_each_named_and_nothing_is_imported(admin_client):
    content = (
        "email,language\n"
        "good@example.org,fr\n"
        "not-an-address,fr\n"
        "other@example.org,de\n"
        "\n"
        "GOOD@example.org,en\n"
    )
    page = upload(admin_client, content, consent=True).content.decode()
    assert "Rien n’a été importé" in page
    assert "Ligne 3 : « not-an-address » n’est pas une adresse e-mail valide." in page
    assert "Ligne 4 : langue inconnue « de » (utiliser fr, en)." in page
    assert "Ligne 6 : good@example.org est déjà à la ligne 2." in page
    assert not Subscriber.objects.exists()

    english = upload(admin_client, content, consent=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Line 3: “not-an-address” is not a valid e-mail address." in english.content.decode()


def test_a_file_without_email_column_or_in_excel_encoding(admin_client):
    page = upload(admin_client, "nom;prénom\nDupont;Anne\n").content.decode()
    assert "doit nommer les colonnes, dont « email »" in page

    content = "nom;courriel;langue\nÉlise Barré;elise@example.org;en\n"
    upload(admin_client, content, encoding="cp1252", consent=True)
    assert Subscriber.objects.get().language == "en"


def test_an_import_never_subscribes_again_someone_who_left(admin_client):
    Subscriber.objects.create(email="gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    Subscriber.objects.create(email="bounced@example.org", status=Subscriber.Status.SUPPRESSED)
    Subscriber.objects.create(email="here@example.org", status=Subscriber.Status.SUBSCRIBED)
    content = "email\ngone@example.org\nbounced@example.org\nhere@example.org\nnew@example.org\n"
    page = upload(admin_client, content, consent=True).content.decode()
    assert "2 adresses laissées de côté" in page and "gone@example.org" in page
    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses == {
        "gone@example.org": "unsubscribed",
        "bounced@example.org": "suppressed",
        "here@example.org": "subscribed",
        "new@example.org": "subscribed",
    }


def test_importing_needs_its_permission(client, admin_client, django_user_model):
    listing = admin_client.get(reverse("wagtailsnippets_subscriptions_subscriber:list"))
    assert URL in listing.content.decode()

    editor = django_user_model.objects.create_user(
        email="editor@example.org", password="x", is_staff=True
    )
    for codename in ("access_admin", "view_subscriber"):
        editor.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(editor)
    assert (
        URL
        not in client.get(reverse("wagtailsnippets_subscriptions_subscriber:list")).content.decode()
    )
    assert upload(client, "email\nx@example.org\n", consent=True).status_code == 302
    assert not Subscriber.objects.exists()


def test_the_subscribers_page_shows_the_source_and_date_of_consent(admin_client):
    upload(admin_client, "email\nanna@example.org\n", consent=True)
    anna = Subscriber.objects.get()
    url = reverse("wagtailsnippets_subscriptions_subscriber:inspect", args=[anna.pk])
    page = admin_client.get(url).content.decode()
    assert "Traces de consentement" in page
    assert "a confirmé l’abonnement — importé par le service de presse" in page
    assert (
        "(Feuille d’inscription, conférence du 12 mai; consentement donné le 12 mai 2026)" in page
    )
