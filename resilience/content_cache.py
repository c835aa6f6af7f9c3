"""What public pages work out from the published content, remembered until the content changes.

Why: the year list and the number of releases of the news index, the topic lists, the pages
every page links to (the news index, the accessibility statement, the language versions of a
page), the address a path leads to: all of them are the same for every reader until an editor
publishes something, and working them out on every request made the public pages cost more
queries, and more time, the bigger the archive (issue 15). So each result is kept in the cache
under the current *generation* of the content, a number that moves on at every publish,
unpublish, move or deletion of a page and at every save of a model shown on public pages
(`PAGE_CACHE_PURGED_BY`, the same events that empty the page cache, `portal/page_cache.py`):
the next request after a change works them out afresh, nothing is deleted by hand, and the
results of old generations expire on their own.

While Redis is away the results are worked out on every request (the database fallback of
the cache would cost as many queries as the work itself), and a move of the generation asked
for meanwhile waits in the outbox, as the page cache's purge does: Redis never answers with a
generation older than the content once it is back.

A result of one generation never changes, so each process also keeps the results it read in
its own memory (`_memo`, pickled as Redis keeps them, so no request sees another's objects):
a page then costs one Redis round trip, the generation's, instead of one per remembered
result (about a dozen; under load a Redis round trip cost several milliseconds, issue 15).
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

from resilience import outbox
from resilience.cache import available, strict

GENERATION_KEY = "content-cache:generation"
KEEP_SECONDS = 24 * 3600  # a safety net: a generation normally ends with the next publish
_MISSING = object()
_generation_of_reading = ContextVar("content_generation_of_reading", default=None)
_memo = LocMemCache("content-cache-memo", {"OPTIONS": {"MAX_ENTRIES": 5000}})


def generation():
    """The current generation of the public content."""
    value = _generation_of_reading.get()
    return _read_generation() if value is None else value


@contextmanager
def reading():
    """A reader's request: the generation is read once, not once per remembered result (one
    round trip to Redis saved for each), and the whole page belongs to one generation."""
    if not active():
        yield
        return
    try:
        token = _generation_of_reading.set(_read_generation())
    except RedisError:  # Redis has just gone: worked out on every request, as while it is away
        yield
        return
    try:
        yield
    finally:
        _generation_of_reading.reset(token)


def _read_generation():
    """From Redis only (raises RedisError): the database fallback holds what was written during
    an earlier outage, a generation and results long out of date."""
    redis = strict(cache)
    value = redis.get(GENERATION_KEY)
    if value is None:  # never set, or evicted: a new generation, never one used before
        redis.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = redis.get(GENERATION_KEY, 0)
    return value


def remember(name, compute, timeout=KEEP_SECONDS, keep_none=True):
    """`compute()`'s result for this generation of the content; `name` says what it is (and
    for which page, language, filter) in one string. `keep_none=False` where a name comes
    from the address (a video's id): what does not exist is not kept, or anyone could fill
    Redis with names of things that do not exist."""
    if not active():
        return compute()
    redis = strict(cache)  # never the database fallback (see _read_generation)
    try:
        key = f"content-cache:{generation()}:{name}"
        value = _memo.get(key, _MISSING)
        if value is _MISSING:
            value = redis.get(key, _MISSING)
    except RedisError:
        return compute()
    if value is _MISSING:
        value = compute()
        if value is None and not keep_none:
            return value
        try:
            redis.set(key, value, timeout)
        except RedisError:
            return value
    _memo.set(key, value, timeout)
    return value


def active():
    """Whether results are remembered now: with Redis, while it answers."""
    return available(cache) and _shared_by_every_process()


def _shared_by_every_process():
    """Without Redis the cache is each process's memory: a publish seen by one process would
    leave the others with old results, so nothing is remembered then."""
    return not settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def renew(**kwargs):
    """The content changed: start a new generation, now or as soon as Redis answers."""
    try:
        start_new_generation()
    except RedisError:
        outbox.call(start_new_generation)


def start_new_generation():
    """Raises RedisError while Redis is away (the outbox then keeps the call for later).

    A generation is a time in nanoseconds rather than a counter: a counter lost with its key
    (evicted, flushed) would start again at a number whose results may still be cached."""
    strict(cache).set(GENERATION_KEY, time.time_ns(), timeout=None)
