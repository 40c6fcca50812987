from bot.store.closing_store import ClosingStore
from bot.store.migrate import upgrade_schema
from bot.store.objection_store import ImportReport, ObjectionStore, Occurrence
from bot.store.store import OUTCOMES, AnswerRecord, LeadRecord, LeadStore, StageRecord, StoreUnavailable

__all__ = [
    "OUTCOMES",
    "ClosingStore",
    "AnswerRecord",
    "ImportReport",
    "LeadRecord",
    "LeadStore",
    "ObjectionStore",
    "Occurrence",
    "StageRecord",
    "StoreUnavailable",
    "upgrade_schema",
]
