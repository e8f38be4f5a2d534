"""The pages, called as a notebook calls them but without a kernel: what each page says with its
inputs, with each optional input left out, and that one figure reads the same in its chart, its
data table and the sentence beside it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.conftest import ROOT, SAMPLE
from yosanalysis import pages
from yosanalysis.gallery import SAMPLE_FILES as FILES
from yosanalysis.pages import Figure, Inputs, Notice, Page, Params, Table
from yosanalysis.pages.withheld import withheld
from yosanalysis.render.html import page_html

PARAMS = Params(service="Stockton-on-Tees", inspection="SQS 2013", scheme="hmip-2013",
                synthetic=True, rounds=("2013 Q4", "2014 Q4"))


@pytest.fixture(scope="module")
def inputs() -> Inputs:
    return Inputs.load(PARAMS, **{name: SAMPLE / file for name, file in FILES.items()})


def without(inputs: Inputs, *names: str) -> Inputs:
    kept = {k: v for k, v in vars(inputs).items() if k != "given"}
    for name in names:
        kept["answers" if name == "audit" else name] = None
    return Inputs(**kept, given={k: v for k, v in inputs.given.items() if k not in names})


def notices(page: Page) -> list[Notice]:
    return [b for b in page.blocks if isinstance(b, Notice)]


def audit(rows: list[tuple[str, str, str, str]], service: str = "Anytown") -> pd.DataFrame:
    """A cleaned audit from (round, case, question, answer) rows, every question in one theme."""
    frame = pd.DataFrame(rows, columns=["audit", "case_ref", "question", "answer"])
    return frame.assign(service=service, date=pd.Timestamp("2025-01-01"), theme="Planning",
                        auditor="", comment="")


# ------------------------------------------------------------------------ every page, no input
@pytest.mark.parametrize("name", list(pages.FUNCTIONS))
def test_every_page_says_which_parameter_would_supply_a_missing_input(name):
    page = pages.PAGES[name](Inputs(), Params(service="Anytown"))
    assert page.headline and page.title == pages.TITLES[name]
    assert notices(page), "a page without its inputs says so"
    for notice in notices(page):
        assert re.search(r"\((?:inputs\.\w+|key_strengths)", notice.text), notice.text
    assert not page.figures()  # nothing drawn from nothing


# each page, with each optional input it reads left out: the page still renders, and says which
# parameter would supply what is missing
MISSING = [
    ("01_inspection_overview", "inspection", "inputs.inspection"),
    ("01_inspection_overview", "recommendations", "inputs.recommendations"),
    ("02_theme_breakdown", "inspection", "inputs.inspection"),
    ("02_theme_breakdown", "audit", "inputs.audit"),
    ("03_year_on_year", "audit", "inputs.audit"),
    ("03_year_on_year", "previous_inspection", "inputs.previous_inspection"),
    ("03_year_on_year", "inspection", "inputs.inspection"),
    ("04_benchmark", "benchmark", "inputs.benchmark"),
    ("05_recommendation_tracking", "recommendations", "inputs.recommendations"),
    ("05_recommendation_tracking", "audit", "inputs.audit"),
]


@pytest.mark.parametrize(("name", "missing", "parameter"), MISSING)
def test_a_page_with_one_input_left_out(inputs, name, missing, parameter):
    page = pages.PAGES[name](without(inputs, missing), PARAMS)
    said = " ".join(n.text for n in notices(page)) + " " + page.headline
    assert parameter in said
    html = page_html(page)
    assert "<h1>" in html and "Traceback" not in html


def test_without_key_strengths_the_overview_says_so(inputs):
    page = pages.overview(inputs, PARAMS)
    assert any("(key_strengths)" in n.text for n in notices(page))
    page = pages.overview(inputs, Params(**{**vars(PARAMS), "key_strengths": ("Good plans",)}))
    assert not any("key_strengths" in n.text for n in notices(page))


# --------------------------------------------------------------------------- the full sample
def test_sample_overview_says_the_seed_figures(inputs):
    page = pages.overview(inputs, PARAMS)
    assert page.headline == ("The overall average score for Stockton-on-Tees was 91%, with "
                             "scores ranging from 80% to 100%.")
    (chart,) = page.figures()
    assert chart.data["Score (%)"].tolist()[:4] == [91, 91, 87, 96]


def report_inputs(name: str) -> tuple[Inputs, Params]:
    """The inputs and parameters of `reports/<name>.yaml`, as a notebook would load them."""
    from yosanalysis.report.config import load_config

    cfg = load_config(ROOT / "reports" / f"{name}.yaml")
    params = Params(service=cfg.service, inspection=cfg.inspection or "", scheme=cfg.scheme,
                    synthetic=cfg.synthetic, partially=cfg.partially, min_cases=cfg.min_cases,
                    suppress_below=cfg.suppress_below, rounds=cfg.rounds,
                    key_strengths=cfg.key_strengths, summary_quote=cfg.summary_quote, png=False)
    return Inputs.load(params, **cfg.inputs), params


@pytest.mark.parametrize("report", ["sample", "northshire"])
def test_every_chart_agrees_with_its_own_data_table(report):
    """What a chart's alt text says of each value is the value its data table shows."""
    inputs, params = report_inputs(report)
    checked = 0
    for name, page_of in pages.PAGES.items():
        page = page_of(inputs, params)
        for figure in page.figures():
            if "Mean (%)" in figure.data:  # a control chart: its alt gives the mean and limits
                said = re.search(r"mean (\d+)%, process limits (\d+)% to (\d+)%", figure.alt)
                table = figure.data.iloc[0]
                for words, column in zip(said.groups(), ("Mean (%)", "Lower limit (%)",
                                                         "Upper limit (%)"), strict=True):
                    checked += 1
                    assert int(words) == table[column], (figure.name, column)  # the same
                continue
            shown = [c for c in figure.data.columns if str(c).endswith("(%)")]
            for column in shown[:1]:
                values = [v for v in figure.data[column]
                          if isinstance(v, int | float) and not pd.isna(v)]
                if len(values) > 12:  # a chart of every service: its alt gives the range
                    values = [min(values), max(values)]
                for value in values:
                    checked += 1
                    assert f"{int(value)}%" in figure.alt, (name, figure.name, value)
    assert checked >= 10


def test_the_page_round_trips_as_data(inputs):
    page = pages.recommendations(inputs, PARAMS)
    again = Page.from_dict(page.to_dict())
    assert again.headline == page.headline
    assert [b.kind for b in again.blocks] == [b.kind for b in page.blocks]
    assert again.figures()[0].png == page.figures()[0].png
    assert page_html(again) == page_html(page)


def test_recommendations_are_measured_by_the_questions_words(inputs):
    page = pages.recommendations(inputs, PARAMS)
    text = " ".join(getattr(b, "text", "") for b in page.blocks)
    words = inputs.question_words()
    assert f"“{words['Q7']}” (Q7)" in text and f"“{words['Q10']}” (Q10)" in text
    assert "measured by questions Q7" not in text


# -------------------------------------------------- one figure, the same everywhere: 23 of 40
def twenty_three_of_forty() -> Inputs:
    rows = [("2025 Q1", f"C{i:03d}", "Q1", "Yes" if i < 23 else "No") for i in range(40)]
    rows += [("2025 Q1", f"C{i:03d}", "Q2", "Yes") for i in range(40)]
    bank = pd.DataFrame({"question_id": ["Q1", "Q2"], "theme": "Planning",
                         "question": ["Was the plan reviewed?", "Was there a plan?"]})
    return Inputs(answers=audit(rows), questions=bank)


def test_twenty_three_of_forty_reads_58_percent_everywhere():
    assert 23 / 40 * 100 < 57.5  # the float a careless rounding turns into 57
    page = pages.theme_breakdown(twenty_three_of_forty(), Params(service="Anytown"))
    assert page.headline == ("The lowest-scoring audit question in 2025 Q1 was “Was the plan "
                             "reviewed?”, at 58%.")
    (figure,) = page.figures()
    row = figure.data[figure.data["Question"] == "Was the plan reviewed?"].iloc[0]
    assert row["Score (%)"] == 58 and row["Code"] == "Q1"
    assert "Was the plan reviewed? 58% of 40 cases" in figure.alt
    assert "(58%)" in figure.title and "57%" not in figure.title + figure.alt
    assert "58% – lowest" in figure.svg  # the label drawn beside the bar


# ------------------------------------------------------------------- ties, words, small numbers
def test_ties_are_named_and_small_questions_are_not():
    rows = []
    for i in range(19):  # Q6 and Q10 both 12 of 19 (63%); Q3 answered in 3 cases, all No
        rows += [("2025 Q1", f"C{i:02d}", "Q6", "Yes" if i < 12 else "No"),
                 ("2025 Q1", f"C{i:02d}", "Q10", "Yes" if i < 12 else "No"),
                 ("2025 Q1", f"C{i:02d}", "Q1", "Yes")]
    rows += [("2025 Q1", f"C{i:02d}", "Q3", "No") for i in range(3)]
    # a second small question (4 cases): two withheld, so no third is needed (secondary
    # suppression: see the next test)
    rows += [("2025 Q1", f"C{i:02d}", "Q4", "No") for i in range(4)]
    bank = pd.DataFrame({"question_id": ["Q1", "Q3", "Q4", "Q6", "Q10"], "theme": "Planning",
                         "question": ["Is there a plan?", "Tiny", "Small too",
                                      "Is the child safe?", "Are others safe?"]})
    page = pages.theme_breakdown(Inputs(answers=audit(rows), questions=bank),
                                 Params(service="Anytown"))
    assert page.headline == ("The lowest-scoring audit questions in 2025 Q1, both at 63%, were "
                             "“Is the child safe?” and “Are others safe?”.")
    (figure,) = page.figures()
    tiny = figure.data[figure.data["Question"] == "Tiny"].iloc[0]
    assert pd.isna(tiny["Score (%)"]) and pd.isna(tiny["Cases"])
    assert tiny["Note"] == "suppressed: fewer than 5 cases"
    assert "Tiny 0%" not in figure.alt and "Tiny suppressed" in figure.alt


def test_one_small_question_withholds_a_second_so_the_theme_cannot_give_it_away():
    """The theme's figure for the round (page 3) is its questions' answers pooled: with one
    question withheld and the rest shown, the theme minus the others gives it back."""
    rows = []
    for i in range(19):
        rows += [("2025 Q1", f"C{i:02d}", "Q6", "Yes" if i < 12 else "No"),
                 ("2025 Q1", f"C{i:02d}", "Q1", "Yes")]
    rows += [("2025 Q1", f"C{i:02d}", "Q10", "Yes" if i < 14 else "No") for i in range(18)]
    rows += [("2025 Q1", f"C{i:02d}", "Q3", "No") for i in range(3)]
    bank = pd.DataFrame({"question_id": ["Q1", "Q3", "Q6", "Q10"], "theme": "Planning",
                         "question": ["Is there a plan?", "Tiny", "Is the child safe?",
                                      "Are others safe?"]})
    inputs = Inputs(answers=audit(rows), questions=bank)
    page = pages.theme_breakdown(inputs, Params(service="Anytown"))
    (figure,) = page.figures()
    table = figure.data.set_index("Question")
    # Q10 has the fewest cases of the questions shown (18), so it is withheld with Q3
    assert table.loc[["Tiny", "Are others safe?"], "Score (%)"].isna().all()
    assert table.loc[["Tiny", "Are others safe?"], "Cases"].isna().all()
    assert table.loc["Is the child safe?", "Score (%)"] == 63
    assert "Are others safe?" not in page.headline and "78%" not in figure.alt + figure.svg
    assert page.headline == ("The lowest-scoring audit question in 2025 Q1 was "
                             "“Is the child safe?”, at 63%.")
    # and the theme stays shown on the year-on-year page: two unknowns, not one
    assert withheld(inputs, Params(service="Anytown")) == {
        ("question", "2025 Q1", "Q3"), ("question", "2025 Q1", "Q10")}


def test_a_table_block_is_what_the_reader_sees(inputs):
    page = pages.overview(inputs, PARAMS)
    summary = next(b for b in page.blocks if isinstance(b, Table) and b.name == "summary")
    assert summary.data.columns.tolist()[:2] == ["Theme", "Score (%)"]
    assert summary.caption == "Scores by theme: Stockton-on-Tees"


def test_inline_charts_never_share_an_element_id(inputs):
    html = page_html(pages.theme_breakdown(inputs, PARAMS))
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert ids and len(ids) == len(set(ids))
    assert html.count('role="img"') == len(pages.theme_breakdown(inputs, PARAMS).figures())


def test_a_figure_block_closes_its_matplotlib_figure(inputs):
    page = pages.overview(inputs, PARAMS)
    assert isinstance(page.figures()[0], Figure)
    import matplotlib.pyplot as plt

    assert plt.get_fignums() == []


def test_twenty_three_of_forty_reads_58_percent_in_the_csv_and_the_word_paper(tmp_path):
    import csv

    import docx

    from yosanalysis.render.docx import Paper, render_page
    from yosanalysis.report.artifacts import write_artifacts

    page = pages.theme_breakdown(twenty_three_of_forty(), Params(service="Anytown"))
    for sub in ("figures", "tables"):
        (tmp_path / sub).mkdir()
    written = write_artifacts("02_theme_breakdown", page.to_dict(), tmp_path)
    (table,) = written["tables"]
    with (tmp_path / table).open(encoding="utf-8") as fh:
        rows = {row["Question"]: row for row in csv.DictReader(fh)}
    assert rows["Was the plan reviewed?"]["Score (%)"] == "58"
    paper = Paper()
    render_page(paper, Page.from_dict(page.to_dict()))
    paper.doc.save(tmp_path / "paper.docx")
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "paper.docx")).paragraphs)
    assert "“Was the plan reviewed?”, at 58%" in text and "57%" not in text
    import zipfile

    with zipfile.ZipFile(tmp_path / "paper.docx") as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    assert "Was the plan reviewed? 58% of 40 cases" in xml  # the picture's alt text
