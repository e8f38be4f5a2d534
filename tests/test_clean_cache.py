"""The cache of cleaned files: an input is cleaned once, and a changed input (or question bank,
or cleaner) is never served from an old entry."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import yosanalysis.clean as clean
from yosanalysis.clean import cache, load

INSPECTION = ("Service,Inspection,Framework,Date,Theme,Score\n"
              "Northshire,SQS 2013,SQS,25/11/2013,Overall,91\n"
              "Northshire,SQS 2013,SQS,25/11/2013,Protecting the public,84\n")


@pytest.fixture
def inspection(tmp_path) -> Path:
    path = tmp_path / "inputs" / "scores.csv"
    path.parent.mkdir()
    path.write_text(INSPECTION, encoding="utf-8")
    return path


def no_cleaning(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("cleaned again")

    monkeypatch.setattr(clean, "_clean", refuse)


def test_a_file_is_cleaned_once_and_then_read_from_the_cache(tmp_path, inspection, monkeypatch):
    folder = tmp_path / "cache"
    first = load(inspection, kind="inspection", cache=folder)
    assert len(list(folder.glob("*/entry.json"))) == 1
    no_cleaning(monkeypatch)
    again = load(inspection, kind="inspection", cache=folder)
    pd.testing.assert_frame_equal(again.data, first.data)
    assert again.report.rows_kept == first.report.rows_kept == 2
    assert again.kind == "inspection"


def test_the_cached_copy_is_reported_as_read_from_the_path_given(tmp_path, inspection):
    folder = tmp_path / "cache"
    load(inspection, cache=folder)
    elsewhere = tmp_path / "copy.csv"
    shutil.copy(inspection, elsewhere)
    assert load(elsewhere, cache=folder).report.file == str(elsewhere)


def test_a_changed_file_is_cleaned_again(tmp_path, inspection):
    folder = tmp_path / "cache"
    assert load(inspection, cache=folder).data["score"].tolist() == [91.0, 84.0]
    inspection.write_text(INSPECTION.replace(",91\n", ",73\n"), encoding="utf-8")
    assert load(inspection, cache=folder).data["score"].tolist() == [73.0, 84.0]


def test_another_kind_asked_for_is_another_entry(tmp_path, inspection):
    folder = tmp_path / "cache"
    load(inspection, cache=folder)
    with pytest.raises(clean.InputError, match="required column"):
        load(inspection, kind="recommendations", cache=folder)


def test_a_changed_question_bank_is_cleaned_again(tmp_path, sample_dir):
    folder = tmp_path / "cache"
    audit = tmp_path / "audit.csv"
    bank = tmp_path / "bank.csv"
    shutil.copy(sample_dir / "synthetic-stockton-audit-2012-2014.csv", audit)
    shutil.copy(sample_dir / "synthetic-stockton-question-bank.csv", bank)
    before = load(audit, kind="audit", questions=bank, cache=folder).data
    q7 = before.loc[before["question"].astype(str).str.startswith("Q7"), "theme"].iloc[0]
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace(f"Q7,{q7}", "Q7,Ensuring that sentence is served")
                    if f"Q7,{q7}" in text else text, encoding="utf-8")
    assert bank.read_text(encoding="utf-8") != text, "the test must change Q7's theme"
    after = load(audit, kind="audit", questions=bank, cache=folder).data
    themes = after.loc[after["question"].astype(str).str.startswith("Q7"), "theme"]
    assert set(themes.astype(str)) == {"Ensuring that sentence is served"}


def test_a_damaged_entry_is_cleaned_again(tmp_path, inspection):
    folder = tmp_path / "cache"
    load(inspection, cache=folder)
    entry = next(folder.glob("*/entry.json")).parent
    (entry / "data.parquet").write_bytes(b"not a parquet file")
    assert load(inspection, cache=folder).report.rows_kept == 2


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path, inspection):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    assert load(inspection, cache=blocker / "cache").report.rows_kept == 2


def test_the_environment_names_the_analysts_own_folder(tmp_path, inspection, monkeypatch):
    """In JupyterLab an analyst may name a folder once; a report always names its own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    load(inspection, kind="inspection")
    assert len(list(folder.glob("*/entry.json"))) == 1


def test_a_cached_file_is_read_without_importing_the_cleaners(tmp_path, inspection):
    """What makes a notebook's kernel quick: its inputs come from the cache, so pandera and the
    cleaners are never imported there."""
    folder = tmp_path / "cache"
    load(inspection, cache=folder)
    probe = ("import sys, yosanalysis as yos; loaded = yos.load(sys.argv[1]); "
             "print(loaded.report.rows_kept, 'pandera' in sys.modules)")
    env = {**os.environ, cache.ENV: str(folder)}
    out = subprocess.run([sys.executable, "-c", probe, str(inspection)], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    assert out == ["2", "False"]
    env.pop(cache.ENV)
    out = subprocess.run([sys.executable, "-c", probe, str(inspection)], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    assert out == ["2", "True"]


def test_a_file_found_by_its_header_is_found_again_by_its_kind(tmp_path, inspection,
                                                               monkeypatch):
    folder = tmp_path / "cache"
    load(inspection, cache=folder)  # kind="auto"
    no_cleaning(monkeypatch)
    assert load(inspection, kind="inspection", cache=folder).kind == "inspection"


def test_a_changed_bank_lying_next_to_a_wide_export_is_cleaned_again(tmp_path, sample_dir):
    """With no bank given, `load` uses the one next to the export, whatever its name's case;
    a change to it must reach the cached table too."""
    folder = tmp_path / "cache"
    audit = tmp_path / "north-audit.csv"
    bank = tmp_path / "North-Question-Bank.csv"
    shutil.copy(sample_dir / "synthetic-stockton-audit-2012-2014.csv", audit)
    shutil.copy(sample_dir / "synthetic-stockton-question-bank.csv", bank)
    before = load(audit, kind="audit", cache=folder).data
    assert "Q1" in set(before["question"].astype(str).str.split(".").str[0])
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace("Q1,Reducing the likelihood of reoffending",
                                 "Q1,Protecting the public"), encoding="utf-8")
    after = load(audit, kind="audit", cache=folder).data
    q1 = after.loc[after["question"].astype(str).str.split(".").str[0] == "Q1", "theme"]
    assert set(q1.astype(str)) == {"Protecting the public"}


def test_a_file_saved_while_it_was_cleaned_is_not_kept(tmp_path, inspection, monkeypatch):
    folder = tmp_path / "cache"
    real = clean._clean

    def saved_meanwhile(path, kind, questions, *options):
        loaded = real(path, kind, questions, *options)
        inspection.write_text(INSPECTION.replace(",91\n", ",73\n"), encoding="utf-8")
        return loaded

    monkeypatch.setattr(clean, "_clean", saved_meanwhile)
    load(inspection, kind="inspection", cache=folder)
    assert list(folder.glob("*/entry.json")) == []
    monkeypatch.setattr(clean, "_clean", real)
    assert load(inspection, kind="inspection", cache=folder).data["score"].tolist() == [73.0, 84.0]


def test_an_entry_found_by_kind_says_the_kind_was_given(tmp_path, inspection):
    folder = tmp_path / "cache"
    assert load(inspection, cache=folder).report.kind_detected
    assert not load(inspection, kind="inspection", cache=folder).report.kind_detected


def test_two_exports_alike_but_for_their_names_each_get_their_own_bank(tmp_path, sample_dir):
    """With several banks next to them, `load` chooses by the export's name, so the name is part
    of the entry: the same bytes under another name are not served the other's table."""
    folder = tmp_path / "cache"
    text = (sample_dir / "synthetic-stockton-question-bank.csv").read_text(encoding="utf-8")
    for area, theme in (("north", "Reducing the likelihood of reoffending"),
                        ("south", "Protecting the public")):
        shutil.copy(sample_dir / "synthetic-stockton-audit-2012-2014.csv",
                    tmp_path / f"{area}-audit.csv")
        (tmp_path / f"{area}-question-bank.csv").write_text(
            text.replace("Q1,Reducing the likelihood of reoffending", f"Q1,{theme}"),
            encoding="utf-8")
    for area, theme in (("north", "Reducing the likelihood of reoffending"),
                        ("south", "Protecting the public")):
        data = load(tmp_path / f"{area}-audit.csv", kind="audit", cache=folder).data
        q1 = data.loc[data["question"].astype(str).str.split(".").str[0] == "Q1", "theme"]
        assert set(q1.astype(str)) == {theme}, area


def test_a_planted_entry_cannot_run_code(tmp_path, inspection):
    """Issue #16: a pickle planted where an entry is (under any name) is never loaded, and a
    planted Parquet entry is only data."""
    import pickle

    folder = tmp_path / "cache"
    load(inspection, kind="inspection", cache=folder)
    entry = next(folder.glob("*/entry.json")).parent
    ran = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (Path.write_text, (ran, "code ran"))

    for name in ("data.parquet", "entry.json", "questions.parquet"):
        (entry / name).write_bytes(pickle.dumps(Payload()))
    (folder / f"{entry.name}.pickle").write_bytes(pickle.dumps(Payload()))
    again = load(inspection, kind="inspection", cache=folder)
    assert not ran.exists()
    assert again.data["score"].tolist() == [91.0, 84.0]


def test_the_cache_folder_is_private_and_one_others_can_write_is_not_used(tmp_path, inspection,
                                                                          monkeypatch, caplog):
    folder = tmp_path / "cache"
    load(inspection, kind="inspection", cache=folder)
    assert folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o777)
    no_cleaning(monkeypatch)
    with pytest.raises(AssertionError, match="cleaned again"):
        load(inspection, kind="inspection", cache=folder)
    assert "can be written by other users" in caplog.text


def test_a_cached_audit_is_the_table_cleaned_afresh(tmp_path, sample_dir):
    """Parquet keeps every column's type: categories, dates, missing values."""
    folder = tmp_path / "cache"
    audit = sample_dir / "synthetic-stockton-audit-2012-2014.csv"
    bank = sample_dir / "synthetic-stockton-question-bank.csv"
    first = load(audit, kind="audit", questions=bank, cache=folder)
    assert len(list(folder.glob("*/entry.json"))) == 1
    again = load(audit, kind="audit", questions=bank, cache=folder)
    pd.testing.assert_frame_equal(again.data, first.data)
    pd.testing.assert_frame_equal(again.questions, first.questions)
    pd.testing.assert_frame_equal(again.rejected_rows(), first.rejected_rows())
    assert again.report.to_dict() == first.report.to_dict()
