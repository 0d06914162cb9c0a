"""The section registry: typed entries that resolve to page classes, in the order of the Section keys, with icons."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtWidgets import QWidget

from smgov.data.areas import Section
from smgov.ui.frame import icons
from smgov.ui.shell.sections import SECTIONS, section_key


def test_each_section_resolves_to_a_page_class() -> None:
    for entry in SECTIONS:
        page_class = entry.load()
        assert isinstance(page_class, type) and issubclass(page_class, QWidget), entry.key


def test_the_registry_lists_every_section_key_in_order_with_an_icon_it_ships() -> None:
    assert [entry.key for entry in SECTIONS] == list(Section)
    for entry in SECTIONS:
        assert icons.exists(entry.icon), entry.icon
    assert {entry.key: entry.icon for entry in SECTIONS}[Section.VAULT] == "key-round"
    assert {entry.key: entry.icon for entry in SECTIONS}[Section.SETTINGS] == "settings"
    assert {entry.key: entry.icon for entry in SECTIONS}[Section.REPORTS] == "file-chart-column"


def test_sections_are_named_by_key_or_label() -> None:
    assert section_key("passwords") == Section.VAULT
    assert section_key("Blocked content") == section_key("blocked-content") == Section.BLOCKED_CONTENT
    assert section_key("AUDIT") == Section.AUDIT
    assert section_key("reports") == Section.REPORTS
    assert section_key("pupils") is None


def test_reading_the_registry_imports_no_section() -> None:
    code = (
        "import sys; from smgov.ui.shell.sections import SECTIONS; "
        "print(sorted(m for m in sys.modules if m.startswith('smgov.ui.sections.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_main_window_module_loads_no_section_and_no_database_before_the_first_paint() -> None:
    code = (
        "import sys; import smgov.ui.shell.main_window; "
        "print(sorted(m for m in sys.modules if m.startswith('smgov.ui.sections.') or m == 'sqlalchemy'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
