"""A mock inspection: how HMIP's published rules would rate the service's case standards on the
cases its own audit holds today.

The audit is cleaned with a question bank that maps each question to an HMIP `standard` (e.g.
`2.1 Assessment`) and a `key_question` (`desistance`, `safety of the child`, `safety of others`).
The unit is the case (the child), as in HMIP's case inspection:

- per case, a key question is *sufficient* when its applicable answers say so: under the scheme's
  `sufficient_when: all`, every one of its answers is `Yes` (a key question with one audit
  question is sufficient when that answer is `Yes`). A `Partially` earns the credit `partially`
  gives it (0, 0.5 or 1, as in the report's parameters); the case then counts as that share of a
  sufficient case (the lowest credit among its answers). `N/A` and unanswered questions are left
  out; a case with no applicable answer on a key question is not counted for it;
- per standard and key question: the share of cases sufficient, with its Wilson interval;
- per standard: the indicative rating from the *lowest* key question, under the scheme's case
  rating bands (for `hmip-2018`: 80% or more Outstanding, 65-79% Good, 50-64% Requires
  improvement, under 50% Inadequate: our reading of HMIP's rules, before the inspectors'
  judgement; the source is in the scheme file), and the probability of each rating at this
  number of cases, from resampling the cases (a case keeps its key questions together).

Everything here is the service's own reading of its cases against HMIP's published rules, not
HMIP's judgement (`CAVEAT`). (The module is `yosanalysis.mock`, so that the package's
`yosanalysis.mock_inspection` is always the function.)

>>> answers = pd.DataFrame({
...     "audit": "2025 Q2", "case_ref": ["A", "A", "B", "B"], "question": ["Q1", "Q2"] * 2,
...     "answer": ["Yes", "Yes", "Yes", "No"], "standard": "2.1 Assessment",
...     "key_question": ["desistance", "safety of the child"] * 2})
>>> mock_inspection(answers)[["standard", "cases", "lowest_key_question", "lowest_pct",
...                           "rating"]].to_dict("records")
[{'standard': '2.1 Assessment', 'cases': 2, 'lowest_key_question': 'safety of the child', 'lowest_pct': 50.0, 'rating': 'Requires improvement'}]
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from yosanalysis.schemes import Scheme, Standard, get_scheme, resolve_theme
from yosanalysis.scoring import NOT_GIVEN, partial_credit, sort_rounds, wilson_intervals

__all__ = [
    "CAVEAT",
    "MockOverall",
    "mock_inspection",
    "mock_inspection_key_questions",
    "mock_inspection_overall",
]

#: Printed with every mock rating.
CAVEAT = ("This is the service's own reading of its audited cases against HMIP's published "
          "rules, not HMIP's judgement: inspectors rate on their own sample of cases and may "
          "depart from the rule.")

_RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
_P_COLUMNS = ("p_outstanding", "p_good", "p_requires_improvement", "p_inadequate")
_CREDIT = {"Yes": 1.0, "No": 0.0}
_ALL = "all questions"  # the key question of a question mapped to a standard but to none


def _case_rating_scheme(scheme: str) -> tuple[Scheme, dict[str, Standard]]:
    sch = get_scheme(scheme)
    if sch.case_rating is None:
        raise ValueError(f"the {scheme} scheme publishes no rule for rating a case standard "
                         "from its cases, so no mock inspection can be made under it")
    standards = {s.label: s for fw in sch.frameworks.values() for s in fw.standards}
    return sch, standards


def _one_round(answers: pd.DataFrame, audit: str | None) -> pd.DataFrame:
    for column in ("case_ref", "answer", "standard"):
        if column not in answers.columns:
            hint = (" (clean the audit with a question bank that has `standard` and "
                    "`key_question` columns)" if column == "standard" else "")
            raise ValueError(f"the answers have no {column!r} column{hint}")
    if "audit" not in answers.columns:
        return answers
    if audit is not None:
        chosen = answers[answers["audit"].astype(str) == str(audit)]
        if chosen.empty:
            rounds = ", ".join(map(str, sort_rounds(answers["audit"].astype(str))))
            raise ValueError(f"no audit round {audit!r} in the answers; rounds: {rounds}")
        return chosen
    rounds = sort_rounds(answers["audit"].dropna().astype(str))
    if len(rounds) > 1:
        raise ValueError("the answers hold several audit rounds; choose one with audit=: "
                         + ", ".join(rounds))
    return answers


def _case_credits(answers: pd.DataFrame, partially: float | str | bool) -> pd.DataFrame:
    """One row per case, standard and key question: the case's credit (0-1, the lowest of its
    applicable answers' credits)."""
    credit = {**_CREDIT, "Partially": partial_credit(partially)}
    frame = pd.DataFrame({
        "case": answers["case_ref"].astype(str),
        "standard": answers["standard"].astype(object),
        "key_question": (answers["key_question"].astype(object) if "key_question" in answers
                         else pd.Series(np.nan, index=answers.index, dtype=object)),
        "credit": answers["answer"].astype(object).map(credit),
    })
    if "service" in answers.columns:  # a case is a child of one service
        frame["case"] = answers["service"].astype(str) + "\x1f" + frame["case"]
    frame["key_question"] = frame["key_question"].fillna(_ALL)
    frame = frame.dropna(subset=["standard", "credit"])
    return (frame.groupby(["standard", "key_question", "case"], sort=False)["credit"].min()
            .reset_index())


def _order(sch: Scheme, standards: dict[str, Standard], found: list[str]) -> list[str]:
    known = [label for label in standards if label in found]
    return known + [s for s in found if s not in standards]


def mock_inspection_key_questions(
    answers: pd.DataFrame, scheme: str = "hmip-2018", partially: float | str | bool = 0,
    audit: str | None = None, confidence: float = 0.95,
) -> pd.DataFrame:
    """One row per standard and key question: `standard, key_question, cases, sufficient, pct,
    low, high` (`sufficient` the cases judged sufficient, fractional where a `Partially` earns
    half credit; `pct` their percentage of `cases`; `low`/`high` its Wilson interval, percent).

    `answers` is `load(...).data` of an audit cleaned with a question bank that has `standard`
    and `key_question` columns; it must hold one audit round (else choose it with `audit=`;
    ValueError names the rounds). Standards follow the scheme's order; key questions the order
    the scheme gives them, then others.

    >>> answers = pd.DataFrame({"case_ref": list("ABCD"), "answer": ["Yes"] * 3 + ["No"],
    ...     "standard": "2.4 Reviewing", "key_question": "desistance"})
    >>> mock_inspection_key_questions(answers).round(1).to_dict("records")
    [{'standard': '2.4 Reviewing', 'key_question': 'desistance', 'cases': 4, 'sufficient': 3.0, 'pct': 75.0, 'low': 30.1, 'high': 95.4}]
    """  # noqa: E501
    sch, standards = _case_rating_scheme(scheme)
    credits = _case_credits(_one_round(answers, audit), partially)
    table = (credits.groupby(["standard", "key_question"], sort=False)
             .agg(cases=("case", "nunique"), sufficient=("credit", "sum")).reset_index())
    order = _order(sch, standards, pd.unique(table["standard"]).tolist())
    kq_rank = {q: i for s in standards.values() for i, q in enumerate(s.key_questions)}
    table = table.assign(
        _s=table["standard"].map({s: i for i, s in enumerate(order)}),
        _q=table["key_question"].map(lambda q: kq_rank.get(q, len(kq_rank))),
    ).sort_values(["_s", "_q"], kind="stable").drop(columns=["_s", "_q"])
    low, high = wilson_intervals(table["sufficient"], table["cases"], confidence)
    table = table.assign(
        cases=table["cases"].astype(int),
        sufficient=table["sufficient"].astype(float),
        pct=table["sufficient"] / table["cases"] * 100,
        low=low, high=high,
    )
    return table.reset_index(drop=True)


def _probabilities(credits: pd.DataFrame, sch: Scheme, draws: int,
                   rng: np.random.Generator) -> np.ndarray:
    """P(each rating, highest first) for one standard, resampling its cases with replacement."""
    matrix = credits.pivot_table(index="case", columns="key_question", values="credit",
                                 aggfunc="min", sort=False).to_numpy(dtype=float)
    n = matrix.shape[0]
    picks = matrix[rng.integers(0, n, size=(draws, n))]  # draws x cases x key questions
    applicable = ~np.isnan(picks)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = np.nansum(picks, axis=1) / applicable.sum(axis=1) * 100
    lowest = np.nanmin(np.where(np.isnan(pct), np.inf, pct), axis=1)
    mins = np.array([b.min for b in sch.case_rating.bands])  # highest band first
    band = (lowest[:, None] < mins[None, :]).sum(axis=1)  # 0 = the highest band
    counts = np.bincount(band, minlength=len(mins))[: len(mins)]
    return counts / draws


def mock_inspection(
    answers: pd.DataFrame, scheme: str = "hmip-2018", partially: float | str | bool = 0,
    audit: str | None = None, draws: int = 2000, seed: int = 2018,
) -> pd.DataFrame:
    """One row per standard the audit covers: `standard, domain, counted, cases,
    lowest_key_question, lowest_pct, low, high, rating, p_outstanding, p_good,
    p_requires_improvement, p_inadequate, points`.

    `cases` counts the cases (children) with an applicable answer on the standard;
    `lowest_key_question` and `lowest_pct` are its key question with the lowest percentage of
    cases sufficient (`low`/`high`: its 95% Wilson interval); `rating` is the indicative rating
    that percentage earns under the scheme's case-rating bands (ties: the scheme's first key
    question); `p_*` the probability of each rating at this number of cases, from `draws`
    resamplings of the cases (seeded: the same answers give the same figures; they sum to 1);
    `points` the points the rating earns. See the module's docstring for the rules, and
    `mock_inspection_key_questions` for every key question. A scheme with no case-rating rule
    (`hmip-2013`, `hmip-2025`) raises ValueError, as do answers without a `standard` column or
    with several audit rounds and no `audit=`.

    >>> answers = pd.DataFrame({"case_ref": list("ABCDE"), "answer": ["Yes"] * 4 + ["No"],
    ...                         "standard": "2.4 Reviewing", "key_question": "desistance"})
    >>> row = mock_inspection(answers).iloc[0]
    >>> float(row["lowest_pct"]), row["rating"]
    (80.0, 'Outstanding')
    >>> float(row[["p_outstanding", "p_good", "p_requires_improvement", "p_inadequate"]].sum())
    1.0
    """
    sch, standards = _case_rating_scheme(scheme)
    chosen = _one_round(answers, audit)
    kq = mock_inspection_key_questions(chosen, scheme, partially)
    credits = _case_credits(chosen, partially)
    rng = np.random.default_rng(seed)
    rows = []
    for standard, group in kq.groupby("standard", sort=False):
        lowest = group.loc[group["pct"].idxmin()]  # first of equals: the scheme's order
        mine = credits[credits["standard"] == standard]
        p = _probabilities(mine, sch, draws, rng)
        info = standards.get(standard)
        rating = sch.case_rating.band_for(float(lowest["pct"]))
        rows.append({
            "standard": standard,
            "domain": info.domain if info else None,
            "counted": info.counted if info else False,
            "cases": int(mine["case"].nunique()),
            "lowest_key_question": lowest["key_question"],
            "lowest_pct": float(lowest["pct"]),
            "low": float(lowest["low"]),
            "high": float(lowest["high"]),
            "rating": rating,
            **dict(zip(_P_COLUMNS, p.tolist(), strict=True)),
            "points": float(sch.ratings[rating]) if rating in sch.ratings else np.nan,
        })
    columns = ["standard", "domain", "counted", "cases", "lowest_key_question", "lowest_pct",
               "low", "high", "rating", *_P_COLUMNS, "points"]
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class MockOverall:
    """The indicative overall result of a mock inspection: its points and rating (None and
    `NOT_GIVEN` unless every counted standard is covered), the standards covered (by the audit
    or the manager's self-assessment), those not covered, and a sentence saying so."""

    points: float | None
    max_points: float | None
    rating: str
    covered: tuple[str, ...]
    not_covered: tuple[str, ...]
    sentence: str


def mock_inspection_overall(
    standards: pd.DataFrame, scheme: str = "hmip-2018",
    self_assessment: Mapping[str, str] | None = None,
) -> MockOverall:
    """The indicative overall points and rating from `mock_inspection`'s table, only where every
    counted standard is covered: the case standards by the audit, the others (organisational
    delivery, 1.1-1.4) by `self_assessment`, the manager's own rating of each (`{"1.1":
    "Good", ...}`; a standard the audit covers keeps the audit's rating). Otherwise the rating
    is `NOT_GIVEN` and the sentence names the standards not covered. An unknown standard or
    rating word in `self_assessment` raises ValueError.

    >>> table = pd.DataFrame({"standard": ["2.1 Assessment"], "rating": ["Good"]})
    >>> mock_inspection_overall(table).not_covered[:2]
    ('1.1 Governance and leadership', '1.2 Staff')
    """
    sch, by_label = _case_rating_scheme(scheme)
    code = next(code for code, fw in sch.frameworks.items() if fw.standards)
    ratings = dict(zip(standards["standard"].astype(str), standards["rating"], strict=True))
    for written, word in (self_assessment or {}).items():
        label, why = resolve_theme(code, written)
        if label is None:
            raise ValueError(f"self-assessment: {why}")
        rating = next((r for r in _RATINGS if r.lower() == str(word).strip().lower()), None)
        if rating is None:
            raise ValueError(f"self-assessment: {word!r} for {label} is not a rating "
                             f"({', '.join(_RATINGS)})")
        ratings.setdefault(label, rating)
    counted = [label for label, s in by_label.items() if s.counted]
    covered = tuple(label for label in counted if label in ratings)
    missing = tuple(label for label in counted if label not in ratings)
    if missing:
        sentence = (f"No indicative overall rating: {len(missing)} of the {len(counted)} "
                    f"standards that count toward it are not covered ({', '.join(missing)}).")
        return MockOverall(None, sch.max_points, NOT_GIVEN, covered, missing, sentence)
    points = float(sum(sch.ratings[ratings[label]] for label in counted))
    rating = sch.band_for(points).label
    sentence = (f"Indicative overall rating: {rating}, from {points:g} of "
                f"{sch.max_points:g} points across the {len(counted)} counted standards.")
    return MockOverall(points, sch.max_points, rating, covered, missing, sentence)
