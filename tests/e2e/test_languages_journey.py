"""A visitor lands in their language, switches language, and the press office reaches its log-in."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site_ready(transactional_db):
    from portal.demo.home import ensure_home_pages

    return ensure_home_pages()


@pytest.mark.parametrize(
    ("browser_locale", "landing", "other", "other_name", "admin_link"),
    [
        ("en-GB", "en", "fr", "Français", "Connexion du service de presse"),
        ("fr-FR", "fr", "en", "English", "Press office log-in"),
    ],
)
def test_visitor_lands_in_their_language_switches_and_reaches_admin_login(
    site_ready,
    live_server,
    open_page,
    assert_accessible,
    browser_locale,
    landing,
    other,
    other_name,
    admin_link,
):
    page = open_page(locale=browser_locale)
    page.goto(live_server.url + "/")
    assert page.url == f"{live_server.url}/{landing}/"
    assert page.locator("html").get_attribute("lang") == landing
    assert_accessible(page)

    page.get_by_role("navigation", name="Language" if landing == "en" else "Langue").get_by_role(
        "link", name=other_name
    ).click()
    page.wait_for_url(f"{live_server.url}/{other}/")
    assert page.locator("html").get_attribute("lang") == other
    assert_accessible(page)

    page.get_by_role("link", name=admin_link).click()
    page.wait_for_url(f"{live_server.url}/admin/login/**")
    assert page.get_by_label("Password").or_(page.get_by_label("Mot de passe")).is_visible()
    assert_accessible(page)
