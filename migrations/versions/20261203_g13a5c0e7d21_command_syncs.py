"""command syncs: the hash of the command tree last pushed to each guild

Revision ID: g13a5c0e7d21
Revises: 2ad0acf09457
Create Date: 2026-12-03 08:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types


revision: str = 'g13a5c0e7d21'
down_revision: str | None = '2ad0acf09457'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('command_syncs',
    sa.Column('guild_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('tree_hash', sa.String(length=64), nullable=False),
    sa.Column('synced_at', bot.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('guild_id', name=op.f('pk_command_syncs'))
    )


def downgrade() -> None:
    op.drop_table('command_syncs')
