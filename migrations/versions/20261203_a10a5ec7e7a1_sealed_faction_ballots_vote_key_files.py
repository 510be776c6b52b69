"""sealed faction ballots; vote keys move to per-vote key files

Secret votes keep their private key and link secret in a key file outside the database
(docs/secret-ballots.md). ``votes.order_salt`` becomes optional (only votes created before
this revision have one; it is dropped at close). ``votes.wrapped_private_key`` stays for
those older votes only: the bot moves it into a key file at start-up and nulls it.
Member votes (factions, reading proposals) get a sealed ballot box and a public key.

Revision ID: a10a5ec7e7a1
Revises: 2ad0acf09457
Create Date: 2026-12-03 08:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a10a5ec7e7a1"
down_revision: str | None = "2ad0acf09457"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.alter_column(
            "order_salt", existing_type=sa.LargeBinary(length=64), nullable=True
        )
    with op.batch_alter_table("faction_votes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_key", sa.LargeBinary(length=64), nullable=True))
    op.create_table(
        "faction_vote_ballots",
        sa.Column("row_key", sa.String(length=32), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(length=2048), nullable=False),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["faction_votes.id"],
            name=op.f("fk_faction_vote_ballots_vote_id_faction_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("row_key", name=op.f("pk_faction_vote_ballots")),
    )
    with op.batch_alter_table("faction_vote_ballots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_faction_vote_ballots_vote_id"), ["vote_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("faction_vote_ballots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faction_vote_ballots_vote_id"))
    op.drop_table("faction_vote_ballots")
    with op.batch_alter_table("faction_votes", schema=None) as batch_op:
        batch_op.drop_column("public_key")
    # Votes created with key files have no salt: give them an empty one to go back.
    op.execute(sa.text("UPDATE votes SET order_salt = X'' WHERE order_salt IS NULL"))
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.alter_column(
            "order_salt", existing_type=sa.LargeBinary(length=64), nullable=False
        )
