"""Whom a library response is for: both (default), rep (coaching only, never said to a
prospect) or prospect (said by the assistant, not shown as coaching).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("objection_responses") as batch:
        batch.add_column(sa.Column("audience", sa.String(8), nullable=False, server_default="both"))


def downgrade() -> None:
    with op.batch_alter_table("objection_responses") as batch:
        batch.drop_column("audience")
