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

import datetime as dt
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from yosanalysis.schemes import available_schemes, canonical_theme, get_scheme
from yosanalysis.text import collapse_spaces, match_key

__all__ = [
    "ANSWERS",
    "DOUBTFUL_FRACTION",
    "Percentages",
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

# Cells that mean "no value" in a numeric column: left missing without a warning.
MISSING_NUMBER = frozenset({"", "-", "–", "—", "n/a", "na", "n.a.", "not applicable"})


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
    found = _lookup_answer(text)
    if found is None:
        note = _NOTE_AFTER.search(text)
        if note is not None and note.start() > 0:
            found = _lookup_answer(text[: note.start()])
    return found


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


# -- dates ----------------------------------------------------------------------------------
_DATE_FORMATS = (
    "%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%Y/%m/%d", "%d-%m-%Y", "%d-%m-%y", "%d.%m.%Y",
    "%d.%m.%y", "%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%d-%b-%y", "%d %b %y",
    "%d %B %y", "%d/%b/%Y", "%d %B, %Y", "%d %b, %Y",
)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_SEPT = re.compile(r"\bsept\b", re.IGNORECASE)


@cache
def parse_date(value: str) -> dt.date | None:
    """A date written day first, or None if it is not one of the accepted forms.

    >>> parse_date("25-Nov-2013"), parse_date("25/11/13"), parse_date("2013-11-25 00:00:00")
    (datetime.date(2013, 11, 25), datetime.date(2013, 11, 25), datetime.date(2013, 11, 25))
    >>> parse_date("11/25/2013") is None
    True
    """
    text = collapse_spaces(str(value))
    text = _TIME.sub("", _SEPT.sub("Sep", _ORDINAL.sub(r"\1", text))).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_dates(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates (datetime64[ns], missing where blank or unreadable) and a mask of the cells that
    hold something that is not a date. Each distinct value is parsed once.

    >>> dates, bad = parse_dates(pd.Series(["01/02/2013", "", "31/02/2013"]))
    >>> dates.dt.strftime("%Y-%m-%d").tolist(), bad.tolist()
    (['2013-02-01', nan, nan], [False, False, True])
    """
    codes, uniques = _factorize(series)
    parsed = [parse_date(u) if collapse_spaces(str(u)) else None for u in uniques]
    bad_of = np.array(
        [p is None and bool(collapse_spaces(str(u))) for p, u in zip(parsed, uniques, strict=True)]
        + [False]
    )
    stamps = pd.to_datetime(pd.Series([*parsed, None], dtype=object)).astype("datetime64[ns]")
    dates = pd.Series(stamps.to_numpy()[codes], index=series.index, name=series.name)
    return dates, pd.Series(bad_of[codes], index=series.index, name=series.name)


# -- numbers --------------------------------------------------------------------------------
_PERCENT = re.compile(r"^([-+]?\d+(?:[.,]\d+)?|[-+]?[.,]\d+)\s*(%?)$")


def _number(value: Hashable) -> tuple[float, bool] | None:
    """(number, written with %) for a cell; (nan, False) when it means no value; None when it
    is not a number."""
    text = collapse_spaces(str(value))
    if text.lower() in MISSING_NUMBER:
        return (np.nan, False)
    found = _PERCENT.match(text)
    if found is None:
        return None
    return float(found.group(1).replace(",", ".")), bool(found.group(2))


def parse_numbers(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers as floats (missing where blank or `N/A`) and a mask of cells that are not
    numbers.

    >>> values, bad = parse_numbers(pd.Series(["3", " 2.5 ", "", "three"]))
    >>> values.tolist(), bad.tolist()
    ([3.0, 2.5, nan, nan], [False, False, False, True])
    """
    codes, uniques = _factorize(series)
    read = [_number(u) for u in uniques]
    numbers = np.array([np.nan if r is None else r[0] for r in read] + [np.nan])
    bad = np.array([r is None for r in read] + [False])
    return (
        pd.Series(numbers[codes], index=series.index, name=series.name),
        pd.Series(bad[codes], index=series.index, name=series.name),
    )


DOUBTFUL_FRACTION = (
    "read as a percentage under 1% (the column's other values are percentages, so it is not "
    "taken for a fraction): check it"
)


@dataclass
class Percentages:
    """A column read as percentages: `numbers` (float, 0-100 where valid), `bad` (not a number),
    `out_of_range` (a number outside 0-100), `fractions` (the column was read as 0-1), and
    `doubtful` (in a column read as percentages, a value between 0 and 1 written without `%`:
    kept as that percentage, but it may have been meant as a fraction, so loaders warn)."""

    numbers: pd.Series
    bad: pd.Series
    out_of_range: pd.Series
    fractions: bool
    doubtful: pd.Series


def parse_percentages(series: pd.Series) -> Percentages:
    """A column of percentages; see the module's docstring for the forms accepted.

    >>> p = parse_percentages(pd.Series(["85", "85%", "85 %", "120", "x", ""]))
    >>> p.numbers.tolist()[:3], p.out_of_range.tolist()[3], p.bad.tolist()[4], p.fractions
    ([85.0, 85.0, 85.0], True, True, False)
    """
    codes, uniques = _factorize(series)
    read = [_number(u) for u in uniques]
    numbers = np.array([np.nan if r is None else r[0] for r in read] + [np.nan])
    signed = np.array([r is not None and r[1] for r in read] + [False])
    bad_of = np.array([r is None for r in read] + [False])
    used = np.unique(codes[codes >= 0]) if len(codes) else np.array([], dtype=int)
    present = numbers[used][~np.isnan(numbers[used])]
    fractions = bool(
        len(present)
        and not signed[used].any()
        and ((present >= 0) & (present <= 1)).all()
        and ((present > 0) & (present < 1)).any()
    )
    if fractions:
        numbers = numbers * 100
    outside = ~np.isnan(numbers) & ((numbers < 0) | (numbers > 100))
    doubtful = (~signed & (numbers > 0) & (numbers < 1)) if not fractions else signed & False
    values = np.where(outside, np.nan, numbers)
    return Percentages(
        numbers=pd.Series(values[codes], index=series.index, name=series.name),
        bad=pd.Series(bad_of[codes], index=series.index, name=series.name),
        out_of_range=pd.Series(outside[codes], index=series.index, name=series.name),
        fractions=fractions,
        doubtful=pd.Series(doubtful[codes], index=series.index, name=series.name),
    )


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
        for code in get_scheme(name).frameworks:
            found = canonical_theme(code, text)
            if found is not None:
                return found
    return text
