"""A stage change can be undone ("undo that", `salesbot leads stage 12 --undo`): the row stays
in the history, marked undone, and the lead's stage and outcome come from the changes left.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lead_stages") as batch:
        batch.add_column(sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("undone_by", sa.String(255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lead_stages") as batch:
        batch.drop_column("undone_by")
        batch.drop_column("undone_at")
