"""What a pack withholds from its readers, worked out once for every page.

A value resting on fewer than `Params.suppress_below` cases is withheld (primary suppression),
and so is a second value wherever a withheld one could otherwise be worked out by subtraction
(secondary suppression, `yosanalysis.privacy.secondary`). The groups a reader could subtract
within are those the pages show side by side:

- an audit theme in the round the theme breakdown reads (`latest_round`) and its questions;
- a recommendation in that round and the questions that measure it (page 5 shows the
  recommendation's answers and cases; page 2 each question's);
- an inspection theme, the mean of its items, and those items; the inspection's overall score,
  the mean of its themes, and those themes;
- the previous inspection's overall score and its themes (the year-on-year page shows them
  beside the latest's).

`withheld(inputs, params)` names every withheld member as a tuple, e.g.
`("audit theme", "2014 Q4", "Reviews")`; each page flags the rows it shows with `flag`, and the
charts, tables and sentences leave flagged rows' values and counts out. Pages call only this
function, so no page can forget a group another page shows.

>>> from yosanalysis.pages.inputs import Inputs, Params
>>> answers = pd.DataFrame({"service": "Anytown", "audit": "2014 Q4", "theme": "Reviews",
...     "case_ref": [f"C{i}" for i in range(20)] + ["C0", "C1", "C2"],
...     "question": ["Q1"] * 20 + ["Q2"] * 3, "answer": "Yes"})
>>> sorted(withheld(Inputs(answers=answers), Params(service="Anytown")))
[('question', '2014 Q4', 'Q1'), ('question', '2014 Q4', 'Q2')]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np
import pandas as pd

from yosanalysis.pages.inputs import Inputs, Params, latest_round
from yosanalysis.privacy.suppress import suppressed_flags

__all__ = ["AUDIT_THEME", "INSPECTION_OVERALL", "INSPECTION_THEME", "ITEM", "PREVIOUS_OVERALL",
           "PREVIOUS_THEME", "QUESTION", "RECOMMENDATION", "flag", "withheld"]

AUDIT_THEME = "audit theme"
QUESTION = "question"
RECOMMENDATION = "recommendation"
ITEM = "item"
INSPECTION_THEME = "inspection theme"
INSPECTION_OVERALL = ("inspection overall",)
PREVIOUS_THEME = "previous inspection theme"
PREVIOUS_OVERALL = ("previous inspection overall",)

Member = tuple[str, ...]


def _cases(rows: pd.DataFrame) -> pd.Series:
    if "cases" not in rows:
        return pd.Series(np.nan, index=rows.index)
    return pd.to_numeric(rows["cases"], errors="coerce")


def _audit(inputs: Inputs, params: Params, counts: dict, groups: list) -> None:
    from yosanalysis.cases import case_rates

    answers = inputs.answers
    if answers is None or answers.empty:
        return
    themes = case_rates(answers, by=("audit", "theme"), partially=params.partially)
    for row in themes.to_dict("records"):  # rounds × themes: a few dozen
        counts[(AUDIT_THEME, str(row["audit"]), str(row["theme"]))] = row["cases"]
    latest = latest_round(answers, params.rounds)
    questions = case_rates(answers[answers["audit"].astype(str) == latest],
                           by=("theme", "question"), partially=params.partially)
    parts: dict[str, list[Member]] = {}
    for row in questions.to_dict("records"):
        member = (QUESTION, latest, str(row["question"]))
        counts[member] = row["cases"]
        parts.setdefault(str(row["theme"]), []).append(member)
    groups += [((AUDIT_THEME, latest, theme), members) for theme, members in parts.items()]
    recs = inputs.recommendations
    if recs is None or recs.empty:
        return
    from yosanalysis.compare import track_recommendations

    tracked = track_recommendations(recs, answers, partially=params.partially,
                                    min_cases=params.min_cases, made=inputs.inspection_date())
    for row in tracked.to_dict("records"):
        counts[(RECOMMENDATION, str(row["audit"]), str(row["id"]))] = row["cases"]
    for rec in recs.to_dict("records"):
        ids = [q.strip() for q in str(rec["questions"]).split(";") if q.strip()]
        groups.append(((RECOMMENDATION, latest, str(rec["id"])),
                       [(QUESTION, latest, q) for q in ids]))


def _inspection(inputs: Inputs, counts: dict, groups: list) -> None:
    from yosanalysis.scoring import is_overall

    rows = inputs.inspection
    if rows is None or rows.empty or "theme" not in rows:
        return
    rows = rows[~is_overall(rows["theme"])]
    item = (rows["item"].fillna("").astype(str).str.strip() if "item" in rows
            else pd.Series("", index=rows.index))
    cases = _cases(rows)
    themes: dict[str, list[Member]] = {}
    for theme, name, n in zip(rows["theme"].astype(str), item, cases, strict=True):
        themes.setdefault(theme, [])
        if name:
            counts[(ITEM, theme, name)] = n
            themes[theme].append((ITEM, theme, name))
        else:
            counts[(INSPECTION_THEME, theme)] = n
    for theme, items in themes.items():
        # a theme without a count of its own rests on at least as many cases as its largest
        # item (its items are read on one sample of cases), and on no more than that where every
        # item is small: a theme whose items are all withheld is withheld too
        known = [counts[i] for i in items if not pd.isna(counts[i])]
        if pd.isna(counts.get((INSPECTION_THEME, theme), np.nan)):
            counts[(INSPECTION_THEME, theme)] = max(known) if known else np.nan
        groups.append(((INSPECTION_THEME, theme), items))
    counts[INSPECTION_OVERALL] = np.nan
    groups.append((INSPECTION_OVERALL, [(INSPECTION_THEME, t) for t in themes]))


def _previous(inputs: Inputs, counts: dict, groups: list) -> None:
    """The previous inspection as the year-on-year page shows it beside the latest
    (`compare_inspections`: its themes, matched to the latest's, and its overall score)."""
    earlier, later = inputs.previous_inspection, inputs.inspection
    if earlier is None or later is None or earlier.empty or later.empty:
        return
    from yosanalysis.compare import compare_inspections
    from yosanalysis.scoring import is_overall

    since = compare_inspections(earlier, later)
    since = since[since["before"].notna()]
    overall = is_overall(since["theme"])
    cases = _cases(since.rename(columns={"before_cases": "cases"}))
    themes = []
    for theme, n, whole in zip(since["theme"].astype(str), cases, overall, strict=True):
        member = PREVIOUS_OVERALL if whole else (PREVIOUS_THEME, theme)
        counts[member] = n
        if not whole:
            themes.append(member)
    if overall.any():
        groups.append((PREVIOUS_OVERALL, themes))


def withheld(inputs: Inputs, params: Params) -> frozenset[Member]:
    """Every value the pack withholds from readers, by member: `(AUDIT_THEME, round, theme)`,
    `(QUESTION, round, question id)` (the theme breakdown's round only),
    `(RECOMMENDATION, round, id)`, `(ITEM, theme, item)`, `(INSPECTION_THEME, theme)`,
    `INSPECTION_OVERALL`, and the previous inspection's `(PREVIOUS_THEME, theme)` (named as the
    latest's themes it is matched to) and `PREVIOUS_OVERALL`. Counts are children: distinct
    cases with a scored answer (`yosanalysis.cases.case_rates`), or an inspection row's `cases`
    (for a theme without one, its largest item's). Raises what `case_rates`,
    `track_recommendations` and `compare_inspections` raise for a malformed table."""
    from yosanalysis.privacy import secondary_suppression

    counts: dict[Member, float] = {}
    groups: list[tuple[Member, list[Member]]] = []
    _audit(inputs, params, counts, groups)
    _inspection(inputs, counts, groups)
    _previous(inputs, counts, groups)
    return secondary_suppression(counts, groups, params.suppress_below)


def flag(table: pd.DataFrame, hidden: Iterable[Hashable], *members) -> pd.DataFrame:
    """`table` with its `suppressed` column set on each row one of whose members is in
    `hidden`: each of `members` is a function of the row (as a dict) giving a member, e.g. the
    two rounds of a comparison. Flags already set are kept.

    >>> t = pd.DataFrame({"theme": ["A", "B"], "pct": [80.0, 90.0]})
    >>> flag(t, {("x", "B")}, lambda row: ("x", row["theme"]))["suppressed"].tolist()
    [False, True]
    """
    hidden = set(hidden)
    mine = [any(m(row) in hidden for m in members) for row in table.to_dict("records")]
    return table.assign(suppressed=suppressed_flags(table).to_numpy(dtype=bool)
                        | np.array(mine, dtype=bool))
