"""The prospect's reply when a library answer asked them a question: the motive behind the
objection, kept with it for the rep.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("objection_occurrences") as batch:
        batch.add_column(sa.Column("reply", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("objection_occurrences") as batch:
        batch.drop_column("reply")
