"""What a library response requires before a prospect hears it: facts the prospect gave
(need, budget, timeline) and offers that are on (pilot).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("objection_responses") as batch:
        batch.add_column(sa.Column("requires", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("objection_responses") as batch:
        batch.drop_column("requires")
