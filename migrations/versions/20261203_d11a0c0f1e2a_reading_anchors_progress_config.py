"""reading plan anchors, calendar sequence, one answer per prompt, reading progress, config snapshots

Revision ID: d11a0c0f1e2a
Revises: g13a5c0e7d21
Create Date: 2026-12-03 08:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "d11a0c0f1e2a"
down_revision: str | None = "g13a5c0e7d21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reading_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("anchored", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("sequence", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answer_key", sa.String(length=160), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_responses_answer_key"), ["answer_key"]
        )
    # Sessions already posted or missed hold their paragraphs from now on.
    op.execute(
        "UPDATE reading_sessions SET anchored = "
        + ("true" if op.get_context().dialect.name == "postgresql" else "1")
        + " WHERE state IN ('posted', 'missed')"
    )
    op.create_table(
        "config_snapshots",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_config_snapshots")),
    )
    op.create_table(
        "reading_progress",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("session_number", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("show_name", sa.Boolean(), nullable=False),
        sa.Column("member_name", sa.String(length=100), nullable=False),
        sa.Column("at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "guild_id", "session_number", "member_id", name=op.f("pk_reading_progress")
        ),
    )


def downgrade() -> None:
    op.drop_table("reading_progress")
    op.drop_table("config_snapshots")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_responses_answer_key"), type_="unique")
        batch_op.drop_column("answer_key")
    with op.batch_alter_table("reading_sessions", schema=None) as batch_op:
        batch_op.drop_column("sequence")
        batch_op.drop_column("anchored")
