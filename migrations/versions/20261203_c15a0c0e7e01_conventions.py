"""conventions: agenda items, amendments and check-ins

Revision ID: c15a0c0e7e01
Revises: g10a1d5e7c0b3
Create Date: 2026-12-03 13:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "c15a0c0e7e01"
down_revision: str | None = "g10a1d5e7c0b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conventions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("starts_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("channel_id", sa.BigInteger(), nullable=True),
        sa.Column("agenda_message_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conventions")),
    )
    op.create_index(op.f("ix_conventions_guild_id"), "conventions", ["guild_id"], unique=False)
    op.create_table(
        "convention_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("convention_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("final_text", sa.Text(), nullable=True),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.Column("minority", sa.JSON(), nullable=False),
        sa.Column("opened_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("open_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("close_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["convention_id"],
            ["conventions.id"],
            name=op.f("fk_convention_items_convention_id_conventions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes.id"], name=op.f("fk_convention_items_vote_id_votes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_convention_items")),
        sa.UniqueConstraint(
            "convention_id", "position", name=op.f("uq_convention_items_convention_id")
        ),
    )
    op.create_index(
        op.f("ix_convention_items_convention_id"),
        "convention_items",
        ["convention_id"],
        unique=False,
    )
    op.create_table(
        "convention_amendments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("start_line", sa.Integer(), nullable=False),
        sa.Column("end_line", sa.Integer(), nullable=False),
        sa.Column("new_lines", sa.JSON(), nullable=False),
        sa.Column("proposer_id", sa.BigInteger(), nullable=False),
        sa.Column("proposer_name", sa.String(length=100), nullable=False),
        sa.Column("cosigners", sa.JSON(), nullable=False),
        sa.Column("result", sa.String(length=12), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.Column("lapsed_by", sa.Integer(), nullable=True),
        sa.Column("proposed_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["convention_items.id"],
            name=op.f("fk_convention_amendments_item_id_convention_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes.id"], name=op.f("fk_convention_amendments_vote_id_votes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_convention_amendments")),
        sa.UniqueConstraint("item_id", "number", name=op.f("uq_convention_amendments_item_id")),
    )
    op.create_index(
        op.f("ix_convention_amendments_item_id"),
        "convention_amendments",
        ["item_id"],
        unique=False,
    )
    op.create_table(
        "convention_checkins",
        sa.Column("convention_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("checked_in_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["convention_id"],
            ["conventions.id"],
            name=op.f("fk_convention_checkins_convention_id_conventions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "convention_id", "member_id", name=op.f("pk_convention_checkins")
        ),
    )


def downgrade() -> None:
    op.drop_table("convention_checkins")
    op.drop_index(op.f("ix_convention_amendments_item_id"), table_name="convention_amendments")
    op.drop_table("convention_amendments")
    op.drop_index(op.f("ix_convention_items_convention_id"), table_name="convention_items")
    op.drop_table("convention_items")
    op.drop_index(op.f("ix_conventions_guild_id"), table_name="conventions")
    op.drop_table("conventions")
