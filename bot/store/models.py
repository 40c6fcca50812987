"""Tables of the lead store. The schema itself is created by the Alembic migrations."""
from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Lead(Base):
    __tablename__ = "leads"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    channel = Column(String(64), nullable=True)
    # in_progress, stopped, completed
    status = Column(String(20), nullable=False, default="in_progress")
    created_at = Column(DateTime(timezone=True), nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False)
    score = Column(Integer, nullable=True)
    tier = Column(String(20), nullable=True)
    score_reasons = Column(JSON, nullable=True)
    scoring_version = Column(String(40), nullable=True)
    scored_at = Column(DateTime(timezone=True), nullable=True)


class Answer(Base):
    """One answer to one question. A correction adds a row and marks the old one superseded."""

    __tablename__ = "answers"

    id = Column(Integer, primary_key=True)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    conversation_id = Column(String(255), nullable=False)
    question_key = Column(String(40), nullable=False)
    raw_text = Column(Text, nullable=False)
    normalised = Column(JSON, nullable=True)
    # answered, skipped
    status = Column(String(16), nullable=False, default="answered")
    revision = Column(Integer, nullable=False, default=1)
    created_at = Column(DateTime(timezone=True), nullable=False)
    superseded_at = Column(DateTime(timezone=True), nullable=True)
