"""Local running: the defaults of base.py, with DEBUG on unless the environment says otherwise."""

from portal import environment as env

from .base import *  # noqa: F403

DEBUG = env.boolean("DEBUG", True)
