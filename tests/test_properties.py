"""Property tests (hypothesis) of the analytical core: what must hold for any answers at all."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from yosanalysis.compare import compare_rounds, compare_two, newcombe_interval
from yosanalysis.format import round_half_up
from yosanalysis.narrative import change_sentence
from yosanalysis.scoring import audit_scores, wilson_interval, wilson_intervals

ANSWER = st.sampled_from(["Yes", "No", "Partially", "N/A", None])
ROUND = st.sampled_from(["2012 Q4", "2013 Q1", "2013 Q2", "2014 Q1"])
THEME = st.sampled_from(["Reviewing", "Planning", "Assessment"])
CREDIT = st.sampled_from([0, 0.5, 1, "no", "half", "yes"])


@st.composite
def audit_tables(draw: st.DrawFn, min_size: int = 0) -> pd.DataFrame:
    rows = draw(st.lists(st.tuples(ROUND, THEME, ANSWER), min_size=min_size, max_size=120))
    return pd.DataFrame(rows, columns=["audit", "theme", "answer"]).astype(
        {"audit": "str", "theme": "str", "answer": "str"}
    )


@st.composite
def counts(draw: st.DrawFn) -> tuple[float, int]:
    n = draw(st.integers(min_value=0, max_value=400))
    whole = draw(st.integers(min_value=0, max_value=n))
    half = draw(st.booleans()) and whole < n
    return whole + (0.5 if half else 0.0), n


@settings(max_examples=100, deadline=None)
@given(audit_tables(), CREDIT)
def test_percentages_within_0_100_and_intervals_hold_their_estimate(
    answers: pd.DataFrame, credit: object
) -> None:
    out = audit_scores(answers, partially=credit)  # type: ignore[arg-type]
    scored = out[out["n"] > 0]
    assert scored["pct"].between(0, 100).all()
    assert (scored["low"] >= 0).all() and (scored["high"] <= 100).all()
    assert (scored["low"] <= scored["pct"]).all() and (scored["pct"] <= scored["high"]).all()
    assert out.loc[out["n"] == 0, ["pct", "low", "high"]].isna().all().all()


@settings(max_examples=100, deadline=None)
@given(audit_tables())
def test_counts_add_up_to_the_rows_in(answers: pd.DataFrame) -> None:
    out = audit_scores(answers)
    kinds = ["yes", "partially", "no", "na", "unanswered"]
    assert int(out[kinds].to_numpy().sum()) == len(answers)
    assert (out["n"] == out["yes"] + out["partially"] + out["no"]).all()
    by_round = audit_scores(answers, by="audit")
    assert int(by_round[kinds].to_numpy().sum()) == len(answers)


@settings(max_examples=100, deadline=None)
@given(
    audit_tables(min_size=1),
    st.lists(st.tuples(ROUND, THEME, st.sampled_from(["N/A", None])), max_size=40),
    CREDIT,
)
def test_adding_na_or_unanswered_rows_never_moves_a_percentage(
    answers: pd.DataFrame, extra: list[tuple[str, str, str | None]], credit: object
) -> None:
    more = pd.concat(
        [answers, pd.DataFrame(extra, columns=["audit", "theme", "answer"]).astype("str")],
        ignore_index=True,
    )
    before = audit_scores(answers, partially=credit).set_index(["audit", "theme"])  # type: ignore[arg-type]
    after = audit_scores(more, partially=credit).set_index(["audit", "theme"])  # type: ignore[arg-type]
    shared = before.index
    for column in ["pct", "low", "high", "n"]:
        pd.testing.assert_series_equal(before[column], after.loc[shared, column])
    new_groups = after.index.difference(shared)
    assert after.loc[new_groups, "n"].eq(0).all()


@settings(max_examples=200, deadline=None)
@given(counts(), st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_every_wilson_interval_holds_its_estimate(count: tuple[float, int], conf: float) -> None:
    successes, n = count
    low, high = wilson_interval(successes, n, conf)
    if n == 0:
        assert math.isnan(low) and math.isnan(high)
    else:
        estimate = successes / n * 100
        assert 0 <= low <= estimate <= high <= 100


@settings(max_examples=200, deadline=None)
@given(st.lists(counts(), min_size=1, max_size=30))
def test_vectorised_and_scalar_wilson_agree(pairs: list[tuple[float, int]]) -> None:
    successes, n = zip(*pairs, strict=True)
    low, high = wilson_intervals(list(successes), list(n))
    expected = np.array([wilson_interval(s, m) for s, m in pairs])
    np.testing.assert_allclose(np.c_[low, high], expected, equal_nan=True)


@settings(max_examples=200, deadline=None)
@given(counts(), st.integers(min_value=0, max_value=30))
def test_a_comparison_of_identical_rounds_never_reports_a_change(
    count: tuple[float, int], min_cases: int
) -> None:
    successes, n = count
    result = compare_two(successes, n, successes, n, min_cases=min_cases)
    assert result.verdict in {"no clear evidence of change", "too few cases to say"}
    if n:
        assert result.change == 0
        assert result.low <= 0 <= result.high
    sentence = change_sentence(result, "Planning", "2013 Q1", "2014 Q1")
    assert "improved" not in sentence and "declined" not in sentence


@settings(max_examples=60, deadline=None)
@given(audit_tables(min_size=1), CREDIT)
def test_compare_rounds_of_a_round_and_its_copy_a_year_later_finds_no_change(
    answers: pd.DataFrame, credit: object
) -> None:
    one = answers.assign(audit="2013 Q1")
    copy = answers.assign(audit="2014 Q1")
    out = compare_rounds(pd.concat([one, copy]), by="theme", partially=credit, min_cases=1)  # type: ignore[arg-type]
    later = out[out["audit"] == "2014 Q1"]
    assert later["year_audit"].eq("2013 Q1").all()
    assert "verdict" not in later.columns  # the series labels no round (issue 13)
    answered = later["answers"] > 0
    assert later.loc[answered, "year_change"].eq(0).all()
    tested = later["year_change_low"].notna()
    assert (later.loc[tested, "year_change_low"] <= 0).all()
    assert (later.loc[tested, "year_change_high"] >= 0).all()


@settings(max_examples=200, deadline=None)
@given(counts(), counts(), st.integers(min_value=0, max_value=20))
def test_sentences_claim_only_what_the_comparison_found(
    a: tuple[float, int], b: tuple[float, int], min_cases: int
) -> None:
    result = compare_two(a[0], a[1], b[0], b[1], min_cases=min_cases)
    sentence = change_sentence(result, "Planning", "2013 Q1", "2014 Q1")
    assert ("improved from" in sentence) == (result.verdict == "improved")
    assert ("declined from" in sentence) == (result.verdict == "declined")
    if result.verdict == "too few cases to say" and a[1] and b[1]:
        assert "too few cases to say whether this is a real change" in sentence
    if a[1] and b[1]:  # the cases behind both figures are always given
        assert str(a[1]) in sentence and str(b[1]) in sentence
    if result.verdict in {"improved", "declined"}:
        low, high = newcombe_interval(a[0], a[1], b[0], b[1])
        assert low > 0 or high < 0


@given(st.integers(min_value=-1000, max_value=1000))
def test_round_half_up_rounds_every_half_away_from_zero(k: int) -> None:
    away_from_zero = k + 1 if k >= 0 else k  # -2.5 -> -3, 2.5 -> 3
    assert round_half_up(k + 0.5) == away_from_zero
    assert round_half_up(k + 0.25) == k
    assert round_half_up(k + 0.75) == k + 1
    assert round_half_up(k) == k
