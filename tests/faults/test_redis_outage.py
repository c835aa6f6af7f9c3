"""Finding 1: with Redis stopped, the portal served 500 everywhere (page cache, Wagtail's site
lookup, allauth's rate limits), /healthz said 500, and a publish lost its cache purge.

Here a real gunicorn (two processes, page cache on) runs against a Redis of the test's own,
which the test stops and starts again."""

import re
import subprocess
import sys

import pytest
import requests

from resilience.models import OutboxEntry
from subscriptions.models import Subscriber
from tests.conftest import PROJECT_DIR

from .conftest import log_of, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "Correct-Horse-42!"


def form_post(session, url, data, base):
    page = session.get(base + url, timeout=20)
    assert page.status_code == 200, (url, page.status_code)
    token = CSRF.search(page.text).group(1)
    return session.post(
        base + url,
        data={"csrfmiddlewaretoken": token, **data},
        headers={"Referer": base + url},
        allow_redirects=False,
        timeout=20,
    )


def publish_title(title, environment):
    """Publish a new title of the French home page from another process (as an editor's
    request would), with that process's Redis as it is."""
    code = (
        "from home.models import HomePage\n"
        "page = HomePage.objects.get(locale__language_code='fr')\n"
        f"page.title = {title!r}\n"
        "page.save_revision().publish()\n"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_with_redis_stopped_the_site_the_admin_and_logging_in_answer(
    home_pages, own_redis, processes, django_user_model
):
    django_user_model.objects.create_superuser(email="chief@example.org", password=PASSWORD)
    web = processes.web()
    base = web.url
    reader = requests.Session()
    assert reader.get(base + "/fr/", timeout=20).status_code == 200
    # (the first page view creates the site's settings row, which empties the cache once)
    wait_for(lambda: reader.get(base + "/fr/", timeout=20).headers.get("X-Page-Cache") == "hit")
    editor = requests.Session()
    logged_in = form_post(
        editor, "/admin/login/", {"username": "chief@example.org", "password": PASSWORD}, base
    )
    assert logged_in.status_code == 302, logged_in.text[-2000:]

    own_redis.stop()

    for path in ("/fr/", "/en/", "/fr/newsletter/", "/fr/accounts/login/", "/admin/login/"):
        answer = requests.get(base + path, timeout=20)
        assert answer.status_code == 200, (path, answer.status_code, log_of(web))
        assert "X-Page-Cache" not in answer.headers, (path, answer.headers.get("X-Page-Cache"))
    assert editor.get(base + "/admin/", timeout=20).status_code == 200

    late_editor = requests.Session()
    late = form_post(
        late_editor, "/admin/login/", {"username": "chief@example.org", "password": PASSWORD}, base
    )
    assert late.status_code == 302
    assert late_editor.get(base + "/admin/", timeout=20).status_code == 200

    subscribed = form_post(
        requests.Session(),
        "/fr/newsletter/",
        {"email": "outage@example.org", "language": "fr"},
        base,
    )
    assert subscribed.status_code == 302, subscribed.status_code
    assert Subscriber.objects.filter(email="outage@example.org").exists()
    reset = form_post(
        requests.Session(), "/fr/accounts/password/reset/", {"email": "who@example.org"}, base
    )
    assert reset.status_code in (200, 302), reset.status_code

    # Rate limits still limit: allauth allows 5 failed log-ins per address in 5 minutes, then
    # refuses even the right password.
    attacker = requests.Session()
    answers = [
        form_post(
            attacker,
            "/en/accounts/login/",
            {"login": "chief@example.org", "password": password},
            base,
        )
        for password in [f"wrong-{n}" for n in range(6)] + [PASSWORD]
    ]
    assert all(answer.status_code == 200 for answer in answers), [a.status_code for a in answers]
    assert "Too many failed login attempts" not in answers[0].text
    assert "Too many failed login attempts" in answers[-1].text
    assert "sessionid" not in attacker.cookies

    health = requests.get(base + "/healthz", timeout=20)
    assert health.status_code == 503, health.text
    assert health.json()["failing"] == ["redis"] and health.json()["redis"] is False

    # A publish during the outage: its cache purge waits in the outbox...
    publish_title("Accueil pendant la panne", processes.environment())
    assert OutboxEntry.objects.filter(handed_over_at__isnull=True).count() >= 2  # purge, mail
    assert "Accueil pendant la panne" in requests.get(base + "/fr/", timeout=20).text

    own_redis.start()

    # ...and is done before any page of the old generation is served again.
    def fresh_from_cache():
        answer = requests.get(base + "/fr/", timeout=20)
        assert "Accueil pendant la panne" in answer.text, "a stale page was served"
        return answer.headers.get("X-Page-Cache") == "hit"

    wait_for(fresh_from_cache, timeout=30, step=0.3, message="the page cache never came back")
    assert not OutboxEntry.objects.filter(handed_over_at__isnull=True).exists()
    assert own_redis.client().llen("rq:queue:mail") == 1  # the subscription e-mail, once
    assert requests.get(base + "/healthz", timeout=20).status_code == 200
