"""salesbot report: the manager's figures over a period, in the terminal, as CSV or JSON for
the team's own tools, and as one HTML file with charts."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer
from rich import box
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.cli.common import console, database, escape, fail, lead_store, say, settings, show, words, write_or_print
from bot.reports.figures import SECTIONS, Figures, Period, report, shown
from bot.reports.page import document, heading, summary


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def run_report(
    since: Optional[datetime] = typer.Option(None, formats=["%Y-%m-%d"], help="first day (default: the beginning)"),
    until: Optional[datetime] = typer.Option(None, formats=["%Y-%m-%d"], help="last day (default: today)"),
    rep: Optional[str] = typer.Option(None, help="only the leads this rep looks after, and their rehearsals"),
    output_format: Format = typer.Option(Format.table, "--format", help="table, csv (one file per table) or json"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="csv: a directory; json: a file"),
    html: Optional[Path] = typer.Option(None, "--html", help="also write the report as one HTML file with charts"),
) -> None:
    """Funnel, qualification, objections, closing and rehearsal figures over a period."""
    period = Period(since.date() if since else None, until.date() if until else None, rep)
    if output_format is Format.csv and output is None:
        fail("report.csv_needs_output")
    store = lead_store()
    columns = (TextColumn(say("report.progress")), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with database(), Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("report", total=None)
        progress = lambda step, steps: bar.update(task, completed=step, total=steps)  # noqa: E731
        tables = report(store.engine, period, progress, settings())
    if output_format is Format.table:
        print_tables(tables, period)
    elif output_format is Format.json:
        write_or_print(json.dumps(as_json(tables, period), indent=2, ensure_ascii=False) + "\n", output)
    else:
        assert output is not None
        write_csv(tables, output)
    if html is not None:
        footer = say("report.generated", at=_now(), database=_where())
        html.write_text(document(tables, period, words(), footer), encoding="utf-8")
        show("wrote", path=html)


def print_tables(tables: list[Figures], period: Period) -> None:
    by_key = {table.key: table for table in tables}
    console.print(f"[bold]{escape(heading(period, words()))}[/bold]")
    console.print(escape(summary(tables, words())))
    for section, keys in SECTIONS.items():
        console.print(f"\n[bold underline]{escape(say(f'report.sections.{section}'))}[/bold underline]")
        for key in keys:
            table = by_key[key]
            title = say(f"report.tables.{key}", today=period.today.isoformat())
            shown = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
            for column in table.columns:
                shown.add_column(say(f"report.columns.{column}"))
            for row in table.rows:
                shown.add_row(*(escape(_cell(column, value)) for column, value in zip(table.columns, row, strict=True)))
            if not table.rows:
                shown.caption = say("report.no_rows")
            console.print(shown)


def _cell(column: str, value: Any) -> str:
    if value is None:
        return say("none")
    return shown(column, value)


def as_json(tables: list[Figures], period: Period) -> dict[str, Any]:
    return {
        "period": {
            "since": period.since.isoformat() if period.since else None,
            "until": period.until.isoformat() if period.until else None,
            "rep": period.rep,
        },
        "tables": {table.key: table.as_dicts() for table in tables},
    }


def write_csv(tables: list[Figures], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for table in tables:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        (directory / f"{table.key}.csv").write_text(text.getvalue(), encoding="utf-8")
    show("wrote", path=directory)


def _now() -> str:
    return datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")


def _where() -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings().database_url).render_as_string(hide_password=True)
