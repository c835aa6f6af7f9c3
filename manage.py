#!/usr/bin/env python
"""Django's command-line utility for the media portal."""

import os
import sys
from importlib.util import find_spec

if find_spec("portal") is None:  # the folder site/, installed under this name
    sys.exit(
        "The portal is not installed in this Python environment. Run the README's set-up "
        "command, or `pip install -e .` inside the project's virtualenv."
    )
from django.core.management import execute_from_command_line


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
