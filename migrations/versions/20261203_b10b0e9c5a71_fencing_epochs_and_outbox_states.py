"""fencing epochs on shard leases and job claims; outbox entry states

Revision ID: b10b0e9c5a71
Revises: h14a7e11e7s
Create Date: 2026-12-03 08:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b10b0e9c5a71"
down_revision: str | None = "h14a7e11e7s"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("shard_leases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("epoch", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("scheduled_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_epoch", sa.Integer(), nullable=True))
        batch_op.alter_column(
            "claimed_by",
            existing_type=sa.String(length=64),
            type_=sa.String(length=100),
            existing_nullable=True,
        )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("state", sa.String(length=16), server_default="intended", nullable=False)
        )
    op.execute("UPDATE outbox SET state = 'sent' WHERE message_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("state")
    with op.batch_alter_table("scheduled_jobs", schema=None) as batch_op:
        batch_op.alter_column(
            "claimed_by",
            existing_type=sa.String(length=100),
            type_=sa.String(length=64),
            existing_nullable=True,
        )
        batch_op.drop_column("claim_epoch")
    with op.batch_alter_table("shard_leases", schema=None) as batch_op:
        batch_op.drop_column("epoch")
