"""Privacy: small-number suppression for everything meant for readers.

A percentage resting on a handful of cases is unreliable, and a count of two or three children
can point to one of them. UK official statistics practice suppresses such numbers; this module
does the same. `suppress` blanks the values of every row resting on fewer than `threshold`
cases and marks the row with a boolean `suppressed` column, which the charts draw as the word
"suppressed" and the narrative reports as "fewer than 5 cases"; `format_count` writes a count for
a reader.

>>> import pandas as pd
>>> table = pd.DataFrame({"question": ["Q1", "Q2"], "n": [20, 3], "pct": [85.0, 66.7]})
>>> suppress(table)
  question     n   pct  suppressed
0       Q1    20  85.0       False
1       Q2  <NA>   NaN        True
>>> format_count(3), format_count(20)
('fewer than 5', '20')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real

import numpy as np
import pandas as pd

__all__ = ["DEFAULT_THRESHOLD", "format_count", "suppress"]

#: Counts under this many cases are suppressed unless a report's parameters say otherwise.
DEFAULT_THRESHOLD = 5

#: Counts that make up `n` in an audit table: blanked with it, or they would give it away.
_PARTS_OF_N = ("yes", "partially", "no")


def _check_threshold(threshold: int) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, np.integer)):
        raise ValueError(f"the suppression threshold must be a whole number, not {threshold!r}")
    if threshold < 1:
        raise ValueError(f"the suppression threshold must be at least 1, not {threshold}")
    return int(threshold)


def _blanked(values: pd.Series, where: pd.Series) -> pd.Series:
    """`values` with the rows in `where` made missing, whole numbers kept as whole numbers."""
    numbers = pd.to_numeric(values, errors="coerce") if values.dtype == object else values
    if pd.api.types.is_numeric_dtype(numbers) and not pd.api.types.is_bool_dtype(numbers):
        known = numbers.dropna()
        if pd.api.types.is_integer_dtype(numbers) or (
            len(known) and (known == np.floor(known)).all()
        ):
            return numbers.astype("Int64").mask(where)
        return numbers.astype(float).mask(where)
    return values.mask(where)


def suppress(
    table: pd.DataFrame,
    count_cols: Sequence[str] = ("n",),
    pct_cols: Sequence[str] = ("pct", "low", "high"),
    threshold: int = DEFAULT_THRESHOLD,
    *,
    detail_cols: Sequence[str] = _PARTS_OF_N,
) -> pd.DataFrame:
    """A copy of `table` with every value resting on fewer than `threshold` cases blanked, and a
    boolean `suppressed` column saying which rows were.

    A row is suppressed when any of its `count_cols` holds a count under `threshold` (zero
    included; a missing count is not a small one). On those rows the counts in `count_cols`, the
    percentages in `pct_cols` and the counts that make up `n` (`detail_cols`: `yes`, `partially`,
    `no` where present) are blanked, since any of them would give the others away. Columns
    named but absent are ignored. Counts stay whole numbers (pandas' nullable `Int64`). A table
    that already has a `suppressed` column keeps its flags: a row stays suppressed once it was.

    >>> scores = pd.DataFrame({"audit": ["2013 Q1", "2013 Q2"], "yes": [17, 2], "no": [3, 1],
    ...                        "n": [20, 3], "pct": [85.0, 66.7], "low": [64.0, 20.8],
    ...                        "high": [94.8, 93.9]})
    >>> suppress(scores)
         audit  yes    no     n   pct   low   high  suppressed
    0  2013 Q1   17     3    20  85.0  64.0   94.8       False
    1  2013 Q2  <NA>  <NA>  <NA>   NaN   NaN    NaN        True
    >>> suppress(scores, threshold=25)["suppressed"].tolist()
    [True, True]
    """
    threshold = _check_threshold(threshold)
    present = [c for c in count_cols if c in table.columns]
    small = pd.Series(False, index=table.index)
    for column in present:  # a handful of count columns
        counts = pd.to_numeric(table[column], errors="coerce")
        small = small | (counts < threshold).fillna(False).astype(bool)
    if "suppressed" in table.columns:
        small = small | table["suppressed"].fillna(False).astype(bool)
    blank = [*present, *(c for c in (*pct_cols, *detail_cols) if c in table.columns)]
    blank = list(dict.fromkeys(c for c in blank if c != "suppressed"))
    out = table.assign(**{c: _blanked(table[c], small) for c in blank})
    return out.assign(suppressed=small.to_numpy(dtype=bool))


def format_count(n: float | int | None, threshold: int = DEFAULT_THRESHOLD) -> str:
    """A count as a reader sees it: the number, or "fewer than 5" under the threshold.

    A missing count (None, NaN, pandas' NA) is written "not known".

    >>> format_count(17)
    '17'
    >>> format_count(0)
    'fewer than 5'
    >>> format_count(7, threshold=10)
    'fewer than 10'
    >>> format_count(float("nan"))
    'not known'
    """
    threshold = _check_threshold(threshold)
    if n is None or n is pd.NA or (isinstance(n, Real) and math.isnan(float(n))):
        return "not known"
    if isinstance(n, bool) or not isinstance(n, (Real, np.number)):
        raise ValueError(f"a count must be a number, not {n!r}")
    value = float(n)
    if value < 0 or value != math.floor(value):
        raise ValueError(f"a count must be a whole number of 0 or more, not {n!r}")
    if value < threshold:
        return f"fewer than {threshold}"
    return f"{int(value):,}"
