"""Rehearsals in the database: sessions, each reply judged, and a rep's and the team's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.store.base import SqlStore, now
from bot.store.models import Rehearsal, RehearsalTurn


@dataclass(frozen=True)
class RehearsalRecord:
    id: int
    rep: str
    scenario: dict[str, Any]
    difficulty: str
    current: dict[str, Any] | None  # {category, text}; the close also keeps its setup
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class TurnRecord:
    rehearsal_id: int
    category: str
    objection: str
    reply: str | None
    marks: dict[str, dict[str, Any]] | None
    score: int | None
    possible: int | None
    buyer_line: str | None
    kind: str
    created_at: datetime
    rep: str = ""


def _rehearsal(row: Rehearsal) -> RehearsalRecord:
    return RehearsalRecord(
        id=row.id,
        rep=row.rep,
        scenario=row.scenario,
        difficulty=row.difficulty,
        current=row.current,
        started_at=row.started_at,
        ended_at=row.ended_at,
    )


def _turn(row: RehearsalTurn, rep: str = "") -> TurnRecord:
    return TurnRecord(
        rehearsal_id=row.rehearsal_id,
        category=row.category,
        objection=row.objection,
        reply=row.reply,
        marks=row.marks,
        score=row.score,
        possible=row.possible,
        buyer_line=row.buyer_line,
        kind=row.kind,
        created_at=row.created_at,
        rep=rep,
    )


class RehearsalStore(SqlStore):
    def start(self, rep: str, scenario: dict[str, Any], difficulty: str, current: dict[str, str], version: str) -> int:
        def work(session: Session) -> int:
            row = Rehearsal(
                rep=rep,
                scenario=scenario,
                difficulty=difficulty,
                current=current,
                rubric_version=version,
                started_at=now(),
            )
            session.add(row)
            session.flush()
            return row.id

        return self._write(work)

    def get(self, rehearsal_id: int) -> RehearsalRecord | None:
        def work(session: Session) -> RehearsalRecord | None:
            row = session.get(Rehearsal, rehearsal_id)
            return _rehearsal(row) if row else None

        return self._read(work)

    def record_turn(self, rehearsal_id: int, turn: dict[str, Any], current: dict[str, Any] | None) -> None:
        """Keep a judged reply (or a skip) and what the buyer raises now (None: it has ended)."""

        def work(session: Session) -> None:
            session.add(RehearsalTurn(rehearsal_id=rehearsal_id, created_at=now(), **turn))
            values: dict[str, Any] = {"current": current}
            if current is None:
                values["ended_at"] = now()
            session.execute(update(Rehearsal).where(Rehearsal.id == rehearsal_id).values(**values))

        self._write(work)

    def end(self, rehearsal_id: int) -> None:
        self._write(
            lambda session: session.execute(
                update(Rehearsal)
                .where(Rehearsal.id == rehearsal_id, Rehearsal.ended_at.is_(None))
                .values(current=None, ended_at=now())
            )
        )

    def turns(self, rehearsal_id: int) -> list[TurnRecord]:
        def work(session: Session) -> list[TurnRecord]:
            rows = session.execute(
                select(RehearsalTurn).where(RehearsalTurn.rehearsal_id == rehearsal_id).order_by(RehearsalTurn.id)
            ).scalars()
            return [_turn(row) for row in rows]

        return self._read(work)

    def rehearsals(self, rep: str | None = None) -> list[RehearsalRecord]:
        def work(session: Session) -> list[RehearsalRecord]:
            query = select(Rehearsal).order_by(Rehearsal.id)
            if rep is not None:
                query = query.where(Rehearsal.rep == rep)
            return [_rehearsal(row) for row in session.execute(query).scalars()]

        return self._read(work)

    def replies(self, rep: str | None = None) -> list[TurnRecord]:
        """Every judged reply (to an objection, or the close), oldest first, with its rep; `rep`
        keeps one rep's."""

        def work(session: Session) -> list[TurnRecord]:
            query = (
                select(RehearsalTurn, Rehearsal.rep)
                .join(Rehearsal, Rehearsal.id == RehearsalTurn.rehearsal_id)
                .where(RehearsalTurn.kind.in_(("replied", "closing")))
                .order_by(RehearsalTurn.id)
            )
            if rep is not None:
                query = query.where(Rehearsal.rep == rep)
            return [_turn(row, who) for row, who in session.execute(query)]

        return self._read(work)
