"""Forget requests: a prospect's "delete my data", kept until the conversation's record is erased.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forget_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_forget_requests_conversation_id", "forget_requests", ["conversation_id"])


def downgrade() -> None:
    op.drop_index("ix_forget_requests_conversation_id", table_name="forget_requests")
    op.drop_table("forget_requests")
