"""Inspections against earlier inspections (also across frameworks), a service against other
services, and how many services hold each rating.

>>> scores = pd.DataFrame({"service": list("AB"), "inspection": "SQS 2013",
...     "theme": "Protecting the public", "item": "", "score": [91.0, 80.0]})
>>> int(benchmark(scores, "B")["rank"].iloc[0])
2
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from yosanalysis.compare.two import _newcombe, _verdicts
from yosanalysis.schemes import canonical_framework, get_scheme, scheme_for_framework
from yosanalysis.scoring import (
    _check_columns,
    _framework_order,
    _keys,
    inspection_summary,
    is_overall,
    theme_averages,
)
from yosanalysis.text import match_key

__all__ = ["benchmark", "compare_inspections", "ratings_distribution"]

NOT_TESTED = "not tested (no case counts)"
ONE_SIDE = "not compared (theme on one side only)"


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
