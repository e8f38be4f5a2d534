"""Comparisons: audit rounds against earlier rounds, inspections against earlier inspections (also
across frameworks), a service against other services, and recommendations against their targets.

Whether a change is real is judged by Newcombe's hybrid score interval for the difference of two
proportions (method 10 of Newcombe, 1998): the change is called an improvement or a decline only
when the whole 95% interval lies on one side of zero, and not at all when either side rests on
fewer than `min_cases` cases. See docs/methods.md.

>>> compare_two(16, 20, 17, 20).verdict
'no real change'
>>> compare_two(12, 30, 27, 30).verdict
'improved'
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from yosanalysis.schemes import canonical_framework, get_scheme, scheme_for_framework
from yosanalysis.scoring import (
    _answer_counts,
    _as_columns,
    _check_columns,
    _framework_order,
    _keys,
    _round_rank,
    audit_scores,
    inspection_summary,
    is_overall,
    partial_credit,
    round_order,
    sort_rounds,
    theme_averages,
    wilson_intervals,
)
from yosanalysis.text import match_key
from yosanalysis.verdicts import Verdict

__all__ = [
    "DECLINED",
    "IMPROVED",
    "NO_CHANGE",
    "TOO_FEW",
    "Comparison",
    "benchmark",
    "compare_between",
    "compare_inspections",
    "compare_rounds",
    "compare_two",
    "newcombe_interval",
    "ratings_distribution",
    "services_overview",
    "track_recommendations",
    "year_earlier",
]

IMPROVED = Verdict.IMPROVED
DECLINED = Verdict.DECLINED
NO_CHANGE = Verdict.NO_CHANGE
TOO_FEW = Verdict.TOO_FEW
NOT_TESTED = "not tested (no case counts)"
ONE_SIDE = "not compared (theme on one side only)"


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
    `no real change` or `too few cases to say`). Made by `compare_two`.

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
    otherwise `no real change`.

    >>> c = compare_two(16, 20, 17, 20)
    >>> round(c.change, 1), c.verdict
    (5.0, 'no real change')
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


# ------------------------------------------------------------------------------ audit rounds
_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:([/-])(\d{2}|\d{4}))?(?!\d)")


def year_earlier(label: str, rounds: Sequence[str] | None = None) -> str | None:
    """The same round a year earlier (`2013 Q3` -> `2012 Q3`, `2013/14 Q1` -> `2012/13 Q1`);
    with `rounds`, the matching label among them (whatever its spacing or case), or None.

    >>> year_earlier("2013 Q3")
    '2012 Q3'
    >>> year_earlier("2013/14 Q1", ["2012/13 q1", "2013/14 Q1"])
    '2012/13 q1'
    >>> year_earlier("2013 Q3", ["2013 Q2"]) is None
    True
    """
    found = _YEAR_RANGE.search(str(label))
    if found is None:
        return None
    year = int(found.group(1)) - 1
    text = str(year)
    if found.group(3):
        second = int(found.group(3)) - 1
        short = len(found.group(3)) == 2
        text += found.group(2) + (f"{second % 100:02d}" if short else str(second))
    candidate = str(label)[: found.start()] + text + str(label)[found.end() :]
    if rounds is None:
        return candidate
    key = match_key(candidate)
    return next((r for r in rounds if match_key(str(r)) == key), None)


def compare_rounds(
    answers: pd.DataFrame,
    by: str | Sequence[str] = "theme",
    partially: float | str | bool = 0.0,
    min_cases: int = 10,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Each audit round against the previous round and the same round a year earlier.

    For each group of `by` (e.g. `"theme"`, `"question"`) and each round: `pct`, `n` and the
    Wilson interval (`low`, `high`); the previous round's `prev_pct`/`prev_n`, the `change` in
    percentage points with Newcombe's hybrid score interval (`change_low`, `change_high`) and a
    `verdict`; and the same for the round a year earlier (`year_…`; `2013 Q3` against
    `2012 Q3`). A verdict is `improved`/`declined` only when the whole interval lies on one side
    of zero, `too few cases to say` when either round has fewer than `min_cases` answered cases
    in the group, else `no real change`; it is missing where there is no round to compare with.
    Rounds are those present in `answers`, in their natural order.

    >>> answers = pd.DataFrame({
    ...     "audit": ["2012 Q3"] * 30 + ["2013 Q2"] * 30 + ["2013 Q3"] * 30,
    ...     "theme": "Reviewing",
    ...     "answer": ["Yes"] * 12 + ["No"] * 18 + ["Yes"] * 20 + ["No"] * 10
    ...               + ["Yes"] * 22 + ["No"] * 8,
    ... })
    >>> out = compare_rounds(answers).round(1)
    >>> print(out[["audit", "pct", "prev_audit", "verdict", "year_audit", "year_verdict"]]
    ...       .to_string())
         audit   pct prev_audit         verdict year_audit year_verdict
    0  2012 Q3  40.0        NaN             NaN        NaN          NaN
    1  2013 Q2  66.7    2012 Q3        improved        NaN          NaN
    2  2013 Q3  73.3    2013 Q2  no real change    2012 Q3     improved
    """
    groups = _as_columns(by)
    _check_columns(answers, ["audit", *groups, "answer"], "audit")
    credit = partial_credit(partially)
    counts = _answer_counts(answers, ["audit", *groups], credit, confidence)
    rounds = sort_rounds(answers["audit"])
    previous = dict(zip(rounds[1:], rounds[:-1], strict=True))
    a_year_ago = {r: year_earlier(str(r), rounds) for r in rounds}

    base = counts[[*groups, "audit", "successes", "pct", "n", "low", "high"]]
    other = base[[*groups, "audit", "successes", "pct", "n"]].rename(
        columns={"audit": "_other", "successes": "_s", "pct": "_pct", "n": "_n"}
    )
    out = base.copy()
    names = {
        "prev": ("prev_audit", "prev_pct", "prev_n", "change", "change_low", "change_high",
                 "verdict"),
        "year": ("year_audit", "year_pct", "year_n", "year_change", "year_change_low",
                 "year_change_high", "year_verdict"),
    }
    for kind, mapping in (("prev", previous), ("year", a_year_ago)):
        audit_col, pct_col, n_col, change_col, low_col, high_col, verdict_col = names[kind]
        paired = base[[*groups, "audit"]].assign(
            _other=base["audit"].map(mapping).astype(object)
        ).merge(other, on=[*groups, "_other"], how="left")
        has_round = paired["_other"].notna().to_numpy()
        n_other = paired["_n"].fillna(0).where(has_round).to_numpy(dtype=float)
        s_other = paired["_s"].fillna(0).to_numpy(dtype=float)
        change, low, high = _newcombe(
            s_other, np.nan_to_num(n_other), base["successes"], base["n"], confidence
        )
        out[audit_col] = paired["_other"].to_numpy()
        out[pct_col] = paired["_pct"].to_numpy(dtype=float)
        out[n_col] = pd.array(n_other, dtype="Float64").astype("Int64")
        out[change_col] = change
        out[low_col] = low
        out[high_col] = high
        out[verdict_col] = _verdicts(n_other, base["n"], low, high, min_cases, has_round)
    position = out.groupby(groups, sort=False, dropna=False).ngroup() if groups else 0
    out = (
        out.assign(_group=position, _round=_round_rank(out["audit"]))
        .sort_values(["_group", "_round"], kind="stable")
        .drop(columns=["_group", "_round", "successes"])
        .reset_index(drop=True)
    )
    for column in ("prev_audit", "verdict", "year_audit", "year_verdict"):
        out[column] = out[column].astype("str")
    return out


# ------------------------------------------------------------------------------- inspections
def _single_framework(table: pd.DataFrame) -> str | None:
    if "framework" not in table.columns:
        return None
    codes = {canonical_framework(str(f)) for f in table["framework"].dropna().unique()} - {None}
    return codes.pop() if len(codes) == 1 else None


def _scheme_name(scheme: str | None, framework: str | None) -> str:
    if scheme is not None:
        return scheme
    if framework is None:
        raise ValueError("cannot tell the rating scheme from the framework column: give a scheme")
    return scheme_for_framework(framework)


def compare_inspections(
    before: pd.DataFrame,
    after: pd.DataFrame,
    scheme_before: str | None = None,
    scheme_after: str | None = None,
    min_cases: int = 10,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Theme scores of two inspections side by side, and the change.

    Each table holds one inspection (inspection shape); their theme scores come from
    `inspection_summary`. When the frameworks differ (a Core Case Inspection of 2010 against a
    Short Quality Screening of 2013, say) the earlier themes are matched to the later ones through
    the earlier scheme's `crosswalk`, and every row is marked `indicative`: the questions behind
    the scores differ. Columns: `theme, before_theme, before, after, change, change_low,
    change_high, before_cases, after_cases, indicative, verdict`. A verdict (as in `compare_two`,
    treating a theme's score as the share of its cases) is given only where `cases` are known on
    both sides; else it is `not tested (no case counts)`.

    >>> cci = pd.DataFrame({"service": "Anytown", "inspection": "CCI 2010", "framework": "CCI",
    ...     "theme": ["Safeguarding", "Risk of Harm", "Likelihood of Reoffending"],
    ...     "item": "", "score": [70.0, 66.0, 75.0]})
    >>> sqs = pd.DataFrame({"service": "Anytown", "inspection": "SQS 2013", "framework": "SQS",
    ...     "theme": ["Reducing the likelihood of reoffending", "Protecting the public",
    ...               "Protecting the child or young person", "Ensuring that sentence is served"],
    ...     "item": "", "score": [91.0, 91.0, 87.0, 96.0]})
    >>> out = compare_inspections(cci, sqs).round(2)
    >>> print(out[["theme", "before_theme", "before", "after", "indicative"]].to_string())
                                        theme               before_theme  before  after  indicative
    0  Reducing the likelihood of reoffending  Likelihood of Reoffending   75.00  91.00        True
    1                   Protecting the public               Risk of Harm   66.00  91.00        True
    2    Protecting the child or young person               Safeguarding   70.00  87.00        True
    3        Ensuring that sentence is served                        NaN     NaN  96.00        True
    4                                 Overall                    Overall   70.33  91.25        True
    """
    fw_before, fw_after = _single_framework(before), _single_framework(after)
    name_before = _scheme_name(scheme_before, fw_before)
    name_after = _scheme_name(scheme_after, fw_after)
    sum_before = inspection_summary(before, scheme=name_before)
    sum_after = inspection_summary(after, scheme=name_after)
    indicative = (fw_before != fw_after) or (name_before != name_after)

    crosswalk: dict[str, str] = {}
    if indicative:
        crosswalk = {
            match_key(k): v for k, v in get_scheme(name_before).crosswalk.items()
        } or {match_key(v): k for k, v in get_scheme(name_after).crosswalk.items()}

    def cases(table: pd.DataFrame) -> pd.Series:
        themes = theme_averages(table)
        per_theme = dict(zip(_keys(themes["theme"]), themes["cases"], strict=True))
        overall = table.loc[is_overall(table["theme"]), "cases"] if (
            "cases" in table.columns
        ) else pd.Series(dtype=float)
        known = overall.dropna()
        per_theme["overall"] = (
            float(known.iloc[0]) if len(known) else themes["cases"].min(skipna=True)
        )
        return pd.Series(per_theme, dtype=float)

    left = sum_before[["theme", "score"]].rename(
        columns={"theme": "before_theme", "score": "before"}
    )
    left["_key"] = left["before_theme"].map(
        lambda t: match_key(crosswalk.get(match_key(t), t))
    )
    left["before_cases"] = _keys(left["before_theme"]).map(cases(before))
    right = sum_after[["theme", "score"]].rename(columns={"score": "after"})
    right["_key"] = _keys(right["theme"])
    right["after_cases"] = right["_key"].map(cases(after))
    right["_pos"] = np.arange(len(right))

    merged = right.merge(left, on="_key", how="outer", sort=False)
    merged["theme"] = merged["theme"].fillna(merged["before_theme"])
    merged["_pos"] = merged["_pos"].fillna(len(right) - 1.5)  # before-only themes: ahead of Overall
    merged = merged.sort_values("_pos", kind="stable").reset_index(drop=True)

    b_cases = merged["before_cases"].fillna(0).to_numpy(dtype=float)
    a_cases = merged["after_cases"].fillna(0).to_numpy(dtype=float)
    _, low, high = _newcombe(
        np.nan_to_num(merged["before"].to_numpy(dtype=float)) / 100 * b_cases,
        b_cases,
        np.nan_to_num(merged["after"].to_numpy(dtype=float)) / 100 * a_cases,
        a_cases,
        confidence,
    )
    both = (merged["before"].notna() & merged["after"].notna()).to_numpy()
    counted = (merged["before_cases"].notna() & merged["after_cases"].notna()).to_numpy()
    verdict = _verdicts(b_cases, a_cases, low, high, min_cases)
    verdict = np.where(~counted, NOT_TESTED, verdict)
    verdict = np.where(~both, ONE_SIDE, verdict)
    return merged.assign(
        change=merged["after"] - merged["before"],
        change_low=np.where(both & counted, low, np.nan),
        change_high=np.where(both & counted, high, np.nan),
        indicative=indicative,
        verdict=pd.array(verdict, dtype="str"),
        before_cases=merged["before_cases"].astype("Float64").round().astype("Int64"),
        after_cases=merged["after_cases"].astype("Float64").round().astype("Int64"),
    )[
        [
            "theme", "before_theme", "before", "after", "change", "change_low", "change_high",
            "before_cases", "after_cases", "indicative", "verdict",
        ]
    ]


# ------------------------------------------------------------------------------- benchmarks
def _service_values(
    scores: pd.DataFrame, scheme: str, inspection: str | None
) -> tuple[pd.DataFrame, str]:
    """One value per service and theme (and Overall): percentages, or points for a points
    scheme. Returns the long table and the measure."""
    _check_columns(scores, ["service", "inspection", "theme"], "inspection")
    table = scores
    if inspection is not None:
        table = table[_keys(table["inspection"]) == match_key(inspection)]
        if table.empty:
            raise ValueError(f"no inspection {inspection!r} in the scores")
    several = table.groupby("service")["inspection"].nunique()
    several = several[several > 1]
    if len(several):
        raise ValueError(
            "some services have several inspections in the scores ("
            + ", ".join(map(str, several.index[:5]))
            + "): choose one with inspection= or keep one inspection per service"
        )
    measure = get_scheme(scheme).measure
    column = "points" if measure == "points" else "score"
    themes = theme_averages(table)
    value = themes[column].astype(float)
    overall_mask = is_overall(table["theme"])
    source = (
        table[overall_mask]
        .groupby("service", sort=False)[column]
        .first()
        .astype(float)
        if column in table.columns
        else pd.Series(dtype=float)
    )
    per_theme = themes.assign(value=value)[["service", "theme", "value"]]
    if measure == "points":
        computed = per_theme.groupby("service", sort=False)["value"].sum(min_count=1)
        overall = source.reindex(computed.index.union(source.index)).combine_first(computed)
    else:
        computed = per_theme.groupby("service", sort=False)["value"].mean()
        overall = computed.reindex(computed.index.union(source.index)).combine_first(source)
    overall_rows = pd.DataFrame(
        {"service": overall.index, "theme": "Overall", "value": overall.to_numpy()}
    )
    return pd.concat([per_theme, overall_rows], ignore_index=True), measure


def benchmark(
    scores: pd.DataFrame,
    service: str,
    scheme: str = "hmip-2013",
    inspection: str | None = None,
) -> pd.DataFrame:
    """Where `service` stands among the services in `scores`, per theme and overall.

    `scores` is an inspection-shape table of many services (one inspection each; choose one with
    `inspection=` otherwise). Columns: `theme, score, rank, of, joint, percentile, quartile,
    median, lowest, highest, measure`. `rank` 1 is the highest score, and tied services share the
    best rank of their group (`joint` is True); `of` counts the services with a score;
    `percentile` is the share of the other services scoring lower, a tie counting half
    (100 = above all others); `quartile` 1 is the top quarter (percentile 75 or more), 4 the
    bottom (under 25). For `hmip-2018` the values are points (a standard 0-3, overall 0-36).

    >>> scores = pd.DataFrame({"service": list("ABCD"), "inspection": "SQS 2013",
    ...     "theme": "Protecting the public", "item": "", "score": [91.0, 80.0, 91.0, 70.0]})
    >>> benchmark(scores, "A")[["theme", "score", "rank", "of", "joint", "quartile"]]
                       theme  score  rank  of  joint  quartile
    0  Protecting the public   91.0     1   4   True         1
    1                Overall   91.0     1   4   True         1
    """
    values, measure = _service_values(scores, scheme, inspection)
    key = _keys(values["service"])
    if match_key(service) not in set(key):
        raise ValueError(
            f"no service {service!r} among the {values['service'].nunique()} services in the "
            "scores (e.g. " + ", ".join(map(str, values["service"].unique()[:5])) + ")"
        )
    by_theme = values.groupby("theme", sort=False)["value"]
    lower = by_theme.rank(method="min", ascending=True) - 1
    ties = by_theme.rank(method="max") - by_theme.rank(method="min")
    of = by_theme.transform("count")
    with np.errstate(divide="ignore", invalid="ignore"):
        percentile = (lower + ties / 2) / (of - 1) * 100
    ranked = values.assign(
        rank=by_theme.rank(method="min", ascending=False),
        of=of,
        joint=ties > 0,
        percentile=percentile.where(of > 1),
        median=by_theme.transform("median"),
        lowest=by_theme.transform("min"),
        highest=by_theme.transform("max"),
    )
    quartile = pd.Series(
        np.select(
            [ranked["percentile"] >= 75, ranked["percentile"] >= 50, ranked["percentile"] >= 25],
            [1, 2, 3],
            default=4,
        ),
        index=ranked.index,
    ).where(ranked["percentile"].notna() & ranked["value"].notna())
    ranked = ranked.assign(quartile=quartile)[key == match_key(service)]
    order = _framework_order(scores["framework"]) if "framework" in scores.columns else []
    position = {match_key(t): i for i, t in enumerate(order)}
    ranked = ranked.assign(
        _pos=ranked["theme"].map(
            lambda t: math.inf if match_key(t) == "overall" else position.get(match_key(t), 1e9)
        )
    ).sort_values("_pos", kind="stable")
    has_value = ranked["value"].notna()
    return pd.DataFrame(
        {
            "theme": ranked["theme"].to_numpy(),
            "score": ranked["value"].to_numpy(dtype=float),
            "rank": pd.array(ranked["rank"].to_numpy(dtype=float), dtype="Float64").astype(
                "Int64"
            ),
            "of": ranked["of"].astype("Int64").to_numpy(),
            "joint": (ranked["joint"] & has_value).to_numpy(),
            "percentile": ranked["percentile"].where(has_value).to_numpy(dtype=float),
            "quartile": pd.array(ranked["quartile"].to_numpy(dtype=float), dtype="Float64").astype(
                "Int64"
            ),
            "median": ranked["median"].to_numpy(dtype=float),
            "lowest": ranked["lowest"].to_numpy(dtype=float),
            "highest": ranked["highest"].to_numpy(dtype=float),
            "measure": measure,
        }
    )


def ratings_distribution(
    ratings: pd.DataFrame, service: str | None = None, scheme: str = "hmip-2018"
) -> pd.DataFrame:
    """How many services hold each rating, per standard and overall (HMIP 2018 framework).

    Columns: `theme`, one per rating (`Outstanding`, `Good`, `Requires improvement`,
    `Inadequate`), `services` (the number rated) and, when `service` is given, `rating` (its
    rating). A standard's rating is its `rating` word (or the one its `points` stand for). The
    overall rating is the published one where it is a rating word, else the band of the overall
    points. A service inspected more than once counts once, by its latest inspection.

    >>> table = pd.DataFrame({
    ...     "service": ["A", "A", "B", "B"], "inspection": "HMIP 2023",
    ...     "date": pd.to_datetime(["2023-01-10"] * 4),
    ...     "theme": ["Assessment", "Overall"] * 2,
    ...     "rating": ["Good", "Good", "Outstanding", "Outstanding"],
    ...     "points": [2, 26, 3, 32],
    ... })
    >>> print(ratings_distribution(table, service="A").to_string())
            theme  Outstanding  Good  Requires improvement  Inadequate  services rating
    0  Assessment            1     1                     0           0         2   Good
    1     Overall            1     1                     0           0         2   Good
    """
    _check_columns(ratings, ["service", "inspection", "theme"], "ratings")
    sch = get_scheme(scheme)
    words = sorted(sch.ratings, key=sch.ratings.get, reverse=True) or [b.label for b in sch.bands]
    table = ratings
    # each service once: its latest inspection
    date = table["date"] if "date" in table.columns else pd.Series(pd.NaT, index=table.index)
    inspections = (
        table.assign(_date=pd.to_datetime(date, errors="coerce"))
        .loc[:, ["service", "inspection", "_date"]]
        .groupby(["service", "inspection"], sort=False, dropna=False)["_date"]
        .max()
        .reset_index()
        .sort_values("_date", kind="stable", na_position="first")
        .drop_duplicates("service", keep="last")
    )
    table = table.merge(inspections[["service", "inspection"]], on=["service", "inspection"])
    rating = table["rating"] if "rating" in table.columns else pd.Series(np.nan, index=table.index)
    points = (
        table["points"].astype(float)
        if "points" in table.columns
        else pd.Series(np.nan, index=table.index)
    )
    distinct = {w: (sch.band_by_label(str(w)) or None) for w in rating.dropna().unique()}
    canonical = rating.map({w: b.label for w, b in distinct.items() if b is not None})
    overall_mask = is_overall(table["theme"])
    by_points = {v: k for k, v in sch.ratings.items()}
    standard = canonical.where(canonical.notna(), points.map(by_points))
    banded = pd.Series(
        {
            p: sch.band_for(p).label
            for p in points[overall_mask].dropna().unique()
            if sch.range[0] <= p <= sch.range[1]
        },
        dtype=object,
    )
    overall = canonical.where(canonical.notna(), points.map(banded))
    final = standard.where(~overall_mask, overall)
    long = table.assign(theme=table["theme"].where(~overall_mask, "Overall"), _rating=final)
    counts = pd.crosstab(long["theme"], long["_rating"]).reindex(columns=words, fill_value=0)
    order = _framework_order(table["framework"]) if "framework" in table.columns else []
    themes = [t for t in order if t in counts.index]
    themes += [t for t in long["theme"].unique() if t not in themes and t != "Overall"]
    themes += ["Overall"] if "Overall" in counts.index else []
    counts = counts.reindex(themes, fill_value=0)
    counts.columns.name = None
    out = counts.assign(services=counts.sum(axis=1)).rename_axis("theme").reset_index()
    if service is not None:
        mine = long[_keys(long["service"]) == match_key(service)]
        if mine.empty:
            raise ValueError(f"no service {service!r} in the ratings")
        out["rating"] = out["theme"].map(dict(zip(mine["theme"], mine["_rating"], strict=True)))
        out["rating"] = out["rating"].astype("str")
    return out


# -------------------------------------------------------------------------- recommendations
_TRENDS = {
    IMPROVED: "improving",
    DECLINED: "declining",
    NO_CHANGE: "no real change",
    TOO_FEW: "too few cases to say",
}


def track_recommendations(
    recommendations: pd.DataFrame,
    answers: pd.DataFrame,
    partially: float | str | bool = 0.0,
    min_cases: int = 10,
    since: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Each recommendation measured in each audit round against its target.

    A recommendation's percentage pools the answers to its questions (`questions`, ids separated
    by `;`). Columns: `id, recommendation, audit, pct, n, cases, low, high, target, due, status,
    trend, trend_since`: `n` counts the pooled answered, applicable answers (a case answering two
    of the questions counts twice) and `cases` the distinct cases behind them (by `case_ref`).
    `status` is `met` when `pct >= target`, `not met` below it, and `too few cases` when fewer
    than `min_cases` cases stand behind it. `trend` compares the round with the first round
    measured (`trend_since`) by Newcombe's interval on the pooled answers, with the
    `min_cases` threshold on cases: `improving`, `declining`, `no real change` or
    `too few cases to say`. Every round from `since` (default: the first) appears for every
    recommendation, with `n` 0 where nothing was answered.

    >>> recs = pd.DataFrame({"id": ["R1"], "recommendation": ["Review plans on time"],
    ...                      "questions": ["Q3; Q7"], "target": [80]})
    >>> answers = pd.DataFrame({
    ...     "audit": ["2013 Q4"] * 24 + ["2014 Q1"] * 24,
    ...     "question": ["Q3", "Q7"] * 24,
    ...     "answer": ["Yes"] * 10 + ["No"] * 14 + ["Yes"] * 22 + ["No"] * 2,
    ... })
    >>> track_recommendations(recs, answers)[["id", "audit", "pct", "n", "status", "trend"]]
       id    audit        pct   n   status      trend
    0  R1  2013 Q4  41.666667  24  not met        NaN
    1  R1  2014 Q1  91.666667  24      met  improving
    """
    _check_columns(recommendations, ["id", "questions", "target"], "recommendations")
    _check_columns(answers, ["audit", "question", "answer"], "audit")
    credit = partial_credit(partially)
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
    # without case references each row counts as its own case
    case_ref = (
        answers["case_ref"].to_numpy() if "case_ref" in answers.columns else np.arange(len(answers))
    )
    pooled = (
        answers[["audit", "answer"]]
        .assign(_q=answers["question"].map(keys), _case=case_ref)
        .merge(wanted, on="_q")
    )
    rounds = sort_rounds(answers["audit"])
    if since is not None:
        rounds = [r for r in rounds if round_order(r) >= round_order(since)]
        pooled = pooled[pooled["audit"].isin(rounds)]
    counts = _answer_counts(pooled, ["id", "audit"], credit, confidence)
    answered = pooled[pooled["answer"].isin(["Yes", "No", "Partially"])]
    cases = answered.groupby(["id", "audit"], observed=True)["_case"].nunique().rename("cases")
    counts = counts.join(cases, on=["id", "audit"])
    grid = pd.MultiIndex.from_product([recs["id"].unique(), rounds], names=["id", "audit"])
    table = counts.set_index(["id", "audit"]).reindex(grid).reset_index()
    table = table.assign(
        n=table["n"].fillna(0).astype(int),
        cases=table["cases"].fillna(0).astype(int),
        successes=table["successes"].fillna(0.0),
    ).merge(recs[["id", "recommendation", "target", "due"]].drop_duplicates("id"), on="id")
    target = table["target"].astype(float)
    status = np.select(
        [table["cases"] < max(min_cases, 1), table["pct"] >= target],
        ["too few cases", "met"],
        default="not met",
    )
    first = (
        table[table["n"] > 0]
        .groupby("id", sort=False)
        .first()[["audit", "successes", "n", "cases"]]
        .rename(
            columns={"audit": "trend_since", "successes": "_s0", "n": "_n0", "cases": "_c0"}
        )
    )
    table = table.join(first, on="id")
    _, low, high = _newcombe(
        table["_s0"].fillna(0), table["_n0"].fillna(0), table["successes"], table["n"], confidence
    )
    position = {r: i for i, r in enumerate(rounds)}
    later = (
        table["audit"].map(position).astype(float)
        > table["trend_since"].map(position).astype(float)
    ).to_numpy()
    verdict = _verdicts(table["_c0"].fillna(0), table["cases"], low, high, min_cases, later)
    trend = pd.Series(verdict, index=table.index).map(_TRENDS)
    return table.assign(
        status=pd.array(status, dtype="str"),
        trend=trend.astype("str"),
        trend_since=table["trend_since"].astype("str"),
    )[
        [
            "id", "recommendation", "audit", "pct", "n", "cases", "low", "high", "target",
            "due", "status", "trend", "trend_since",
        ]
    ]


def compare_between(
    answers: pd.DataFrame,
    before: str,
    after: str,
    by: str = "theme",
    partially: float | str | bool = 0.0,
    min_cases: int = 10,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Each theme (or question) in audit round `before` against round `after`, in the shape of
    `compare_inspections`: `<by>, before, after, change, change_low, change_high, before_n,
    after_n, indicative, verdict` (never indicative: the same questions on both sides).

    Use it for the two rounds a board paper compares, which need not be consecutive or a year
    apart. `n` counts answered, applicable answers: for a theme, pooled over its questions.

    >>> answers = pd.DataFrame({"audit": ["2013 Q1"] * 20 + ["2014 Q1"] * 20,
    ...     "theme": "Reviews", "answer": ["Yes"] * 8 + ["No"] * 12 + ["Yes"] * 18 + ["No"] * 2})
    >>> row = compare_between(answers, "2013 Q1", "2014 Q1").iloc[0]
    >>> float(row["before"]), float(row["after"]), row["verdict"]
    (40.0, 90.0, 'improved')
    """
    if by not in answers.columns:
        raise ValueError(f"the answers have no column {by!r}")
    present = set(answers["audit"].astype(str).unique())
    for label in (before, after):
        if label not in present:
            raise ValueError(
                f"audit round {label!r} is not in the answers; rounds there: "
                f"{', '.join(sort_rounds(sorted(present)))}"
            )
    credit = partial_credit(partially)
    scores = audit_scores(
        answers[answers["audit"].astype(str).isin([before, after])],
        by=("audit", by),
        partially=partially,
    ).assign(successes=lambda t: t["yes"] + credit * t["partially"])
    sides = {
        label: scores[scores["audit"].astype(str) == label].set_index(by)[["successes", "n"]]
        for label in (before, after)
    }
    joined = (
        sides[before].add_suffix("_b").join(sides[after].add_suffix("_a"), how="outer").fillna(0)
    )
    rows = []
    for key, row in joined.iterrows():  # one comparison per theme or question, not per answer
        result = compare_two(row["successes_b"], row["n_b"], row["successes_a"], row["n_a"],
                             min_cases=min_cases, confidence=confidence)
        rows.append({by: key, "before": result.before, "after": result.after,
                     "change": result.change, "change_low": result.low,
                     "change_high": result.high, "before_n": int(row["n_b"]),
                     "after_n": int(row["n_a"]), "indicative": False,
                     "verdict": result.verdict})
    order = list(dict.fromkeys(answers[by].dropna().astype(str)))
    table = pd.DataFrame(rows)
    return table.assign(_o=table[by].astype(str).map({k: i for i, k in enumerate(order)})) \
        .sort_values("_o").drop(columns="_o").reset_index(drop=True)


def services_overview(
    answers: pd.DataFrame,
    partially: float | str | bool = 0.0,
    min_cases: int = 10,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Each service's latest audit round against the same round a year earlier, for a regional
    summary: `service, audit, pct, n, low, high, year_audit, year_pct, year_n, change,
    change_low, change_high, verdict` (all questions pooled, so `n` counts answers).

    >>> answers = pd.DataFrame({"service": "A", "audit": ["2013 Q1"] * 20 + ["2014 Q1"] * 20,
    ...     "answer": ["Yes"] * 8 + ["No"] * 12 + ["Yes"] * 18 + ["No"] * 2})
    >>> row = services_overview(answers).iloc[0]
    >>> row["audit"], row["year_audit"], round(float(row["pct"])), row["verdict"]
    ('2014 Q1', '2013 Q1', 90, 'improved')
    """
    credit = partial_credit(partially)
    scores = audit_scores(answers, by=("service", "audit"), partially=partially).assign(
        successes=lambda t: t["yes"] + credit * t["partially"],
        audit=lambda t: t["audit"].astype(str),
    )
    rows = []
    for service, group in scores.groupby("service", sort=True, observed=True):
        group = group.set_index("audit")
        latest = sort_rounds(list(group.index))[-1]
        now = group.loc[latest]
        earlier = year_earlier(latest, list(group.index))
        row = {"service": service, "audit": latest, "pct": now["pct"], "n": int(now["n"]),
               "low": now["low"], "high": now["high"], "year_audit": earlier,
               "year_pct": np.nan, "year_n": 0, "change": np.nan, "change_low": np.nan,
               "change_high": np.nan, "verdict": "no round a year earlier"}
        if earlier is not None:
            before = group.loc[earlier]
            result = compare_two(before["successes"], before["n"], now["successes"], now["n"],
                                 min_cases=min_cases, confidence=confidence)
            row.update(year_pct=before["pct"], year_n=int(before["n"]), change=result.change,
                       change_low=result.low, change_high=result.high, verdict=result.verdict)
        rows.append(row)
    return pd.DataFrame(rows)
