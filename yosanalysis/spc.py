"""Control charts for trends: NHS England's "Making Data Count" XmR chart, as the NHS-R
community's `NHSRplotthedots` package (version 0.2.x, `ptd_spc`) computes it.

A series of audit rounds is read as a process: its centre line is the mean, its natural process
limits are `mean ± 2.66 × the mean moving range` (the moving range is the absolute difference of
consecutive points; 2.66 = 3 ÷ 1.128, Wheeler's constant for three sigma). A point is special
cause variation when any of four rules fires (names as NHSRplotthedots gives them):

1. `outside the limits` — a point above the upper or below the lower limit;
2. `trend of 7` — seven points in a row each higher (or each lower) than the one before (six
   rises; a tie breaks the trend), all seven points flagged;
3. `2 of 3 near a limit` — two of three consecutive points beyond two-thirds of the way from the
   mean to a limit (inside it), all three on the same side of the mean; the near points flagged;
4. `run of 7` — seven points in a row on the same side of the mean (a point on the mean breaks
   the run), all seven flagged.

A point flagged by several rules shows the first in that order, as NHSRplotthedots does. As in
NHSRplotthedots (`screen_outliers = TRUE`), moving ranges above 3.267 × their mean (Wheeler's
upper range limit) are left out before the limits are computed, so one wild point does not widen
them. The limits are computed from the first `baseline` points when given, else from all points;
resting on fewer than 12 points they are `trial` limits (NHSRplotthedots warns under 12; Making
Data Count recommends at least 15 to 20), said in the `limits` column and `attrs["limits"]`.

The variation icon is the latest point's kind (`variation`), the assurance icon compares a
target with the limits (`assurance`): see `yosanalysis.verdicts.Variation` and `Assurance`.

>>> chart = xmr([80, 82, 79, 81, 80, 78, 82, 80, 79, 81, 80, 82, 95])
>>> row = chart.iloc[-1]
>>> float(row["value"]), bool(row["signal"]), row["rule"]
(95.0, True, 'outside the limits')
>>> round(float(chart["upper"].iloc[0]), 2), str(variation(chart))
(86.78, 'special cause: improving')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum

import numpy as np
import pandas as pd

from yosanalysis.verdicts import Assurance, Variation

__all__ = ["LIMIT_FACTOR", "MIN_FIXED_POINTS", "Rule", "assurance", "variation", "xmr"]

#: The natural process limits lie this many mean moving ranges from the mean (3 ÷ d2, d2=1.128).
LIMIT_FACTOR = 2.66
#: Moving ranges above this many times their mean are screened out (Wheeler's range limit).
RANGE_LIMIT = 3.267
#: Limits resting on fewer points than this are trial limits.
MIN_FIXED_POINTS = 12
#: How many points make a run or a trend.
RUN = 7

_DIRECTIONS = {"up": 1, "increase": 1, "down": -1, "decrease": -1, "neutral": 0}


class Rule(StrEnum):
    """The special-cause rules of Making Data Count, in the order that names a point."""

    OUTSIDE = "outside the limits"
    TREND = "trend of 7"
    TWO_OF_THREE = "2 of 3 near a limit"
    RUN = "run of 7"


def _direction(improvement: str) -> int:
    key = str(improvement).strip().lower()
    if key not in _DIRECTIONS:
        raise ValueError(f"improvement must be 'up', 'down' or 'neutral', not {improvement!r}")
    return _DIRECTIONS[key]


def _runs(side: np.ndarray) -> np.ndarray:
    """+1/−1 for points in a run of `RUN` or more on one side (side of the mean: +1, −1, 0)."""
    out = np.zeros(len(side))
    for end in range(RUN - 1, len(side)):  # a loop over points: a series is a few dozen long
        window = side[end - RUN + 1 : end + 1]
        if window[0] != 0 and np.all(window == window[0]):
            out[end - RUN + 1 : end + 1] = window[0]
    return out


def _trends(values: np.ndarray) -> np.ndarray:
    """+1/−1 for points in seven rising (falling) in a row; a later trend overwrites a turn."""
    out = np.zeros(len(values))
    steps = np.sign(np.diff(values))
    for end in range(RUN - 1, len(values)):
        window = steps[end - RUN + 1 : end]
        if window[0] != 0 and np.all(window == window[0]):
            out[end - RUN + 1 : end + 1] = window[0]
    return out


def _two_of_three(near: np.ndarray, side: np.ndarray) -> np.ndarray:
    """+1/−1 for the near-limit points in three in a row on one side with two or more near."""
    out = np.zeros(len(near))
    for start in range(len(near) - 2):
        window = slice(start, start + 3)
        if near[window].sum() >= 2 and abs(side[window].sum()) == 3:
            out[window] = np.where(near[window], side[window], out[window])
    return out


def xmr(
    values: Sequence[float] | np.ndarray | pd.Series,
    *,
    baseline: int | None = None,
    improvement: str = "up",
    target: float | None = None,
    screen_outliers: bool = True,
) -> pd.DataFrame:
    """An XmR control chart of `values` (in order of time): one row per point.

    Columns: `value`, `mean`, `lower`, `upper` (the natural process limits), `near_lower`,
    `near_upper` (two-thirds of the way from the mean to a limit), `moving_range`, `baseline`
    (True for the points the limits rest on), `limits` (`fixed` from a baseline of 12 or more
    points, `all points` from all of 12 or more, else `trial`), `signal` (True for special-cause
    variation), `rule` (the `Rule` that names it, or ''), `direction` (+1 high, −1 low, 0),
    `variation` (`yosanalysis.verdicts.Variation` of the point, oriented by `improvement`) and
    `target` (as given, or NaN). `improvement` is `up` (higher is better), `down` or `neutral`.
    `baseline` is the number of leading points the mean and limits are computed from (at least
    2). Units are those of `values` (percentages for audit rounds). A missing value, a baseline
    out of range or an unknown `improvement` raise ValueError.

    NHSRplotthedots' test data (`set.seed(123); rnorm(20)` in R) give the mean 0.14 and the
    limits −3.01 and 3.29:

    >>> from yosanalysis.spc import xmr
    >>> rnorm = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499,
    ...          0.46091621, -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383,
    ...          0.40077145, 0.11068272, -0.55584113, 1.78691314, 0.49785048, -1.96661716,
    ...          0.70135590, -0.47279141]
    >>> chart = xmr(rnorm)
    >>> [round(float(chart[c].iloc[0]), 2) for c in ("mean", "lower", "upper")]
    [0.14, -3.01, 3.29]
    >>> bool(chart["signal"].any()), chart.attrs["limits"]
    (False, 'all points')
    """
    points = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce")
    if points.isna().any():
        raise ValueError(
            "a control chart needs a value for every point; leave out the missing ones "
            f"(points {', '.join(str(i + 1) for i in np.flatnonzero(points.isna()))})"
        )
    y = points.to_numpy(dtype=float)
    sign = _direction(improvement)
    used = len(y) if baseline is None else int(baseline)
    if baseline is not None and not 2 <= used <= len(y):
        raise ValueError(f"baseline must be between 2 and the {len(y)} points, not {baseline!r}")
    base = y[:used]
    mean = float(base.mean()) if len(base) else math.nan
    ranges = np.abs(np.diff(base))
    mean_range = float(ranges.mean()) if len(ranges) else math.nan
    if screen_outliers and len(ranges):
        kept = ranges[ranges < RANGE_LIMIT * mean_range]
        mean_range = float(kept.mean()) if len(kept) else mean_range
    upper, lower = mean + LIMIT_FACTOR * mean_range, mean - LIMIT_FACTOR * mean_range
    near_upper = mean + LIMIT_FACTOR * 2 / 3 * mean_range
    near_lower = mean - LIMIT_FACTOR * 2 / 3 * mean_range
    with np.errstate(invalid="ignore"):
        outside = (y > upper) | (y < lower)
        side = np.sign(y - mean)
        near = ~outside & ((y > near_upper) | (y < near_lower))
    trend = _trends(y)
    two = _two_of_three(near, side)
    run = _runs(side)
    rule = np.select([outside, trend != 0, two != 0, run != 0],
                     [Rule.OUTSIDE.value, Rule.TREND.value, Rule.TWO_OF_THREE.value,
                      Rule.RUN.value], default="")
    direction = np.select([outside, trend != 0, two != 0, run != 0], [side, trend, two, run],
                          default=0).astype(int)
    oriented = direction * sign
    kinds = np.select(
        [direction == 0, sign == 0, oriented > 0],
        [Variation.COMMON.value, Variation.NEUTRAL.value, Variation.IMPROVING.value],
        default=Variation.CONCERNING.value,
    )
    if used < MIN_FIXED_POINTS:
        limits = "trial"
    else:
        limits = "all points" if baseline is None else "fixed"
    table = pd.DataFrame({
        "value": y, "mean": mean, "lower": lower, "upper": upper, "near_lower": near_lower,
        "near_upper": near_upper, "moving_range": np.r_[np.nan, np.abs(np.diff(y))],
        "baseline": np.arange(len(y)) < used, "limits": limits, "signal": rule != "",
        "rule": rule, "direction": direction, "variation": kinds,
        "target": math.nan if target is None else float(target),
    })
    table.attrs.update(limits=limits, improvement=str(improvement), points_in_limits=used)
    return table


def variation(chart: pd.DataFrame) -> Variation | None:
    """The variation icon of a chart from `xmr`: the kind of its latest point (as
    NHSRplotthedots' summary gives it), or None for an empty chart.

    >>> str(variation(xmr([50, 52, 49, 51, 50, 48, 52, 50, 49, 51, 50, 52])))
    'common cause'
    """
    if chart.empty:
        return None
    return Variation(str(chart["variation"].iloc[-1]))


def assurance(chart: pd.DataFrame, target: float | None = None,
              improvement: str | None = None) -> Assurance | None:
    """The assurance icon of a chart from `xmr` against `target` (default: the chart's own):
    `consistently passing` when the whole range between the limits is on the good side of the
    target, `consistently failing` when it is all on the bad side, else `hit and miss`. None
    without a target, without limits, or for a neutral `improvement` (NHSRplotthedots'
    `ptd_calculate_assurance_type`, on the latest point's limits).

    >>> chart = xmr([92, 94, 93, 95, 94, 93, 92, 94, 95, 93, 94, 93])
    >>> str(assurance(chart, 80)), str(assurance(chart, 99)), str(assurance(chart, 94))
    ('consistently passing', 'consistently failing', 'hit and miss')
    """
    if chart.empty:
        return None
    last = chart.iloc[-1]
    goal = last["target"] if target is None else target
    sign = _direction(improvement if improvement is not None
                      else chart.attrs.get("improvement", "up"))
    if goal is None or pd.isna(goal) or sign == 0 or pd.isna(last["upper"]):
        return None
    goal = float(goal)
    if goal > last["upper"]:
        return Assurance.FAILING if sign > 0 else Assurance.PASSING
    if goal < last["lower"]:
        return Assurance.PASSING if sign > 0 else Assurance.FAILING
    return Assurance.HIT_AND_MISS
