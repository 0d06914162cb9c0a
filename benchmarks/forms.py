"""The forms' and registers' figures: every form blank and filled, and the account register and training matrix of
the large demo (1,000 accounts), each in milliseconds a page (budget 100 ms a page).

Run: .venv/bin/python benchmarks/forms.py
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import median_of, report, timed

BUDGET_PER_PAGE = 0.1


def per_page(name: str, make: Callable[[], bytes], runs: int = 5) -> None:
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(make())).pages)  # also registers the fonts, once
    seconds = median_of(runs, make) if runs > 1 else timed(make)[0]
    report(f"{name}, a page", seconds / pages, budget=BUDGET_PER_PAGE, extra=f"{pages} pages, {seconds:.2f} s")


def main() -> None:
    from smgov import documents, paths
    from smgov.data.demo import create_demo
    from smgov.data.services import accounts, blocked_content, content_reports
    from smgov.documents.register import account_register_pdf, training_matrix_pdf

    folder = Path(tempfile.mkdtemp(prefix="smgov-bench-"))
    try:
        paths.set_base_dir(folder / "home")
        with create_demo(folder / "large.smgov", size="large") as workspace:
            head = documents.letterhead(workspace)
            for kind in ("blocked-content", "inappropriate-content", "account-application", "consent"):
                per_page(
                    f"{kind} form, blank", functools.partial(documents.blank_form, kind, head.school_name, head.logo)
                )
            account_id = accounts.list_accounts(workspace)[0].id
            per_page(
                "account-application form, filled",
                lambda: documents.filled_form("account-application", workspace, account_id),
            )
            requests = blocked_content.list_requests(workspace)
            if requests:
                request_id = requests[0].id
                per_page(
                    "blocked-content form, filled",
                    lambda: documents.filled_form("blocked-content", workspace, request_id),
                )
            reports = content_reports.list_content_reports(workspace)
            if reports:
                report_id = reports[0].id
                per_page(
                    "inappropriate-content form, filled",
                    lambda: documents.filled_form("inappropriate-content", workspace, report_id),
                )
            per_page("Account register (1,000 accounts)", lambda: account_register_pdf(workspace), runs=1)
            per_page("Staff training matrix (1,000 accounts)", lambda: training_matrix_pdf(workspace), runs=1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
    os._exit(0)
