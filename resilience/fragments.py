"""Parts of public pages rendered once per generation of the content, and the CSRF token kept
out of what is stored.

Why: with the queries gone (issue 15), what a public page costs is rendering: the footer's
newsletter form, the home page's lists, the video index's cards, the video page's player,
transcript, shot list and download panel are the same for every anonymous reader until an
editor changes something. `{% remembered %}` (remembered_fragments) and `remembered_html()` keep
such a part's HTML in the content cache (resilience/content_cache.py): under the content's
generation, which every publish, unpublish, move, deletion and save of a model shown on public
pages moves on, so a change shows at the next request, and nothing is remembered without
Redis (each process's memory would go stale) nor while it is away.

What a part shows must follow from its name and arguments alone: the reader's language is
always part of the key; whatever else varies (a page, a filter, the moment the set of public
videos next changes: media_library/public_schedule.py) is given as arguments. Parts that
depend on the reader (their account, their selection) are not remembered. A CSRF token in a
part is stored as a placeholder and each request gets its own (as the page cache does).
"""

import re

from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from resilience import content_cache

CSRF_PLACEHOLDER = "page-cache-csrf-token-placeholder"
# A part is kept 10 minutes at most (as a cached page): a generation usually ends sooner, and
# parts named after a filter typed in an address cannot pile up in Redis for a day.
KEEP_SECONDS = 600
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def without_csrf_token(html):
    """`html` (str or bytes) with every CSRF token input's value replaced by the placeholder."""
    if isinstance(html, bytes):
        return CSRF_INPUT_BYTES.sub(rb"\1" + CSRF_PLACEHOLDER.encode() + rb"\2", html)
    return CSRF_INPUT.sub(r"\1" + CSRF_PLACEHOLDER + r"\2", html)


CSRF_INPUT_BYTES = re.compile(CSRF_INPUT.pattern.encode())


def with_csrf_token(html, request):
    """`html` (str or bytes) with the placeholder replaced by `request`'s own CSRF token (which
    also has Django's CSRF middleware set the cookie, as `{% csrf_token %}` does)."""
    placeholder = CSRF_PLACEHOLDER.encode() if isinstance(html, bytes) else CSRF_PLACEHOLDER
    if placeholder not in html or request is None:
        return html
    token = get_token(request)
    return html.replace(placeholder, token.encode() if isinstance(html, bytes) else token)


def remembered_html(name, render, request):
    """The HTML `render()` returns, rendered once per generation of the content, site and
    language (each time in an editor's preview, or outside a request)."""
    if request is None or getattr(request, "is_preview", False):  # no reader to vary on
        return mark_safe(str(render()))  # noqa: S308 (rendered by a template)
    host = request.get_host()
    html = content_cache.remember(
        f"fragment:{host}:{get_language()}:{name}",
        lambda: without_csrf_token(str(render())),
        timeout=KEEP_SECONDS,
    )
    return mark_safe(with_csrf_token(html, request))  # noqa: S308 (rendered by a template)
