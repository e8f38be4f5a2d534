"""Case file audits, wide (with a question bank) and long."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from yosanalysis.clean import load
from yosanalysis.clean.audit import match_questions
from yosanalysis.errors import InputError

CANONICAL = ["service", "audit", "date", "case_ref", "theme", "question", "answer", "auditor",
             "comment"]
BANK = (
    "question_id,theme,question\n"
    "Q1,Planning,Was there a plan?\n"
    "Q2,protecting the PUBLIC,Was risk of harm assessed?\n"
    "Q10,Voice of  the child,Was the child heard?\n"
)
WIDE_HEADER = "YOS,Audit round,Date of audit,Case ref,Auditor,Q1. Plan?,Q2) Risk?,Q10: Voice?"


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def wide(folder: Path, rows: list[str], header: str = WIDE_HEADER, bank: bool = True) -> Path:
    if bank:
        write(folder, "bank.csv", BANK)
    return write(folder, "audit.csv", "\n".join([header, *rows]) + "\n")


def answers_of(loaded, case: str) -> dict[str, str | None]:
    """Question -> answer of one case; None where unanswered."""
    data = loaded.data
    picked = data[data["case_ref"] == case]
    answers = [None if pd.isna(a) else str(a) for a in picked["answer"]]
    return dict(zip(picked["question"].astype(str), answers, strict=True))


def test_wide_export_becomes_one_row_per_case_and_question(tmp_path):
    path = wide(tmp_path, ["Stockton,2013 Q3,01/02/2013,SYN-0001,A. Auditor,Yes,n/a,",
                           "Stockton,2013 Q3,01/02/2013,SYN-0002,A. Auditor,N,Partially,1"])
    loaded = load(path, questions=tmp_path / "bank.csv")
    data = loaded.data
    assert loaded.kind == "audit"
    assert list(data.columns) == CANONICAL
    assert len(data) == 6
    assert answers_of(loaded, "SYN-0001") == {"Q1": "Yes", "Q2": "N/A", "Q10": None}
    assert answers_of(loaded, "SYN-0002") == {"Q1": "No", "Q2": "Partially", "Q10": "Yes"}
    assert data["date"].unique().tolist() == [pd.Timestamp("2013-02-01")]
    assert loaded.report.rows_read == 2 and loaded.report.rows_kept == 2
    assert loaded.questions["question_id"].tolist() == ["Q1", "Q2", "Q10"]


def test_question_1_is_never_question_10(tmp_path):
    header = "YOS,Round,Date,Case ref,Q10. Voice?,Q1 Plan?,Q2-Risk?"
    path = wide(tmp_path, ["S,R1,01/02/2013,SYN-1,No,Yes,Partially"], header=header)
    loaded = load(path, questions=tmp_path / "bank.csv")
    assert answers_of(loaded, "SYN-1") == {"Q1": "Yes", "Q2": "Partially", "Q10": "No"}
    themes = dict(zip(loaded.data["question"].astype(str), loaded.data["theme"].astype(str),
                      strict=True))
    assert themes == {"Q1": "Planning", "Q2": "Protecting the public",
                      "Q10": "Voice of the child"}


def test_match_questions_separators():
    headers = {"a": "Q1.x", "b": "Q1)", "c": "Q1: y", "d": "Q1- z", "e": "Q1 w", "f": "Q1",
               "g": "Q10 v", "h": "Q1a", "i": "Q1_x"}
    found = match_questions(headers, ["Q1", "Q10"])
    assert {k: v[0] for k, v in found.items()} == {"a": "Q1", "b": "Q1", "c": "Q1", "d": "Q1",
                                                   "e": "Q1", "f": "Q1", "g": "Q10"}


def test_na_answers_kept_and_blank_answers_counted_apart(tmp_path):
    path = wide(tmp_path, ["S,R1,01/02/2013,SYN-1,A,N/A,NA,",
                           "S,R1,01/02/2013,SYN-2,A,not applicable,,-"])
    loaded = load(path, questions=tmp_path / "bank.csv")
    answers = loaded.data["answer"]
    assert (answers == "N/A").sum() == 4
    assert answers.isna().sum() == 2
    counts = loaded.report.counts
    assert counts["not_applicable"] == 4 and counts["unanswered"] == 2
    assert "N/A 4, unanswered (blank) 2" in loaded.report.summary()


def test_unknown_answer_word_is_reported_with_its_row_and_left_out(tmp_path):
    path = wide(tmp_path, ["S,R1,01/02/2013,SYN-1,A,Yes,Yes,Yes",
                           "S,R1,01/02/2013,SYN-2,A,Yes,maybe,No"])
    loaded = load(path, questions=tmp_path / "bank.csv")
    (warning,) = loaded.report.warnings
    assert warning["row"] == 3
    assert warning["column"] == "Q2) Risk?"
    assert warning["value"] == "maybe"
    assert "left out" in warning["message"]
    assert loaded.report.rows_rejected == 0
    assert answers_of(loaded, "SYN-2") == {"Q1": "Yes", "Q10": "No"}
    assert loaded.report.counts["unknown_answers"] == 1


def test_repeated_case_is_rejected_naming_the_row_it_repeats(tmp_path):
    path = wide(tmp_path, ["S,R1,01/02/2013,SYN-1,A,Yes,Yes,Yes",
                           "S,R2,01/05/2013,SYN-1,A,Yes,Yes,Yes",
                           "",
                           "S,R1,01/02/2013,SYN-1,A,No,No,No"])
    loaded = load(path, questions=tmp_path / "bank.csv")
    assert loaded.report.rejected == [
        {"row": 5, "reason": "repeats row 2 (same service, audit and case reference)"}
    ]
    assert loaded.report.rows_kept == 2 and len(loaded.data) == 6


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (",R1,01/02/2013,SYN-9,A,Yes,Yes,Yes", "YOS is blank"),
        ("S,,01/02/2013,SYN-9,A,Yes,Yes,Yes", "Audit round is blank"),
        ("S,R1,,SYN-9,A,Yes,Yes,Yes", "Date of audit is blank"),
        ("S,R1,01/02/2013,,A,Yes,Yes,Yes", "Case ref is blank"),
        ("S,R1,02/31/2013,SYN-9,A,Yes,Yes,Yes", "Date of audit '02/31/2013' is not a date"),
    ],
)
def test_cases_missing_what_they_need_are_rejected(tmp_path, row, reason):
    path = wide(tmp_path, ["S,R1,01/02/2013,SYN-1,A,Yes,Yes,Yes", row])
    loaded = load(path, questions=tmp_path / "bank.csv")
    assert [r["row"] for r in loaded.report.rejected] == [3]
    assert reason in loaded.report.rejected[0]["reason"]
    assert set(loaded.data["case_ref"].astype(str)) == {"SYN-1"}


def test_comments_kept_verbatim_whatever_markup_they_hold(tmp_path):
    header = WIDE_HEADER + ",Q2 comments,Comments,Worker"
    rows = ['S,R1,01/02/2013,SYN-1,A,Yes,No,Yes,"risk  <b>not</b> reviewed","<script>alert(1)'
            '</script>",Jo']
    loaded = load(wide(tmp_path, rows, header=header), questions=tmp_path / "bank.csv")
    comments = dict(zip(loaded.data["question"].astype(str),
                        loaded.data["comment"].astype(str), strict=True))
    assert comments == {"Q1": "<script>alert(1)</script>", "Q2": "risk <b>not</b> reviewed",
                        "Q10": "<script>alert(1)</script>"}
    assert loaded.report.ignored_columns == ["Worker"]


def test_windows_1252_audit_with_semicolons(tmp_path):
    write(tmp_path, "bank.csv", BANK)
    text = (WIDE_HEADER.replace(",", ";") + ";Comments\n"
            "Stockton;2013 Q3;01/02/2013;SYN-1;A;Yes;No;Yes;child’s plan cost £40\n")
    path = write(tmp_path, "audit.csv", text, encoding="cp1252")
    loaded = load(path, questions=tmp_path / "bank.csv")
    assert set(loaded.data["comment"].astype(str)) == {"child’s plan cost £40"}


def test_bank_found_next_to_the_file_is_used_with_a_warning(tmp_path):
    write(tmp_path, "SQS question bank.csv", BANK)
    path = wide(tmp_path, ["S,R1,01/02/2013,SYN-1,A,Yes,Yes,Yes"], bank=False)
    loaded = load(path)
    assert len(loaded.data) == 3
    assert any("SQS question bank.csv" in w["message"] for w in loaded.report.warnings)


def test_among_several_banks_the_one_named_like_the_export_is_used(tmp_path):
    write(tmp_path, "north-question-bank.csv", BANK)
    write(tmp_path, "south-question-bank.csv", "question_id,theme\nQ1,Reviewing\n")
    path = write(tmp_path, "north-audit-2013.csv",
                 WIDE_HEADER + "\nS,R1,01/02/2013,SYN-1,A,Yes,Yes,Yes\n")
    loaded = load(path)
    assert set(loaded.data["theme"].astype(str)) == {"Planning", "Protecting the public",
                                                     "Voice of the child"}
    assert any("north-question-bank.csv" in w["message"] for w in loaded.report.warnings)


@pytest.mark.parametrize("banks", [[], ["a_question_bank.csv", "b-questionbank.csv"]])
def test_wide_file_without_a_single_bank_asks_for_questions(tmp_path, banks):
    for name in banks:
        write(tmp_path, name, BANK)
    path = wide(tmp_path, ["S,R1,01/02/2013,SYN-1,A,Yes,Yes,Yes"], bank=False)
    with pytest.raises(InputError, match="--questions"):
        load(path)


def test_bank_that_matches_no_column_is_an_input_error(tmp_path):
    write(tmp_path, "other.csv", "question_id,theme\nA1,Planning\n")
    path = wide(tmp_path, ["S,R1,01/02/2013,SYN-1,A,Yes,Yes,Yes"])
    with pytest.raises(InputError, match="no column matches a question"):
        load(path, questions=tmp_path / "other.csv")


def test_two_columns_for_one_question_is_an_input_error(tmp_path):
    header = "YOS,Round,Date,Case ref,Q1. Plan?,Q1) Plan again?"
    path = wide(tmp_path, ["S,R1,01/02/2013,SYN-1,Yes,No"], header=header)
    with pytest.raises(InputError, match="both belong to question Q1"):
        load(path, questions=tmp_path / "bank.csv")


def test_required_metadata_column_missing_names_it(tmp_path):
    header = "YOS,Round,Date,Q1. Plan?"
    path = wide(tmp_path, ["S,R1,01/02/2013,Yes"], header=header)
    with pytest.raises(InputError, match="'case_ref'"):
        load(path, questions=tmp_path / "bank.csv")


def test_bank_question_missing_from_file_is_a_warning(tmp_path):
    header = "YOS,Round,Date,Case ref,Q1. Plan?"
    path = wide(tmp_path, ["S,R1,01/02/2013,SYN-1,Yes"], header=header)
    loaded = load(path, questions=tmp_path / "bank.csv")
    missing = {w["value"] for w in loaded.report.warnings if w["row"] is None}
    assert missing == {"Q2", "Q10"}


LONG_HEADER = "Service,Audit,Date,Case reference,Theme,Question,Answer,Auditor,Comments"


def test_long_form(tmp_path):
    text = "\n".join([
        LONG_HEADER,
        "S,2013 Q3,25/11/2013,SYN-1,Planning,Q1,Y,A,",
        "S,2013 Q3,25/11/2013,SYN-1,Planning,Q2,,A,",
        "S,2013 Q3,25/11/2013,SYN-1,Planning,Q3,N/A,A,fine",
        "S,2013 Q3,25/11/2013,SYN-1,Planning,Q4,sometimes,A,",
        "S,2013 Q3,25/11/2013,SYN-1,Planning,Q1,No,A,",
    ]) + "\n"
    loaded = load(write(tmp_path, "long.csv", text))
    assert loaded.kind == "audit"
    assert list(loaded.data.columns) == CANONICAL
    assert loaded.data["answer"].astype(object).tolist()[0] == "Yes"
    assert loaded.data["answer"].isna().tolist() == [False, True, False]
    assert {r["row"]: r["reason"] for r in loaded.report.rejected} == {
        5: "Answer 'sometimes' is not an answer word (Yes, No, Partially or N/A)",
        6: "repeats row 2 (same service, audit, case reference and question)",
    }


def test_long_form_takes_themes_from_the_bank(tmp_path):
    write(tmp_path, "bank.csv", BANK)
    text = ("service,audit,date,case_ref,question,answer\n"
            "S,R1,01/02/2013,SYN-1,Q2,Yes\nS,R1,01/02/2013,SYN-1,Q99,Yes\n")
    loaded = load(write(tmp_path, "long.csv", text), questions=tmp_path / "bank.csv")
    assert loaded.data["theme"].astype(str).tolist() == ["Protecting the public"]
    assert loaded.report.rejected == [
        {"row": 3, "reason": "question 'Q99' is not in the question bank"}
    ]


def test_question_bank_file_is_recognised_and_checked(tmp_path):
    path = write(tmp_path, "bank.csv", BANK + "Q1,Reviewing,Again\n,Planning,No id\n")
    loaded = load(path)
    assert loaded.kind == "question-bank"
    assert loaded.data["question_id"].tolist() == ["Q1", "Q2", "Q10"]
    assert [r["row"] for r in loaded.report.rejected] == [5, 6]


@pytest.mark.parametrize(
    ("service", "audit", "date", "case_ref", "comment"),
    [
        ("service", "audit", "date", "case_ref", "comment"),
        ("YOS", "audit round", "date of audit", "case reference", "comments"),
        ("YOT", "Round", "Audit date", "Case ref", "Comments"),
        ("YJS", "Period", "date", "Case ID", "comment"),
        ("Service name", "round", "date", "case id", "comments"),
        ("la_name", "period", "DATE", "CASE_REF", "COMMENTS"),
    ],
)
def test_audit_header_aliases(tmp_path, service, audit, date, case_ref, comment):
    header = f"{service},{audit},{date},{case_ref},Theme,Question,Answer,Auditor,{comment}"
    text = header + "\nS,R1,01/02/2013,SYN-1,Planning,Q1,Yes,A,noted\n"
    data = load(write(tmp_path, "long.csv", text), kind="audit").data
    assert data.astype(str).iloc[0].tolist() == ["S", "R1", "2013-02-01", "SYN-1", "Planning",
                                                  "Q1", "Yes", "A", "noted"]


def test_file_that_is_no_audit_at_all_says_what_is_missing(tmp_path):
    path = write(tmp_path, "x.csv", "la_name,score_%,overall_rating,assessment\nA,50,Good,Good\n")
    with pytest.raises(InputError, match="not an audit file"):
        load(path, kind="audit")
