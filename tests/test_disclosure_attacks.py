"""Issue 13, attacked as a disclosure-control reviewer would: small numbers planted where
`tests/test_pack_counts.py` does not plant them, and a built pack read for any figure resting on
fewer than 5 cases (children) that a reader could see or work out.

The planted pack is the sample with:

- the theme "Ensuring that sentence is served" answered for only 3 cases in the EARLIER of the
  two compared rounds (2013 Q4: 2 Yes of 9 answers, 22%);
- recommendation R1's two questions (Q7, Q10) answered for only 3 cases in 2013 Q3, a round
  neither compared nor latest, and the one progress since the inspection is measured from (the
  last audited before it; all No: 0%);
- every inspection item of "Ensuring that sentence is served" on 3 cases (the theme is the mean
  of those three items: 96%);
- in the benchmark, the service's own "Ensuring that sentence is served" on 3 cases, and another
  service's "Protecting the public" on 3 cases at 17% (its overall, the mean of its themes,
  would give the 17% back);
- in the previous inspection (CCI 2010), "Safeguarding" on 3 cases (77%), and an overall score
  of its own (81% on 40 cases): 3 × 81 less the other two themes' 84 and 82 gives 77 back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT, SAMPLE
from tests.test_pack_counts import cleaned_audit, doctored_pack, number, reader_texts, table

SMALL_THEME = "Ensuring that sentence is served"
EARLIER, LATEST, QUIET = "2013 Q4", "2014 Q4", "2013 Q3"  # QUIET: R1's baseline round
OTHER = "Synthetic service 01"


def _column(audit: pd.DataFrame) -> dict[str, str]:
    return {c.split()[0].rstrip(".):-"): c for c in audit.columns if c.startswith("Q")}


def attack_inputs(folder: Path) -> Path:
    """The sample's inputs with the small numbers above planted; returns the report's YAML."""
    folder.mkdir(parents=True, exist_ok=True)
    audit = pd.read_csv(SAMPLE / "synthetic-stockton-audit-2012-2014.csv", dtype=str,
                        keep_default_na=False, encoding="utf-8-sig")
    column = _column(audit)
    rows = audit.index[audit["Audit round"] == EARLIER]
    for question in ("Q11", "Q12", "Q13"):
        audit.loc[rows[3:], column[question]] = ""
    audit.loc[rows[:3], column["Q11"]] = ["Y", "Y", "N"]
    audit.loc[rows[:3], column["Q12"]] = "N"
    audit.loc[rows[:3], column["Q13"]] = "N"
    rows = audit.index[audit["Audit round"] == QUIET]
    for question in ("Q7", "Q10"):
        audit.loc[rows[3:], column[question]] = ""
        audit.loc[rows[:3], column[question]] = "N"
    audit.to_csv(folder / "audit.csv", index=False, encoding="utf-8-sig")
    inspection = pd.read_csv(SAMPLE / "stockton-sqs-2013-inspection.csv", dtype=str,
                             keep_default_na=False)
    inspection.loc[inspection["Theme"] == SMALL_THEME, "Cases"] = "3"
    inspection.to_csv(folder / "inspection.csv", index=False)
    bench = pd.read_csv(SAMPLE / "synthetic-sqs-benchmark.csv", dtype=str, keep_default_na=False)
    bench.loc[(bench["Service"] == "Stockton-on-Tees") & (bench["Theme"] == SMALL_THEME),
              "Cases"] = "3"
    bench.loc[(bench["Service"] == OTHER) & (bench["Theme"] == "Protecting the public"),
              ["Score", "Cases"]] = ["17", "3"]
    bench.to_csv(folder / "benchmark.csv", index=False)
    previous = pd.read_csv(SAMPLE / "synthetic-stockton-cci-2010-inspection.csv", dtype=str,
                           keep_default_na=False)
    previous.loc[previous["theme"] == "Safeguarding", "cases"] = "3"
    overall = previous.iloc[[0]].assign(theme="Overall", score="81", cases="40")
    pd.concat([previous, overall]).to_csv(folder / "previous.csv", index=False)
    config = (ROOT / "reports" / "sample.yaml").read_text(encoding="utf-8")
    config = config.replace("report: sample", "report: attacks")
    for name, planted in (("synthetic-stockton-audit-2012-2014.csv", "audit.csv"),
                          ("stockton-sqs-2013-inspection.csv", "inspection.csv"),
                          ("synthetic-sqs-benchmark.csv", "benchmark.csv"),
                          ("synthetic-stockton-cci-2010-inspection.csv", "previous.csv")):
        config = config.replace(f"data/sample/{name}", str(folder / planted))
    config = config.replace("data/sample/", f"{SAMPLE}/")
    (folder / "attacks.yaml").write_text(config, encoding="utf-8")
    return folder / "attacks.yaml"


# --------------------------------------------------------------- without a kernel: the rules
def test_an_inspection_theme_whose_items_all_rest_on_3_cases_is_withheld(tmp_path):
    from yosanalysis.pages.inputs import Inputs, Params
    from yosanalysis.pages.withheld import INSPECTION_THEME, withheld

    attack_inputs(tmp_path)
    params = Params(service="Stockton-on-Tees", inspection="SQS 2013")
    inputs = Inputs.load(params, inspection=tmp_path / "inspection.csv")
    hidden = withheld(inputs, params)
    assert (INSPECTION_THEME, SMALL_THEME) in hidden
    # and a second theme, or the overall score less the others would give it back
    assert sum(m[0] == INSPECTION_THEME for m in hidden) >= 2


# ------------------------------------------------------------------------ on a built pack
@pytest.fixture(scope="module")
def attack_pack(tmp_path_factory) -> Path:
    return doctored_pack(tmp_path_factory.mktemp("attacks"), attack_inputs)


@pytest.mark.slow
def test_a_theme_on_3_cases_in_the_earlier_compared_round_is_nowhere(attack_pack):
    scored = cleaned_audit(attack_pack.parents[1] / "inputs" / "audit.csv")
    theme = scored[(scored["audit"] == EARLIER) & (scored["theme"] == SMALL_THEME)]
    assert theme["case_ref"].nunique() == 3
    assert round(100 * (theme["answer"] == "Yes").mean()) == 22
    for name, text in reader_texts(attack_pack).items():
        assert not re.search(r"\b22(\.\d+)?\s?%", text), name
    between = table(attack_pack, "03_year_on_year-themes-between-rounds").set_index("Theme")
    assert between.loc[SMALL_THEME].map(number).isna().all()  # no side, no change
    trend = table(attack_pack, "03_year_on_year-trend-ensuring-that-sentence-is-served")
    trend = trend.set_index("Round")
    assert trend.loc[EARLIER, ["Score (%)", "Cases"]].map(number).isna().all()
    # the control chart's mean is over the rounds shown: mean × rounds less the shown points
    # gives nothing back
    shown = trend["Score (%)"].map(number).dropna()
    mean = number(trend["Mean (%)"].iloc[0])
    assert abs(mean - shown.mean()) <= 0.5


@pytest.mark.slow
def test_a_recommendation_on_3_cases_in_an_earlier_round_is_withheld(attack_pack):
    progress = table(attack_pack, "05_recommendation_tracking-progress-r1").set_index("Round")
    assert progress.loc[QUIET].drop(labels=["Target (%)"], errors="ignore").map(
        number).isna().all(), progress.loc[QUIET].to_dict()
    texts = reader_texts(attack_pack)
    page = texts["05_recommendation_tracking.html"]
    assert f"{QUIET} suppressed (fewer than 5 cases)" in page
    assert not re.search(rf"{QUIET} 0%", page)
    # progress is measured from that round: a verdict on a change from 3 cases would say
    # which way they lay
    assert not re.search(rf"(improved|declined|rose|fell)[^.]* since {QUIET}", page)


@pytest.mark.slow
def test_an_inspection_theme_whose_items_are_all_withheld_is_not_shown(attack_pack):
    summary = table(attack_pack, "01_inspection_overview-summary").set_index("Theme")
    assert number(summary.loc[SMALL_THEME, "Score (%)"]) is None
    themes = [t for t in summary.index if t != "Overall"]
    # overall × items less the shown themes × their items leaves one theme only if exactly
    # one is withheld
    assert sum(number(summary.loc[t, "Score (%)"]) is None for t in themes) != 1
    for name, text in reader_texts(attack_pack).items():
        assert not re.search(rf"{SMALL_THEME}\W+96\s?%", text), name
        assert not re.search(rf"{SMALL_THEME}, with 96\s?%", text), name


@pytest.mark.slow
def test_the_benchmark_shows_no_score_the_pack_withholds_or_on_fewer_than_5_cases(attack_pack):
    texts = reader_texts(attack_pack)
    summary = table(attack_pack, "01_inspection_overview-summary").set_index("Theme")
    withheld_here = [t for t in summary.index if number(summary.loc[t, "Score (%)"]) is None]
    assert SMALL_THEME in withheld_here
    for theme in withheld_here:
        slug = re.sub(r"\W+", "-", theme.lower()).strip("-")
        bench = table(attack_pack, f"04_benchmark-benchmark-{slug}")
        mine = bench[bench["Service"] == "Stockton-on-Tees"]
        assert mine.drop(columns=["Service"]).map(number).isna().all().all(), theme
        assert not re.search(rf"{theme}: \d+%", texts["04_benchmark.html"]), theme
    for slug in ("protecting-the-public", "overall"):  # the mean of its themes gives it back
        bench = table(attack_pack, f"04_benchmark-benchmark-{slug}").set_index("Service")
        assert number(bench.loc[OTHER].iloc[0]) is None, slug
    for name, text in texts.items():
        if name.startswith("04_benchmark"):
            assert not re.search(r"\b17\s?%", text), name


@pytest.mark.slow
def test_no_chart_says_a_count_its_table_withholds(attack_pack):
    """The since-last-inspection chart once wrote "91% in SQS 2013 (3 cases)" while its table
    said "fewer than 5"."""
    for name, text in reader_texts(attack_pack).items():
        assert not re.search(r"\(\s?[1-4] cases?\)|\b[1-4] cases?\b", text), name


# ------------------------------------------------------- the mock inspection (page 06)
CASEWORK = "synthetic-casework-northshire-audit-2024-2025.csv"
MOCK_ROUND = "2025 Q2"


def mock_attack_inputs(folder: Path) -> Path:
    """Northshire's casework audit (its questions mapped to HMIP standards and key questions)
    with Q3 — standard 2.1's key question "safety of others", alone — answered for only 3 court
    cases in 2025 Q2, all No; returns the report's YAML."""
    folder.mkdir(parents=True, exist_ok=True)
    audit = pd.read_csv(SAMPLE / CASEWORK, dtype=str, keep_default_na=False,
                        encoding="utf-8-sig")
    column = _column(audit)
    court = audit.index[(audit["Round"] == MOCK_ROUND)
                        & ~audit[column["Q1"]].isin(["NA", ""])]
    audit.loc[court[3:], column["Q3"]] = "NA"
    audit.loc[court[:3], column["Q3"]] = "N"
    audit.to_csv(folder / "casework.csv", index=False, encoding="utf-8-sig")
    config = (ROOT / "reports" / "northshire.yaml").read_text(encoding="utf-8")
    config = config.replace("report: northshire", "report: mock-attack")
    config = config.replace("data/sample/synthetic-northshire-audit-2023-2025.csv",
                            str(folder / "casework.csv"))
    config = config.replace("data/sample/synthetic-northshire-question-bank.csv",
                            "data/sample/synthetic-casework-northshire-question-bank.csv")
    config = config.replace("data/sample/", f"{SAMPLE}/")
    (folder / "mock-attack.yaml").write_text(config, encoding="utf-8")
    return folder / "mock-attack.yaml"


@pytest.fixture(scope="module")
def mock_pack(tmp_path_factory) -> Path:
    return doctored_pack(tmp_path_factory.mktemp("mock-attack"), mock_attack_inputs)


@pytest.mark.slow
def test_the_mock_inspection_shows_no_question_the_theme_breakdown_withholds(mock_pack):
    """Page 2 withholds Q3 (3 cases) and, to protect it, Q1; a key question measured by one
    question is that question, so page 6 showing "2.1 desistance" (Q1) beside the theme's score
    (page 3) would give Q3 back: with Q1 and Q2 on 23 cases each, the theme's 84% fits only
    0 Yes of 3."""
    breakdown = table(mock_pack, "02_theme_breakdown-questions-assessment-court").set_index(
        "Code")
    withheld_here = {q for q in breakdown.index if number(breakdown.loc[q, "Score (%)"]) is None}
    assert {"Q3"} < withheld_here  # Q3 and one more
    bank = pd.read_csv(SAMPLE / "synthetic-casework-northshire-question-bank.csv")
    kq = table(mock_pack, "06_mock_inspection-mock-key-questions")
    kq = kq[kq["Standard"].str.startswith("2.1")]
    words = {"Desistance": "desistance", "Keeping the child safe": "safety of the child",
             "Keeping other people safe": "safety of others"}
    for question in withheld_here:
        key = words[bank.set_index("question_id").loc[question, "key_question"]]
        row = kq[kq["Key question"] == key].iloc[0]
        assert all(number(row[c]) is None for c in ("Cases", "Sufficient (%)",
                                                     "Interval low (%)", "Interval high (%)")), (
            question, dict(row))
    # the headline names the weakest standard of those shown, not of all: 2.1's withheld
    # rating rests on 0 of 3
    headline = reader_texts(mock_pack)["index.html"]
    assert "weakest case standard of those shown was" in headline
    standards = table(mock_pack, "06_mock_inspection-mock-standards").set_index("Standard")
    lowest = standards.loc[standards.index.str.startswith("2.1")].iloc[0]
    assert number(lowest["Lowest key question (%)"]) is None


@pytest.mark.slow
def test_the_previous_inspections_small_theme_is_not_given_back_by_its_overall(attack_pack):
    since = table(attack_pack, "03_year_on_year-since-last-inspection").set_index("Theme")
    before = since["CCI 2010 (%)"].map(number)
    assert number(since.loc["Overall", "CCI 2010 (%)"]) == 81  # shown: the mean of the themes
    themes = before.drop(index="Overall")
    withheld_here = themes[themes.isna()].index.tolist()
    assert "Protecting the child or young person" in withheld_here  # Safeguarding, 3 cases
    assert len(withheld_here) >= 2, themes.to_dict()  # else 3 × 81 − the others gives it
    notes = since.loc[withheld_here, "Note"].tolist()
    assert any("give away" in note for note in notes), notes  # the second says why
    for name, text in reader_texts(attack_pack).items():
        if name.startswith("03_year_on_year"):
            assert not re.search(r"\b77\s?%", text), name
