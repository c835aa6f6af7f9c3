"""The account pages' and e-mails' wording: "e-mail" in English as on the rest of the site,
labels in sentence case, the code once in the code e-mail, page titles naming the site once."""

import re

from django.core import mail

from .conftest import last_code
from .test_password_reset import CODE, enter_code, request_code


def visible_text(response):
    return re.sub(r"<[^>]+>", " ", response.content.decode())


def test_the_code_e_mail_shows_the_code_once_in_its_html(client, make_user):
    user = make_user()
    request_code(client, user.email)
    code = last_code()
    html = mail.outbox[-1].alternatives[0][0]
    body = html.split("<body", 1)[1]  # what a mail program shows (the head's title is the subject)
    assert body.count(code) == 1
    assert "font-size:28px" in body.split(code)[0].rsplit("<p", 1)[1]  # the large one
    assert mail.outbox[-1].body.count(code) == 1  # and once in the text part


def test_english_pages_say_e_mail_and_new_password_again(client, make_user):
    user = make_user()
    request_code(client, user.email)
    confirm = client.get(CODE)
    assert "e-mail" in visible_text(confirm)
    enter_code(client, last_code())
    page = client.get("/en/accounts/password/reset/complete/", follow=True)
    text = visible_text(page)
    assert "New password (again)" in text
    assert "New Password" not in text
    # allauth's own English messages, as a journalist sees them.
    from allauth.account.adapter import get_adapter
    from django.utils import translation

    with translation.override("en"):
        taken = str(get_adapter().error_messages["email_taken"])
    assert taken == "A user is already registered with this e-mail address."


def test_page_titles_name_the_site_once(client, db):
    from portal.demo.home import ensure_home_pages

    ensure_home_pages()
    for language, site in (("en", "Media portal"), ("fr", "Portail média")):
        home = client.get(f"/{language}/").content.decode()
        assert re.search(r"<title>(.*?)</title>", home, re.S).group(1) == site
        login = client.get(f"/{language}/accounts/login/").content.decode()
        title = re.search(r"<title>(.*?)</title>", login, re.S).group(1)
        assert title.count(site) == 1 and title.endswith(f" · {site}")
