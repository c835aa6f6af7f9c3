"""System checks: say at start-up what is missing, in words an operator can act on."""

import shutil

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.compatibility)
def ffmpeg_is_installed(app_configs, **kwargs):
    problems = []
    for setting in ("FFMPEG_BINARY", "FFPROBE_BINARY"):
        program = getattr(settings, setting)
        if shutil.which(program) is None:
            problems.append(
                Error(
                    f"{program!r} ({setting}) is not found: videos cannot be processed.",
                    hint="Install Debian's ffmpeg package or set the variable to its path.",
                    id="portal.E001",
                )
            )
    return problems


@register(Tags.compatibility)
def queues_have_redis(app_configs, **kwargs):
    if settings.REDIS_URL:
        return []
    return [
        Warning(
            "No Redis: jobs run at once inside web requests (in-process queue).",
            hint="Set REDIS_URL, or start redis-server on 127.0.0.1:6379, and run the workers.",
            id="portal.W001",
        )
    ]
