"""charts.control_chart: a control chart whose icons are words in a box, whose alt text comes
from the data and whose suppressed rounds show nowhere."""

from __future__ import annotations

import pandas as pd
import pytest

from yosanalysis import charts
from yosanalysis.charts import figure_texts


def rounds(values, cases=24):
    labels = [f"{2012 + i // 4} Q{i % 4 + 1}" for i in range(len(values))]
    return pd.DataFrame({"theme": "Reviews", "audit": labels, "pct": values, "cases": cases})


def test_control_chart_draws_icons_as_words_and_says_the_signal() -> None:
    data = rounds([70, 72, 69, 71, 70, 73, 71, 70, 72, 69, 71, 70, 95])
    chart = charts.control_chart(data, target=60, synthetic=True)
    texts = figure_texts(chart.figure)
    assert any("Variation: ↑ special cause: improving" in t for t in texts)
    assert any("Assurance: P consistently passing" in t for t in texts)
    assert "2015 Q1 (outside the limits, special cause: improving)" in chart.alt
    assert "Assurance icon against the target of 60%: consistently passing" in chart.alt
    assert chart.data["Special cause"].tolist()[-1] == "outside the limits (special cause: " \
        "improving)"
    assert "trial limits" not in chart.alt  # 13 rounds


def test_control_chart_leaves_small_rounds_out_everywhere() -> None:
    data = rounds([70, 72, 69, 71, 70, 97, 71, 70])
    data.loc[5, "cases"] = 3
    chart = charts.control_chart(data, threshold=5)
    assert "2013 Q2 suppressed (fewer than 5 cases)" in chart.alt
    assert "97" not in chart.alt and "97" not in " ".join(figure_texts(chart.figure))
    assert chart.data.loc[5, "Score (%)"] is pd.NA or pd.isna(chart.data.loc[5, "Score (%)"])
    assert "trial limits: fewer than 12 rounds" in chart.alt
    assert "No special cause variation" in chart.alt


def test_control_chart_needs_two_rounds() -> None:
    with pytest.raises(ValueError, match="at least two rounds"):
        charts.control_chart(rounds([70]))
