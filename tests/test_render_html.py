"""What a reader sees of a page's table and chart in HTML: small counts suppressed in the HTML and
in the rows that become `tables/*.csv`, free text escaped, stars read as words, charts inline."""

from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from yosanalysis.pages import Figure, Page, Table
from yosanalysis.pages.inspection import summary_table
from yosanalysis.render.html import block_html, page_html, table_html


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


def shown(data: pd.DataFrame, threshold: int = 5, **names) -> tuple[list[list[str]], list]:
    table = Table.of(data, "t", "T", threshold=threshold, decimals=1, **names)
    return cells(block_html(table)), table.rows()


def test_a_count_under_five_reads_fewer_than_five_in_the_html_and_the_rows():
    (small, large), rows = shown(question_scores())
    assert small[2] == "fewer than 5" and large[2] == "20"
    assert rows[0][2] == "fewer than 5" and rows[1][2] == 20


def test_a_percentage_on_fewer_than_five_cases_is_suppressed_everywhere():
    data = question_scores()
    (small, large), rows = shown(data)
    html = block_html(Table.of(data, "t", "T", threshold=5, decimals=1))
    for column in ("Score (%)", "Interval low (%)", "Interval high (%)"):
        i = list(data.columns).index(column)
        assert small[i] == "suppressed" and rows[0][i] == "suppressed", column
        assert large[i] == f"{data.loc[1, column]:.1f}", column
    for hidden in ("66.7", "20.8", "93.9"):  # the small row's figures appear nowhere
        assert hidden not in html and hidden not in str(rows)
    assert small[0] == data.loc[0, "Question"]  # its label and note are kept


def test_inspection_items_are_not_counts_of_children():
    summary = pd.DataFrame({"theme": ["Planning", "Overall"], "score": [90.0, 90.0],
                            "min": [85.0, 85.0], "max": [95.0, 95.0], "items": [3, 2],
                            "band": ["Good", "Good"], "stars": [4, 4]})
    (planning, overall), rows = shown(summary_table(summary, "hmip-2013"))
    assert [planning[4], overall[4]] == ["3", "2"]
    assert "fewer than" not in str(rows) and "suppressed" not in str(rows)


@pytest.mark.parametrize("column", ["n", "N", "cases", "Count", "Answers", "children",
                                    "prev_n", "SQS 2013 cases", "Number of cases"])
def test_count_columns_are_known_by_name_whatever_their_case(column):
    assert shown(pd.DataFrame({"Theme": ["Staff"], column: [4]}))[1] == [["Staff",
                                                                           "fewer than 5"]]


def test_other_counts_can_be_named_and_a_percentage_rests_on_its_own_period():
    data = pd.DataFrame({"Theme": ["Staff"], "Children seen": [2], "Share (%)": [40.0]})
    assert shown(data)[1] == [["Staff", 2, 40.0]]
    assert shown(data, counts=("children seen",))[1] == [["Staff", "fewer than 5",
                                                          "suppressed"]]
    since = pd.DataFrame({"Theme": ["Planning"], "CCI 2010 (%)": [84.0], "SQS 2013 (%)": [91.0],
                          "CCI 2010 cases": [40], "SQS 2013 cases": [3]})
    assert shown(since)[1] == [["Planning", 84.0, "suppressed", 40, "fewer than 5"]]


def test_the_threshold_is_the_reports_own():
    assert shown(question_scores(), threshold=25)[1][1][2] == "fewer than 25"
    assert shown(question_scores(), threshold=0)[1][0][2] == 3


def test_free_text_is_escaped_and_stars_are_read_as_words():
    html = table_html(pd.DataFrame({"Theme": ["<script>x</script>"], "Stars": ["★★★☆"]}))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<span class="yos-sr">3 of 4 stars</span>' in html


def test_a_chart_is_inline_svg_named_by_its_alt_text_with_its_data_one_click_away():
    svg = ('<?xml version="1.0"?>\n<svg width="300pt" height="150pt" viewBox="0 0 300 150" '
           'xmlns="http://www.w3.org/2000/svg"><title>Old</title><g id="a1"/></svg>')
    figure = Figure(name="scores", title="Scores <by theme>", alt="Bar chart: 91% & 64%.",
                    data=pd.DataFrame({"Theme": ["A"], "Score (%)": [91]}), svg=svg)
    html = page_html(Page(key="p", title="T", headline="H", blocks=[figure]))
    soup = BeautifulSoup(html, features="html.parser")
    chart = soup.find("svg")
    assert chart["role"] == "img" and chart["aria-label"] == "Bar chart: 91% & 64%."
    assert chart.find("title").get_text() == "Bar chart: 91% & 64%."
    assert "Old" not in html and "<?xml" not in html and 'id="scores-a1"' in html
    details = soup.find("details")
    assert details.summary.get_text() == "Show the data for Scores <by theme>"
    assert cells(str(details)) == [["A", "91"]]
