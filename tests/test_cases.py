"""The case as the unit (issue 13): counts are children, and a theme's comparison allows for
answers about one child going together. Simulated clustered audits check the public
`compare_between` keeps its promise: under no change it calls a change at most 6% of the time,
and it finds a real change of 25 points on 30 cases at least 80% of the time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import yosanalysis
from yosanalysis.cases import case_rates
from yosanalysis.scoring import wilson_interval


def simulated_audits(seed: int, reps: int, cases: tuple[int, int], before: float,
                     after: float) -> pd.DataFrame:
    """`reps` themes (one per replicate), each audited in two rounds: per round 15-30 (or
    `cases`) children, each asked 3-15 questions, answers correlated within a child with an
    intraclass correlation drawn from 0.2-0.4 (a beta-binomial: each child's own rate from a
    beta distribution of mean `before` / `after`)."""
    rng = np.random.default_rng(seed)
    icc = rng.uniform(0.2, 0.4, reps)
    frames = []
    for label, rate in (("2013 Q4", before), ("2014 Q4", after)):
        k = rng.integers(cases[0], cases[1] + 1, reps)
        theme = np.repeat(np.arange(reps), k)
        spread = np.repeat(1 / icc - 1, k)
        child_rate = rng.beta(rate * spread, (1 - rate) * spread)
        asked = rng.integers(3, 16, theme.size)
        child = np.repeat(np.arange(theme.size), asked)
        yes = rng.random(child.size) < np.repeat(child_rate, asked)
        frames.append(pd.DataFrame({
            "service": "Simtown", "audit": label, "case_ref": child.astype(str),
            "theme": np.repeat(theme, asked).astype(str),
            "answer": np.where(yes, "Yes", "No")}))
    return pd.concat(frames, ignore_index=True)


def test_no_true_change_is_called_a_change_at_most_6_percent_of_the_time() -> None:
    answers = simulated_audits(seed=13, reps=1200, cases=(15, 30), before=0.8, after=0.8)
    out = yosanalysis.compare_between(answers, "2013 Q4", "2014 Q4", by="theme")
    assert len(out) == 1200 and out["before_cases"].between(15, 30).all()
    called = out["verdict"].isin(["improved", "declined"]).mean()
    assert called <= 0.06
    # the same answers treated as independent (the method before issue 13) call far more
    naive = yosanalysis.compare_between(answers.drop(columns="case_ref"), "2013 Q4",
                                        "2014 Q4", by="theme")
    assert naive["verdict"].isin(["improved", "declined"]).mean() > 0.15


def test_a_real_change_of_25_points_on_30_cases_is_found_at_least_80_percent_of_the_time():
    answers = simulated_audits(seed=31, reps=400, cases=(30, 30), before=0.55, after=0.8)
    out = yosanalysis.compare_between(answers, "2013 Q4", "2014 Q4", by="theme")
    assert (out["after_cases"] == 30).all()
    assert out["verdict"].eq("improved").mean() >= 0.80
    assert not out["verdict"].eq("declined").any()


def test_counts_are_children_with_a_scored_answer() -> None:
    answers = pd.DataFrame({
        "service": "S", "audit": "2014 Q1", "theme": "Reviews",
        "case_ref": ["A", "A", "B", "B", "C", "C", "D"],
        "question": ["Q1", "Q2", "Q1", "Q2", "Q1", "Q2", "Q1"],
        "answer": ["Yes", "No", "Partially", "Yes", "N/A", None, "No"]})
    theme = case_rates(answers, by=("audit", "theme")).iloc[0]
    assert (theme["cases"], theme["answers"]) == (3, 5)  # C has no scored answer
    questions = case_rates(answers, by=("audit", "question")).set_index("question")
    assert questions["cases"].tolist() == [3, 2]
    # one answer a child: the interval is Wilson's over children
    q1 = questions.loc["Q1"]
    assert (q1["low"], q1["high"]) == pytest.approx(wilson_interval(1, 3))


def test_compare_between_names_cases_and_answers() -> None:
    answers = simulated_audits(seed=1, reps=2, cases=(20, 20), before=0.8, after=0.8)
    out = yosanalysis.compare_between(answers, "2013 Q4", "2014 Q4", by="theme")
    assert {"before_cases", "after_cases", "before_answers", "after_answers"} <= set(out)
    assert "before_n" not in out
    assert (out["before_answers"] > out["before_cases"]).all()
    assert set(out["verdict"]) <= {"improved", "declined", "no clear evidence of change",
                                   "too few cases to say"}


def test_every_count_of_cases_on_the_sample_audit_is_its_distinct_children(sample_dir) -> None:
    """The counts the pages show (compare_rounds, compare_between, audit_scores) recomputed
    from the cleaned sample audit: children with at least one scored answer."""
    audit = yosanalysis.load(sample_dir / "synthetic-stockton-audit-2012-2014.csv",
                             kind="audit",
                             questions=sample_dir / "synthetic-stockton-question-bank.csv").data
    scored = audit[audit["answer"].isin(["Yes", "No", "Partially"])]
    for by in ("theme", "question"):
        expected = scored.groupby(["audit", by], observed=True)["case_ref"].nunique()
        series = yosanalysis.compare_rounds(audit, by=by).set_index(["audit", by])["cases"]
        assert series.sort_index().to_dict() == expected.sort_index().to_dict()
        assert (series < yosanalysis.compare_rounds(audit, by=by)
                .set_index(["audit", by])["answers"]).any() == (by == "theme")
    between = yosanalysis.compare_between(audit, "2013 Q4", "2014 Q4", by="theme")
    expected = scored.groupby(["audit", "theme"], observed=True)["case_ref"].nunique()
    assert between.set_index("theme")["after_cases"].to_dict() == expected["2014 Q4"].to_dict()
    scores = yosanalysis.audit_scores(audit, by=("audit", "theme"))
    assert scores.set_index(["audit", "theme"])["cases"].sort_index().to_dict() == \
        expected.sort_index().to_dict()
