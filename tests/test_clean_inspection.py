"""Inspection files: the canonical table, and every kind of bad row rejected with its reason."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import yosanalysis
from yosanalysis.clean import detect_kind, load
from yosanalysis.errors import InputError

CANONICAL = ["service", "inspection", "framework", "date", "theme", "item", "score", "rating",
             "points", "cases"]
HEADER = "Service,Inspection,Framework,Date,Theme,Item,Score,Rating,Points,Cases\n"


def write(folder: Path, text: str, name: str = "scores.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def reasons(loaded) -> dict[int, str]:
    return {r["row"]: r["reason"] for r in loaded.report.rejected}


def test_messy_headers_and_values_clean_into_the_canonical_table(tmp_path):
    text = (
        " YOT ;Inspection;Inspection framework;Date published;THEME;Criterion;Score (%);"
        "Judgement;Cases\n"
        "Stockton-on-Tees;SQS 2013;Short Quality Screening;25/11/2013;"
        "protecting the  PUBLIC;Risk of harm;85 %;good;20\n"
        "  Stockton-on-Tees ;SQS 2013;sqs;25 November 2013;Reducing reoffending;;91;;\n"
    )
    loaded = load(write(tmp_path, text), kind="inspection")
    data = loaded.data
    assert list(data.columns) == CANONICAL
    assert data["service"].tolist() == ["Stockton-on-Tees", "Stockton-on-Tees"]
    assert data["framework"].tolist() == ["SQS", "SQS"]
    assert data["theme"].tolist() == ["Protecting the public",
                                      "Reducing the likelihood of reoffending"]
    assert data["item"].tolist()[0] == "Risk of harm" and pd.isna(data["item"].iloc[1])
    assert data["score"].tolist() == [85.0, 91.0]
    assert data["rating"].iloc[0] == "Good"
    assert data["date"].tolist() == [pd.Timestamp("2013-11-25")] * 2
    assert str(data["date"].dtype).startswith("datetime64")
    assert str(data["cases"].dtype) == "Int64"
    assert data["cases"].iloc[0] == 20 and pd.isna(data["cases"].iloc[1])
    assert data["score"].dtype == "float64" and data["points"].dtype == "float64"
    assert loaded.report.rows_read == 2 and loaded.report.rows_kept == 2


def test_item_column_is_optional_and_theme_level_rows_allowed(tmp_path):
    text = ("service,inspection,framework,date,theme,score\n"
            "Stockton,SQS 2013,SQS,25/11/2013,Protecting the public,91\n"
            "Stockton,SQS 2013,SQS,25/11/2013,Overall,91\n")
    loaded = load(write(tmp_path, text))
    assert loaded.kind == "inspection"
    assert loaded.data["item"].isna().all()
    assert loaded.data["theme"].tolist() == ["Protecting the public", "Overall"]


def test_percentage_over_100_is_rejected_with_its_row_number(tmp_path):
    text = (HEADER + "Stockton,SQS 2013,SQS,25/11/2013,Protecting the public,a,80,,,\n"
            "\n"  # a blank line: the next row is still counted as in the file
            "Stockton,SQS 2013,SQS,25/11/2013,Protecting the public,b,120,,,\n")
    loaded = load(write(tmp_path, text))
    assert reasons(loaded) == {4: "Score '120' is outside 0-100"}
    assert loaded.data["item"].tolist() == ["a"]
    assert loaded.report.rows_read == 2
    assert loaded.report.rows_read == loaded.report.rows_kept + loaded.report.rows_rejected


def test_fractions_column_read_as_percentages_with_a_warning(tmp_path):
    text = (HEADER + "S,SQS 2013,SQS,25/11/2013,Protecting the public,a,0.85,,,\n"
            "S,SQS 2013,SQS,25/11/2013,Protecting the public,b,1,,,\n")
    loaded = load(write(tmp_path, text))
    assert loaded.data["score"].tolist() == [85.0, 100.0]
    assert any("fractions" in w["message"] for w in loaded.report.warnings)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("S,SQS 2013,SQS,25/11/2013,Voice of the child,a,80,,,", "'Voice of the child' is not "
                                                                  "a theme of SQS"),
        ("S,SQS 2013,XYZ,25/11/2013,Protecting the public,a,80,,,", "Framework 'XYZ' is not a "
                                                                    "known framework"),
        (",SQS 2013,SQS,25/11/2013,Protecting the public,a,80,,,", "Service is blank"),
        ("S,,SQS,25/11/2013,Protecting the public,a,80,,,", "Inspection is blank"),
        ("S,SQS 2013,SQS,,Protecting the public,a,80,,,", "Date is blank"),
        ("S,SQS 2013,SQS,25/11/2013,,a,80,,,", "Theme is blank"),
        ("S,SQS 2013,SQS,11/25/2013,Protecting the public,a,80,,,", "Date '11/25/2013' is not "
                                                                    "a date"),
        ("S,SQS 2013,SQS,25/11/2013,Protecting the public,a,eighty,,,", "Score 'eighty' is not "
                                                                        "a percentage"),
        ("S,SQS 2013,SQS,25/11/2013,Protecting the public,a,-5,,,", "Score '-5' is outside "
                                                                    "0-100"),
        ("S,HMIP 2018,HMIP2018,25/11/2021,Planning,,,Good,4,", "Points '4' is outside"),
        ("S,SQS 2013,SQS,25/11/2013,Protecting the public,a,80,,,2.5", "Cases '2.5' is not a "
                                                                       "whole number"),
    ],
)
def test_bad_rows_are_rejected_with_a_reason(tmp_path, row, reason):
    text = HEADER + "S,SQS 2013,SQS,25/11/2013,Protecting the public,ok,80,,,\n" + row + "\n"
    loaded = load(write(tmp_path, text))
    assert list(reasons(loaded)) == [3]
    assert reason in reasons(loaded)[3]
    assert loaded.data["item"].tolist() == ["ok"]


def test_unknown_rating_is_kept_as_missing_with_a_warning(tmp_path):
    text = HEADER + "S,SQS 2013,SQS,25/11/2013,Protecting the public,a,80,Goood,,\n"
    loaded = load(write(tmp_path, text))
    assert loaded.report.rows_rejected == 0
    assert pd.isna(loaded.data["rating"].iloc[0])
    (warning,) = loaded.report.warnings
    assert (warning["row"], warning["column"], warning["value"]) == (2, "Rating", "Goood")


def test_hmip_2018_points_and_ratings(tmp_path):
    text = (HEADER + "S,HMIP 2022,HMIP 2018,01/03/2022,outofcourt disposal policy & provision"
            ",,,requires improvement,1,\n"
            "S,HMIP 2022,HMIP2018,01/03/2022,Overall,,61.11,good,22,\n")
    data = load(write(tmp_path, text)).data
    assert data["theme"].tolist() == ["3.4 Out-of-court disposal policy and provision",
                                      "Overall"]
    assert data["rating"].tolist() == ["Requires improvement", "Good"]
    assert data["points"].tolist() == [1.0, 22.0]


def test_repeated_row_is_rejected_naming_the_first(tmp_path):
    row = "S,SQS 2013,SQS,25/11/2013,Protecting the public,a,80,,,\n"
    loaded = load(write(tmp_path, HEADER + row + row))
    assert reasons(loaded) == {3: "repeats row 2 (same service, inspection, theme and item)"}


def test_required_column_missing_is_an_input_error_naming_it(tmp_path):
    text = "Service,Inspection,Date,Theme,Score\nS,SQS 2013,25/11/2013,Overall,91\n"
    with pytest.raises(InputError, match="'framework'"):
        load(write(tmp_path, text), kind="inspection")


def test_windows_1252_inspection_file(tmp_path):
    text = HEADER + "Ynys Môn’s YJS,SQS 2013,SQS,25/11/2013,Overall,Cost £5,80,,,\n"
    data = load(write(tmp_path, text, encoding="cp1252")).data
    assert data["service"].iloc[0] == "Ynys Môn’s YJS"
    assert data["item"].iloc[0] == "Cost £5"


def test_row_without_any_measure_is_kept_with_a_warning(tmp_path):
    loaded = load(write(tmp_path, HEADER + "S,SQS 2013,SQS,25/11/2013,Overall,,,,,\n"))
    assert loaded.report.rows_kept == 1
    assert "carries no measure" in loaded.report.warnings[0]["message"]


def test_detect_kind_and_top_level_load(tmp_path):
    text = HEADER + "S,SQS 2013,SQS,25/11/2013,Overall,,91,,,\n"
    assert detect_kind(HEADER.strip().split(",")) == "inspection"
    loaded = yosanalysis.load(write(tmp_path, text))
    assert loaded.kind == "inspection" and loaded.report.kind_detected
    assert loaded.data["score"].tolist() == [91.0]


@pytest.mark.parametrize("item", ["Item", "question", "Criterion", "SECTION"])
def test_item_header_aliases(tmp_path, item):
    text = (f"Service,Inspection,Framework,Date,Theme,{item},Score\n"
            "S,SQS 2013,SQS,25/11/2013,Overall,Risk of harm,80\n")
    assert load(write(tmp_path, text)).data["item"].tolist() == ["Risk of harm"]


def test_schema_failures_become_rejected_rows_named_by_file_row():
    from yosanalysis.clean.schemas import validate_table

    frame = pd.DataFrame(
        {
            "service": ["S", "S"], "inspection": ["I", "I"], "framework": ["SQS", "XYZ"],
            "date": pd.to_datetime(["2013-11-25", "2013-11-25"]).astype("datetime64[ns]"),
            "theme": ["Overall", "Overall 2"], "item": pd.Series([None, None], dtype="str"),
            "score": [80.0, 120.0], "rating": pd.Series([None, None], dtype="str"),
            "points": [None, None], "cases": pd.array([None, None], dtype="Int64"),
        }
    ).astype({"points": "float64"})
    reasons = validate_table(frame, "inspection", pd.Series([7, 9]))
    assert list(reasons.index) == [9]
    assert "framework 'XYZ'" in reasons[9] and "score '120.0'" in reasons[9]


def test_schema_failure_not_about_a_row_is_a_bug():
    from yosanalysis.clean.schemas import validate_table

    with pytest.raises(RuntimeError, match="bug"):
        validate_table(pd.DataFrame({"id": ["R1"]}), "recommendations", pd.Series([2]))


def test_a_date_pandas_cannot_hold_is_rejected_not_a_crash(tmp_path):
    from yosanalysis import load

    path = tmp_path / "old.csv"
    path.write_text("service,inspection,framework,date,theme,item,score\n"
                    "X,SQS 2013,SQS,09/09/1399,Protecting the public,a,80\n"
                    "X,SQS 2013,SQS,09/09/2013,Protecting the public,b,80\n", encoding="utf-8")
    loaded = load(path, kind="inspection")
    assert (loaded.report.rows_kept, loaded.report.rows_rejected) == (1, 1)
    assert loaded.report.rejected[0]["row"] == 2
    assert "'09/09/1399' is not a date" in loaded.report.rejected[0]["reason"]
