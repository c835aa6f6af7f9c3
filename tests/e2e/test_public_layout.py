"""The public pages at a small phone's (320 px), a phone's, a tablet's, a laptop's and a wide
screen's width, in both languages: nothing wider than the screen, every control at least
24 × 24 px (WCAG 2.2, 2.5.8, measured from the bounding boxes), the video grid's columns, the
download panel's aligned columns, axe at zero violations, no console error. Each page and
width is saved as a screenshot under test-artifacts/screenshots/ (git-ignored) to look at.

One browser tab per language visits every page at every width (resizing, not reopening)."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.test_download_journey import PASSWORD, make_asset, store_video
from tests.media_library.captions import add_cues
from tests.media_library.shots import add_shots
from tests.media_library.videos import make_video

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 390, 768, 1280, 1920)  # 320: WCAG 1.4.10's reflow width
GRID_COLUMNS = {320: 1, 390: 1, 768: 2, 1280: 3, 1920: 4}
SCREENSHOTS = Path(
    os.environ.get("E2E_SCREENSHOTS")
    or Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
)
INTERACTIVE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    "[tabindex]:not([tabindex='-1'])"
)
# Every visible control's box; controls hidden from everyone (aria-hidden), shown only on
# focus (the skip link) or kept for screen readers only (1 px) are not targets.
TARGET_BOXES = """(selector) => [...document.querySelectorAll(selector)]
  .filter((node) => node.checkVisibility({visibilityProperty: true}))
  .filter((node) => !node.closest('[aria-hidden=true]'))
  .map((node) => ({node, box: node.getBoundingClientRect()}))
  .filter(({box}) => box.width > 1 && box.height > 1 && box.right > 0)
  .map(({node, box}) => ({
    what: node.outerHTML.slice(0, 90), width: box.width, height: box.height,
  }))"""


@pytest.fixture
def portal(transactional_db, django_user_model, tmp_path):
    """Home pages, the presets, a video in both languages with shots and captions, one in
    French only, and a journalist whose address is confirmed."""
    import importlib

    from allauth.account.models import EmailAddress
    from django.apps import apps
    from django.core.cache import cache

    from portal.demo.home import ensure_home_pages

    cache.clear()
    homes = ensure_home_pages()
    importlib.import_module("media_library.migrations.0002_default_presets").create_presets(
        apps, None
    )
    video = store_video(make_video(tmp_path / "summit.mp4", seconds=4, size="320x180"))
    assets = {
        "fr": make_asset(video, "fr", "Sommet régional sur l'eau"),
        "en": make_asset(video, "en", "Regional water summit"),
    }
    for asset in assets.values():
        add_shots(asset, [(0, 1.5), (1.5, 4)])
        add_cues(asset, [("0.200", "1.400", "Bienvenue."), ("1.500", "3.000", "Merci.")])
    french_only = make_asset(
        store_video(make_video(tmp_path / "lab.mp4", seconds=2, size="320x180")),
        "fr",
        "Visite du laboratoire",
    )
    user = django_user_model.objects.create_user(email="desk@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    releases = {
        "fr": news_section(
            homes["fr"],
            "fr",
            "Lancement d'un programme régional sur l'eau potable",
            "Six pays partagent le coût de nouveaux points d'eau en zone rurale.",
        ),
        "en": news_section(
            homes["en"],
            "en",
            "A regional drinking water programme starts",
            "Six countries share the cost of new water points in rural areas.",
        ),
    }
    return {"video": video, "french_only": french_only, "user": user, "releases": releases}


def news_section(home, language, title, standfirst):
    """A news index in `language` with one published release; the release."""
    from wagtail.models import Locale

    from news.models import NewsIndexPage, PressReleasePage

    locale = Locale.objects.get(language_code=language)
    index = home.add_child(
        instance=NewsIndexPage(title="News", slug=f"news-{language}", locale=locale)
    )
    index.save_revision().publish()
    release = index.add_child(
        instance=PressReleasePage(
            title=title,
            standfirst=standfirst,
            place="Genève" if language == "fr" else "Geneva",
            reference="PR/CP(2026)001",
            body=[("paragraph", f"<p>{standfirst}</p>")],
            locale=locale,
        )
    )
    release.save_revision().publish()
    return release


def check_page(page, name, width, axe):
    """Overflow, target sizes, axe; then the screenshot."""
    page.wait_for_load_state("load")
    language = page.evaluate("document.documentElement.lang")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{language}-{width}-{name}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} at {width} px is {overflow} px wider than the screen"
    small = [
        box
        for box in page.evaluate(TARGET_BOXES, INTERACTIVE)
        if box["width"] < 24 or box["height"] < 24
    ]
    assert not small, f"{name} at {width} px: targets under 24 × 24 px: {small}"
    results = axe.run(
        page,
        options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    )
    violations = [f"{v['id']} ({v['nodes'][0]['target']})" for v in results.response["violations"]]
    assert not violations, f"{name} at {width} px: {violations}"


def columns_left_edges(page):
    """The left edge of each column's cells, per column, over the panel's version rows."""
    return page.evaluate(
        """() => {
          const rows = [...document.querySelectorAll('.versions tbody tr')];
          const edges = [];
          rows.forEach((row) => [...row.children].forEach((cell, index) => {
            const target = cell.querySelector('button, input') || cell;
            const left = Math.round(target.getBoundingClientRect().left);
            (edges[index] = edges[index] || new Set()).add(left);
          }));
          return edges.map((set) => [...set]);
        }"""
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_public_pages_fit_every_width_with_targets_of_24_px(
    portal, live_server, open_page, language
):
    page = open_page(locale="en-GB" if language == "en" else "fr-FR")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    axe = Axe()
    base = f"{live_server.url}/{language}"
    video_id = portal["video"].pk
    public = {
        "home": f"{base}/",
        "videos": f"{base}/videos/",
        "video": f"{base}/videos/{video_id}/",
        "login": f"{base}/accounts/login/",
        "signup": f"{base}/accounts/signup/",
        "password-reset": f"{base}/accounts/password/reset/",
        "newsletter": f"{base}/newsletter/",
        "news": live_server.url + portal["releases"][language].get_parent().url,
        "release": live_server.url + portal["releases"][language].url,
        "not-found": f"{base}/no-such-page/",
    }
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, address in public.items():
            page.goto(address)
            check_page(page, name, width, axe)
            if name == "not-found":  # the browser reports the page's own 404 as an error
                errors[:] = [error for error in errors if "404" not in error]
            if name == "videos":
                columns = page.evaluate(
                    "getComputedStyle(document.querySelector('.library-grid'))"
                    ".gridTemplateColumns.split(' ').length"
                )
                assert columns == GRID_COLUMNS[width], f"{columns} columns at {width} px"

    # Logged in: the download panel's table of versions, its columns aligned at every width.
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill(portal["user"].email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"**/{language}/")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/videos/{video_id}/")
        check_page(page, "video-logged-in", width, axe)
        edges = columns_left_edges(page)
        assert len(edges) == 4  # name, size, download button, e-mail box
        # Each column starts at one place on every row (a phone stacks the name above).
        assert all(len(column) == 1 for column in edges), f"ragged at {width} px: {edges}"
    assert not errors, errors


@pytest.mark.parametrize(
    ("language", "notice"),
    [
        ("en", "This video has not been published in English: it is shown in French."),
        ("fr", None),
    ],
)
def test_a_video_in_the_other_language_only_says_so_in_the_visitors_language(
    portal, live_server, open_page, language, notice
):
    page = open_page(locale="en-GB" if language == "en" else "fr-FR")
    page.goto(f"{live_server.url}/{language}/videos/{portal['french_only'].video_id}/")
    page.wait_for_url("**/fr/videos/**")
    shown = page.locator(".notice--language")
    if notice is None:  # a French visitor reading a French video: nothing to explain
        assert shown.count() == 0
        return
    assert shown.inner_text().startswith(notice)
    assert shown.get_attribute("lang") == "en"  # an English sentence on a French page
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page, "video-french-only", 390, Axe())
    shown.get_by_role("link", name="All videos in English").click()
    page.wait_for_url("**/en/videos/")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_timeline_is_a_finger_sized_target_and_a_tap_moves_the_nearer_handle(
    portal, browser, live_server, language
):
    context = browser.new_context(
        locale="en-GB" if language == "en" else "fr-FR",
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/{language}/videos/{portal['video'].pk}/")
        assert page.evaluate("matchMedia('(pointer: coarse)').matches")
        page.locator(".timeline__strip").scroll_into_view_if_needed()
        strip = page.locator(".timeline__strip").bounding_box()
        for grip in (".timeline__grip--start", ".timeline__grip--end"):
            box = page.locator(grip).bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, (grip, box)
        assert strip["height"] >= 44
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # A tap at three quarters of the strip moves the end handle there (4 s video: 00:03).
        page.touchscreen.tap(strip["x"] + strip["width"] * 0.75, strip["y"] + strip["height"] / 2)
        assert page.locator("#clip-end").input_value() == "00:03"
        assert page.locator("#clip-start").input_value() == "00:00"
    finally:
        context.close()


@pytest.mark.parametrize(
    ("language", "invalid", "too_short"),
    [
        (
            "en",
            "“abc” is not a time: write it as minutes:seconds, for example 01:30.5.",
            "A clip must last at least one second.",
        ),
        (
            "fr",
            "« abc » n'est pas une durée : écrivez-la en minutes:secondes, par exemple 01:30,5.",
            "Un extrait doit durer au moins une seconde.",
        ),
    ],
)
def test_times_are_checked_before_the_log_in_with_the_servers_words(
    portal, live_server, open_page, language, invalid, too_short
):
    from django.utils import translation

    from media_library.downloads.forms import time_messages

    with translation.override(language):  # the very messages the server gives
        assert time_messages()["invalid"] % {"value": "abc"} == invalid
        assert time_messages()["too_short"] == too_short
    page = open_page(locale="en-GB" if language == "en" else "fr-FR")
    video_page = f"{live_server.url}/{language}/videos/{portal['video'].pk}/"
    page.goto(video_page)
    login = page.locator("#login-link")
    page.locator("#clip-start").fill("abc")
    page.locator("#clip-end").fill("00:02")
    login.click()
    assert page.locator("#start-error").inner_text() == invalid
    assert page.locator("#clip-start").get_attribute("aria-invalid") == "true"
    page.locator("#clip-start").fill("00:01")
    page.locator("#clip-end").fill("00:01" + (",5" if language == "fr" else ".5"))
    login.click()
    assert page.locator("#end-error").inner_text() == too_short
    assert page.locator("#start-error").inner_text() == ""
    assert page.url == video_page  # still here, told why
    page.locator("#clip-end").fill("00:03")
    login.click()
    page.wait_for_url("**/accounts/login/**")
