"""Slack's Web API on loopback, for tests: records what the assistant would post to Slack and
answers `users.info` for a few users; `down()` makes every call fail as an unreachable Slack would."""

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLACK_EMAILS = {"U0LEE": "lee@northwind.example", "U0PAT": "pat@elsewhere.example"}


class SlackWebAPI:
    """Slack's Web API on loopback: records what the assistant posts, knows a few users' emails."""

    def __init__(self) -> None:
        self.posts: list[dict] = []
        self.refusing = False
        calls = self.posts
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                if stand_in.refusing:
                    self.send_error(503)
                    return
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                kind = self.headers.get("Content-Type", "")
                body = json.loads(raw) if "json" in kind else {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
                address = urllib.parse.urlsplit(self.path)
                method = address.path.rsplit("/", 1)[-1]
                if method == "users.info":
                    user = body.get("user") or urllib.parse.parse_qs(address.query).get("user", [None])[0]
                    reply = {"ok": True, "user": {"id": user, "profile": {"email": SLACK_EMAILS.get(user)}}}
                else:
                    calls.append({"method": method, **body})
                    reply = {"ok": True, "channel": body.get("channel"), "ts": f"{time.time():.6f}"}
                answer = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def down(self) -> None:
        self.refusing = True

    def posted_to(self, channel: str) -> list[dict]:
        return [post for post in self.posts if post.get("channel") == channel]

    def wait_for_posts(self, channel: str, count: int = 1, seconds: float = 30) -> list[dict]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if len(self.posted_to(channel)) >= count:
                time.sleep(1)  # the rest of the same turn
                return self.posted_to(channel)
            time.sleep(0.2)
        return self.posted_to(channel)
