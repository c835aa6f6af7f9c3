"""The news index and press releases (pages.py); the topic vocabulary (news/topics.py, outside
this package so that the listing, feeds and release context can use it without importing the
pages that use them)."""

from news.topics import *  # noqa: F401, F403

from .pages import *  # noqa: F401, F403
