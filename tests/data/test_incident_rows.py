"""Reading single rows of the incident log again after a write: the same rows the whole log gives, in its order."""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image

from smgov.data.models import EvidenceSource, IncidentCategory
from smgov.data.services import evidence, incidents
from smgov.data.services.incidents import IncidentInput
from smgov.data.services.incidents.queries import get_rows
from smgov.data.workspace import Workspace


def _log(workspace: Workspace, hours: int, summary: str) -> int:
    return incidents.log_incident(
        workspace,
        IncidentInput(
            category=IncidentCategory.CYBERBULLYING,
            received_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours),
            reported_by="Mrs Patel",
            description="Messages in a group chat.",
            summary=summary,
        ),
    ).id


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(out, "PNG")
    return out.getvalue()


def test_get_rows_gives_the_log_s_own_rows_for_just_those_incidents(workspace: Workspace) -> None:
    ids = [_log(workspace, hours, f"Chat {hours} <b>&</b>") for hours in (5, 1, 9, 3)]
    evidence.add_evidence(workspace, ids[2], _png(), source=EvidenceSource.FILE)
    whole = {row.id: row for row in incidents.list_incidents(workspace, for_search=False)}
    wanted = [ids[2], ids[0], ids[1], 9_999]  # one that does not exist is left out
    rows = get_rows(workspace, wanted)
    assert [row.id for row in rows] == [ids[1], ids[0], ids[2]]  # newest first, as the log lists them
    assert rows == [whole[row.id] for row in rows]
    assert rows[2].evidence_count == 1
    assert get_rows(workspace, []) == []
