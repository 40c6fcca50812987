"""The HTML report (`salesbot report --html`) opened in Debian's Chromium: its charts are drawn,
its numbers are the query's, a company name with markup shows as typed, and it asks the network
for nothing. Needs no Rasa server, only the browser of the widget test."""

import json

from typer.testing import CliRunner

from bot.cli import app
from bot.reports.page import CHARTS
from bot.settings import REPO_ROOT
from tests.bot.reports.known_leads import MARKED_UP, fill
from tests.e2e.test_widget import browser  # noqa: F401 - the fixture

SCREENSHOT = REPO_ROOT / "results" / "report_first_screen.png"


def test_the_html_report_in_a_browser(browser, sqlite_store, tmp_path, monkeypatch):  # noqa: F811
    fill(sqlite_store.engine)
    monkeypatch.setenv("SALESBOT_DATABASE_URL", sqlite_store.engine.url.render_as_string(hide_password=False))
    page_file, figures_file = tmp_path / "report.html", tmp_path / "report.json"
    period = ["--since", "2026-11-01", "--until", "2026-11-30"]
    made = CliRunner().invoke(
        app, ["report", *period, "--format", "json", "-o", str(figures_file), "--html", str(page_file)]
    )
    assert made.exit_code == 0, made.output
    expected = json.loads(figures_file.read_text())["tables"]

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("networkidle")

    assert asked == [page_file.as_uri()]  # the file itself, nothing else
    for key in CHARTS:
        if expected[key]:
            bars = page.locator(f'figure[data-chart="{key}"] svg g[id^="patch"]')
            assert bars.count() > 2, key  # the axes' background and at least two bars
    for key, rows in expected.items():
        if not rows:
            assert page.locator(f'[data-empty="{key}"]').count() == 1, key
            continue
        cells = page.locator(f'table[data-table="{key}"] tbody tr').evaluate_all(
            "rows => rows.map(r => [...r.cells].map(c => c.dataset.value))"
        )
        assert cells == [["" if v is None else str(v) for v in row.values()] for row in rows], key
    hot = page.locator('table[data-table="hot_leads"]')
    assert MARKED_UP in hot.inner_text()
    assert hot.locator("b").count() == 0
    assert "5 leads started, 4 scored, 1 hot, 1 won" in page.locator(".summary").inner_text()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    page.close()
