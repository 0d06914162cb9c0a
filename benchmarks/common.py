"""Helpers for the benchmark scripts: timing, medians, and printing figures in one format."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def median_of(runs: int, fn: Callable[[], object]) -> float:
    return statistics.median(timed(fn)[0] for _ in range(runs))


def report(name: str, seconds: float, budget: float | None = None, extra: str = "") -> None:
    figure = f"{seconds * 1000:9.1f} ms"
    verdict = ""
    if budget is not None:
        verdict = f"  (budget {budget * 1000:.0f} ms: {'within' if seconds <= budget else 'OVER'})"
    print(f"{name:<58}{figure}{verdict}{('  ' + extra) if extra else ''}")


def ratio(name: str, value: float, budget: float | None = None) -> None:
    verdict = f"  (budget {budget:.2f}x: {'within' if value <= budget else 'OVER'})" if budget else ""
    print(f"{name:<58}{value:9.2f} x{verdict}")


def compile_bytecode() -> None:
    """Compile smgov's modules once, as an installed copy has them (pip and PyInstaller compile them): where
    PYTHONDONTWRITEBYTECODE is set, every start-up measured would otherwise compile every module it imports."""
    import compileall
    from pathlib import Path

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "smgov"), quiet=1)
