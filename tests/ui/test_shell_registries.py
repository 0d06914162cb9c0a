"""The typed registries the shell reads: sections, blank forms and documents. Each entry resolves to what it says."""

from __future__ import annotations

import subprocess
import sys

import pytest

from smgov import documents
from smgov.data.errors import SmgovError
from smgov.data.workspace import Workspace
from smgov.reports.pdf import Letterhead


@pytest.mark.parametrize("kind", list(documents.FORMS))
def test_each_form_resolves_to_its_renderers(kind: documents.FormKind, workspace: Workspace) -> None:
    spec = documents.FORMS[kind]
    assert spec.blank is not None or spec.filled is not None
    if spec.blank is not None:
        assert spec.blank(Letterhead("Spixworth Test Primary", None)).startswith(b"%PDF")
    if spec.filled is not None:
        # No record 999 in an empty workspace: the renderer is reached and says so (never ImportError or
        # AttributeError, which would mean the reference points nowhere).
        with pytest.raises(SmgovError):
            spec.filled(workspace, 999)


@pytest.mark.parametrize("what", list(documents.EXPORTS))
def test_each_export_resolves_and_exports_an_empty_register(what: documents.ExportKind, workspace: Workspace) -> None:
    data = documents.EXPORTS[what].export(workspace, "csv", False)
    assert data and b"," in data


def test_the_registry_functions_still_take_the_cli_names() -> None:
    assert documents.blank_form("blocked-content").startswith(b"%PDF")
    with pytest.raises(KeyError):
        documents.blank_form("incident")  # no blank version
    with pytest.raises(KeyError):
        documents.blank_form("no-such-form")
    assert sorted(documents.FORMS) == [
        "account-application",
        "blocked-content",
        "consent",
        "inappropriate-content",
        "incident",
    ]


def test_reading_the_documents_registry_loads_no_database_or_pdf_library() -> None:
    code = (
        "import sys, smgov.documents as d; d.FORMS, d.EXPORTS; "
        "print(sorted(m for m in ('sqlalchemy', 'reportlab', 'smgov.documents.accounts') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_each_blank_form_in_the_menu_has_a_blank_version() -> None:
    from smgov.ui.shell.forms_menu import BLANK_FORMS

    for form in BLANK_FORMS:
        assert documents.FORMS[form.kind].blank is not None, form.kind
