"""The case as the unit: audit percentages whose counts are children and whose intervals allow
for answers about one child going together.

A case file audit samples cases (children), then asks several questions of each. A question's
percentage is over cases (one answer each). A theme's figure pools the answers of its cases, and
those answers are not independent: a file weak on one review question tends to be weak on the
next. `case_rates` therefore gives, per group,

- `cases`: the distinct case references with at least one scored answer (Yes, No or Partially),
  and `answers`: the scored answers themselves;
- `pct`: the ratio estimator `Σ successes ÷ Σ answers × 100` (each answer weighs the same);
- `deff`: the design effect of the clustering, estimated from the data as the cluster-robust
  (linearisation) variance of the ratio over the variance the answers would have if they were
  independent — `k/(k−1) · Σ(yᵢ − p·mᵢ)² ÷ (p(1−p)·Σmᵢ)` for `k` cases with `mᵢ` answers and
  `yᵢ` successes (Kish 1965; for equal `m` it estimates `1 + (m−1)·ICC`); never below 1; and,
  since that variance is itself estimated from a few dozen cases, multiplied by `(t₍ₖ₋₁₎ ÷ z)²`
  so the interval is as wide as a t interval on k − 1 degrees of freedom (Cameron & Miller 2015);
- `low`, `high`: the Wilson interval on the effective sample size `answers ÷ deff`.

For a question (one answer a case) the design effect is 1 and the interval is the Wilson
interval over cases. `yosanalysis.compare` tests changes with Newcombe's interval on the same
effective counts. See docs/methods.md, section 1.

>>> answers = pd.DataFrame({
...     "audit": "2014 Q1", "theme": "Reviews", "case_ref": ["A", "A", "B", "B", "C", "C"],
...     "answer": ["Yes", "Yes", "No", "No", "Yes", "N/A"]})
>>> case_rates(answers, by=("audit", "theme"))[["theme", "cases", "answers", "pct"]]
     theme  cases  answers   pct
0  Reviews      3        5  60.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist

import numpy as np
import pandas as pd

from yosanalysis.scoring import (
    _answer_counts,
    _as_columns,
    _check_columns,
    _round_rank,
    _z,
    partial_credit,
    wilson_intervals,
)

__all__ = ["CASE_COLUMN", "case_keys", "case_rates", "effective_counts"]

#: The cleaned audit's case reference column (`yosanalysis.clean.columns`, table `audit`).
CASE_COLUMN = "case_ref"

_SCORED = ("Yes", "No", "Partially")


def case_keys(answers: pd.DataFrame) -> pd.Series:
    """One key per case: the service and its case reference (`case_ref`), so two services' case
    `A1` are two children. Without a `case_ref` column each row counts as its own case (a table
    built by hand; the cleaned audit always has one).

    >>> t = pd.DataFrame({"service": ["X", "Y", "X"], "case_ref": ["A1", "A1", "A1"]})
    >>> case_keys(t).nunique()
    2
    """
    if CASE_COLUMN not in answers.columns:
        return pd.Series(np.arange(len(answers)).astype(str), index=answers.index)
    ref = answers[CASE_COLUMN].astype(str)
    if "service" in answers.columns:
        return answers["service"].astype(str) + "\x1f" + ref
    return ref


def _t_quantile(tails: float, df: int) -> float:
    """Student's t quantile with two-tailed probability `tails` on `df` degrees of freedom, by
    Hill's algorithm (Hill 1970, Communications of the ACM 13(10), Algorithm 396; exact for 1
    and 2 degrees of freedom, within 0.001 of tables from 3 up).

    >>> round(_t_quantile(0.05, 4), 3), round(_t_quantile(0.05, 29), 3)
    (2.777, 2.045)
    """
    n = int(df)
    if n == 1:
        return math.tan(math.pi / 2 * (1 - tails))
    if n == 2:
        return math.sqrt(2 / (tails * (2 - tails)) - 2)
    a = 1 / (n - 0.5)
    b = 48 / a**2
    c = ((20700 * a / b - 98) * a / b - 16) * a / b + 96.36
    d = ((94.5 / (b + c) - 3) / b + 1) * math.sqrt(a * math.pi / 2) * n
    y = (d * tails) ** (2 / n)
    if y > 0.05 + a:
        x = NormalDist().inv_cdf(1 - tails / 2)
        y = x * x
        if n < 5:
            c += 0.3 * (n - 4.5) * (x + 0.6)
        c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c
        y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x
        y = a * y * y
        y = math.expm1(y) if y > 0.002 else 0.5 * y * y + y
    else:
        y = ((1 / (((n + 6) / (n * y) - 0.089 * d - 0.822) * (n + 2) * 3) + 0.5 / (n + 4)) * y
             - 1) * (n + 1) / (n + 2) + 1 / y
    return math.sqrt(n * y)


def _small_sample_factor(cases: np.ndarray, confidence: float) -> np.ndarray:
    """`(t(k−1) ÷ z)²`: widens a cluster-robust interval resting on `k` cases as a t interval
    on k − 1 degrees of freedom would (Cameron & Miller 2015, section VI); 1 with no cases."""
    z = _z(confidence)
    k = np.asarray(cases, dtype=float)
    quantiles = {df: _t_quantile(1 - confidence, df) for df in np.unique(k[k > 1] - 1)}
    factor = np.array([(quantiles[c - 1] / z) ** 2 if c > 1 else 1.0 for c in k])
    return factor.reshape(k.shape)


def effective_counts(
    successes: np.ndarray | pd.Series, answers: np.ndarray | pd.Series,
    deff: np.ndarray | pd.Series,
) -> tuple[np.ndarray, np.ndarray]:
    """`(successes ÷ deff, answers ÷ deff)`: the counts an interval treats as independent.

    >>> [x.tolist() for x in effective_counts([30], [40], [2.0])]
    [[15.0], [20.0]]
    """
    d = np.maximum(np.asarray(deff, dtype=float), 1.0)
    d = np.where(np.isnan(d), 1.0, d)
    return np.asarray(successes, dtype=float) / d, np.asarray(answers, dtype=float) / d


def case_rates(
    answers: pd.DataFrame,
    by: str | Sequence[str] = ("audit", "theme"),
    partially: float | str | bool = 0.0,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Per group of `by`: `yes, partially, no, na, unanswered` (answers), `answers`, `cases`,
    `successes`, `pct`, `deff`, `effective_n`, `low`, `high`.

    `cases` counts the distinct cases (see `case_keys`) with at least one scored answer in the
    group; `answers` the scored answers. `pct` is `successes ÷ answers × 100` (NaN with no
    answer), `successes = yes + credit × partially` (`partially`: 0, 0.5 or 1, see
    `yosanalysis.scoring.partial_credit`). `deff` is the estimated design effect (1 or more; 1
    where every case gave one answer or where `pct` is 0 or 100), `effective_n = answers ÷ deff`,
    and `low`/`high` the Wilson interval on the effective counts, in percent. Groups keep the
    order they first appear in, audit rounds in their natural order. Unknown answers raise
    ValueError (as `yosanalysis.scoring.audit_scores`).

    Twelve cases answering five questions each, half all Yes and half all No, carry the
    information of fewer than twelve answers, not sixty:

    >>> t = pd.DataFrame({"audit": "R1", "case_ref": [f"C{i // 5}" for i in range(60)],
    ...                   "answer": (["Yes"] * 5 + ["No"] * 5) * 6})
    >>> row = case_rates(t, by="audit").iloc[0]
    >>> int(row["cases"]), int(row["answers"]), float(row["pct"]), round(float(row["deff"]), 1)
    (12, 60, 50.0, 6.9)
    >>> round(float(row["effective_n"]), 1)
    8.7
    """
    columns = _as_columns(by)
    _check_columns(answers, [*columns, "answer"], "audit")
    credit = partial_credit(partially)
    counts = _answer_counts(answers, columns, credit, confidence)
    answer = answers["answer"]
    scored = answer.isin(_SCORED).to_numpy()
    per_case = pd.DataFrame({
        "_case": case_keys(answers).to_numpy()[scored],
        "_y": (answer.eq("Yes") + credit * answer.eq("Partially")).to_numpy(dtype=float)[scored],
        "_m": np.ones(int(scored.sum())),
    })
    for column in columns:
        per_case[column] = answers[column].to_numpy()[scored]
    per_case = per_case.groupby([*columns, "_case"], sort=False, dropna=False)[["_y", "_m"]] \
        .sum().reset_index()
    totals = per_case.groupby(columns, sort=False, dropna=False).agg(
        cases=("_case", "size"), _ys=("_y", "sum"), _ms=("_m", "sum"), _mmax=("_m", "max"))
    per_case = per_case.join(totals, on=columns)
    p = per_case["_ys"] / per_case["_ms"]
    per_case["_r2"] = (per_case["_y"] - p * per_case["_m"]) ** 2
    totals["_r2"] = per_case.groupby(columns, sort=False, dropna=False)["_r2"].sum()
    out = counts.join(totals[["cases", "_r2", "_mmax"]], on=columns)
    k = out["cases"].fillna(0).to_numpy(dtype=float)
    n = out["n"].to_numpy(dtype=float)
    s = out["successes"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ph = s / n
        ratio = out["_r2"].to_numpy(dtype=float) / (ph * (1 - ph) * n) * k / (k - 1)
    clustered = (out["_mmax"].fillna(1).to_numpy(dtype=float) > 1) & (k > 1)
    deff = np.where(clustered & np.isfinite(ratio), np.maximum(ratio, 1.0), 1.0)
    deff = np.where(clustered, deff * _small_sample_factor(k, confidence), deff)
    s_eff, n_eff = effective_counts(s, n, deff)
    low, high = wilson_intervals(s_eff, n_eff, confidence)
    out = out.assign(cases=k.astype(int), answers=n.astype(int), deff=deff, effective_n=n_eff,
                     low=low, high=high)
    if "audit" in columns:
        out = out.sort_values("audit", key=_round_rank, kind="stable", ignore_index=True)
    return out[[*columns, "yes", "partially", "no", "na", "unanswered", "answers", "cases",
                "successes", "pct", "deff", "effective_n", "low", "high"]]
