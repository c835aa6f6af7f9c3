"""Videos, presets and renditions (assets.py); public downloads and their records (downloads.py)."""

from .assets import *  # noqa: F401, F403
from .downloads import *  # noqa: F401, F403
