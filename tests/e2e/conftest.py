"""Browser journeys: Playwright drives Debian's chromium (never a downloaded browser) against
pytest-django's live server, and axe-core checks each page."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures and
# by the live server are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """A new browser tab with the given preferred language; returns (page, base_url)."""
    contexts = []

    def open_tab(locale="en-GB"):
        context = browser.new_context(locale=locale)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page: no violation of WCAG 2.1 A/AA rules."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
        violations = results.response["violations"]
        summary = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})"
            for v in violations
        ]
        assert not violations, f"{page.url}: " + "; ".join(summary)

    return check


class PageWatch:
    """What a tab did that a user must never see or send: console errors, uncaught exceptions,
    and requests to any host other than the portal's own (the live server on the loopback)."""

    OWN_HOSTS = {"127.0.0.1", "localhost"}

    def __init__(self, page):
        from urllib.parse import urlsplit

        self.errors = []
        self.outside = []
        page.on(
            "console",
            lambda message: message.type == "error" and self.errors.append(message.text),
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))

        def request(request):
            parts = urlsplit(request.url)
            if (
                parts.scheme in {"http", "https", "ws", "wss"}
                and parts.hostname not in self.OWN_HOSTS
            ):
                self.outside.append(request.url)

        page.on("request", request)

    def assert_clean(self):
        assert not self.errors, self.errors
        assert not self.outside, self.outside


@pytest.fixture
def staff_tab(open_page, live_server):
    """A tab logged in to the Wagtail admin as `user` (whose password is `password`), in the
    browser language given; returns (page, watch)."""

    def open_staff_tab(user, password, locale="fr-FR"):
        page = open_page(locale=locale)
        watch = PageWatch(page)
        page.goto(f"{live_server.url}/admin/login/")
        page.locator("input[name=username]").fill(user.email)
        page.locator("input[name=password]").fill(password)
        page.locator("form button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/admin/")
        return page, watch

    return open_staff_tab
