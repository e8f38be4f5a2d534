"""Recommendations files: ids, wording, the questions that measure them, targets and dates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from yosanalysis.clean import load
from yosanalysis.clean.recommendations import normalise_questions, split_questions
from yosanalysis.errors import InputError

HEADER = "ID,Recommendation,Questions,Target (%),Due date\n"


def write(folder: Path, text: str) -> Path:
    path = folder / "recommendations.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_recommendations_clean_into_the_canonical_table(tmp_path):
    text = HEADER + (
        'R1,"Review  plans when  risk changes",Q7; Q10,80%,31/03/2014\n'
        "R2,Record the child's voice,Q3,0.9,\n"
    )
    loaded = load(write(tmp_path, text))
    data = loaded.data
    assert loaded.kind == "recommendations"
    assert list(data.columns) == ["id", "recommendation", "questions", "target", "due"]
    assert data["recommendation"].tolist()[0] == "Review plans when risk changes"
    assert data["questions"].tolist() == ["Q7;Q10", "Q3"]
    # 0.9 beside 80%: a cell of a column formatted as percent, exported as a fraction
    assert data["target"].tolist() == [80.0, 90.0]
    assert data["due"].iloc[0] == pd.Timestamp("2014-03-31") and pd.isna(data["due"].iloc[1])
    (fraction,) = loaded.report.warnings
    assert (fraction["row"], fraction["column"], fraction["value"]) == (3, "Target (%)", "0.9")
    assert "read as a fraction (0.9 = 90%)" in fraction["message"]


def test_fractional_targets_are_read_as_percentages(tmp_path):
    loaded = load(write(tmp_path, HEADER + "R1,a,Q1,0.8,\nR2,b,Q2,0.75,\n"))
    assert loaded.data["target"].tolist() == [80.0, 75.0]
    assert any("fractions" in w["message"] for w in loaded.report.warnings)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("R2,Do more,Q1,120,", "Target (%) '120' is outside 0-100"),
        ("R2,Do more,Q1,high,", "Target (%) 'high' is not a percentage"),
        ("R2,Do more,Q1,,", "Target (%) is blank"),
        ("R2,Do more, ; ,80,", "Questions is blank"),
        (",Do more,Q1,80,", "ID is blank"),
        ("R2,,Q1,80,", "Recommendation is blank"),
        ("R2,Do more,Q1,80,2014-13-01", "Due date '2014-13-01' is not a date"),
        ("R1,Again,Q1,80,", "repeats row 2 (same id)"),
    ],
)
def test_bad_rows_are_rejected_with_a_reason(tmp_path, row, reason):
    loaded = load(write(tmp_path, HEADER + "R1,Review plans,Q1,80,\n" + row + "\n"))
    assert [r["row"] for r in loaded.report.rejected] == [3]
    assert reason in loaded.report.rejected[0]["reason"]
    assert loaded.data["id"].tolist() == ["R1"]


def test_split_and_normalise_questions():
    assert split_questions("Q7;Q10") == ["Q7", "Q10"]
    assert split_questions(" Q7 ;; Q10 , Q11 ") == ["Q7", "Q10", "Q11"]
    assert normalise_questions("Q7 ; Q10") == "Q7;Q10"
    assert split_questions(normalise_questions("Q1; Q2")) == ["Q1", "Q2"]


def test_missing_target_column_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="'target'"):
        load(write(tmp_path, "id,recommendation,questions\nR1,a,Q1\n"), kind="recommendations")
