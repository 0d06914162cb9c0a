"""Export figures on the large demo (20,000 incidents, 1,000 accounts, 10,000 pupils): the incident log as XLSX
(budget 2 s; 9.4 s with openpyxl before) and CSV, the account register as XLSX, the consent register as XLSX; and, for
the incident log, how much of it is reading the rows and how much writing the workbook.

Run: .venv/bin/python benchmarks/exports.py
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import median_of, ratio, report, timed

BEFORE_S = 9.4  # the incident log as XLSX with openpyxl (smgov issue 12)


def main() -> None:
    from smgov import paths
    from smgov.data.demo import create_demo
    from smgov.documents import accounts as account_documents
    from smgov.documents import consent as consent_documents
    from smgov.documents import incidents as incident_documents
    from smgov.documents.incidents import EXPORT_HEADERS, WRAPPED
    from smgov.reports.spreadsheet import to_xlsx

    folder = Path(tempfile.mkdtemp(prefix="smgov-bench-exports-"))
    try:
        paths.set_base_dir(folder / "home")
        made_s, workspace = timed(lambda: create_demo(folder / "large.smgov", size="large"))
        report("Make the large demo (once, not an export)", made_s)
        with workspace:
            rows = incident_documents.export_rows(workspace, "xlsx")
            assert len(rows) >= 20_000, len(rows)
            whole_s = median_of(3, lambda: incident_documents.export_incidents(workspace, "xlsx"))
            report(f"Incident log as XLSX: {len(rows):,} incidents (median of 3)", whole_s, budget=2.0)
            ratio("  against 9.4 s before (openpyxl)", whole_s / BEFORE_S)
            report(
                "  of which reading the rows (median of 3)",
                median_of(3, lambda: incident_documents.export_rows(workspace, "xlsx")),
            )
            report(
                "  of which writing the workbook (median of 3)",
                median_of(3, lambda: to_xlsx(EXPORT_HEADERS, rows, "Incident log", wrap=WRAPPED, exported_by="x")),
            )
            report(
                "Incident log as CSV (median of 3)",
                median_of(3, lambda: incident_documents.export_incidents(workspace, "csv")),
            )
            report(
                "Account register as XLSX: 1,000 accounts (median of 3)",
                median_of(3, lambda: account_documents.export_accounts(workspace, "xlsx")),
            )
            report(
                "  of which reading the rows (median of 3)",
                median_of(3, lambda: account_documents.export_rows(workspace)),
            )
            consent_s, data = timed(lambda: consent_documents.export_consent(workspace, "xlsx"))
            report(f"Consent register as XLSX: 10,000 pupils ({len(data) / 1e6:.1f} MB)", consent_s)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
    os._exit(0)
