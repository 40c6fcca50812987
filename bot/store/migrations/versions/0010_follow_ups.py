"""Follow-up: who looks after each lead, when and how to contact it next, and each contact a
rep logs ("called Acme, they want a demo next week").

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("owner", sa.String(255), nullable=True))
        batch.add_column(sa.Column("next_contact_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("next_contact_channel", sa.String(16), nullable=True))
    op.create_index("ix_leads_next_contact_on", "leads", ["next_contact_on"])
    op.create_table(
        "lead_touches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("lead_id", sa.Integer(), sa.ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("rep", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("touched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_contact_on", sa.Date(), nullable=True),
        sa.Column("next_contact_channel", sa.String(16), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("lead_touches")
    op.drop_index("ix_leads_next_contact_on", "leads")
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("next_contact_channel")
        batch.drop_column("next_contact_on")
        batch.drop_column("owner")
