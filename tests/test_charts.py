"""Charts: what each one shows (values, order, cut-offs, highlights, words), its alt text, its
house style, and that nothing personal reaches it. Warnings are errors here: every chart must
render without a warning from matplotlib, seaborn or pandas."""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Callable

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from afcharts.af_colours import get_af_colours
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from yosanalysis import charts
from yosanalysis.charts import Chart, contrast_ratio, figure_texts
from yosanalysis.charts._base import GREY_EDGE, INK, PALETTE_COLOURS
from yosanalysis.schemes import get_scheme

# Warnings from matplotlib, seaborn and the suite are errors here. Resources that an earlier test
# (a notebook kernel's event loop, say) left for the garbage collector are not this test's.
pytestmark = [
    pytest.mark.filterwarnings("error"),
    pytest.mark.filterwarnings("default::ResourceWarning"),
    pytest.mark.filterwarnings("default::pytest.PytestUnraisableExceptionWarning"),
]

FOCUS = [c.upper() for c in get_af_colours("focus")]
CATEGORICAL = [c.upper() for c in get_af_colours("categorical")]
CASE_REF = "SYN-0001"
AUDITOR = "Jo Bloggs"
THEMES = [
    "Reducing the likelihood of reoffending",
    "Protecting the public",
    "Protecting the child or young person",
    "Ensuring that sentence is served",
]


def shown(value: float) -> str:
    """How a reader sees a percentage: whole, halves up."""
    return f"{math.floor(value + 0.5)}%"


# ------------------------------------------------------------------ tables of the core's shapes
def summary_table() -> pd.DataFrame:
    """`inspection_summary(...)`: a row per theme, then Overall; four different bands."""
    scores = [91.25, 70.5, 62.4, 45.0]
    sch = get_scheme("hmip-2013")
    bands = [sch.band_for(s) for s in scores]
    overall = float(np.mean(scores))
    return pd.DataFrame({
        "theme": [*THEMES, "Overall"],
        "score": [*scores, overall],
        "min": [80.0, 60.0, 50.0, 40.0, 40.0],
        "max": [100.0, 80.0, 75.0, 50.0, 100.0],
        "items": [5, 4, 4, 3, 16],
        "band": [b.label for b in bands] + [sch.band_for(overall).label],
        "stars": [b.stars for b in bands] + [sch.band_for(overall).stars],
    })


def inspection_items() -> pd.DataFrame:
    """Canonical inspection table, item level, with a case reference planted in an extra column."""
    items = ["Assessment of vulnerability", "Planning for vulnerability",
             "Review of vulnerability", "Interventions to protect"]
    return pd.DataFrame({
        "service": "Stockton-on-Tees", "inspection": "SQS 2013", "framework": "SQS",
        "date": pd.Timestamp("2013-11-25"), "theme": THEMES[2], "item": items,
        "score": [90.0, 95.0, 80.0, 85.0], "rating": None, "points": np.nan,
        "cases": [18, 18, 17, 18], "case_ref": CASE_REF, "auditor": AUDITOR,
    })


def audit_question_scores() -> pd.DataFrame:
    """`audit_scores(answers, by=("audit", "theme", "question"))`, two rounds."""
    rows = pd.DataFrame({
        "audit": ["2013 Q3"] * 4 + ["2013 Q4"] * 4,
        "theme": "Reviewing",
        "question": ["Q7", "Q8", "Q9", "Q10"] * 2,
        "yes": [14, 17, 2, 23, 18, 18, 3, 24],
        "partially": [2, 1, 0, 1, 1, 0, 0, 0],
        "no": [6, 2, 1, 1, 3, 2, 0, 1],
        "na": [0, 1, 3, 0, 0, 2, 4, 1],
        "unanswered": [0, 1, 0, 0, 0, 0, 1, 0],
    })
    rows["n"] = rows["yes"] + rows["partially"] + rows["no"]
    rows["pct"] = rows["yes"] / rows["n"] * 100
    rows["low"] = rows["pct"] - 18.0
    rows["high"] = np.minimum(rows["pct"] + 9.0, 100.0)
    rows["case_ref"] = CASE_REF
    return rows


ROUNDS = [f"{y} Q{q}" for y in (2012, 2013, 2014) for q in (1, 2, 3, 4)]


def compare_rounds_table() -> pd.DataFrame:
    """`compare_rounds(...)` for one question over twelve rounds (rows shuffled), with one real
    improvement (2013 Q3) and a large but not significant move (2014 Q1)."""
    pct = [55.0, 60.0, 58.0, 62.0, 61.0, 64.0, 84.0, 82.0, 70.0, 88.0, 87.0, 90.0]
    n = [20, 22, 18, 25, 23, 24, 26, 21, 10, 30, 27, 29]
    verdict = ["no clear evidence of change"] * 12
    verdict[0] = None
    verdict[6] = "improved"
    verdict[8] = "too few cases to say"
    year_verdict = [None] * 4 + ["no clear evidence of change"] * 8
    year_verdict[9] = "improved"
    table = pd.DataFrame({
        "question": "Q7", "audit": ROUNDS, "pct": pct, "n": n,
        "low": [p - 15 for p in pct], "high": [min(p + 9, 100.0) for p in pct],
        "prev_audit": [None, *ROUNDS[:-1]], "prev_pct": [np.nan, *pct[:-1]],
        "prev_n": [np.nan, *n[:-1]],
    })
    table["change"] = table["pct"] - table["prev_pct"]
    table["change_low"] = table["change"] - 20
    table["change_high"] = table["change"] + 20
    table["verdict"] = verdict
    table["year_audit"] = [None] * 4 + ROUNDS[:-4]
    table["year_pct"] = [np.nan] * 4 + pct[:-4]
    table["year_n"] = [np.nan] * 4 + n[:-4]
    table["year_change"] = table["pct"] - table["year_pct"]
    table["year_change_low"] = table["year_change"] - 20
    table["year_change_high"] = table["year_change"] + 20
    table["year_verdict"] = year_verdict
    table["case_ref"] = CASE_REF
    return table.sample(frac=1, random_state=3).reset_index(drop=True)


def compare_inspections_table() -> pd.DataFrame:
    """`compare_inspections(...)` CCI 2010 -> SQS 2013 through the crosswalk (indicative)."""
    return pd.DataFrame({
        "theme": THEMES[:3],
        "before": [70.0, 66.0, 75.0],
        "after": [91.0, 91.0, 87.0],
        "change": [21.0, 25.0, 12.0],
        "indicative": True,
        "verdict": ["improved", "declined", "no clear evidence of change"],
    })


def benchmark_scores() -> pd.DataFrame:
    """Inspection-shape theme-level table of all services."""
    rng = np.random.default_rng(7)
    services = [f"Service {i:02d}" for i in range(11)] + ["Stockton-on-Tees"]
    rows = [(s, t, float(rng.integers(50, 99))) for s in services for t in THEMES]
    table = pd.DataFrame(rows, columns=["service", "theme", "score"])
    return table.assign(inspection="SQS", framework="SQS", item=None, case_ref=CASE_REF)


def ratings_distribution_table() -> pd.DataFrame:
    """`ratings_distribution(ratings, service)` for three standards."""
    standards = ["Assessment", "Planning", "Reviewing"]
    ratings = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    counts = [[6, 40, 20, 4], [3, 35, 28, 4], [2, 30, 30, 8]]
    mine = ["Good", "Requires improvement", "Outstanding"]
    return pd.DataFrame({
        "theme": np.repeat(standards, 4),
        "rating": ratings * 3,
        "count": np.ravel(counts),
        "service_rating": np.repeat(mine, 4),
    })


def tracking_table() -> pd.DataFrame:
    """`track_recommendations(...)` for one recommendation over six rounds."""
    pct = [62.0, 70.0, 86.0, 84.0, 91.0, 93.0]
    status = ["not met", "not met", "met", "not met", "met", "met"]
    return pd.DataFrame({
        "id": "R1",
        "recommendation": "Reviews of risk of harm and vulnerability should be timely",
        "audit": ROUNDS[4:10], "pct": pct, "n": [21, 24, 22, 25, 27, 26],
        "low": [p - 20 for p in pct], "high": [min(p + 8, 100.0) for p in pct],
        "target": 85.0, "status": status, "trend": "improving",
    })


# ------------------------------------------------------------------------------ inspection aids
def the_ax(chart: Chart):
    return chart.figure.axes[0]


def bars_of(ax, gid: str) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid() == gid]


def hexes(colours) -> set[str]:
    arr = np.atleast_2d(np.asarray(colours, dtype=float)) if not isinstance(colours, str) else None
    if arr is None:
        return {to_hex(colours).upper()}
    return {to_hex(c, keep_alpha=False).upper() for c in arr if len(c) and c[-1] > 0}


def data_colours(chart: Chart) -> set[str]:
    """Colours of everything that draws data: bars, lines, markers, whiskers."""
    found: set[str] = set()
    for ax in chart.figure.axes:
        for patch in ax.patches:
            if patch.get_visible() and patch.get_facecolor()[3] > 0:
                found |= hexes(patch.get_facecolor())
        for line in ax.lines:
            found |= hexes(line.get_color())
            if line.get_marker() not in (None, "None", "", " "):
                found |= hexes(line.get_markerfacecolor()) - {"#FFFFFF"}
        for coll in ax.collections:
            found |= hexes(coll.get_edgecolor()) | hexes(coll.get_facecolor())
    return found


def palette_colours(chart: Chart) -> set[str]:
    return data_colours(chart) & PALETTE_COLOURS


def every_text(chart: Chart) -> str:
    return "\n".join([*figure_texts(chart.figure), chart.alt, chart.title, chart.source,
                      chart.data.to_csv(index=False)])


def lines_by_gid(ax, prefix: str) -> list[Line2D]:
    return [ln for ln in ax.lines if str(ln.get_gid() or "").startswith(prefix)]


# --------------------------------------------------------------------------- every chart at once
BUILDERS: dict[str, Callable[[], Chart]] = {
    "theme_scores": lambda: charts.theme_scores(summary_table()),
    "theme_breakdown": lambda: charts.theme_breakdown(inspection_items()),
    "theme_breakdown_audit": lambda: charts.theme_breakdown(audit_question_scores()),
    "rounds_trend": lambda: charts.rounds_trend(compare_rounds_table()),
    "dumbbell": lambda: charts.dumbbell(compare_inspections_table(),
                                        before_label="CCI 2010", after_label="SQS 2013"),
    "dumbbell_rounds": lambda: charts.dumbbell(compare_rounds_table()),
    "benchmark_position": lambda: charts.benchmark_position(benchmark_scores(),
                                                            service="Stockton-on-Tees"),
    "ratings_spread": lambda: charts.ratings_spread(ratings_distribution_table(),
                                                    service="Anytown"),
    "recommendation_progress": lambda: charts.recommendation_progress(tracking_table()),
}


@pytest.fixture(params=sorted(BUILDERS), scope="module")
def any_chart(request) -> Chart:
    """Each chart, built once for the checks every chart must pass."""
    return BUILDERS[request.param]()


def test_every_chart_has_its_parts(any_chart):
    assert isinstance(any_chart.figure, mpl.figure.Figure)
    assert any_chart.alt.strip() and any_chart.title.strip()
    assert isinstance(any_chart.data, pd.DataFrame) and not any_chart.data.empty
    assert any_chart.title.split("\n")[0][:20] in " ".join(figure_texts(any_chart.figure))


def test_every_chart_is_sized_for_an_a4_page(any_chart):
    width, height = any_chart.figure.get_size_inches() * 2.54
    assert width == pytest.approx(16, abs=0.01)
    assert 9 - 0.01 <= height <= 16


def test_every_chart_uses_at_most_four_palette_colours(any_chart):
    assert 1 <= len(palette_colours(any_chart)) <= 4


def test_every_data_colour_stands_out_three_to_one(any_chart):
    """Contrast of chart elements against the white page; the focus grey (1.8:1) is used only
    with a dark outline, checked separately."""
    for colour in data_colours(any_chart) - {FOCUS[1]}:
        assert contrast_ratio(colour) >= 3, colour
    for ax in any_chart.figure.axes:
        for patch in ax.patches:
            if to_hex(patch.get_facecolor()).upper() == FOCUS[1]:
                assert contrast_ratio(to_hex(patch.get_edgecolor())) >= 3


def test_every_chart_names_its_source(any_chart):
    texts = figure_texts(any_chart.figure)
    assert any_chart.source in texts
    assert any_chart.source.startswith("Source: ")
    assert "Synthetic" not in any_chart.source


def test_no_case_reference_or_name_reaches_a_chart(any_chart, tmp_path):
    paths = any_chart.save(tmp_path, "chart")
    svg = paths["svg"].read_text(encoding="utf-8")
    for text in (every_text(any_chart), svg, any_chart._repr_html_()):
        assert CASE_REF not in text
        assert AUDITOR not in text
    assert not {"case_ref", "auditor", "comment"} & set(any_chart.data.columns)


def test_save_writes_png_at_200_dpi_and_svg(any_chart, tmp_path):
    paths = any_chart.save(tmp_path / "figures", "a-chart")
    assert set(paths) == {"png", "svg"}
    assert paths["png"] == tmp_path / "figures" / "a-chart.png"
    png = paths["png"].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = struct.unpack(">I", png[16:20])[0]
    assert width == pytest.approx(16 / 2.54 * 200, abs=2)
    svg = paths["svg"].read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert any_chart.source in svg  # text stays text in the SVG


def _pixels(png: bytes) -> np.ndarray:
    from io import BytesIO

    from PIL import Image

    return np.asarray(Image.open(BytesIO(png)).convert("RGB"), dtype=int)


def test_png_from_the_layout_draw_matches_a_fresh_savefig(any_chart):
    """`to_png` reuses the pixels drawn when the chart was laid out: they must be what saving
    the figure afresh gives, and carry the title and alt text."""
    from io import BytesIO

    from PIL import Image

    from yosanalysis.charts._base import WHITE, house_style

    kept = any_chart.to_png()
    fresh = BytesIO()
    with house_style():
        any_chart.figure.savefig(fresh, format="png", dpi=200, facecolor=WHITE)
    assert np.array_equal(_pixels(kept), _pixels(fresh.getvalue()))
    info = Image.open(BytesIO(kept)).info
    assert info["Title"] == any_chart.title and info["Description"] == any_chart.alt


def test_a_change_after_the_chart_is_made_reaches_the_png():
    chart = BUILDERS["theme_scores"]()
    before = _pixels(chart.to_png())
    chart.figure.axes[0].axhline(30, color="black", linewidth=3)
    after = _pixels(chart.to_png())
    assert (np.abs(before - after).max(axis=2) > 100).sum() > 500


def test_a_change_then_an_svg_still_reaches_the_png():
    chart = BUILDERS["theme_scores"]()
    before = _pixels(chart.to_png())
    chart.figure.axes[0].axhline(30, color="black", linewidth=3)
    chart.to_svg()  # draws the changed figure, but not into the kept pixels
    after = _pixels(chart.to_png())
    assert (np.abs(before - after).max(axis=2) > 100).sum() > 500


def test_a_chart_on_the_callers_axes_saves_what_it_drew(tmp_path):
    fig, ax = plt.subplots(figsize=(6.3, 3.5), dpi=200)
    try:
        chart = charts.theme_scores(summary_table(), ax=ax)
        pixels = _pixels(chart.to_png())
        assert (pixels.max(axis=2) - pixels.min(axis=2) > 60).sum() > 1000  # coloured bars
        assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 10
    finally:
        plt.close(fig)


def test_repr_html_carries_the_alt_text(any_chart):
    html = any_chart._repr_html_()
    assert re.match(r'^<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="', html)
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert alt == any_chart.alt.replace("&", "&amp;").replace("'", "&#x27;")
    bundle = any_chart._repr_mimebundle_()
    assert bundle["text/html"] == html
    assert bundle["text/plain"] == any_chart.alt


def test_charts_leave_pyplot_and_its_style_alone(any_chart):
    assert plt.get_fignums() == []
    assert mpl.rcParams["axes.spines.top"] is True  # afcharts turns it off only inside


def test_building_many_charts_leaves_no_figure_open():
    for _ in range(21):  # pyplot warns beyond 20 open figures
        BUILDERS["theme_scores"]()
    assert plt.get_fignums() == []


def test_synthetic_data_is_labelled():
    chart = charts.theme_scores(summary_table(), synthetic=True, source="HMIP SQS report")
    assert chart.source == "Source: HMIP SQS report. Synthetic sample data."
    assert chart.source in figure_texts(chart.figure)


def test_a_chart_can_draw_on_the_callers_axes():
    fig = mpl.figure.Figure()
    ax = fig.add_subplot()
    chart = charts.theme_scores(summary_table(), ax=ax, title="Scores")
    assert chart.figure is fig and ax.get_title(loc="left") == "Scores"


# ------------------------------------------------------------------------------- theme scores
def test_theme_scores_bars_equal_the_input_in_order():
    table = summary_table()
    ax = the_ax(charts.theme_scores(table))
    bars = bars_of(ax, "scores")
    assert [b.get_height() for b in bars] == pytest.approx(table["score"][:4].tolist())
    assert [b.get_x() + b.get_width() / 2 for b in bars] == [0, 1, 2, 3]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert [lab.replace("\n", " ").startswith(theme) for lab, theme in zip(labels, THEMES,
                                                                          strict=True)]
    assert all(" ".join(lab.split()).startswith(theme) for lab, theme in zip(labels, THEMES,
                                                                            strict=True))


def test_theme_scores_writes_each_value_on_its_bar():
    table = summary_table()
    ax = the_ax(charts.theme_scores(table))
    bars = bars_of(ax, "scores")
    values = {(round(t.get_position()[0], 6), t.get_text()) for t in ax.texts}
    for bar, score in zip(bars, table["score"][:4], strict=True):
        assert (round(bar.get_x() + bar.get_width() / 2, 6), shown(score)) in values


def test_theme_scores_draws_and_names_the_scheme_cut_offs():
    ax = the_ax(charts.theme_scores(summary_table()))
    cut = sorted(ln.get_ydata()[0] for ln in lines_by_gid(ax, "cut-off"))
    scheme_cuts = sorted(b.min for b in get_scheme("hmip-2013").bands if b.min > 0)
    assert cut == scheme_cuts == [50, 65, 80]
    for line in lines_by_gid(ax, "cut-off"):
        assert list(line.get_xdata()) == [0, 1]  # across the whole chart
    texts = figure_texts(ax.figure)
    for name in ("Good from 80%", "Satisfactory from 65%", "Unsatisfactory from 50%"):
        assert name in texts


def test_theme_scores_axis_runs_0_to_100():
    ax = the_ax(charts.theme_scores(summary_table()))
    assert ax.get_ylim() == (0, 100)


def test_theme_scores_writes_band_and_stars_beside_each_bar():
    table = summary_table()
    ax = the_ax(charts.theme_scores(table))
    labels = [t.get_text() for t in ax.get_xticklabels()]
    for label, band, stars in zip(labels, table["band"], table["stars"], strict=False):
        assert label.endswith(f"{band} {'★' * stars}{'☆' * (4 - stars)}")


def test_theme_scores_marks_the_overall_average():
    table = summary_table()
    overall = table["score"].iloc[-1]
    chart = charts.theme_scores(table)
    ax = the_ax(chart)
    (line,) = lines_by_gid(ax, "overall")
    assert line.get_ydata()[0] == pytest.approx(overall)
    assert line.get_linestyle() != "-"  # dashed: not colour alone
    assert f"Overall average {shown(overall)}" in figure_texts(ax.figure)
    assert len(bars_of(ax, "scores")) == 4  # Overall is a line, not a fifth bar


def test_theme_scores_alt_names_every_value_and_every_band():
    table = summary_table()
    alt = charts.theme_scores(table).alt
    for theme, score, band, stars in table[["theme", "score", "band", "stars"]].itertuples(
            index=False):
        if theme != "Overall":
            assert f"{theme} {shown(score)} ({band}, {stars} of 4 stars" in alt
    assert f"overall average is {shown(table['score'].iloc[-1])}" in alt
    for band in get_scheme("hmip-2013").bands:
        assert band.label in alt


def test_theme_scores_title_says_what_the_chart_shows():
    good = summary_table().assign(band="Good", stars=4, score=[91.0, 91.0, 87.0, 96.0, 91.25])
    chart = charts.theme_scores(good)
    assert chart.title == "Overall score 91%, with all four themes in the Good band"
    assert "All four themes are in the Good band." in chart.alt


def test_theme_scores_draws_suppressed_values_as_the_word():
    table = summary_table().assign(suppressed=[False, True, False, False, False])
    chart = charts.theme_scores(table)
    ax = the_ax(chart)
    bars = bars_of(ax, "scores")
    assert [b.get_x() + b.get_width() / 2 for b in bars] == [0, 2, 3]
    assert "suppressed" in [t.get_text() for t in ax.texts]
    assert shown(table["score"][1]) not in [t.get_text() for t in ax.texts]
    assert f"{THEMES[1]} suppressed" in chart.alt
    assert pd.isna(chart.data.loc[1, "Score (%)"])


def test_theme_scores_refuses_a_points_scheme():
    with pytest.raises(ValueError, match="ratings_spread"):
        charts.theme_scores(summary_table(), scheme="hmip-2018")


# ---------------------------------------------------------------------------- theme breakdown
def test_breakdown_sorts_items_and_highlights_the_lowest():
    items = inspection_items()
    chart = charts.theme_breakdown(items)
    ax = the_ax(chart)
    bars = sorted(bars_of(ax, "scores"), key=lambda b: b.get_y())
    assert [b.get_width() for b in bars] == sorted(items["score"])
    assert ax.yaxis_inverted()  # lowest at the top
    assert to_hex(bars[0].get_facecolor()).upper() == FOCUS[0]
    assert {to_hex(b.get_facecolor()).upper() for b in bars[1:]} == {FOCUS[1]}
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "Review of vulnerability"
    assert f"{shown(80)} – lowest" in figure_texts(chart.figure)  # words, not colour alone
    assert ax.get_xlim() == (0, 100)
    assert "Review of vulnerability 80% (17 cases) (lowest)" in chart.alt


def test_breakdown_of_audit_scores_shows_cases_and_intervals():
    scores = audit_question_scores()
    chart = charts.theme_breakdown(scores, labels={"Q7": "Q7 Reviews on time"})
    latest = scores[scores["audit"] == "2013 Q4"]
    ax = the_ax(chart)
    texts = figure_texts(chart.figure)
    drawn = latest[latest["n"] >= 5]
    for row in drawn.itertuples():
        assert any(f"(n = {row.n})" in t for t in texts)
    (whiskers,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    spans = sorted((round(s[0][0], 6), round(s[1][0], 6)) for s in whiskers.get_segments())
    assert spans == sorted(zip(drawn["low"].round(6), drawn["high"].round(6), strict=True))
    assert "Q7 Reviews on time" in [t.get_text() for t in ax.get_yticklabels()]
    for row in drawn.itertuples():
        assert f"{shown(row.pct)} of {row.n} cases, 95% interval {shown(row.low)} to " \
               f"{shown(row.high)}" in chart.alt
    assert chart.title.startswith("Reviewing in 2013 Q4: lowest score")


def test_breakdown_suppresses_questions_on_fewer_than_five_cases():
    scores = audit_question_scores()
    chart = charts.theme_breakdown(scores, audit="2013 Q4")
    ax = the_ax(chart)
    assert len(bars_of(ax, "scores")) == 3  # Q9 rests on 3 cases
    assert "suppressed" in [t.get_text() for t in ax.texts]
    assert "Q9 suppressed (fewer than 5 cases)" in chart.alt
    q9 = chart.data[chart.data["Question"] == "Q9"].iloc[0]
    assert pd.isna(q9["Score (%)"]) and pd.isna(q9["Cases"])
    assert "Q9 100%" not in chart.alt  # Q9's 3 of 3 is not given away
    assert "of 3 cases" not in chart.alt


def test_breakdown_needs_one_theme():
    two = pd.concat([inspection_items(), inspection_items().assign(theme=THEMES[0])])
    with pytest.raises(ValueError, match="several themes"):
        charts.theme_breakdown(two)
    assert charts.theme_breakdown(two, theme=THEMES[0]).title.startswith(THEMES[0])


# ------------------------------------------------------------------------------- rounds trend
def test_rounds_trend_plots_each_round_in_order_with_whiskers():
    table = compare_rounds_table()
    chart = charts.rounds_trend(table)
    ax = the_ax(chart)
    ordered = table.set_index("audit").loc[ROUNDS]
    (trend,) = lines_by_gid(ax, "trend")
    assert trend.get_ydata().tolist() == pytest.approx(ordered["pct"].tolist())
    labels = [t.get_text().split("\n") for t in ax.get_xticklabels()]
    assert [" ".join(lab[:2]) for lab in labels] == ROUNDS
    assert [lab[2] for lab in labels] == [shown(p) for p in ordered["pct"]]
    assert [lab[3] for lab in labels] == [f"n = {n}" for n in ordered["n"]]
    (whiskers,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    spans = np.array([(s[0][1], s[1][1]) for s in whiskers.get_segments()])
    np.testing.assert_allclose(spans, ordered[["low", "high"]].to_numpy())
    assert ax.get_ylim() == (0, 100)


def test_rounds_trend_marks_only_real_changes():
    table = compare_rounds_table()
    chart = charts.rounds_trend(table)
    ax = the_ax(chart)
    marks = [t for t in ax.texts if t.get_gid() == "change"]
    assert [(round(t.get_position()[0]), t.get_text()) for t in marks] == [
        (ROUNDS.index("2013 Q3"), "▲ improved")]
    # 2014 Q1 -> Q2 moved 18 points but the comparison found no real change: not marked
    assert "2014 Q2 88% of 30 cases (95% interval 73% to 97%)" in chart.alt
    assert "2014 Q2 88% of 30 cases (95% interval 73% to 97%), improved" not in chart.alt
    assert "2013 Q3 84% of 26 cases (95% interval 69% to 93%), improved since the round " \
           "before" in chart.alt
    assert "Too few cases to say in 2014 Q1." in chart.alt
    assert chart.title.endswith("a real change: improved in 2013 Q3")


def test_rounds_trend_against_a_year_earlier():
    chart = charts.rounds_trend(compare_rounds_table(), against="year")
    marks = [t for t in the_ax(chart).texts if t.get_gid() == "change"]
    assert [round(t.get_position()[0]) for t in marks] == [ROUNDS.index("2014 Q2")]
    assert "improved since a year earlier" in chart.alt


def test_rounds_trend_without_verdicts_claims_no_change():
    scores = audit_question_scores()
    chart = charts.rounds_trend(scores, name="Q7")
    assert not [t for t in the_ax(chart).texts if t.get_gid() == "change"]
    assert "improved" not in chart.alt and "improved" not in chart.title


def test_rounds_trend_breaks_at_a_suppressed_round():
    table = compare_rounds_table()
    table.loc[table["audit"] == "2013 Q1", "n"] = 3
    chart = charts.rounds_trend(table)
    ax = the_ax(chart)
    (trend,) = lines_by_gid(ax, "trend")
    assert np.isnan(trend.get_ydata()[ROUNDS.index("2013 Q1")])
    assert "suppressed" in [t.get_text() for t in ax.texts]
    assert "2013 Q1 suppressed (fewer than 5 cases)" in chart.alt


def test_rounds_trend_needs_a_choice_among_several():
    table = pd.concat([compare_rounds_table(), compare_rounds_table().assign(question="Q8")],
                      ignore_index=True)
    with pytest.raises(ValueError, match="choose one"):
        charts.rounds_trend(table)
    chart = charts.rounds_trend(table, name="Q8")
    assert chart.title.startswith("Q8:")
    # the rows of Q8 sit at index 12-23: their whiskers and counts must still be drawn
    (whiskers,) = [c for c in the_ax(chart).collections if isinstance(c, LineCollection)]
    assert len(whiskers.get_segments()) == len(ROUNDS)
    assert chart.data["Cases"].notna().all()


def test_rounds_trend_puts_the_question_wording_under_the_title():
    chart = charts.rounds_trend(compare_rounds_table(), labels={"Q7": "Q7. Reviews on time?"})
    assert chart.title.startswith("Q7: ")
    assert the_ax(chart).get_title(loc="left") == "Q7. Reviews on time?"


# ----------------------------------------------------------------------------------- dumbbell
def test_dumbbell_draws_both_ends_and_marks_indicative():
    table = compare_inspections_table()
    chart = charts.dumbbell(table, before_label="CCI 2010", after_label="SQS 2013")
    ax = the_ax(chart)
    (before,) = lines_by_gid(ax, "before")
    (after,) = lines_by_gid(ax, "after")
    assert before.get_xdata().tolist() == table["before"].tolist()
    assert after.get_xdata().tolist() == table["after"].tolist()
    assert before.get_marker() != after.get_marker()  # shape, not colour alone
    texts = figure_texts(chart.figure)
    assert sum(t.endswith("(indicative)") for t in texts) == 3  # one per row
    assert "(indicative)" in chart.title and "indicative" in chart.alt
    assert ax.get_xlim() == (0, 100)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["CCI 2010 (square)", "SQS 2013 (circle)"]


def test_dumbbell_arrows_only_the_real_changes():
    chart = charts.dumbbell(compare_inspections_table())
    ax = the_ax(chart)
    arrows = [c for c in ax.texts if c.get_gid() == "real-change"]
    assert [round(a.xy[1]) for a in arrows] == [0, 1]
    texts = figure_texts(chart.figure)
    assert any("▲ improved" in t for t in texts) and any("▼ declined" in t for t in texts)
    assert not any("no real change" in t for t in texts)


def test_dumbbell_of_rounds_compares_with_the_previous_round():
    table = compare_rounds_table()
    chart = charts.dumbbell(table, audit="2013 Q3")
    row = table[table["audit"] == "2013 Q3"].iloc[0]
    assert chart.title == "2013 Q3 against 2013 Q2: one of one question improved"
    assert (f"Q7 {shown(row.prev_pct)} in 2013 Q2 ({int(row.prev_n)} cases) and "
            f"{shown(row.pct)} in 2013 Q3 ({row.n} cases), improved") in chart.alt


# ---------------------------------------------------------------------------------- benchmark
def test_benchmark_highlights_the_service_asked_for():
    scores = benchmark_scores()
    chart = charts.benchmark_position(scores, service="Stockton-on-Tees")
    ax = the_ax(chart)
    bars = sorted(bars_of(ax, "services"), key=lambda b: b.get_y())
    overall = scores.groupby("service")["score"].mean().sort_values(ascending=False)
    assert [b.get_width() for b in bars] == pytest.approx(overall.tolist())
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == overall.index.tolist()
    mine = names.index("Stockton-on-Tees")
    colours = [to_hex(b.get_facecolor()).upper() for b in bars]
    assert colours[mine] == FOCUS[0]
    assert set(colours[:mine] + colours[mine + 1:]) == {FOCUS[1]}
    assert ax.get_yticklabels()[mine].get_fontweight() == "bold"
    rank = names.index("Stockton-on-Tees") + 1
    assert f"Stockton-on-Tees {shown(overall['Stockton-on-Tees'])}" in chart.alt
    assert f"of {len(overall)}" in chart.alt
    assert any(t.startswith(shown(overall["Stockton-on-Tees"])) for t in figure_texts(chart.figure))
    assert ax.get_xlim() == (0, 100)
    assert chart.data["Rank"].tolist()[mine] == rank


def test_benchmark_on_one_theme_from_item_scores():
    items = pd.DataFrame({
        "service": ["A", "A", "B", "B", "C"], "theme": THEMES[1],
        "item": ["x", "y", "x", "y", None], "score": [90.0, 70.0, 60.0, 70.0, 85.0],
    })
    chart = charts.benchmark_position(items, service="a", theme=THEMES[1])
    bars = sorted(bars_of(the_ax(chart), "services"), key=lambda b: b.get_y())
    assert [b.get_width() for b in bars] == [85.0, 80.0, 65.0]
    assert to_hex(bars[1].get_facecolor()).upper() == FOCUS[0]


def test_benchmark_without_names_still_names_the_service():
    chart = charts.benchmark_position(benchmark_scores(), service="Stockton-on-Tees",
                                      names=False)
    assert [t.get_text() for t in the_ax(chart).get_yticklabels()] == ["Stockton-on-Tees"]


def test_benchmark_unknown_service_is_named():
    with pytest.raises(ValueError, match="Nowhere"):
        charts.benchmark_position(benchmark_scores(), service="Nowhere")


# ----------------------------------------------------------------------------- ratings spread
def test_ratings_spread_segments_match_the_distribution():
    table = ratings_distribution_table()
    chart = charts.ratings_spread(table, service="Anytown")
    ax = the_ax(chart)
    order = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    for rating, colour in zip(order, CATEGORICAL, strict=False):
        bars = bars_of(ax, "rating-" + rating.lower().replace(" ", "-"))
        expected = table[table["rating"] == rating]["count"].to_numpy() / 70 * 100
        assert [b.get_width() for b in bars] == pytest.approx(expected.tolist())
        assert {to_hex(b.get_facecolor()).upper() for b in bars} == {colour}
    assert ax.get_xlim() == (0, 100)


def test_ratings_spread_marks_this_services_rating():
    table = ratings_distribution_table()
    chart = charts.ratings_spread(table, service="Anytown")
    ax = the_ax(chart)
    outlined = [p for p in ax.patches if to_hex(p.get_edgecolor()).upper() == INK.upper()
                and p.get_linewidth() > 2]
    found = sorted((round(p.get_y() + p.get_height() / 2), p.get_gid()) for p in outlined)
    assert found == [(0, "rating-good"), (1, "rating-requires-improvement"),
                     (2, "rating-outstanding")]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[1].endswith("Anytown: Requires improvement")
    assert "Planning: 3 Outstanding, 35 Good, 28 Requires improvement, 4 Inadequate; " \
           "Anytown Requires improvement" in chart.alt


# --------------------------------------------------------------------- recommendation progress
def test_recommendation_progress_against_its_target():
    table = tracking_table()
    chart = charts.recommendation_progress(table, synthetic=True)
    ax = the_ax(chart)
    (target,) = lines_by_gid(ax, "target")
    assert target.get_ydata()[0] == 85.0
    assert "Target 85%" in figure_texts(chart.figure)
    (trend,) = lines_by_gid(ax, "trend")
    assert trend.get_ydata().tolist() == table["pct"].tolist()
    labels = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    for label, status in zip(labels, table["status"], strict=True):
        assert label.endswith(status)
    filled = [ln for ln in ax.lines if ln.get_marker() == "o"
              and to_hex(ln.get_markerfacecolor()).upper() == FOCUS[0]]
    assert sorted(filled[0].get_ydata().tolist()) == sorted(
        table.loc[table["status"] == "met", "pct"].tolist())
    assert ax.get_ylim() == (0, 100)
    assert chart.title == "R1: 93% in 2014 Q2 against a target of 85% (met)"
    assert "2013 Q3 86% of 22 cases (95% interval 66% to 94%), met" in chart.alt


# --------------------------------------------------------------------------- descriptor table
def test_descriptor_table_is_a_real_table_of_the_bands():
    styler = charts.descriptor_table("hmip-2013")
    sch = get_scheme("hmip-2013")
    assert styler.data.columns.tolist() == ["Case assessment scores", "Descriptor", "Stars"]
    assert styler.data["Descriptor"].tolist() == [b.label for b in sch.bands]
    assert styler.data["Stars"].tolist() == ["★★★★", "★★★☆", "★★☆☆", "★☆☆☆"]
    assert styler.data["Case assessment scores"].tolist() == ["80% +", "65-79%", "50-64%",
                                                              "< 50%"]
    html = styler.to_html()
    # the caption carries the seed paper's caveat: the descriptors were not applied to SQS
    assert f"<caption>{sch.title}. {sch.caveat}</caption>" in html
    assert "not directly applied to the SQS inspection framework" in sch.caveat
    assert html.count('<th scope="col"') == 3
    assert "<img" not in html and "&lt; 50%" in html
    assert 'aria-label="4 of 4 stars"' in html  # the words every page uses


def test_data_table_escapes_and_captions():
    table = pd.DataFrame({"Theme": ["<script>alert(1)</script>"], "Score (%)": [91]})
    html = charts.data_table(table, "Scores").to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<caption>Scores</caption>" in html and '<th scope="col"' in html


def test_grey_outline_and_ink_are_not_palette_colours():
    assert GREY_EDGE.upper() not in PALETTE_COLOURS and INK.upper() not in PALETTE_COLOURS


@pytest.mark.parametrize("name", ["theme_scores", "dumbbell"])
def test_the_same_chart_renders_the_same_png_every_time(name):
    chart = BUILDERS[name]()
    first = chart.to_png()
    chart.to_svg()  # an SVG is laid out at another resolution
    assert chart.to_png() == first


# ------------------------------------------------------------------------ titles never cut off
LONG_TITLE = ("Reducing the likelihood of reoffending in 2014 Q4: no change from one round to "
              "the next beyond chance, and no change from a year earlier beyond chance either")


@pytest.mark.parametrize("name", list(BUILDERS))
def test_no_title_runs_past_the_figure(name):
    """Every title and source line of every chart, measured as drawn, ends inside the figure:
    as the chart titles itself, and with a title far longer than a line."""
    from yosanalysis.charts._base import _titles, settle

    for long in (False, True):
        fig = BUILDERS[name]().figure
        if long:
            fig._suptitle.set_text(LONG_TITLE)
            settle(fig)
        renderer = fig.canvas.get_renderer()
        for text in _titles(fig):
            box = text.get_window_extent(renderer)
            assert 0 <= box.x0 and box.x1 <= fig.bbox.x1, (name, long, text.get_text())
        if long:
            assert len(fig._suptitle.get_text().splitlines()) >= 2


def test_benchmark_with_the_services_own_score_withheld_at_source():
    """A `[c]` (or blank) score is cleaned to missing: the service is shown as suppressed, not
    dropped, so its benchmark page is still made (it raised "no service" before)."""
    scores = pd.DataFrame({"service": ["A", "B", "C"], "theme": THEMES[1],
                           "score": [None, 70.0, 85.0]})
    chart = charts.benchmark_position(scores, service="A", theme=THEMES[1])
    assert chart.title == f"{THEMES[1]} of three services: A's score is suppressed"
    assert chart.data["Rank"].notna().sum() == 2
    overall = charts.benchmark_position(scores, service="B")  # B's and C's themes are scored
    assert overall.title.startswith("B ranked 2nd of two services")
