"""Every file in ../shared/field-cases gives the result its README describes (values checked).

The files are read where they lie (never copied into the project); where ../shared is absent
(a user's machine) the tests skip and say why.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.conftest import SHARED
from yosanalysis.clean import load
from yosanalysis.cli import main

CASES = SHARED / "field-cases"
BANK = CASES / "question-bank.csv"


@pytest.fixture
def case():
    def find(name: str):
        path = CASES / name
        if not path.exists():
            pytest.skip(f"{path} is absent: ../shared comes with the project's CI only")
        return path

    return find


def answers_of(data: pd.DataFrame, case_ref: str) -> dict[str, str]:
    rows = data[data["case_ref"] == case_ref]
    return {str(q): ("" if pd.isna(a) else str(a)) for q, a in zip(rows["question"],
                                                                    rows["answer"], strict=True)}


def test_form_audit_month_first_dates(case):
    loaded = load(case("form-audit-month-first-dates.csv"), questions=case("question-bank.csv"))
    report = loaded.report
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (5, 5, 0)
    dates = loaded.data.drop_duplicates("case_ref").set_index("case_ref")["date"]
    assert dates.dt.strftime("%Y-%m-%d").to_dict() == {
        "WM-0001": "2025-08-20", "WM-0002": "2025-08-21", "WM-0003": "2025-09-03",
        "WM-0004": "2025-09-10", "WM-0005": "2025-09-11",
    }
    (warning,) = [w for w in report.warnings if "month-first" in w["message"]]
    assert warning["column"] == "Audit date" and warning["row"] is None
    assert len(report.warnings) == 1
    # Name is the auditor; Email is a person column the privacy scan checks too
    assert set(loaded.data["auditor"].astype(str)) == {"Alex Example", "Sam Sample",
                                                       "Jo Specimen"}
    from yosanalysis.privacy import personal_details

    found = personal_details([case("form-audit-month-first-dates.csv")])
    assert found["Alex Example"] == "auditor's name"
    # an e-mail address is looked for by its letters and digits (issue #16)
    assert found["jo.specimen@westmere.example.org"] == "email address"
    assert found["WM-0003"] == "case reference"


def test_form_audit_multiselect_answers(case):
    loaded = load(case("form-audit-multiselect-answers.csv"),
                  questions=case("question-bank.csv"))
    data, report = loaded.data, loaded.report
    assert (report.rows_kept, report.rows_rejected) == (4, 0)
    # `Yes;` is Yes; two different choices are never scored (no first-choice-wins)
    assert answers_of(data, "WM-0101") == {"Q2": "Yes", "Q3": "Yes", "Q4": "Yes"}
    assert answers_of(data, "WM-0102") == {"Q1": "Yes", "Q3": "Yes", "Q4": "No"}
    assert answers_of(data, "WM-0103") == {"Q1": "Yes", "Q2": "Yes", "Q4": "Yes"}
    assert answers_of(data, "WM-0104") == {"Q2": "Yes", "Q3": "No", "Q4": "Partially"}
    multi = [(w["row"], w["column"][:3], w["value"]) for w in report.warnings
             if "several answers" in w["message"]]
    assert multi == [(2, "Q1.", "Yes;No;"), (3, "Q2.", "No;Yes;"), (4, "Q3.", "Yes, No"),
                     (5, "Q1.", "N/A;No;")]
    assert report.counts["multiple_answers"] == 4
    # `Date of audit` wins over `Completion time`
    dates = data.drop_duplicates("case_ref")["date"].dt.strftime("%Y-%m-%d").tolist()
    assert dates == ["2025-09-02", "2025-09-03", "2025-09-04", "2025-09-05"]
    assert "Completion time" in report.ignored_columns


def test_audit_spreadsheet_error_values(case, capsys):
    path = case("audit-spreadsheet-error-values.csv")
    loaded = load(path, questions=case("question-bank.csv"))
    data, report = loaded.data, loaded.report
    assert report.rows_kept == 5
    errors = [(e["row"], e["column"][:2], e["value"]) for e in report.errors]
    assert errors == [(2, "Q2", "#N/A"), (2, "Q4", "#N/A"), (3, "Q3", "#N/A"),
                      (4, "Q1", "#N/A"), (4, "Q2", "#N/A"), (4, "Q3", "#N/A"),
                      (4, "Q4", "#N/A"), (5, "Q2", "#REF!"), (5, "Q4", "#VALUE!")]
    # never an N/A answer, never scored: the one real N/A (row 6) stays N/A
    assert (data["answer"] == "N/A").sum() == 1
    assert answers_of(data, "WM-0305")["Q4"] == "N/A"
    assert answers_of(data, "WM-0303") == {}
    assert report.counts["not_applicable"] == 1 and report.counts["spreadsheet_errors"] == 9
    code = main(["validate", str(path), "--questions", str(BANK)])
    out = capsys.readouterr().out
    assert code == 1
    assert "row 5, Q4. Did reviewing respond to changes in the child's circumstances?, " \
           "'#VALUE!'" in out


def test_inspection_title_rows_above_header(case):
    loaded = load(case("inspection-title-rows-above-header.csv"))
    assert loaded.kind == "inspection"
    assert loaded.data["score"].tolist() == [100.0, 80.0]
    assert loaded.report.rows_kept == 2
    assert any("header found on row 4" in n and "row 1: 'HMI Probation" in n
               and "row 2: 'Fieldwork" in n and "blank: row 3" in n for n in loaded.report.notes)
    from yosanalysis.io import read_table

    table = read_table(case("inspection-title-rows-above-header.csv"))
    assert table.header_row == 4 and table.frame.index.tolist() == [5, 6]


def test_benchmark_statistical_shorthand(case, capsys):
    path = case("benchmark-statistical-shorthand.csv")
    loaded = load(path)
    data, report = loaded.data, loaded.report
    assert report.rejected == [{"row": 7, "reason": "Score '1,085' is outside 0-100 (read "
                                "with its comma as a thousands separator, as in a count: a "
                                "percentage is never over 100)"}]
    assert report.rows_kept == 5
    by = data.set_index(["service", "theme"])
    revised = by.loc[("Westmere", "Reducing the likelihood of reoffending")]
    assert revised["score"] == 78.0 and revised["cases"] == 15
    # withheld: kept, never 0 and never a number
    withheld = by.loc[("Westmere", "Protecting the public")]
    assert pd.isna(withheld["score"]) and pd.isna(withheld["cases"])
    assert pd.isna(by.loc[("Eastholt", "Protecting the public"), "cases"])
    assert not (data["score"] == 0).any() and not (data["cases"] == 0).any()
    markers = {(m["row"], m["column"]): (m["marker"], m["withheld"]) for m in report.markers}
    assert markers == {
        (2, "Score"): ("[r]", False), (3, "Score"): ("[c]", True), (3, "Cases"): ("[c]", True),
        (4, "Score"): ("[x]", True), (5, "Cases"): ("<5", True), (6, "Score"): ("[z]", True),
        (6, "Cases"): ("[z]", True),
    }
    assert main(["validate", str(path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["rejected"][0]["row"] == 7 and len(out["markers"]) == 7


def test_inspection_serial_and_datetime_dates(case):
    loaded = load(case("inspection-serial-and-datetime-dates.csv"))
    assert loaded.report.rows_kept == 4
    assert set(loaded.data["date"].dt.strftime("%Y-%m-%d")) == {"2013-11-25"}
    serials = [(w["row"], w["value"]) for w in loaded.report.warnings
               if "Excel serial" in w["message"]]
    assert serials == [(2, "41603"), (5, "41603.0")]


def test_recommendations_serial_due_date(case):
    loaded = load(case("recommendations-serial-due-date.csv"))
    data = loaded.data
    assert loaded.report.rows_kept == 2
    assert data["due"].dt.strftime("%Y-%m-%d").tolist() == ["2014-12-31", "2014-12-31"]
    assert data["target"].tolist() == [90.0, 85.0]


def test_audit_workbook(case, capsys):
    path = case("audit-workbook.xlsx")
    loaded = load(path, questions=case("question-bank.csv"))
    data, report = loaded.data, loaded.report
    assert loaded.kind == "audit" and report.sheet == "Audit"
    assert data["case_ref"].nunique() == 2 and len(data) == 8
    assert answers_of(data, "WM-0401") == {"Q1": "Yes", "Q2": "Yes", "Q3": "No", "Q4": "Yes"}
    assert answers_of(data, "WM-0402") == {"Q1": "No", "Q2": "Yes", "Q3": "Yes", "Q4": ""}
    assert data.drop_duplicates("case_ref")["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-09-02", "2025-09-03"]
    assert main(["validate", str(path), "--questions", str(BANK)]) == 0
    out = capsys.readouterr().out
    assert "audit-workbook.xlsx, sheet 'Audit'" in out and "(the only sheet)" in out


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("form-audit-month-first-dates.csv", 0),
        ("form-audit-multiselect-answers.csv", 0),
        ("audit-spreadsheet-error-values.csv", 1),  # errors are reported as errors
        ("inspection-title-rows-above-header.csv", 0),
        ("benchmark-statistical-shorthand.csv", 1),  # `1,085` as a percentage is rejected
        ("inspection-serial-and-datetime-dates.csv", 0),
        ("recommendations-serial-due-date.csv", 0),
        ("audit-workbook.xlsx", 0),
        ("question-bank.csv", 0),
    ],
)
def test_validate_exits_as_each_field_case_deserves(case, capsys, name, code):
    path = case(name)
    assert main(["validate", str(path), "--questions", str(BANK)]) == code
    out, err = capsys.readouterr()
    assert err == "" and f"{path.name}" in out


def test_clean_writes_a_workbooks_sheet_as_canonical_csv(case, tmp_path, capsys):
    path = case("audit-workbook.xlsx")
    assert main(["clean", str(path), "--sheet", "Audit", "--questions", str(BANK),
                 "--out", str(tmp_path / "out")]) == 0
    written = pd.read_csv(tmp_path / "out" / "audit-workbook.clean.csv")
    assert len(written) == 8 and set(written["date"]) == {"2025-09-02", "2025-09-03"}
