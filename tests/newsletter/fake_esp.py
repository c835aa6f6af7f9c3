"""A fake Mailgun on 127.0.0.1: a real HTTP server that records each API call and answers as
Mailgun does, so that Anymail's real Mailgun backend does the real HTTP work.

Used by the tests and by bench/newsletter_bench.py.
"""

import json
import threading
import time
import uuid
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def parse_form(content_type, body):
    """{field: [values]} of a form body, url-encoded or multipart (files are skipped)."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        return parse_qs(body.decode("utf-8"), keep_blank_values=True)
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if part.get_filename() is None and name:
            fields.setdefault(name, []).append(part.get_payload(decode=True).decode("utf-8"))
    return fields


class FakeMailgun:
    """Mailgun's messages API: form data in, {"id", "message"} out."""

    def __init__(self, hold_after=None, delay=0.0, keep_bodies=True, fail=None):
        self.calls = []  # one dict per API call: path, auth, fields
        self.hold_after = hold_after  # hold the answer to calls after this many...
        self.release = threading.Event()  # ...until this is set
        self.holding = threading.Event()  # set when a call is being held
        self.delay = delay
        self.keep_bodies = keep_bodies
        self.fail = fail  # fail(fields, call number) -> an HTTP error status, or None
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                fields = fake.parse(self.headers["Content-Type"], body)
                with fake.lock:
                    status = fake.fail(fields, len(fake.calls) + 1) if fake.fail else None
                    fake.calls.append(
                        {
                            "path": self.path,
                            "auth": self.headers.get("Authorization"),
                            "fields": fields,
                            "accepted": status is None,
                            "at": time.time(),
                            "id": f"<{uuid.uuid4().hex}@fake.mailgun>",
                        }
                    )
                    message_id = fake.calls[-1]["id"]
                    held = fake.hold_after is not None and len(fake.calls) > fake.hold_after
                if held:
                    fake.holding.set()
                    fake.release.wait(30)
                if fake.delay:
                    fake.release.wait(fake.delay)
                code, answer = fake.answer(status, message_id)
                fake.send(self, code, answer)

            def do_GET(self):
                """Mailgun's events API: the "accepted" events, 300 a page."""
                query = parse_qs(urlsplit(self.path).query)
                begin = float(query.get("begin", ["0"])[0])
                offset = int(query.get("offset", ["0"])[0])
                with fake.lock:
                    events = [e for e in fake.accepted_events() if e["timestamp"] >= begin]
                page = events[offset : offset + 300]
                following = self.path.split("&offset=")[0] + f"&offset={offset + 300}"
                answer = json.dumps(
                    {"items": page, "paging": {"next": f"http://127.0.0.1:{fake.port}{following}"}}
                ).encode()
                fake.send(self, 200, answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @staticmethod
    def send(handler, code, answer):
        try:
            handler.send_response(code)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(answer)))
            handler.end_headers()
            handler.wfile.write(answer)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client died while waiting (a killed worker)

    @property
    def port(self):
        return self.server.server_address[1]

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/v3"

    def accepted_events(self):
        """One "accepted" event per recipient of each accepted call, with its custom data."""
        events = []
        for call in self.calls:
            if not call["accepted"]:
                continue
            fields = call["fields"]
            variables = json.loads((fields.get("recipient-variables") or ["{}"])[0])
            for address in fields.get("to", []):
                delivery = variables.get(address, {}).get("v:delivery")
                if delivery is None:
                    delivery = (fields.get("v:delivery") or [""])[0]
                events.append(
                    {
                        "event": "accepted",
                        "timestamp": call["at"],
                        "recipient": address,
                        "user-variables": {"delivery": delivery},
                        "message": {"headers": {"message-id": call["id"].strip("<>")}},
                    }
                )
        return events

    def parse(self, content_type, body):
        fields = parse_form(content_type, body)
        if not self.keep_bodies:  # what the events API needs: recipients and delivery ids
            variables = json.loads((fields.get("recipient-variables") or ["{}"])[0])
            ids = {address: {"v:delivery": v.get("v:delivery")} for address, v in variables.items()}
            fields = {k: v for k, v in fields.items() if k in ("to", "subject", "v:delivery")}
            fields["recipient-variables"] = [json.dumps(ids)]
        return fields

    def answer(self, status, message_id):
        """(HTTP status, body) of Mailgun's answer."""
        if status:
            return status, json.dumps({"message": "'to' parameter is not a valid address"}).encode()
        return 200, json.dumps({"id": message_id, "message": "Queued. Thank you."}).encode()

    def anymail_settings(self, **extra):
        return {"MAILGUN_API_KEY": "key-fake", "MAILGUN_API_URL": self.url, **extra}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def recipients(self):
        """Every recipient of every call the ESP accepted, in order (repeats included)."""
        return [
            address
            for call in self.calls
            if call["accepted"]
            for address in call["fields"].get("to", [])
        ]

    def recipient_variables(self, call):
        return json.loads(call["fields"]["recipient-variables"][0])


class FakeSendGrid(FakeMailgun):
    """The same, answering as SendGrid's v3 mail/send API (JSON in, 202 and no body out)."""

    def parse(self, content_type, body):
        return json.loads(body)

    def answer(self, status, message_id):
        if status:
            return status, json.dumps({"errors": [{"message": "Bad Request"}]}).encode()
        return 202, b""

    def anymail_settings(self, **extra):
        return {"SENDGRID_API_KEY": "key-fake", "SENDGRID_API_URL": self.url, **extra}

    def recipients(self):
        return [
            to["email"]
            for call in self.calls
            if call["accepted"]
            for personalization in call["fields"]["personalizations"]
            for to in personalization["to"]
        ]
