"""The database's copy of a playbook file, and which version of the file it came from.

The objection library and the closing catalogue are files the team edits and reviews as
diffs; the assistant reads their copy in the database, which every server shares and where
the team's own additions live. Each copy remembers the fingerprint the playbook file had when
the copy was last brought up to date, so an edit of the file is noticed
(bot.services.playbook_copy), and a file imported by hand from elsewhere stays until then.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.base import SqlStore

FINGERPRINT = "file_fingerprint"


class PlaybookCopy(SqlStore):
    # The table of the copy's key/value facts (version, fallbacks, the file's fingerprint).
    meta_table: Any

    def imported_fingerprint(self) -> str | None:
        """The playbook file's fingerprint when the copy was last brought up to date; None when
        the copy is empty. A copy made before fingerprints were kept reads as "": never equal
        to a file's."""

        def work(session: Session) -> str | None:
            meta = self._meta(session)
            return None if not meta else str(meta.get(FINGERPRINT) or "")

        return self._read(work)

    def _meta(self, session: Session) -> dict[str, Any]:
        return {row.key: row.value for row in session.execute(select(self.meta_table)).scalars()}

    def _set_meta(self, session: Session, values: Mapping[str, Any]) -> None:
        for key, value in values.items():
            session.merge(self.meta_table(key=key, value=value))
