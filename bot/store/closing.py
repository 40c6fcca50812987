"""The closing-technique catalogue in the database, imported from playbook/closing_techniques.yml.

The file is the catalogue's only source: an import makes the copy equal to it, techniques the
file no longer holds included.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.playbook.closing import Catalogue, catalogue_as_data, catalogue_from_data
from bot.store.models import ClosingCatalogueMeta, ClosingTechniqueRow
from bot.store.playbook import FINGERPRINT, PlaybookCopy

_FIELDS = ("name", "source", "fits", "bad_idea", "steps", "example", "relationship_risk", "risk_note", "points")


class ClosingStore(PlaybookCopy):
    meta_table = ClosingCatalogueMeta

    def import_catalogue(self, catalogue: Catalogue, fingerprint: str = "") -> None:
        data = catalogue_as_data(catalogue)

        def work(session: Session) -> None:
            self._set_meta(
                session, {"version": data["version"], "fallbacks": data["fallbacks"], FINGERPRINT: fingerprint}
            )
            session.execute(delete(ClosingTechniqueRow).where(ClosingTechniqueRow.id.not_in(list(data["techniques"]))))
            for position, (technique_id, body) in enumerate(data["techniques"].items()):
                session.merge(ClosingTechniqueRow(id=technique_id, position=position, **body))

        self._write(work)

    def refresh_from(self, catalogue: Catalogue, fingerprint: str) -> None:
        self.import_catalogue(catalogue, fingerprint)

    def load(self) -> Catalogue:
        def work(session: Session) -> Catalogue:
            meta = self._meta(session)
            rows = session.execute(select(ClosingTechniqueRow).order_by(ClosingTechniqueRow.position)).scalars()
            techniques = {row.id: {name: getattr(row, name) for name in _FIELDS} for row in rows}
            return catalogue_from_data(
                {"version": meta.get("version"), "fallbacks": meta.get("fallbacks"), "techniques": techniques},
                "the closing catalogue in the database",
            )

        return self._read(work)
