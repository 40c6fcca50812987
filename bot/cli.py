"""salesbot: the sales team's command line over the lead store."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from typing import Any, Optional

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from bot import cli_closing, cli_objections
from bot.settings import load_settings
from bot.stages import STAGES, stage_label
from bot.store import OUTCOMES, LeadStore, ObjectionStore, StoreUnavailable, upgrade_schema

# spaCy pulls in TensorFlow for some commands; its start-up log lines are noise here.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

app = typer.Typer(help="Leads qualified by the sales assistant.", no_args_is_help=True)
db_app = typer.Typer(help="The lead database.")
leads_app = typer.Typer(help="List leads, or show one with every answer and its history.", invoke_without_command=True)
app.add_typer(db_app, name="db")
app.add_typer(leads_app, name="leads")
app.add_typer(cli_objections.app, name="objections")
app.add_typer(cli_closing.app, name="closing")
console = Console()

BANT = ("budget", "authority", "need", "timeline")


def _store() -> LeadStore:
    return LeadStore.from_url(load_settings().database_url)


def _iso(value: Optional[datetime]) -> Optional[str]:
    return value.isoformat() if value else None


def _fail(message: str) -> None:
    console.print(f"[red]{message}[/red]")
    raise typer.Exit(code=1)


def _short(value: Optional[dict[str, Any]], key: str, status: str) -> str:
    if status == "skipped":
        return "(skipped)"
    if not value:
        return ""
    if key == "budget":
        if value.get("status") != "amount":
            return value.get("status", "")
        figure = f"{value['amount']:,.0f}"
        if value.get("amount_max"):
            figure += f"-{value['amount_max']:,.0f}"
        return f"{figure} {value.get('currency') or '?'}"
    if key == "authority":
        decider = " ".join(p for p in (value.get("decider_role"), value.get("decider_name")) if p)
        return value["role"] + (f" ({decider})" if decider else "")
    if key == "need":
        return value.get("category", "")
    if key == "timeline":
        return value.get("label", "")
    return value.get("text", "")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the schema (Alembic) in SALESBOT_DATABASE_URL."""
    upgrade_schema(load_settings().database_url)
    console.print("database schema is up to date")


@leads_app.callback()
def list_leads(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON for machines."),
    tier: Optional[str] = typer.Option(None, help="Only leads of this tier."),
) -> None:
    """List leads with tier, score and BANT values."""
    if ctx.invoked_subcommand:
        return
    store = _store()
    try:
        rows = []
        for lead in store.list_leads(tier=tier):
            answers = store.current_answers(lead.id)
            rows.append(
                {
                    "id": lead.id,
                    "status": lead.status,
                    "stage": lead.stage,
                    "tier": lead.tier,
                    "score": lead.score,
                    "created_at": _iso(lead.created_at),
                    "conversation_id": lead.conversation_id,
                    "bant": {key: (answers[key].normalised if key in answers else None) for key in BANT},
                    "bant_status": {key: (answers[key].status if key in answers else None) for key in BANT},
                }
            )
    except StoreUnavailable as error:
        _fail(f"cannot read the lead database: {error}")
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(title=f"{len(rows)} lead(s)", box=box.SIMPLE_HEAD)
    for column in ("id", "status", "stage", "tier", "score"):
        table.add_column(column)
    for column in BANT:
        table.add_column(column, min_width=len("(skipped)"))
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["status"],
            stage_label(row["stage"]),
            row["tier"] or "",
            str(row["score"] if row["score"] is not None else ""),
            *(_short(row["bant"][key], key, row["bant_status"][key] or "") for key in BANT),
        )
    console.print(table)


@leads_app.command("show")
def show_lead(lead_id: int, as_json: bool = typer.Option(False, "--json", help="Print JSON for machines.")) -> None:
    """Every answer of one lead, with its history, and the reasons for its score."""
    store = _store()
    try:
        lead = store.get_lead(lead_id)
        if lead is None:
            _fail(f"no lead with id {lead_id}")
        history = store.answer_history(lead_id)
        objections = ObjectionStore(store.engine).occurrences(lead_id=lead_id)
        stages = store.stage_history(lead_id)
        advice = _advisor(store).advise(lead_id, date.today())
    except StoreUnavailable as error:
        _fail(f"cannot read the lead database: {error}")
    data = {
        "id": lead.id,
        "conversation_id": lead.conversation_id,
        "channel": lead.channel,
        "status": lead.status,
        "tier": lead.tier,
        "score": lead.score,
        "scoring_version": lead.scoring_version,
        "reasons": lead.score_reasons or [],
        "created_at": _iso(lead.created_at),
        "updated_at": _iso(lead.updated_at),
        "answers": [
            {
                "question": a.question_key,
                "revision": a.revision,
                "current": a.is_current,
                "status": a.status,
                "raw_text": a.raw_text,
                "normalised": a.normalised,
                "created_at": _iso(a.created_at),
                "superseded_at": _iso(a.superseded_at),
            }
            for a in history
        ],
        "outcome": lead.outcome,
        "stage": lead.stage,
        "stage_history": [_stage_dict(change) for change in stages],
        "advice": _advice_dict(advice),
        "objections": [
            {"id": o.id, "text": o.text, "category": o.category_id, "created_at": _iso(o.created_at)}
            for o in objections
        ],
    }
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    console.print(
        f"[bold]Lead {lead.id}[/bold]  status {lead.status}  tier {lead.tier or '-'}  "
        f"score {lead.score if lead.score is not None else '-'}  (rules {lead.scoring_version or '-'})"
        + (f"  outcome {lead.outcome}" if lead.outcome else "")
    )
    if data["reasons"]:
        reasons = Table(title="Why this score")
        for column in ("criterion", "verdict", "points", "outcome", "their words"):
            reasons.add_column(column)
        for r in data["reasons"]:
            reasons.add_row(
                r["criterion"], r["verdict"], f"{r['points']:g}/{r['max_points']:g}", r["outcome"], r["evidence"] or ""
            )
        console.print(reasons)
    answers = Table(title="Answers (superseded revisions dimmed)")
    for column in ("question", "rev", "answer", "read as", "at"):
        answers.add_column(column)
    for a in data["answers"]:
        style = None if a["current"] else "dim strike"
        answers.add_row(
            a["question"],
            str(a["revision"]),
            a["raw_text"],
            _short(a["normalised"], a["question"], a["status"]),
            a["created_at"][:19],
            style=style,
        )
    console.print(answers)
    _print_stages(data["stage_history"])
    _print_advice(data["advice"])
    if data["objections"]:
        heard = Table(title="Objections raised")
        for column in ("id", "what they said", "category", "at"):
            heard.add_column(column)
        for o in data["objections"]:
            heard.add_row(str(o["id"]), o["text"], o["category"] or "(unplaced)", o["created_at"][:19])
        console.print(heard)


@leads_app.command("outcome")
def set_outcome(lead_id: int, outcome: str = typer.Argument(..., help="won, lost, or none to clear.")) -> None:
    """Record how the deal ended; the objection answers given to this lead are ranked by it."""
    value = None if outcome == "none" else outcome
    if value not in (None, *OUTCOMES):
        _fail(f"outcome must be one of {', '.join(OUTCOMES)} or none")
    try:
        found = _store().set_outcome(lead_id, value)
    except StoreUnavailable as error:
        _fail(f"cannot write to the lead database: {error}")
    if not found:
        _fail(f"no lead with id {lead_id}")
    console.print(f"lead {lead_id}: outcome {outcome}")


def _advisor(store: LeadStore) -> ClosingAdvisor:
    # Imported here: it loads spaCy (and with it TensorFlow), which the other commands don't need.
    from bot.closing_advisor import ClosingAdvisor

    return ClosingAdvisor(store, load_settings())


def _stage_dict(change) -> dict[str, Any]:
    return {
        "stage": change.stage,
        "label": stage_label(change.stage),
        "changed_at": _iso(change.changed_at),
        "changed_by": change.changed_by,
        "note": change.note,
        "technique_recommended": change.technique_recommended,
        "technique_used": change.technique_used,
    }


def _advice_dict(advice) -> dict[str, Any]:
    recommendation = advice.recommendation
    return {
        "ready": recommendation.ready,
        "resolve_first": list(recommendation.resolve_first),
        "signals": [{"signal": s.id, "because": s.because} for s in advice.signals],
        "now": {
            "technique": recommendation.now.technique.id,
            "name": recommendation.now.technique.name,
            "score": recommendation.now.score,
            "why": [s.because for s in recommendation.now.reasons],
            "against": [s.because for s in recommendation.now.warnings],
            "say": recommendation.now.technique.render(advice.known),
            "avoid": list(recommendation.now.technique.bad_idea),
        },
        "closes": [{"technique": r.technique.id, "score": r.score} for r in recommendation.closes],
    }


def _print_stages(history: list[dict[str, Any]]) -> None:
    table = Table(title="Stage history")
    for column in ("at", "stage", "by", "recommended", "used", "note"):
        table.add_column(column)
    for change in history:
        table.add_row(
            change["changed_at"][:19],
            change["label"],
            change["changed_by"] or "",
            change["technique_recommended"] or "",
            change["technique_used"] or "",
            change["note"] or "",
        )
    console.print(table)


def _print_advice(advice: dict[str, Any]) -> None:
    console.print("[bold]Signals[/bold]\n" + "\n".join(f"  - {s['because']}" for s in advice["signals"]))
    if advice["ready"]:
        console.print("[bold]Ready to close.[/bold]")
    else:
        console.print(
            "[bold]Not ready. Resolve first:[/bold]\n" + "\n".join(f"  - {b}" for b in advice["resolve_first"])
        )
    now = advice["now"]
    console.print(f"[bold]{'Best fit' if advice['ready'] else 'Do now'}: {now['name']}[/bold] (score {now['score']})")
    if now["why"]:
        console.print("  why: " + "; ".join(dict.fromkeys(now["why"])))
    console.print(f'  say: "{now["say"]}"')
    console.print(
        f"  it backfires when: {' '.join(now['avoid'][:2])}"
        if advice["ready"]
        else "  don't ask for the order until that is resolved"
    )
    others = [c["technique"] for c in advice["closes"] if c["technique"] != now["technique"]][:3]
    if others:
        console.print(f"  {'also possible' if advice['ready'] else 'once resolved'}: {', '.join(others)}")


@leads_app.command("advise")
def advise(lead_id: int, as_json: bool = typer.Option(False, "--json", help="Print JSON for machines.")) -> None:
    """How to close this lead: its signals, what blocks a close, the techniques that fit and why."""
    store = _store()
    try:
        advice = _advisor(store).advise(lead_id, date.today())
    except StoreUnavailable as error:
        _fail(f"cannot read the lead database: {error}")
    if advice is None:
        _fail(f"no lead with id {lead_id}")
    data = _advice_dict(advice)
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    _print_advice(data)


@leads_app.command("stage")
def set_stage(
    lead_id: int,
    stage: str = typer.Argument(..., help=f"One of: {', '.join(STAGES)}."),
    technique_used: Optional[str] = typer.Option(None, help="For a closed deal: the closing technique used."),
    note: Optional[str] = typer.Option(None, help="Why, in a few words."),
) -> None:
    """Move a lead to another stage (the history is kept). Closing it records the technique the
    advisor recommended and the one used; won or upgraded counts as won, lost as lost."""
    if stage not in STAGES:
        _fail(f"stage must be one of {', '.join(STAGES)}")
    store = _store()
    advisor = _advisor(store)
    if technique_used and technique_used not in [t.id for t in advisor.catalogue().techniques]:
        _fail(
            f"no closing technique {technique_used!r} (known: {', '.join(t.id for t in advisor.catalogue().techniques)})"
        )
    try:
        found = advisor.set_stage(lead_id, stage, "cli", date.today(), technique_used=technique_used, note=note)
    except StoreUnavailable as error:
        _fail(f"cannot write to the lead database: {error}")
    if not found:
        _fail(f"no lead with id {lead_id}")
    console.print(f"lead {lead_id}: stage {stage_label(stage)}")


if __name__ == "__main__":
    app()
