"""Reading numbers and percentages as people and official tables write them, each distinct value
once: UK thousands separators (`1,085`), a decimal comma (`85,5`), `%`, statistical markers
(`78 [r]`, `[c]`, `<5`: see `yosanalysis.clean.cells`). Re-exported by
`yosanalysis.clean.values`.

>>> parse_percentages(pd.Series(["0.85", "1", "0.5"])).numbers.tolist()
[85.0, 100.0, 50.0]
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from yosanalysis.clean.cells import split_marker
from yosanalysis.text import collapse_spaces

__all__ = [
    "DOUBTFUL_FRACTION",
    "MISSING_NUMBER",
    "MIXED_FRACTION",
    "Numbers",
    "Percentages",
    "parse_numbers",
    "parse_percentages",
    "read_numbers",
]

# Cells that mean "no value" in a numeric column: left missing without a warning.
MISSING_NUMBER = frozenset({"", "-", "–", "—", "n/a", "na", "n.a.", "not applicable"})


def _factorize(values: pd.Series | np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Codes of each value and the distinct values as a plain list (missing values: code -1)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes, list(uniques.tolist())


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
