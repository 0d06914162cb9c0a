"""Demo workspaces of realistic invented data, for trying smgov out, screenshots and benchmarks.

Every name here is invented. Each area of the app adds a filler to ``FILLERS``; ``large`` sizes each filler up to
the realistic maximum the performance budgets speak of.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from smgov.data import audit
from smgov.data.models import KeyRole
from smgov.data.services import school as school_service
from smgov.data.workspace import Workspace

Size = Literal["small", "large"]
DEMO_PASSPHRASE = "demo only: never use for real records"
DEMO_SCHOOL = "Brambleford & Hollins Federation (demo)"

Filler = Callable[[Workspace, Size, random.Random, dt.date], None]


def _fill_school(workspace: Workspace, size: Size, rng: random.Random, today: dt.date) -> None:
    person = school_service.KeyPersonDetails
    people = [
        person(KeyRole.HEADTEACHER, "Dr Amara Okafor", "head@brambleford.sch.uk", "01632 960 101"),
        person(KeyRole.DSL, "Siân Llewellyn-Price", "dsl@brambleford.sch.uk", "01632 960 102"),
        person(KeyRole.DPO, "Tomasz Wiśniewski", "dpo@brambleford.sch.uk"),
        person(KeyRole.BUSINESS_MANAGER, "Karen O'Neill", "sbm@brambleford.sch.uk"),
        person(KeyRole.ICT_LEAD, "Nguyễn Văn Minh", "ict@brambleford.sch.uk"),
        person(KeyRole.CHAIR_OF_GOVERNORS, "Rev. Peter Ashdown", "chair@brambleford.sch.uk"),
    ]
    school_service.update_settings(
        workspace,
        school_service.SettingsChange(
            policy_review_date=today + dt.timedelta(days=21),
            email_domains=["brambleford.sch.uk", "hollins.sch.uk"],
            key_people=people,
        ),
    )
    year = today.year if today.month >= 9 else today.year - 1
    for day, reason in [
        (dt.date(year, 9, 1), "INSET day"),
        (dt.date(year, 10, 24), "INSET day"),
        (dt.date(year + 1, 1, 5), "INSET day"),
        (dt.date(year + 1, 6, 29), "Staff training"),
    ]:
        school_service.set_closure_day(workspace, day, reason)
    school_service.set_logo(workspace, demo_logo())
    extra = 2000 if size == "large" else 40
    with workspace.write() as session:
        for n in range(extra):
            audit.record(session, "demo.note", "demo", n, f"Demo history entry {n + 1}")


def demo_logo() -> bytes:
    """An invented crest (a shield, a chevron and an open book) drawn as a PNG, so printouts show a logo."""
    import io

    from PIL import Image, ImageDraw

    size = 240
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    shield = [(30, 20), (210, 20), (210, 120), (120, 225), (30, 120)]
    draw.polygon(shield, fill=(22, 48, 94), outline=(200, 160, 40), width=8)
    draw.line([(45, 150), (120, 75), (195, 150)], fill=(200, 160, 40), width=18, joint="curve")
    draw.polygon([(72, 45), (118, 55), (118, 95), (72, 85)], fill="white")
    draw.polygon([(168, 45), (122, 55), (122, 95), (168, 85)], fill="white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# Each area's filler as "module:function" (area modules import this one for its types, so no import cycle).
FILLERS: list[str] = [
    "smgov.data.demo:_fill_school",
    "smgov.data.demo_register:fill_register",
    "smgov.data.demo_incidents:fill_incidents",
]


def create_demo(path: Path, size: Size = "small", passphrase: str = DEMO_PASSPHRASE, seed: int = 2026) -> Workspace:
    """A new demo workspace at ``path`` (open; the caller closes it)."""
    workspace = Workspace.create(path, passphrase, DEMO_SCHOOL)
    rng = random.Random(seed)
    today = dt.date.today()
    try:
        for target in FILLERS:
            module, _, name = target.partition(":")
            fill: Filler = getattr(importlib.import_module(module), name)
            fill(workspace, size, rng, today)
    except BaseException:
        workspace.close()
        raise
    return workspace
