"""Hypothesis strategies for hostile input: CSV files as schools' software (and attackers) write them, and text
that breaks printouts.

CSV files start from the real samples (tests/fixtures/samples: copies of the heads of the shared sample files) or a
staff list, and are mutated: headers dropped, renamed, duplicated or added; blank, ragged and long rows; cells with
formula prefixes, quotes, embedded line breaks, NUL and other control characters, bidi marks, emoji and huge values;
then written with any delimiter, quoting and line ending, encoded as UTF-8 (with or without a BOM), Windows-1252,
Latin-1 or UTF-16 (with a BOM, or without one), and sometimes cut short or sprinkled with stray bytes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def fuzz(examples: int) -> settings:
    """Settings for a property that runs ``examples`` cases: no deadline (the CI machine is slow and shared), and
    function-scoped fixtures allowed (a test's workspace is checked before and after every example, not remade)."""
    return settings(
        deadline=None,
        max_examples=examples,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"

STAFF_LIST = (
    "Full name,Job title,Email address\r\n"
    "Siân Llewellyn-Price,Teacher,sian@school.example.org\r\n"
    "Nguyễn Thị Lan,Teaching assistant,lan@school.example.org\r\n"
    "Seán O'Brien,Head of Year 9,sean@school.example.org\r\n"
    "Zoë Ŵyn-Łukasz,School business manager,\r\n"
    '"Okafor, Amara","Deputy head, pastoral",amara@school.example.org\r\n'
)


def _sample_rows(name: str) -> list[list[str]]:
    text = (SAMPLES / name).read_bytes().decode("utf-8-sig")
    return [row for row in csv.reader(io.StringIO(text, newline=""))]


STAFF_BASES = [
    [row for row in csv.reader(io.StringIO(STAFF_LIST, newline=""))],
    _sample_rows("sims-student-list-head.csv"),  # Legal Surname / Preferred Forename: staff-like names
    _sample_rows("arbor-students-head.csv"),
    _sample_rows("consent-returns-2026-27-head.csv"),  # no name column the staff importer knows
]
CREDENTIAL_BASES = [
    _sample_rows("keepassxc-export.csv"),
    _sample_rows("bitwarden-export.csv"),
]

# Text that has broken, or could break, CSV readers, validators, spreadsheets and PDF markup.
HOSTILE_FRAGMENTS = [
    "=cmd|' /C calc'!A0",
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    '"',
    '""',
    '"quoted, with comma"',
    "a\nb",
    "line one\r\nline two",
    "\r",
    "\x00",
    "\x00\x01\x02\x1b[31m",
    "\x7f\x85\x9f",
    "\u2028\u2029",
    "\u200e\u200f",  # LRM RLM
    "\u202e\u202d\u202a\u2066\u2069",  # bidi overrides and isolates
    "\ufeff",  # a BOM in the middle
    "\ufffd",
    "\ufffe\uffff",
    "\ud83d",  # half an emoji (a lone surrogate), as a clipboard can hand over
    "x\udfffy",
    "\U0001f389\U0001f468\u200d\U0001f469\u200d\U0001f467",  # emoji, ZWJ sequence
    "\U00010348\U0001d11e\U0002a6a5",  # astral letters
    "e\u0301\u0323\u0302",  # combining marks
    "Trường Łódź Ŵŷ Ꭰ",
    "שלום مرحبا",
    "<b>",
    "</b>",
    "<b>unclosed",
    "<para>",
    "<br/>",
    "<font name=x>",
    '<a href="javascript:alert(1)">x</a>',
    "<img src=x/>",
    "&",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "&nbsp;",
    "&bogus;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "%s%n%x",
    "{0}{}",
    "\\",
    ";",
    ",",
    "|",
    "otpauth://totp/X?secret=",
    "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP",
    "JBSWY3DPEHPK3PXP",
    "x@y.zz",
    "@",
    "INC-00033",
    "inc-0",
]


def hostile_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Short hostile text: random Unicode (surrogates included), the fragments above, and mixtures of both."""
    fragment = st.sampled_from(HOSTILE_FRAGMENTS)
    return st.one_of(
        st.text(max_size=max_size),
        st.text(st.characters(exclude_categories=()), max_size=max_size),
        fragment,
        st.lists(st.one_of(fragment, st.text(max_size=8)), max_size=6).map("".join),
    )


def huge_text() -> st.SearchStrategy[str]:
    """A huge value: one 10,000-character word, a long run of a fragment, or many short lines."""
    return st.one_of(
        st.sampled_from(["x", "W", "\U0001f389", "&", "<", "é", "\u202e"]).map(lambda c: c * 10_000),
        st.sampled_from(HOSTILE_FRAGMENTS).map(lambda f: f * (10_000 // max(1, len(f)))),
        st.just("word " * 4_000),
        st.just("line\n" * 400),  # several pages of lines
    )


def cell_text() -> st.SearchStrategy[str]:
    return st.one_of(hostile_text(), hostile_text(), hostile_text(), huge_text())


# -- CSV files ---------------------------------------------------------------------------------------------------


@st.composite
def mutated_rows(draw: st.DrawFn, bases: list[list[list[str]]]) -> list[list[str]]:
    """A sample's rows (header first), mutated by a few of: header changes, blank, ragged or duplicated rows, and
    hostile cells."""
    rows = [list(row) for row in draw(st.sampled_from(bases))]
    rows = rows[: draw(st.integers(min_value=0, max_value=len(rows)))] if draw(st.booleans()) else rows
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        if not rows:
            rows.append([])
        kind = draw(
            st.sampled_from(
                [
                    "drop_header",
                    "rename_header",
                    "duplicate_header",
                    "extra_header",
                    "blank_row",
                    "ragged_row",
                    "long_row",
                    "duplicate_row",
                    "cell",
                    "cell",
                    "cell",
                    "header_cell",
                ]
            )
        )
        header = rows[0]
        row_index = draw(st.integers(min_value=0, max_value=len(rows) - 1))
        row = rows[row_index]
        if kind == "drop_header" and header:
            index = draw(st.integers(min_value=0, max_value=len(header) - 1))
            for r in rows:
                if index < len(r):
                    del r[index]
        elif kind == "rename_header" and header:
            index = draw(st.integers(min_value=0, max_value=len(header) - 1))
            header[index] = draw(
                st.sampled_from([header[index].upper(), f" {header[index]} ", header[index].replace(" ", "_"), ""])
            )
        elif kind == "duplicate_header" and header:
            header.append(draw(st.sampled_from(header)))
        elif kind == "extra_header":
            header.append(draw(hostile_text(20)))
        elif kind == "blank_row":
            rows.insert(row_index + 1, draw(st.sampled_from([[], [""], ["", "", ""], [" ", "\t"]])))
        elif kind == "ragged_row" and row:
            del row[draw(st.integers(min_value=0, max_value=len(row))) :]
        elif kind == "long_row":
            row.extend(draw(st.lists(hostile_text(10), min_size=1, max_size=5)))
        elif kind == "duplicate_row":
            rows.insert(row_index, list(row))
        elif kind in ("cell", "header_cell"):
            target = header if kind == "header_cell" else row
            if target:
                target[draw(st.integers(min_value=0, max_value=len(target) - 1))] = draw(cell_text())
            else:
                target.append(draw(cell_text()))
    return rows


ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be"]


@st.composite
def csv_bytes(draw: st.DrawFn, bases: list[list[list[str]]]) -> bytes:
    """A mutated sample written as a CSV file in some dialect and encoding, perhaps damaged at the byte level."""
    rows = draw(mutated_rows(bases))
    out = io.StringIO(newline="")
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONE]))
    writer = csv.writer(
        out,
        delimiter=draw(st.sampled_from([",", ";", "\t", "|"])),
        quoting=quoting,
        escapechar="\\" if quoting == csv.QUOTE_NONE else None,
        lineterminator=draw(st.sampled_from(["\r\n", "\n", "\r"])),
    )
    for row in rows:
        try:
            writer.writerow(row)
        except csv.Error:  # QUOTE_NONE with a character it cannot escape: write the row raw
            out.write(",".join(row) + "\n")
    text = out.getvalue()
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")
    damage = draw(st.sampled_from(["none", "none", "none", "truncate", "insert", "nul"]))
    if damage == "truncate" and data:
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
    elif damage == "insert":
        at = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
    elif damage == "nul":
        at = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:at] + b"\0" + data[at:]
    return data


def any_csv(bases: list[list[list[str]]]) -> st.SearchStrategy[bytes]:
    """Mostly mutated samples; sometimes random bytes, or random text with delimiters, in some encoding."""
    random_text = st.lists(
        st.one_of(hostile_text(20), st.sampled_from([",", ";", "\t", "\n", "\r\n", '"'])), max_size=40
    ).map("".join)
    return st.one_of(
        csv_bytes(bases),
        csv_bytes(bases),
        csv_bytes(bases),
        st.binary(max_size=2_000),
        st.tuples(random_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])).map(
            lambda pair: pair[0].encode(pair[1], errors="surrogatepass" if pair[1].startswith("utf") else "replace")
        ),
    )
