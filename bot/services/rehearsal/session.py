"""A rehearsal from start to summary: the scenario, the buyer's objections drawn from real data,
each reply judged and answered in character, coaching on request, and the summary.

A session holds OBJECTIONS_PER_SESSION objections. An objection counts as handled when the reply
scores at least the difficulty's points; then the buyer softens and raises the next one. If not,
the buyer pushes back (or, on a second weak try, lets out what hides behind the objection) and
the rep tries again, asks how they did, skips it or stops. After the last objection comes the
close (closing.py): the buyer shows buying signals or not, the rep asks for the order once, the
closing advisor judges it, and the summary follows.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from bot.answers.needs import need_categories
from bot.playbook.closing import Catalogue, load_catalogue
from bot.playbook.files import load_fresh
from bot.playbook.objections import Response
from bot.playbook.ranking import rank_responses
from bot.playbook.rehearsal import CRITERIA, PENALTIES, RehearsalPlaybook, load_rehearsal
from bot.playbook.wording import wording
from bot.services.closing.advisor import CATALOGUE_FILE
from bot.services.closing.signals import ObjectionHeard
from bot.services.closing.text import known_values
from bot.services.objection_coach import ObjectionCoach
from bot.services.rehearsal import closing
from bot.services.rehearsal.closing import CLOSING, CloseJudgement, ClosingDrawn, ClosingSetup
from bot.services.rehearsal.draw import Drawn, Heard, draw
from bot.services.rehearsal.rubric import Judgement, Mark, judge_in_library
from bot.settings import Settings
from bot.store import RehearsalRecord, RehearsalStore, TurnRecord

PLAYBOOK_FILE = "rehearsal.yml"
OBJECTIONS_PER_SESSION = 3
# What prospects said in this many recent days feeds the draw.
RECENT_DAYS = 90


@dataclass(frozen=True)
class Opening:
    rehearsal_id: int
    scenario: Mapping[str, str]
    objection: Drawn


@dataclass(frozen=True)
class Turn:
    judgement: Judgement
    handled: bool
    buyer_line: str
    next_objection: Drawn | None  # the next one (or the close) when this was handled; None at the end or on a retry
    summary: Summary | None = None  # when the session has ended
    close: CloseJudgement | None = None  # when this was the rep's close


@dataclass(frozen=True)
class Summary:
    per_objection: tuple[tuple[str, str, int, int], ...]  # (category, objection, best score, possible)
    total: int
    possible: int
    weakest_criterion: str | None
    next_drill: str | None  # the category to practise next


@dataclass(frozen=True)
class Coaching:
    judgement: Judgement | None
    objection: Drawn
    best_response: Response | None


class Rehearsals:
    def __init__(self, store: RehearsalStore, coach: ObjectionCoach, settings: Settings) -> None:
        self.store = store
        self.coach = coach
        self.settings = settings

    def playbook(self) -> RehearsalPlaybook:
        return load_fresh(load_rehearsal, self.settings.playbook_dir / PLAYBOOK_FILE)

    def catalogue(self) -> Catalogue:
        return load_fresh(load_catalogue, self.settings.playbook_dir / CATALOGUE_FILE)

    def heard(self) -> list[Heard]:
        """What prospects raised recently, placed (by NLU or by the team)."""
        since = datetime.now(timezone.utc) - timedelta(days=RECENT_DAYS)
        heard = []
        for o in self.coach.store.occurrences():
            created = o.created_at if o.created_at.tzinfo else o.created_at.replace(tzinfo=timezone.utc)
            if o.speaker == "prospect" and o.category_id and created >= since:
                heard.append(Heard(o.category_id, o.text, assigned=o.assigned_at is not None))
        return heard

    def weakness(self, rep: str) -> dict[str, float]:
        """How far below full marks the rep's replies scored, by category (0 to 1)."""
        scored: dict[str, list[float]] = defaultdict(list)
        for turn in self.store.replies(rep):
            if turn.possible and turn.category != CLOSING:  # the close is not an objection to draw
                scored[turn.category].append((turn.score or 0) / turn.possible)
        return {category: 1.0 - sum(values) / len(values) for category, values in scored.items()}

    def start(
        self,
        rep: str,
        rng: random.Random,
        difficulty: str = "normal",
        category: str | None = None,
        weak_spots: bool = False,
    ) -> Opening:
        playbook = self.playbook()
        pools = playbook.scenarios
        scenario = {
            "need": rng.choice(pools["needs"]),
            "industry": rng.choice(pools["industries"]),
            "role": rng.choice(pools["roles"]),
            "team_size": str(rng.choice(pools["team_sizes"])),
            "budget": rng.choice(pools["budgets"]),
            "decider": rng.choice(pools["deciders"]),
        }
        weakness = self.weakness(rep)
        only = [category] if category else (sorted(weakness, key=lambda c: -weakness[c])[:3] if weak_spots else None)
        objection = draw(self.coach.library(), self.heard(), rng, weakness, only or None)
        options = {"category": category, "weak_spots": weak_spots, "seed": rng.random()}
        rehearsal_id = self.store.start(
            rep, {**scenario, "options": options}, difficulty, _as_dict(objection) or {}, playbook.version
        )
        return Opening(rehearsal_id, scenario, objection)

    def judge(self, rehearsal: RehearsalRecord, text: str) -> Judgement:
        current = _drawn(rehearsal.current)
        return judge_in_library(
            text,
            current.text,
            current.category,
            rehearsal.scenario["need"],
            self.playbook(),
            need_categories(self.settings),
            self.coach.library(),
        )

    def reply(self, rehearsal_id: int, text: str, rng: random.Random, today: date | None = None) -> Turn:
        rehearsal = self._open(rehearsal_id)
        playbook = self.playbook()
        current = _drawn(rehearsal.current)
        if current.category == CLOSING:
            return self._close(rehearsal, text, rng, today or date.today())
        judgement = self.judge(rehearsal, text)
        needed = int(playbook.buyer["difficulty"][rehearsal.difficulty])
        handled = judgement.score >= needed
        earlier = [t for t in self.store.turns(rehearsal_id) if t.objection == current.text and t.kind == "replied"]
        buyer = playbook.buyer
        need = rehearsal.scenario["need"]
        if handled:
            line = rng.choice(buyer["softens"]).format(need=need)
        elif earlier and judgement.score <= int(buyer["weak"]):
            motive = rng.choice(buyer["hidden_motives"].get(current.category) or ["it's more than that"])
            line = rng.choice(buyer["motive"]).format(motive=motive)
        else:
            line = rng.choice(buyer["pushes_back"])
        done = {t.objection for t in self.store.turns(rehearsal_id)} | ({current.text} if handled else set())
        next_objection = current
        if handled:
            next_objection = self._next(rehearsal, rng, done) or self._closing(rehearsal, rng, current, True)
        buyer_line = " ".join(line.split())
        turn = {
            "category": current.category,
            "objection": current.text,
            "reply": text,
            "marks": {m.criterion: {"met": m.met, "said": m.said} for m in judgement.marks},
            "score": judgement.score,
            "possible": judgement.possible,
            "buyer_line": buyer_line,
            "kind": "replied",
        }
        self.store.record_turn(rehearsal_id, turn, _current(next_objection))
        return Turn(judgement, handled, buyer_line, next_objection if handled else None)

    def skip(self, rehearsal_id: int, rng: random.Random) -> Drawn | None:
        """The next objection, the current one left unhandled; None when that was the last."""
        rehearsal = self._open(rehearsal_id)
        current = _drawn(rehearsal.current)
        done = {t.objection for t in self.store.turns(rehearsal_id)} | {current.text}
        following = None
        if current.category != CLOSING:
            following = self._next(rehearsal, rng, done) or self._closing(rehearsal, rng, current, False)
        turn = {"category": current.category, "objection": current.text, "kind": "skipped"}
        self.store.record_turn(rehearsal_id, turn, _current(following))
        return following

    def stop(self, rehearsal_id: int) -> Summary:
        self.store.end(rehearsal_id)
        return self.summary(rehearsal_id)

    def coaching(self, rehearsal_id: int) -> Coaching:
        """How the last reply did, criterion by criterion, and the library's best-ranked answer
        to the objection for comparison."""
        rehearsal = self.store.get(rehearsal_id)
        if rehearsal is None:
            raise KeyError(rehearsal_id)
        turns = [t for t in self.store.turns(rehearsal_id) if t.kind == "replied"]
        last = turns[-1] if turns else None
        objection = Drawn(last.category, last.objection) if last else _drawn(rehearsal.current)
        category = self.coach.library().category(objection.category)
        ranked = rank_responses(category, self.coach.stats())
        judgement = _judgement_of(last) if last else None
        return Coaching(judgement, objection, ranked[0] if ranked else None)

    def summary(self, rehearsal_id: int) -> Summary:
        turns = self.store.turns(rehearsal_id)
        best: dict[str, tuple[str, str, int, int]] = {}
        for t in turns:
            score = t.score or 0
            possible = t.possible or (closing.POSSIBLE if t.category == CLOSING else self.playbook().points_possible)
            if t.objection not in best or score > best[t.objection][2]:
                best[t.objection] = (t.category, t.objection, score, possible)
        marks = [t.marks for t in turns if t.kind == "replied" and t.marks]
        missed = {c: sum(1 for m in marks if not m[c]["met"]) for c in CRITERIA if c not in PENALTIES}
        weakest = max(missed, key=lambda c: missed[c]) if any(missed.values()) else None
        per = tuple(best.values())
        drills = [p for p in per if p[0] != CLOSING]
        lowest = min(drills, key=lambda p: p[2] / p[3]) if drills else None
        return Summary(
            per_objection=per,
            total=sum(p[2] for p in per),
            possible=sum(p[3] for p in per),
            weakest_criterion=weakest,
            next_drill=lowest[0] if lowest else None,
        )

    def _closing(self, rehearsal: RehearsalRecord, rng: random.Random, last: Drawn, last_handled: bool) -> Drawn:
        """The buyer's turn to show buying signals (or not), once the objections are done; `last`
        is the objection just replied to or skipped (not stored yet)."""
        heard = self._objections_heard(rehearsal, last, last_handled)
        practice = self.playbook().closing
        setup = closing.draw_setup(practice, any(not o.answered for o in heard), rng)
        line = closing.buyer_line(setup, [o.text for o in heard if not o.answered], practice, rng)
        return ClosingDrawn(CLOSING, line, setup)

    def _objections_heard(
        self, rehearsal: RehearsalRecord, last: Drawn | None = None, last_handled: bool = False
    ) -> list[ObjectionHeard]:
        """Each objection of the session, answered when a reply to it was handled."""
        needed = int(self.playbook().buyer["difficulty"][rehearsal.difficulty])
        handled: dict[str, bool] = {}
        categories: dict[str, str] = {}
        for t in self.store.turns(rehearsal.id):
            if t.category != CLOSING:
                categories[t.objection] = t.category
                handled[t.objection] = handled.get(t.objection, False) or (
                    t.kind == "replied" and (t.score or 0) >= needed
                )
        if last is not None:
            categories[last.text] = last.category
            handled[last.text] = handled.get(last.text, False) or last_handled
        return [ObjectionHeard(categories[text], text, answered) for text, answered in handled.items()]

    def _close(self, rehearsal: RehearsalRecord, text: str, rng: random.Random, today: date) -> Turn:
        current = rehearsal.current or {}
        setup = ClosingSetup.from_dict(current)
        facts = closing.lead_facts(rehearsal.scenario, setup, self._objections_heard(rehearsal), self.settings, today)
        known = known_values(facts, self.settings, wording(self.settings))
        judged = closing.judge_close(text, facts, self.catalogue(), self.playbook(), today, known)
        buyer_line = closing.buyer_answer(judged, self.playbook().closing, rng)
        used = judged.used.technique.id if judged.used else None
        turn = {
            "category": CLOSING,
            "objection": current.get("text", ""),
            "reply": text,
            "marks": {
                "close": {"met": judged.handled, "said": judged.said, "technique": used, "verdict": judged.verdict}
            },
            "score": judged.score,
            "possible": judged.possible,
            "buyer_line": buyer_line,
            "kind": CLOSING,
        }
        self.store.record_turn(rehearsal.id, turn, None)  # the session ends with the close
        judgement = Judgement(marks=(), score=judged.score, possible=judged.possible)
        return Turn(judgement, judged.handled, buyer_line, None, self.summary(rehearsal.id), judged)

    def _open(self, rehearsal_id: int) -> RehearsalRecord:
        rehearsal = self.store.get(rehearsal_id)
        if rehearsal is None or rehearsal.current is None:
            raise ValueError(f"rehearsal {rehearsal_id} is not running")
        return rehearsal

    def _next(self, rehearsal: RehearsalRecord, rng: random.Random, done: set[str]) -> Drawn | None:
        categories_done = {t.category for t in self.store.turns(rehearsal.id)} | {_drawn(rehearsal.current).category}
        if len({t.objection for t in self.store.turns(rehearsal.id)} | {_drawn(rehearsal.current).text}) >= (
            OBJECTIONS_PER_SESSION
        ):
            return None
        options = rehearsal.scenario.get("options", {})
        only = [options["category"]] if options.get("category") else None
        weakness = self.weakness(rehearsal.rep)
        if options.get("weak_spots") and weakness:
            only = sorted(weakness, key=lambda c: -weakness[c])[:3]
        avoid = () if only else categories_done
        for _ in range(20):
            drawn = draw(self.coach.library(), self.heard(), rng, weakness, only, avoid)
            if drawn.text not in done:
                return drawn
        return None


def _as_dict(drawn: Drawn | None) -> dict[str, str] | None:
    return {"category": drawn.category, "text": drawn.text} if drawn else None


def _current(drawn: Drawn | None) -> dict[str, Any] | None:
    """What the buyer raises now, as kept with the rehearsal (the close keeps its setup)."""
    if isinstance(drawn, ClosingDrawn):
        return {"category": drawn.category, "text": drawn.text, **drawn.setup.as_dict()}
    return _as_dict(drawn)


def _drawn(data: Mapping[str, str] | None) -> Drawn:
    if not data:
        raise ValueError("no objection is being raised")
    return Drawn(data["category"], data["text"])


def _judgement_of(turn: TurnRecord) -> Judgement:
    marks = tuple(Mark(c, bool(turn.marks[c]["met"]), turn.marks[c]["said"]) for c in CRITERIA) if turn.marks else ()
    return Judgement(marks=marks, score=turn.score or 0, possible=turn.possible or 0)
