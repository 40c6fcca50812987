"""The live objection library: categories, responses, occurrences, uses and feedback; the
outcome of a lead.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("outcome", sa.String(10), nullable=True))
        batch.add_column(sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "objection_library_meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
    )
    op.create_table(
        "objection_techniques",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "objection_categories",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("motives", sa.JSON, nullable=False),
        sa.Column("signals", sa.JSON, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "objection_responses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(80), nullable=False, unique=True),
        sa.Column("category_id", sa.String(40), sa.ForeignKey("objection_categories.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("techniques", sa.JSON, nullable=False),
        sa.Column("when", sa.Text, nullable=False),
        sa.Column("steps", sa.JSON, nullable=False),
        sa.Column("example", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_objection_responses_category_id", "objection_responses", ["category_id"])
    op.create_table(
        "objection_occurrences",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("lead_id", sa.Integer, sa.ForeignKey("leads.id", ondelete="SET NULL"), nullable=True),
        sa.Column("speaker", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("category_id", sa.String(40), sa.ForeignKey("objection_categories.id"), nullable=True),
        sa.Column("predicted_category", sa.String(40), nullable=True),
        sa.Column("confidence", sa.Float, nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("conversation_id", "lead_id", "category_id"):
        op.create_index(f"ix_objection_occurrences_{column}", "objection_occurrences", [column])
    op.create_table(
        "objection_response_uses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "response_id", sa.Integer, sa.ForeignKey("objection_responses.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "occurrence_id", sa.Integer, sa.ForeignKey("objection_occurrences.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("lead_id", sa.Integer, sa.ForeignKey("leads.id", ondelete="SET NULL"), nullable=True),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("feedback", sa.String(16), nullable=True),
        sa.Column("feedback_at", sa.DateTime(timezone=True), nullable=True),
    )
    for column in ("response_id", "conversation_id", "lead_id"):
        op.create_index(f"ix_objection_response_uses_{column}", "objection_response_uses", [column])


def downgrade() -> None:
    op.drop_table("objection_response_uses")
    op.drop_table("objection_occurrences")
    op.drop_table("objection_responses")
    op.drop_table("objection_categories")
    op.drop_table("objection_techniques")
    op.drop_table("objection_library_meta")
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("outcome_at")
        batch.drop_column("outcome")
