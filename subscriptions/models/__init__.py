"""The public audience: accounts (accounts.py) and the newsletter (newsletter.py)."""

from .accounts import EmailUserManager, User  # noqa: F401
from .newsletter import *  # noqa: F401, F403
