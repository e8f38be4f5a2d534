"""Recommendations against their targets, judged honestly: each round's percentage with its
interval, a status that says "too close to call" where the interval straddles the target, the
assurance of the series (Making Data Count), and the change since the round before the
recommendation was made.

>>> str(_status(95.0, 86.0, 98.0, 80.0, 30, 10)), str(_status(89.0, 76.0, 95.0, 90.0, 44, 10))
('met', 'too close to call at this number of cases')
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from yosanalysis.cases import case_rates
from yosanalysis.compare.two import DECLINED, IMPROVED, NO_CHANGE, TOO_FEW, _newcombe, _verdicts
from yosanalysis.scoring import _check_columns, round_order, sort_rounds
from yosanalysis.spc import assurance, xmr
from yosanalysis.text import match_key
from yosanalysis.verdicts import TargetStatus

__all__ = ["baseline_round", "track_recommendations"]

_TRENDS = {
    IMPROVED: "improving",
    DECLINED: "declining",
    NO_CHANGE: str(NO_CHANGE),
    TOO_FEW: "too few cases to say",
}


def _status(pct: float, low: float, high: float, target: float, cases: float,
            min_cases: int) -> TargetStatus:
    """Met when the whole interval is at or above the target, not met when wholly below."""
    if not cases or cases < max(min_cases, 1) or pd.isna(pct):
        return TargetStatus.TOO_FEW
    if low >= target:
        return TargetStatus.MET
    if high < target:
        return TargetStatus.NOT_MET
    return TargetStatus.TOO_CLOSE


def baseline_round(answers: pd.DataFrame, made: object) -> str | None:
    """The last audit round before a recommendation was made (`made`: the inspection's date),
    by the latest `date` of each round's answers; None when no round was audited before it, or
    the answers have no dates.

    >>> answers = pd.DataFrame({"audit": ["2013 Q1", "2013 Q2", "2013 Q3"],
    ...     "date": pd.to_datetime(["2013-02-01", "2013-05-01", "2013-08-01"])})
    >>> baseline_round(answers, "2013-06-10")
    '2013 Q2'
    """
    if made is None or "date" not in answers.columns:
        return None
    when = pd.Timestamp(made) if not isinstance(made, pd.Timestamp) else made
    if pd.isna(when):
        return None
    dates = pd.to_datetime(answers["date"], errors="coerce")
    latest = dates.groupby(answers["audit"].astype(str)).max().dropna()
    before = latest[latest < when]
    if before.empty:
        return None
    return sort_rounds(list(before.index))[-1]


def track_recommendations(
    recommendations: pd.DataFrame,
    answers: pd.DataFrame,
    partially: float | str | bool = 0.0,
    min_cases: int = 10,
    since: str | None = None,
    confidence: float = 0.95,
    made: str | dt.date | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Each recommendation measured in each audit round against its target.

    A recommendation's percentage pools the scored answers to its questions (`questions`, ids
    separated by `;`). Columns: `id, recommendation, audit, pct, answers, cases, low, high,
    target, due, status, assurance, trend, trend_since`:

    - `answers` counts the pooled scored answers (a case answering two of the questions counts
      twice), `cases` the children behind them (distinct `case_ref`); `low`/`high` is the
      interval allowing for answers clustered within cases (`yosanalysis.cases.case_rates`).
    - `status` (`yosanalysis.verdicts.TargetStatus`): `met` when the whole interval is at or
      above the target, `not met` when it is wholly below, `too close to call at this number of
      cases` when it straddles the target, `too few cases` under `min_cases` cases.
    - `assurance` (`yosanalysis.verdicts.Assurance`, the same on every row of a
      recommendation): the target against the natural process limits of the rounds measured
      on `min_cases` cases or more (`yosanalysis.spc.assurance`); missing with fewer than two.
    - `trend` compares each round after `trend_since` with `trend_since` by Newcombe's
      interval on the effective counts: `improving`, `declining`, `no clear evidence of
      change` or `too few cases to say`. `trend_since` is the last round audited before the
      recommendation was made — `made`, the inspection's date, read against the answers'
      `date` (`baseline_round`) — else the first round measured.

    Every round from `since` (default: the first) appears for every recommendation, with
    `answers` 0 where nothing was answered.

    >>> recs = pd.DataFrame({"id": ["R1"], "recommendation": ["Review plans on time"],
    ...                      "questions": ["Q3; Q7"], "target": [80]})
    >>> answers = pd.DataFrame({
    ...     "audit": ["2013 Q4"] * 24 + ["2014 Q1"] * 24,
    ...     "case_ref": [f"C{i // 2}" for i in range(48)],
    ...     "question": ["Q3", "Q7"] * 24,
    ...     "answer": ["Yes"] * 10 + ["No"] * 14 + ["Yes"] * 24})
    >>> track_recommendations(recs, answers)[["audit", "pct", "answers", "cases", "status",
    ...                                       "trend"]]
         audit         pct  answers  cases   status      trend
    0  2013 Q4   41.666667       24     12  not met        NaN
    1  2014 Q1  100.000000       24     12      met  improving
    """
    _check_columns(recommendations, ["id", "questions", "target"], "recommendations")
    _check_columns(answers, ["audit", "question", "answer"], "audit")
    recs = recommendations.copy()
    if "recommendation" not in recs.columns:
        recs["recommendation"] = np.nan
    if "due" not in recs.columns:
        recs["due"] = pd.NaT
    wanted = (
        recs[["id", "questions"]]
        .assign(question=recs["questions"].astype(str).str.split(";"))
        .explode("question")
    )
    wanted = wanted.assign(_q=wanted["question"].str.strip().map(match_key))
    wanted = wanted[wanted["_q"].ne("")][["id", "_q"]].drop_duplicates()
    distinct = pd.Series(answers["question"].dropna().unique())
    keys = dict(zip(distinct, distinct.astype(str).map(match_key), strict=True))
    pooled = answers.assign(_q=answers["question"].map(keys)).merge(wanted, on="_q")
    rounds = sort_rounds(answers["audit"])
    if since is not None:
        rounds = [r for r in rounds if round_order(r) >= round_order(since)]
        pooled = pooled[pooled["audit"].isin(rounds)]
    rates = case_rates(pooled, ["id", "audit"], partially, confidence)
    grid = pd.MultiIndex.from_product([recs["id"].unique(), rounds], names=["id", "audit"])
    table = rates.set_index(["id", "audit"]).reindex(grid).reset_index()
    table = table.assign(
        answers=table["answers"].fillna(0).astype(int),
        cases=table["cases"].fillna(0).astype(int),
        successes=table["successes"].fillna(0.0),
        deff=table["deff"].fillna(1.0),
    ).merge(recs[["id", "recommendation", "target", "due"]].drop_duplicates("id"), on="id")
    target = table["target"].astype(float)
    status = [str(_status(*row, min_cases)) for row in zip(  # one per round and recommendation
        table["pct"], table["low"], table["high"], target, table["cases"], strict=True)]

    start = baseline_round(answers, made)
    if start is not None and start not in rounds:
        start = None
    measured = table[table["answers"] > 0]
    first = measured.groupby("id", sort=False)["audit"].first()
    since_round = first if start is None else pd.Series(start, index=first.index)
    table = table.assign(trend_since=table["id"].map(since_round))
    base = table[table["audit"] == table["trend_since"]].set_index("id")
    s0 = table["id"].map(base["successes"] / base["deff"]).fillna(0)
    n0 = table["id"].map(base["answers"] / base["deff"]).fillna(0)
    c0 = table["id"].map(base["cases"]).fillna(0)
    _, low, high = _newcombe(s0, n0, table["successes"] / table["deff"],
                             table["answers"] / table["deff"], confidence)
    position = {r: i for i, r in enumerate(rounds)}
    later = (table["audit"].map(position).astype(float)
             > table["trend_since"].map(position).astype(float)).to_numpy()
    verdict = _verdicts(c0, table["cases"], low, high, min_cases, later)
    trend = pd.Series(verdict, index=table.index).map(_TRENDS)

    icons = {}
    for rec_id, rows in table.groupby("id", sort=False):  # one chart per recommendation
        enough = rows[(rows["cases"] >= max(min_cases, 1)) & rows["pct"].notna()]
        goal = float(rows["target"].iloc[0])
        icon = (assurance(xmr(enough["pct"]), goal) if len(enough) >= 2 and goal == goal
                else None)
        icons[rec_id] = pd.NA if icon is None else str(icon)
    return table.assign(
        status=pd.array(status, dtype="str"),
        assurance=pd.array(table["id"].map(icons), dtype="str"),
        trend=trend.astype("str"),
        trend_since=table["trend_since"].astype("str"),
    )[
        [
            "id", "recommendation", "audit", "pct", "answers", "cases", "low", "high", "target",
            "due", "status", "assurance", "trend", "trend_since",
        ]
    ]
