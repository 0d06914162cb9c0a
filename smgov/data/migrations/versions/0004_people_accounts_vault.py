"""People, the account register with its lifecycle, and the credential vault.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TIME = sa.String(32)  # UtcDateTime: UTC ISO text


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("leaving_date", sa.Date(), nullable=True),
        sa.Column("social_media_training_on", sa.Date(), nullable=True),
        sa.Column("online_safety_training_on", sa.Date(), nullable=True),
        sa.Column("terms_signed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_person"),
    )
    op.create_index("ix_person_email", "person", ["email"])
    op.create_index("ix_person_leaving_date", "person", ["leaving_date"])
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(30), nullable=False),
        sa.Column("handle", sa.Text(), nullable=False),
        sa.Column("handle_key", sa.String(200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("profile_url", sa.Text(), nullable=False),
        sa.Column("aim", sa.Text(), nullable=False),
        sa.Column("audience", sa.Text(), nullable=False),
        sa.Column("content_plan", sa.Text(), nullable=False),
        sa.Column("content_types", sa.Text(), nullable=False),
        sa.Column("promotion", sa.Text(), nullable=False),
        sa.Column("linked_email", sa.Text(), nullable=False),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("aup_link_in_about", sa.Boolean(), nullable=False),
        sa.Column("monitoring_frequency", sa.String(20), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("decided_by", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_reasons", sa.Text(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_account"),
        sa.UniqueConstraint("platform", "handle_key", name="uq_account_platform_handle"),
    )
    op.create_index("ix_account_status", "account", ["status"])
    op.create_table(
        "account_staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("authorised_by", sa.Text(), nullable=False),
        sa.Column("authorised_on", sa.Date(), nullable=True),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name="fk_account_staff_account_id_account", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name="fk_account_staff_person_id_person", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_account_staff"),
    )
    op.create_index("ix_account_staff_account_id", "account_staff", ["account_id"])
    op.create_index("ix_account_staff_person_id", "account_staff", ["person_id"])
    op.create_table(
        "account_transition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(20), nullable=False),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("decided_by", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name="fk_account_transition_account_id_account", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_account_transition"),
    )
    op.create_index("ix_account_transition_account_id", "account_transition", ["account_id"])
    op.create_table(
        "credential",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("username_enc", sa.LargeBinary(), nullable=False),
        sa.Column("secret_enc", sa.LargeBinary(), nullable=False),
        sa.Column("notes_enc", sa.LargeBinary(), nullable=False),
        sa.Column("totp_enc", sa.LargeBinary(), nullable=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("strength", sa.Integer(), nullable=False),
        sa.Column("changed_at", TIME, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name="fk_credential_account_id_account", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_credential"),
    )
    op.create_index("ix_credential_account_id", "credential", ["account_id"])
    op.create_index("ix_credential_fingerprint", "credential", ["fingerprint"])
    op.create_table(
        "password_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.Integer(), nullable=False),
        sa.Column("secret_enc", sa.LargeBinary(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("set_at", TIME, nullable=False),
        sa.Column("replaced_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["credential.id"],
            name="fk_password_history_credential_id_credential",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_password_history"),
    )
    op.create_index("ix_password_history_credential_id", "password_history", ["credential_id"])
    op.create_table(
        "disclosure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("given_to", sa.Text(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("authorised_by", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["credential_id"], ["credential.id"], name="fk_disclosure_credential_id_credential", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name="fk_disclosure_person_id_person", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_disclosure"),
    )
    op.create_index("ix_disclosure_credential_id", "disclosure", ["credential_id"])
    op.create_index("ix_disclosure_person_id", "disclosure", ["person_id"])


def downgrade() -> None:
    for table in (
        "disclosure",
        "password_history",
        "credential",
        "account_transition",
        "account_staff",
        "account",
        "person",
    ):
        op.drop_table(table)
