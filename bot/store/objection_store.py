"""The live objection library in the database: seeded from the file, grown by the team, and
the record of every objection heard and every response shown, with how it was received."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.objections import ObjectionLibrary, Response, ResponseStats, library_from_data
from bot.store.models import (
    Lead,
    LibraryMeta,
    ObjectionCategory,
    ObjectionOccurrence,
    ObjectionResponse,
    ObjectionTechnique,
    ResponseUse,
)
from bot.store.store import SqlStore

FEEDBACK = ("helpful", "not_helpful")
SPEAKERS = ("prospect", "rep")


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Occurrence:
    id: int
    conversation_id: str
    lead_id: int | None
    speaker: str
    text: str
    category_id: str | None
    predicted_category: str | None
    confidence: float | None
    created_at: datetime
    assigned_at: datetime | None


@dataclass(frozen=True)
class ImportReport:
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    only_in_database: list[str]  # responses the team added that the file does not hold


def _occurrence(row: ObjectionOccurrence) -> Occurrence:
    return Occurrence(
        id=row.id,
        conversation_id=row.conversation_id,
        lead_id=row.lead_id,
        speaker=row.speaker,
        text=row.text,
        category_id=row.category_id,
        predicted_category=row.predicted_category,
        confidence=row.confidence,
        created_at=row.created_at,
        assigned_at=row.assigned_at,
    )


_RESPONSE_FIELDS = ("techniques", "when", "steps", "example", "source")


def _response_values(response: Response) -> dict[str, object]:
    return {
        "techniques": list(response.techniques),
        "when": response.when,
        "steps": list(response.steps),
        "example": response.example,
        "source": response.source,
    }


class ObjectionStore(SqlStore):
    # --- the library ---------------------------------------------------------------------

    def is_seeded(self) -> bool:
        return self._read(
            lambda session: session.execute(select(func.count()).select_from(ObjectionCategory)).scalar() > 0
        )

    def import_library(self, library: ObjectionLibrary) -> ImportReport:
        """Make the database hold `library`: categories and techniques are replaced by the
        file's, responses are added or updated by id. Usage and feedback are kept, and so are
        responses the team added that the file does not hold yet."""

        def work(session: Session) -> ImportReport:
            now = _now()
            for key, value in (("version", library.version), ("fallbacks", dict(library.fallbacks))):
                session.merge(LibraryMeta(key=key, value=value))
            for position, technique in enumerate(library.techniques.values()):
                session.merge(
                    ObjectionTechnique(
                        id=technique.id, name=technique.name, description=technique.description, position=position
                    )
                )
            for position, category in enumerate(library.categories):
                session.merge(
                    ObjectionCategory(
                        id=category.id,
                        name=category.name,
                        definition=category.definition,
                        motives=list(category.motives),
                        signals=list(category.signals),
                        position=position,
                    )
                )
            existing = {row.key: row for row in session.execute(select(ObjectionResponse)).scalars()}
            added, updated, unchanged = [], [], []
            in_file = set()
            for category in library.categories:
                for position, response in enumerate(category.responses):
                    in_file.add(response.id)
                    values = {**_response_values(response), "category_id": category.id, "position": position}
                    row = existing.get(response.id)
                    if row is None:
                        session.add(
                            ObjectionResponse(
                                key=response.id, origin="library", created_at=now, updated_at=now, **values
                            )
                        )
                        added.append(response.id)
                    elif any(getattr(row, name) != value for name, value in values.items()) or row.origin != "library":
                        for name, value in values.items():
                            setattr(row, name, value)
                        row.origin, row.updated_at = "library", now
                        updated.append(response.id)
                    else:
                        unchanged.append(response.id)
            only_in_database = sorted(key for key in existing if key not in in_file)
            return ImportReport(added, updated, unchanged, only_in_database)

        return self._write(work)

    def library(self) -> ObjectionLibrary:
        """The live library, in the file's layout and checked like the file."""

        def work(session: Session) -> ObjectionLibrary:
            meta = {row.key: row.value for row in session.execute(select(LibraryMeta)).scalars()}
            techniques = session.execute(select(ObjectionTechnique).order_by(ObjectionTechnique.position)).scalars()
            categories = list(session.execute(select(ObjectionCategory).order_by(ObjectionCategory.position)).scalars())
            responses = session.execute(
                select(ObjectionResponse).order_by(
                    ObjectionResponse.category_id, ObjectionResponse.position, ObjectionResponse.id
                )
            ).scalars()
            by_category: dict[str, list] = {}
            for row in responses:
                by_category.setdefault(row.category_id, []).append(
                    {
                        "id": row.key,
                        "technique": row.techniques,
                        "when": row.when,
                        "steps": row.steps,
                        "example": row.example,
                        "source": row.source,
                    }
                )
            data = {
                "version": meta.get("version"),
                "fallbacks": meta.get("fallbacks"),
                "techniques": {t.id: {"name": t.name, "description": t.description} for t in techniques},
                "categories": {
                    c.id: {
                        "name": c.name,
                        "definition": c.definition,
                        "motives": c.motives,
                        "signals": c.signals,
                        "responses": by_category.get(c.id, []),
                    }
                    for c in categories
                },
            }
            return library_from_data(data, "the library in the database")

        return self._read(work)

    def save_response(self, category_id: str, response: Response) -> bool:
        """Add a response the team wrote, or change one; True if it was new."""

        def work(session: Session) -> bool:
            now = _now()
            row = session.execute(select(ObjectionResponse).where(ObjectionResponse.key == response.id)).scalar()
            if row is None:
                position = session.execute(
                    select(func.count())
                    .select_from(ObjectionResponse)
                    .where(ObjectionResponse.category_id == category_id)
                ).scalar()
                session.add(
                    ObjectionResponse(
                        key=response.id,
                        category_id=category_id,
                        position=position,
                        origin="team",
                        created_at=now,
                        updated_at=now,
                        **_response_values(response),
                    )
                )
                return True
            for name, value in _response_values(response).items():
                setattr(row, name, value)
            row.category_id, row.origin, row.updated_at = category_id, "team", now
            return False

        return self._write(work)

    # --- what was heard and shown -------------------------------------------------------

    def record_occurrence(
        self,
        conversation_id: str,
        lead_id: int | None,
        speaker: str,
        text: str,
        category_id: str | None,
        predicted_category: str | None,
        confidence: float | None,
    ) -> int:
        if speaker not in SPEAKERS:
            raise ValueError(f"speaker must be one of {', '.join(SPEAKERS)}")

        def work(session: Session) -> int:
            row = ObjectionOccurrence(
                conversation_id=conversation_id,
                lead_id=lead_id,
                speaker=speaker,
                text=text,
                category_id=category_id,
                predicted_category=predicted_category,
                confidence=confidence,
                created_at=_now(),
            )
            session.add(row)
            session.flush()
            return row.id

        return self._write(work)

    def record_use(
        self, response_key: str, conversation_id: str, lead_id: int | None, occurrence_id: int | None
    ) -> int:
        def work(session: Session) -> int:
            response_id = session.execute(
                select(ObjectionResponse.id).where(ObjectionResponse.key == response_key)
            ).scalar_one()
            row = ResponseUse(
                response_id=response_id,
                occurrence_id=occurrence_id,
                conversation_id=conversation_id,
                lead_id=lead_id,
                shown_at=_now(),
            )
            session.add(row)
            session.flush()
            return row.id

        return self._write(work)

    def record_feedback(self, conversation_id: str, verdict: str) -> str | None:
        """The verdict on the response shown last in this conversation (of several shown at
        once, the top one); its key, or None if nothing was shown."""
        if verdict not in FEEDBACK:
            raise ValueError(f"feedback must be one of {', '.join(FEEDBACK)}")

        def work(session: Session) -> str | None:
            row = session.execute(
                select(ResponseUse)
                .where(ResponseUse.conversation_id == conversation_id)
                .order_by(ResponseUse.id.desc())
                .limit(1)
            ).scalar()
            if row is None:
                return None
            if row.occurrence_id is not None:
                # Answers shown together (a rep gets the top two): the verdict is on the top one.
                row = session.execute(
                    select(ResponseUse)
                    .where(ResponseUse.occurrence_id == row.occurrence_id)
                    .order_by(ResponseUse.id)
                    .limit(1)
                ).scalar()
            row.feedback, row.feedback_at = verdict, _now()
            return session.get(ObjectionResponse, row.response_id).key

        return self._write(work)

    def response_stats(self) -> dict[str, ResponseStats]:
        """Per response key: times shown, helpful / not helpful verdicts, won / lost leads."""

        def work(session: Session) -> dict[str, ResponseStats]:
            counts: dict[str, dict[str, int]] = {}
            rows = session.execute(
                select(ObjectionResponse.key, ResponseUse.feedback, Lead.outcome, ResponseUse.lead_id)
                .join(ResponseUse, ResponseUse.response_id == ObjectionResponse.id)
                .outerjoin(Lead, Lead.id == ResponseUse.lead_id)
            )
            outcome_leads: dict[str, dict[str, set]] = {}
            for key, feedback, outcome, lead_id in rows:
                c = counts.setdefault(key, {"uses": 0, "helpful": 0, "not_helpful": 0})
                c["uses"] += 1
                if feedback in FEEDBACK:
                    c[feedback] += 1
                if outcome in ("won", "lost"):
                    # A lead counts once per response however often the response was shown.
                    outcome_leads.setdefault(key, {"won": set(), "lost": set()})[outcome].add(lead_id)
            return {
                key: ResponseStats(
                    uses=c["uses"],
                    helpful=c["helpful"],
                    not_helpful=c["not_helpful"],
                    won=len(outcome_leads.get(key, {}).get("won", ())),
                    lost=len(outcome_leads.get(key, {}).get("lost", ())),
                )
                for key, c in counts.items()
            }

        return self._read(work)

    def occurrence_counts(self) -> dict[str, int]:
        """Objections heard per category (None: unplaced)."""
        return self._read(
            lambda session: dict(
                session.execute(
                    select(ObjectionOccurrence.category_id, func.count()).group_by(ObjectionOccurrence.category_id)
                ).all()
            )
        )

    def occurrences(self, lead_id: int | None = None, unplaced_only: bool = False) -> list[Occurrence]:
        def work(session: Session) -> list[Occurrence]:
            query = select(ObjectionOccurrence).order_by(ObjectionOccurrence.id)
            if lead_id is not None:
                query = query.where(ObjectionOccurrence.lead_id == lead_id)
            if unplaced_only:
                query = query.where(ObjectionOccurrence.category_id.is_(None))
            return [_occurrence(row) for row in session.execute(query).scalars()]

        return self._read(work)

    def heard_from_lead(self, lead_id: int) -> list[tuple]:
        """(occurrence, answered) for each objection the lead raised; answered means a library
        response was given and not rated "not helpful"."""

        def work(session: Session) -> list[tuple]:
            rows = list(
                session.execute(
                    select(ObjectionOccurrence)
                    .where(ObjectionOccurrence.lead_id == lead_id, ObjectionOccurrence.speaker == "prospect")
                    .order_by(ObjectionOccurrence.id)
                ).scalars()
            )
            uses: dict[int, list[str | None]] = {}
            for occurrence_id, feedback in session.execute(
                select(ResponseUse.occurrence_id, ResponseUse.feedback).where(ResponseUse.lead_id == lead_id)
            ):
                uses.setdefault(occurrence_id, []).append(feedback)
            return [(_occurrence(row), bool(uses.get(row.id)) and "not_helpful" not in uses[row.id]) for row in rows]

        return self._read(work)

    def assign(self, occurrence_id: int, category_id: str) -> Occurrence | None:
        """Place an objection in a category; None if there is no such occurrence."""

        def work(session: Session) -> Occurrence | None:
            if session.get(ObjectionCategory, category_id) is None:
                raise KeyError(f"no objection category {category_id!r}")
            row = session.get(ObjectionOccurrence, occurrence_id)
            if row is None:
                return None
            row.category_id, row.assigned_at = category_id, _now()
            session.flush()
            return _occurrence(row)

        return self._write(work)
