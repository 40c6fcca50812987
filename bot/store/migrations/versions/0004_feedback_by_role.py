"""Whose verdict a piece of feedback is: a prospect's reaction or a rep's, and which rep.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("objection_response_uses") as batch:
        batch.add_column(sa.Column("feedback_by", sa.String(16), nullable=True))
        batch.add_column(sa.Column("feedback_from", sa.String(255), nullable=True))
    # Feedback given before: the prospect's when the answer was given to a prospect's objection,
    # else a rep's (a rep's "next" answer has no occurrence of its own).
    op.execute(
        "UPDATE objection_response_uses SET feedback_by = COALESCE("
        "(SELECT speaker FROM objection_occurrences o WHERE o.id = objection_response_uses.occurrence_id), 'rep') "
        "WHERE feedback IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("objection_response_uses") as batch:
        batch.drop_column("feedback_from")
        batch.drop_column("feedback_by")
