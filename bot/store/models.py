"""Tables of the lead store. The schema itself is created by the Alembic migrations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base

# SQLAlchemy 1.4 has no typed declarative base; mypy sees Any.
Base: Any = declarative_base()


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
    # where the deal is (bot.playbook.stages.STAGES); changes are kept in lead_stages
    stage = Column(String(20), nullable=False, default="found")
    # won, lost: how the deal ended, set by the team; feeds the objection responses' ranking
    outcome = Column(String(10), nullable=True)
    outcome_at = Column(DateTime(timezone=True), nullable=True)
    # the rep who looks after the lead (the first to log a contact, or assigned)
    owner = Column(String(255), nullable=True)
    # when and how to contact it next (playbook/follow_up.yml); none once nobody should
    next_contact_on = Column(Date, nullable=True, index=True)
    next_contact_channel = Column(String(16), nullable=True)
    # when the prospect agreed to have their answers stored, and to which wording (none: a rep
    # qualified the lead on a call)
    consent_at = Column(DateTime(timezone=True), nullable=True)
    consent_wording = Column(String(40), nullable=True)


class LeadTouch(Base):
    """A contact a rep logged with a lead: a call, an email, a visit, and what came of it."""

    __tablename__ = "lead_touches"

    id = Column(Integer, primary_key=True)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    rep = Column(String(255), nullable=False)
    channel = Column(String(16), nullable=False)
    note = Column(Text, nullable=False)
    touched_at = Column(DateTime(timezone=True), nullable=False)
    next_contact_on = Column(Date, nullable=True)
    next_contact_channel = Column(String(16), nullable=True)


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


class LibraryMeta(Base):
    """Library-wide values of the objection library file: its version and fallback wordings."""

    __tablename__ = "objection_library_meta"

    key = Column(String(40), primary_key=True)
    value = Column(JSON, nullable=False)


class ObjectionTechnique(Base):
    __tablename__ = "objection_techniques"

    id = Column(String(40), primary_key=True)
    name = Column(String(120), nullable=False)
    description = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)


class ObjectionCategory(Base):
    __tablename__ = "objection_categories"

    id = Column(String(40), primary_key=True)
    name = Column(String(120), nullable=False)
    definition = Column(Text, nullable=False)
    motives = Column(JSON, nullable=False)
    signals = Column(JSON, nullable=False)
    position = Column(Integer, nullable=False)


class ObjectionResponse(Base):
    """One answer to one objection category; `key` is the stable id used in the file."""

    __tablename__ = "objection_responses"

    id = Column(Integer, primary_key=True)
    key = Column(String(80), nullable=False, unique=True)
    category_id = Column(String(40), ForeignKey("objection_categories.id"), nullable=False, index=True)
    position = Column(Integer, nullable=False)
    techniques = Column(JSON, nullable=False)
    when = Column(Text, nullable=False)
    steps = Column(JSON, nullable=False)
    example = Column(Text, nullable=False)
    source = Column(Text, nullable=False)
    # both, rep (coaching only) or prospect (bot.playbook.objections.AUDIENCES)
    audience = Column(String(8), nullable=False, default="both", server_default="both")
    # facts and offers that must hold before a prospect hears it (Response.requires)
    requires = Column(JSON, nullable=False, default=list, server_default="[]")
    # library (came from the file), team (added at runtime, not yet exported)
    origin = Column(String(16), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False)


class ObjectionOccurrence(Base):
    """An objection heard by the assistant: from a prospect, or quoted by a rep asking for help.
    No category means it could not be placed and waits for the team to assign one."""

    __tablename__ = "objection_occurrences"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="SET NULL"), nullable=True, index=True)
    # prospect, rep
    speaker = Column(String(16), nullable=False)
    text = Column(Text, nullable=False)
    category_id = Column(String(40), ForeignKey("objection_categories.id"), nullable=True, index=True)
    # what NLU proposed and how sure it was, kept even when the objection stayed unplaced
    predicted_category = Column(String(40), nullable=True)
    confidence = Column(Float, nullable=True)
    assigned_at = Column(DateTime(timezone=True), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False)
    # The prospect's reply when the library's answer asked them a question: their motive.
    reply = Column(Text, nullable=True)


class ResponseUse(Base):
    """A response shown to someone, and how it was received."""

    __tablename__ = "objection_response_uses"

    id = Column(Integer, primary_key=True)
    response_id = Column(Integer, ForeignKey("objection_responses.id", ondelete="CASCADE"), nullable=False, index=True)
    occurrence_id = Column(Integer, ForeignKey("objection_occurrences.id", ondelete="SET NULL"), nullable=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="SET NULL"), nullable=True, index=True)
    shown_at = Column(DateTime(timezone=True), nullable=False)
    # helpful, not_helpful
    feedback = Column(String(16), nullable=True)
    feedback_at = Column(DateTime(timezone=True), nullable=True)
    # prospect or rep (bot.access), and which rep
    feedback_by = Column(String(16), nullable=True)
    feedback_from = Column(String(255), nullable=True)


class StageChange(Base):
    """A lead moving along the deal's stages; a closed stage keeps the technique the advisor
    recommended at that moment and the one the rep says they used."""

    __tablename__ = "lead_stages"

    id = Column(Integer, primary_key=True)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    stage = Column(String(20), nullable=False)
    changed_at = Column(DateTime(timezone=True), nullable=False)
    changed_by = Column(String(255), nullable=True)
    note = Column(Text, nullable=True)
    technique_recommended = Column(String(40), nullable=True)
    technique_used = Column(String(40), nullable=True)
    # An undone change stays in the history; the lead's stage comes from the changes left.
    undone_at = Column(DateTime(timezone=True), nullable=True)
    undone_by = Column(String(255), nullable=True)


class BuyingSignal(Base):
    """A prospect's question that shows they are getting ready to buy."""

    __tablename__ = "buying_signals"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="SET NULL"), nullable=True, index=True)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)


class ClosingCatalogueMeta(Base):
    __tablename__ = "closing_catalogue_meta"

    key = Column(String(40), primary_key=True)
    value = Column(JSON, nullable=False)


class ClosingTechniqueRow(Base):
    __tablename__ = "closing_techniques"

    id = Column(String(40), primary_key=True)
    position = Column(Integer, nullable=False)
    name = Column(String(120), nullable=False)
    source = Column(Text, nullable=False)
    fits = Column(JSON, nullable=False)
    bad_idea = Column(JSON, nullable=False)
    steps = Column(JSON, nullable=False)
    example = Column(Text, nullable=False)
    relationship_risk = Column(String(10), nullable=False)
    risk_note = Column(Text, nullable=False)
    points = Column(JSON, nullable=False)


class Handoff(Base):
    """A prospect handed to a person: they asked for one, or scored hot. Alerted once."""

    __tablename__ = "handoffs"
    __table_args__ = (UniqueConstraint("conversation_id", "reason", name="uq_handoffs_conversation_reason"),)

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False)
    lead_id = Column(Integer, ForeignKey("leads.id", ondelete="SET NULL"), nullable=True, index=True)
    # asked (the prospect asked for a person), hot_lead
    reason = Column(String(20), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)
    alerted_at = Column(DateTime(timezone=True), nullable=True)


class Rehearsal(Base):
    """A rep's practice session with the assistant playing the buyer."""

    __tablename__ = "rehearsals"

    id = Column(Integer, primary_key=True)
    rep = Column(String(255), nullable=False, index=True)
    scenario = Column(JSON, nullable=False)
    difficulty = Column(String(16), nullable=False)
    # what the buyer raises now: {"category", "text"} (the close: category "closing", with
    # "timeline" and "questions"); None once ended
    current = Column(JSON, nullable=True)
    rubric_version = Column(String(40), nullable=False)
    started_at = Column(DateTime(timezone=True), nullable=False)
    ended_at = Column(DateTime(timezone=True), nullable=True)


class RehearsalTurn(Base):
    """One reply of the rep to one objection (or the objection skipped), judged."""

    __tablename__ = "rehearsal_turns"

    id = Column(Integer, primary_key=True)
    rehearsal_id = Column(Integer, ForeignKey("rehearsals.id", ondelete="CASCADE"), nullable=False, index=True)
    category = Column(String(40), nullable=False)
    objection = Column(Text, nullable=False)
    reply = Column(Text, nullable=True)
    marks = Column(JSON, nullable=True)  # criterion -> {"met": bool, "said": str}
    score = Column(Integer, nullable=True)
    possible = Column(Integer, nullable=True)
    buyer_line = Column(Text, nullable=True)
    kind = Column(String(16), nullable=False)  # replied, skipped, closing
    created_at = Column(DateTime(timezone=True), nullable=False)


class ForgetRequest(Base):
    """A prospect asked in their chat to be forgotten: the lead data went at once; the
    conversation's events up to `requested_at` go once it is quiet (Rasa would write back events
    removed while it still holds the conversation)."""

    __tablename__ = "forget_requests"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    requested_at = Column(DateTime(timezone=True), nullable=False)
