"""Hand-offs to a person: a prospect asked for one, or a lead scored hot; each alerted once.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("lead_id", sa.Integer, sa.ForeignKey("leads.id", ondelete="SET NULL"), nullable=True, index=True),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("alerted_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("conversation_id", "reason", name="uq_handoffs_conversation_reason"),
    )


def downgrade() -> None:
    op.drop_table("handoffs")
