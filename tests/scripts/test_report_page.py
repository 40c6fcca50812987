"""The sales report on the chat page's server (/report): for reps only, by name and rep token."""

import base64
import urllib.error
import urllib.request

import pytest

from bot.settings import REPO_ROOT, Settings
from scripts.processes import HTTP, free_port
from scripts.serve.page import serve_page
from tests.bot.reports.known_leads import MARKED_UP, fill


@pytest.fixture
def page(sqlite_store):
    fill(sqlite_store.engine)
    settings = Settings(
        database_url=sqlite_store.engine.url.render_as_string(hide_password=False),
        playbook_dir=REPO_ROOT / "playbook",
        max_answer_chars=1000,
        rep_tokens={"dana": "s3cret-token"},
    )
    port = free_port()
    server = serve_page(settings, "127.0.0.1", port, "http://localhost:5005")
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


def get(url: str, name: str | None = None, password: str | None = None) -> tuple[int, str, dict]:
    request = urllib.request.Request(url)
    if name is not None:
        request.add_header("Authorization", "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode())
    try:
        with HTTP.open(request, timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def test_the_report_is_for_reps_only(page):
    status, body, headers = get(f"{page}/report")
    assert status == 401 and headers["WWW-Authenticate"].startswith("Basic") and "Acme" not in body
    assert get(f"{page}/report", "dana", "wrong")[0] == 401
    assert get(f"{page}/report", "lee", "s3cret-token")[0] == 401  # someone else's token
    assert get(f"{page}/report", "dana", "")[0] == 401


def test_a_rep_reads_the_report_for_the_period_asked(page):
    status, body, headers = get(f"{page}/report?since=2026-11-01&until=2026-11-30", "dana", "s3cret-token")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "5 leads started, 4 scored, 1 hot, 1 won" in body
    assert "&lt;b&gt;Acme&lt;/b&gt; [bold]Corp[/bold] &amp; Sons" in body and MARKED_UP not in body
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    everything = get(f"{page}/report", "dana", "s3cret-token")[1]
    assert "6 leads started" in everything
    assert get(f"{page}/report?since=November", "dana", "s3cret-token")[0] == 400


def test_a_hot_lead_links_to_its_conversation_for_reps_only(page):
    body = get(f"{page}/report", "dana", "s3cret-token")[1]
    assert '<a href="/report/leads/1">1</a>' in body
    status, transcript, _ = get(f"{page}/report/leads/1", "dana", "s3cret-token")
    assert status == 200 and "Lead 1: the conversation" in transcript
    assert "&lt;b&gt;blah&lt;/b&gt; [bold]x[/bold]" in transcript and "<b>blah" not in transcript
    assert get(f"{page}/report/leads/1")[0] == 401
    assert get(f"{page}/report/leads/999", "dana", "s3cret-token")[0] == 404
    assert get(f"{page}/report/leads/x", "dana", "s3cret-token")[0] == 404
