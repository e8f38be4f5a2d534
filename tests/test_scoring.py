"""Tests of yosanalysis.scoring: bands, Wilson intervals, inspection summaries, audit scores.

The last section holds two INTEGRATION tests that need the loaders (`yosanalysis.load`) and the
sample data in data/sample/, written by other helpers: they fail until that work lands.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import yosanalysis
from yosanalysis.format import round_half_up
from yosanalysis.format import stars as stars_text
from yosanalysis.narrative import headline, theme_lines
from yosanalysis.scoring import (
    BandResult,
    audit_scores,
    band,
    inspection_summary,
    partial_credit,
    round_order,
    sort_rounds,
    theme_averages,
    wilson_interval,
    wilson_intervals,
)
from yosanalysis.text import match_key

SQS_THEMES = [
    "Reducing the likelihood of reoffending",
    "Protecting the public",
    "Protecting the child or young person",
    "Ensuring that sentence is served",
]


# ---------------------------------------------------------------------------------- band
@pytest.mark.parametrize(
    ("value", "scheme", "label", "stars"),
    [
        (79.9, "hmip-2013", "Satisfactory", 3),
        (80, "hmip-2013", "Good", 4),
        (100, "hmip-2013", "Good", 4),
        (65, "hmip-2013", "Satisfactory", 3),
        (64.99, "hmip-2013", "Unsatisfactory", 2),
        (50, "hmip-2013", "Unsatisfactory", 2),
        (49.99, "hmip-2013", "Poor", 1),
        (0, "hmip-2013", "Poor", 1),
        (30, "hmip-2018", "Good", None),
        (31, "hmip-2018", "Outstanding", None),
        (36, "hmip-2018", "Outstanding", None),
        (19, "hmip-2018", "Good", None),
        (18, "hmip-2018", "Requires improvement", None),
        (7, "hmip-2018", "Requires improvement", None),
        (6, "hmip-2018", "Inadequate", None),
        (0, "hmip-2018", "Inadequate", None),
    ],
)
def test_band_boundaries(value: float, scheme: str, label: str, stars: int | None) -> None:
    result = band(value, scheme)
    assert (result.label, result.stars, result.scheme) == (label, stars, scheme)
    # HMIP's ratings from 2018 carry no stars: none are made up
    assert result.stars_text == ("" if stars is None else "★" * stars + "☆" * (4 - stars))
    assert result.value == value


@pytest.mark.parametrize(
    ("value", "scheme"),
    [(37, "hmip-2018"), (-1, "hmip-2018"), (100.01, "hmip-2013"), (-0.5, "hmip-2013")],
)
def test_band_out_of_range_is_a_clear_error(value: float, scheme: str) -> None:
    with pytest.raises(ValueError, match=f"outside the {scheme} scheme's range"):
        band(value, scheme)


@pytest.mark.parametrize("value", [math.nan, None, "eighty", pd.NA])
def test_band_of_a_missing_or_non_number_is_a_value_error(value: object) -> None:
    with pytest.raises(ValueError):
        band(value)  # type: ignore[arg-type]


def test_band_unknown_scheme_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="hmip-2013"):
        band(50, "hmip-1999")


def test_band_result_is_frozen() -> None:
    result = band(85)
    assert isinstance(result, BandResult)
    with pytest.raises(AttributeError):
        result.label = "Poor"  # type: ignore[misc]


def test_stars_text_fills_then_empties_to_four() -> None:
    assert [stars_text(n) for n in range(5)] == ["☆☆☆☆", "★☆☆☆", "★★☆☆", "★★★☆", "★★★★"]
    with pytest.raises(ValueError):
        stars_text(5)


# ------------------------------------------------------------------------------- Wilson
def test_wilson_17_of_20() -> None:
    low, high = wilson_interval(17, 20)
    assert (round(low, 1), round(high, 1)) == (64.0, 94.8)


@pytest.mark.parametrize(
    ("successes", "n", "expected"),
    # Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (Wilson score)
    [(81, 263, (25.53, 36.62)), (15, 148, (6.24, 16.05)), (0, 20, (0.0, 16.11)),
     (1, 29, (0.61, 17.18))],
)
def test_wilson_matches_newcombes_published_intervals(
    successes: int, n: int, expected: tuple[float, float]
) -> None:
    low, high = wilson_interval(successes, n)
    assert low == pytest.approx(expected[0], abs=0.01)
    assert high == pytest.approx(expected[1], abs=0.01)


def test_wilson_of_no_cases_is_nan() -> None:
    low, high = wilson_interval(0, 0)
    assert math.isnan(low) and math.isnan(high)


def test_wilson_wider_at_higher_confidence() -> None:
    low95, high95 = wilson_interval(17, 20)
    low99, high99 = wilson_interval(17, 20, confidence=0.99)
    assert low99 < low95 and high99 > high95


@pytest.mark.parametrize(("successes", "n"), [(21, 20), (-1, 20), (1, -2)])
def test_wilson_rejects_impossible_counts(successes: int, n: int) -> None:
    with pytest.raises(ValueError):
        wilson_interval(successes, n)


@pytest.mark.parametrize("confidence", [0, 1, 95])
def test_wilson_rejects_a_confidence_outside_0_1(confidence: float) -> None:
    with pytest.raises(ValueError, match="confidence"):
        wilson_interval(5, 10, confidence)


def test_vectorised_wilson_agrees_with_the_scalar_one() -> None:
    successes = pd.Series([0, 3.5, 17, 20, 0])
    n = pd.Series([10, 7, 20, 20, 0])
    low, high = wilson_intervals(successes, n)
    for s, m, lo, hi in zip(successes, n, low, high, strict=True):
        expected = wilson_interval(s, m)
        if m == 0:
            assert math.isnan(lo) and math.isnan(hi)
        else:
            assert (lo, hi) == pytest.approx(expected)


# ----------------------------------------------------------------------- rounds and credit
def test_round_order_is_natural() -> None:
    rounds = ["2013 Q1", "2012 Q2", "2012 Q1", "2014 Q4", "2013 Q3"]
    assert sorted(rounds, key=round_order) == [
        "2012 Q1", "2012 Q2", "2013 Q1", "2013 Q3", "2014 Q4",
    ]
    assert sort_rounds(["Q2 2013", "Q4 2012", "Q1 2013", "Q4 2012"]) == [
        "Q4 2012", "Q1 2013", "Q2 2013",
    ]
    assert sort_rounds(["Round 10", "Round 9", "Round 1"]) == ["Round 1", "Round 9", "Round 10"]


@pytest.mark.parametrize(
    ("given", "credit"),
    [(0, 0.0), (0.5, 0.5), (1, 1.0), ("no", 0.0), ("yes", 1.0), ("half", 0.5), ("Half", 0.5),
     (True, 1.0), (False, 0.0), ("0.5", 0.5)],
)
def test_partial_credit_accepts_numbers_and_words(given: object, credit: float) -> None:
    assert partial_credit(given) == credit  # type: ignore[arg-type]


@pytest.mark.parametrize("given", [0.3, 2, "some", "", -1])
def test_partial_credit_refuses_anything_else(given: object) -> None:
    with pytest.raises(ValueError, match=r"partially must be 0, 0\.5 or 1"):
        partial_credit(given)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- audit scores
def _answers(rows: list[tuple[str, str, str, str | None]]) -> pd.DataFrame:
    """An audit-shape table from (audit, theme, question, answer) tuples."""
    frame = pd.DataFrame(rows, columns=["audit", "theme", "question", "answer"])
    return frame.assign(
        service="Anytown",
        date=pd.Timestamp("2013-06-01"),
        case_ref=[f"SYN-{i:04d}" for i in range(len(frame))],
        auditor="",
        comment="",
    )[["service", "audit", "date", "case_ref", "theme", "question", "answer", "auditor",
       "comment"]]


ROUND_A = (
    [("2013 Q1", "Reviewing", "Q3", "Yes")] * 6
    + [("2013 Q1", "Reviewing", "Q3", "Partially")] * 2
    + [("2013 Q1", "Reviewing", "Q3", "No")] * 2
    + [("2013 Q1", "Reviewing", "Q3", "N/A")] * 3
    + [("2013 Q1", "Reviewing", "Q3", None)] * 1
    + [("2013 Q1", "Planning", "Q1", "Yes")] * 4
    + [("2012 Q4", "Reviewing", "Q3", "No")] * 5
)


def test_audit_scores_counts_and_percentages() -> None:
    out = audit_scores(_answers(ROUND_A))
    assert list(out.columns) == [
        "audit", "theme", "yes", "partially", "no", "na", "unanswered", "n", "cases", "pct",
        "low", "high",
    ]
    # rounds in their natural order: 2012 Q4 first though it comes last in the input
    assert out[["audit", "theme"]].to_numpy().tolist() == [
        ["2012 Q4", "Reviewing"], ["2013 Q1", "Reviewing"], ["2013 Q1", "Planning"],
    ]
    reviewing = out.iloc[1]
    assert reviewing[["yes", "partially", "no", "na", "unanswered", "n"]].tolist() == [
        6, 2, 2, 3, 1, 10,
    ]
    assert reviewing["pct"] == pytest.approx(60.0)  # 6 of 10: partially earns nothing
    assert (reviewing["low"], reviewing["high"]) == pytest.approx(wilson_interval(6, 10))
    assert out.iloc[0]["pct"] == 0.0
    assert out.iloc[2]["pct"] == 100.0


@pytest.mark.parametrize(("partially", "expected"), [("half", 70.0), (1, 80.0), ("no", 60.0)])
def test_audit_scores_partial_credit(partially: object, expected: float) -> None:
    out = audit_scores(_answers(ROUND_A), by=("audit", "theme"), partially=partially)
    row = out[(out["audit"] == "2013 Q1") & (out["theme"] == "Reviewing")].iloc[0]
    assert row["pct"] == pytest.approx(expected)
    successes = expected / 100 * 10
    assert (row["low"], row["high"]) == pytest.approx(wilson_interval(successes, 10))


def test_audit_scores_by_any_columns() -> None:
    by_round = audit_scores(_answers(ROUND_A), by="audit")
    assert by_round["audit"].tolist() == ["2012 Q4", "2013 Q1"]
    assert by_round["n"].tolist() == [5, 14]
    by_question = audit_scores(_answers(ROUND_A), by=("audit", "question"))
    assert set(by_question["question"]) == {"Q1", "Q3"}


def test_audit_scores_group_with_no_answered_case_has_no_percentage() -> None:
    rows = [("2013 Q1", "Reviewing", "Q3", "N/A")] * 3 + [("2013 Q1", "Reviewing", "Q3", None)]
    out = audit_scores(_answers(rows))
    assert out["n"].tolist() == [0]
    assert out["pct"].isna().all() and out["low"].isna().all() and out["high"].isna().all()
    assert out[["na", "unanswered"]].to_numpy().tolist() == [[3, 1]]


def test_audit_scores_refuses_unknown_answers_and_columns() -> None:
    bad = _answers([("2013 Q1", "Reviewing", "Q3", "Maybe")])
    with pytest.raises(ValueError, match="Maybe"):
        audit_scores(bad)
    with pytest.raises(ValueError, match="'team'"):
        audit_scores(_answers(ROUND_A), by=("audit", "team"))


# ------------------------------------------------------------------------ inspection summary
def _inspection(rows: list[tuple[str, str, float | None]], **extra: object) -> pd.DataFrame:
    """An inspection-shape table from (theme, item, score) tuples."""
    frame = pd.DataFrame(rows, columns=["theme", "item", "score"])
    values = {
        "service": "Anytown",
        "inspection": "SQS 2013",
        "framework": "SQS",
        "date": pd.Timestamp("2013-11-25"),
        "rating": np.nan,
        "points": np.nan,
        "cases": np.nan,
        **extra,
    }
    for column, value in values.items():
        frame[column] = value
    return frame[["service", "inspection", "framework", "date", "theme", "item", "score",
                  "rating", "points", "cases"]]


SQS_ROWS = [
    # listed out of the framework's order on purpose
    ("Protecting the public", "Assessment", 90.0),
    ("Protecting the public", "Planning", 70.0),
    ("Reducing the likelihood of reoffending", "Assessment", 100.0),
    ("Reducing the likelihood of reoffending", "Planning", 80.0),
    ("Reducing the likelihood of reoffending", "Review", 60.0),
    ("Ensuring that sentence is served", "", 96.0),
    ("Protecting the child or young person", "Assessment", 50.0),
    ("Overall", "", 12.0),  # a source Overall row: not a theme
]


def test_inspection_summary_themes_items_and_overall() -> None:
    out = inspection_summary(_inspection(SQS_ROWS))
    assert list(out.columns) == ["theme", "score", "min", "max", "items", "band", "stars"]
    assert out["theme"].tolist() == [*SQS_THEMES, "Overall"]  # the framework's order
    by_theme = out.set_index("theme")
    assert by_theme.loc["Reducing the likelihood of reoffending", "score"] == 80.0
    assert by_theme.loc["Protecting the public", ["min", "max", "items"]].tolist() == [70, 90, 2]
    assert by_theme.loc["Ensuring that sentence is served", "score"] == 96.0  # theme-level row
    assert by_theme.loc["Ensuring that sentence is served", "items"] == 0
    overall = by_theme.loc["Overall"]
    assert overall["score"] == pytest.approx((80 + 80 + 50 + 96) / 4)  # mean of the themes
    assert (overall["min"], overall["max"]) == (50.0, 100.0)
    assert overall["items"] == 6
    assert by_theme["band"].tolist() == ["Good", "Good", "Unsatisfactory", "Good", "Satisfactory"]
    assert by_theme["stars"].tolist() == [4, 4, 2, 4, 3]


def test_inspection_summary_keeps_full_precision() -> None:
    rows = [("Protecting the public", "a", 85.0), ("Protecting the public", "b", 86.0),
            ("Protecting the public", "c", 86.0)]
    out = inspection_summary(_inspection(rows))
    assert out.loc[0, "score"] == pytest.approx(257 / 3, abs=1e-12)


def test_inspection_summary_uses_the_source_overall_only_without_themes() -> None:
    out = inspection_summary(_inspection([("Overall", "", 72.0)]))
    assert out["theme"].tolist() == ["Overall"]
    assert out.loc[0, "score"] == 72.0
    assert out.loc[0, "band"] == "Satisfactory"


def test_inspection_summary_asks_which_service_or_inspection() -> None:
    two = pd.concat([_inspection(SQS_ROWS), _inspection(SQS_ROWS, service="Othertown")])
    with pytest.raises(ValueError, match=r"several services.*Anytown, Othertown"):
        inspection_summary(two)
    chosen = inspection_summary(two, service="othertown")
    assert chosen["theme"].tolist() == [*SQS_THEMES, "Overall"]
    with pytest.raises(ValueError, match=r"no service 'Nowhere'.*Anytown"):
        inspection_summary(two, service="Nowhere")
    years = pd.concat([_inspection(SQS_ROWS), _inspection(SQS_ROWS, inspection="SQS 2016")])
    with pytest.raises(ValueError, match=r"several inspections.*SQS 2013, SQS 2016"):
        inspection_summary(years)
    assert len(inspection_summary(years, inspection="SQS 2016")) == 5


def test_inspection_summary_hmip_2018_keeps_the_published_ratings() -> None:
    rows = [("Assessment", "", None), ("Planning", "", None), ("Overall", "", 55.56)]
    table = _inspection(rows, framework="HMIP2018", inspection="HMIP 2023")
    table["rating"] = ["Outstanding", "Requires improvement", "Requires improvement"]
    table["points"] = [3.0, 1.0, 20.0]
    out = inspection_summary(table, scheme="hmip-2018").set_index("theme")
    assert out.loc["Assessment", "band"] == "Outstanding"
    assert out.loc["Planning", "band"] == "Requires improvement"
    # the published overall rating stands, even where its points (20 of 36) fall in Good: the
    # board reads what HMIP said (the cleaner warns of the disagreement)
    assert out.loc["Overall", "band"] == "Requires improvement"
    assert out.loc["Overall", "score"] == 55.56
    # with no published word, the band of the points stands in
    table["rating"] = ["Outstanding", "Requires improvement", None]
    out = inspection_summary(table, scheme="hmip-2018").set_index("theme")
    assert out.loc["Overall", "band"] == "Good"
    # scheme=None reads it from the framework
    assert inspection_summary(table, scheme=None).equals(
        inspection_summary(table, scheme="hmip-2018")
    )


def test_theme_averages_per_service() -> None:
    two = pd.concat([_inspection(SQS_ROWS), _inspection(SQS_ROWS[:2], service="Othertown")])
    out = theme_averages(two)
    assert "Overall" not in set(out["theme"])
    other = out[out["service"] == "Othertown"]
    assert other[["theme", "score", "items"]].to_numpy().tolist() == [
        ["Protecting the public", 80.0, 2]
    ]


# ===================================================================== INTEGRATION TESTS
# These run the loaders (yosanalysis.load) on data/sample/ and on the real HMIP scrape.

STOCKTON = "stockton-sqs-2013-inspection.csv"


def test_integration_stockton_sample_reproduces_the_seed_scores(sample_dir: Path) -> None:
    """The Scores section of the Stockton-on-Tees board paper, from data/sample."""
    loaded = yosanalysis.load(sample_dir / STOCKTON, kind="inspection")
    summary = inspection_summary(loaded.data)
    themes = summary[summary["theme"] != "Overall"]
    assert themes["theme"].map(match_key).tolist() == [match_key(t) for t in SQS_THEMES]
    assert [round_half_up(s) for s in themes["score"]] == [91, 91, 87, 96]
    overall = summary[summary["theme"] == "Overall"].iloc[0]
    assert round_half_up(overall["score"]) == 91
    assert (round_half_up(overall["min"]), round_half_up(overall["max"])) == (80, 100)
    assert themes["band"].eq("Good").all()
    assert themes["stars"].eq(4).all()
    items = loaded.data.assign(_key=loaded.data["item"].fillna("").map(match_key))
    review = items.set_index("_key")["score"]
    assert review[match_key("Review of risk of harm")] == 85
    assert review[match_key("Review of vulnerability")] == 80
    # and the sentences of the seed
    assert headline(summary) == (
        "The overall average score was 91%, with scores ranging from 80% to 100%."
    )
    assert theme_lines(summary)[2] == "Protecting the child or young person – 87% (Good ★★★★)"


# Rows of the real HMIP scrape whose published overall rating disagrees with the band of its
# points: West Sussex (72.22% = 26 points, Good, published "Requires Improvement"), Portsmouth
# (a footnote where the rating should be) and Bridgend (4.56%, under 2 points, Inadequate,
# published "Requires Improvement").
EXPECTED_EXCEPTIONS = {"West Sussex", "Portsmouth", "Bridgend"}


@pytest.mark.shared
def test_integration_hmip_2018_bands_reproduce_published_overall_ratings(
    shared_ratings: Path,
) -> None:
    loaded = yosanalysis.load(shared_ratings, kind="hmip-ratings")
    data = loaded.data
    overall = data[data["theme"] == "Overall"]
    assert len(overall) == overall["service"].nunique() > 70  # one Overall row per inspection
    computed = overall["points"].map(lambda p: band(p, "hmip-2018").label)
    published = overall["rating"]
    disagree = set(overall.loc[computed.ne(published) | published.isna(), "service"])
    assert disagree == EXPECTED_EXCEPTIONS
    # and the cleaner reported every one of them with a warning on its row of the file
    raw = pd.read_csv(shared_ratings, dtype=str, keep_default_na=False)
    warned_rows = {w["row"] for w in loaded.report.warnings if w["row"] is not None}
    warned = {raw["la_name"].iloc[row - 2].strip() for row in warned_rows}  # header is row 1
    assert EXPECTED_EXCEPTIONS <= warned
