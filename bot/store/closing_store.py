"""The closing-technique catalogue in the database, seeded from playbook/closing_techniques.yml."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.closing import Catalogue, catalogue_as_data, catalogue_from_data
from bot.store.models import ClosingCatalogueMeta, ClosingTechniqueRow
from bot.store.store import SqlStore

_FIELDS = ("name", "source", "fits", "bad_idea", "steps", "example", "relationship_risk", "risk_note", "points")


class ClosingStore(SqlStore):
    def is_seeded(self) -> bool:
        return self._read(
            lambda session: session.execute(select(func.count()).select_from(ClosingTechniqueRow)).scalar() > 0
        )

    def import_catalogue(self, catalogue: Catalogue) -> None:
        """Make the database hold the file's catalogue (techniques replaced by id)."""
        data = catalogue_as_data(catalogue)

        def work(session: Session) -> None:
            for key in ("version", "fallbacks"):
                session.merge(ClosingCatalogueMeta(key=key, value=data[key]))
            for position, (technique_id, body) in enumerate(data["techniques"].items()):
                session.merge(ClosingTechniqueRow(id=technique_id, position=position, **body))

        self._write(work)

    def catalogue(self) -> Catalogue:
        def work(session: Session) -> Catalogue:
            meta = {row.key: row.value for row in session.execute(select(ClosingCatalogueMeta)).scalars()}
            rows = session.execute(select(ClosingTechniqueRow).order_by(ClosingTechniqueRow.position)).scalars()
            return catalogue_from_data(
                {
                    "version": meta.get("version"),
                    "fallbacks": meta.get("fallbacks"),
                    "techniques": {row.id: {name: getattr(row, name) for name in _FIELDS} for row in rows},
                },
                "the closing catalogue in the database",
            )

        return self._read(work)
