"""Deal stages with their history, buying signals, the closing-technique catalogue.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("stage", sa.String(20), nullable=False, server_default="found"))
    op.create_table(
        "lead_stages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lead_id", sa.Integer, sa.ForeignKey("leads.id", ondelete="CASCADE"), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(255), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("technique_recommended", sa.String(40), nullable=True),
        sa.Column("technique_used", sa.String(40), nullable=True),
    )
    op.create_index("ix_lead_stages_lead_id", "lead_stages", ["lead_id"])
    op.create_table(
        "buying_signals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("lead_id", sa.Integer, sa.ForeignKey("leads.id", ondelete="SET NULL"), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_buying_signals_conversation_id", "buying_signals", ["conversation_id"])
    op.create_index("ix_buying_signals_lead_id", "buying_signals", ["lead_id"])
    op.create_table(
        "closing_catalogue_meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
    )
    op.create_table(
        "closing_techniques",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("fits", sa.JSON, nullable=False),
        sa.Column("bad_idea", sa.JSON, nullable=False),
        sa.Column("steps", sa.JSON, nullable=False),
        sa.Column("example", sa.Text, nullable=False),
        sa.Column("relationship_risk", sa.String(10), nullable=False),
        sa.Column("risk_note", sa.Text, nullable=False),
        sa.Column("points", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("closing_techniques")
    op.drop_table("closing_catalogue_meta")
    op.drop_table("buying_signals")
    op.drop_table("lead_stages")
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("stage")
