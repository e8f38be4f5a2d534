"""What a cell holds besides its value: a spreadsheet error, a statistical marker, several ticked
answers.

- **Spreadsheet errors** (`#N/A`, `#REF!`, `#VALUE!`, `#DIV/0!`, `#NAME?`, `#NUM!`, `#NULL!`,
  `#SPILL!`, `#CALC!`): a formula that failed. They are errors, never values: `#N/A` is not the
  answer `N/A` (Excel's own meaning, "value not available", from a lookup that found nothing).
- **Statistical shorthand** of the Government Statistical Service ("Symbols in tables",
  GSS guidance, 2021): `[c]` confidential, `[x]` not available, `[z]` not applicable, `[u]` low
  reliability, `[p]` provisional, `[r]` revised, `[e]` estimated, `[w]` fewer than the
  threshold, `[low]` rounds to zero; and `<5`, a count withheld below a threshold. A number with
  a marker keeps its number and the marker (`78 [r]`); a marker alone is a withheld value. The
  older symbols still in many published tables count too, as a whole cell: `..` not available
  (ONS, before 2021) and `*` withheld (a small number; Ministry of Justice and Youth Justice
  Board tables).
- **Several answers in one cell**: a form question that allowed several ticks writes them joined
  by `;` (Microsoft Forms, with a trailing `;` even after one answer) or `, ` (Google Forms).

>>> spreadsheet_error(" #n/a "), spreadsheet_error("N/A")
('#N/A', None)
>>> split_marker("78 [r]"), split_marker("[c]"), split_marker("<5"), split_marker("78")
(('78', '[r]'), ('', '[c]'), ('', '<5'), ('78', None))
>>> split_marker(".."), split_marker("*")
(('', '..'), ('', '*'))
>>> choices("Yes;No;"), choices("Yes;"), choices('Yes, No'), choices("Yes - see notes")
(['Yes;', 'No;'], ['Yes;'], ['Yes,', 'No'], ['Yes - see notes'])
"""

from __future__ import annotations

import re
from functools import cache

__all__ = [
    "MARKERS",
    "SPREADSHEET_ERRORS",
    "choices",
    "marker_meaning",
    "split_marker",
    "spreadsheet_error",
]

SPREADSHEET_ERRORS = ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
                      "#SPILL!", "#CALC!", "#GETTING_DATA")
_ERRORS = {e.lower(): e for e in SPREADSHEET_ERRORS}

#: GSS symbols and what each means; a number with one keeps its number.
MARKERS = {
    "[c]": "confidential",
    "[x]": "not available",
    "[z]": "not applicable",
    "[u]": "low reliability",
    "[p]": "provisional",
    "[r]": "revised",
    "[e]": "estimated",
    "[w]": "fewer than the threshold",
    "[low]": "rounds to zero",
    "..": "not available",
    "*": "withheld",
}
#: The older symbols, read only as a whole cell (`78*` is a number with a footnote, not this).
_WHOLE_CELL = ("..", "*")
_MARKER = re.compile(r"^(.*?)\s*(\[(?:c|x|z|u|p|r|e|w|low)\])$", re.IGNORECASE)
_BELOW = re.compile(r"^<\s*(\d+)$")
_CHOICE = re.compile(r"[^;,]+(?:[;,]|$)")


@cache
def spreadsheet_error(value: str) -> str | None:
    """The spreadsheet error a cell holds (canonical spelling), or None."""
    return _ERRORS.get(str(value).strip().lower())


@cache
def split_marker(value: str) -> tuple[str, str | None]:
    """(the value without its marker, the marker) of a cell; the marker is None when there is
    none. `<5` is a marker alone (a count withheld below 5)."""
    text = str(value).strip()
    if text in _WHOLE_CELL:
        return "", text
    below = _BELOW.match(text)
    if below:
        return "", f"<{below.group(1)}"
    found = _MARKER.match(text)
    if found is None:
        return text, None
    return found.group(1).strip(), found.group(2).lower()


def marker_meaning(marker: str) -> str:
    """What a marker means, for messages.

    >>> marker_meaning("[c]"), marker_meaning("<5")
    ('confidential', 'fewer than 5')
    """
    if marker.startswith("<"):
        return f"fewer than {marker[1:]}"
    return MARKERS.get(marker.lower(), "withheld")


def choices(value: str) -> list[str]:
    """The parts of a cell split after each `;` or `,` (each part keeps its separator, so that
    `Yes - see notes, page 2` can still be read as one answer with a note)."""
    text = str(value).strip()
    return [p.strip() for p in _CHOICE.findall(text) if p.strip(" ;,")] or [text]
