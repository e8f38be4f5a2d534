"""How a reader sees a number: the one home of percent rounding, counts, stars, ordinals, lists
of names, long dates and slugs. Every page, chart, sentence and renderer writes numbers through
these functions, so a figure reads the same in a chart, its CSV, the sentence beside it and the
Word paper.

Percentages are rounded to whole numbers with halves rounded up, as a person rounds (57.5 -> 58),
not to the nearest even number as Python's `round` does, and a value a hair below a half through
floating-point arithmetic (23 / 40 * 100 = 57.49999999999999) counts as the half it stands for.

>>> percent(23 / 40 * 100), round(23 / 40 * 100)
('58%', 57)
>>> stars(3), stars_spoken(3)
('★★★☆', '3 of 4 stars')
>>> names_list(["Q6", "Q10"]), ordinal(22), count(1, "case"), count(1085, "case")
('Q6 and Q10', '22nd', '1 case', '1,085 cases')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

__all__ = [
    "MAX_STARS",
    "cell",
    "count",
    "count_words",
    "is_missing",
    "long_date",
    "names_list",
    "ordinal",
    "percent",
    "round_half_up",
    "round_half_up_series",
    "slug",
    "stars",
    "stars_spoken",
]

#: Stars a descriptor scale has at most (HMIP's 2013 descriptors: four).
MAX_STARS = 4
_STAR, _EMPTY_STAR = "★", "☆"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def is_missing(value: object) -> bool:
    """True for None, NaN, `pd.NA` and `pd.NaT`; False for anything else (a list included).

    >>> is_missing(float("nan")), is_missing(pd.NA), is_missing(0), is_missing("")
    (True, True, False, False)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def round_half_up(value: float) -> int:
    """`value` rounded to a whole number, halves rounded up (away from zero), as a reader does.

    Raises ValueError for a missing value.

    >>> round_half_up(91.25), round_half_up(86.5), round_half_up(0.5), round_half_up(-2.5)
    (91, 87, 1, -3)
    >>> round_half_up(23 / 40 * 100)
    58
    """
    if is_missing(value):
        raise ValueError("a missing value cannot be rounded")
    exact = Decimal(repr(round(float(value), 9)))
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def round_half_up_series(values: pd.Series) -> pd.Series:
    """`round_half_up` over a column (nullable whole numbers; missing values stay missing).

    >>> round_half_up_series(pd.Series([23 / 40 * 100, 86.5, None])).tolist()
    [58, 87, <NA>]
    """
    numbers = pd.to_numeric(values, errors="coerce").astype(float).round(9)
    return (np.sign(numbers) * np.floor(numbers.abs() + 0.5)).astype("Int64")


def percent(value: float | None, *, missing: str = "no data") -> str:
    """A percentage (0-100) as a board paper writes it: a whole number and `%`; `missing` when
    there is no value.

    >>> percent(91.25), percent(86.5), percent(None)
    ('91%', '87%', 'no data')
    """
    if is_missing(value):
        return missing
    return f"{round_half_up(value)}%"


def cell(value: object, decimals: int = 0) -> str:
    """A table cell as a reader sees it, in every format (HTML, Word): a decimal number with
    `decimals` places (thousands separated), a whole number as it is (a year stays 2013), an en
    dash for a missing value, other values as text.

    >>> cell(91.0), cell(1085.0), cell(2013), cell(66.666, 1), cell(None), cell("fewer than 5")
    ('91', '1,085', '2013', '66.7', '–', 'fewer than 5')
    """
    if is_missing(value):
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float | np.floating):
        return f"{float(value):,.{decimals}f}"
    if isinstance(value, int | np.integer):
        return str(int(value))
    return str(value)


def count(n: int | float, noun: str = "case", plural: str | None = None) -> str:
    """A count of things with its noun: `1 case`, `12 cases`, `1,085 answers`.

    >>> count(12, "answer"), count(1, "child", "children"), count(2, "child", "children")
    ('12 answers', '1 child', '2 children')
    """
    n = int(n)
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


def count_words(n: int, noun: str, plural: str | None = None) -> str:
    """`n` things in words for numbers up to ten: "four themes", "one question", "12 rounds".

    >>> count_words(4, "theme"), count_words(1, "question"), count_words(12, "round")
    ('four themes', 'one question', '12 rounds')
    """
    n = int(n)
    word = _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"
    return f"{word} {noun if n == 1 else (plural or noun + 's')}"


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, …

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 102)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '102nd']
    """
    number = int(number)
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def names_list(names: Iterable[object], conjunction: str = "and") -> str:
    """Names joined as English writes them: `A`, `A and B`, `A, B and C`.

    >>> names_list(["A"]), names_list(["A", "B", "C"]), names_list([])
    ('A', 'A, B and C', '')
    """
    items = [str(n) for n in names]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def stars(n: int | None, out_of: int = MAX_STARS) -> str:
    """Stars as a board paper prints them: filled stars, then empty ones up to `out_of`; blank
    when unknown. Raises ValueError outside 0 to `out_of`.

    >>> stars(3), stars(0, 2), stars(None)
    ('★★★☆', '☆☆', '')
    """
    if is_missing(n):
        return ""
    n = int(n)
    if not 0 <= n <= out_of:
        raise ValueError(f"{n} stars is outside 0-{out_of}")
    return _STAR * n + _EMPTY_STAR * (out_of - n)


def stars_spoken(n: int | None, out_of: int = MAX_STARS) -> str:
    """What a screen reader says for `stars(n, out_of)`; blank when unknown.

    >>> stars_spoken(3), stars_spoken(1, 4), stars_spoken(None)
    ('3 of 4 stars', '1 of 4 stars', '')
    """
    if is_missing(n):
        return ""
    return f"{int(n)} of {int(out_of)} stars"


def long_date(value: object) -> str:
    """A date as a board paper writes it: `15 January 2015`; other text as given.

    >>> long_date("2015-01-15"), long_date(date(2024, 3, 2)), long_date("spring 2025")
    ('15 January 2015', '2 March 2024', 'spring 2025')
    """
    if isinstance(value, (date, datetime, pd.Timestamp)):
        when = pd.Timestamp(value)
    else:
        try:
            when = pd.Timestamp(date.fromisoformat(str(value).strip()))
        except ValueError:
            return str(value)
    return f"{when.day} {when:%B %Y}"


def slug(value: object, default: str = "item") -> str:
    """A name as a file or folder name: lower case, runs of anything but letters and digits
    turned into one `-`; `default` when nothing is left.

    >>> slug("Stockton-on-Tees"), slug("Protecting the public"), slug("***", "report")
    ('stockton-on-tees', 'protecting-the-public', 'report')
    """
    return _NOT_SLUG.sub("-", str(value).lower()).strip("-") or default
