"""Every chart of the suite, in the Government Analysis Function's accessible house style
(the afcharts matplotlib style and palettes).

Each chart function has the same shape, `(data, *, ax=None, title=None, source=None,
synthetic=False, scheme=..., **options) -> Chart`: it takes a table that the analytical core
returns and gives back a `Chart` holding the matplotlib figure, its alt text (written from the
data), the data table behind it (readable column names; no case references or names) and its
title. `Chart.save(folder, name)` writes PNG (200 dpi) and SVG; in a notebook a chart shows as an
image that carries its alt text. Tables for readers (`descriptor_table`, `data_table`) are real
HTML tables, not pictures.

House rules every chart keeps: at most four palette colours, in the palette's order; a source
line under the chart ("Synthetic sample data" when it is); about 16 x 9 cm; a title that says
what the chart shows; colour never the only cue (bands, status and highlights are written as
words); values flagged `suppressed` drawn as the word "suppressed".

>>> import pandas as pd
>>> summary = pd.DataFrame({"theme": ["Protecting the public", "Overall"],
...                         "score": [91.0, 91.0], "band": "Good", "stars": 4})
>>> chart = theme_scores(summary, synthetic=True)
>>> chart.source
'Source: HMIP inspection scores. Synthetic sample data.'
"""

from __future__ import annotations

from yosanalysis.charts._base import (
    DPI,
    SIZE_CM,
    Chart,
    contrast_ratio,
    figure_texts,
    house_style,
    save,
)
from yosanalysis.charts.benchmark import benchmark_position, ratings_spread
from yosanalysis.charts.scores import theme_breakdown, theme_scores
from yosanalysis.charts.spc import control_chart
from yosanalysis.charts.tables import data_table, descriptor_table
from yosanalysis.charts.trends import dumbbell, recommendation_progress, rounds_trend

__all__ = [
    "DPI",
    "SIZE_CM",
    "Chart",
    "benchmark_position",
    "contrast_ratio",
    "control_chart",
    "data_table",
    "descriptor_table",
    "dumbbell",
    "figure_texts",
    "house_style",
    "ratings_spread",
    "recommendation_progress",
    "rounds_trend",
    "save",
    "theme_breakdown",
    "theme_scores",
]
