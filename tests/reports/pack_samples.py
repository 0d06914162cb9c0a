"""Hand-made termly packs for the renderers' tests: an SLT and a governors' pack of an ordinary autumn term, one with
nothing in it, one of a large school's year, and one full of hostile text. Built without a workspace, so a layout test
does not depend on the pack's builder (and other tests may reuse them)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Any

from PIL import Image, ImageDraw

from smgov.reports.pack.model import (
    FEWER_THAN_5,
    Audience,
    Chart,
    Figure,
    Pack,
    Part,
    Period,
    RowSheet,
    Table,
)

SCHOOL = "Spixworth Community Primary School"
AUTUMN = Period(
    "Autumn term 2026",
    dt.date(2026, 9, 1),
    dt.date(2026, 12, 31),
    note="Teaching days 03/09/2026 to 18/12/2026; the holiday after the term is included",
)
SUMMER = Period("Summer term 2026", dt.date(2026, 4, 13), dt.date(2026, 8, 31))
PRINTED = dt.date(2027, 1, 6)
SEAL = "1234-ABCD-EFGH-JK23"
MONTHS = ["Sep 2026", "Oct 2026", "Nov 2026", "Dec 2026"]
CATEGORIES = [
    "Cyberbullying",
    "Inappropriate content shared",
    "Impersonation or fake account",
    "Staff conduct online",
    "Privacy breach (photo or personal data)",
    "Other",
]
HOSTILE = "<b>Bold</b> & \"quoted\" 'it's' =cmd|' /C calc'!A0 \u202eevil\u202c \u200fשלום\u200f 😀🚸 Łódź Trường"


TEN_THOUSAND = "Ŵord " * 2000  # 10,000 characters


def logo_png(size: tuple[int, int] = (480, 240)) -> bytes:
    """A plain crest-like logo: a navy shield on white."""
    picture = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(picture)
    width, height = size
    draw.polygon(
        [
            (width * 0.05, 10),
            (width * 0.35, 10),
            (width * 0.35, height * 0.6),
            (width * 0.2, height - 10),
            (width * 0.05, height * 0.6),
        ],
        fill="#243B53",
    )
    draw.rectangle((width * 0.42, height * 0.35, width * 0.95, height * 0.5), fill="#829AB1")
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def _count(value: int, audience: Audience) -> int | str:
    return FEWER_THAN_5 if audience is Audience.GOVERNORS and 0 < value < 5 else value


def _bar(value: int, audience: Audience) -> int | None:
    return None if audience is Audience.GOVERNORS and 0 < value < 5 else value


def _figure(label: str, value: int, previous: int, audience: Audience, **extra: Any) -> Figure:
    shown, before = _count(value, audience), _count(previous, audience)
    change = value - previous if isinstance(shown, int) and isinstance(before, int) else None
    return Figure(label, shown, before, change, **extra)


def sample_pack(audience: Audience = Audience.SLT) -> Pack:
    """An ordinary autumn term at a primary school, for ``audience`` (suppressed for governors as the builder does)."""
    governors = audience is Audience.GOVERNORS
    staff = "Deputy headteacher" if governors else "Mrs A. Patel (Deputy headteacher)"
    pupil = "" if governors else "J.S. (Year 5)"
    summary = [
        _figure("Incidents logged", 14, 9, audience, detail="3 were safeguarding concerns"),
        _figure("Responses late", 2, 4, audience, good_when="down", detail="Within 2 school days is on time"),
        _figure("Escalated to the DSL", 3, 3, audience, good_when=""),
        _figure("School accounts", 11, 10, audience, detail="9 run by two or more staff"),
        Figure("Consent forms returned", 87.5, 82.0, 5.5, percent=True, good_when="up", detail="184 of 210 pupils"),
        _figure("Blocked-content requests", 23, 31, audience, detail="19 decided within 5 school days"),
    ]
    incidents = Part(
        "incidents",
        "Incidents",
        intro="Incidents logged this term by category and month, and the responses that were late.",
        figures=[
            _figure("Logged", 14, 9, audience),
            _figure("Closed", 12, 8, audience),
            _figure("Responses late", 2, 4, audience, good_when="down"),
            _figure("Reported to the police", 0, 1, audience, good_when="down"),
        ],
        charts=[
            Chart(
                "Incidents by month",
                MONTHS,
                [
                    ("This term", [_bar(v, audience) for v in (5, 4, 3, 2)]),
                    ("Same months last year", [_bar(v, audience) for v in (2, 6, 0, 1)]),
                ],
            ),
            Chart(
                "Incidents by category",
                CATEGORIES,
                [
                    ("This term", [_bar(v, audience) for v in (6, 3, 2, 1, 2, 0)]),
                    ("Last term", [_bar(v, audience) for v in (4, 1, 0, 0, 3, 1)]),
                ],
                kind="hbar",
            ),
        ],
        tables=[
            Table(
                "Late responses",
                ["Reference", "Logged", "Category", "Lead", "Days late"],
                [
                    ["INC-2026-031", dt.date(2026, 10, 2), "Cyberbullying", staff, 2],
                    ["INC-2026-044", dt.date(2026, 11, 20), "Staff conduct online", staff, 1],
                ],
                empty="No response was late this term.",
                widths=[1.2, 1, 2, 2.4, 0.8],
            )
        ],
        notes=[
            f"One incident involving {pupil} was passed to the local authority."
            if pupil
            else "One incident was passed to the local authority."
        ],
    )
    accounts = Part(
        "accounts",
        "School social media accounts",
        intro="The school's accounts, who can sign in to them, and the applications decided this term.",
        figures=[
            _figure("Active accounts", 11, 10, audience),
            _figure("With fewer than two staff able to sign in", 2, 1, audience, good_when="down"),
            _figure("Applications decided", 3, 2, audience),
        ],
        charts=[
            Chart(
                "Accounts by platform",
                ["Facebook", "Instagram", "X (Twitter)", "YouTube", "TikTok"],
                [("Accounts", [4, 3, 2, 1, 1])],
            )
        ],
        tables=[
            Table(
                "Accounts with fewer than two staff able to sign in",
                ["Account", "Platform", "Staff able to sign in", "Password last changed"],
                [["@SpixworthPE", "Instagram", 1, dt.date(2026, 3, 14)], ["Spixworth Choir", "YouTube", 1, None]],
                empty="Every account has at least two staff able to sign in.",
            )
        ],
    )
    consent = Part(
        "consent",
        "Parental consent",
        figures=[Figure("Forms returned", 87.5, 82.0, 5.5, percent=True, good_when="up")],
        charts=[
            Chart(
                "Consent by year group",
                ["Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6"],
                [
                    ("Given", [24, 26, 25, 27, 22, 25, 23]),
                    ("Refused", [_bar(v, audience) for v in (2, 1, 3, 0, 5, 2, 4)]),
                    ("Not returned", [_bar(v, audience) for v in (4, 3, 2, 3, 3, 5, 3)]),
                ],
                kind="stacked",
                note="Consent to photographs on the school's public accounts.",
            )
        ],
    )
    requests = Part(
        "requests",
        "Blocked-content requests",
        figures=[_figure("Requests", 23, 31, audience), _figure("Decided late", 4, 2, audience, good_when="down")],
        charts=[
            Chart(
                "Requests by decision",
                ["Approved", "Approved for a time", "Refused", "Waiting"],
                [
                    ("This term", [_bar(v, audience) for v in (12, 5, 4, 2)]),
                    ("Last term", [_bar(v, audience) for v in (15, 9, 6, 1)]),
                ],
            )
        ],
    )
    policy = Part(
        "policy",
        "Policy and audit",
        intro="The social media policy's review date and what was revealed, copied, exported and printed.",
        figures=[
            _figure("Passwords revealed", 17, 22, audience),
            _figure("Passwords copied", 9, 12, audience),
            _figure("Exports", 3, 2, audience),
            _figure("Printouts", 26, 19, audience),
        ],
        tables=[
            Table(
                "Reveals and copies by role",
                ["Role", "Reveals", "Copies"],
                [["Office manager", 9, 6], ["ICT technician", 6, 3], ["Headteacher", 2, 0]],
            )
        ],
        notes=[
            "The social media policy is next reviewed on 01/09/2027 (agreed by governors on 14/09/2026).",
            f"Audit seal {SEAL}: the history of the school's records up to this report checks as unchanged.",
        ],
    )
    return Pack(
        school_name=SCHOOL,
        logo=logo_png(),
        audience=audience,
        period=AUTUMN,
        previous=SUMMER,
        printed_on=PRINTED,
        prepared_by="School business manager" if governors else "Jane Smith, School business manager",
        summary=summary,
        actions=[
            "Give a second member of staff access to @SpixworthPE and Spixworth Choir.",
            "Change the password of Spixworth Choir (not changed since it was set up).",
            "Chase the 26 consent forms not yet returned, most in Year 5.",
        ],
        parts=[incidents, accounts, consent, requests, policy],
        seal=SEAL,
        rows=()
        if governors
        else (
            RowSheet(
                "Incidents", "Incidents this term", ["Reference", "Logged"], [["INC-2026-031", dt.date(2026, 10, 2)]]
            ),
        ),
    )


def governors_pack() -> Pack:
    return sample_pack(Audience.GOVERNORS)


def empty_pack(audience: Audience = Audience.GOVERNORS) -> Pack:
    """A term in which nothing happened: every chart all zero, every table empty, no actions, no seal, no logo."""
    pack = sample_pack(audience)
    parts = []
    for part in pack.parts:
        charts = [
            dataclasses.replace(chart, series=[(name, [0] * len(values)) for name, values in chart.series])
            for chart in part.charts
        ]
        tables = [dataclasses.replace(table, rows=[]) for table in part.tables]
        parts.append(dataclasses.replace(part, charts=charts, tables=tables, notes=()))
    parts.append(Part("requests", "Nothing at all", charts=[Chart("No labels", [], [])]))
    return dataclasses.replace(pack, logo=None, actions=[], parts=parts, seal="", summary=[])


def large_pack(audience: Audience = Audience.SLT, *, months: int = 12, categories: int = 10, rows: int = 200) -> Pack:
    """A large school's year: ``months`` months by ``categories`` categories, and tables of ``rows`` rows."""
    pack = sample_pack(audience)
    month_labels = [
        dt.date(2026 + (8 + index) // 12, (8 + index) % 12 + 1, 1).strftime("%b %Y") for index in range(months)
    ]
    category_labels = [f"{CATEGORIES[index % len(CATEGORIES)]} ({index + 1})" for index in range(categories)]
    by_month = Chart(
        "Incidents by month",
        month_labels,
        [
            ("This year", [(index * 7) % 23 + 3 for index in range(months)]),
            ("Last year", [(index * 5) % 19 + 2 for index in range(months)]),
        ],
    )
    by_category = Chart(
        "Incidents by category",
        category_labels,
        [
            ("This year", [(index * 11) % 40 + 1 for index in range(categories)]),
            ("Last year", [(index * 13) % 37 for index in range(categories)]),
        ],
        kind="hbar",
    )
    month_by_category = Chart(
        "Incidents by month and category",
        month_labels,
        [(label, [(index + month) % 6 for month in range(months)]) for index, label in enumerate(category_labels[:4])],
        kind="stacked",
    )
    table = Table(
        "Every incident this year",
        ["Reference", "Logged", "Category", "Summary", "Lead", "Status"],
        [
            [
                f"INC-2026-{index:03}",
                dt.datetime(2026, 9, 1, 8, 30) + dt.timedelta(hours=37 * index),
                category_labels[index % categories],
                "A message shared in a class group chat " * (1 + index % 3),
                "Deputy headteacher",
                "Closed" if index % 4 else "Open",
            ]
            for index in range(rows)
        ],
    )
    parts = list(pack.parts)
    parts[0] = dataclasses.replace(parts[0], charts=[by_month, by_category, month_by_category], tables=[table])
    parts[1] = dataclasses.replace(parts[1], tables=[dataclasses.replace(table, title="Account changes this year")])
    return dataclasses.replace(pack, period=dataclasses.replace(AUTUMN, label="Academic year 2026–27"), parts=parts)


def hostile_pack(audience: Audience = Audience.GOVERNORS) -> Pack:
    """Every string a user could have typed, made as awkward as possible."""
    long_label = "Ŵ" + "very long category name " * 12 + "<i>end</i>"
    pack = sample_pack(audience)
    chart = Chart(
        f"Chart {HOSTILE}",
        [HOSTILE, long_label, "&amp;", ""],
        [(HOSTILE, [3, None, 7, 0]), (long_label, [None, 12, 0, 1])],
        note=HOSTILE,
    )
    vertical = dataclasses.replace(chart, title="Vertical " + HOSTILE, kind="bar")
    table = Table(
        HOSTILE,
        [HOSTILE, "Count", long_label],
        [[HOSTILE, 3, "x" * 10_000], [long_label, None, "\r\n".join([HOSTILE] * 5)], ["=SUM(A1)", 2.5, ""]],
        empty=HOSTILE,
    )
    part = Part(
        "incidents",
        HOSTILE,
        intro=HOSTILE * 3,
        figures=[Figure(HOSTILE, HOSTILE, HOSTILE, None, detail=HOSTILE)],
        charts=[chart, vertical],
        tables=[table, dataclasses.replace(table, rows=[])],
        notes=[HOSTILE, "y" * 3000],
    )
    huge = Part(
        "requests",
        TEN_THOUSAND,
        intro=TEN_THOUSAND,
        figures=[Figure(TEN_THOUSAND, 3, TEN_THOUSAND, detail=TEN_THOUSAND)],
        charts=[
            Chart(
                TEN_THOUSAND,
                [f"Category {index} {HOSTILE}" for index in range(80)],
                [("Counted", list(range(80))), ("Hidden", [None] * 80)],
                kind="hbar",
                note=TEN_THOUSAND,
            )
        ],
        tables=[Table(TEN_THOUSAND, [TEN_THOUSAND, "Count"], [[TEN_THOUSAND, 1]])],
        notes=[TEN_THOUSAND],
    )
    return dataclasses.replace(
        pack,
        school_name=f"Ysgol {HOSTILE} " + "Long Name " * 20,
        logo=b"\x89PNG not really a picture",
        period=dataclasses.replace(AUTUMN, label=HOSTILE, note=TEN_THOUSAND),
        previous=dataclasses.replace(SUMMER, label=HOSTILE),
        prepared_by=HOSTILE,
        summary=[*pack.summary, Figure(HOSTILE, HOSTILE, detail=HOSTILE * 2), Figure(TEN_THOUSAND, TEN_THOUSAND)],
        actions=[HOSTILE, "z" * 2000, TEN_THOUSAND],
        parts=[part, huge, *pack.parts],
    )
