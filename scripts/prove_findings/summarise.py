"""Summarise pytest JUnit XML files (written with --tb=short): one line per test,
`outcome | test | where it failed | why`, where being the test's failing statement and why the
assertion's or the exception's own line (not the logs a message may carry)."""

import re
import sys
import xml.etree.ElementTree as ET

FRAME = re.compile(r"^(tests/\S*test_\w+\.py:\d+): in \w+")  # a test module's frame
EXCEPTION = re.compile(r"^[\w.]*(Error|Exception|Failed|Timeout\w*)\b[:(]")


def reason_of(element):
    text = element.text or ""
    lines = text.splitlines()
    where = ""
    for number, line in enumerate(lines):
        if FRAME.match(line) and number + 1 < len(lines):
            where = f"{FRAME.match(line)[1]} `{lines[number + 1].strip()}`"
    errors = [line[1:].strip() for line in lines if line.startswith("E ")]
    asserts = [line for line in errors if line.startswith("assert ")]
    exceptions = [line for line in errors if EXCEPTION.match(line)]
    why = asserts[:1] + exceptions[-1:]
    if "in wait_for\n    raise AssertionError(message)" in text:  # its message: a log's tail
        why = ["the condition waited for was not reached in time"]
    if not why:
        why = [(element.get("message") or "").splitlines()[0]] if element.get("message") else []
    return where, " / ".join(" ".join(part.split())[:160] for part in why)


def main(paths):
    for path in paths:
        for case in ET.parse(path).getroot().iter("testcase"):  # noqa: S314 (pytest's own)
            name = f"{case.get('classname', '').rsplit('.', 1)[-1]}::{case.get('name')}"
            outcome, where, why = "passed", "", ""
            for kind in ("failure", "error", "skipped"):
                found = case.find(kind)
                if found is not None:
                    outcome = {"failure": "FAILED", "error": "ERROR", "skipped": "skipped"}[kind]
                    where, why = reason_of(found)
                    break
            print(f"{outcome} | {name} | {where} | {why}".rstrip(" |"))


if __name__ == "__main__":
    main(sys.argv[1:])
