"""The computer's login beside the audit actor: events now name the operator (a person chosen from the school's
people) as actor and keep the login as a detail. Older events keep what they have (their actor is the login) and
NULL here, so their hashes still verify.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("actor_login", sa.String(120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("actor_login")
