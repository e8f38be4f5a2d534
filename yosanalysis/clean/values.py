"""Reading the values people type: answer words, dates, percentages, numbers, ratings and text.

Each reader works on a whole column and looks at each distinct value once (a column of two
million answers holds a handful of spellings), so cleaning stays fast at any size. Nothing is
guessed: a value that cannot be read is reported back (as a mask or a message) for the loader to
reject the row or keep the value as missing with a warning.

Answer words (the contract's "Answer spellings met in practice"):

| answer | spellings accepted (any case, surrounding spaces ignored) |
| --- | --- |
| `Yes` | `Y`, `yes`, `YES `, `1`, `TRUE`, `✓`, `✔` |
| `No` | `N`, `no`, `0`, `FALSE`, `✗`, `✘` |
| `Partially` | `Partially`, `partial`, `partly`, `in part` |
| `N/A` | `N/A`, `NA`, `n/a`, `N.A.`, `not applicable`, `-`, `–` |

An answer word followed by a note after a dash, comma, colon, semicolon or bracket
(`Yes - see notes`, `No (see plan)`) is that answer. A blank cell is *unanswered*: kept as a
missing answer, and counted apart from `N/A`. Anything else is an *unknown* answer word, which
the audit loader reports (see `yosanalysis.clean.audit`).

Dates are always read day first: `25/11/2013`, `25/11/13`, `2013-11-25`, `25 November 2013`,
`25-Nov-2013` (and `25.11.2013`, `25th November 2013`, `25 Nov 13`, a trailing `00:00` time).

Percentages: `85`, `85%`, `85 %`, `85.0` (and `85,5` for 85.5); a column whose every value lies
in 0-1 with a fraction among them, none written with `%`, is read as fractions (`0.85` = 85).

>>> answer_word("Yes - see notes"), answer_word("  n/a "), answer_word(""), answer_word("Yess")
('Yes', 'N/A', '', None)
>>> parse_date("01/02/2013")
datetime.date(2013, 2, 1)
>>> parse_percentages(pd.Series(["0.85", "1", "0.5"])).numbers.tolist()
[85.0, 100.0, 50.0]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from yosanalysis.clean.cells import choices, spreadsheet_error
from yosanalysis.clean.datetext import parse_date, parse_dates
from yosanalysis.clean.numbers import (
    DOUBTFUL_FRACTION,
    MIXED_FRACTION,
    Numbers,
    Percentages,
    parse_numbers,
    parse_percentages,
    read_numbers,
)
from yosanalysis.schemes import available_schemes, canonical_theme, get_scheme
from yosanalysis.text import collapse_spaces, match_key

__all__ = [
    "ANSWERS",
    "DOUBTFUL_FRACTION",
    "MIXED_FRACTION",
    "Numbers",
    "Percentages",
    "answer_problem",
    "answer_word",
    "canonical_rating",
    "clean_text",
    "map_distinct",
    "map_pairs",
    "parse_answers",
    "parse_date",
    "parse_dates",
    "parse_numbers",
    "parse_percentages",
    "rating_key",
    "read_numbers",
    "strip_footnote",
    "theme_any",
]

ANSWERS = ("Yes", "No", "Partially", "N/A")

_ANSWER_SPELLINGS = {
    "Yes": ("y", "yes", "1", "1.0", "true", "✓", "✔", "☑"),
    "No": ("n", "no", "0", "0.0", "false", "✗", "✘", "☒"),
    "Partially": ("partially", "partial", "partly", "in part"),
    "N/A": ("n/a", "na", "n a", "n.a.", "n.a", "not applicable", "-", "–", "—"),
}
_ANSWER_LOOKUP = {
    spelling: answer for answer, spellings in _ANSWER_SPELLINGS.items() for spelling in spellings
}
_ANSWER_KEYS = {match_key(s): a for s, a in _ANSWER_LOOKUP.items() if match_key(s)}
_NOTE_AFTER = re.compile(r"\s*[-–—,;:(]")

# Every loader consults the rating schemes (kinds of file, frameworks, themes, ratings): they
# are read once, with the import, rather than in the middle of cleaning the first file.
for _name in available_schemes():
    get_scheme(_name)



def _factorize(values: pd.Series | np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Codes of each value and the distinct values as a plain list (missing values: code -1)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes, list(uniques.tolist())


def map_distinct(
    series: pd.Series, func: Callable[[Any], Any], *, categorical: bool = False
) -> pd.Series:
    """`func` applied to each distinct value of `series` once, spread back over its rows.

    With `categorical=True` the result is a categorical column (None becomes missing).

    >>> map_distinct(pd.Series(["a", "b", "a"]), str.upper).tolist()
    ['A', 'B', 'A']
    """
    codes, uniques = _factorize(series)
    mapped = [func(u) for u in uniques]
    if categorical:
        categories = sorted({m for m in mapped if m is not None})
        position = {c: i for i, c in enumerate(categories)}
        cat_codes = np.array([position.get(m, -1) for m in mapped] + [-1], dtype=np.int64)
        return pd.Series(
            pd.Categorical.from_codes(cat_codes[codes], categories=categories),
            index=series.index,
            name=series.name,
        )
    table = np.empty(len(mapped) + 1, dtype=object)
    table[:-1] = mapped
    table[-1] = None
    return pd.Series(table[codes], index=series.index, name=series.name)


def clean_text(series: pd.Series, *, categorical: bool = False) -> pd.Series:
    """Text with surrounding and repeated inner spaces collapsed; an empty cell is missing.

    >>> clean_text(pd.Series(["  Stockton-on-Tees ", "", "A  B"])).tolist()
    ['Stockton-on-Tees', nan, 'A B']
    """
    out = map_distinct(series, lambda v: collapse_spaces(v) or None, categorical=categorical)
    return out if categorical else out.astype("str")


# -- answers --------------------------------------------------------------------------------
def _lookup_answer(text: str) -> str | None:
    lowered = text.lower()
    if lowered in _ANSWER_LOOKUP:
        return _ANSWER_LOOKUP[lowered]
    return _ANSWER_KEYS.get(match_key(text))


@cache
def answer_word(value: str) -> str | None:
    """The canonical answer a cell holds: `Yes`, `No`, `Partially` or `N/A`; `""` for a blank
    cell (unanswered); None for a word that is not an answer.

    >>> answer_word("TRUE"), answer_word("✗"), answer_word("in part"), answer_word("-")
    ('Yes', 'No', 'Partially', 'N/A')
    """
    text = collapse_spaces(str(value))
    if not text:
        return ""
    if spreadsheet_error(text):  # `#N/A` is a failed formula, never the answer N/A
        return None
    found = _lookup_answer(text)
    if found is None and (";" in text or "," in text):
        parts = [_lookup_answer(p.strip(" ;,")) for p in choices(text)]
        if all(parts):  # `Yes;` is Yes; `Yes;No;` holds two answers: none of them is taken
            return parts[0] if len(set(parts)) == 1 else None
    if found is None:
        note = _NOTE_AFTER.search(text)
        if note is not None and note.start() > 0:
            found = _lookup_answer(text[: note.start()])
    return found


@cache
def answer_problem(value: str) -> str | None:
    """Why a cell that is not an answer word is not one, where a reason is known: a
    spreadsheet error, or several answers ticked (the contract's "Spreadsheet errors" and
    form exports' multi-select answers); None otherwise.

    >>> answer_problem("#N/A"), answer_problem("Yes;No;"), answer_problem("Yes;")
    ('spreadsheet error #N/A (a formula failed): an error, not an answer', \
'holds several answers (Yes, No): none of them is taken', None)
    """
    text = collapse_spaces(str(value))
    error = spreadsheet_error(text)
    if error:
        return f"spreadsheet error {error} (a formula failed): an error, not an answer"
    if answer_word(text) is None and (";" in text or "," in text):
        parts = [_lookup_answer(p.strip(" ;,")) for p in choices(text)]
        if len(parts) > 1 and all(parts):
            distinct = ", ".join(dict.fromkeys(p for p in parts if p))
            return f"holds several answers ({distinct}): none of them is taken"
    return None


def parse_answers(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Answers as a categorical column (`Yes`, `No`, `Partially`, `N/A`; missing when blank or
    unknown) and a mask of the cells holding an unknown word.

    >>> answers, unknown = parse_answers(pd.Series(["Y", "", "N/A", "maybe"]))
    >>> answers.tolist(), unknown.tolist()
    (['Yes', nan, 'N/A', nan], [False, False, False, True])
    """
    codes, uniques = _factorize(series)
    words = [answer_word(u) for u in uniques]
    code_of = {a: i for i, a in enumerate(ANSWERS)}
    answer_codes = np.array([code_of.get(w, -1) for w in words] + [-1], dtype=np.int8)
    unknown_codes = np.array([w is None for w in words] + [False])
    answers = pd.Series(
        pd.Categorical.from_codes(answer_codes[codes], categories=list(ANSWERS)),
        index=series.index,
        name=series.name,
    )
    return answers, pd.Series(unknown_codes[codes], index=series.index, name=series.name)


# -- ratings --------------------------------------------------------------------------------
def rating_key(value: str) -> str:
    """The key two spellings of a rating share, stray spaces inside words included.

    >>> rating_key("Out standing") == rating_key("OUTSTANDING")
    True
    """
    return match_key(value).replace(" ", "")


@cache
def _rating_lookup(scheme: str) -> dict[str, str]:
    s = get_scheme(scheme)
    labels = [b.label for b in s.bands] + list(s.ratings)
    return {rating_key(label): label for label in labels}


def canonical_rating(value: str, scheme: str) -> str | None:
    """The canonical spelling of a rating word of `scheme`, or None if it is not one.

    >>> canonical_rating(" requires  Improvement", "hmip-2018")
    'Requires improvement'
    >>> canonical_rating("Goood", "hmip-2013") is None
    True
    """
    return _rating_lookup(scheme).get(rating_key(value))


_FOOTNOTE = re.compile(r"^(.*?\S)\s*(?:\(\d+\)|\[\d+\]|\d+|[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")


def strip_footnote(value: str) -> str:
    """A cell with a trailing footnote marker (`Good1`, `Good *`, `Good (2)`) without it.

    >>> strip_footnote("Good*"), strip_footnote("Requires improvement (2)"), strip_footnote("Good")
    ('Good', 'Requires improvement', 'Good')
    """
    found = _FOOTNOTE.match(collapse_spaces(value))
    return found.group(1) if found else collapse_spaces(value)


# -- themes ---------------------------------------------------------------------------------
def map_pairs(first: pd.Series, second: pd.Series, func: Callable[[str, str], Any]) -> pd.Series:
    """`func(a, b)` for each distinct pair of values of two aligned text columns, once a pair.

    >>> map_pairs(pd.Series(["a", "a"]), pd.Series(["b", "b"]), lambda a, b: a + b).tolist()
    ['ab', 'ab']
    """
    joined = first.fillna("").astype(str) + "\x1f" + second.fillna("").astype(str)
    return map_distinct(joined, lambda k: func(*k.split("\x1f", 1)))


@cache
def theme_any(value: str) -> str:
    """A theme written in a question bank: its canonical spelling if it is a theme of any known
    framework, else the text with its spaces collapsed.

    >>> theme_any("protecting the PUBLIC"), theme_any("  Voice of  the child ")
    ('Protecting the public', 'Voice of the child')
    """
    text = collapse_spaces(value)
    for name in available_schemes():
        for code, fw in get_scheme(name).frameworks.items():
            if fw.standards:  # a numbered standard is the bank's `standard` column's business
                continue
            found = canonical_theme(code, text)
            if found is not None:
                return found
    return text
