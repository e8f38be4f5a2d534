"""Small-number suppression: what a reader is shown when a figure rests on too few cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from yosanalysis.privacy import format_count, reader_table, suppress

# Warnings from matplotlib, seaborn and the suite are errors here. Resources that an earlier test
# (a notebook kernel's event loop, say) left for the garbage collector are not this test's.
pytestmark = [
    pytest.mark.filterwarnings("error"),
    pytest.mark.filterwarnings("default::ResourceWarning"),
    pytest.mark.filterwarnings("default::pytest.PytestUnraisableExceptionWarning"),
]


def audit_scores_table() -> pd.DataFrame:
    """The shape `audit_scores(answers, by=("audit", "question"))` returns."""
    return pd.DataFrame({
        "audit": ["2013 Q1", "2013 Q1", "2013 Q2", "2013 Q2"],
        "question": ["Q1", "Q2", "Q1", "Q2"],
        "yes": [17, 2, 0, 4],
        "partially": [1, 1, 0, 0],
        "no": [2, 1, 0, 1],
        "na": [3, 0, 5, 1],
        "unanswered": [0, 1, 2, 0],
        "n": [20, 4, 0, 5],
        "pct": [85.0, 50.0, np.nan, 80.0],
        "low": [64.0, 15.0, np.nan, 37.6],
        "high": [94.8, 85.0, np.nan, 96.4],
    })


def test_rows_on_fewer_than_five_cases_are_blanked_and_flagged():
    table = audit_scores_table()
    out = suppress(table)
    assert out["suppressed"].tolist() == [False, True, True, False]
    small = out[out["suppressed"]]
    for column in ("n", "pct", "low", "high", "yes", "partially", "no"):
        assert small[column].isna().all(), column
    kept = out[~out["suppressed"]]
    pd.testing.assert_frame_equal(
        kept[["n", "pct", "low", "high"]].astype(float),
        table.loc[kept.index, ["n", "pct", "low", "high"]].astype(float),
    )


def test_counts_stay_whole_numbers_and_the_input_is_untouched():
    table = audit_scores_table()
    before = table.copy()
    out = suppress(table)
    assert str(out["n"].dtype) == "Int64"
    assert out.loc[0, "n"] == 20
    pd.testing.assert_frame_equal(table, before)


def test_counts_that_do_not_give_n_away_are_kept():
    out = suppress(audit_scores_table())
    assert out.loc[1, "na"] == 0 and out.loc[1, "unanswered"] == 1


def test_threshold_is_configurable_and_checked():
    table = audit_scores_table()
    assert suppress(table, threshold=1)["suppressed"].tolist() == [False, False, True, False]
    assert suppress(table, threshold=21)["suppressed"].all()
    with pytest.raises(ValueError, match="at least 1"):
        suppress(table, threshold=0)
    with pytest.raises(ValueError, match="whole number"):
        suppress(table, threshold=4.5)  # type: ignore[arg-type]


def test_other_count_and_percentage_columns():
    compared = pd.DataFrame({
        "theme": ["Reviewing", "Planning"], "pct": [80.0, 70.0], "n": [20, 20],
        "prev_pct": [60.0, 65.0], "prev_n": [3, 22], "change": [20.0, 5.0],
    })
    out = suppress(compared, count_cols=("prev_n",), pct_cols=("prev_pct", "change"))
    assert out["suppressed"].tolist() == [True, False]
    assert pd.isna(out.loc[0, "prev_pct"]) and pd.isna(out.loc[0, "change"])
    assert out.loc[0, "pct"] == 80.0  # not named: left alone


def test_missing_counts_are_not_small_and_flags_are_kept():
    table = pd.DataFrame({"n": [np.nan, 12], "pct": [50.0, 60.0], "suppressed": [False, True]})
    out = suppress(table)
    assert out["suppressed"].tolist() == [False, True]
    assert out.loc[0, "pct"] == 50.0
    assert pd.isna(out.loc[1, "pct"])


def test_absent_columns_are_ignored():
    table = pd.DataFrame({"theme": ["Staff"], "count": [3]})
    out = suppress(table)
    assert out["suppressed"].tolist() == [False]
    assert suppress(table, count_cols=("count",))["suppressed"].tolist() == [True]


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=30),
       st.integers(min_value=1, max_value=20))
def test_exactly_the_rows_under_the_threshold_are_suppressed(counts, threshold):
    table = pd.DataFrame({"n": counts, "pct": np.linspace(0, 100, len(counts))})
    out = suppress(table, threshold=threshold)
    expected = [c < threshold for c in counts]
    assert out["suppressed"].tolist() == expected
    assert out["pct"].isna().tolist() == expected


@pytest.mark.parametrize(
    ("count", "threshold", "shown"),
    [(0, 5, "fewer than 5"), (4, 5, "fewer than 5"), (5, 5, "5"), (17, 5, "17"),
     (9, 10, "fewer than 10"), (12.0, 5, "12"), (np.int64(3), 5, "fewer than 5"),
     (2500, 5, "2,500"), (None, 5, "not known"), (np.nan, 5, "not known"),
     (pd.NA, 5, "not known")],
)
def test_format_count(count, threshold, shown):
    assert format_count(count, threshold) == shown


@pytest.mark.parametrize("bad", [-1, 2.5, "12", True])
def test_format_count_refuses_what_is_not_a_count(bad):
    with pytest.raises(ValueError, match="count"):
        format_count(bad)


# -- tables as readers see them --------------------------------------------------------------


def test_reader_table_writes_small_counts_and_the_percentages_on_them_in_words():
    table = audit_scores_table()
    before = table.copy()
    out = reader_table(table)
    small = table["n"] < 5
    assert out.loc[small, "n"].tolist() == ["fewer than 5"] * int(small.sum())
    for column in ("pct", "low", "high"):
        assert out.loc[small, column].tolist() == ["suppressed"] * int(small.sum()), column
        assert out.loc[~small, column].tolist() == table.loc[~small, column].tolist(), column
    # answer counts under 5 are counts of children's cases too; na and unanswered likewise
    assert out.loc[0, "no"] == "fewer than 5" and out.loc[0, "yes"] == 17
    pd.testing.assert_frame_equal(table, before)


def test_reader_table_leaves_a_table_without_counts_alone():
    summary = pd.DataFrame({"Theme": ["Staff"], "Score (%)": [91.0], "Items": [2],
                            "Rank": [1], "Target (%)": [80.0]})
    assert reader_table(summary).to_numpy().tolist() == summary.to_numpy().tolist()


def test_reader_table_threshold_is_checked():
    table = pd.DataFrame({"n": [0, 3], "pct": [0.0, 50.0]})
    assert reader_table(table, threshold=0).to_numpy().tolist() == [[0, 0.0], [3, 50.0]]
    with pytest.raises(ValueError, match="at least 0"):
        reader_table(table, threshold=-1)
    with pytest.raises(ValueError, match="whole number"):
        reader_table(table, threshold=2.5)  # type: ignore[arg-type]


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=30),
       st.integers(min_value=1, max_value=20))
def test_reader_table_words_exactly_the_rows_under_the_threshold(counts, threshold):
    table = pd.DataFrame({"Cases": counts, "Score (%)": np.linspace(0, 100, len(counts))})
    out = reader_table(table, threshold=threshold)
    expected = [c < threshold for c in counts]
    assert (out["Cases"] == f"fewer than {threshold}").tolist() == expected
    assert (out["Score (%)"] == "suppressed").tolist() == expected
    kept = [c for c in counts if c >= threshold]
    assert [v for v in out["Cases"] if not isinstance(v, str)] == kept


# -- secondary suppression (issue 13) ------------------------------------------------------
from yosanalysis.privacy import recoverable_values, suppress_hierarchy  # noqa: E402


def _theme_with_questions() -> pd.DataFrame:
    """A theme's row (question blank) and its questions, counts additive as answers are."""
    return pd.DataFrame({
        "theme": ["Reviews"] * 4 + ["Planning"] * 3,
        "question": [None, "Q1", "Q2", "Q3", None, "Q4", "Q5"],
        "cases": [30, 20, 8, 2, 25, 22, 3],
        "answers": [30, 20, 8, 2, 25, 22, 3],
        "yes": [21, 15, 5, 1, 18, 16, 2],
        "pct": [70.0, 75.0, 62.5, 50.0, 72.0, 72.7, 66.7],
    })


def test_primary_suppression_alone_lets_a_withheld_value_be_recovered() -> None:
    shown = suppress(_theme_with_questions(), count_cols=("cases",),
                     detail_cols=("yes", "answers"))
    found = recoverable_values([shown], total_key="theme", part_key="question",
                               columns=["yes", "answers"])
    # the leak: the theme's total minus its shown parts gives the hidden question
    assert ("Reviews", "Q3", "yes", 1.0) in found and ("Planning", "Q5", "yes", 2.0) in found


def test_secondary_suppression_leaves_nothing_to_recover() -> None:
    table = _theme_with_questions()
    out = suppress_hierarchy(table, total_key="theme", part_key="question", count="cases")
    assert recoverable_values([out], total_key="theme", part_key="question",
                              columns=["yes", "answers", "cases"]) == []
    flags = dict(zip(zip(out["theme"], out["question"].fillna(""), strict=True), out["suppressed"],
                     strict=True))
    # Reviews: Q3 (2 cases) and then the smallest shown part, Q2; Planning: Q5 (3 cases) and
    # its only other part, Q4
    assert [k for k, v in flags.items() if v] == [("Reviews", "Q2"), ("Reviews", "Q3"),
                                                  ("Planning", "Q4"), ("Planning", "Q5")]
    assert out.loc[out["suppressed"], ["cases", "yes", "pct"]].isna().all().all()
    assert out.loc[~out["suppressed"], "yes"].notna().all()


def test_secondary_suppression_of_inspection_items_by_cases() -> None:
    items = pd.DataFrame({"theme": "Protecting the public",
                          "item": [None, "Assessment", "Planning", "Review"],
                          "cases": [12, 12, 12, 3], "score": [80.0, 90.0, 80.0, 70.0]})
    out = suppress_hierarchy(items, total_key="theme", part_key="item", count="cases")
    # the theme's mean of three items and two shown items would give the third away
    assert out["suppressed"].tolist() == [False, True, False, True]
    assert out.loc[out["suppressed"], "score"].isna().all()
    only_total = suppress_hierarchy(items.iloc[[0, 3]], total_key="theme", part_key="item")
    assert only_total["suppressed"].tolist() == [True, True]
