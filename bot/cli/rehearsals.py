"""salesbot rehearse / rehearsals: practise objections with the assistant as the buyer, and follow
each rep's progress and the team's weak spots."""

from __future__ import annotations

import os
import random
from collections import defaultdict
from typing import Optional

import typer
from rich import box
from rich.table import Table

from bot.cli.common import coach, console, database, escape, fail, print_json, say, settings, words
from bot.playbook.rehearsal import DIFFICULTIES
from bot.services.rehearsal import text
from bot.services.rehearsal.session import Rehearsals
from bot.store import RehearsalStore

app = typer.Typer(help="Each rep's rehearsals: progress over time, the team's weakest categories, transcripts.")
REP_HELP = "Your name as the team knows it (default: $SALESBOT_REP, then your login)."
# What ends or steers a rehearsal typed in the terminal (in chat, NLU reads these).
FEEDBACK = {"how did i do", "how did i do?", "feedback", "score"}
SKIP = {"skip", "next", "skip it"}
STOP = {"stop", "quit", "end", "exit"}


def rehearsals() -> Rehearsals:
    objection_coach = coach()
    return Rehearsals(RehearsalStore(objection_coach.store.engine), objection_coach, settings())


def _me(rep: Optional[str]) -> str:
    return rep or os.environ.get("SALESBOT_REP") or os.environ.get("USER") or "cli"


def _say(line: str) -> None:
    console.print(escape(line))


def rehearse(
    difficulty: str = typer.Option("normal", help=f"One of {', '.join(DIFFICULTIES)}: how hard the buyer pushes."),
    category: Optional[str] = typer.Option(None, help="Practise one objection category (e.g. price)."),
    weak_spots: bool = typer.Option(False, "--weak-spots", help="Practise the categories you scored lowest on."),
    rep: Optional[str] = typer.Option(None, help=REP_HELP),
    seed: Optional[int] = typer.Option(None, help="Draw the same scenario again."),
) -> None:
    """Rehearse in the terminal: the assistant plays the buyer and raises objections prospects
    really raise; answer as on a call. "how did I do?", "skip" and "stop" at any time."""
    if difficulty not in DIFFICULTIES:
        fail("rehearsal_difficulty", difficulties=", ".join(DIFFICULTIES))
    rng = random.Random(seed)
    service = rehearsals()
    wording = words()
    with database():
        library = service.coach.library()
        if category and category not in library.category_ids:
            fail("no_such_category", category=category, known=", ".join(library.category_ids))
        opening = service.start(_me(rep), rng, difficulty, category, weak_spots)
        playbook = service.playbook()
    _say(text.scenario(opening.rehearsal_id, difficulty, opening.scenario, wording))
    _say(text.buyer(opening.objection.text, wording))
    while True:
        reply = typer.prompt(">", prompt_suffix=" ").strip()
        command = reply.lower().rstrip("!.")
        with database():
            if command in STOP:
                _say(text.summary(service.stop(opening.rehearsal_id), playbook, wording))
                return
            if command in FEEDBACK:
                _say(text.coaching(service.coaching(opening.rehearsal_id), playbook, library, wording))
                continue
            if command in SKIP:
                following = service.skip(opening.rehearsal_id, rng)
                if following is None:
                    _say(text.summary(service.summary(opening.rehearsal_id), playbook, wording))
                    return
                _say(text.next_line(following, wording))
                continue
            if not reply:
                continue
            turn = service.reply(opening.rehearsal_id, reply, rng)
        _say(text.buyer(turn.buyer_line, wording))
        _say(text.result(turn, wording))
        if turn.summary:
            _say(text.summary(turn.summary, playbook, wording))
            return
        if turn.next_objection:
            _say(text.next_line(turn.next_objection, wording))


@app.callback(invoke_without_command=True)
def progress(
    ctx: typer.Context,
    rep: Optional[str] = typer.Option(None, help="Only this rep."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON for machines."),
) -> None:
    """Each rep's replies judged, their average then and now, and the team's weakest categories."""
    if ctx.invoked_subcommand:
        return
    with database():
        replies = RehearsalStore.from_url(settings().database_url).replies(rep)
    by_rep: dict[str, list[float]] = defaultdict(list)
    by_category: dict[str, list[float]] = defaultdict(list)
    for turn in replies:
        share = (turn.score or 0) / turn.possible if turn.possible else 0.0
        by_rep[turn.rep].append(share)
        by_category[turn.category].append(share)
    half = {r: max(1, len(v) // 2) for r, v in by_rep.items()}
    reps = [
        {
            "rep": r,
            "replies": len(v),
            "average": round(sum(v) / len(v), 3),
            "first_half": round(sum(v[: half[r]]) / half[r], 3),
            "last_half": round(sum(v[-half[r] :]) / half[r], 3),
        }
        for r, v in sorted(by_rep.items())
    ]
    categories = [
        {"category": c, "replies": len(v), "average": round(sum(v) / len(v), 3)}
        for c, v in sorted(by_category.items(), key=lambda item: sum(item[1]) / len(item[1]))
    ]
    if as_json:
        print_json({"reps": reps, "categories": categories})
        return
    table = Table(title=say("rehearsals.title"), box=box.SIMPLE_HEAD)
    for column in ("rep", "replies", "average", "first_half", "last_half"):
        table.add_column(say(f"rehearsals.columns.{column}"))
    for row in reps:
        table.add_row(
            escape(str(row["rep"])),
            str(row["replies"]),
            f"{row['average']:.0%}",
            f"{row['first_half']:.0%}",
            f"{row['last_half']:.0%}",
        )
    console.print(table)
    weakest = Table(title=words().text("rehearsal.team_title"), box=box.SIMPLE_HEAD)
    for column in ("category", "replies", "average"):
        weakest.add_column(say(f"rehearsals.columns.{column}"))
    for row in categories:
        weakest.add_row(str(row["category"]), str(row["replies"]), f"{row['average']:.0%}")
    console.print(weakest)


@app.command("show")
def show(rehearsal_id: int, as_json: bool = typer.Option(False, "--json", help="Print JSON for machines.")) -> None:
    """One rehearsal's transcript: each objection, the rep's reply, its marks and the buyer's answer."""
    store = RehearsalStore.from_url(settings().database_url)
    with database():
        rehearsal = store.get(rehearsal_id)
        if rehearsal is None:
            fail("no_such_rehearsal", rehearsal_id=rehearsal_id)
        turns = store.turns(rehearsal_id)
    rows = [
        {
            "category": t.category,
            "objection": t.objection,
            "reply": t.reply,
            "score": t.score,
            "possible": t.possible,
            "marks": t.marks,
            "buyer": t.buyer_line,
            "kind": t.kind,
        }
        for t in turns
    ]
    if as_json:
        print_json({"id": rehearsal.id, "rep": rehearsal.rep, "scenario": rehearsal.scenario, "turns": rows})
        return
    wording = words()
    _say(
        say("rehearsals.heading", rehearsal_id=rehearsal.id, rep=rehearsal.rep, need=rehearsal.scenario.get("need", ""))
    )
    for t in turns:
        _say(text.buyer(t.objection, wording))
        if t.kind == "skipped":
            _say(say("rehearsals.skipped"))
            continue
        _say(say("rehearsals.rep_said", reply=t.reply, score=t.score, possible=t.possible))
        _say(text.buyer(t.buyer_line or "", wording))
