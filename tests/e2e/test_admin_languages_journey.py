"""The admin in a browser, screen by screen, as a French staff member and as an English one: no
English left in the French admin (nor French in the English one) once the scripts have run (the
translation editor is drawn by React), and no console error on any screen."""

import pytest

from tests.admin.english_left import english_left, french_left
from tests.admin.screens import TOPICS, content_titles, make_setup_data, make_staff, screens

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Une-phrase-de-passe-1"
LEFT_OVER = {"fr": english_left, "en": french_left}
OTHER_LANGUAGE = {"fr": "en", "en": "fr"}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_admin_screen_reads_in_the_staff_members_language(
    language, home_pages, django_user_model, staff_tab, live_server
):
    make_setup_data()
    user = make_staff(django_user_model, language, PASSWORD)
    page, watch = staff_tab(user, PASSWORD, locale={"fr": "fr-FR", "en": "en-GB"}[language])
    content = content_titles(OTHER_LANGUAGE[language]) | set(TOPICS)
    left = {}
    for name, url in screens():
        if "chooser" in name:  # (modal contents, walked by tests/admin through the test client)
            continue
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("load")
        if name == "translation editor":
            page.locator(".js-translation-editor h3").first.wait_for()
        texts = LEFT_OVER[language](page.content(), content)
        if texts:
            left[name] = texts
    assert left == {}
    watch.assert_clean()
