"""A corpus of personal details written the ways an attacker or a careless writer would, and the
files of a pack they can hide in (issue #16). `tests/test_privacy_attacks.py` plants each
variant in each reader-facing format and expects the scan to find it.

A variant is text, or a pair of texts that a reader sees side by side (two table cells, two SVG
text lines, two paragraphs) and that hold the detail only when read together.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CASE = "case reference"
NAME = "auditor's name"
EMAIL = "email address"
DOB = "date of birth"

#: What the inputs hold, as `personal_details` gives it.
SECRETS = {"SYN-0004": CASE, "Jo Specimen": NAME, "jo.specimen@example.gov.uk": EMAIL}


@dataclass(frozen=True)
class Variant:
    """One way of writing a personal detail: `text`, or `parts` read side by side."""

    id: str
    kind: str
    text: str = ""
    parts: tuple[str, str] | None = None

    @property
    def whole(self) -> str:
        """The text as one string (the parts joined by a space)."""
        return " ".join(self.parts) if self.parts else self.text


VARIANTS = [
    # case references, written another way
    Variant("ref-as-given", CASE, "Case SYN-0004 was reviewed late."),
    Variant("ref-no-separator", CASE, "Case SYN0004 was reviewed late."),
    Variant("ref-en-dash", CASE, "Case SYN\u20130004 was reviewed late."),
    Variant("ref-em-dash", CASE, "Case SYN\u20140004 was reviewed late."),
    Variant("ref-dot", CASE, "Case SYN.0004 was reviewed late."),
    Variant("ref-slash", CASE, "Case SYN/0004 was reviewed late."),
    Variant("ref-spaced-digits", CASE, "Case SYN 0 0 0 4 was reviewed late."),
    Variant("ref-lower-case", CASE, "case syn-0004 was reviewed late."),
    Variant("ref-in-theme-name", CASE, "Planning (as in SYN-0004)"),
    Variant("ref-full-width", CASE, "Case \uff33\uff39\uff2e\uff0d\uff10\uff10\uff10\uff14."),
    Variant("ref-zero-width", CASE, "Case SYN-00\u200b04 was reviewed."),
    Variant("ref-soft-hyphen", CASE, "Case SYN\u00ad-0004 was reviewed."),
    Variant("ref-word-joiner", CASE, "Case S\u2060YN-0004 was reviewed."),
    Variant("ref-split-at-separator", CASE, parts=("SYN-", "0004")),
    Variant("ref-split-in-letters", CASE, parts=("Case SY", "N0004")),
    # an auditor's name in every usual arrangement
    Variant("name-full", NAME, "Reviewed by Jo Specimen."),
    Variant("name-upper-case", NAME, "REVIEWED BY JO SPECIMEN."),
    Variant("name-initial", NAME, "Reviewed by J. Specimen."),
    Variant("name-initial-no-dot", NAME, "Reviewed by J Specimen."),
    Variant("name-surname-first", NAME, "Reviewer: Specimen, Jo"),
    Variant("name-surname-initial", NAME, "Reviewer: Specimen, J."),
    Variant("name-title-surname", NAME, "Ms Specimen reviewed it."),
    Variant("name-title-full", NAME, "Mrs. Jo Specimen reviewed it."),
    Variant("name-full-width", NAME, "Reviewed by \uff2a\uff4f \uff33\uff50\uff45\uff43\uff49"
                                     "\uff4d\uff45\uff4e."),
    Variant("name-zero-width", NAME, "Reviewed by Jo Spec\u200bimen."),
    Variant("name-split", NAME, parts=("Reviewed by Jo", "Specimen")),
    Variant("email", EMAIL, "Questions to jo.specimen@example.gov.uk please."),
    # dates of birth, after any usual label, in every date form
    Variant("dob-slashes", DOB, "DOB 12/03/2008"),
    Variant("dob-dotted-label", DOB, "D.O.B.: 12.03.2008"),
    Variant("dob-hyphenated-label", DOB, "date-of-birth: 2008-03-12"),
    Variant("dob-format-hint", DOB, "Date of Birth (dd/mm/yyyy): 12/03/2008"),
    Variant("dob-month-abbreviation", DOB, "born 25-Nov-2008"),
    Variant("dob-ordinal", DOB, "born on the 12th of March 2008"),
    Variant("dob-spelled", DOB, "Born on the twelfth of March two thousand and eight."),
    Variant("dob-american", DOB, "Birth date: March 12, 2008"),
    Variant("dob-short-year", DOB, "dob 25 Nov 08"),
    Variant("dob-split", DOB, parts=("Date of birth", "12/03/2008")),
]

#: Ordinary text of a board pack, which must not be taken for a personal detail.
ORDINARY = [
    "Audit round 2013 Q4: 71% of 20 cases; Q10 scored 85%.",
    "Inspection date: 25/11/2013. Date of audit 12/03/2013. Meeting on 15 January 2015.",
    "Was the date of birth recorded? 80% of 20 cases.",
    "Synthetic sample data: a specimen of the board paper; scores from 2012 to 2014.",
    "Stockton-on-Tees SQS 2013: Protecting the public 84%, -3.5 points since 2010.",
    "Planning (SYN) improved; 1,004 answers in 4 rounds; figure 0004.",
]

_DOT = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJ"
        "RU5ErkJggg==")


def _page(body: str) -> str:
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Theme '
            f'breakdown</title></head><body><main><h1>Theme breakdown</h1>{body}</main>'
            '</body></html>')


def _html(v: Variant) -> str:
    if v.parts:
        a, b = (html.escape(p) for p in v.parts)
        return _page(f"<table><tr><td>{a}</td><td>{b}</td></tr></table>")
    return _page(f"<p>{html.escape(v.text)}</p>")


def _alt(v: Variant) -> str:
    return _page(f'<figure><img src="data:image/png;base64,{_DOT}" '
                 f'alt="{html.escape(v.whole, quote=True)}" /></figure>')


def _svg(v: Variant) -> str:
    lines = v.parts or (v.text,)
    texts = "".join(f'<g id="text_{i}"><text x="1" y="{20 * (i + 1)}">{html.escape(t)}</text>'
                    "</g>" for i, t in enumerate(lines))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
            f'width="100" height="60">{texts}</svg>')


def _csv(v: Variant) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Question", "Score (%)", "Note", "More"])
    writer.writerow(["Q10", "71", *(v.parts or (v.text, ""))])
    return out.getvalue()


def _notebook(v: Variant) -> str:
    import nbformat

    nb = nbformat.v4.new_notebook()
    if v.parts:
        a, b = (html.escape(p) for p in v.parts)
        cell = nbformat.v4.new_code_cell("show()")
        cell.outputs = [nbformat.v4.new_output(
            "display_data", data={"text/html": f"<table><tr><td>{a}</td><td>{b}</td></tr>"
                                               "</table>"})]
        nb.cells = [cell]
    else:
        nb.cells = [nbformat.v4.new_markdown_cell(f"## Notes\n\n{v.text}")]
    return nbformat.writes(nb)


def _manifest(v: Variant) -> str:
    if v.parts:
        return json.dumps({"report": "t", "inputs": [{"file": v.parts[0], "name": v.parts[1]}]})
    return json.dumps({"report": "t", "pages": [{"headline": v.text}]})


def _docx(v: Variant, path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_heading("Board paper", level=1)
    if v.parts:
        row = document.add_table(rows=1, cols=2).rows[0]
        row.cells[0].text, row.cells[1].text = v.parts
    else:
        document.add_paragraph(v.text)
    document.save(str(path))


#: format -> (file name in the pack, writer of the file's text or of the file itself)
FORMATS: dict[str, tuple[str, Callable[..., object]]] = {
    "html": ("02_theme_breakdown.html", _html),
    "alt-text": ("01_inspection_overview.html", _alt),
    "svg": ("figures/02_theme_breakdown-questions.svg", _svg),
    "csv": ("tables/02_theme_breakdown-questions.csv", _csv),
    "notebook": ("notebooks/02_theme_breakdown.ipynb", _notebook),
    "manifest": ("manifest.json", _manifest),
    "word": ("board-paper.docx", _docx),
}


def plant(pack: Path, fmt: str, variant: Variant) -> str:
    """Write `variant` into the pack folder `pack` as a file of format `fmt`; return the file's
    path within the pack."""
    name, writer = FORMATS[fmt]
    path = pack / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "word":
        writer(variant, path)
    else:
        path.write_text(str(writer(variant)), encoding="utf-8")
    return name


def pdf_source(variants: list[Variant]) -> str:
    """An HTML page printing each variant on a page of its own (page n: variant n-1), table
    cells for the pairs, to print to PDF."""
    pages = []
    for v in variants:
        if v.parts:
            a, b = (html.escape(p) for p in v.parts)
            pages.append(f"<table><tr><td>{a}</td><td>{b}</td></tr></table>")
        else:
            pages.append(f"<p>{html.escape(v.text)}</p>")
    body = "".join(f'<section style="page-break-after: always">{p}</section>' for p in pages)
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}</body></html>'
