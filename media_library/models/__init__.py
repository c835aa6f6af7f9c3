"""Videos, presets and renditions (assets.py); public downloads and their records (downloads.py);
caption cues (captions.py)."""

from .assets import *  # noqa: F401, F403
from .captions import *  # noqa: F401, F403
from .downloads import *  # noqa: F401, F403
