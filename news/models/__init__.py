"""Topics (topics.py), the news index and press releases (pages.py)."""

from .pages import *  # noqa: F401, F403
from .topics import *  # noqa: F401, F403
