"""The cache: Redis when it answers, the database's cache table when it does not.

Redis is an accelerator, never a dependency of reading. Everything that goes through Django's
cache (Wagtail's site lookup, allauth's rate limits, the portal's own counters) keeps working
when Redis stops: each call that Redis cannot answer is answered by a `DatabaseCache` instead,
shared by every process, so rate limits still limit during an outage. After a failure this
process leaves Redis alone for RETRY_AFTER seconds (no connect time-out on every call), then
tries again; the first answer after an outage sends `redis_recovered`, on which the outbox
hands over the work recorded meanwhile (resilience/outbox.py).

The fallback answers for one outage only. Coming back, each process empties it (and the
scheduler's reconcile pass does too, for processes that died during the outage): what it
held was never seen by Redis, so a change made between two outages (Wagtail drops its site
root paths from Redis when a site changes) would otherwise be undone in the next outage by
the copy kept from the one before. Counters kept in the fallback during an outage are not
carried back to Redis: a rate limit starts again from zero once, when Redis returns.

The page cache (portal/page_cache.py) asks `available()` first: it neither serves nor stores
pages while Redis is away, and empties itself through `strict()` (Redis or an error, never
the fallback), so that a purge is never "done" in a table nobody reads.
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import DatabaseError
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

redis_recovered = Signal()  # sent once per process when Redis answers again after an outage

FALLBACK_TABLE = "portal_cache_fallback"
RECOVERY_PROBE = "redis-recovery-probe"


class OneClientPerPool(RedisCacheClient):
    """Django's Redis cache client, reusing one redis-py client per connection pool rather than
    making one per call: each redis-py client builds its table of ~170 reply parsers, a fifth of
    the CPU a page served from the page cache costs. redis-py clients are thread-safe (each
    command takes a connection from the pool) and their pool handles forks."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients_by_pool", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientPerPool


class RedisWithFallbackCache(BaseCache):
    """CACHES backend. OPTIONS: RETRY_AFTER (seconds, default 5), FALLBACK_TABLE, and the
    Redis client's options (socket time-outs)."""

    def __init__(self, server, params):
        super().__init__(params)
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        table = options.pop("FALLBACK_TABLE", FALLBACK_TABLE)
        shared = {key: value for key, value in params.items() if key != "OPTIONS"}
        self.primary = ReusedClientRedisCache(server, {**shared, "OPTIONS": options})
        self.fallback = DatabaseCache(table, {**shared, "OPTIONS": {"MAX_ENTRIES": 100_000}})
        self._down_until = 0.0
        self._was_down = False
        self._lock = threading.Lock()

    def available(self):
        """Whether Redis answers, as far as this process knows: False during RETRY_AFTER
        seconds after a failure; then one probe decides. Coming back, the work recorded
        meanwhile (a purge of the page cache among it) is handed over before anything else
        reads the cache."""
        if not self._was_down:
            return True
        if time.monotonic() < self._down_until:
            return False
        try:
            self.primary.has_key(RECOVERY_PROBE)
        except RedisError as error:
            self._mark_down(error)
            return False
        self._mark_up()
        return True

    def _call(self, name, *args, **kwargs):
        if self.available():
            try:
                return getattr(self.primary, name)(*args, **kwargs)
            except RedisError as error:
                self._mark_down(error)
        return getattr(self.fallback, name)(*args, **kwargs)

    def _mark_down(self, error):
        with self._lock:
            if not self._was_down:
                logger.warning("Redis cache unavailable, using the database's: %s", error)
            self._was_down = True
            self._down_until = time.monotonic() + self.retry_after

    def _mark_up(self):
        with self._lock:
            recovered, self._was_down = self._was_down, False
        if recovered:
            logger.warning("Redis cache answers again")
            self.forget_outage()
            redis_recovered.send(sender=type(self))

    def forget_outage(self):
        """Empty the fallback: what it holds was written while Redis was away."""
        try:
            self.fallback.clear()
        except DatabaseError:  # the database's own outage: the next recovery or pass does it
            logger.exception("Emptying the database's cache failed")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        return self._call("clear")

    def close(self, **kwargs):
        self.primary.close(**kwargs)
        self.fallback.close(**kwargs)


def available(cache):
    """Whether `cache` is up to its job: always, but for a Redis cache in an outage. (Django's
    `cache` is a proxy: ask it, do not check its type.)"""
    check = getattr(cache, "available", None)
    return check() if check else True


def forget_earlier_outages():
    """A reconcile step: with Redis answering, empty the fallback of what processes that died
    during an outage left there (the others empty it when they see Redis again). Returns
    whether it did."""
    cache = caches["default"]
    forget = getattr(cache, "forget_outage", None)
    if forget is None:
        return False
    strict(cache).has_key(RECOVERY_PROBE)  # raises RedisError while Redis is away
    forget()
    return True


def strict(cache):
    """The cache itself, without fallback: its calls raise RedisError while Redis is down."""
    return getattr(cache, "primary", cache)
