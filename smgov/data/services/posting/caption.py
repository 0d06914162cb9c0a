"""The caption check: pupils whose full name a caption gives, checked against every pupil's name folded once per
file (kept while the pupil table is unchanged)."""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smgov.data.models import Pupil
from smgov.data.services.posting.wording import pupil_reference, short_name
from smgov.data.workspace import Workspace

_SPECIAL = str.maketrans({"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae"})
_SPECIAL.update(str.maketrans({"œ": "oe", "Œ": "oe", "ð": "d", "þ": "th", "ı": "i"}))
_NOT_WORD = re.compile(r"[\W_]+")


def fold_words(text: str) -> str:
    """``text`` as lower-case words without accents, one space between, padded with a space each side:
    "Oisín O'Brien-Khan" -> " oisin o brien khan "."""
    if text.isascii():
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = [w for w in _NOT_WORD.split(plain) if w]
    return " " + " ".join(words) + " " if words else " "


@dataclass(frozen=True)
class NamedPupil:
    """A pupil whose full name the caption gives."""

    pupil_id: int
    reference: str
    short_name: str
    chosen: bool  # one of the pupils in the post


def _full_names(first_names: Iterable[str], last: str) -> list[str]:
    """The folded phrases that name a pupil in full: each first name with the surname, either way round."""
    surname = fold_words(last).strip()
    if not surname:
        return []
    phrases = []
    for first in first_names:
        given = fold_words(first).strip()
        if given:
            phrases += [f" {given} {surname} ", f" {surname} {given} "]
    return phrases


# The pupils' full names, folded, by the first word of the surname: built once per file and kept while the pupil
# table is unchanged (its count, highest id and latest change), so a caption is checked against 10,000 pupils fast.
_NameIndex = dict[str, list[tuple[int, tuple[str, ...], bool]]]
_NAME_INDEX: weakref.WeakKeyDictionary[object, tuple[tuple[object, ...], _NameIndex]] = weakref.WeakKeyDictionary()


def _name_index(session: Session) -> _NameIndex:
    signature = tuple(
        session.execute(select(func.count(Pupil.id), func.max(Pupil.id), func.max(Pupil.updated_at))).one()
    )
    bind = session.get_bind()
    cached = _NAME_INDEX.get(bind)
    if cached is not None and cached[0] == signature:
        return cached[1]
    index: _NameIndex = {}
    query = select(Pupil.id, Pupil.legal_first_name, Pupil.preferred_first_name, Pupil.legal_last_name, Pupil.on_roll)
    for pupil_id, legal, preferred, last, on_roll in session.execute(query):
        phrases = _full_names({legal, preferred}, last)
        if phrases:  # under the surname's first word: every full name holds it
            index.setdefault(fold_words(last).split()[0], []).append((pupil_id, tuple(phrases), on_roll))
    _NAME_INDEX[bind] = (signature, index)
    return index


def prepare_caption_check(workspace: Workspace) -> None:
    """Fold every pupil's name now (the GUI calls this off the UI thread when the check dialog opens), so the first
    caption checked is as quick as the rest."""
    with workspace.read() as session:
        _name_index(session)


def caption_names(session: Session, caption: str, chosen: Sequence[int] = ()) -> list[NamedPupil]:
    """Pupils (on roll, and the ``chosen`` ones whatever their roll) whose full name the caption gives: the legal
    or preferred first name with the surname, in either order ("Khan, Oisín"), whole words, ignoring case and
    accents. A first name alone is fine."""
    folded = fold_words(caption)
    if not folded.strip():
        return []
    chosen_ids = set(chosen)
    index = _name_index(session)
    named: set[int] = set()
    for word in set(folded.split()):
        for pupil_id, phrases, on_roll in index.get(word, ()):
            if (on_roll or pupil_id in chosen_ids) and any(phrase in folded for phrase in phrases):
                named.add(pupil_id)
    if not named:
        return []
    rows = session.scalars(select(Pupil).where(Pupil.id.in_(named))).all()
    ordered = sorted(rows, key=lambda p: (p.id not in chosen_ids, p.class_name, p.legal_last_name.casefold()))
    return [NamedPupil(p.id, pupil_reference(p), short_name(p), p.id in chosen_ids) for p in ordered]
