"""Scores: bands and stars, Wilson intervals, inspection summaries and case file audit scores.

Every function takes data and gives data back (no files are read or written here). Percentages are
kept at full precision; rounding to whole numbers is the narrative's job.

>>> band(87).label, band(87).stars_text
('Good', '★★★★')
>>> [round(x, 1) for x in wilson_interval(17, 20)]
[64.0, 94.8]
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from yosanalysis.format import MAX_STARS, stars
from yosanalysis.schemes import (
    Scheme,
    canonical_framework,
    canonical_theme,
    get_scheme,
    scheme_for_framework,
)
from yosanalysis.text import match_key

__all__ = [
    "ANSWERS",
    "NOT_GIVEN",
    "BandResult",
    "audit_scores",
    "band",
    "inspection_summary",
    "partial_credit",
    "round_order",
    "sort_rounds",
    "theme_averages",
    "wilson_interval",
    "wilson_intervals",
]

#: The canonical answers of an audit table; a missing answer is *unanswered*.
ANSWERS = ("Yes", "No", "Partially", "N/A")

_INSPECTION_KEYS = ["service", "inspection"]

#: What the pack says where an overall rating is neither published nor computable (never `nan`).
NOT_GIVEN = "not given"


# --------------------------------------------------------------------------------------- bands
@dataclass(frozen=True)
class BandResult:
    """The band a value falls in under a rating scheme.

    >>> band(72)
    BandResult(label='Satisfactory', stars=3, stars_text='★★★☆', scheme='hmip-2013', value=72.0)
    """

    label: str
    stars: int | None
    stars_text: str
    scheme: str
    value: float


def band(value: float, scheme: str = "hmip-2013") -> BandResult:
    """The band, stars and label of `value` under `scheme`.

    For `hmip-2013` (and `cci`) the value is a percentage, 0-100; for `hmip-2018` it is the
    overall points out of 36. A value outside the scheme's range, a missing value (NaN) or a value
    that is not a number raises ValueError.

    >>> band(79.9).label, band(80).label
    ('Satisfactory', 'Good')
    >>> band(31, "hmip-2018").label, band(30, "hmip-2018").stars  # HMIP gives no stars
    ('Outstanding', None)
    >>> band(101)
    Traceback (most recent call last):
    ...
    ValueError: 101.0 is outside the hmip-2013 scheme's range 0-100%
    """
    sch = get_scheme(scheme)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a number, so it has no {scheme} band") from None
    if math.isnan(number):
        raise ValueError(f"a missing value (NaN) has no {scheme} band")
    found = sch.band_for(number)
    if found.stars is None:  # a scheme without stars: none are made up
        return BandResult(label=found.label, stars=None, stars_text="", scheme=sch.name,
                          value=number)
    out_of = max(b.stars or 0 for b in sch.bands)
    return BandResult(
        label=found.label,
        stars=int(found.stars),
        stars_text=stars(found.stars, max(out_of, MAX_STARS)),
        scheme=sch.name,
        value=number,
    )


# ---------------------------------------------------------------------------- Wilson intervals
def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, not {confidence!r}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_intervals(
    successes: Sequence[float] | np.ndarray | pd.Series,
    n: Sequence[float] | np.ndarray | pd.Series,
    confidence: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised Wilson score intervals, in percent: arrays `(low, high)`, NaN where `n == 0`.

    `successes` may be fractional (a `Partially` answer earning half credit). Every interval
    contains its estimate `successes / n * 100`.

    >>> low, high = wilson_intervals([17, 0, 0], [20, 10, 0])
    >>> low.round(1).tolist(), high.round(1).tolist()
    ([64.0, 0.0, nan], [94.8, 27.8, nan])
    """
    s = np.asarray(successes, dtype=float)
    m = np.asarray(n, dtype=float)
    if np.any(m < 0) or np.any(s < 0) or np.any(s > m):
        raise ValueError("successes must lie between 0 and n, and n must not be negative")
    z = _z(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = s / m
        z2n = z * z / m
        denom = 1 + z2n
        centre = (p + z2n / 2) / denom
        half = z * np.sqrt(p * (1 - p) / m + z2n / (4 * m)) / denom
        low = np.clip(centre - half, 0.0, 1.0)
        high = np.clip(centre + half, 0.0, 1.0)
        # the interval always holds its estimate; guard the last bit against rounding
        low = np.where(m > 0, np.minimum(low, p), np.nan)
        high = np.where(m > 0, np.maximum(high, p), np.nan)
    return low * 100, high * 100


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of `successes` out of `n`, in percent; `(nan, nan)` if `n == 0`.

    >>> tuple(round(x, 1) for x in wilson_interval(17, 20))
    (64.0, 94.8)
    >>> wilson_interval(0, 0)
    (nan, nan)
    """
    low, high = wilson_intervals([successes], [n], confidence)
    return float(low[0]), float(high[0])


# ----------------------------------------------------------------------------- audit rounds
_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_TOKENS = re.compile(r"\d+|[a-z]+")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}


def round_order(label: object) -> tuple:
    """A sort key that puts audit rounds in their natural order: year first, then month or
    quarter, numbers compared as numbers (`2012 Q1` < `2012 Q2` < `2012 Q10` < `2013 Q1`).

    >>> sorted(["2013 Q1", "2012 Q2", "Q1 2012", "2012 Q10"], key=round_order)
    ['Q1 2012', '2012 Q2', '2012 Q10', '2013 Q1']
    >>> sorted(["March 2013", "January 2013", "Dec 2012"], key=round_order)
    ['Dec 2012', 'January 2013', 'March 2013']
    """
    if label is None or (isinstance(label, float) and math.isnan(label)):
        return (1,)
    text = str(label).lower()
    found = _YEAR.search(text)
    year = int(found.group()) if found else -1
    rest = text if found is None else text[: found.start()] + " " + text[found.end() :]
    tokens = _TOKENS.findall(rest)
    month = next((_MONTHS[t[:3]] for t in tokens if t[:3] in _MONTHS and len(t) >= 3), 0)
    natural = tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in tokens)
    return (0, year, month, natural, text)


def sort_rounds(labels: Sequence[object] | pd.Series) -> list:
    """The distinct audit rounds in `labels`, in their natural order (missing ones dropped).

    >>> sort_rounds(["2013 Q1", "2012 Q3", "2013 Q1", "2012 Q4"])
    ['2012 Q3', '2012 Q4', '2013 Q1']
    """
    values = labels if isinstance(labels, pd.Series) else pd.Series(list(labels), dtype=object)
    distinct = values.dropna().unique().tolist()
    return sorted(distinct, key=round_order)


def _round_rank(values: pd.Series) -> pd.Series:
    """Each value's position in the natural order of the distinct values (for sort_values)."""
    rank = {v: i for i, v in enumerate(sort_rounds(values))}
    return values.map(rank).astype(float)


_PARTIAL_WORDS = {"no": 0.0, "none": 0.0, "yes": 1.0, "full": 1.0, "half": 0.5}


def partial_credit(partially: float | str | bool) -> float:
    """The credit a `Partially` answer earns: 0, 0.5 or 1, from a number or a word.

    `no` = 0 (the contract's default: partially is not sufficient), `half` = 0.5, `yes` = 1; the
    booleans that YAML makes of `yes`/`no` are read the same way. Anything else raises ValueError.

    >>> partial_credit("half"), partial_credit(True), partial_credit(0)
    (0.5, 1.0, 0.0)
    """
    if isinstance(partially, bool):
        return 1.0 if partially else 0.0
    if isinstance(partially, str):
        key = match_key(partially)
        if key in _PARTIAL_WORDS:
            return _PARTIAL_WORDS[key]
        try:
            partially = float(partially)
        except ValueError:
            partially = math.nan
    if isinstance(partially, (int, float, np.number)) and float(partially) in (0.0, 0.5, 1.0):
        return float(partially)
    raise ValueError(
        f"partially must be 0, 0.5 or 1 (or 'no', 'half', 'yes'), not {partially!r}"
    )


def _keys(values: pd.Series) -> pd.Series:
    """`match_key` of each value, worked out once per distinct value."""
    distinct = values.dropna().unique()
    return values.map(dict(zip(distinct, map(match_key, map(str, distinct)), strict=True)))


def is_overall(values: pd.Series) -> pd.Series:
    """True where a theme is the whole-inspection `Overall` row, whatever its spelling. The one
    way the suite finds it.

    >>> is_overall(pd.Series(["Planning", " OVERALL ", None])).tolist()
    [False, True, False]
    """
    return _keys(values).eq("overall").fillna(False).astype(bool)


def overall_row(table: pd.DataFrame) -> pd.Series:
    """The `Overall` row of a table with a `theme` column (`inspection_summary`, `benchmark`);
    ValueError when it has none.

    >>> overall_row(pd.DataFrame({"theme": ["Planning", "Overall"], "score": [80, 90]}))["score"]
    np.int64(90)
    """
    rows = table[is_overall(table["theme"])]
    if rows.empty:
        raise ValueError("the table has no Overall row: make it with inspection_summary")
    return rows.iloc[0]


def _as_columns(by: str | Sequence[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def _check_columns(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            f"the {what} table has no column {', '.join(map(repr, missing))}; "
            f"its columns are {', '.join(map(str, table.columns))}"
        )


def _answer_counts(
    answers: pd.DataFrame, by: Sequence[str], credit: float, confidence: float = 0.95
) -> pd.DataFrame:
    """Counts, successes, pct and Wilson interval per group of `by` (groups in first-appearance
    order, audit rounds in natural order)."""
    by = list(by)
    _check_columns(answers, [*by, "answer"], "audit")
    answer = answers["answer"]
    unknown = answer.dropna()
    unknown = unknown[~unknown.isin(ANSWERS) & unknown.astype(str).str.strip().ne("")]
    if len(unknown):
        raise ValueError(
            f"unknown answers {sorted(map(str, unknown.unique()))[:5]}; an audit table's answers "
            f"are {', '.join(ANSWERS)} or empty (unanswered) — clean the file with yosanalysis.load"
        )
    indicators = pd.DataFrame(
        {
            "yes": answer.eq("Yes"),
            "partially": answer.eq("Partially"),
            "no": answer.eq("No"),
            "na": answer.eq("N/A"),
        },
        index=answers.index,
    ).fillna(False)
    indicators["unanswered"] = ~indicators.any(axis=1)
    counts = (
        pd.concat([answers[by], indicators.astype(int)], axis=1)
        .groupby(by, sort=False, dropna=False)
        .sum()
        .reset_index()
    )
    counts["n"] = counts["yes"] + counts["partially"] + counts["no"]
    counts["successes"] = counts["yes"] + credit * counts["partially"]
    low, high = wilson_intervals(counts["successes"], counts["n"], confidence)
    counts = counts.assign(
        pct=(counts["successes"] / counts["n"].where(counts["n"] > 0)) * 100, low=low, high=high
    )
    if "audit" in by:
        counts = counts.sort_values("audit", key=_round_rank, kind="stable", ignore_index=True)
    return counts


def audit_scores(
    answers: pd.DataFrame,
    by: str | Sequence[str] = ("audit", "theme"),
    partially: float | str | bool = 0.0,
) -> pd.DataFrame:
    """Case file audit scores per group: counts of each answer, `n`, `cases`, `pct` and its 95%
    interval (`low`, `high`).

    `n` counts the scored (answered, applicable) answers (Yes + No + Partially) and `cases` the
    children behind them (distinct `case_ref` with a scored answer; see `yosanalysis.cases`);
    `N/A` and unanswered questions are counted (`na`, `unanswered`) but left out of the
    percentage. The interval is Wilson's, on the effective sample size where a group holds
    several answers a case (`yosanalysis.cases.case_rates`).
    `pct = (yes + partially × credit) / n × 100`, NaN when `n == 0`. `partially` is the credit a
    `Partially` answer earns: 0 (the default), 0.5 or 1, or the words `no`, `half`, `yes`.
    `by` names any canonical columns, e.g. `("audit", "question")` or `"audit"`. Groups keep the
    order they first appear in, with audit rounds in their natural order.

    >>> answers = pd.DataFrame({
    ...     "audit": ["2013 Q1"] * 4 + ["2012 Q4"] * 2,
    ...     "theme": ["Reviewing"] * 6,
    ...     "answer": ["Yes", "Yes", "Partially", "N/A", "No", None],
    ... })
    >>> audit_scores(answers)[["audit", "yes", "partially", "no", "na", "unanswered", "n", "pct"]]
         audit  yes  partially  no  na  unanswered  n        pct
    0  2012 Q4    0          0   1   0           1  1   0.000000
    1  2013 Q1    2          1   0   1           0  3  66.666667
    >>> audit_scores(answers, by="audit", partially="half")["pct"].round(1).tolist()
    [0.0, 83.3]
    """
    from yosanalysis.cases import case_rates  # cases.py builds on this module

    columns = _as_columns(by)
    rates = case_rates(answers, columns, partially)
    return rates.rename(columns={"answers": "n"})[
        [*columns, "yes", "partially", "no", "na", "unanswered", "n", "cases", "pct", "low", "high"]
    ]


# -------------------------------------------------------------------------------- inspections
def _blank(values: pd.Series) -> pd.Series:
    return values.isna() | values.astype(str).str.strip().eq("")


def _framework_order(frameworks: pd.Series) -> list[str]:
    """The canonical themes of the (single) framework in `frameworks`, in the scheme's order."""
    codes = {canonical_framework(str(f)) for f in frameworks.dropna().unique()} - {None}
    if len(codes) != 1:
        return []
    code = codes.pop()
    return list(get_scheme(scheme_for_framework(code)).frameworks[code].themes)


def theme_averages(scores: pd.DataFrame) -> pd.DataFrame:
    """Theme scores per service and inspection (vectorised; the `Overall` theme left out):
    `service, inspection, framework, theme, score, min, max, items, points, rating, cases`.

    A theme's score is the mean of its items' scores, or its theme-level row's score where it has
    no scored items; `min`/`max` are over its items; `points` and `rating` come from its
    theme-level row; `cases` from that row, else the fewest cases behind any of its items.
    Themes keep the order they first appear in.

    >>> scores = pd.DataFrame({
    ...     "service": ["A", "A", "B"], "inspection": "SQS 2013",
    ...     "theme": "Protecting the public", "item": ["Assessment", "Planning", ""],
    ...     "score": [90.0, 70.0, 85.0],
    ... })
    >>> theme_averages(scores)[["service", "theme", "score", "items"]]
      service                  theme  score  items
    0       A  Protecting the public   80.0      2
    1       B  Protecting the public   85.0      0
    """
    _check_columns(scores, [*_INSPECTION_KEYS, "theme", "score"], "inspection")
    table = scores.copy()
    for column in ("framework", "item", "points", "rating", "cases"):
        if column not in table.columns:
            table[column] = np.nan
    table = table[~is_overall(table["theme"])]
    keys = [*_INSPECTION_KEYS, "theme"]
    is_item = ~_blank(table["item"])
    groups = table[keys].drop_duplicates()
    first = table.groupby(keys, sort=False).agg(framework=("framework", "first"))
    items = (
        table[is_item & table["score"].notna()]
        .groupby(keys, sort=False)
        .agg(
            item_score=("score", "mean"),
            min=("score", "min"),
            max=("score", "max"),
            items=("score", "count"),
            item_cases=("cases", "min"),
        )
    )
    level = (
        table[~is_item]
        .groupby(keys, sort=False)
        .agg(
            level_score=("score", "mean"),
            points=("points", "first"),
            rating=("rating", "first"),
            level_cases=("cases", "first"),
        )
    )
    out = groups.join(first, on=keys).join(items, on=keys).join(level, on=keys)
    has_items = out["items"].fillna(0) > 0
    out = out.assign(
        score=out["item_score"].where(has_items, out["level_score"]).astype(float),
        items=out["items"].fillna(0).astype(int),
        cases=out["level_cases"].combine_first(out["item_cases"]).astype(float),
    )
    columns = [*keys, "framework", "score", "min", "max", "items", "points", "rating", "cases"]
    return out[columns].reset_index(drop=True)


def _choose_one(
    scores: pd.DataFrame, service: str | None, inspection: str | None
) -> pd.DataFrame:
    """The rows of one service's one inspection; ValueError naming the choices otherwise."""
    _check_columns(scores, _INSPECTION_KEYS, "inspection")
    table = scores
    if service is not None:
        table = table[_keys(table["service"]) == match_key(service)]
        if table.empty:
            raise ValueError(
                f"no service {service!r} in the scores; services: "
                + ", ".join(map(str, sort_rounds(scores["service"])))
            )
    if inspection is not None:
        chosen = table[_keys(table["inspection"]) == match_key(inspection)]
        if chosen.empty:
            raise ValueError(
                f"no inspection {inspection!r} in the scores; inspections: "
                + ", ".join(map(str, sort_rounds(table["inspection"])))
            )
        table = chosen
    pairs = table[_INSPECTION_KEYS].drop_duplicates()
    if len(pairs) > 1:
        services = pairs["service"].unique()
        if len(services) > 1:
            names = ", ".join(map(str, services))
            raise ValueError(
                f"the scores hold several services; choose one with service=: {names}"
            )
        names = ", ".join(map(str, sort_rounds(pairs["inspection"])))
        raise ValueError(
            f"the scores hold several inspections; choose one with inspection=: {names}"
        )
    if table.empty:
        raise ValueError("the scores table is empty")
    return table


def _resolve_scheme(scheme: str | None, frameworks: pd.Series) -> Scheme:
    if scheme is not None:
        return get_scheme(scheme)
    codes = {canonical_framework(str(f)) for f in frameworks.dropna().unique()} - {None}
    if len(codes) != 1:
        raise ValueError("cannot tell the rating scheme from the framework column: give scheme=")
    return get_scheme(scheme_for_framework(codes.pop()))


def _band_columns(
    values: pd.Series, scheme: Scheme, ratings: pd.Series | None = None
) -> tuple[pd.Series, pd.Series]:
    """Band label and stars for each value (missing where the value is missing); where a
    `rating` word is given and names one of the scheme's bands, it is used as it stands."""
    labels = pd.Series(pd.NA, index=values.index, dtype="str")
    stars = pd.Series(pd.NA, index=values.index, dtype="Int64")
    for idx, value in values.dropna().items():  # one call per theme (a dozen at most)
        found = band(value, scheme.name)
        labels[idx] = found.label
        stars[idx] = pd.NA if found.stars is None else found.stars
    if ratings is not None:
        for idx, word in ratings.dropna().items():
            named = scheme.band_by_label(str(word))
            if named is not None:
                labels[idx] = named.label
                stars[idx] = pd.NA if named.stars is None else named.stars
            elif str(word) == NOT_GIVEN:
                labels[idx] = NOT_GIVEN
    return labels, stars


def inspection_summary(
    scores: pd.DataFrame,
    service: str | None = None,
    inspection: str | None = None,
    scheme: str | None = "hmip-2013",
) -> pd.DataFrame:
    """One row per theme, then `Overall`: `theme, score, min, max, items, band, stars`.

    A theme's score is the mean of its items' scores (or its theme-level row's score where it has
    no items); `min`/`max` are over its items and `items` counts them. The overall score is the
    mean of the theme scores, as HMIP's 2013 screening reports did, and the overall `min`/`max`
    run across every item (and the score of any theme that has no items). An `Overall` row in
    the source is not a theme: its score is used only when no theme has a score (as in the
    `hmip-2018` ratings, whose standards carry a rating but no percentage). Themes follow the
    framework's order in its scheme, then any others in the order they first appear.

    `band`/`stars` come from `scheme` (`None`: the scheme of the table's framework). For a points
    scheme (`hmip-2018`) or a ratings scheme (`hmip-2025`) see `_rated_summary`: a standard's band
    is its rating, and the table gains `points`, `counted`, `source` and `note`. If the table
    holds several services or inspections, choose one with `service=` / `inspection=`
    (ValueError otherwise, naming the choices). Scores keep their full precision.

    >>> scores = pd.DataFrame({
    ...     "service": "Anytown", "inspection": "SQS 2013", "framework": "SQS",
    ...     "theme": ["Protecting the public"] * 2 + ["Ensuring that sentence is served"],
    ...     "item": ["Assessment", "Planning", ""], "score": [90.0, 70.0, 96.0],
    ... })
    >>> inspection_summary(scores)
                                   theme  score   min   max  items band  stars
    0              Protecting the public   80.0  70.0  90.0      2 Good      4
    1   Ensuring that sentence is served   96.0   NaN   NaN      0 Good      4
    2                            Overall   88.0  70.0  96.0      2 Good      4
    """
    table = _choose_one(scores, service, inspection)
    frameworks = table["framework"] if "framework" in table.columns else pd.Series(dtype=object)
    sch = _resolve_scheme(scheme, frameworks)
    themes = theme_averages(table)
    order = _framework_order(frameworks)
    if order:
        known = {match_key(t): i for i, t in enumerate(order)}
        framework = frameworks.dropna().iloc[0]
        position = themes["theme"].map(
            lambda t: known.get(match_key(canonical_theme(framework, t) or t), len(known))
        )
        themes = themes.assign(_pos=position).sort_values("_pos", kind="stable")

    overall_rows = table[is_overall(table["theme"])]
    source_overall = overall_rows["score"].dropna() if "score" in overall_rows else pd.Series()
    source_points = (
        overall_rows["points"].dropna() if "points" in overall_rows.columns else pd.Series()
    )
    item_scores = table.loc[
        ~_blank(table["item"]) if "item" in table.columns else pd.Series(False, index=table.index),
        "score",
    ]
    item_scores = item_scores[~is_overall(table.loc[item_scores.index, "theme"])].dropna()
    scored_themes = themes["score"].dropna()
    overall_score = (
        scored_themes.mean()
        if len(scored_themes)
        else (source_overall.iloc[0] if len(source_overall) else np.nan)
    )
    # the range runs over every score behind the themes: items, and themes scored as a whole
    spread = pd.concat([item_scores, themes.loc[themes["items"].eq(0), "score"]]).dropna()
    overall = pd.DataFrame(
        {
            "theme": ["Overall"],
            "score": [float(overall_score)],
            "min": [spread.min() if len(spread) else np.nan],
            "max": [spread.max() if len(spread) else np.nan],
            "items": [len(item_scores)],
        }
    )
    summary = pd.concat(
        [themes[["theme", "score", "min", "max", "items"]], overall], ignore_index=True
    ).astype({"score": float, "min": float, "max": float, "items": int})

    if sch.measure in ("points", "rating"):
        return _rated_summary(summary, themes, overall_rows, source_points, sch, frameworks)
    labels, stars = _band_columns(summary["score"], sch)
    return summary.assign(band=labels, stars=stars)


def _rated_summary(
    summary: pd.DataFrame, themes: pd.DataFrame, overall_rows: pd.DataFrame,
    source_points: pd.Series, sch: Scheme, frameworks: pd.Series,
) -> pd.DataFrame:
    """The summary of an inspection rated by standards (HMIP from 2018): each standard's band is
    its rating word (or the rating its points stand for), with its `points` and whether it is
    `counted` toward the overall rating. The overall row's band is the published overall rating;
    else, under a points scheme, the band of the counted standards' points when every counted
    standard is rated (`source` "computed"); else `NOT_GIVEN`, with a `note` saying why. Its
    `score` is the points as a percentage of the available points. No stars are made up."""
    from yosanalysis.schemes import standards_of

    fw = next((str(f) for f in frameworks.dropna().unique()), "")
    standards = {s.label: s for s in standards_of(fw)} if fw else {}
    by_points = {v: k for k, v in sch.ratings.items()}
    ratings = themes["rating"].where(themes["rating"].notna(), themes["points"].map(by_points))
    points = themes["rating"].map(sch.ratings).astype(float)
    points = points.where(points.notna(), themes["points"].astype(float))
    counted = themes["theme"].map(lambda t: standards[t].counted if t in standards else True)
    wanted = [label for label, s in standards.items() if s.counted]
    rated = set(themes.loc[ratings.notna(), "theme"])
    missing = [label for label in wanted if label not in rated]
    uncounted = [label for label, s in standards.items() if not s.counted]
    max_points = sch.max_points or np.nan

    published = (overall_rows["rating"].dropna() if "rating" in overall_rows.columns
                 else pd.Series(dtype=object))
    overall_points, source, note = np.nan, "published", ""
    source_score = (overall_rows["score"].dropna() if "score" in overall_rows.columns
                    else pd.Series(dtype=float))
    if len(source_points):
        overall_points = float(source_points.iloc[0])
    elif len(source_score) and sch.measure == "points":
        overall_points = round(float(source_score.iloc[0]) * max_points / 100, 2)
    elif sch.measure == "points" and wanted and not missing:
        overall_points = float(points[counted & themes["theme"].isin(wanted)].sum())
        source = "computed"
    if len(published):
        overall_rating = str(published.iloc[0])
    elif overall_points == overall_points:
        overall_rating = band(overall_points, sch.name).label
    else:
        overall_rating, source = NOT_GIVEN, NOT_GIVEN
    if source == "computed":
        note = (f"computed from the {len(wanted)} counted standards' points: "
                f"{overall_points:g} of {max_points:g}")
        if uncounted:
            note += f"; {', '.join(uncounted)} not counted"
    elif source == NOT_GIVEN:
        if sch.measure == "rating":
            note = (f"no overall rating in the file, and HMIP publishes no rule for forming the "
                    f"{sch.name} overall rating from the standards' ratings")
        elif missing:
            note = (f"no overall rating in the file, and it cannot be worked out: "
                    f"{len(missing)} of the {len(wanted)} counted standards "
                    f"{'has' if len(missing) == 1 else 'have'} no rating "
                    f"({', '.join(missing)})")
        else:
            note = "no overall rating or points in the file"
    if len(source_score):  # the published percentage, as published
        score = float(source_score.iloc[0])
    else:
        score = overall_points / max_points * 100 if overall_points == overall_points else np.nan
    out = summary.copy()
    out.loc[out.index[-1], "score"] = score
    out["points"] = [*points.tolist(), overall_points]
    out["counted"] = [*counted.astype(bool).tolist(), True]
    out["source"] = ["published"] * len(themes) + [source]
    out["note"] = [""] * len(themes) + [note]
    all_ratings = pd.concat([ratings, pd.Series([overall_rating])], ignore_index=True)
    labels, stars = _band_columns(pd.Series(np.nan, index=out.index), sch, all_ratings)
    return out.assign(band=labels, stars=stars)
