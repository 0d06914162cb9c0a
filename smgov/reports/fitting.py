"""Text fitted into a fixed box: a page's letterhead band (the school's name, the document's title).

The type is shrunk step by step down to a least size; text that still does not fit (a school name of a thousand
characters) is cut at a word and ends in "…", so it never runs out of its band over the page's content.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph


def fit_text(text: str, style: ParagraphStyle, width: float, height: float, min_size: float = 7) -> Paragraph:
    """A paragraph of plain ``text`` (escaped here) that fits ``width`` x ``height``: set smaller until it fits or
    reaches ``min_size``, then, at that size, cut short with "…" to the longest start that fits."""
    from smgov.reports.pdf import clean_text, escape

    size = style.fontSize
    while True:
        fitted = ParagraphStyle(f"{style.name}_{size}", parent=style, fontSize=size, leading=size * 1.2)
        paragraph = Paragraph(escape(text), fitted)
        if paragraph.wrap(width, height)[1] <= height:
            return paragraph
        if size <= min_size:
            break
        size = max(min_size, size - 1)
    words = " ".join(clean_text(text).split()).split(" ")
    fits, fails = 0, len(words)  # the first ``fits`` words (and "…") fit; the first ``fails`` do not
    while fails - fits > 1:
        middle = (fits + fails) // 2
        if Paragraph(escape(" ".join(words[:middle]) + " …"), fitted).wrap(width, height)[1] <= height:
            fits = middle
        else:
            fails = middle
    start = " ".join(words[:fits]) if fits else words[0][: max(1, int(width / size))]
    return Paragraph(escape(start + " …"), fitted)
