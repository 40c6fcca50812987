"""A rehearsal in words (playbook/wording.yml `rehearsal`): the same in chat and the terminal."""

from __future__ import annotations

from collections.abc import Mapping

from bot.playbook.objections import ObjectionLibrary
from bot.playbook.rehearsal import PENALTIES, RehearsalPlaybook
from bot.playbook.wording import Wording
from bot.services.closing.text import ClosingText
from bot.services.objection_coach import techniques_named
from bot.services.rehearsal.closing import CLOSING, CloseJudgement
from bot.services.rehearsal.draw import Drawn
from bot.services.rehearsal.rubric import Judgement
from bot.services.rehearsal.session import Coaching, Summary, Turn

AGAINST_SHOWN = 2


def scenario(rehearsal_id: int, difficulty: str, values: Mapping[str, str], words: Wording) -> str:
    return words.text(
        "rehearsal.scenario",
        rehearsal_id=rehearsal_id,
        difficulty=difficulty,
        role=values["role"],
        industry=values["industry"],
        team_size=values["team_size"],
        need=values["need"],
        budget=values["budget"],
        decider=values["decider"],
    )


def buyer(text: str, words: Wording) -> str:
    return words.text("rehearsal.buyer", text=text)


def next_line(drawn: Drawn, words: Wording) -> str:
    """The buyer's next objection, or their closing line with the cue to ask for the order."""
    if drawn.category == CLOSING:
        return words.text("rehearsal.closing_now", line=buyer(drawn.text, words))
    return buyer(drawn.text, words)


def result(turn: Turn, words: Wording) -> str:
    """Out of character, after the buyer's answer: how the reply did."""
    if turn.close:
        return close_result(turn.close, words)
    key = "rehearsal.handled" if turn.handled else "rehearsal.not_handled"
    return words.text(key, score=turn.judgement.score, possible=turn.judgement.possible)


def close_result(judged: CloseJudgement, words: Wording) -> str:
    """The close the rep used against what the closing advisor makes of the buyer's signals."""
    closing = ClosingText(words)
    recommendation = judged.recommendation
    now = recommendation.now
    warnings = judged.used.warnings[:AGAINST_SHOWN] if judged.used else ()
    verdict = words.text(
        f"rehearsal.close.{judged.verdict}",
        used=judged.used.technique.name if judged.used else "",
        said=judged.said,
        best=recommendation.closes[0].technique.name if recommendation.closes else now.technique.name,
        against=words.text("rehearsal.close.against", reasons=words.reasons(closing.signals(warnings)))
        if warnings
        else "",
        blockers=" ".join(closing.blocker(b) for b in recommendation.resolve_first),
    )
    return words.text(
        "rehearsal.close.result",
        score=judged.score,
        possible=judged.possible,
        verdict=verdict,
        technique=now.technique.name,
        why=words.reasons(closing.signals(now.reasons)) or words.text("advice.no_reason"),
        example=now.technique.render(judged.known),
    )


def marks(judgement: Judgement, playbook: RehearsalPlaybook, words: Wording) -> str:
    lines = []
    for mark in judgement.marks:
        name = playbook.criteria[mark.criterion].name
        if mark.criterion in PENALTIES:
            if mark.met:
                lines.append(words.text("rehearsal.penalty", name=name, said=mark.said))
        elif mark.met:
            lines.append(words.text("rehearsal.met", name=name, said=mark.said))
        else:
            lines.append(words.text("rehearsal.missed", name=name))
    return "\n".join(lines)


def coaching(advice: Coaching, playbook: RehearsalPlaybook, library: ObjectionLibrary, words: Wording) -> str:
    best = advice.best_response
    techniques = techniques_named(best, library, words) if best else ""
    example = best.render({}) if best else ""
    if advice.judgement is None:
        return words.text(
            "rehearsal.no_reply_yet", objection=advice.objection.text, techniques=techniques, example=example
        )
    return words.text(
        "rehearsal.coaching",
        score=advice.judgement.score,
        possible=advice.judgement.possible,
        objection=advice.objection.text,
        marks=marks(advice.judgement, playbook, words),
        techniques=techniques,
        example=example,
    )


def summary(result: Summary, playbook: RehearsalPlaybook, words: Wording) -> str:
    per = "\n".join(
        words.text("rehearsal.per_objection", category=c, objection=o, score=s, possible=p)
        for c, o, s, p in result.per_objection
    )
    weakest = (
        playbook.criteria[result.weakest_criterion].name
        if result.weakest_criterion
        else words.text("rehearsal.nothing_weak")
    )
    return words.text(
        "rehearsal.summary",
        total=result.total,
        possible=result.possible,
        per_objection=per,
        weakest=weakest,
        drill=result.next_drill or words.text("rehearsal.no_drill"),
    )
