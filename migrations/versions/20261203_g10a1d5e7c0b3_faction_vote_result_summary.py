"""faction votes keep their result sentence, so a rerun of the close job can post it

Revision ID: g10a1d5e7c0b3
Revises: b10b0e9c5a71
Create Date: 2026-12-03 13:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "g10a1d5e7c0b3"
down_revision: str | None = "b10b0e9c5a71"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("faction_votes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summary", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("faction_votes", schema=None) as batch_op:
        batch_op.drop_column("summary")
