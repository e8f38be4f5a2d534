"""The mock inspection: the service's own audit read against HMIP's published case-rating rule
(the lowest key question's share of sufficient cases sets the standard's rating)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import yosanalysis as yos
from yosanalysis.clean import load

KEY_QUESTIONS = ("desistance", "safety of the child", "safety of others")
# standard -> the percentage of cases sufficient on its lowest key question
CRAFTED = {"2.1 Assessment": 80, "2.2 Planning": 79, "2.3 Implementation and delivery": 65,
           "2.4 Reviewing": 64, "3.1 Assessment": 50, "3.2 Planning": 49}
EXPECTED = ["Outstanding", "Good", "Good", "Requires improvement", "Requires improvement",
            "Inadequate"]


def crafted_audit(folder: Path, cases: int = 100) -> Path:
    """A wide audit of `cases` cases and its bank: per standard three key questions, one audit
    question each; the lowest key question (safety of others) is `Yes` in exactly the crafted
    share of cases, the other two in 90%."""
    bank, columns = ["question_id,theme,question,standard,key_question"], {}
    number = 0
    for standard, pct in CRAFTED.items():
        for kq in KEY_QUESTIONS:
            number += 1
            # written as a bank would be: the number alone, or number and name
            written = standard.split(" ")[0] if number % 2 else standard
            bank.append(f"Q{number},Casework,Did the work attend to {kq}?,{written},{kq}")
            share = pct if kq == "safety of others" else 90
            columns[f"Q{number}. {kq}"] = ["Yes"] * share + ["No"] * (cases - share)
    frame = pd.DataFrame({"Service": "Testshire", "Round": "2025 Q2", "Date": "01/06/2025",
                          "Case ref": [f"T-{i:03d}" for i in range(cases)], **columns})
    (folder / "bank.csv").write_text("\n".join(bank) + "\n", encoding="utf-8")
    path = folder / "audit.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture
def crafted(tmp_path):
    loaded = load(crafted_audit(tmp_path), kind="audit", questions=tmp_path / "bank.csv")
    assert loaded.report.rejected == []
    return loaded.data


def test_ratings_follow_the_lowest_key_question_at_the_band_edges(crafted):
    table = yos.mock_inspection(crafted, scheme="hmip-2018", partially=0)
    assert table["standard"].tolist() == list(CRAFTED)
    assert table["lowest_pct"].tolist() == list(map(float, CRAFTED.values()))
    assert table["lowest_key_question"].tolist() == ["safety of others"] * 6
    assert table["rating"].tolist() == EXPECTED
    assert table["cases"].tolist() == [100] * 6


def test_rating_probabilities_sum_to_one_and_say_how_near_the_edge(crafted):
    table = yos.mock_inspection(crafted)
    p = table[["p_outstanding", "p_good", "p_requires_improvement", "p_inadequate"]]
    assert np.allclose(p.sum(axis=1), 1.0)
    assert ((p >= 0) & (p <= 1)).all().all()
    # at a band edge (80% of 100 cases) a resample falls either side about half the time
    edge = table.set_index("standard").loc["2.1 Assessment"]
    assert 0.35 < edge["p_outstanding"] < 0.65 and 0.35 < edge["p_good"] < 0.65
    # the same answers give the same figures
    assert table.equals(yos.mock_inspection(crafted))


def test_key_questions_table(crafted):
    kq = yos.mock_inspection_key_questions(crafted)
    assert list(kq.columns) == ["standard", "key_question", "cases", "sufficient", "pct", "low",
                                "high"]
    assert len(kq) == 18
    first = kq.iloc[:3]
    assert first["key_question"].tolist() == list(KEY_QUESTIONS)
    assert first["pct"].tolist() == [90.0, 90.0, 80.0]
    assert (kq["low"] <= kq["pct"]).all() and (kq["pct"] <= kq["high"]).all()
    low, high = yos.wilson_interval(80, 100)
    assert (first["low"].iloc[2], first["high"].iloc[2]) == pytest.approx((low, high))


def _answers(rows):
    return pd.DataFrame(rows, columns=["case_ref", "question", "answer", "standard",
                                       "key_question"])


def test_a_case_is_sufficient_on_a_key_question_only_when_all_its_answers_say_so():
    answers = _answers([
        ("A", "Q1", "Yes", "2.4 Reviewing", "desistance"),
        ("A", "Q2", "Yes", "2.4 Reviewing", "desistance"),
        ("B", "Q1", "Yes", "2.4 Reviewing", "desistance"),
        ("B", "Q2", "No", "2.4 Reviewing", "desistance"),
        ("C", "Q1", "Partially", "2.4 Reviewing", "desistance"),
        ("C", "Q2", "N/A", "2.4 Reviewing", "desistance"),  # left out, as is a blank answer
        ("D", "Q1", "N/A", "2.4 Reviewing", "desistance"),
        ("D", "Q2", None, "2.4 Reviewing", "desistance"),
    ])
    strict = yos.mock_inspection_key_questions(answers, partially=0).iloc[0]
    assert (strict["cases"], strict["sufficient"]) == (3, 1.0)  # D has no applicable answer
    full = yos.mock_inspection_key_questions(answers, partially="yes").iloc[0]
    assert full["sufficient"] == 2.0
    half = yos.mock_inspection_key_questions(answers, partially=0.5).iloc[0]
    assert half["sufficient"] == 1.5


def test_the_case_is_the_unit_not_the_answer():
    # two answers per case on one key question count once per case
    rows = [(c, q, "Yes", "2.1", "desistance") for c in "ABCD" for q in ("Q1", "Q2")]
    answers = _answers(rows)
    answers["standard"] = "2.1 Assessment"
    assert yos.mock_inspection(answers)["cases"].tolist() == [4]


def test_several_rounds_need_a_choice():
    answers = _answers([("A", "Q1", "Yes", "2.1 Assessment", "desistance")] * 2)
    answers["audit"] = ["2025 Q1", "2025 Q2"]
    with pytest.raises(ValueError, match=r"several audit rounds.*2025 Q1, 2025 Q2"):
        yos.mock_inspection(answers)
    assert yos.mock_inspection(answers, audit="2025 Q2")["cases"].tolist() == [1]


def test_answers_without_standards_say_what_is_needed():
    answers = pd.DataFrame({"case_ref": ["A"], "question": ["Q1"], "answer": ["Yes"]})
    with pytest.raises(ValueError, match="question bank that has `standard`"):
        yos.mock_inspection(answers)
    with pytest.raises(ValueError, match="no rule for rating a case standard"):
        yos.mock_inspection(answers.assign(standard="x"), scheme="hmip-2025")


def test_indicative_overall_only_where_every_counted_standard_is_covered(crafted):
    table = yos.mock_inspection(crafted)
    partial = yos.mock_inspection_overall(table)
    assert partial.rating == "not given" and partial.points is None
    assert partial.not_covered == ("1.1 Governance and leadership", "1.2 Staff",
                                   "1.3 Partnerships and services",
                                   "1.4 Information and facilities",
                                   "3.3 Implementation and delivery",
                                   "3.4 Out-of-court disposal policy and provision")
    assert "6 of the 12 standards" in partial.sentence and "1.2 Staff" in partial.sentence
    manager = {"1.1": "Good", "1.2": "Good", "1.3": "Outstanding", "1.4": "good",
               "3.3 Implementation and delivery": "Good", "Joint working": "Requires improvement"}
    whole = yos.mock_inspection_overall(table, self_assessment=manager)
    # audit: 3 + 2 + 2 + 1 + 1 + 0 = 9; manager: 2 + 2 + 3 + 2 + 2 + 1 = 12
    assert (whole.points, whole.rating, whole.not_covered) == (21.0, "Good", ())
    with pytest.raises(ValueError, match=r"'Brilliant' for 1\.1"):
        yos.mock_inspection_overall(table, self_assessment={"1.1": "Brilliant"})


def test_the_sample_casework_audit_gives_a_mock_inspection(sample_dir):
    """Northshire's synthetic casework audit: court and out-of-court standards apart, about 25
    court and 12 out-of-court cases a round, and a weak Reviewing standard improving."""
    answers = load(sample_dir / "synthetic-casework-northshire-audit-2024-2025.csv").data
    first = yos.mock_inspection(answers, audit="2024 Q1").set_index("standard")
    last = yos.mock_inspection(answers, audit="2025 Q2").set_index("standard")
    assert first.index.tolist() == [
        "2.1 Assessment", "2.2 Planning", "2.3 Implementation and delivery", "2.4 Reviewing",
        "3.1 Assessment", "3.2 Planning", "3.3 Implementation and delivery"]
    court, ooc = first.loc["2.1 Assessment", "cases"], first.loc["3.1 Assessment", "cases"]
    assert 20 <= court <= 30 and 9 <= ooc <= 15
    assert first.loc["2.4 Reviewing", "rating"] in ("Requires improvement", "Inadequate")
    assert last.loc["2.4 Reviewing", "lowest_pct"] > first.loc["2.4 Reviewing", "lowest_pct"]
    overall = yos.mock_inspection_overall(last.reset_index())
    assert overall.rating == "not given"
    assert "1.1 Governance and leadership" in overall.not_covered


# ------------------------------------------------------------------ the page (notebook 06)
def _page(sample_dir, audit, bank, **params):
    from yosanalysis import pages

    params = pages.Params(**{"service": "Northshire", "scheme": "hmip-2018", "synthetic": True,
                             "rounds": ("2024 Q2", "2025 Q2"), **params})
    inputs = pages.Inputs.load(params, audit=sample_dir / audit, questions=sample_dir / bank)
    return pages.mock_inspection(inputs, params)


def test_the_mock_inspection_page_says_every_rating_is_the_services_own_reading(sample_dir):
    from yosanalysis.render.html import page_html

    page = _page(sample_dir, "synthetic-northshire-audit-2023-2025.csv",
                 "synthetic-northshire-question-bank.csv")
    assert page.key == "06_mock_inspection" and "2025 Q2" in page.headline
    assert "not HMIP's judgement" in page.headline
    tables = [b for b in page.blocks if b.kind == "table"]
    ratings = tables[0].data
    assert ratings["Standard"].tolist() == ["2.1 Assessment", "2.2 Planning",
                                            "2.3 Implementation and delivery", "2.4 Reviewing"]
    assert "not HMIP's judgement" in tables[0].caption
    assert "Indicative rating (own reading)" in ratings.columns
    html = page_html(page)
    assert html.count("not HMIP") >= 3 and "★" not in html
    assert "1.1 Governance and leadership" in html  # named among the standards not covered
    assert "SYN-" not in html


def test_the_page_withholds_ratings_on_too_few_cases(sample_dir):
    page = _page(sample_dir, "synthetic-northshire-audit-2023-2025.csv",
                 "synthetic-northshire-question-bank.csv", suppress_below=50)
    ratings = next(b for b in page.blocks if b.kind == "table").data
    assert set(ratings["Indicative rating (own reading)"]) == {"suppressed"}
    assert page.headline.startswith("Fewer than 50 cases")


def test_without_standards_the_page_says_which_input_would_make_it(sample_dir):
    page = _page(sample_dir, "synthetic-stockton-audit-2012-2014.csv",
                 "synthetic-stockton-question-bank.csv", service="Stockton-on-Tees")
    assert [b.kind for b in page.blocks] == ["notice"]
    assert "maps no question to an HMIP standard" in page.headline


def test_a_key_question_on_3_cases_takes_its_standards_rating_with_it(sample_dir):
    """The rating of a standard is set by its lowest key question, named beside it: where that
    key question rests on fewer than 5 cases, the standard's key question, percentage, rating
    and chances are withheld, as the key question's own row is (issue 13)."""
    from yosanalysis import pages

    params = pages.Params(service="Northshire", scheme="hmip-2018", synthetic=True,
                          rounds=("2024 Q2", "2025 Q2"))
    inputs = pages.Inputs.load(
        params, audit=sample_dir / "synthetic-northshire-audit-2023-2025.csv",
        questions=sample_dir / "synthetic-northshire-question-bank.csv")
    answers = inputs.answers
    mine = ((answers["audit"] == "2025 Q2") & answers["standard"].astype(str).str.startswith("2.4")
            & (answers["key_question"] == answers.loc[answers["standard"].astype(str)
               .str.startswith("2.4"), "key_question"].iloc[0]))
    kept = answers.loc[mine, "case_ref"].drop_duplicates().iloc[:3]
    answers = answers.assign(answer=answers["answer"].where(
        ~mine | answers["case_ref"].isin(kept), "N/A"))
    answers.loc[mine & answers["case_ref"].isin(kept), "answer"] = "No"  # 0% on 3 cases
    page = pages.mock_inspection(pages.Inputs(answers=answers, questions=inputs.questions),
                                 params)
    standards, questions = (b.data for b in page.blocks if b.kind == "table")
    row = standards.set_index("Standard").loc["2.4 Reviewing"]
    assert (row.drop("Cases") == "suppressed").all(), row.to_dict()
    assert "2.4 Reviewing" not in page.headline and "0%" not in page.headline
    small = questions[(questions["Standard"].astype(str).str.startswith("2.4"))
                      & (questions["Cases"] == "fewer than 5")]
    assert len(small) == 1 and small["Sufficient (%)"].tolist() == ["suppressed"]
