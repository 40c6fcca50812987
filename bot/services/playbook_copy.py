"""A playbook file and its copy in the database, kept in step.

Reading the objection library or the closing catalogue goes through here: an empty copy is
imported from the file, a file that changed since the last import is imported again (never
silently ignored), and with the database down the file itself answers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from bot.playbook.files import fingerprint, load_fresh
from bot.store import StoreUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")


class Copy(Protocol[T]):
    def imported_fingerprint(self) -> str | None: ...

    def load(self) -> T: ...

    def refresh_from(self, data: T, fingerprint: str) -> object: ...


class PlaybookFileCopy(Generic[T]):
    def __init__(self, path: Path, load_file: Callable[[Path], T], copy: Copy[T]) -> None:
        self.path = path
        self.load_file = load_file
        self.copy = copy

    def file(self) -> T:
        return load_fresh(self.load_file, self.path)

    def file_fingerprint(self) -> str:
        return load_fresh(fingerprint, self.path)

    def refresh(self) -> bool:
        """Import the file when the database holds no copy, or a copy of another version of
        the file; True if it did. May raise StoreUnavailable."""
        current = self.file_fingerprint()
        if self.copy.imported_fingerprint() == current:
            return False
        self.copy.refresh_from(self.file(), current)
        log.info("%s imported into the database (file fingerprint %s)", self.path.name, current[:12])
        return True

    def current(self) -> T:
        """The live copy, refreshed first; the file itself when the database is down."""
        try:
            self.refresh()
            return self.copy.load()
        except StoreUnavailable as error:
            log.error("database unavailable, %s read from the file: %s", self.path.name, error)
            return self.file()
