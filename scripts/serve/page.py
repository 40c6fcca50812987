"""The web page prospects chat on (web/), served on its own port.

The page, its script and style, the rasa-webchat bundle and the Inter font all come from this
server (and, for reps only, the sales report at /report: `salesbot report --html` of the
moment, for ?since=YYYY-MM-DD&until=YYYY-MM-DD&rep=NAME; a browser asks for the rep's name and
their rep token as the password): the bundle's own `@import` of Google's font is taken out as it is served, and a strict
Content-Security-Policy lets the page reach only this server and the Rasa server. The page's
words come from playbook/wording.yml (`web`), handed out with the Rasa address in /config.json.
"""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from functools import lru_cache
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from sqlalchemy.engine import make_url

from bot.access import rep_by_password
from bot.playbook.wording import Wording, wording
from bot.reports.figures import Period, report
from bot.reports.page import document, transcript_page
from bot.settings import REPO_ROOT, Settings
from bot.store import LeadStore, StoreUnavailable
from bot.store.transcripts import TranscriptStore

WEB = REPO_ROOT / "web"
MODULES = WEB / "node_modules"
WIDGET = MODULES / "rasa-webchat" / "lib" / "index.js"
FONT = MODULES / "@fontsource" / "inter"
GOOGLE_FONT = "@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);"
FILES = {
    "/": (WEB / "index.html", "text/html; charset=utf-8"),
    "/index.html": (WEB / "index.html", "text/html; charset=utf-8"),
    "/app.js": (WEB / "app.js", "text/javascript; charset=utf-8"),
    "/page.css": (WEB / "page.css", "text/css; charset=utf-8"),
}
FONT_WEIGHTS = (400, 500, 700)


@lru_cache(maxsize=1)
def widget_bundle() -> bytes:
    """rasa-webchat's bundle without its request to Google's font service."""
    text = WIDGET.read_text(encoding="utf-8")
    if GOOGLE_FONT not in text:
        raise RuntimeError(f"{WIDGET}: the font import to take out is not there; check the rasa-webchat version")
    return text.replace(GOOGLE_FONT, "").encode("utf-8")


@lru_cache(maxsize=1)
def font_css() -> bytes:
    """The Inter weights the widget uses, from @fontsource/inter, with font URLs on this server."""
    css = "\n".join((FONT / f"latin-{weight}.css").read_text(encoding="utf-8") for weight in FONT_WEIGHTS)
    return css.replace("./files/", "/fonts/files/").encode("utf-8")


def page_config(settings: Settings, socket_url: str) -> bytes:
    words = dict(wording(settings).section("web"))
    return json.dumps({"socket_url": socket_url, "words": words}).encode("utf-8")


def content_security_policy(socket_url: str) -> str:
    socket_ws = socket_url.replace("http://", "ws://").replace("https://", "wss://")
    return (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
        f"img-src 'self' data:; connect-src 'self' {socket_url} {socket_ws}; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def period_asked(query: str) -> Period:
    """?since=2026-11-01&until=2026-11-30&rep=dana; ValueError for a date that is not one."""
    asked = {key: values[-1] for key, values in parse_qs(query).items() if values}
    since, until = asked.get("since"), asked.get("until")
    return Period(
        date.fromisoformat(since) if since else None, date.fromisoformat(until) if until else None, asked.get("rep")
    )


def handler(settings: Settings, socket_url: str) -> type[SimpleHTTPRequestHandler]:
    policy = content_security_policy(socket_url)
    leads: list[LeadStore] = []  # opened on the first report asked for

    class PageHandler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            pass  # one line per request would drown the assistant's own log

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path, _, query = self.path.partition("?")
            if path == "/report" or path.startswith("/report/leads/"):
                self._report(path, query)
            elif path in FILES:
                file, kind = FILES[path]
                self._send(file.read_bytes(), kind)
            elif path == "/favicon.ico":
                self.send_response(HTTPStatus.NO_CONTENT)
                self.end_headers()
            elif path == "/config.json":
                self._send(page_config(settings, socket_url), "application/json")
            elif path == "/webchat.js":
                self._send(widget_bundle(), "text/javascript; charset=utf-8")
            elif path == "/fonts/inter.css":
                self._send(font_css(), "text/css; charset=utf-8")
            elif path.startswith("/fonts/files/") and path.endswith((".woff2", ".woff")):
                file = FONT / "files" / Path(path).name  # the name only: nothing outside that folder
                kind = "font/woff2" if path.endswith(".woff2") else "font/woff"
                self._send(file.read_bytes(), kind) if file.is_file() else self._not_found()
            else:
                self._not_found()

        def _not_found(self) -> None:
            self.send_error(HTTPStatus.NOT_FOUND)

        def _report(self, path: str, query: str) -> None:
            if not rep_by_password(self.headers.get("Authorization"), settings).is_rep:
                self.send_response(HTTPStatus.UNAUTHORIZED)
                self.send_header("WWW-Authenticate", 'Basic realm="salesbot report", charset="UTF-8"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if not leads:
                leads.append(LeadStore.from_url(settings.database_url))
            words = wording(settings)
            try:
                if path == "/report":
                    page = self._figures(leads[0], query, words)
                else:
                    page = self._transcript(leads[0], path.rsplit("/", 1)[1], words)
            except StoreUnavailable:
                self.send_error(HTTPStatus.SERVICE_UNAVAILABLE, "the lead database is not answering")
                return
            if page is not None:
                self._send(page.encode("utf-8"), "text/html; charset=utf-8")

        def _figures(self, store: LeadStore, query: str, words: Wording) -> str | None:
            try:
                period = period_asked(query)
            except ValueError:
                self.send_error(HTTPStatus.BAD_REQUEST, "since and until are dates: YYYY-MM-DD")
                return None
            where = make_url(settings.database_url).render_as_string(hide_password=True)
            at = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
            footer = words.text("cli.report.generated", at=at, database=where)
            tables = report(store.engine, period, settings=settings)
            return document(tables, period, words, footer, lambda lead: f"/report/leads/{lead}")

        def _transcript(self, store: LeadStore, lead_id: str, words: Wording) -> str | None:
            lead = store.get_lead(int(lead_id)) if lead_id.isdigit() else None
            if lead is None:
                self._not_found()
                return None
            return transcript_page(lead.id, TranscriptStore(store.engine).transcript(lead.conversation_id), words)

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", policy)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            self.wfile.write(body)

    return PageHandler


def serve_page(settings: Settings, host: str, port: int, socket_url: str) -> ThreadingHTTPServer:
    """Serves the page in a background thread; `shutdown()` stops it."""
    server = ThreadingHTTPServer((host, port), handler(settings, socket_url))
    threading.Thread(target=server.serve_forever, name="page", daemon=True).start()
    return server
