"""The sentences a board paper says about the numbers, in plain British English.

Percentages are written as whole numbers, rounded half up as a person rounds (91.25 -> 91,
86.5 -> 87), not to the nearest even number as Python's `round` does. A sentence never claims an
improvement or a decline that the comparison did not find, always says how many cases stand behind
a change, and says so plainly when there are too few cases to tell.

>>> from yosanalysis.format import round_half_up
>>> round_half_up(86.5), round(86.5)
(87, 86)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from yosanalysis.compare import DECLINED, IMPROVED, NO_CHANGE, TOO_FEW, Comparison
from yosanalysis.format import is_missing, names_list, ordinal, percent, round_half_up
from yosanalysis.format import stars as stars_text
from yosanalysis.privacy.suppress import is_suppressed, suppressed_flags
from yosanalysis.schemes import available_schemes, get_scheme
from yosanalysis.scoring import NOT_GIVEN, band, is_overall, overall_row
from yosanalysis.verdicts import TargetStatus, Verdict

__all__ = [
    "benchmark_sentence",
    "change_sentence",
    "changes_summary",
    "headline",
    "lowest_sentence",
    "ratings_headline",
    "recommendation_sentence",
    "row_change_sentence",
    "theme_lines",
]

_EN_DASH = "–"



def _cases(n: float, unit: str = "cases") -> str:
    n = int(n)
    return f"{n} {unit.removesuffix('s')}" if n == 1 else f"{n} {unit}"


def _answers(row: Mapping[str, Any] | pd.Series) -> Any:
    """A row's count of answers: `answers`, or `n` in tables made before issue 13."""
    found = _get(row, "answers") if "answers" in row else None
    return _get(row, "n") if found is None else found


def _range(row: Mapping[str, Any] | pd.Series) -> str:
    """` (95% interval 75% to 98%)` where the row has one, else ''."""
    low = _get(row, "low") if "low" in row else None
    high = _get(row, "high") if "high" in row else None
    if is_missing(low) or is_missing(high):
        return ""
    return f" (95% interval {percent(low)} to {percent(high)})"


def _behind(row: Mapping[str, Any] | pd.Series) -> str:
    """`24 cases`, or `48 answers from 24 cases` where pooled answers outnumber the cases."""
    n, cases = _answers(row), (_get(row, "cases") if "cases" in row else None)
    if is_missing(cases) or int(cases) == int(n):
        return _cases(n)
    return f"{_cases(n, 'answers')} from {_cases(cases)}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def headline(summary: pd.DataFrame, service: str | None = None, threshold: int = 5) -> str:
    """The headline sentence of the Scores section, from an `inspection_summary`; an Overall
    row flagged `suppressed` (`yosanalysis.pages.withheld`) gives no score, naming `threshold`.

    >>> summary = pd.DataFrame({"theme": ["Overall"], "score": [91.25], "min": [80.0],
    ...                         "max": [100.0]})
    >>> headline(summary)
    'The overall average score was 91%, with scores ranging from 80% to 100%.'
    >>> headline(summary, service="Stockton-on-Tees")
    'The overall average score for Stockton-on-Tees was 91%, with scores ranging from 80% to 100%.'
    """
    row = overall_row(summary)
    if is_suppressed(row):
        whose = f" for {service}" if service else ""
        return (f"The overall score{whose} is withheld, so that no score resting on fewer "
                f"than {threshold} cases can be worked out from it.")
    if is_missing(row["score"]):
        raise ValueError("the summary's Overall row has no score")
    whose = f" for {service}" if service else ""
    sentence = f"The overall average score{whose} was {percent(row['score'])}"
    low, high = row.get("min"), row.get("max")
    if is_missing(low) or is_missing(high):
        return sentence + "."
    if round_half_up(low) == round_half_up(high):
        return sentence + f", with every score at {percent(low)}."
    return sentence + f", with scores ranging from {percent(low)} to {percent(high)}."


def _percent_scheme_of(label: str) -> str | None:
    """The percentage scheme one of whose bands is called `label`."""
    for name in available_schemes():
        scheme = get_scheme(name)
        if scheme.measure == "percent" and scheme.band_by_label(label) is not None:
            return name
    return None


def _shown_percent(score: float, label: object, scheme: str | None) -> str:
    """The whole percentage, or one decimal place where rounding would carry the score into
    another band than the one it is in (79.6 is Satisfactory: `79.6%`, not `80%`)."""
    if is_missing(label):
        return percent(score)
    name = scheme or _percent_scheme_of(str(label))
    if name is None or get_scheme(name).measure != "percent":
        return percent(score)
    if band(round_half_up(score), name).label != str(label):
        return f"{float(score):.1f}%"
    return percent(score)


def theme_lines(summary: pd.DataFrame, scheme: str | None = None) -> list[str]:
    """One line per theme (the Overall row left out): name, an en dash, the whole percentage and
    the band with its stars, e.g. `Protecting the child or young person – 87% (Good ★★★★)`.

    Themes keep their canonical spelling from the scheme (sentence case, as GOV.UK writes), not
    the seed's mixed capitals: one spelling everywhere in a pack. A standard rated without a
    percentage (HMIP 2018) reads `Assessment – Good ★★★☆`. Bands are read from the unrounded
    score, so where rounding would carry a score across a band boundary the line shows one
    decimal place (`79.6% (Satisfactory ★★★☆)`), never `80% (Satisfactory …)`. `scheme` names
    the scheme of the bands (default: the percentage scheme whose band names they are).

    >>> summary = pd.DataFrame({"theme": ["Protecting the child or young person", "Overall"],
    ...                         "score": [87.0, 87.0], "band": ["Good", "Good"], "stars": [4, 4]})
    >>> theme_lines(summary)
    ['Protecting the child or young person – 87% (Good ★★★★)']
    """
    themes = summary[~is_overall(summary["theme"])]
    lines = []
    for row in themes.to_dict("records"):  # one line per theme: a handful
        label = row.get("band")
        stars = row.get("stars")
        rated = "" if is_missing(label) else str(label)
        if rated and not is_missing(stars):
            rated += f" {stars_text(int(stars))}"
        if is_suppressed(row):
            line = f"{row['theme']} {_EN_DASH} suppressed"
        elif not is_missing(row.get("score")):
            shown = _shown_percent(row["score"], label, scheme)
            line = f"{row['theme']} {_EN_DASH} {shown}"
            line += f" ({rated})" if rated else ""
        elif rated:
            line = f"{row['theme']} {_EN_DASH} {rated}"
        else:
            line = f"{row['theme']} {_EN_DASH} no score"
        lines.append(line)
    return lines


def change_sentence(
    comparison: Comparison,
    what: str,
    before_label: str,
    after_label: str,
    unit: str = "cases",
) -> str:
    """A sentence about a change between two rounds that says only what the comparison found.

    It gives both percentages and the cases behind them; calls a change an improvement or a
    decline only when `comparison.verdict` says so; otherwise says there is no clear evidence of
    change and gives the change's 95% interval (never that nothing changed); and says there are
    too few cases when either side is small. Pass
    `unit="answers"` when the counts are answers pooled over several questions (a theme), not
    cases.

    >>> from yosanalysis.compare import compare_two
    >>> change_sentence(compare_two(16, 20, 17, 20), "Timely review", "2013 Q1", "2014 Q1")
    'Timely review rose from 80% (20 cases) to 85% (20 cases) between 2013 Q1 and 2014 Q1; there is no clear evidence of change (the 95% interval for the change runs from −19 to +29 points).'
    >>> change_sentence(compare_two(12, 30, 27, 30), "Timely review", "2013 Q1", "2014 Q1")
    'Timely review improved from 40% to 90% between 2013 Q1 and 2014 Q1 (30 cases in each); a change this size is unlikely to be down to chance alone.'
    """  # noqa: E501
    subject = _capital(what)
    between = f"between {before_label} and {after_label}"
    if comparison.n_before == 0 or comparison.n_after == 0:
        empty = before_label if comparison.n_before == 0 else after_label
        return (
            f"{subject} cannot be compared {between}: nothing was answered in {empty}, "
            "so there is nothing to compare."
        )
    a, b = round_half_up(comparison.before), round_half_up(comparison.after)
    if comparison.n_before == comparison.n_after:
        counts = f"{_cases(comparison.n_before, unit)} in each"
    else:
        counts = f"{comparison.n_before} and {_cases(comparison.n_after, unit)}"
    n_before, n_after = _cases(comparison.n_before, unit), _cases(comparison.n_after, unit)
    if comparison.verdict == IMPROVED:
        return (
            f"{subject} improved from {a}% to {b}% {between} ({counts}); "
            "a change this size is unlikely to be down to chance alone."
        )
    if comparison.verdict == DECLINED:
        return (
            f"{subject} declined from {a}% to {b}% {between} ({counts}); "
            "a fall this size is unlikely to be down to chance alone."
        )
    if b > a:
        movement = (
            f"{subject} rose from {a}% ({n_before}) to {b}% ({n_after}) {between}"
        )
    elif b < a:
        movement = (
            f"{subject} fell from {a}% ({n_before}) to {b}% ({n_after}) {between}"
        )
    else:
        movement = f"{subject} stayed at {a}% {between} ({counts})"
    if comparison.verdict == TOO_FEW:
        return movement + "; there are too few cases to say whether this is a real change."
    return movement + f"; there is no clear evidence of change ({_interval(comparison)})."


def _interval(comparison: Comparison) -> str:
    """`the 95% interval for the change runs from -12 to +20 points`."""
    if math.isnan(comparison.low) or math.isnan(comparison.high):
        return "the change has no interval"

    def signed(x: float) -> str:
        value = round_half_up(x)
        return f"+{value}" if value > 0 else str(value).replace("-", "−")

    return (f"the 95% interval for the change runs from {signed(comparison.low)} to "
            f"{signed(comparison.high)} points")


def _get(row: Mapping[str, Any] | pd.Series, key: str) -> Any:
    return row.get(key) if hasattr(row, "get") else row[key]


def recommendation_sentence(row: Mapping[str, Any] | pd.Series, threshold: int = 5) -> str:
    """A sentence on one recommendation in one round, from a row of `track_recommendations`.

    Where the answers pooled over its questions outnumber the cases, both are given
    (`48 answers from 24 cases`). A round on fewer than `threshold` children (`cases`, else the
    count of answers) gives no figure at all, so the sentence cannot leak a small number.

    >>> row = {"id": "R1", "audit": "2014 Q1", "pct": 91.7, "n": 24, "target": 80,
    ...        "status": "met", "trend": "improving", "trend_since": "2013 Q4"}
    >>> recommendation_sentence(row)
    'Recommendation R1 was at 92% in 2014 Q1 (24 cases), meeting its target of 80%. It has improved since 2013 Q4.'
    >>> recommendation_sentence({**row, "pct": 83.3, "n": 6, "status": "too few cases",
    ...                          "trend": None})
    'Recommendation R1 was at 83% in 2014 Q1, but on only 6 cases: too few to say whether it meets its target of 80%.'
    >>> recommendation_sentence({**row, "n": 3, "cases": 2, "status": "too few cases"})
    'Recommendation R1 was measured on fewer than 5 cases in 2014 Q1, so its figure is not shown.'
    """  # noqa: E501
    rec, audit, n = _get(row, "id"), _get(row, "audit"), _answers(row)
    pct, target, status = _get(row, "pct"), _get(row, "target"), _get(row, "status")
    target_text = percent(target)
    cases = _get(row, "cases") if "cases" in row else None
    children = n if is_missing(cases) else cases
    if is_missing(n) or int(n) == 0 or is_missing(pct):
        sentence = (
            f"Recommendation {rec} was not measured in {audit}: no case answered its questions."
        )
    elif int(children) < threshold:
        return (f"Recommendation {rec} was measured on fewer than {threshold} cases in {audit}, "
                "so its figure is not shown.")
    elif status == TargetStatus.MET:
        sentence = (
            f"Recommendation {rec} was at {percent(pct)} in {audit} ({_behind(row)}), "
            f"meeting its target of {target_text}{_range(row)}."
        )
    elif status == TargetStatus.TOO_CLOSE:
        sentence = (
            f"Recommendation {rec} was at {percent(pct)} in {audit} ({_behind(row)}) against "
            f"its target of {target_text}: too close to call at this number of cases"
            f"{_range(row)}."
        )
    elif status == TargetStatus.NOT_MET:
        shown = percent(pct)
        if round_half_up(pct) >= round_half_up(target):  # rounding would hide the shortfall
            shown = f"{float(pct):.1f}%"
        sentence = (
            f"Recommendation {rec} was at {shown} in {audit} ({_behind(row)}), "
            f"short of its target of {target_text}{_range(row)}."
        )
    else:
        sentence = (
            f"Recommendation {rec} was at {percent(pct)} in {audit}, but on only "
            f"{_behind(row)}: too few to say whether it meets its target of {target_text}."
        )
    trend, since = _get(row, "trend"), _get(row, "trend_since")
    if is_missing(trend) or is_missing(since):
        return sentence
    follow = {
        "improving": f"It has improved since {since}.",
        "declining": f"It has declined since {since}.",
        str(NO_CHANGE): f"There is no clear evidence of change since {since}.",
        "too few cases to say": (
            f"There are too few cases to say whether it has changed since {since}."
        ),
    }.get(str(trend))
    return sentence if follow is None else f"{sentence} {follow}"


_QUARTILES = {1: "top quarter", 2: "second quarter", 3: "third quarter", 4: "bottom quarter"}


def benchmark_sentence(row: Mapping[str, Any] | pd.Series) -> str:
    """A sentence on where a service stands for one theme, from a row of `benchmark`.

    >>> row = {"theme": "Protecting the public", "score": 91.0, "rank": 3, "of": 20,
    ...        "joint": True, "quartile": 1, "median": 78.5, "measure": "percent"}
    >>> benchmark_sentence(row)
    'Protecting the public: 91%, joint 3rd of 20 services, in the top quarter (median 79%).'
    """
    theme, score, rank, of = (_get(row, k) for k in ("theme", "score", "rank", "of"))
    points = _get(row, "measure") == "points"

    def value(x: float) -> str:
        if not points:
            return percent(x)
        return f"{round_half_up(x)} points" if round_half_up(x) != 1 else "1 point"

    if is_missing(score) or is_missing(rank):
        return f"{theme}: no score for this service, so it has no place among the others."
    if is_missing(of) or int(of) <= 1:
        return f"{theme}: {value(score)}; no other service has a score to compare with."
    joint = "joint " if bool(_get(row, "joint")) else ""
    sentence = f"{theme}: {value(score)}, {joint}{ordinal(rank)} of {int(of)} services"
    quartile = _get(row, "quartile")
    if not is_missing(quartile):
        sentence += f", in the {_QUARTILES[int(quartile)]}"
    median = _get(row, "median")
    if not is_missing(median):
        sentence += f" (median {value(median)})"
    return sentence + "."


def ratings_headline(summary: pd.DataFrame, service: str | None = None) -> str:
    """The headline of an inspection rated under the 2018 framework, from `inspection_summary`:
    the overall rating and the share of the available points, and how the rating was reached
    where the file gave none (`note`: computed from the counted standards' points, or "not
    given" and why).

    >>> summary = pd.DataFrame({"theme": ["Assessment", "Overall"], "score": [None, 50.0],
    ...                         "band": ["Good", "Requires improvement"], "stars": [3, 2]})
    >>> ratings_headline(summary, "Northshire")
    'The overall rating for Northshire was Requires improvement, with 50% of the available points.'
    """
    overall = overall_row(summary)
    who = f" for {service}" if service else ""
    rating = overall.get("band")
    note = overall.get("note")
    note = "" if is_missing(note) else str(note)
    if is_missing(rating) or rating == NOT_GIVEN:  # never `nan`: say why there is none
        return f"The overall rating{who} was not given" + (f": {note}." if note else ".")
    sentence = f"The overall rating{who} was {rating}"
    if not is_missing(overall.get("score")):
        sentence += f", with {percent(overall['score'])} of the available points"
    if note:
        sentence += f" ({note})"
    return sentence + "."


def lowest_sentence(table: pd.DataFrame, label: str, value: str = "score",
                    what: str = "item", *, count: str | None = None, threshold: int = 0,
                    quote: bool = False, where: str = "") -> str:
    """Which row of `table` scored lowest, and at what, naming every row tied with it at the
    percentage a reader sees: "The lowest-scoring item was …, at 80%.".

    Rows resting on fewer than `threshold` cases (in column `count`), and rows flagged in a
    `suppressed` column, are withheld from readers, so they are never named here. `quote` puts
    each name in quotation marks (a question's words); `what` is the singular noun ("item",
    "audit question"), made plural with an "s"; `where` follows it (" in 2014 Q4").

    >>> items = pd.DataFrame({"item": ["Planning", "Review of vulnerability"], "score": [94, 80]})
    >>> lowest_sentence(items, "item")
    'The lowest-scoring item was Review of vulnerability, at 80%.'
    >>> qs = pd.DataFrame({"q": ["Is it safe?", "Is it planned?", "Tiny"],
    ...                    "pct": [12 / 19 * 100] * 2 + [0.0], "n": [19, 19, 2]})
    >>> lowest_sentence(qs, "q", "pct", "question", count="n", threshold=5, quote=True)
    'The lowest-scoring questions, both at 63%, were “Is it safe?” and “Is it planned?”.'
    """
    scored = table.dropna(subset=[value])
    scored = scored[~suppressed_flags(scored)]  # withheld (`pages.withheld`): never named
    if count is not None and count in scored and threshold:
        counts = pd.to_numeric(scored[count], errors="coerce")
        scored = scored[~(counts < threshold)]  # a missing count is not a small one
    if scored.empty:
        return f"No {what}{where} has a score to report."
    shown = scored[value].map(round_half_up)
    lowest = scored[shown == shown.min()]
    names = [f"“{n}”" if quote else str(n) for n in lowest[label]]
    at = percent(lowest[value].iloc[0])
    if len(names) == 1:
        return f"The lowest-scoring {what}{where} was {names[0]}, at {at}."
    every = "both" if len(names) == 2 else "all"
    return f"The lowest-scoring {what}s{where}, {every} at {at}, were {names_list(names)}."


def changes_summary(table: pd.DataFrame, before_label: str, after_label: str,
                    what: str = "theme", label: str = "theme") -> str:
    """One sentence on a comparison table (`compare_between` or `compare_inspections`): how many
    of the themes changed beyond chance, naming them, and never more than the verdicts say.
    Rows flagged in a `suppressed` column are counted as withheld, their verdicts unsaid.

    >>> t = pd.DataFrame({"theme": ["A", "B", "C"],
    ...     "verdict": ["improved", "no clear evidence of change", "too few cases to say"]})
    >>> changes_summary(t, "2013 Q4", "2014 Q4")
    'Between 2013 Q4 and 2014 Q4, 1 of 3 themes improved by more than chance alone would explain (A); none declined; 1 had too few cases to say.'
    """  # noqa: E501
    hidden = suppressed_flags(table)
    verdicts = table["verdict"].astype(str)
    verdicts = verdicts.where(~hidden | (verdicts == TOO_FEW), Verdict.WITHHELD.value)
    total = len(table)
    plural = f"{what}s" if total != 1 else what

    def named(verdict: str) -> list[str]:
        return table.loc[verdicts == verdict, label].astype(str).tolist()

    up, down = named(IMPROVED), named(DECLINED)
    few = int((verdicts == TOO_FEW).sum())
    parts = []
    if up:
        parts.append(f"{len(up)} of {total} {plural} improved by more than chance alone would "
                     f"explain ({', '.join(up)})")
    else:
        parts.append(f"none of the {total} {plural} improved by more than chance alone would "
                     "explain")
    parts.append(f"{len(down)} declined ({', '.join(down)})" if down else "none declined")
    if few:
        parts.append(f"{few} had too few cases to say")
    held = int((verdicts == Verdict.WITHHELD).sum())
    if held:
        parts.append(f"{held} {'is' if held == 1 else 'are'} withheld")
    return f"Between {before_label} and {after_label}, " + "; ".join(parts) + "."


def withheld_sentence(what: str, when: str, threshold: int = 5) -> str:
    """The sentence for a figure withheld by secondary suppression: not itself on few cases,
    but one that would let a figure on fewer than `threshold` cases be worked out.

    >>> withheld_sentence("Reviews", "2014 Q4")
    'Reviews: the figures for 2014 Q4 are withheld, so that no figure resting on fewer than 5 cases can be worked out from them.'
    """  # noqa: E501
    return (f"{_capital(what)}: the figures for {when} are withheld, so that no figure resting "
            f"on fewer than {threshold} cases can be worked out from them.")


def row_change_sentence(row: Mapping[str, Any] | pd.Series, what: str, before_label: str,
                        after_label: str, unit: str | None = None, min_cases: int = 10,
                        threshold: int = 5) -> str:
    """`change_sentence` for one row of `compare_between` (or `compare_inspections` where case
    counts are known): `before, after, change, change_low, change_high, verdict` and the counts
    `before_cases, after_cases` (children; read first) or `before_n, after_n` (tables made
    before issue 13). `unit` defaults to "cases" for `*_cases` and "answers" for `*_n`. A side
    on fewer than `threshold` gives no figures; nor does a row flagged `suppressed`.

    >>> row = {"before": 40.0, "after": 90.0, "change": 50.0, "change_low": 26.0,
    ...        "change_high": 64.0, "before_n": 30, "after_n": 30, "verdict": "improved"}
    >>> row_change_sentence(row, "Reviews", "2013 Q1", "2014 Q1", unit="cases")
    'Reviews improved from 40% to 90% between 2013 Q1 and 2014 Q1 (30 cases in each); a change this size is unlikely to be down to chance alone.'
    >>> row_change_sentence({**row, "before_n": 3}, "Reviews", "2013 Q1", "2014 Q1")
    'Reviews: fewer than 5 answers in 2013 Q1 or 2014 Q1, so the figures are not shown.'
    >>> cases = {**row, "before_n": None, "before_cases": 3, "after_cases": 30}
    >>> row_change_sentence(cases, "Reviews", "2013 Q1", "2014 Q1")
    'Reviews: fewer than 5 cases in 2013 Q1 or 2014 Q1, so the figures are not shown.'
    """  # noqa: E501
    n_before = _get(row, "before_cases") if "before_cases" in row else None
    n_after = _get(row, "after_cases") if "after_cases" in row else None
    counted = "cases"
    if is_missing(n_before) and is_missing(n_after):
        n_before, n_after, counted = _get(row, "before_n"), _get(row, "after_n"), "answers"
    unit = unit or counted
    counts = [int(n) for n in (n_before, n_after) if not is_missing(n) and int(n) > 0]
    if any(n < threshold for n in counts):
        return (f"{_capital(what)}: fewer than {threshold} {unit} in {before_label} or "
                f"{after_label}, so the figures are not shown.")
    if is_suppressed(row):
        return withheld_sentence(what, f"{before_label} or {after_label}", threshold)
    comparison = Comparison(
        before=float(_get(row, "before")), after=float(_get(row, "after")),
        n_before=0 if is_missing(n_before) else int(n_before),
        n_after=0 if is_missing(n_after) else int(n_after),
        change=float(_get(row, "change")), low=float(_get(row, "change_low")),
        high=float(_get(row, "change_high")), verdict=str(_get(row, "verdict")),
        min_cases=min_cases,
    )
    return change_sentence(comparison, what, before_label, after_label, unit=unit)
