"""What a reader sees of a table: small counts suppressed in the HTML and in the rows that become
`tables/*.csv`, and nothing else changed."""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from yosanalysis import present
from yosanalysis.present import MIME
from yosanalysis.privacy import suppress


@pytest.fixture(autouse=True)
def default_threshold():
    """Every test starts with the default threshold and leaves it as it found it."""
    previous = present.set_threshold(5)
    yield
    present.set_threshold(previous)


def question_scores() -> pd.DataFrame:
    """The shape of a theme breakdown's data: one question on 3 cases, one on 20."""
    return pd.DataFrame({
        "Question": ["Was the plan reviewed?", "Was risk assessed?"],
        "Score (%)": [66.7, 85.0],
        "Cases": [3, 20],
        "Interval low (%)": [20.8, 64.0],
        "Interval high (%)": [93.9, 94.8],
        "Note": ["", "lowest"],
    })


def cells(html: str) -> list[list[str]]:
    """The text of each body row of the first table in `html`, cell by cell."""
    body = BeautifulSoup(html, features="html.parser").find("tbody")
    return [[c.get_text() for c in row.find_all(["th", "td"])] for row in body.find_all("tr")]


def test_a_count_under_five_reads_fewer_than_five_in_the_html_and_the_rows():
    bundle = present.table_bundle(question_scores(), name="q", caption="Questions")
    small, large = cells(bundle["text/html"])
    assert small[2] == "fewer than 5"
    assert large[2] == "20"
    rows = bundle[MIME]["rows"]
    assert rows[0][2] == "fewer than 5"
    assert rows[1][2] == 20


def test_a_percentage_on_fewer_than_five_cases_is_suppressed_everywhere():
    data = question_scores()
    bundle = present.table_bundle(data, name="q", caption="Questions", decimals=1)
    small, large = cells(bundle["text/html"])
    for column in ("Score (%)", "Interval low (%)", "Interval high (%)"):
        i = list(data.columns).index(column)
        assert small[i] == "suppressed", column
        assert bundle[MIME]["rows"][0][i] == "suppressed", column
        assert large[i] == f"{data.loc[1, column]:.1f}", column
    for hidden in ("66.7", "20.8", "93.9"):  # the small row's figures appear nowhere
        assert hidden not in bundle["text/html"]
        assert hidden not in str(bundle[MIME]["rows"])
    assert small[0] == data.loc[0, "Question"]  # its label and note are kept


def test_inspection_items_are_not_counts_of_children():
    summary = pd.DataFrame({"theme": ["Planning", "Overall"], "score": [90.0, 90.0],
                            "min": [85.0, 85.0], "max": [95.0, 95.0], "items": [3, 2],
                            "band": ["Good", "Good"], "stars": [4, 4]})
    table = present.summary_table(summary)
    bundle = present.table_bundle(table, name="summary")
    items = list(table.columns).index("Items")
    assert [row[items] for row in cells(bundle["text/html"])] == ["3", "2"]
    assert [row[items] for row in bundle[MIME]["rows"]] == [3, 2]
    assert "suppressed" not in bundle["text/html"]
    assert "fewer than" not in bundle["text/html"]


@pytest.mark.parametrize("column", ["n", "N", "cases", "Count", "Answers", "children",
                                    "prev_n", "SQS 2013 cases", "Number of cases"])
def test_count_columns_are_known_by_name_whatever_their_case(column):
    rows = present.table_bundle(pd.DataFrame({"Theme": ["Staff"], column: [4]}))[MIME]["rows"]
    assert rows == [["Staff", "fewer than 5"]]


@pytest.mark.parametrize("column", ["Items", "Rank", "Services rated", "Points", "Stars",
                                    "Target (%)"])
def test_columns_that_are_not_counts_of_children_are_left_alone(column):
    data = pd.DataFrame({"Theme": ["Staff"], column: [2], "Cases": [3]})
    rows = present.table_bundle(data)[MIME]["rows"]
    assert rows == [["Staff", 2, "fewer than 5"]]


def test_other_counts_can_be_named():
    data = pd.DataFrame({"Theme": ["Staff"], "Children seen": [2], "Share (%)": [40.0]})
    assert present.table_bundle(data)[MIME]["rows"] == [["Staff", 2, 40.0]]
    named = present.table_bundle(data, counts=["children seen"])[MIME]["rows"]
    assert named == [["Staff", "fewer than 5", "suppressed"]]
    spread = pd.DataFrame({"Theme": ["Staff"], "Rate": [12.5], "n": [3]})
    assert present.table_bundle(spread, percentages=["Rate"])[MIME]["rows"] == [
        ["Staff", "suppressed", "fewer than 5"]]


def test_a_percentage_rests_on_the_count_of_its_own_period():
    since = pd.DataFrame({"Theme": ["Planning"], "CCI 2010 (%)": [84.0], "SQS 2013 (%)": [91.0],
                          "CCI 2010 cases": [40], "SQS 2013 cases": [3],
                          "Change": ["no clear evidence of change"]})
    rows = present.table_bundle(since)[MIME]["rows"]
    assert rows == [["Planning", 84.0, "suppressed", 40, "fewer than 5", "suppressed"]]


def test_the_threshold_is_set_once_for_every_table_and_can_be_overridden():
    data = question_scores()
    assert present.set_threshold(25) == 5
    assert present.get_threshold() == 25
    rows = present.table_bundle(data)[MIME]["rows"]
    assert [r[2] for r in rows] == ["fewer than 25", "fewer than 25"]
    assert [r[2] for r in present.table_bundle(data, threshold=5)[MIME]["rows"]] == [
        "fewer than 5", 20]
    present.set_threshold(0)  # a report may turn suppression off
    assert [r[2] for r in present.table_bundle(data)[MIME]["rows"]] == [3, 20]


@pytest.mark.parametrize("bad", [-1, 2.5, "5", True])
def test_a_threshold_that_is_not_a_whole_number_is_refused(bad):
    with pytest.raises(ValueError, match="whole number"):
        present.set_threshold(bad)
    assert present.get_threshold() == 5


def test_rows_already_flagged_by_suppress_show_as_suppressed():
    scores = pd.DataFrame({"audit": ["2013 Q1", "2013 Q2"], "yes": [17, 2], "no": [3, 1],
                           "n": [20, 3], "pct": [85.0, 66.7]})
    rows = present.table_bundle(suppress(scores))[MIME]["rows"]
    assert rows[1][1:5] == ["suppressed", "suppressed", "suppressed", "suppressed"]
    assert rows[0][1:5] == [17, "fewer than 5", 20, 85.0]


def chart(data: pd.DataFrame) -> SimpleNamespace:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.barh(data["Question"], data["Score (%)"].fillna(0))
    return SimpleNamespace(figure=fig, title="Questions in Planning", data=data,
                           alt="Bar chart of two question scores in Planning.")


def test_the_data_under_a_chart_is_suppressed_too():
    bundle = present.figure_bundle(chart(question_scores()), name="planning")
    plt.close("all")
    shown = BeautifulSoup(bundle["text/html"], features="html.parser")
    assert shown.find("img")["alt"] == "Bar chart of two question scores in Planning."
    small = cells(str(shown.find("details")))[0]
    assert small[1:5] == ["suppressed", "fewer than 5", "suppressed", "suppressed"]
    assert bundle[MIME]["rows"][0][1:5] == ["suppressed", "fewer than 5", "suppressed",
                                            "suppressed"]
    assert bundle[MIME]["rows"][1][2] == 20


def test_show_suppresses_what_it_displays(monkeypatch):
    shown: list[dict] = []
    monkeypatch.setattr(present, "_display", shown.append)
    present.show(question_scores(), "questions", caption="Questions")
    present.show(chart(question_scores()), "planning")
    assert [b[MIME]["kind"] for b in shown] == ["table", "figure"]
    for bundle in shown:
        assert bundle[MIME]["rows"][0][2] == "fewer than 5"
        assert "fewer than 5" in bundle["text/html"]


def test_whole_number_counts_are_shown_as_whole_numbers():
    data = pd.DataFrame({"Theme": ["Staff", "Planning"], "Cases": [12.0, np.nan],
                         "Score (%)": [75.0, np.nan]})
    bundle = present.table_bundle(data, decimals=1)
    assert cells(bundle["text/html"]) == [["Staff", "12", "75.0"], ["Planning", "–", "–"]]
    assert bundle[MIME]["rows"] == [["Staff", 12, 75.0], ["Planning", None, None]]


def test_a_table_with_no_small_numbers_is_unchanged():
    data = pd.DataFrame({"Theme": ["Protecting the public"], "Score (%)": [91.0], "n": [17]})
    bundle = present.table_bundle(data, caption="Theme scores")
    assert bundle[MIME]["rows"] == [["Protecting the public", 91.0, 17]]
    assert cells(bundle["text/html"]) == [["Protecting the public", "91", "17"]]


def test_free_text_is_still_escaped():
    data = pd.DataFrame({"Comment": ["<script>alert(1)</script>"], "n": [2]})
    html = present.table_bundle(data)["text/html"]
    assert "<script>" not in html
    assert cells(html) == [["<script>alert(1)</script>", "fewer than 5"]]
