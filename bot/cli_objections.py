"""salesbot objections: the team's view and curation of the shared objection library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from bot import training_examples
from bot.objection_coach import ObjectionCoach, describe_techniques
from bot.objections import (
    NO_STATS,
    ObjectionLibraryError,
    dump_library,
    library_as_data,
    library_from_data,
    load_library,
    rank_responses,
)
from bot.settings import load_settings
from bot.store import ObjectionStore, StoreUnavailable

app = typer.Typer(
    help="The shared objection library: list, show, add, edit, import, export, "
    "and place the objections the assistant could not.",
    no_args_is_help=True,
)
console = Console(soft_wrap=True)  # messages stay whole lines, whatever the terminal width


def _fail(message: str) -> None:
    console.print(f"[red]{message}[/red]")
    raise typer.Exit(code=1)


def _coach() -> ObjectionCoach:
    settings = load_settings()
    return ObjectionCoach(ObjectionStore.from_url(settings.database_url), settings)


def _live(coach: ObjectionCoach):
    """The library in the database, seeded from the file if the database has none yet."""
    try:
        if not coach.store.is_seeded():
            coach.store.import_library(coach.file_library())
        return coach.store.library(), coach.store.response_stats(), coach.store.occurrence_counts()
    except StoreUnavailable as error:
        _fail(f"cannot read the objection library database: {error}")
    except ObjectionLibraryError as error:
        _fail(str(error))


def _stats_dict(stats) -> dict[str, Any]:
    return {
        "uses": stats.uses,
        "helpful": stats.helpful,
        "not_helpful": stats.not_helpful,
        "won": stats.won,
        "lost": stats.lost,
        "rating": round(stats.rating, 3),
    }


@app.command("list")
def list_library(
    category: Optional[str] = typer.Option(None, help="Only this category."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON for machines."),
) -> None:
    """Every category with how often it was heard, and its responses ranked with their figures."""
    coach = _coach()
    library, stats, heard = _live(coach)
    categories = [c for c in library.categories if category in (None, c.id)]
    if category and not categories:
        _fail(f"no category {category!r} (known: {', '.join(library.category_ids)})")
    rows = [
        {
            "category": c.id,
            "name": c.name,
            "heard": heard.get(c.id, 0),
            "responses": [
                {"id": r.id, "rank": rank, "techniques": list(r.techniques), **_stats_dict(stats.get(r.id, NO_STATS))}
                for rank, r in enumerate(rank_responses(c, stats), start=1)
            ],
        }
        for c in categories
    ]
    if as_json:
        typer.echo(
            json.dumps({"version": library.version, "unplaced": heard.get(None, 0), "categories": rows}, indent=2)
        )
        return
    table = Table(
        title=f"Objection library {library.version}: {heard.get(None, 0)} unplaced objection(s) to review",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("#", justify="right")
    table.add_column("response", no_wrap=True)
    for column in ("shown", "helpful", "not", "won", "lost", "rating"):
        table.add_column(column, justify="right", min_width=len(column))
    for row in rows:
        table.add_row("", f"[bold]{row['category']}[/bold], heard {row['heard']}")
        for r in row["responses"]:
            table.add_row(
                str(r["rank"]),
                r["id"],
                str(r["uses"]),
                str(r["helpful"]),
                str(r["not_helpful"]),
                str(r["won"]),
                str(r["lost"]),
                f"{r['rating']:.2f}",
                end_section=r is row["responses"][-1],
            )
    console.print(table)


@app.command("show")
def show_category(
    category: str, as_json: bool = typer.Option(False, "--json", help="Print JSON for machines.")
) -> None:
    """One category in full: definition, motives, signals, and every response ranked."""
    coach = _coach()
    library, stats, heard = _live(coach)
    if category not in library.category_ids:
        _fail(f"no category {category!r} (known: {', '.join(library.category_ids)})")
    c = library.category(category)
    ranked = rank_responses(c, stats)
    data = {
        "id": c.id,
        "name": c.name,
        "definition": c.definition,
        "motives": list(c.motives),
        "signals": list(c.signals),
        "heard": heard.get(c.id, 0),
        "responses": [
            {
                **library_as_data(library)["categories"][c.id]["responses"][c.responses.index(r)],
                "rank": rank,
                **_stats_dict(stats.get(r.id, NO_STATS)),
            }
            for rank, r in enumerate(ranked, start=1)
        ],
    }
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    console.print(f"[bold]{c.name}[/bold] ({c.id}), heard {data['heard']} time(s)\n{c.definition}")
    console.print("[bold]What often hides behind it[/bold]\n" + "\n".join(f"  - {m}" for m in c.motives))
    console.print("[bold]How it sounds[/bold]\n" + "\n".join(f"  - {s}" for s in c.signals))
    for r, row in zip(ranked, data["responses"]):
        console.print(
            f"\n[bold]{row['rank']}. {r.id}[/bold]  {describe_techniques(r, library)}  "
            f"(shown {row['uses']}, helpful {row['helpful']}, not {row['not_helpful']}, "
            f"won {row['won']}, lost {row['lost']}, rating {row['rating']:.2f})"
        )
        console.print(f"  When: {r.when}")
        console.print("\n".join(f"  {n}. {step}" for n, step in enumerate(r.steps, start=1)))
        console.print(f'  Say: "{r.example}"\n  Source: {r.source}')


def _save(coach: ObjectionCoach, library, category: str, response: dict[str, Any], replace: bool) -> None:
    """Check the response as part of the whole library, like the file would be, then store it."""
    data = library_as_data(library)
    if category not in data["categories"]:
        _fail(f"no category {category!r} (known: {', '.join(library.category_ids)})")
    for body in data["categories"].values():
        body["responses"] = [r for r in body["responses"] if not (replace and r["id"] == response["id"])]
    data["categories"][category]["responses"].append(response)
    try:
        checked = library_from_data(data, "the new response").response(response["id"])
    except ObjectionLibraryError as error:
        _fail(str(error))
    try:
        coach.store.save_response(category, checked)
    except StoreUnavailable as error:
        _fail(f"cannot write to the objection library database: {error}")


@app.command("add")
def add_response(
    category: str,
    response_id: str = typer.Option(..., "--id", help="A new, stable id, e.g. price-roi-calculator."),
    technique: list[str] = typer.Option(..., help="Technique id; repeat for several."),
    when: str = typer.Option(..., help="When to use it."),
    step: list[str] = typer.Option(..., help="One step; repeat in order."),
    example: str = typer.Option(..., help="What to say; may use {need}, {budget}, {timeline}."),
    source: str = typer.Option(..., help="Who wrote it, or where it comes from."),
) -> None:
    """Add a response the team found to work. It is live at once; export to put it in the file."""
    coach = _coach()
    library, _, _ = _live(coach)
    if any(r.id == response_id for c in library.categories for r in c.responses):
        _fail(f"response id {response_id!r} exists already: use `salesbot objections edit {response_id}`")
    _save(
        coach,
        library,
        category,
        {"id": response_id, "technique": technique, "when": when, "steps": step, "example": example, "source": source},
        replace=False,
    )
    console.print(f"added {response_id} to {category}")


@app.command("edit")
def edit_response(
    response_id: str,
    technique: Optional[list[str]] = typer.Option(None, help="Technique id; repeat for several."),
    when: Optional[str] = typer.Option(None),
    step: Optional[list[str]] = typer.Option(None, help="One step; repeat in order (replaces all)."),
    example: Optional[str] = typer.Option(None),
    source: Optional[str] = typer.Option(None),
) -> None:
    """Change fields of a response; the others stay as they are. Its figures are kept."""
    coach = _coach()
    library, _, _ = _live(coach)
    category = next((c for c in library.categories if any(r.id == response_id for r in c.responses)), None)
    if category is None:
        _fail(f"no response {response_id!r}")
    current = next(
        r for r in library_as_data(library)["categories"][category.id]["responses"] if r["id"] == response_id
    )
    changes = {
        "technique": technique or None,
        "when": when,
        "steps": step or None,
        "example": example,
        "source": source,
    }
    updated = {**current, **{key: value for key, value in changes.items() if value is not None}}
    if updated == current:
        _fail("nothing to change: give at least one of --technique, --when, --step, --example, --source")
    _save(coach, library, category.id, updated, replace=True)
    console.print(f"updated {response_id}")


@app.command("import")
def import_file(path: Path = typer.Argument(None, help="Library file (default: playbook/objections.yml).")) -> None:
    """Load the file into the database: responses are added or updated by id; figures are kept."""
    coach = _coach()
    path = path or coach.library_file
    try:
        report = coach.store.import_library(load_library(path))
    except ObjectionLibraryError as error:
        _fail(str(error))
    except StoreUnavailable as error:
        _fail(f"cannot write to the objection library database: {error}")
    console.print(
        f"imported {path}: {len(report.added)} added, {len(report.updated)} updated, {len(report.unchanged)} unchanged"
    )
    if report.only_in_database:
        console.print(f"kept, not in the file (export to add them): {', '.join(report.only_in_database)}")


@app.command("export")
def export_file(
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write here (e.g. playbook/objections.yml) instead of printing."
    ),
) -> None:
    """Write the live library in the file's format, to review the team's changes as a diff."""
    coach = _coach()
    library, _, _ = _live(coach)
    text = dump_library(library)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    console.print(f"wrote {output}")


@app.command("unplaced")
def list_unplaced(as_json: bool = typer.Option(False, "--json", help="Print JSON for machines.")) -> None:
    """Objections the assistant could not place, with its best guess, for the team to assign."""
    coach = _coach()
    try:
        rows = coach.store.occurrences(unplaced_only=True)
    except StoreUnavailable as error:
        _fail(f"cannot read the objection library database: {error}")
    data = [
        {
            "id": o.id,
            "speaker": o.speaker,
            "text": o.text,
            "lead_id": o.lead_id,
            "guess": o.predicted_category,
            "confidence": o.confidence,
            "created_at": o.created_at.isoformat(),
        }
        for o in rows
    ]
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    table = Table(title=f"{len(data)} unplaced objection(s): salesbot objections assign ID CATEGORY")
    for column in ("id", "who", "lead", "what they said", "guess", "at"):
        table.add_column(column)
    for row in data:
        guess = f"{row['guess']} ({row['confidence']:.2f})" if row["guess"] else ""
        table.add_row(
            str(row["id"]), row["speaker"], str(row["lead_id"] or ""), row["text"], guess, row["created_at"][:16]
        )
    console.print(table)


@app.command("assign")
def assign(
    occurrence_id: int,
    category: str,
    train: bool = typer.Option(True, help="Also add it as a training example to data/nlu/objections_assigned.yml."),
) -> None:
    """Place an objection in a category; it also becomes a training example for the next training."""
    coach = _coach()
    library, _, _ = _live(coach)
    if category not in library.category_ids:
        _fail(f"no category {category!r} (known: {', '.join(library.category_ids)})")
    try:
        occurrence = coach.store.assign(occurrence_id, category)
    except StoreUnavailable as error:
        _fail(f"cannot write to the objection library database: {error}")
    if occurrence is None:
        _fail(f"no objection with id {occurrence_id}")
    console.print(f"objection {occurrence_id} is now {category}")
    if train:
        added = training_examples.add_objection_example(occurrence.text, category, occurrence.speaker)
        console.print(
            f"training example {'added to' if added else 'already in'} "
            f"{training_examples.ASSIGNED_EXAMPLES}; "
            f"the next `make train` uses it"
        )
