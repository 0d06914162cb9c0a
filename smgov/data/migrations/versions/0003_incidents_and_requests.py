"""The incident log (people involved, append-only timeline, evidence and its bytes, inappropriate content reports)
and blocked content access requests.

``incident.account_id`` has no foreign key yet: the account register arrives in a parallel migration, and a later
revision can add the constraint once both are in.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TIME = sa.String(32)  # UtcDateTime: UTC ISO-8601 text


def _append_only(table: str) -> None:
    # Kept here as text (not imported from the models) so this revision never changes when the models do.
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
        )


def upgrade() -> None:
    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("platform", sa.String(80), nullable=False),
        sa.Column("account_name", sa.String(200), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("received_at", TIME, nullable=False),
        sa.Column("reported_by", sa.String(200), nullable=False),
        sa.Column("summary", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("safeguarding_concern", sa.Boolean(), nullable=False),
        sa.Column("dsl_acknowledged_at", TIME, nullable=True),
        sa.Column("dsl_acknowledged_by", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("due_at", TIME, nullable=True),
        sa.Column("first_response_at", TIME, nullable=True),
        sa.Column("first_response_by", sa.String(200), nullable=False),
        sa.Column("closed_at", TIME, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incident"),
    )
    op.create_index("ix_incident_category", "incident", ["category"])
    op.create_index("ix_incident_account_id", "incident", ["account_id"])
    op.create_index("ix_incident_received_at", "incident", ["received_at"])
    op.create_index("ix_incident_status", "incident", ["status"])

    op.create_table(
        "incident_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("year_group", sa.String(40), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("pupil_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], name="fk_incident_person_incident_id_incident"),
        sa.PrimaryKeyConstraint("id", name="pk_incident_person"),
    )
    op.create_index("ix_incident_person_incident_id", "incident_person", ["incident_id"])

    op.create_table(
        "incident_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("occurred_at", TIME, nullable=False),
        sa.Column("done_by", sa.String(200), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("recorded_at", TIME, nullable=False),
        sa.Column("recorded_by", sa.String(120), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrects_id"], ["incident_action.id"], name="fk_incident_action_corrects_id_incident_action"
        ),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], name="fk_incident_action_incident_id_incident"),
        sa.PrimaryKeyConstraint("id", name="pk_incident_action"),
    )
    op.create_index("ix_incident_action_incident_id", "incident_action", ["incident_id"])
    op.create_index("ix_incident_action_corrects_id", "incident_action", ["corrects_id"])
    _append_only("incident_action")

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("redacted_from_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("original_filename", sa.String(255), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(40), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("has_metadata", sa.Boolean(), nullable=False),
        sa.Column("cleared_for_sharing", sa.Boolean(), nullable=False),
        sa.Column("added_at", TIME, nullable=False),
        sa.Column("added_by", sa.String(120), nullable=False),
        sa.Column("withdrawn_at", TIME, nullable=True),
        sa.Column("withdrawn_reason", sa.Text(), nullable=False),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], name="fk_evidence_incident_id_incident"),
        sa.ForeignKeyConstraint(["redacted_from_id"], ["evidence.id"], name="fk_evidence_redacted_from_id_evidence"),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
    )
    op.create_index("ix_evidence_incident_id", "evidence", ["incident_id", "withdrawn_at"])
    op.create_index("ix_evidence_redacted_from_id", "evidence", ["redacted_from_id"])
    op.create_index("ix_evidence_sha256", "evidence", ["sha256"])

    op.create_table(
        "evidence_blob",
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"], name="fk_evidence_blob_evidence_id_evidence"),
        sa.PrimaryKeyConstraint("evidence_id", name="pk_evidence_blob"),
    )
    _append_only("evidence_blob")

    op.create_table(
        "content_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("staff_name", sa.String(200), nullable=False),
        sa.Column("accessed_by", sa.String(200), nullable=False),
        sa.Column("accessed_by_pupil", sa.Boolean(), nullable=False),
        sa.Column("accessed_on", sa.Date(), nullable=False),
        sa.Column("urls", sa.Text(), nullable=False),
        sa.Column("nature", sa.Text(), nullable=False),
        sa.Column("ict_action", sa.Text(), nullable=False),
        sa.Column("ict_action_by", sa.String(200), nullable=False),
        sa.Column("ict_action_on", sa.Date(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], name="fk_content_report_incident_id_incident"),
        sa.PrimaryKeyConstraint("id", name="pk_content_report"),
    )
    op.create_index("ix_content_report_incident_id", "content_report", ["incident_id"])

    op.create_table(
        "blocked_content_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requester", sa.String(200), nullable=False),
        sa.Column("staff_name", sa.String(200), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("site_content", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("risks_and_controls", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("authoriser", sa.String(200), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=True),
        sa.Column("decision_reasons", sa.Text(), nullable=False),
        sa.Column("decision_by", sa.String(200), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("implemented_on", sa.Date(), nullable=True),
        sa.Column("implemented_by", sa.String(200), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("expired_on", sa.Date(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_blocked_content_request"),
    )
    op.create_index("ix_blocked_content_request_status", "blocked_content_request", ["status"])
    op.create_index("ix_blocked_content_request_expires_on", "blocked_content_request", ["expires_on"])


def downgrade() -> None:
    op.drop_table("blocked_content_request")
    op.drop_table("content_report")
    op.drop_table("evidence_blob")  # its triggers go with it
    op.drop_table("evidence")
    op.drop_table("incident_action")
    op.drop_table("incident_person")
    op.drop_table("incident")
