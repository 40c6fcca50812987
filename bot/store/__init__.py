"""The SQL database: leads and answers, the deal's stages, the objection library's live copy and
what was heard and shown, the closing catalogue's copy. SQLAlchemy models, Alembic migrations."""

from bot.store.base import SchemaOutOfDate, StoreUnavailable
from bot.store.closing import ClosingStore
from bot.store.follow_ups import DueLead, FollowUpStore, Touch
from bot.store.handoffs import HandoffStore
from bot.store.leads import AnswerRecord, LeadRecord, LeadStore, StageRecord
from bot.store.library import ImportReport, LibraryStore
from bot.store.migrate import upgrade_schema
from bot.store.objections import ObjectionStore, Occurrence
from bot.store.rehearsals import RehearsalRecord, RehearsalStore, TurnRecord

__all__ = [
    "AnswerRecord",
    "ClosingStore",
    "DueLead",
    "FollowUpStore",
    "HandoffStore",
    "ImportReport",
    "LeadRecord",
    "LeadStore",
    "LibraryStore",
    "ObjectionStore",
    "Occurrence",
    "RehearsalRecord",
    "RehearsalStore",
    "SchemaOutOfDate",
    "StageRecord",
    "StoreUnavailable",
    "Touch",
    "TurnRecord",
    "upgrade_schema",
]
