"""Small numbers suppressed: the pure functions every page calls before a reader sees a value.

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

`reader_table` does the same for a table as a reader sees it: a count under the threshold
becomes the words "fewer than 5" and a percentage resting on it the word "suppressed"
(`yosanalysis.present` applies it to every table and to the data under every chart).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from yosanalysis.text import collapse_spaces

__all__ = ["COUNT_COLUMNS", "DEFAULT_THRESHOLD", "SUPPRESSED_WORD", "check_threshold",
           "format_count", "is_suppressed", "reader_table", "suppress", "suppressed_flags"]

#: Counts under this many cases are suppressed unless a report's parameters say otherwise.
DEFAULT_THRESHOLD = 5

#: Counts that make up `n` in an audit table: blanked with it, or they would give it away.
_PARTS_OF_N = ("yes", "partially", "no")


def check_threshold(threshold: int, minimum: int = 0) -> int:
    """The suppression threshold (counts of cases under it are withheld) as an int; ValueError
    when it is not a whole number of at least `minimum`. The one check of a threshold.

    >>> check_threshold(5)
    5
    >>> check_threshold(2.5)
    Traceback (most recent call last):
    ...
    ValueError: the suppression threshold must be a whole number, not 2.5
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, np.integer)):
        raise ValueError(f"the suppression threshold must be a whole number, not {threshold!r}")
    if threshold < minimum:
        raise ValueError(f"the suppression threshold must be at least {minimum}, not {threshold}")
    return int(threshold)


def suppressed_flags(data: pd.DataFrame) -> pd.Series:
    """A table's `suppressed` column (as `suppress` writes it, or a page flags rows withheld)
    as booleans, missing as False; all False where the table has none. The one reading of it.

    >>> suppressed_flags(pd.DataFrame({"suppressed": [True, None]})).tolist()
    [True, False]
    >>> suppressed_flags(pd.DataFrame({"pct": [80.0]})).tolist()
    [False]
    """
    if "suppressed" not in data.columns:
        return pd.Series(False, index=data.index)
    return data["suppressed"].fillna(False).astype(bool)


def is_suppressed(row: Mapping[str, Any]) -> bool:
    """Whether one row (a dict or a Series) is flagged `suppressed`; missing is not.

    >>> is_suppressed({"suppressed": True}), is_suppressed({"suppressed": None}), is_suppressed({})
    (True, False, False)
    """
    flag = row.get("suppressed")
    return flag is not None and flag is not pd.NA and not (
        isinstance(flag, float) and math.isnan(flag)) and bool(flag)


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
    threshold = check_threshold(threshold, 1)
    present = [c for c in count_cols if c in table.columns]
    small = pd.Series(False, index=table.index)
    for column in present:  # a handful of count columns
        counts = pd.to_numeric(table[column], errors="coerce")
        small = small | (counts < threshold).fillna(False).astype(bool)
    small = small | suppressed_flags(table)
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
    threshold = check_threshold(threshold, 1)
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


# -- tables as readers see them ------------------------------------------------------------

#: Column names (case, spacing and underscores ignored) that hold a number of cases, children or
#: answers: the counts a percentage beside them rests on. A name ending in "cases", "children"
#: or " n" ("CCI 2010 cases", "prev_n") is one too. `Items` (inspection items), `Rank` and
#: `Services rated` are not counts of children and are never suppressed.
COUNT_COLUMNS = frozenset({
    "n", "cases", "count", "answers", "children", "young people", "number of cases",
    "number of children", "case count", "cases audited", "cases inspected", "sample size",
})
#: Counts of audit answers that make up `n`: shown as "fewer than 5" when small.
_PART_COLUMNS = frozenset({"yes", "no", "partially", "na", "n/a", "unanswered"})
_COUNT_ENDING = re.compile(r"(?:^|\s)(?:n|cases|children)$")
_PERCENT_NAMES = frozenset({"score", "low", "high", "change"})
_PERCENT_WORD = re.compile(r"%|\b(?:pct|percent|percentage)\b")
_STEM_WORDS = re.compile(r"\(%\)|%|\b(?:pct|percent|percentage|score|n|cases|count|answers|"
                         r"children)\b")
SUPPRESSED_WORD = "suppressed"


def _column_key(name: object) -> str:
    return collapse_spaces(str(name).replace("_", " ")).lower()


def _stem(key: str) -> str:
    """What a count or a percentage column is of: `CCI 2010 (%)` and `CCI 2010 cases` share
    `cci 2010`; `pct` and `n` share ''."""
    return collapse_spaces(re.sub(r"[()\-]", " ", _STEM_WORDS.sub(" ", key)))


def _is_percentage(key: str) -> bool:
    if key.startswith("target"):  # a target is a parameter, not a measure
        return False
    return key in _PERCENT_NAMES or bool(_PERCENT_WORD.search(key))


def _as_displayed(values: pd.Series) -> pd.Series:
    """A column as objects, a float column of whole numbers as Python ints."""
    if pd.api.types.is_float_dtype(values.dtype):
        known = values.dropna()
        if len(known) and bool((known == np.floor(known)).all()):
            return values.astype("Int64").astype(object)
    return values.astype(object)


def reader_table(
    data: pd.DataFrame,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    counts: Sequence[str] = (),
    percentages: Sequence[str] = (),
) -> pd.DataFrame:
    """`data` as a reader may see it: each count under `threshold` written "fewer than 5", and
    each percentage resting on such a count written "suppressed". Returns a copy whose columns
    hold objects (numbers, and those words); whole-number counts are shown as whole numbers.

    Counts are the columns named in `COUNT_COLUMNS` (or ending in "cases", "children" or " n"),
    the audit answer counts `yes`, `partially`, `no`, `na`, `unanswered`, and any named in
    `counts`; names are matched whatever their case. Percentages are columns whose name holds
    "%", "pct" or "percent", or is `score`, `low`, `high` or `change`, and any named in
    `percentages`; a target is never suppressed. A percentage rests on the count of the same
    stem where there is one (`CCI 2010 (%)` on `CCI 2010 cases`, `prev_pct` on `prev_n`), else
    on every count of its row (answer counts aside). Rows flagged in a `suppressed` column (as
    `suppress` writes it) have every percentage, and every blanked count, "suppressed".
    A `threshold` of 0 suppresses nothing.

    >>> table = pd.DataFrame({"Question": ["Q1", "Q2"], "Score (%)": [85.0, 66.7],
    ...                       "Cases": [20.0, 3.0], "Items": [4, 3]})
    >>> print(reader_table(table).to_string(index=False))
    Question  Score (%)        Cases  Items
          Q1       85.0           20      4
          Q2 suppressed fewer than 5      3
    """
    threshold = check_threshold(threshold)
    keys = [_column_key(c) for c in data.columns]
    own_counts = {_column_key(c) for c in counts}
    own_percentages = {_column_key(c) for c in percentages}
    flagged = pd.Series(False, index=data.index)
    if "suppressed" in keys:
        flagged = data.iloc[:, keys.index("suppressed")].fillna(False).astype(bool)
    bases: dict[int, pd.Series] = {}
    parts: dict[int, pd.Series] = {}
    for i, key in enumerate(keys):  # a loop over columns
        column = data.iloc[:, i]
        if pd.api.types.is_bool_dtype(column.dtype) or key == "suppressed":
            continue
        if key in own_counts or key in COUNT_COLUMNS or _COUNT_ENDING.search(key):
            target = bases
        elif key in _PART_COLUMNS:
            target = parts
        else:
            continue
        numbers = pd.to_numeric(column, errors="coerce")
        target[i] = (numbers < threshold).fillna(False).astype(bool)
    out = data.astype(object)
    for i, small in {**bases, **parts}.items():
        shown = _as_displayed(data.iloc[:, i])
        blanked = pd.isna(data.iloc[:, i]).to_numpy() & flagged.to_numpy()
        shown = shown.mask(small, f"fewer than {threshold}").mask(blanked, SUPPRESSED_WORD)
        out.isetitem(i, shown)
    stems = {i: _stem(keys[i]) for i in bases}
    for i, key in enumerate(keys):
        if i in bases or i in parts or key == "suppressed":
            continue
        if not (key in own_percentages or _is_percentage(key)):
            continue
        paired = [b for b, stem in stems.items() if stem == _stem(key)] or list(bases)
        rests = flagged.copy()
        for b in paired:
            rests = rests | bases[b]
        if rests.any():
            out.isetitem(i, out.iloc[:, i].mask(rests.to_numpy(), SUPPRESSED_WORD))
    return out
