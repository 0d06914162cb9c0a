"""The termly pack's figures on the large demo (20,000 incidents, 1,000 accounts, 10,000 pupils): the pack for an
academic year as PDF and as XLSX, for SLT and for governors (budget: 3 s each), and the register PDFs per page
(budget: 100 ms a page).

Run: .venv/bin/python benchmarks/pack.py
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader

from benchmarks.common import report, timed
from smgov import paths
from smgov.data.demo import create_demo
from smgov.data.terms import academic_year_of, year_period
from smgov.data.workspace import Workspace
from smgov.documents import pack
from smgov.reports.pack.model import Audience


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def bench_pack(workspace: Workspace) -> None:
    year = academic_year_of(dt.date.today())
    period, previous = year_period(year), year_period(year - 1)
    for audience in Audience:
        build, built = timed(lambda a=audience: pack.build_pack(workspace, period, previous, a))  # type: ignore[misc]
        render, pdf = timed(lambda b=built: pack.pack_pdf(b))  # type: ignore[misc]
        report(
            f"Pack PDF for {audience.value}, a year: build + render",
            build + render,
            3.0,
            f"build {build * 1000:.0f} ms, render {render * 1000:.0f} ms, {pages(pdf)} pages",
        )
    with_rows, built = timed(lambda: pack.build_pack(workspace, period, previous, Audience.SLT, with_rows=True))
    write, data = timed(lambda: pack.pack_xlsx(built, "Benchmark"))
    rows = sum(len(sheet.rows) for sheet in built.rows)
    report(
        "Pack XLSX for SLT, a year, with the rows: build + write",
        with_rows + write,
        3.0,
        f"build {with_rows * 1000:.0f} ms, write {write * 1000:.0f} ms, {rows:,} rows, {len(data) // 1024:,} KB",
    )


def bench_registers(workspace: Workspace) -> None:
    from smgov.documents import register

    for name, make in (
        ("Account register PDF", register.account_register_pdf),
        ("Staff training matrix PDF", register.training_matrix_pdf),
    ):
        seconds, pdf = timed(lambda m=make: m(workspace))  # type: ignore[misc]
        count = pages(pdf)
        report(f"{name}, per page", seconds / count, 0.1, f"{count} pages in {seconds * 1000:.0f} ms")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="smgov-bench-"))
    paths.set_base_dir(folder / "home")
    try:
        seconds, workspace = timed(lambda: create_demo(folder / "large.smgov", size="large"))
        report("Make the large demo", seconds)
        with workspace:
            bench_pack(workspace)
            bench_registers(workspace)
    finally:
        paths.set_base_dir(None)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
