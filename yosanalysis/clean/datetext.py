"""Reading dates written in the forms people type, each distinct value once.

The formats (day first): `25/11/2013`, `25/11/13`, `2013-11-25`, `25 November 2013`,
`25-Nov-2013` (and `25.11.2013`, `25th November 2013`, `25 Nov 13`, a trailing time). The order
of day and month of a whole column is decided in `yosanalysis.clean.dates`, which hands this
module day-first or ISO text. Re-exported by `yosanalysis.clean.values`.

>>> parse_date("01/02/2013")
datetime.date(2013, 2, 1)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from yosanalysis.text import collapse_spaces

__all__ = ["parse_date", "parse_dates"]


def _factorize(values: pd.Series | np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Codes of each value and the distinct values as a plain list (missing values: code -1)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes, list(uniques.tolist())


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


def _fields(letters: str, parts: list[Any], zero: Any, number: Callable[[Any], Any],
            month_named: Callable[[Any, tuple[str, ...]], Any],
            names: tuple[tuple[str, ...], tuple[str, ...]]) -> tuple[Any, Any, Any]:
    """(year, month, day) from a format's fields `parts`, spelled by `letters` (`d`, `m`, `Y`,
    `y`, `B`, `b`): digits read by `number`, month names by `month_named(part, names)` with the
    months or abbreviations of `names` (`_month_names()`), a field the format lacks `zero`.
    For one text (ints) or for many at once (numpy arrays) alike. A two-digit year is read as
    `strptime` reads `%y`: 69-99 are 1969-1999, 00-68 2000-2068.

    >>> _fields("dBY", ["25", "November", "2013"], 0, int, _month_of, _month_names())
    (2013, 11, 25)
    >>> _fields("dmy", ["25", "11", "68"], 0, int, _month_of, _month_names())
    (2068, 11, 25)
    """
    months, abbreviations = names
    year = month = day = zero
    for letter, part in zip(letters, parts, strict=True):
        if letter == "d":
            day = number(part)
        elif letter == "m":
            month = number(part)
        elif letter == "Y":
            year = number(part)
        elif letter == "y":
            two = number(part)
            year = two + 1900 + 100 * (two <= 68)  # ints and arrays alike
        else:  # a month name, looked up as `strptime` does
            month = month_named(part, months if letter == "B" else abbreviations)
    return year, month, day


def _month_of(part: str, names: tuple[str, ...]) -> int:
    """A month's number from its name or abbreviation; ValueError for neither."""
    return names.index(part.lower()) + 1


def _months_of(parts: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """`_month_of` for an array of names, each distinct name looked up once (0 for none)."""
    distinct, inverse = np.unique(parts, return_inverse=True)
    number = np.array([names.index(n.lower()) + 1 if n.lower() in names else 0
                       for n in distinct.tolist()], dtype=np.int64)
    return number[inverse]


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
        try:
            year, month, day = _fields(letters, parts, 0, int, _month_of,
                                       (months, abbreviations))
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
        year, month, day = _fields(letters, parts, np.zeros(len(where), dtype=np.int64),
                                   _number_of, _months_of, (months, abbreviations))
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
