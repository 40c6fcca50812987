"""The web page a prospect chats on, in a real browser: Debian's Chromium driven by Playwright,
the page served by scripts/serve/page.py, the widget talking to the Rasa server over socket.io.

The browser's reply time (from pressing Enter to the assistant's answer on screen) is written to
results/widget_reply_times.json and printed: the figure the README quotes.
"""

import json
import os
import statistics
import time
from pathlib import Path

import pytest

from bot.settings import REPO_ROOT
from tests.e2e.conftest import Servers

CHROMIUM = Path("/usr/bin/chromium")
LOOPBACK = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1", "data:", "blob:")
REPLY_TIMEOUT_MS = 30_000
TIMES = REPO_ROOT / "results" / "widget_reply_times.json"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


class Widget:
    """The chat widget on the page, as a prospect uses it."""

    def __init__(self, page) -> None:
        self.page = page
        self.reply_times: list[float] = []

    def responses(self) -> list[str]:
        return self.page.locator(".rw-response").all_inner_texts()

    def wait_for_response(self, words: str, after: int = 0) -> None:
        self.page.wait_for_function(
            "([words, after]) => Array.from(document.querySelectorAll('.rw-response')).slice(after)"
            ".some(m => m.innerText.includes(words))",
            arg=[words, after],
            timeout=REPLY_TIMEOUT_MS,
        )

    def say(self, text: str, expect: str) -> None:
        before = len(self.responses())
        box = self.page.locator(".rw-new-message")
        box.fill(text)
        started = time.perf_counter()
        box.press("Enter")
        self.wait_for_response(expect, after=before)
        self.reply_times.append((time.perf_counter() - started) * 1000)

    def click(self, title: str, expect: str) -> None:
        before = len(self.responses())
        self.page.locator(".rw-reply", has_text=title).last.click()
        self.wait_for_response(expect, after=before)


def open_widget(page, url: str) -> Widget:
    page.goto(url)
    page.locator(".rw-new-message").wait_for(state="visible", timeout=REPLY_TIMEOUT_MS)  # embedded: always open
    return Widget(page)


def test_a_prospect_qualifies_in_the_widget_and_reload_continues(servers: Servers, browser):
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(LOOPBACK) else outside.append(request.url))

    widget = open_widget(page, servers.page_url)
    widget.wait_for_response("Shall we start?")
    widget.click("Yes, let's start", "budget")
    widget.say("about $20k a year", "buying decision")

    page.reload()  # mid-form: the conversation comes back, at the same question
    widget = open_widget(page, servers.page_url)
    widget.wait_for_response("buying decision")
    widget.say("I'm the CEO", "business problem")
    widget.say("our reps lose track of leads after trade shows", "up and running")
    widget.say("in 6 weeks", "which company")
    widget.say("Acme Widgets", "previous vendor")
    widget.say('<img src=x onerror="window.injected=1"> was simple to use', "dislike")
    assert page.evaluate("window.injected") is None  # shown as text, never run
    assert any("<img src=x" in text for text in page.locator(".rw-client").all_inner_texts())
    widget.say("it could not scale", "current situation")
    widget.say("spreadsheets and weekly calls", "solve this problem")
    widget.say("we would close more deals", "Here's what I heard")
    widget.click("Yes, that's right", "get in touch")
    widget.click("Yes, please", "your name")
    widget.say("Dana Whitfield", "work email")
    widget.say("dana@acmewidgets.example", "phone number")
    widget.click("Skip this one", "contact you at dana@acmewidgets.example")

    lead = next(lead for lead in servers.store.list_leads() if lead.channel == "socketio")
    assert (lead.tier, lead.status) == ("hot", "completed")
    answers = servers.store.current_answers(lead.id)
    assert answers["contact_name"].raw_text == "Dana Whitfield"
    assert answers["contact_phone"].status == "skipped"
    assert answers["budget"].normalised["amount"] == 20000.0
    assert answers["company"].normalised["name"] == "Acme Widgets"
    assert answers["vendor_liked"].raw_text.startswith("<img src=x")
    assert outside == []

    TIMES.parent.mkdir(exist_ok=True)
    figures = {
        "turns": len(widget.reply_times),
        "median_ms": round(statistics.median(widget.reply_times)),
        "max_ms": round(max(widget.reply_times)),
    }
    TIMES.write_text(json.dumps(figures))
    print(f"widget reply time over a qualification: median {figures['median_ms']} ms, max {figures['max_ms']} ms")
    context.close()
