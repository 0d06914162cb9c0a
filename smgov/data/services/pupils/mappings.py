"""Column mappings the user confirmed, remembered for files with the same headers."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data.errors import ValidationError
from smgov.data.importers import mis
from smgov.data.models import ImportMapping
from smgov.data.services.pupils.import_records import MAPPING_KIND, ImportPreview
from smgov.data.workspace import Workspace


def remembered_mapping(workspace: Workspace, sig: str, headers: list[str]) -> dict[str, str] | None:
    with workspace.read() as session:
        stored = session.scalars(
            select(ImportMapping.mapping).where(ImportMapping.kind == MAPPING_KIND, ImportMapping.signature == sig)
        ).first()
    if stored is None:
        return None
    try:
        mapping = json.loads(stored)
        return mis.check_mapping({str(k): str(v) for k, v in dict(mapping).items()}, headers)
    except (ValueError, TypeError, ValidationError):
        return None  # a mapping that no longer fits: detect again


def remember_mapping(session: Session, preview: ImportPreview) -> None:
    stored = session.scalars(
        select(ImportMapping).where(ImportMapping.kind == MAPPING_KIND, ImportMapping.signature == preview.signature)
    ).first()
    text = json.dumps(preview.mapping, sort_keys=True)
    if stored is None:
        session.add(
            ImportMapping(kind=MAPPING_KIND, signature=preview.signature, source=preview.source[:60], mapping=text)
        )
    elif stored.mapping != text or stored.source != preview.source[:60]:
        stored.mapping, stored.source = text, preview.source[:60]
