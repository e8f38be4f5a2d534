"""Files as analysts have them: workbooks, title lines above the header, form exports, dates
whose order is decided per column, statistical shorthand, several answers in one cell and
spreadsheet errors — for every kind of input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from yosanalysis.clean import InputOptions, load
from yosanalysis.cli import main
from yosanalysis.errors import InputError

BANK = "question_id,theme,question\nQ1,Assessment,Plan?\nQ2,Planning,Safe?\n"
QUESTIONS = ["Q1. Plan?", "Q2. Safe?"]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook with the given rows per sheet (None is an empty cell), written by openpyxl."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# -- workbooks ----------------------------------------------------------------------------------
def test_a_workbook_is_cleaned_as_csv_with_rows_numbered_as_excel_shows(tmp_path):
    rows = [["Westmere audit, autumn 2025", None, None, None, None, None],
            [None, None, None, None, None, None],
            ["Service", "Audit round", "Date of audit", "Case reference", *QUESTIONS],
            ["Westmere", "2025 Q3", dt.datetime(2025, 9, 3), "WM-1", "Yes", "No"],
            ["Westmere", "2025 Q3", "not yet", "WM-2", "Yes", "Yes"]]
    path = workbook(tmp_path / "audit.xlsx", {"Cases": rows})
    write(tmp_path, "question-bank.csv", BANK)
    loaded = load(path, kind="audit")
    # a date cell is a date: 3 September, never read again as text
    assert loaded.data["date"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2025-09-03"]
    assert loaded.report.rejected == [
        {"row": 5, "reason": "Date of audit 'not yet' is not a date (day first, e.g. "
                             "25/11/2013, 25/11/13, 2013-11-25 or 25 November 2013)"}]
    assert loaded.report.where.endswith("audit.xlsx, sheet 'Cases'")
    assert any("header found on row 3" in n for n in loaded.report.notes)


def test_a_workbook_sheet_is_chosen_by_name_or_the_first_with_data(tmp_path, capsys):
    scores = [["Service", "Inspection", "Framework", "Date", "Theme", "Score", "Cases"],
              ["Westmere", "SQS 2014", "SQS", dt.date(2014, 4, 5), "Protecting the public",
               0.85, 1085]]
    other = [["Service", "Inspection", "Framework", "Date", "Theme", "Score"],
             ["Eastholt", "SQS 2014", "SQS", "12/05/2014", "Protecting the public", 70]]
    path = workbook(tmp_path / "scores.xlsx", {"Notes": [], "Scores": scores, "Other": other})
    loaded = load(path)
    assert loaded.report.sheet == "Scores"
    assert loaded.data[["service", "score", "cases"]].to_numpy().tolist() == [
        ["Westmere", 85.0, 1085]]
    assert any("the first with data" in n and "'Other'" in n for n in loaded.report.notes)
    assert load(path, sheet="Other").data["service"].tolist() == ["Eastholt"]
    assert main(["validate", str(path), "--sheet", "Other", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sheet"] == "Other"
    with pytest.raises(InputError, match="has no sheet 'Missing'; its sheets: 'Notes', "
                                         "'Scores', 'Other'"):
        load(path, sheet="Missing")


def test_an_ods_workbook_and_an_xlsm_are_read(tmp_path):
    frame = pd.DataFrame({"id": ["R1"], "recommendation": ["Review plans"],
                          "questions": ["Q1"], "target": [80],
                          "due": [pd.Timestamp("2014-12-31")]})
    frame.to_excel(str(tmp_path / "recs.ods"), index=False, sheet_name="Recs", engine="odf")
    ods = load(tmp_path / "recs.ods")
    assert ods.kind == "recommendations" and ods.report.sheet == "Recs"
    assert ods.data["due"].dt.strftime("%Y-%m-%d").tolist() == ["2014-12-31"]
    frame.to_excel(tmp_path / "recs.xlsx", index=False)
    (tmp_path / "recs.xlsx").rename(tmp_path / "recs.xlsm")
    assert load(tmp_path / "recs.xlsm").data["target"].tolist() == [80.0]


def test_a_file_that_is_not_what_its_name_says_is_refused(tmp_path):
    text = write(tmp_path, "scores.xlsx", "Service,Score\nA,1\n")
    with pytest.raises(InputError, match=r"is named \.xlsx but is not a workbook"):
        load(text)
    book = workbook(tmp_path / "real.xlsx", {"S": [["Service"], ["A"]]})
    renamed = tmp_path / "real.csv"
    renamed.write_bytes(book.read_bytes())
    with pytest.raises(InputError, match=r"not CSV text: if it is a workbook, name it \.xlsx"):
        load(renamed)
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(InputError, match=r"old Excel .* or password-protected"):
        load(old)


def test_a_workbook_that_unpacks_too_large_is_refused_with_one_message(tmp_path, monkeypatch):
    import zipfile

    from yosanalysis import workbook as wb

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 3_000_000)  # 3 MB of zeros
    monkeypatch.setattr(wb, "MAX_UNPACKED_MB", 2)
    with pytest.raises(InputError, match="compressed or oversized workbook"):
        load(path)


# -- where the table starts ---------------------------------------------------------------------
def test_a_merged_group_row_above_the_questions_is_skipped(tmp_path):
    rows = [[None, None, None, None, "Assessment", None],
            ["Service", "Audit round", "Date of audit", "Case reference", *QUESTIONS],
            ["Westmere", "2025 Q3", "02/09/2025", "WM-1", "Yes", "No"]]
    path = workbook(tmp_path / "audit.xlsx", {"A": rows})
    bank = write(tmp_path, "bank.csv", BANK)
    loaded = load(path, questions=bank)
    assert loaded.data["answer"].astype(str).tolist() == ["Yes", "No"]
    assert any("header found on row 2" in n and "'Assessment'" in n
               for n in loaded.report.notes)
    csv = write(tmp_path, "audit.csv", ",,,,Assessment,\nService,Audit round,Date of audit,"
                "Case reference,Q1. Plan?,Q2. Safe?\nWestmere,2025 Q3,02/09/2025,WM-1,Yes,No\n")
    assert load(csv, questions=bank).data["answer"].astype(str).tolist() == ["Yes", "No"]


def test_title_lines_above_a_recommendations_table(tmp_path):
    path = write(tmp_path, "recs.csv", "Recommendations from the 2014 inspection\n\n"
                 "id,recommendation,questions,target\nR1,Review plans,Q1,80\n")
    loaded = load(path)
    assert loaded.kind == "recommendations" and loaded.data["id"].tolist() == ["R1"]
    assert loaded.rejected_rows().empty


# -- dates: the order decided per column ---------------------------------------------------------
INSPECTION = "Service,Inspection,Framework,Date,Theme,Score\n"


def scores(dates: list[str]) -> str:
    themes = ["Protecting the public", "Reducing the likelihood of reoffending",
              "Protecting the child or young person", "Overall"]
    return INSPECTION + "".join(f"S{i},SQS,SQS,{d},{themes[0]},80\n"
                                for i, d in enumerate(dates))


def test_a_month_first_column_is_read_month_first_with_one_warning(tmp_path):
    loaded = load(write(tmp_path, "s.csv", scores(["11/25/2013", "12/01/2013"])))
    assert loaded.data["date"].dt.strftime("%Y-%m-%d").tolist() == ["2013-11-25", "2013-12-01"]
    (warning,) = loaded.report.warnings
    assert warning["column"] == "Date" and "read month-first" in warning["message"]
    assert "'11/25/2013'" in warning["message"]


def test_a_day_first_column_stays_day_first_without_a_warning(tmp_path):
    loaded = load(write(tmp_path, "s.csv", scores(["25/11/2013", "01/12/2013"])))
    assert loaded.data["date"].dt.strftime("%Y-%m-%d").tolist() == ["2013-11-25", "2013-12-01"]
    assert loaded.report.warnings == []


def test_an_ambiguous_column_is_day_first_unless_a_form_tool_wrote_it(tmp_path):
    loaded = load(write(tmp_path, "s.csv", scores(["01/12/2013", "03/11/2013"])))
    assert loaded.data["date"].dt.strftime("%Y-%m-%d").tolist() == ["2013-12-01", "2013-11-03"]
    form = ("ID,Start time,Completion time,Email,Name,Service,Audit round,Case reference,"
            "Q1. Plan?,Q2. Safe?\n"
            "1,9/3/25 09:02:11,9/3/25 09:10:55,a@x.org,Alex Example,W,2025 Q3,WM-1,Yes,No\n"
            "2,9/10/25 14:40:00,9/10/25 14:47:19,b@x.org,Sam Sample,W,2025 Q3,WM-2,No,No\n")
    path = write(tmp_path, "form.csv", form)
    bank = write(tmp_path, "bank.csv", BANK)
    with pytest.raises(InputError) as refused:
        load(path, questions=bank)
    message = str(refused.value)
    assert "column 'Completion time' fits both orders" in message
    assert "9 March 2025 read day-first or 3 September 2025 read month-first" in message
    told = load(path, questions=bank, options=InputOptions(dates="month-first"))
    assert told.data["date"].dt.strftime("%Y-%m-%d").unique().tolist() == [
        "2025-09-03", "2025-09-10"]
    assert main(["validate", str(path), "--questions", str(bank), "--dates", "month-first"]) == 0


def test_month_first_due_dates_and_ratings_dates(tmp_path):
    recs = load(write(tmp_path, "r.csv", "id,recommendation,questions,target,due\n"
                      "R1,Review,Q1,80,12/31/2014\nR2,Plan,Q2,80,03/01/2015\n"))
    assert recs.data["due"].dt.strftime("%Y-%m-%d").tolist() == ["2014-12-31", "2015-03-01"]
    assert any("month-first" in w["message"] for w in recs.report.warnings)
    ratings = load(write(tmp_path, "h.csv", "la_name,score_%,overall_rating,publication_date,"
                         "assessment,planning,reviewing\n"
                         "Westmere,50,Good,02/18/25,Good,Good,Good\n"), kind="hmip-ratings")
    assert ratings.data["date"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2025-02-18"]


def test_excel_serial_due_date_in_csv_is_converted_with_a_warning(tmp_path):
    recs = load(write(tmp_path, "r.csv", "id,recommendation,questions,target,due\n"
                      "R1,Review,Q1,80,42004\n"))
    assert recs.data["due"].dt.strftime("%Y-%m-%d").tolist() == ["2014-12-31"]
    assert [w["message"] for w in recs.report.warnings] == [
        "an Excel serial date: read as 2014-12-31"]


# -- numbers --------------------------------------------------------------------------------------
def test_thousands_separators_in_counts_and_markers_in_an_inspection(tmp_path):
    text = (INSPECTION.strip() + ",Cases\n"
            "A,SQS,SQS,25/11/2013,Protecting the public,80 [p],\"1,085\"\n"
            "B,SQS,SQS,25/11/2013,Protecting the public,[u],<10\n")
    loaded = load(write(tmp_path, "s.csv", text))
    data = loaded.data.set_index("service")
    assert data.loc["A", "score"] == 80.0 and data.loc["A", "cases"] == 1085
    assert pd.isna(data.loc["B", "score"]) and pd.isna(data.loc["B", "cases"])
    assert [(m["row"], m["marker"], m["withheld"]) for m in loaded.report.markers] == [
        (2, "[p]", False), (3, "[u]", True), (3, "<10", True)]
    assert loaded.report.rows_rejected == 0


def test_a_thousands_target_is_rejected_with_the_reason(tmp_path):
    recs = load(write(tmp_path, "r.csv", "id,recommendation,questions,target\n"
                      'R1,Review,Q1,"1,085"\n'))
    assert recs.report.rejected == [{"row": 2, "reason": "target '1,085' is outside 0-100"}]


# -- answers --------------------------------------------------------------------------------------
LONG = "service,audit,date,case_ref,theme,question,answer\n"


def test_long_form_several_answers_and_spreadsheet_errors_are_rejected_rows(tmp_path):
    text = LONG + ("W,R1,01/02/2013,C1,Assessment,Q1,Yes;\n"
                   "W,R1,01/02/2013,C1,Planning,Q2,\"Yes, No\"\n"
                   "W,R1,01/02/2013,C2,Assessment,Q1,#N/A\n"
                   "W,R1,01/02/2013,C2,Planning,Q2,n/a\n")
    loaded = load(write(tmp_path, "long.csv", text), kind="audit")
    assert loaded.data["answer"].astype(str).tolist() == ["Yes", "N/A"]
    reasons = {r["row"]: r["reason"] for r in loaded.report.rejected}
    assert reasons[3].startswith("answer 'Yes, No': holds several answers (Yes, No)")
    assert reasons[4].startswith("answer '#N/A': spreadsheet error #N/A")
    assert [(e["row"], e["value"]) for e in loaded.report.errors] == [(4, "#N/A")]


# -- form exports ---------------------------------------------------------------------------------
def test_a_form_export_with_no_service_column_takes_a_constant(tmp_path, capsys):
    # a UK-format export pads its date-times: day-first, as written
    form = ("ID,Timestamp,Responder,Audit round,Case reference,Q1. Plan?,Q2. Safe?,Extra\n"
            "1,02/09/2025 10:09:00,Alex Example,2025 Q3,WM-1,Yes,No,x\n")
    path = write(tmp_path, "form.csv", form)
    bank = write(tmp_path, "bank.csv", BANK)
    with pytest.raises(InputError, match="required column 'service'"):
        load(path, questions=bank)
    code = main(["validate", str(path), "--questions", str(bank), "--set", "service=Westmere",
                 "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["ignored_columns"] == ["ID", "Extra"]
    loaded = load(path, questions=bank, options=InputOptions(constants={"service": "Westmere"}))
    first = loaded.data.iloc[0]
    assert (first["service"], first["auditor"], first["date"].strftime("%Y-%m-%d")) == (
        "Westmere", "Alex Example", "2025-09-02")


def test_a_columns_map_reads_any_header_as_a_canonical_column(tmp_path):
    form = ("Team,Audit round,When,Case reference,Checked by (full name),Q1. Plan?\n"
            "Westmere,2025 Q3,02/09/2025,WM-1,Jo Specimen,Yes\n")
    path = write(tmp_path, "form.csv", form)
    bank = write(tmp_path, "bank.csv", BANK)
    options = InputOptions(columns={"Team": "service", "When": "date",
                                    "Checked by (full name)": "auditor"})
    loaded = load(path, questions=bank, options=options)
    assert loaded.data[["service", "auditor"]].astype(str).to_numpy().tolist() == [
        ["Westmere", "Jo Specimen"]]
    with pytest.raises(InputError, match="has no column 'Reviewer' to read as 'auditor'"):
        load(path, questions=bank, options=InputOptions(columns={"Reviewer": "auditor"}))


# -- ratings scrapes ------------------------------------------------------------------------------
def test_earlier_scrape_versions_split_and_misspelt_columns_and_broken_words(tmp_path):
    text = ("la_name,score_%,overall_rating,assessment,partners_hips_and_services,"
            "implementaton_and_delivery,reviewing_note\n"
            "Joint inspection of youth offending services in Hackney (JI),50,Good,Outstandng,"
            "Good,Requires improvment,Good\n")
    loaded = load(write(tmp_path, "ratings.csv", text), kind="hmip-ratings")
    data = loaded.data.set_index("theme")
    assert data.loc["1.3 Partnerships and services", "rating"] == "Good"
    assert data.loc["2.3 Implementation and delivery", "rating"] == "Requires improvement"
    assert data.loc["2.1 Assessment", "rating"] == "Outstanding"
    assert set(data["service"]) == {"Hackney"}
    assert set(data["inspection"]) == {"HMIP2018 (joint inspection)"}
    messages = [w["message"] for w in loaded.report.warnings]
    assert any("'implementaton_and_delivery' holds ratings and names no standard exactly: "
               "read as the standard '2.3 Implementation and delivery'" in m for m in messages)
    # a rating word in a column that names no standard is never dropped silently
    assert any("'reviewing_note' holds rating words but names no standard" in m
               for m in messages)
    assert "broken rating word 'Outstandng' read as 'Outstanding'" in messages


def test_theme_spellings_differing_by_punctuation_or_slash_are_matched(tmp_path):
    text = (INSPECTION + "W,SQS 2013,SQS,25/11/2013,REDUCING THE LIKELIHOOD OF RE-OFFENDING,91\n"
            "W,SQS 2013,SQS,25/11/2013,Protecting the child/young person,87\n")
    loaded = load(write(tmp_path, "s.csv", text))
    assert loaded.data["theme"].tolist() == ["Reducing the likelihood of reoffending",
                                             "Protecting the child or young person"]
