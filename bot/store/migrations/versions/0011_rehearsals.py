"""Rehearsals: a rep practises answering objections with the assistant playing the buyer; each
reply is judged against the rubric and kept, so progress can be followed over time.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rehearsals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("rep", sa.String(255), nullable=False, index=True),
        sa.Column("scenario", sa.JSON(), nullable=False),
        sa.Column("difficulty", sa.String(16), nullable=False),
        sa.Column("current", sa.JSON(), nullable=True),
        sa.Column("rubric_version", sa.String(40), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "rehearsal_turns",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "rehearsal_id", sa.Integer(), sa.ForeignKey("rehearsals.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("objection", sa.Text(), nullable=False),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("marks", sa.JSON(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("possible", sa.Integer(), nullable=True),
        sa.Column("buyer_line", sa.Text(), nullable=True),
        # replied, skipped
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rehearsal_turns")
    op.drop_table("rehearsals")
