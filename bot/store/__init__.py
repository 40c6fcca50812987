from bot.store.migrate import upgrade_schema
from bot.store.objection_store import ImportReport, Occurrence, ObjectionStore
from bot.store.store import OUTCOMES, AnswerRecord, LeadRecord, LeadStore, StoreUnavailable

__all__ = ["OUTCOMES", "AnswerRecord", "ImportReport", "LeadRecord", "LeadStore", "ObjectionStore",
           "Occurrence", "StoreUnavailable", "upgrade_schema"]
