"""The live objection library in the database: imported from playbook/objections.yml, grown
and edited by the team (`salesbot objections add|edit`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.playbook.objections import ObjectionLibrary, Response, library_from_data
from bot.store.base import now
from bot.store.models import LibraryMeta, ObjectionCategory, ObjectionResponse, ObjectionTechnique
from bot.store.playbook import FINGERPRINT, PlaybookCopy

FROM_FILE = "library"
FROM_TEAM = "team"


@dataclass(frozen=True)
class ImportReport:
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    only_in_database: list[str]  # responses the team added that the file does not hold
    # Responses the team edited that the file holds otherwise, kept as the team left them.
    kept_team_edits: list[str] = field(default_factory=list)


def _response_values(response: Response) -> dict[str, Any]:
    return {
        "techniques": list(response.techniques),
        "when": response.when,
        "steps": list(response.steps),
        "example": response.example,
        "source": response.source,
        "audience": response.audience,
        "requires": list(response.requires),
    }


class LibraryStore(PlaybookCopy):
    meta_table = LibraryMeta

    def import_library(
        self, library: ObjectionLibrary, fingerprint: str = "", keep_team_edits: bool = False
    ) -> ImportReport:
        """Make the database hold `library`: categories and techniques are replaced by the
        file's, responses are added or updated by id. Usage and feedback are kept, and so are
        responses the team added that the file does not hold yet. With `keep_team_edits`, a
        response the team edited keeps the team's version (an import nobody asked for must not
        undo a colleague's work); without it, the file wins."""

        def work(session: Session) -> ImportReport:
            self._set_meta(
                session,
                {
                    "version": library.version,
                    "fallbacks": dict(library.fallbacks),
                    "offers": dict(library.offers),
                    FINGERPRINT: fingerprint,
                },
            )
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
            return self._import_responses(session, library, keep_team_edits)

        return self._write(work)

    @staticmethod
    def _import_responses(session: Session, library: ObjectionLibrary, keep_team_edits: bool) -> ImportReport:
        moment = now()
        existing = {row.key: row for row in session.execute(select(ObjectionResponse)).scalars()}
        report = ImportReport([], [], [], [])
        in_file = set()
        for category in library.categories:
            for position, response in enumerate(category.responses):
                in_file.add(response.id)
                values = {**_response_values(response), "category_id": category.id, "position": position}
                row = existing.get(response.id)
                if row is None:
                    session.add(
                        ObjectionResponse(
                            key=response.id, origin=FROM_FILE, created_at=moment, updated_at=moment, **values
                        )
                    )
                    report.added.append(response.id)
                    continue
                same = all(getattr(row, name) == value for name, value in values.items())
                if same and row.origin == FROM_FILE:
                    report.unchanged.append(response.id)
                elif keep_team_edits and row.origin == FROM_TEAM and not same:
                    report.kept_team_edits.append(response.id)
                else:
                    for name, value in values.items():
                        setattr(row, name, value)
                    row.origin, row.updated_at = FROM_FILE, moment
                    report.updated.append(response.id)
        report.only_in_database.extend(sorted(key for key in existing if key not in in_file))
        return report

    def refresh_from(self, library: ObjectionLibrary, fingerprint: str) -> ImportReport:
        """The import when the file changed and nobody asked: the team's edits are kept."""
        return self.import_library(library, fingerprint, keep_team_edits=True)

    def load(self) -> ObjectionLibrary:
        """The live library, in the file's layout and checked like the file."""

        def work(session: Session) -> ObjectionLibrary:
            meta = self._meta(session)
            techniques = session.execute(select(ObjectionTechnique).order_by(ObjectionTechnique.position)).scalars()
            categories = list(session.execute(select(ObjectionCategory).order_by(ObjectionCategory.position)).scalars())
            responses = session.execute(
                select(ObjectionResponse).order_by(
                    ObjectionResponse.category_id, ObjectionResponse.position, ObjectionResponse.id
                )
            ).scalars()
            by_category: dict[str, list[dict[str, Any]]] = {}
            for row in responses:
                by_category.setdefault(row.category_id, []).append(
                    {
                        "id": row.key,
                        "technique": row.techniques,
                        "when": row.when,
                        **({"requires": row.requires} if row.requires else {}),
                        "steps": row.steps,
                        "example": row.example,
                        "source": row.source,
                        **({"audience": row.audience} if row.audience != "both" else {}),
                    }
                )
            data = {
                "version": meta.get("version"),
                "fallbacks": meta.get("fallbacks"),
                **({"offers": meta["offers"]} if meta.get("offers") else {}),
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
            moment = now()
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
                        origin=FROM_TEAM,
                        created_at=moment,
                        updated_at=moment,
                        **_response_values(response),
                    )
                )
                return True
            for name, value in _response_values(response).items():
                setattr(row, name, value)
            row.category_id, row.origin, row.updated_at = category_id, FROM_TEAM, moment
            return False

        return self._write(work)
