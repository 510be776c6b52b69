"""votes: eligible roles (who may vote, frozen at open)

Revision ID: e11b0a1c2d3e
Revises: d11a0c0f1e2a
Create Date: 2026-12-03 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e11b0a1c2d3e"
down_revision: str | None = "d11a0c0f1e2a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NULL for every existing vote: the member role, as before.
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("eligible_roles", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_column("eligible_roles")
