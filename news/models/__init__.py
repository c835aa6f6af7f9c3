"""The news index and press releases (pages.py); the topic vocabulary lives in news/topics.py."""

from news.topics import *  # noqa: F401, F403

from .pages import *  # noqa: F401, F403
