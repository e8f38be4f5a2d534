"""Audit rounds compared, with the case as the unit: the one pre-declared comparison of two
rounds (`compare_between`, which gives a verdict), the series of every round (`compare_rounds`,
which gives changes but no verdicts: testing every round against the one before would call
chance a change about once a chart) and each service's latest round a year on
(`services_overview`).

Percentages and intervals come from `yosanalysis.cases.case_rates`: counts are children, and a
theme's interval allows for answers clustered within cases. See docs/methods.md.

>>> year_earlier("2014 Q3")
'2013 Q3'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from yosanalysis.cases import case_rates, effective_counts
from yosanalysis.compare.two import _newcombe, _verdicts
from yosanalysis.scoring import (
    _as_columns,
    _check_columns,
    _round_rank,
    sort_rounds,
)
from yosanalysis.text import match_key

__all__ = ["compare_between", "compare_rounds", "services_overview", "year_earlier"]


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


def _effective(table: pd.DataFrame, prefix: str = "") -> tuple[np.ndarray, np.ndarray]:
    """The effective successes and answers (`case_rates`' counts over the design effect)."""
    return effective_counts(table[f"{prefix}successes"].fillna(0), table[f"{prefix}answers"]
                            .fillna(0), table[f"{prefix}deff"].fillna(1))


def compare_rounds(
    answers: pd.DataFrame,
    by: str | Sequence[str] = "theme",
    partially: float | str | bool = 0.0,
    min_cases: int = 10,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """The series of every audit round for each group of `by` (e.g. `"theme"`, `"question"`),
    with the change from the previous round and from the same round a year earlier — but no
    verdicts.

    Columns: `<by>, audit, pct, cases, answers, low, high` (as `yosanalysis.cases.case_rates`:
    `cases` is the number of children with a scored answer, `low`/`high` the interval allowing
    for answers clustered within cases); `prev_audit, prev_pct, prev_cases, change, change_low,
    change_high` (the change in percentage points from the round before, with Newcombe's
    interval on the effective counts, missing where either round has fewer than `min_cases`
    cases); and the same for the round a year earlier (`year_audit, year_pct, year_cases,
    year_change, year_change_low, year_change_high`; `2013 Q3` against `2012 Q3`).

    No round is labelled improved or declined: twelve rounds each tested against the one before
    would call chance a change about once a chart. Read the series with a control chart
    (`yosanalysis.spc.xmr`), and test the one pair of rounds a report declares with
    `compare_between`. Rounds are those present in `answers`, in their natural order.

    >>> answers = pd.DataFrame({
    ...     "audit": ["2012 Q3"] * 30 + ["2013 Q2"] * 30 + ["2013 Q3"] * 30,
    ...     "theme": "Reviewing",
    ...     "answer": ["Yes"] * 12 + ["No"] * 18 + ["Yes"] * 20 + ["No"] * 10
    ...               + ["Yes"] * 22 + ["No"] * 8,
    ... })
    >>> out = compare_rounds(answers).round(1)
    >>> print(out[["audit", "pct", "cases", "prev_audit", "change", "year_audit"]].to_string())
         audit   pct  cases prev_audit  change year_audit
    0  2012 Q3  40.0     30        NaN     NaN        NaN
    1  2013 Q2  66.7     30    2012 Q3    26.7        NaN
    2  2013 Q3  73.3     30    2013 Q2     6.7    2012 Q3
    """
    groups = _as_columns(by)
    _check_columns(answers, ["audit", *groups, "answer"], "audit")
    rates = case_rates(answers, ["audit", *groups], partially, confidence)
    rounds = sort_rounds(answers["audit"])
    previous = dict(zip(rounds[1:], rounds[:-1], strict=True))
    a_year_ago = {r: year_earlier(str(r), rounds) for r in rounds}
    base = rates[[*groups, "audit", "pct", "cases", "answers", "low", "high", "successes",
                  "deff"]]
    other = base[[*groups, "audit", "pct", "cases", "answers", "successes", "deff"]].rename(
        columns={"audit": "_other", "pct": "_pct", "cases": "_cases", "answers": "_answers",
                 "successes": "_successes", "deff": "_deff"})
    out = base.copy()
    s_now, n_now = _effective(base)
    for prefix, mapping, change_name in (("prev", previous, "change"),
                                         ("year", a_year_ago, "year_change")):
        paired = base[[*groups, "audit"]].assign(
            _other=base["audit"].map(mapping).astype(object)
        ).merge(other, on=[*groups, "_other"], how="left")
        s_then, n_then = _effective(paired, "_")
        change, low, high = _newcombe(s_then, n_then, s_now, n_now, confidence)
        cases_then = paired["_cases"].fillna(0).to_numpy(dtype=float)
        enough = (np.minimum(cases_then, base["cases"].to_numpy(dtype=float))
                  >= max(min_cases, 1))
        out[f"{prefix}_audit"] = paired["_other"].to_numpy()
        out[f"{prefix}_pct"] = paired["_pct"].to_numpy(dtype=float)
        out[f"{prefix}_cases"] = pd.array(
            paired["_cases"].fillna(0).where(paired["_other"].notna()).to_numpy(dtype=float),
            dtype="Float64").astype("Int64")
        out[change_name] = change
        out[f"{change_name}_low"] = np.where(enough, low, np.nan)
        out[f"{change_name}_high"] = np.where(enough, high, np.nan)
    position = out.groupby(groups, sort=False, dropna=False).ngroup() if groups else 0
    out = (
        out.assign(_group=position, _round=_round_rank(out["audit"]))
        .sort_values(["_group", "_round"], kind="stable")
        .drop(columns=["_group", "_round", "successes", "deff"])
        .reset_index(drop=True)
    )
    for column in ("prev_audit", "year_audit"):
        out[column] = out[column].astype("str")
    return out


def compare_between(
    answers: pd.DataFrame,
    before: str,
    after: str,
    by: str = "theme",
    partially: float | str | bool = 0.0,
    min_cases: int = 10,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Each theme (or question) in audit round `before` against round `after`: the one tested
    comparison of a report, with the case as the unit.

    Columns, in the shape of `compare_inspections`: `<by>, before, after, change, change_low,
    change_high, before_cases, after_cases, before_answers, after_answers, indicative, verdict`
    (never indicative: the same questions on both sides). `before`/`after` are percentages over
    the group's scored answers; `*_cases` count the children (distinct case references with a
    scored answer, Yes, No or Partially) and `*_answers` the answers. The change's interval is
    Newcombe's hybrid score interval on the effective counts (answers over the estimated design
    effect, `yosanalysis.cases.case_rates`), so answers clustered within cases are not counted
    as independent. `verdict` (`yosanalysis.verdicts.Verdict`) is exactly `improved` or
    `declined` when the whole 95% interval lies above or below zero, `too few cases to say` when
    either round has fewer than `min_cases` cases in the group, else
    `no clear evidence of change`. A round not in `answers` raises ValueError naming the rounds
    there.

    >>> answers = pd.DataFrame({"audit": ["2013 Q1"] * 20 + ["2014 Q1"] * 20,
    ...     "case_ref": [f"C{i}" for i in range(40)], "theme": "Reviews",
    ...     "answer": ["Yes"] * 8 + ["No"] * 12 + ["Yes"] * 18 + ["No"] * 2})
    >>> row = compare_between(answers, "2013 Q1", "2014 Q1").iloc[0]
    >>> float(row["before"]), float(row["after"]), int(row["after_cases"]), row["verdict"]
    (40.0, 90.0, 20, 'improved')
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
    chosen = answers[answers["audit"].astype(str).isin([before, after])]
    rates = case_rates(chosen.assign(audit=chosen["audit"].astype(str)), ("audit", by),
                       partially, confidence)
    keep = ["pct", "cases", "answers", "successes", "deff"]
    sides = [rates[rates["audit"] == label].set_index(by)[keep] for label in (before, after)]
    order = list(dict.fromkeys(answers[by].dropna()))
    joined = sides[0].add_prefix("b_").join(sides[1].add_prefix("a_"), how="outer")
    joined = joined.reindex([k for k in order if k in joined.index]
                            + [k for k in joined.index if k not in order])
    s1, n1 = _effective(joined, "b_")
    s2, n2 = _effective(joined, "a_")
    change, low, high = _newcombe(s1, n1, s2, n2, confidence)
    b_cases = joined["b_cases"].fillna(0).to_numpy(dtype=float)
    a_cases = joined["a_cases"].fillna(0).to_numpy(dtype=float)
    verdict = _verdicts(b_cases, a_cases, low, high, min_cases)
    return pd.DataFrame({
        by: joined.index.to_numpy(),
        "before": joined["b_pct"].to_numpy(dtype=float),
        "after": joined["a_pct"].to_numpy(dtype=float),
        "change": change, "change_low": low, "change_high": high,
        "before_cases": b_cases.astype(int), "after_cases": a_cases.astype(int),
        "before_answers": joined["b_answers"].fillna(0).to_numpy(dtype=int),
        "after_answers": joined["a_answers"].fillna(0).to_numpy(dtype=int),
        "indicative": False,
        "verdict": pd.array(verdict, dtype="str"),
    })


def services_overview(
    answers: pd.DataFrame,
    partially: float | str | bool = 0.0,
    min_cases: int = 10,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Each service's latest audit round against the same round a year earlier, for a regional
    summary: `service, audit, pct, cases, n, low, high, year_audit, year_pct, year_cases,
    year_n, change, change_low, change_high, verdict`. All questions are pooled: `cases` counts
    the children, `n` the scored answers, and the interval and the verdict allow for answers
    clustered within cases (`yosanalysis.cases.case_rates`; `min_cases` counts children).

    >>> answers = pd.DataFrame({"service": "A", "audit": ["2013 Q1"] * 20 + ["2014 Q1"] * 20,
    ...     "case_ref": [f"C{i}" for i in range(40)],
    ...     "answer": ["Yes"] * 8 + ["No"] * 12 + ["Yes"] * 18 + ["No"] * 2})
    >>> row = services_overview(answers).iloc[0]
    >>> row["audit"], row["year_audit"], round(float(row["pct"])), int(row["cases"]), row["verdict"]
    ('2014 Q1', '2013 Q1', 90, 20, 'improved')
    """
    table = answers.assign(audit=answers["audit"].astype(str))
    rates = case_rates(table, ("service", "audit"), partially, confidence)
    rows = []
    for service, group in rates.groupby("service", sort=True, observed=True):
        group = group.set_index("audit")
        latest = sort_rounds(list(group.index))[-1]
        now = group.loc[latest]
        earlier = year_earlier(latest, list(group.index))
        row = {"service": service, "audit": latest, "pct": now["pct"],
               "cases": int(now["cases"]), "n": int(now["answers"]), "low": now["low"],
               "high": now["high"], "year_audit": earlier, "year_pct": np.nan, "year_cases": 0,
               "year_n": 0, "change": np.nan, "change_low": np.nan, "change_high": np.nan,
               "verdict": "no round a year earlier"}
        if earlier is not None:
            before = group.loc[earlier]
            pair = pd.DataFrame([before, now]).reset_index(drop=True)
            s, n = _effective(pair)
            change, low, high = _newcombe(s[:1], n[:1], s[1:], n[1:], confidence)
            verdict = _verdicts([before["cases"]], [now["cases"]], low, high, min_cases)[0]
            row.update(year_pct=before["pct"], year_cases=int(before["cases"]),
                       year_n=int(before["answers"]), change=float(change[0]),
                       change_low=float(low[0]), change_high=float(high[0]),
                       verdict=str(verdict))
        rows.append(row)
    return pd.DataFrame(rows)
