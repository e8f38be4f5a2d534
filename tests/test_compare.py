"""Tests of yosanalysis.compare: rounds, inspections, benchmarks, ratings, recommendations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from yosanalysis.compare import (
    Comparison,
    benchmark,
    compare_inspections,
    compare_rounds,
    compare_two,
    newcombe_interval,
    ratings_distribution,
    track_recommendations,
    year_earlier,
)
from yosanalysis.scoring import wilson_interval


def _round(
    audit: str, yes: int, no: int, *, theme: str = "Reviewing", question: str = "Q3",
    partially: int = 0, na: int = 0,
) -> pd.DataFrame:
    answers = ["Yes"] * yes + ["No"] * no + ["Partially"] * partially + ["N/A"] * na
    return pd.DataFrame(
        {
            "service": "Anytown",
            "audit": audit,
            "date": pd.Timestamp("2013-01-01"),
            "case_ref": [f"SYN-{i:04d}" for i in range(len(answers))],
            "theme": theme,
            "question": question,
            "answer": answers,
            "auditor": "",
            "comment": "",
        }
    )


# ----------------------------------------------------------------------------- compare_two
def test_compare_two_matches_newcombes_worked_example() -> None:
    # Newcombe (1998), Statistics in Medicine 17:873-890: 56/70 - 48/80, method 10: 0.0524 to 0.3339
    result = compare_two(48, 80, 56, 70)
    assert isinstance(result, Comparison)
    assert result.change == pytest.approx(20.0)
    assert (result.low, result.high) == pytest.approx((5.24, 33.39), abs=0.01)
    assert result.verdict == "improved"
    assert (result.before, result.after, result.n_before, result.n_after) == pytest.approx(
        (60.0, 80.0, 80, 70)
    )


def test_compare_two_verdicts() -> None:
    # 80% -> 85%, 20 cases each
    assert compare_two(16, 20, 17, 20).verdict == "no clear evidence of change"
    assert compare_two(12, 30, 27, 30).verdict == "improved"  # 40% -> 90%, 30 cases each
    assert compare_two(27, 30, 12, 30).verdict == "declined"
    assert compare_two(2, 9, 9, 9).verdict == "too few cases to say"  # 9 < 10 cases
    assert compare_two(2, 9, 9, 9, min_cases=5).verdict == "improved"
    assert compare_two(0, 0, 9, 9, min_cases=0).verdict == "too few cases to say"
    assert compare_two(17, 20, 17, 20).verdict == "no clear evidence of change"


def test_newcombe_interval_holds_the_change() -> None:
    low, high = newcombe_interval(16, 20, 17, 20)
    assert low < 5.0 < high


# --------------------------------------------------------------------------- year_earlier
@pytest.mark.parametrize(
    ("label", "expected"),
    [("2013 Q3", "2012 Q3"), ("Q1 2014", "Q1 2013"), ("2013/14 Q2", "2012/13 Q2"),
     ("March 2013", "March 2012"), ("Round 4", None)],
)
def test_year_earlier(label: str, expected: str | None) -> None:
    assert year_earlier(label) == expected


# --------------------------------------------------------------------------- compare_rounds
def test_compare_rounds_pairs_previous_round_and_the_same_round_a_year_earlier() -> None:
    answers = pd.concat(
        [
            _round("2013 Q3", 27, 3),  # listed first on purpose
            _round("2012 Q3", 12, 18),
            _round("2012 Q4", 13, 17),
            _round("2013 Q1", 14, 16),
            _round("2013 Q2", 24, 6),
        ]
    )
    out = compare_rounds(answers)
    assert out["audit"].tolist() == ["2012 Q3", "2012 Q4", "2013 Q1", "2013 Q2", "2013 Q3"]
    last = out.iloc[-1]
    assert last["prev_audit"] == "2013 Q2" and last["year_audit"] == "2012 Q3"
    assert (last["pct"], last["cases"], last["answers"]) == (90.0, 30, 30)
    assert (last["prev_pct"], last["prev_cases"]) == (80.0, 30)
    assert (last["year_pct"], last["year_cases"]) == (40.0, 30)
    assert last["change"] == pytest.approx(10.0)
    assert last["year_change"] == pytest.approx(50.0)
    assert (last["low"], last["high"]) == pytest.approx(wilson_interval(27, 30))
    expected_prev = compare_two(24, 30, 27, 30)
    assert (last["change_low"], last["change_high"]) == pytest.approx(
        (expected_prev.low, expected_prev.high)
    )
    # the series carries changes but labels no round improved or declined (issue 13)
    assert not {"verdict", "year_verdict"} & set(out.columns)
    # nothing to compare with: no previous round, no round a year earlier
    first = out.iloc[0]
    assert pd.isna(first["prev_audit"]) and pd.isna(first["change"])
    assert out["year_audit"].isna().tolist() == [True, True, True, True, False]


def test_compare_rounds_gives_no_interval_below_the_threshold() -> None:
    answers = pd.concat([_round("2013 Q1", 2, 7), _round("2013 Q2", 9, 0)])
    out = compare_rounds(answers)
    assert pd.isna(out.iloc[1]["change_low"]) and out.iloc[1]["change"] == pytest.approx(
        700 / 9)
    out = compare_rounds(answers, min_cases=5)
    assert out.iloc[1]["change_low"] > 0


def test_compare_rounds_group_absent_from_the_previous_round() -> None:
    answers = pd.concat(
        [_round("2013 Q1", 10, 10, theme="Planning"), _round("2013 Q2", 10, 10, theme="Planning"),
         _round("2013 Q2", 15, 5, theme="Reviewing")]
    )
    out = compare_rounds(answers, by="theme")
    reviewing = out[out["theme"] == "Reviewing"].iloc[0]
    assert reviewing["prev_audit"] == "2013 Q1"
    assert reviewing["prev_cases"] == 0 and pd.isna(reviewing["prev_pct"])
    assert pd.isna(reviewing["change_low"])
    assert out["theme"].tolist() == ["Planning", "Planning", "Reviewing"]


def test_compare_rounds_per_question_with_partial_credit() -> None:
    answers = pd.concat(
        [_round("2013 Q1", 5, 5, question="Q1", partially=10),
         _round("2013 Q2", 5, 5, question="Q1", partially=10),
         _round("2013 Q1", 20, 0, question="Q10")]
    )
    out = compare_rounds(answers, by="question", partially=0.5)
    q1 = out[out["question"] == "Q1"]
    assert q1["pct"].tolist() == [50.0, 50.0]  # (5 + 10 × 0.5) / 20
    assert q1.iloc[1]["change"] == 0.0
    assert q1.iloc[1]["change_low"] < 0 < q1.iloc[1]["change_high"]
    assert out[out["question"] == "Q10"]["pct"].tolist() == [100.0]


def test_compare_rounds_identical_rounds_report_no_change() -> None:
    one = _round("2013 Q1", 17, 3, na=4)
    two = one.assign(audit="2014 Q1")
    out = compare_rounds(pd.concat([one, two]))
    assert out.iloc[1]["year_change"] == 0.0
    assert out.iloc[1]["year_change_low"] < 0 < out.iloc[1]["year_change_high"]


# ---------------------------------------------------------------------- compare_inspections
def _inspection(inspection: str, framework: str, scores: dict[str, float],
                cases: float | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "service": "Anytown",
            "inspection": inspection,
            "framework": framework,
            "date": pd.Timestamp("2013-11-25"),
            "theme": list(scores),
            "item": "",
            "score": list(scores.values()),
            "rating": np.nan,
            "points": np.nan,
            "cases": cases,
        }
    )


CCI_2010 = {"Safeguarding": 70.0, "Risk of Harm": 66.0, "Likelihood of Reoffending": 75.0}
SQS_2013 = {
    "Reducing the likelihood of reoffending": 91.0,
    "Protecting the public": 91.0,
    "Protecting the child or young person": 87.0,
    "Ensuring that sentence is served": 96.0,
}


def test_compare_inspections_across_frameworks_is_indicative() -> None:
    out = compare_inspections(_inspection("CCI 2010", "CCI", CCI_2010),
                              _inspection("SQS 2013", "SQS", SQS_2013))
    assert out["indicative"].all()
    rows = out.set_index("theme")
    # through the crosswalk: Safeguarding -> Protecting the child or young person, ...
    assert rows.loc["Protecting the child or young person", "before_theme"] == "Safeguarding"
    assert rows.loc["Protecting the child or young person", ["before", "after"]].tolist() == [
        70.0, 87.0,
    ]
    assert rows.loc["Protecting the public", "before_theme"] == "Risk of Harm"
    assert rows.loc["Reducing the likelihood of reoffending", "change"] == pytest.approx(16.0)
    assert pd.isna(rows.loc["Ensuring that sentence is served", "before"])
    assert rows.loc["Ensuring that sentence is served", "verdict"].startswith("not compared")
    assert rows.loc["Protecting the public", "verdict"] == "not tested (no case counts)"
    assert out["theme"].iloc[-1] == "Overall"
    assert rows.loc["Overall", "before"] == pytest.approx(sum(CCI_2010.values()) / 3)


def test_compare_inspections_same_framework_with_cases_gives_verdicts() -> None:
    before = _inspection("SQS 2011", "SQS", {"Protecting the public": 40.0,
                                             "Protecting the child or young person": 80.0},
                         cases=30)
    after = _inspection("SQS 2013", "SQS", {"Protecting the public": 90.0,
                                            "Protecting the child or young person": 85.0},
                        cases=30)
    out = compare_inspections(before, after).set_index("theme")
    assert not out["indicative"].any()
    assert out.loc["Protecting the public", "verdict"] == "improved"
    assert out.loc["Protecting the child or young person", "verdict"] == (
        "no clear evidence of change")
    assert out.loc["Protecting the public", ["before_cases", "after_cases"]].tolist() == [30, 30]


# ------------------------------------------------------------------------------- benchmark
def _benchmark_table() -> pd.DataFrame:
    services = ["A", "B", "C", "D", "E"]
    public = [91.0, 80.0, 91.0, 70.0, 60.0]
    child = [50.0, 90.0, 70.0, 80.0, 60.0]
    frames = [
        pd.DataFrame({"service": services, "theme": "Protecting the public", "score": public}),
        pd.DataFrame({"service": services, "theme": "Protecting the child or young person",
                      "score": child}),
    ]
    return pd.concat(frames, ignore_index=True).assign(
        inspection="SQS", framework="SQS", item=""
    )


def test_benchmark_ranks_with_ties() -> None:
    a = benchmark(_benchmark_table(), "A").set_index("theme")
    assert a.loc["Protecting the public", ["rank", "of"]].tolist() == [1, 5]
    assert bool(a.loc["Protecting the public", "joint"])
    c = benchmark(_benchmark_table(), "c").set_index("theme")
    assert c.loc["Protecting the public", "rank"] == 1  # ties share the best rank
    b = benchmark(_benchmark_table(), "B").set_index("theme")
    assert b.loc["Protecting the public", "rank"] == 3  # after two joint firsts
    assert not bool(b.loc["Protecting the public", "joint"])
    assert b.loc["Protecting the child or young person", "rank"] == 1


def test_benchmark_percentile_quartile_and_overall() -> None:
    table = _benchmark_table()
    quartiles = {s: benchmark(table, s).set_index("theme").loc["Protecting the public"]
                 for s in "ABCDE"}
    # A: 3 others lower and 1 tied (half) of 4 others
    assert quartiles["A"]["percentile"] == pytest.approx(87.5)
    assert [int(quartiles[s]["quartile"]) for s in "ABCDE"] == [1, 2, 1, 3, 4]
    assert quartiles["E"]["percentile"] == 0.0
    assert quartiles["A"]["median"] == 80.0
    assert (quartiles["A"]["lowest"], quartiles["A"]["highest"]) == (60.0, 91.0)
    overall = benchmark(table, "B").set_index("theme").loc["Overall"]
    # overall = mean of each service's themes: A 70.5, B 85, C 80.5, D 75, E 60
    assert overall["score"] == 85.0 and overall["rank"] == 1
    assert benchmark(table, "B")["theme"].tolist() == [
        "Protecting the public", "Protecting the child or young person", "Overall",
    ]


def test_benchmark_refuses_unknown_service_and_repeated_inspections() -> None:
    with pytest.raises(ValueError, match="no service 'Z'"):
        benchmark(_benchmark_table(), "Z")
    twice = pd.concat([_benchmark_table(), _benchmark_table().assign(inspection="FJI")])
    with pytest.raises(ValueError, match="several inspections"):
        benchmark(twice, "A")
    assert benchmark(twice, "A", inspection="FJI")["of"].tolist() == [5, 5, 5]


# ---------------------------------------------------------------------- ratings_distribution
def _ratings() -> pd.DataFrame:
    rows = [
        ("A", "HMIP 2022", "2022-05-01", "Assessment", "Good", 2),
        ("A", "HMIP 2022", "2022-05-01", "Overall", "Good", 26),
        ("B", "HMIP 2023", "2023-05-01", "Assessment", "Outstanding", 3),
        ("B", "HMIP 2023", "2023-05-01", "Overall", None, 32),  # no word: band of 32 points
        ("C", "HMIP 2021", "2021-05-01", "Assessment", "Inadequate", 0),
        ("C", "HMIP 2021", "2021-05-01", "Overall", "Inadequate", 4),
        ("C", "HMIP 2024", "2024-05-01", "Assessment", "Good", 2),  # C's latest inspection
        ("C", "HMIP 2024", "2024-05-01", "Overall", "Requires improvement", 15),
    ]
    frame = pd.DataFrame(rows, columns=["service", "inspection", "date", "theme", "rating",
                                        "points"])
    return frame.assign(date=pd.to_datetime(frame["date"]), framework="HMIP2018", item="",
                        score=np.nan)


def test_ratings_distribution_counts_each_service_once() -> None:
    out = ratings_distribution(_ratings(), service="C").set_index("theme")
    assert list(out.columns) == [
        "Outstanding", "Good", "Requires improvement", "Inadequate", "services", "rating",
    ]
    assert out.loc["Assessment"].tolist() == [1, 2, 0, 0, 3, "Good"]
    assert out.loc["Overall"].tolist() == [1, 1, 1, 0, 3, "Requires improvement"]
    assert out.index.tolist() == ["Assessment", "Overall"]


# --------------------------------------------------------------------- track_recommendations
RECS = pd.DataFrame(
    {
        "id": ["R1", "R2"],
        "recommendation": ["Reviews on time", "Plans cover vulnerability"],
        "questions": ["Q1; Q2", "Q9"],
        "target": [80.0, 90.0],
        "due": pd.to_datetime(["2014-06-30", None]),
    }
)


def test_track_recommendations_status_and_trend() -> None:
    answers = pd.concat(
        [
            _round("2013 Q4", 6, 6, question="Q1"),
            _round("2013 Q4", 6, 6, question="Q2"),
            _round("2013 Q4", 12, 0, question="Q10"),  # not Q1: never pooled into R1
            _round("2014 Q1", 10, 3, question="Q1"),
            _round("2014 Q1", 10, 1, question="Q2"),  # 20 of 24 = 83.3%
            _round("2014 Q2", 3, 1, question="Q1"),  # 4 cases only
            _round("2014 Q2", 4, 5, question="Q9"),
        ]
    )
    out = track_recommendations(RECS, answers)
    r1 = out[out["id"] == "R1"].set_index("audit")
    assert r1.index.tolist() == ["2013 Q4", "2014 Q1", "2014 Q2"]
    assert r1["answers"].tolist() == [24, 24, 4]  # answers pooled over Q1 and Q2
    assert r1["cases"].tolist() == [12, 13, 4]  # distinct cases behind them
    assert r1.loc["2013 Q4", "pct"] == pytest.approx(50.0)
    assert r1.loc["2014 Q1", "pct"] == pytest.approx(20 / 24 * 100)
    # 83% against 80% on 13 cases: the interval straddles the target (issue 13)
    assert r1["status"].tolist() == ["not met", "too close to call at this number of cases",
                                     "too few cases"]
    assert pd.isna(r1.loc["2013 Q4", "trend"])
    # 50% -> 83%, but each case's two answers go together: 12-13 cases, not 24 answers
    assert r1.loc["2014 Q1", "trend"] == "no clear evidence of change"
    assert r1.loc["2014 Q2", "trend"] == "too few cases to say"
    assert r1["trend_since"].unique().tolist() == ["2013 Q4"]
    low, high = r1.loc["2014 Q1", "low"], r1.loc["2014 Q1", "high"]
    naive = wilson_interval(20, 24)  # as if the 24 answers were 24 children
    assert low < naive[0] < r1.loc["2014 Q1", "pct"] < naive[1] < high
    assert r1["assurance"].unique().tolist() == ["hit and miss"]
    r2 = out[out["id"] == "R2"].set_index("audit")
    # R2 unmeasured until 2014 Q2: its rows are still there, with no cases
    assert r2["answers"].tolist() == [0, 0, 9]
    assert r2["status"].tolist() == ["too few cases"] * 3
    assert r2["target"].unique().tolist() == [90.0]


def test_track_recommendations_threshold_counts_cases_not_pooled_answers() -> None:
    # 6 cases each answering both of R1's questions: 12 answers, but only 6 cases
    q1 = _round("2014 Q1", 6, 0, question="Q1")
    answers = pd.concat([q1, q1.assign(question="Q2")])
    out = track_recommendations(RECS.iloc[:1], answers)
    assert out[["answers", "cases"]].to_numpy().tolist() == [[12, 6]]
    assert out["status"].tolist() == ["too few cases"]
    # 100% on 6 children: the interval still reaches below the 80% target
    assert track_recommendations(RECS.iloc[:1], answers, min_cases=6)["status"].tolist() == [
        "too close to call at this number of cases"
    ]


def test_track_recommendations_since_and_lower_min_cases() -> None:
    answers = pd.concat(
        [_round("2013 Q3", 0, 12, question="Q1"), _round("2013 Q4", 6, 6, question="Q1"),
         _round("2014 Q1", 12, 0, question="Q1")]
    )
    out = track_recommendations(RECS.iloc[:1], answers, since="2013 Q4")
    assert out["audit"].tolist() == ["2013 Q4", "2014 Q1"]
    assert out["trend_since"].tolist() == ["2013 Q4", "2013 Q4"]
    assert out["status"].tolist() == ["not met", "too close to call at this number of cases"]
    assert out["trend"].tolist()[-1] == "improving"
    declining = track_recommendations(
        RECS.iloc[:1],
        pd.concat([_round("2013 Q4", 12, 0, question="Q1"), _round("2014 Q1", 0, 12,
                                                                    question="Q1")]),
    )
    assert declining["trend"].tolist()[-1] == "declining"


def test_track_recommendations_met_only_when_the_interval_clears_the_target() -> None:
    # the case: 89% against 90% is too close to call, not "not met"
    answers = _round("2014 Q1", 40, 5, question="Q9")
    out = track_recommendations(RECS.iloc[1:], answers)
    assert out["status"].tolist() == ["too close to call at this number of cases"]
    assert track_recommendations(RECS.iloc[1:], _round("2014 Q1", 59, 1, question="Q9"),
                                 )["status"].tolist() == ["met"]  # 98% on 60: 91% to 100%
    assert track_recommendations(RECS.iloc[1:], _round("2014 Q1", 20, 20, question="Q9"),
                                 )["status"].tolist() == ["not met"]


def test_track_recommendations_measures_progress_from_the_round_before_the_inspection() -> None:
    dated = [("2013 Q2", "2013-05-01", 10, 10), ("2013 Q3", "2013-08-01", 2, 18),
             ("2013 Q4", "2013-11-01", 12, 8), ("2014 Q1", "2014-02-01", 19, 1)]
    answers = pd.concat([_round(r, y, n, question="Q9").assign(date=pd.Timestamp(d))
                         for r, d, y, n in dated])
    # inspected in September 2013: progress runs from 2013 Q3, the last round before it,
    # whatever round was weakest or first
    out = track_recommendations(RECS.iloc[1:], answers, made="2013-09-20")
    assert out["trend_since"].unique().tolist() == ["2013 Q3"]
    assert out["trend"].isna().tolist() == [True, True, False, False]
    assert out["trend"].tolist()[-1] == "improving"
    assert track_recommendations(RECS.iloc[1:], answers)["trend_since"].iloc[0] == "2013 Q2"
