"""The difference of two rates: Newcombe's hybrid score interval and the verdict it gives.

Whether a change is real is judged by Newcombe's hybrid score interval for the difference of two
proportions (method 10 of Newcombe, 1998): the change is called an improvement or a decline only
when the whole 95% interval lies on one side of zero, and not at all when either side rests on
fewer than `min_cases` cases. See docs/methods.md.

>>> compare_two(16, 20, 17, 20).verdict
'no clear evidence of change'
>>> compare_two(12, 30, 27, 30).verdict
'improved'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from yosanalysis.scoring import wilson_intervals
from yosanalysis.verdicts import Verdict

__all__ = ["DECLINED", "IMPROVED", "NO_CHANGE", "TOO_FEW", "Comparison", "compare_two",
           "newcombe_interval"]

IMPROVED = Verdict.IMPROVED
DECLINED = Verdict.DECLINED
NO_CHANGE = Verdict.NO_CHANGE
TOO_FEW = Verdict.TOO_FEW


# ------------------------------------------------------------------- the difference of two rates
def _newcombe(
    s1: np.ndarray, n1: np.ndarray, s2: np.ndarray, n2: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Change (p2 - p1) and Newcombe's hybrid score interval, all in percentage points."""
    s1, n1, s2, n2 = (np.asarray(x, dtype=float) for x in (s1, n1, s2, n2))
    l1, u1 = wilson_intervals(s1, n1, confidence)
    l2, u2 = wilson_intervals(s2, n2, confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        p1 = np.where(n1 > 0, s1 / n1 * 100, np.nan)
        p2 = np.where(n2 > 0, s2 / n2 * 100, np.nan)
    change = p2 - p1
    low = change - np.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = change + np.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return change, low, high


def newcombe_interval(
    successes_a: float, n_a: float, successes_b: float, n_b: float, confidence: float = 0.95
) -> tuple[float, float]:
    """Newcombe's hybrid score interval for the change from rate a to rate b, in percentage
    points (`(nan, nan)` when either `n` is 0).

    Newcombe's own worked example (56/70 against 48/80) gives 5.24 to 33.39:

    >>> [round(x, 2) for x in newcombe_interval(48, 80, 56, 70)]
    [5.24, 33.39]
    """
    _, low, high = _newcombe([successes_a], [n_a], [successes_b], [n_b], confidence)
    return float(low[0]), float(high[0])


def _verdicts(
    n1: np.ndarray | pd.Series,
    n2: np.ndarray | pd.Series,
    low: np.ndarray | pd.Series,
    high: np.ndarray | pd.Series,
    min_cases: int,
    compared: np.ndarray | pd.Series | bool = True,
) -> np.ndarray:
    """The verdict of each comparison; missing where there was nothing to compare with."""
    n1, n2, low, high = (np.asarray(x, dtype=float) for x in (n1, n2, low, high))
    compared = np.broadcast_to(np.asarray(compared, dtype=bool), n1.shape)
    few = (np.nan_to_num(n1) < max(min_cases, 1)) | (np.nan_to_num(n2) < max(min_cases, 1))
    return np.select(
        [~compared, few, low > 0, high < 0],
        [None, TOO_FEW, IMPROVED, DECLINED],
        default=NO_CHANGE,
    ).astype(object)


@dataclass(frozen=True)
class Comparison:
    """A change between two rates: before and after (percent) and their cases, the change in
    percentage points with its interval, and the verdict (`improved`, `declined`,
    `no clear evidence of change` or `too few cases to say`). Made by `compare_two`.

    >>> c = compare_two(12, 30, 27, 30)
    >>> (c.before, c.after, c.n_before, c.n_after, round(c.change), c.verdict)
    (40.0, 90.0, 30, 30, 50, 'improved')
    """

    before: float
    after: float
    n_before: int
    n_after: int
    change: float
    low: float
    high: float
    verdict: str
    min_cases: int = 10


def compare_two(
    successes_a: float,
    n_a: float,
    successes_b: float,
    n_b: float,
    min_cases: int = 10,
    confidence: float = 0.95,
) -> Comparison:
    """Compare rate a (before) with rate b (after): the change in percentage points, Newcombe's
    hybrid score interval for it, and a verdict.

    The verdict is `improved` (or `declined`) only when the whole interval lies above (below)
    zero; `too few cases to say` when either side rests on fewer than `min_cases` answered cases;
    otherwise `no clear evidence of change`.

    >>> c = compare_two(16, 20, 17, 20)
    >>> round(c.change, 1), c.verdict
    (5.0, 'no clear evidence of change')
    >>> compare_two(12, 30, 27, 30).verdict
    'improved'
    >>> compare_two(2, 8, 8, 8).verdict
    'too few cases to say'
    """
    change, low, high = _newcombe([successes_a], [n_a], [successes_b], [n_b], confidence)
    verdict = _verdicts([n_a], [n_b], low, high, min_cases)[0]
    return Comparison(
        before=successes_a / n_a * 100 if n_a else math.nan,
        after=successes_b / n_b * 100 if n_b else math.nan,
        n_before=int(n_a),
        n_after=int(n_b),
        change=float(change[0]),
        low=float(low[0]),
        high=float(high[0]),
        verdict=str(verdict),
        min_cases=min_cases,
    )
