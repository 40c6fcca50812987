from bot.store.migrate import upgrade_schema
from bot.store.store import AnswerRecord, LeadRecord, LeadStore, StoreUnavailable

__all__ = ["AnswerRecord", "LeadRecord", "LeadStore", "StoreUnavailable", "upgrade_schema"]
