"""The school's own term dates (a year without any uses England's usual dates).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "school_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("academic_year", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(10), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_school_term"),
        sa.UniqueConstraint("academic_year", "term", name="uq_school_term_academic_year"),
    )


def downgrade() -> None:
    op.drop_table("school_term")
