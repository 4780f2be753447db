"""Test helpers for the delivery channels: a tiny webhook receiver on 127.0.0.1 and Celery in eager mode."""

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class WebhookReceiver:
    """Answers each POST with the next scripted status (200 once the script runs out) and keeps the bodies."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.received: list[dict] = []
        self.headers: list[dict[str, str]] = []
        self.url = ""


@contextmanager
def webhook_receiver(statuses=()):
    receiver = WebhookReceiver(statuses)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            receiver.received.append(json.loads(self.rfile.read(length).decode("utf-8")))
            receiver.headers.append(dict(self.headers.items()))
            status = receiver.statuses.pop(0) if receiver.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
