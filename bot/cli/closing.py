"""salesbot closing: the closing-technique catalogue, its import and export, and how its advice
fared."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer
from rich import box
from rich.table import Table

from bot.cli.common import advisor, console, database, print_json, say, show, words, write_or_print
from bot.playbook.closing import dump_catalogue, load_catalogue
from bot.playbook.stages import WON

app = typer.Typer(
    help="The closing techniques: list, import, export, and how the advice compares with results.",
    no_args_is_help=True,
)


@app.command("list")
def list_techniques(as_json: bool = typer.Option(False, "--json", help="Print JSON for machines.")) -> None:
    """Every technique with its risk to the relationship and the signals that favour or rule it out."""
    with database():
        catalogue = advisor().catalogue()
    rows: list[dict[str, Any]] = [
        {"id": t.id, "name": t.name, "risk": t.relationship_risk, "points": dict(t.points)}
        for t in catalogue.techniques
    ]
    if as_json:
        print_json({"version": catalogue.version, "techniques": rows})
        return
    table = Table(title=say("techniques_title", version=catalogue.version), box=box.SIMPLE_HEAD)
    for column in ("id", "name", "risk", "points"):
        table.add_column(say(f"columns.{column}"))
    for row in rows:
        points = ", ".join(f"{signal} {weight:+d}" for signal, weight in row["points"].items())
        table.add_row(row["id"], row["name"], row["risk"], points)
    console.print(table)


@app.command("import")
def import_file(
    path: Optional[Path] = typer.Argument(None, help="Catalogue file (default: playbook/closing_techniques.yml)."),
) -> None:
    """Load the file into the database; the assistant uses it from the next message on. (An edit
    of playbook/closing_techniques.yml is also imported by itself the next time the catalogue is
    read; a file imported from elsewhere stays until then.)"""
    deals = advisor()
    copy = deals.catalogue_copy
    path = path or copy.path
    with database():
        deals.closing.import_catalogue(load_catalogue(path), copy.file_fingerprint())
    show("catalogue_imported", path=path, count=len(load_catalogue(path).techniques))


@app.command("export")
def export_file(
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write here (e.g. playbook/closing_techniques.yml) instead of printing."
    ),
) -> None:
    """Write the catalogue the assistant uses, in the file's format."""
    with database():
        text = dump_catalogue(advisor().catalogue())
    write_or_print(text, output)


@app.command("report")
def report(as_json: bool = typer.Option(False, "--json", help="Print JSON for machines.")) -> None:
    """Closed deals by technique: how often each was recommended and used, and how those deals
    ended, so the advice can be checked against results."""
    with database():
        deals = advisor().leads.closed_deals()
    figures: dict[str, dict[str, int]] = {}

    def count(technique: Optional[str], key: str) -> None:
        if technique:
            row = figures.setdefault(
                technique, {"recommended": 0, "used": 0, "used_won": 0, "followed": 0, "followed_won": 0}
            )
            row[key] += 1

    outcomes: dict[str, int] = {}
    for deal in deals:
        outcomes[deal.stage] = outcomes.get(deal.stage, 0) + 1
        count(deal.technique_recommended, "recommended")
        count(deal.technique_used, "used")
        if deal.stage in WON:
            count(deal.technique_used, "used_won")
        if deal.technique_used and deal.technique_used == deal.technique_recommended:
            count(deal.technique_used, "followed")
            if deal.stage in WON:
                count(deal.technique_used, "followed_won")
    if as_json:
        print_json({"closed_deals": len(deals), "outcomes": outcomes, "techniques": figures})
        return
    stage_names = words().section("stages")
    summary = words().listed(say("outcome_count", count=n, stage=stage_names[stage]) for stage, n in outcomes.items())
    show("closed_deals", count=len(deals), outcomes=summary or say("none_yet"))
    table = Table(box=box.SIMPLE_HEAD)
    for column in ("technique", "recommended", "used", "used_won", "followed", "followed_won"):
        table.add_column(say(f"columns.{column}"), justify="left" if column == "technique" else "right")
    for technique, f in sorted(figures.items()):
        table.add_row(
            technique,
            str(f["recommended"]),
            str(f["used"]),
            str(f["used_won"]),
            str(f["followed"]),
            str(f["followed_won"]),
        )
    console.print(table)
