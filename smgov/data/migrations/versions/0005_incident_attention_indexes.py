"""Partial indexes for the dashboard: incidents still waiting for a first response, and safeguarding concerns the DSL
has not acknowledged. Each holds only the few rows it is for, so the dashboard need not read the whole log.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_incident_awaiting_response",
        "incident",
        ["due_at"],
        sqlite_where=sa.text("first_response_at IS NULL"),
    )
    op.create_index(
        "ix_incident_dsl_unacknowledged",
        "incident",
        ["received_at"],
        sqlite_where=sa.text("safeguarding_concern = 1 AND dsl_acknowledged_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_incident_dsl_unacknowledged", "incident")
    op.drop_index("ix_incident_awaiting_response", "incident")
