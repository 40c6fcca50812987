"""salesbot closing: the closing-technique catalogue, and how its advice fared."""

from __future__ import annotations

import json

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from bot.settings import load_settings
from bot.stages import stage_label
from bot.store import LeadStore, StoreUnavailable

app = typer.Typer(help="The closing techniques, and how the advice compares with results.", no_args_is_help=True)
console = Console(soft_wrap=True)


def _advisor():
    from bot.closing_advisor import ClosingAdvisor  # loads spaCy: only for these commands

    settings = load_settings()
    return ClosingAdvisor(LeadStore.from_url(settings.database_url), settings)


@app.command("list")
def list_techniques(as_json: bool = typer.Option(False, "--json", help="Print JSON for machines.")) -> None:
    """Every technique with its risk to the relationship and the signals that favour or rule it out."""
    catalogue = _advisor().catalogue()
    rows = [
        {"id": t.id, "name": t.name, "risk": t.relationship_risk, "points": dict(t.points)}
        for t in catalogue.techniques
    ]
    if as_json:
        typer.echo(json.dumps({"version": catalogue.version, "techniques": rows}, indent=2))
        return
    table = Table(title=f"Closing techniques {catalogue.version}", box=box.SIMPLE_HEAD)
    for column in ("id", "name", "risk", "fits (+) / rules out (-)"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["id"],
            row["name"],
            row["risk"],
            ", ".join(f"{signal} {weight:+d}" for signal, weight in row["points"].items()),
        )
    console.print(table)


@app.command("report")
def report(as_json: bool = typer.Option(False, "--json", help="Print JSON for machines.")) -> None:
    """Closed deals by technique: how often each was recommended and used, and how those deals
    ended, so the advice can be checked against results."""
    try:
        deals = _advisor().leads.closed_deals()
    except StoreUnavailable as error:
        console.print(f"[red]cannot read the lead database: {error}[/red]")
        raise typer.Exit(code=1)
    won = {"closed_won", "closed_upgraded"}
    figures: dict[str, dict[str, int]] = {}

    def count(technique, key):
        if technique:
            figures.setdefault(
                technique, {"recommended": 0, "used": 0, "used_won": 0, "followed": 0, "followed_won": 0}
            )
            figures[technique][key] += 1

    for deal in deals:
        count(deal.technique_recommended, "recommended")
        count(deal.technique_used, "used")
        if deal.stage in won:
            count(deal.technique_used, "used_won")
        if deal.technique_used and deal.technique_used == deal.technique_recommended:
            count(deal.technique_used, "followed")
            if deal.stage in won:
                count(deal.technique_used, "followed_won")
    outcomes = {}
    for deal in deals:
        outcomes[stage_label(deal.stage)] = outcomes.get(stage_label(deal.stage), 0) + 1
    if as_json:
        typer.echo(json.dumps({"closed_deals": len(deals), "outcomes": outcomes, "techniques": figures}, indent=2))
        return
    console.print(f"{len(deals)} closed deal(s): " + (", ".join(f"{n} {o}" for o, n in outcomes.items()) or "none yet"))
    table = Table(box=box.SIMPLE_HEAD)
    for column in ("technique", "recommended", "used", "won when used", "advice followed", "won when followed"):
        table.add_column(column, justify="left" if column == "technique" else "right")
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
