"""Jobs that the tests' real rqworker imports and runs."""

from pathlib import Path


def fail_until_allowed(flag_path):
    """Fails until the file `flag_path` exists (a fault that the press office then fixes)."""
    if not Path(flag_path).exists():
        raise RuntimeError("the archive is not mounted yet")
    return "done"
