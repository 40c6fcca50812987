"""salesbot objections: the team's view and curation of the shared objection library."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any, Optional

import typer
from rich import box
from rich.table import Table

from bot.cli.common import coach, console, database, escape, fail, print_json, say, show, words, write_or_print
from bot.playbook.objections import ObjectionLibrary, dump_library, library_as_data, library_from_data, load_library
from bot.playbook.ranking import NO_STATS, ResponseStats, rank_responses
from bot.services import training_examples
from bot.services.objection_coach import ObjectionCoach, techniques_named, when_to_use

app = typer.Typer(
    help="The shared objection library: list, show, add, edit, import, export, "
    "and place the objections the assistant could not.",
    no_args_is_help=True,
)
JSON_HELP = "Print JSON for machines."


def _live(team: ObjectionCoach) -> tuple[ObjectionLibrary, dict[str, ResponseStats], dict[str | None, int]]:
    """The library in the database (imported from the file first if new or changed), its
    figures, and how often each category was heard. Unlike in conversation, a database that is
    down is an error here: the team must not curate a copy that isn't live."""
    with database():
        team.library_copy.refresh()
        return team.library_store.load(), team.store.response_stats(), team.store.occurrence_counts()


def _category_or_fail(library: ObjectionLibrary, category: str) -> None:
    if category not in library.category_ids:
        fail("no_such_category", category=category, known=", ".join(library.category_ids))


FIGURES = ("uses", "helpful", "not_helpful", "prospect_helpful", "prospect_not_helpful", "won", "lost")


def _stats_dict(stats: ResponseStats) -> dict[str, Any]:
    return {**asdict(stats), "rating": round(stats.rating, 3)}


@app.command("list")
def list_library(
    category: Optional[str] = typer.Option(None, help="Only this category."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Every category with how often it was heard, and its responses ranked with their figures."""
    library, stats, heard = _live(coach())
    if category:
        _category_or_fail(library, category)
    rows: list[dict[str, Any]] = [
        {
            "category": c.id,
            "name": c.name,
            "heard": heard.get(c.id, 0),
            "responses": [
                {"id": r.id, "rank": rank, "techniques": list(r.techniques), **_stats_dict(stats.get(r.id, NO_STATS))}
                for rank, r in enumerate(rank_responses(c, stats), start=1)
            ],
        }
        for c in library.categories
        if category in (None, c.id)
    ]
    if as_json:
        print_json({"version": library.version, "unplaced": heard.get(None, 0), "categories": rows})
        return
    table = Table(title=say("library_title", version=library.version, count=heard.get(None, 0)), box=box.SIMPLE_HEAD)
    table.add_column(say("columns.rank"), justify="right")
    table.add_column(say("columns.response"), no_wrap=True)
    for column in (*FIGURES, "rating"):
        table.add_column(say(f"columns.{column}"), justify="right", min_width=len(say(f"columns.{column}")))
    for row in rows:
        table.add_row("", f"[bold]{row['category']}[/bold]" + escape(say("heard", count=row["heard"])))
        for r in row["responses"]:
            table.add_row(
                str(r["rank"]),
                r["id"],
                *(str(r[key]) for key in FIGURES),
                f"{r['rating']:.2f}",
                end_section=r is row["responses"][-1],
            )
    console.print(table)


@app.command("show")
def show_category(category: str, as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """One category in full: definition, motives, signals, and every response ranked."""
    library, stats, heard = _live(coach())
    _category_or_fail(library, category)
    c = library.category(category)
    ranked = rank_responses(c, stats)
    as_data = {r["id"]: r for r in library_as_data(library)["categories"][c.id]["responses"]}
    data: dict[str, Any] = {
        "id": c.id,
        "name": c.name,
        "definition": c.definition,
        "motives": list(c.motives),
        "signals": list(c.signals),
        "heard": heard.get(c.id, 0),
        "responses": [
            {**as_data[r.id], "rank": rank, **_stats_dict(stats.get(r.id, NO_STATS))}
            for rank, r in enumerate(ranked, start=1)
        ],
    }
    if as_json:
        print_json(data)
        return
    text = words()
    show("category_heading", name=c.name, category=c.id, count=data["heard"], definition=c.definition)
    console.print(f"[bold]{escape(say('motives'))}[/bold]\n" + escape(text.bullets(c.motives)))
    console.print(f"[bold]{escape(say('how_it_sounds'))}[/bold]\n" + escape(text.bullets(c.signals)))
    for r, row in zip(ranked, data["responses"], strict=True):
        figures = say("response_figures", **row)
        console.print(
            f"\n[bold]{row['rank']}. {r.id}[/bold]  " + escape(f"{techniques_named(r, library, text)}  {figures}")
        )
        show(
            "response_detail",
            when=when_to_use(r, library, text),
            steps=text.numbered(r.steps),
            example=r.example,
            source=r.source,
        )


def _save(team: ObjectionCoach, library: ObjectionLibrary, category: str, response: dict[str, Any]) -> None:
    """Check the response as part of the whole library, like the file would be, then store it."""
    _category_or_fail(library, category)
    data = library_as_data(library)
    for body in data["categories"].values():
        body["responses"] = [r for r in body["responses"] if r["id"] != response["id"]]
    data["categories"][category]["responses"].append(response)
    with database():
        checked = library_from_data(data, say("new_response")).response(response["id"])
        team.library_store.save_response(category, checked)


@app.command("add")
def add_response(
    category: str,
    response_id: str = typer.Option(..., "--id", help="A new, stable id, e.g. price-roi-calculator."),
    technique: list[str] = typer.Option(..., help="Technique id; repeat for several."),
    when: str = typer.Option(..., help="When to use it."),
    step: list[str] = typer.Option(..., help="One step; repeat in order."),
    example: str = typer.Option(..., help="What to say; may use {need}, {budget}, {timeline}."),
    source: str = typer.Option(..., help="Who wrote it, or where it comes from."),
    audience: str = typer.Option("both", help="both, rep (coaching only: never said to a prospect) or prospect."),
    requires: list[str] = typer.Option([], help="A fact (need, budget, timeline) or an offer that must hold first."),
) -> None:
    """Add a response the team found to work. It is live at once; export to put it in the file."""
    team = coach()
    library, _, _ = _live(team)
    if any(r.id == response_id for c in library.categories for r in c.responses):
        fail("response_exists", response=response_id)
    response = {"id": response_id, "technique": technique, "when": when, "steps": step, "example": example}
    _save(team, library, category, {**response, "source": source, "audience": audience, "requires": requires})
    show("response_added", response=response_id, category=category)


@app.command("edit")
def edit_response(
    response_id: str,
    technique: Optional[list[str]] = typer.Option(None, help="Technique id; repeat for several."),
    when: Optional[str] = typer.Option(None),
    step: Optional[list[str]] = typer.Option(None, help="One step; repeat in order (replaces all)."),
    example: Optional[str] = typer.Option(None),
    source: Optional[str] = typer.Option(None),
    audience: Optional[str] = typer.Option(None, help="both, rep or prospect."),
    requires: Optional[list[str]] = typer.Option(None, help="Fact or offer required; repeat; 'none' clears."),
) -> None:
    """Change fields of a response; the others stay as they are. Its figures are kept."""
    team = coach()
    library, _, _ = _live(team)
    category = next((c for c in library.categories if any(r.id == response_id for r in c.responses)), None)
    if category is None:
        fail("no_such_response", response=response_id)
    current = next(
        r for r in library_as_data(library)["categories"][category.id]["responses"] if r["id"] == response_id
    )
    changes = {
        "technique": technique or None,
        "when": when,
        "steps": step or None,
        "example": example,
        "source": source,
        "audience": audience,
        "requires": requires or None,
    }
    updated = {**current, **{key: value for key, value in changes.items() if value is not None}}
    if requires == ["none"]:
        del updated["requires"]
    if updated == current:
        fail("nothing_to_change")
    _save(team, library, category.id, updated)
    show("response_updated", response=response_id)


@app.command("import")
def import_file(
    path: Optional[Path] = typer.Argument(None, help="Library file (default: playbook/objections.yml)."),
) -> None:
    """Load the file into the database: responses are added or updated by id (the file wins over
    the team's edits of the same response); figures are kept, and so are the team's additions."""
    team = coach()
    path = path or team.library_copy.path
    with database():
        report = team.library_store.import_library(load_library(path), team.library_copy.file_fingerprint())
    show(
        "library_imported",
        path=path,
        added=len(report.added),
        updated=len(report.updated),
        unchanged=len(report.unchanged),
    )
    if report.only_in_database:
        show("kept_not_in_file", responses=", ".join(report.only_in_database))


@app.command("export")
def export_file(
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write here (e.g. playbook/objections.yml) instead of printing."
    ),
) -> None:
    """Write the live library in the file's format, to review the team's changes as a diff."""
    library, _, _ = _live(coach())
    write_or_print(dump_library(library), output)


@app.command("unplaced")
def list_unplaced(as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Objections the assistant could not place, with its best guess, for the team to assign."""
    with database():
        rows = coach().store.occurrences(unplaced_only=True)
    data: list[dict[str, Any]] = [
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
        print_json(data)
        return
    table = Table(title=say("unplaced_title", count=len(data)))
    for column in ("id", "who", "lead", "what_they_said", "guess", "at"):
        table.add_column(say(f"columns.{column}"))
    for row in data:
        guess = say("guess", category=row["guess"], confidence=row["confidence"]) if row["guess"] else ""
        lead = str(row["lead_id"] or "")
        table.add_row(str(row["id"]), row["speaker"], lead, escape(row["text"]), guess, row["created_at"][:16])
    console.print(table)


@app.command("assign")
def assign(
    occurrence_id: int,
    category: str,
    train: bool = typer.Option(True, help="Also add it as a training example to data/nlu/objections_assigned.yml."),
) -> None:
    """Place an objection in a category; it also becomes a training example for the next training."""
    team = coach()
    library, _, _ = _live(team)
    _category_or_fail(library, category)
    with database():
        occurrence = team.store.assign(occurrence_id, category)
    if occurrence is None:
        fail("no_such_objection", occurrence=occurrence_id)
    show("assigned", occurrence=occurrence_id, category=category)
    if train:
        added = training_examples.add_objection_example(occurrence.text, category, occurrence.speaker)
        show("example_added" if added else "example_known", path=training_examples.ASSIGNED_EXAMPLES)
