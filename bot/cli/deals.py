"""salesbot leads advise | demo | stage | outcome: where a deal stands and how to close it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Optional

import typer

from bot.cli.common import advisor, console, database, escape, fail, lead_store, print_json, say, settings, show, words
from bot.playbook.stages import CLOSED, OUTCOMES, STAGES

if TYPE_CHECKING:
    from bot.services.closing.recommend import Advice

JSON_HELP = "Print JSON for machines."


def advice_dict(advice: Advice) -> dict[str, Any]:
    from bot.services.closing.text import ClosingText

    text = ClosingText(words())
    recommendation = advice.recommendation
    now = recommendation.now
    return {
        "ready": recommendation.ready,
        "blockers": [b.id for b in recommendation.resolve_first],
        "resolve_first": [text.blocker(b) for b in recommendation.resolve_first],
        "signals": [{"signal": s.id, "because": text.signal(s)} for s in advice.signals],
        "now": {
            "technique": now.technique.id,
            "name": now.technique.name,
            "score": now.score,
            "why": text.signals(now.reasons),
            "against": text.signals(now.warnings),
            "say": now.technique.render(advice.known),
            "avoid": list(now.technique.bad_idea),
        },
        "closes": [{"technique": r.technique.id, "score": r.score} for r in recommendation.closes],
        "message": text.advice(advice),
    }


def print_advice(advice: dict[str, Any]) -> None:
    console.print(f"[bold]{escape(say('signals'))}[/bold]")
    console.print(escape(words().bullets(s["because"] for s in advice["signals"])))
    console.print(escape(advice["message"]))


def set_outcome(lead_id: int, outcome: str = typer.Argument(..., help="won, lost, or none to clear.")) -> None:
    """Record how the deal ended; the objection answers given to this lead are ranked by it."""
    value = None if outcome == "none" else outcome
    if value not in (None, *OUTCOMES):
        fail("outcome_must_be", outcomes=", ".join(OUTCOMES))
    with database():
        found = lead_store().set_outcome(lead_id, value)
    if not found:
        fail("no_such_lead", lead_id=lead_id)
    show("outcome_set", lead_id=lead_id, outcome=outcome)


def advise(lead_id: int, as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """How to close this lead: its signals, what blocks a close, the techniques that fit and why."""
    with database():
        advice = advisor().advise(lead_id, date.today())
    if advice is None:
        fail("no_such_lead", lead_id=lead_id)
    data = advice_dict(advice)
    if as_json:
        print_json(data)
        return
    print_advice(data)


def demo(lead_id: int, as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Prepare a demo: the source's checklist filled with what the lead told us, and what is
    still to find out or do."""
    from bot.services.closing.text import ClosingText
    from bot.services.demo_prep import in_words, prepare

    with database():
        advice = advisor().advise(lead_id, date.today())
        if advice is None:
            fail("no_such_lead", lead_id=lead_id)
        prep = prepare(advice.facts, settings(), words())
    if as_json:
        print_json({"lead_id": lead_id, "known": [list(k) for k in prep.known], "to_do": [list(t) for t in prep.to_do]})
        return
    console.print(escape(in_words(prep, ClosingText(words()).lead_title(advice), words())))


def set_stage(
    lead_id: int,
    stage: Optional[str] = typer.Argument(None, help=f"One of: {', '.join(STAGES)}."),
    technique_used: Optional[str] = typer.Option(None, help="For a closed deal: the closing technique used."),
    note: Optional[str] = typer.Option(None, help="Why, in a few words."),
    undo: bool = typer.Option(False, "--undo", help="Undo the lead's last stage change instead."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Record a closed stage without asking."),
) -> None:
    """Move a lead to another stage (the history is kept). Closing it records the technique the
    advisor recommended and the one used; won or upgraded counts as won, lost as lost. A closed
    stage is confirmed first (it re-ranks the answers the prospect heard); --undo takes back
    the last change."""
    deals = advisor()
    if undo:
        with database():
            undone = deals.undo_stage(lead_id, "cli")
            lead = deals.leads.get_lead(lead_id)
        if lead is None:
            fail("no_such_lead", lead_id=lead_id)
        if undone is None:
            fail("nothing_to_undo", lead_id=lead_id)
        show(
            "stage_undone",
            lead_id=lead_id,
            undone=words().text(f"stages.{undone.stage}"),
            stage=words().text(f"stages.{lead.stage}"),
        )
        return
    if stage not in STAGES:
        fail("stage_must_be", stages=", ".join(STAGES))
    with database():
        known = [t.id for t in deals.catalogue().techniques]
        if technique_used and technique_used not in known:
            fail("no_such_technique", technique=technique_used, known=", ".join(known))
        if deals.leads.get_lead(lead_id) is None:
            fail("no_such_lead", lead_id=lead_id)
        if stage in CLOSED and not yes:
            question = words().text("cli.confirm_stage", lead_id=lead_id, stage=words().text(f"stages.{stage}"))
            if not typer.confirm(question):
                show("stage_kept", lead_id=lead_id)
                return
        found = deals.set_stage(lead_id, stage, "cli", date.today(), technique_used=technique_used, note=note)
    if not found:
        fail("no_such_lead", lead_id=lead_id)
    show("stage_set", lead_id=lead_id, stage=words().text(f"stages.{stage}"))
