"""pytest plugin (`-p own_ports`, with this folder on PYTHONPATH): the tests' hard-coded ports
moved into the ranges of the machine's user (FINDINGS_REDIS_PORTS, FINDINGS_WEB_PORTS,
FINDINGS_PLAYLIST_PORT), so that the proof can run beside other checkouts' suites. Only where
the tests listen changes; nothing they assert."""

import os
import sys


def _ports(name, default):
    first, last = (int(n) for n in os.environ.get(name, default).split("-"))
    return range(first, last + 1)


def pytest_collection_finish(session):
    redis_ports = _ports("FINDINGS_REDIS_PORTS", "6390-6399")
    web_ports = _ports("FINDINGS_WEB_PORTS", "8700-8709")
    playlist_port = int(os.environ.get("FINDINGS_PLAYLIST_PORT", "8721"))
    for name, attribute, value in [
        ("tests.faults.conftest", "REDIS_PORTS", redis_ports),
        ("tests.faults.conftest", "WEB_PORTS", web_ports),
        ("tests.faults.test_processes", "WEB_PORTS", web_ports),
        ("tests.media_library.test_hostile_uploads", "PORT", playlist_port),
    ]:
        module = sys.modules.get(name)
        if module is not None and hasattr(module, attribute):
            setattr(module, attribute, value)
