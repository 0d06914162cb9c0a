"""Audit actions: one enum of every action smgov writes, each with its label; old rows still read."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import smgov
from smgov.data import audit
from smgov.data.audit_actions import AuditAction, action_label
from smgov.data.services.audit_log import list_events
from smgov.data.workspace import Workspace

PACKAGE = Path(smgov.__file__).parent


def test_every_action_has_its_own_label_and_value() -> None:
    labels = [action.label for action in AuditAction]
    assert all(label and label[0].isupper() for label in labels)
    assert len(set(labels)) == len(labels), "two actions would read the same in the audit log"
    assert len({action.value for action in AuditAction}) == len(AuditAction)
    assert AuditAction.REPORT_PRINT == "report.print" and action_label("report.print") == "Report printed or saved"


def test_an_unknown_action_from_an_old_or_newer_file_still_reads() -> None:
    assert action_label("bench.insert") == "Bench insert"
    assert action_label("") == "(no action)"


def test_record_takes_the_enum_or_its_stored_text_and_refuses_anything_else(workspace: Workspace) -> None:
    with workspace.write() as session:
        audit.record(session, AuditAction.KIT_PRINT, "school", 1, "printed")
        audit.record(session, "form.print", "appendix-a", None, "printed from an older caller")
        with pytest.raises(ValueError, match="bench.insert"):
            audit.record(session, "bench.insert", "bench", 1, "not an action")
    actions = [row.action for row in list_events(workspace, newest_first=False)]
    assert actions[-2:] == ["kit.print", "form.print"]
    assert type(actions[-1]) is str  # stored and read back as the plain text it always was
    with workspace.read() as session:
        assert audit.verify_chain(session) == []


def _literal_actions(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and len(node.args) >= 2:
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in {"record", "record_output"}:
                action = node.args[1]
                if isinstance(action, ast.Constant) and isinstance(action.value, str):
                    found.add(action.value)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Output" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
    return found


def test_every_action_written_as_text_anywhere_is_a_known_action() -> None:
    written: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        written |= _literal_actions(ast.parse(path.read_text(encoding="utf-8")))
    assert written, "the scan found no audit calls: it no longer matches how they are written"
    assert written - {action.value for action in AuditAction} == set()
