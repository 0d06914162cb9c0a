"""Pupils, photo and video consent (per pupil, academic year and purpose, append-only), scanned consent forms, the
publication log and takedowns, remembered import mappings, and when to chase consent forms.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The purposes the policies name; the school can rename, add and retire them in Settings.
PURPOSES = [
    ("school_displays", "School displays", "both", False),
    ("website", "School website", "both", False),
    ("social_photos", "Social media photos", "photo", True),
    ("social_videos", "Social media videos", "video", True),
    ("press", "Press and local media", "both", False),
    ("prospectus", "Prospectus and printed publicity", "both", False),
]


def _append_only(table: str) -> None:
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
        )


def upgrade() -> None:
    now = sa.String(32)
    op.create_table(
        "pupil",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("upn", sa.String(20), nullable=False),
        sa.Column("admission_number", sa.String(20), nullable=False),
        sa.Column("legal_first_name", sa.String(100), nullable=False),
        sa.Column("legal_last_name", sa.String(100), nullable=False),
        sa.Column("preferred_first_name", sa.String(100), nullable=False),
        sa.Column("year_group", sa.String(20), nullable=False),
        sa.Column("class_name", sa.String(40), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("on_roll", sa.Boolean(), nullable=False),
        sa.Column("off_roll_on", sa.Date(), nullable=True),
        sa.Column("never_publish", sa.Boolean(), nullable=False),
        sa.Column("never_publish_reason", sa.String(20), nullable=True),
        sa.Column("never_publish_note", sa.Text(), nullable=False),
        sa.Column("created_at", now, nullable=False),
        sa.Column("updated_at", now, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pupil"),
    )
    for column in ("upn", "admission_number", "year_group", "class_name", "on_roll"):
        op.create_index(f"ix_pupil_{column}", "pupil", [column])
    op.create_table(
        "consent_purpose",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("label", sa.String(100), nullable=False),
        sa.Column("media", sa.String(10), nullable=False),
        sa.Column("social_media", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_consent_purpose"),
        sa.UniqueConstraint("key", name="uq_consent_purpose_key"),
    )
    op.create_table(
        "consent_form",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("original_filename", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(60), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", now, nullable=False),
        sa.Column("added_by", sa.String(120), nullable=False),
        sa.ForeignKeyConstraint(["pupil_id"], ["pupil.id"], name="fk_consent_form_pupil_id_pupil"),
        sa.PrimaryKeyConstraint("id", name="pk_consent_form"),
    )
    op.create_index("ix_consent_form_pupil_id", "consent_form", ["pupil_id"])
    op.create_table(
        "consent_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("academic_year", sa.Integer(), nullable=False),
        sa.Column("purpose_id", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("restriction", sa.Text(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("given_by", sa.String(200), nullable=False),
        sa.Column("relationship", sa.String(100), nullable=False),
        sa.Column("parental_responsibility", sa.Boolean(), nullable=False),
        sa.Column("by_pupil", sa.Boolean(), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", now, nullable=False),
        sa.Column("recorded_by", sa.String(120), nullable=False),
        sa.ForeignKeyConstraint(["pupil_id"], ["pupil.id"], name="fk_consent_entry_pupil_id_pupil"),
        sa.ForeignKeyConstraint(
            ["purpose_id"], ["consent_purpose.id"], name="fk_consent_entry_purpose_id_consent_purpose"
        ),
        sa.ForeignKeyConstraint(["form_id"], ["consent_form.id"], name="fk_consent_entry_form_id_consent_form"),
        sa.PrimaryKeyConstraint("id", name="pk_consent_entry"),
    )
    op.create_index("ix_consent_entry_academic_year", "consent_entry", ["academic_year"])
    op.create_index("ix_consent_entry_pupil_year", "consent_entry", ["pupil_id", "academic_year", "purpose_id"])
    op.create_table(
        "publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("posted_on", sa.Date(), nullable=False),
        sa.Column("media", sa.String(10), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("recorded_at", now, nullable=False),
        sa.Column("recorded_by", sa.String(120), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name="fk_publication_account_id_account", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_publication"),
    )
    op.create_index("ix_publication_account_id", "publication", ["account_id"])
    op.create_index("ix_publication_posted_on", "publication", ["posted_on"])
    op.create_table(
        "publication_pupil",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publication.id"],
            name="fk_publication_pupil_publication_id_publication",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["pupil_id"], ["pupil.id"], name="fk_publication_pupil_pupil_id_pupil"),
        sa.PrimaryKeyConstraint("id", name="pk_publication_pupil"),
    )
    op.create_index("ix_publication_pupil_publication_id", "publication_pupil", ["publication_id"])
    op.create_index("ix_publication_pupil_pupil_id", "publication_pupil", ["pupil_id"])
    op.create_table(
        "takedown",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", now, nullable=False),
        sa.Column("updated_at", now, nullable=False),
        sa.ForeignKeyConstraint(["publication_id"], ["publication.id"], name="fk_takedown_publication_id_publication"),
        sa.ForeignKeyConstraint(["pupil_id"], ["pupil.id"], name="fk_takedown_pupil_id_pupil"),
        sa.ForeignKeyConstraint(["entry_id"], ["consent_entry.id"], name="fk_takedown_entry_id_consent_entry"),
        sa.PrimaryKeyConstraint("id", name="pk_takedown"),
    )
    op.create_index("ix_takedown_publication_id", "takedown", ["publication_id"])
    op.create_index("ix_takedown_pupil_id", "takedown", ["pupil_id"])
    op.create_index("ix_takedown_state", "takedown", ["state"])
    op.create_table(
        "import_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("signature", sa.String(64), nullable=False),
        sa.Column("source", sa.String(60), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("updated_at", now, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_import_mapping"),
    )
    op.create_index("ix_import_mapping_signature", "import_mapping", ["signature"])
    with op.batch_alter_table("school") as batch:
        batch.add_column(sa.Column("consent_chase_after", sa.String(5), nullable=False, server_default="10-01"))
    _append_only("consent_entry")
    _append_only("consent_form")
    purposes = sa.table(
        "consent_purpose",
        sa.column("key", sa.String),
        sa.column("label", sa.String),
        sa.column("media", sa.String),
        sa.column("social_media", sa.Boolean),
        sa.column("position", sa.Integer),
        sa.column("active", sa.Boolean),
    )
    op.bulk_insert(
        purposes,
        [
            {"key": key, "label": label, "media": media, "social_media": social, "position": n, "active": True}
            for n, (key, label, media, social) in enumerate(PURPOSES)
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("school") as batch:
        batch.drop_column("consent_chase_after")
    for table in (
        "import_mapping",
        "takedown",
        "publication_pupil",
        "publication",
        "consent_entry",
        "consent_form",
        "consent_purpose",
        "pupil",
    ):
        op.drop_table(table)
