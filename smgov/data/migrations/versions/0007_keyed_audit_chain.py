"""A keyed audit chain with record digests: each event keeps the digests of the records its unit of work changed,
and events from here on are chained by HMAC-SHA256 under a random key kept in the file (table ``audit_key``).

Events written before keep their SHA-256 hashes (the first keyed event links to the last of them). After the upgrade,
smgov.data.migrations records a baseline event with the digest of every record as it stood.

Revision ID: 0007
Revises: 0006
"""

import os

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("records", sa.Text(), nullable=True))
    op.create_table(
        "audit_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chain_key", sa.LargeBinary(), nullable=False),
        sa.Column("keyed_from", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_key"),
    )
    last = op.get_bind().execute(sa.text("SELECT coalesce(max(id), 0) FROM audit_event")).scalar_one()
    op.get_bind().execute(
        sa.text("INSERT INTO audit_key (id, chain_key, keyed_from) VALUES (1, :key, :keyed_from)"),
        {"key": os.urandom(32), "keyed_from": int(last) + 1},
    )


def downgrade() -> None:
    op.drop_table("audit_key")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("records")
