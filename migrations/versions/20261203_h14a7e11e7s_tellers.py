"""tellers: registered teller keys, tellers named per vote, published dealings

Revision ID: h14a7e11e7s
Revises: a10a5ec7e7a1
Create Date: 2026-12-03 09:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "h14a7e11e7s"
down_revision: str | None = "a10a5ec7e7a1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "teller_keys",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("public_key", sa.String(length=200), nullable=False),
        sa.Column("registered_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "member_id", name=op.f("pk_teller_keys")),
    )
    op.create_table(
        "vote_tellers",
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("public_key", sa.String(length=200), nullable=False),
        sa.Column("named_by", sa.BigInteger(), nullable=False),
        sa.Column("faction_id", sa.Integer(), nullable=True),
        sa.Column("release", sa.String(length=300), nullable=True),
        sa.Column("released_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes.id"],
            name=op.f("fk_vote_tellers_vote_id_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("vote_id", "number", name=op.f("pk_vote_tellers")),
    )
    op.create_table(
        "vote_dealings",
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("published", sa.Text(), nullable=False),
        sa.Column("deadline", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes.id"],
            name=op.f("fk_vote_dealings_vote_id_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("vote_id", name=op.f("pk_vote_dealings")),
    )


def downgrade() -> None:
    op.drop_table("vote_dealings")
    op.drop_table("vote_tellers")
    op.drop_table("teller_keys")
