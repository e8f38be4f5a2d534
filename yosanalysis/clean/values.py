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

import calendar
import datetime as dt
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from yosanalysis.clean.cells import choices, split_marker, spreadsheet_error
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


# -- dates ----------------------------------------------------------------------------------
_DATE_FORMATS = (
    "%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%Y/%m/%d", "%d-%m-%Y", "%d-%m-%y", "%d.%m.%Y",
    "%d.%m.%y", "%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%d-%b-%y", "%d %b %y",
    "%d %B %y", "%d/%b/%Y", "%d %B, %Y", "%d %b, %Y",
)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_SEPT = re.compile(r"\bsept\b", re.IGNORECASE)


# What `time.strptime` matches for each directive the formats use (its own regular expressions,
# CPython's `_strptime.TimeRE`); month names come from the locale, as `strptime` takes them.
_DIRECTIVES = {
    "d": r"(3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])",
    "m": r"(1[0-2]|0[1-9]|[1-9])",
    "y": r"(\d\d)",
    "Y": r"(\d\d\d\d)",
}
_REGEX_CHARS = re.compile(r"([\\.^$*+?\(\){}\[\]|])")
# a cell that `_date_text` would change: white space to collapse, a time, `Sept`, `25th`
_NEEDS_TIDYING = re.compile(r"\s\s|^\s|\s$|[^\S ]|:|sept|\d(?:st|nd|rd|th)", re.IGNORECASE)


def _names(names: list[str]) -> str:
    """`strptime`'s pattern for a list of month names: longest first, so that `June` is never
    read as `Jun`."""
    ordered = sorted(names, key=len, reverse=True)
    return "(" + "|".join(re.escape(n) for n in ordered) + ")" if any(ordered) else ""


@cache
def _date_pattern(
    months: tuple[str, ...], abbreviations: tuple[str, ...]
) -> tuple[re.Pattern[str], dict[int, tuple[int, str]]]:
    """One regular expression with an alternative per format of `_DATE_FORMATS`, in order, each
    the pattern `strptime` uses for that format; and, by the number of each alternative's
    group, the format's position and the directives of its inner groups."""
    directives = dict(_DIRECTIVES, B=_names(list(months)), b=_names(list(abbreviations)))
    alternatives, fields = [], {}
    group = 1
    for position, fmt in enumerate(_DATE_FORMATS):
        text = re.sub(r"\s+", r"\\s+", _REGEX_CHARS.sub(r"\\\1", fmt))
        letters = re.findall(r"%(.)", text)
        body = re.sub(r"%(.)", lambda m: directives[m.group(1)], text)
        alternatives.append(f"({body})")
        fields[group] = (position, "".join(letters))
        group += 1 + len(letters)
    return re.compile("|".join(alternatives), re.IGNORECASE), fields


def _month_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The locale's month names and abbreviations, lower case, as `strptime` reads them."""
    return (
        tuple(calendar.month_name[i].lower() for i in range(1, 13)),
        tuple(calendar.month_abbr[i].lower() for i in range(1, 13)),
    )


_date_pattern(*_month_names())  # compiled with the import, as the module's other patterns


def _date_text(value: object) -> str:
    """A date cell made ready for the formats: spaces collapsed, `25th` as `25`, `Sept` as
    `Sep`, a trailing time left out."""
    text = collapse_spaces(str(value))
    return _TIME.sub("", _SEPT.sub("Sep", _ORDINAL.sub(r"\1", text))).strip()


def _strptime_from(text: str, first: int) -> dt.date | None:
    """The text read by `strptime` with the first of `_DATE_FORMATS[first:]` that takes it."""
    for fmt in _DATE_FORMATS[first:]:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _parse_many(texts: list[str]) -> list[dt.date | None]:
    """Each text read with the first of `_DATE_FORMATS` that `strptime` takes, or None.

    `strptime` keeps only five formats compiled and builds much on every call; here one
    regular expression made of its own patterns finds the first format whose pattern the whole
    text matches (where its pattern does not, `strptime` refuses the text) and the date is made
    from the parts. Only where that date does not exist (31 February) is `strptime` asked about
    the later formats."""
    months, abbreviations = _month_names()
    pattern, fields = _date_pattern(months, abbreviations)
    found: list[dt.date | None] = []
    for text in texts:
        match = pattern.fullmatch(text)
        if match is None:
            found.append(None)
            continue
        group = match.lastindex
        position, letters = fields[group]
        parts = match.group(*range(group + 1, group + 1 + len(letters)))
        year = month = day = 0
        try:
            for letter, part in zip(letters, parts, strict=True):
                if letter == "d":
                    day = int(part)
                elif letter == "m":
                    month = int(part)
                elif letter == "Y":
                    year = int(part)
                elif letter == "y":
                    year = int(part) + (2000 if int(part) <= 68 else 1900)
                elif letter == "B":
                    month = months.index(part.lower()) + 1
                else:
                    month = abbreviations.index(part.lower()) + 1
            found.append(dt.date(year, month, day))
        except ValueError:  # no such date: as `strptime`, go on to the next formats
            found.append(_strptime_from(text, position + 1))
    return found


@cache
def parse_date(value: str) -> dt.date | None:
    """A date written day first, or None if it is not one of the accepted forms.

    >>> parse_date("25-Nov-2013"), parse_date("25/11/13"), parse_date("2013-11-25 00:00:00")
    (datetime.date(2013, 11, 25), datetime.date(2013, 11, 25), datetime.date(2013, 11, 25))
    >>> parse_date("11/25/2013") is None
    True
    """
    return _parse_many([_date_text(value)])[0]


# the text between the fields of each format, once spaces are collapsed
_BETWEEN = {fmt: re.split(r"%[a-zA-Z]", re.sub(r"\s+", " ", fmt))[1:-1] for fmt in _DATE_FORMATS}
_NS_RANGE = (np.datetime64("1677-09-22"), np.datetime64("2262-04-11"))


def _number_of(digits: np.ndarray) -> np.ndarray:
    """The numbers that an array of texts of ASCII digits (and spaces) spells, worked out from
    the characters' codes: numpy's own reading makes a Python number of each text."""
    codes = np.ascontiguousarray(digits).view(np.uint32).reshape(len(digits), -1)
    number = np.zeros(len(digits), dtype=np.int64)
    for column in codes.T:
        digit = (column >= 48) & (column <= 57)
        number = np.where(digit, number * 10 + column.astype(np.int64) - 48, number)
    return number


def _parse_distinct(texts: list[str]) -> np.ndarray:
    """`_parse_many` for many texts at once, as datetime64[D] (NaT where there is no date).

    The one regular expression finds each text's format; then the texts of one format are
    split into their fields and made dates with numpy, a format at a time. Texts with
    characters beyond ASCII (other digits, other month names) are read one by one."""
    months, abbreviations = _month_names()
    pattern, fields = _date_pattern(months, abbreviations)
    alternative = np.array(
        [
            -1 if not t.isascii() else m.lastindex if (m := pattern.fullmatch(t)) else 0
            for t in texts
        ],
        dtype=np.int64,
    )
    days = np.full(len(texts), np.datetime64("NaT"), dtype="datetime64[D]")
    for i in np.flatnonzero(alternative < 0):
        found = _parse_many([texts[i]])[0]
        if found is not None:
            days[i] = np.datetime64(found, "D")
    if not (alternative > 0).any():
        return days
    array = np.array(texts, dtype=str)
    for group in np.unique(alternative[alternative > 0]).tolist():
        position, letters = fields[group]
        where = np.flatnonzero(alternative == group)
        parts, rest = [], array[where]
        for between in _BETWEEN[_DATE_FORMATS[position]]:
            head, _, rest = np.strings.partition(rest, between)
            parts.append(head)
        parts.append(rest)
        year = month = day = np.zeros(len(where), dtype=np.int64)
        for letter, part in zip(letters, parts, strict=True):
            if letter == "d":
                day = _number_of(part)
            elif letter == "m":
                month = _number_of(part)
            elif letter == "Y":
                year = _number_of(part)
            elif letter == "y":
                year = _number_of(part)
                year = year + np.where(year <= 68, 2000, 1900)
            else:  # a month name, looked up as `strptime` does
                names = months if letter == "B" else abbreviations
                distinct, inverse = np.unique(part, return_inverse=True)
                number = np.array(
                    [names.index(n.lower()) + 1 if n.lower() in names else 0
                     for n in distinct.tolist()],
                    dtype=np.int64,
                )
                month = number[inverse]
        first = (year - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (
            np.maximum(month, 1) - 1
        )
        length = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(
            np.int64
        )
        valid = (year >= 1) & (month >= 1) & (day <= length)
        days[where[valid]] = first[valid].astype("datetime64[D]") + (day[valid] - 1)
        for i in where[~valid].tolist():  # no such date: as `strptime`, on to later formats
            found = _strptime_from(texts[i], position + 1)
            if found is not None:
                days[i] = np.datetime64(found, "D")
    return days


def parse_dates(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates (datetime64[ns], missing where blank or unreadable) and a mask of the cells that
    hold something that is not a date. Each distinct value is parsed once.

    >>> dates, bad = parse_dates(pd.Series(["01/02/2013", "", "31/02/2013", "09/09/1399"]))
    >>> dates.dt.strftime("%Y-%m-%d").tolist(), bad.tolist()
    (['2013-02-01', nan, nan, nan], [False, False, True, True])
    """
    codes, uniques = _factorize(series)
    texts = [
        _date_text(u) if not isinstance(u, str) or _NEEDS_TIDYING.search(u) else u
        for u in uniques
    ]
    days = np.append(_parse_distinct(texts), np.datetime64("NaT"))
    written = np.array(
        [bool(t or collapse_spaces(str(u))) for t, u in zip(texts, uniques, strict=True)]
        + [False]
    )
    low, high = _NS_RANGE
    # a date pandas cannot hold (before 1677 or after 2262) is a mistake in the file: not a date
    out_of_range = ~np.isnat(days) & ((days < low) | (days > high))
    days = np.where(out_of_range, np.datetime64("NaT"), days)
    bad_of = np.isnat(days) & written
    dates = pd.Series(
        days.astype("datetime64[ns]")[codes], index=series.index, name=series.name
    )
    return dates, pd.Series(bad_of[codes], index=series.index, name=series.name)


# -- numbers --------------------------------------------------------------------------------
_PERCENT = re.compile(r"^([-+]?\d+(?:[.,]\d+)?|[-+]?[.,]\d+)\s*(%?)$")
# UK thousands separators: `1,085`, `12,345.5` (a comma before exactly three digits, repeated)
_THOUSANDS = re.compile(r"^([-+]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?)\s*(%?)$")


def _number(value: Hashable) -> tuple[float, bool, str | None] | None:
    """(number, written with %, statistical marker) for a cell; (nan, False, None) when it
    means no value, (nan, False, marker) when a marker withholds it; None when it is not a
    number."""
    text, marker = split_marker(collapse_spaces(str(value)))
    if text.lower() in MISSING_NUMBER:
        return (np.nan, False, marker)
    found = _THOUSANDS.match(text)
    if found is not None:
        return float(found.group(1).replace(",", "")), bool(found.group(2)), marker
    found = _PERCENT.match(text)
    if found is None:
        return None
    return float(found.group(1).replace(",", ".")), bool(found.group(2)), marker


def _markers(read: list[tuple[float, bool, str | None] | None], codes: np.ndarray,
             series: pd.Series) -> pd.Series:
    """The statistical marker of each cell (None where there is none)."""
    table = np.array([None if r is None else r[2] for r in read] + [None], dtype=object)
    return pd.Series(table[codes], index=series.index, name=series.name, dtype=object)


@dataclass
class Numbers:
    """A column read as numbers: `numbers` (float; missing where blank, `N/A` or withheld),
    `bad` (not a number) and `markers` (the statistical marker of each cell, e.g. `[c]`, `<5`,
    `[r]`, or None; see `yosanalysis.clean.cells`). A withheld cell (a marker alone) is
    missing in `numbers`, never 0, and not bad."""

    numbers: pd.Series
    bad: pd.Series
    markers: pd.Series

    @property
    def withheld(self) -> pd.Series:
        """Cells holding a marker and no number."""
        return self.markers.notna() & self.numbers.isna()


def read_numbers(series: pd.Series) -> Numbers:
    """Numbers, with UK thousands separators and statistical markers (see `Numbers`).

    >>> n = read_numbers(pd.Series(["1,085", "78 [r]", "[c]", "<5", "x"]))
    >>> n.numbers.tolist(), n.markers.tolist(), n.bad.tolist()
    ([1085.0, 78.0, nan, nan, nan], [None, '[r]', '[c]', '<5', None], \
[False, False, False, False, True])
    """
    codes, uniques = _factorize(series)
    read = [_number(u) for u in uniques]
    numbers = np.array([np.nan if r is None else r[0] for r in read] + [np.nan])
    bad = np.array([r is None for r in read] + [False])
    return Numbers(
        numbers=pd.Series(numbers[codes], index=series.index, name=series.name),
        bad=pd.Series(bad[codes], index=series.index, name=series.name),
        markers=_markers(read, codes, series),
    )


def parse_numbers(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers as floats (missing where blank, `N/A` or withheld) and a mask of cells that are
    not numbers; `read_numbers` gives the statistical markers too.

    >>> values, bad = parse_numbers(pd.Series(["3", " 2.5 ", "", "three"]))
    >>> values.tolist(), bad.tolist()
    ([3.0, 2.5, nan, nan], [False, False, False, True])
    """
    found = read_numbers(series)
    return found.numbers, found.bad


DOUBTFUL_FRACTION = (
    "read as a percentage under 1% (the column's other values are percentages, so it is not "
    "taken for a fraction): check it"
)

MIXED_FRACTION = (
    "written without % among values written with %, and under 1: read as a fraction "
    "(0.9 = 90%), as a spreadsheet formatted as percent exports it"
)


@dataclass
class Percentages:
    """A column read as percentages: `numbers` (float, 0-100 where valid), `bad` (not a number),
    `out_of_range` (a number outside 0-100), `fractions` (the column was read as 0-1),
    `mixed_fractions` (cells without `%` read as fractions among cells with `%`: `0.9` beside
    `85%` is 90), `markers` (statistical markers, see `Numbers`), `thousands` (written with a
    thousands separator), and
    `doubtful` (in a column read as percentages, a value between 0 and 1 written without `%`:
    kept as that percentage, but it may have been meant as a fraction, so loaders warn)."""

    numbers: pd.Series
    bad: pd.Series
    out_of_range: pd.Series
    fractions: bool
    doubtful: pd.Series
    markers: pd.Series | None = None
    thousands: pd.Series | None = None
    mixed_fractions: pd.Series | None = None


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
    # a column formatted as percent in a spreadsheet exports some cells as `85%` and others as
    # `0.9`: where every value without `%` lies in 0-1 (a fraction among them) and every value
    # with `%` is at least 1%, those without are fractions
    unsigned = present_unsigned = numbers[used][~signed[used] & ~np.isnan(numbers[used])]
    signed_values = numbers[used][signed[used] & ~np.isnan(numbers[used])]
    mixed = bool(
        not fractions and len(present_unsigned) and len(signed_values)
        and ((unsigned >= 0) & (unsigned <= 1)).all() and ((unsigned > 0) & (unsigned < 1)).any()
        and (signed_values >= 1).all()
    )
    as_fraction = (~signed & ~np.isnan(numbers)) if mixed else np.zeros(len(numbers), bool)
    if fractions:
        numbers = numbers * 100
    numbers = np.where(as_fraction, numbers * 100, numbers)
    outside = ~np.isnan(numbers) & ((numbers < 0) | (numbers > 100))
    doubtful = (~signed & (numbers > 0) & (numbers < 1)) if not fractions else signed & False
    doubtful = doubtful & ~as_fraction
    values = np.where(outside, np.nan, numbers)
    grouped = np.array([bool(_THOUSANDS.match(split_marker(collapse_spaces(str(u)))[0]))
                        for u in uniques] + [False])
    return Percentages(
        mixed_fractions=pd.Series(as_fraction[codes], index=series.index, name=series.name),
        markers=_markers(read, codes, series),
        thousands=pd.Series(grouped[codes], index=series.index, name=series.name),
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
