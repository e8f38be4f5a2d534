"""`yosanalysis validate` and `yosanalysis clean`: reports, exit codes, files written, inputs
never touched."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from yosanalysis.cli import main

INSPECTION = (
    "Service,Inspection,Framework,Date,Theme,Item,Score (%)\n"
    "Stockton-on-Tees,SQS 2013,SQS,25/11/2013,Protecting the public,Risk of harm,85\n"
    "Stockton-on-Tees,SQS 2013,SQS,25/11/2013,Protecting the child,Vulnerability,80\n"
)
BAD_SCORE = INSPECTION + "Stockton-on-Tees,SQS 2013,SQS,25/11/2013,Overall,,191\n"
BANK = "question_id,theme,question\nQ1,Planning,Plan?\nQ10,Reviewing,Reviewed?\n"
AUDIT = (
    "YOS;Audit round;Date of audit;Case ref;Q1. Plan?;Q10) Reviewed?\n"
    "Stockton;2013 Q3;01/02/2013;SYN-0001;Yes;N/A\n"
    "Stockton;2013 Q3;01/02/2013;SYN-0002;maybe;\n"
    "Stockton;2013 Q3;31/02/2013;SYN-0003;Yes;Yes\n"
)
JSON_KEYS = ["file", "kind", "rows_read", "rows_kept", "rows_rejected", "rejected", "warnings",
             "errors", "markers", "ignored_columns", "notes", "sheet"]


def write(folder: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_good_file_exits_0_and_says_which_kind_it_chose(tmp_path, capsys):
    path = write(tmp_path, "scores.csv", INSPECTION)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 0
    assert "kind: inspection, recognised from the header" in out
    assert "rows read 2, kept 2, rejected 0" in out
    assert err == ""


def test_validate_with_kind_given_does_not_claim_to_recognise(tmp_path, capsys):
    path = write(tmp_path, "scores.csv", INSPECTION)
    code, out, _ = run(capsys, "validate", str(path), "--kind", "inspection")
    assert code == 0
    assert "(kind: inspection)" in out and "recognised" not in out


def test_validate_rejected_row_exits_1_naming_the_row(tmp_path, capsys):
    path = write(tmp_path, "scores.csv", BAD_SCORE)
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert "row 4: Score (%) '191' is outside 0-100" in out


def test_validate_json_keys_and_content(tmp_path, capsys):
    write(tmp_path, "bank.csv", BANK)
    audit = write(tmp_path, "audit.csv", AUDIT)
    scores = write(tmp_path, "scores.csv", BAD_SCORE)
    code, out, _ = run(capsys, "validate", str(audit), str(scores), "--json",
                       "--questions", str(tmp_path / "bank.csv"))
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert list(first) == JSON_KEYS and list(second) == JSON_KEYS
    assert first["file"] == str(audit) and first["kind"] == "audit"
    assert (first["rows_read"], first["rows_kept"], first["rows_rejected"]) == (3, 2, 1)
    assert [list(r) for r in first["rejected"]] == [["row", "reason"]]
    assert first["rejected"][0]["row"] == 4
    assert "'31/02/2013' is not a date" in first["rejected"][0]["reason"]
    (warning,) = first["warnings"]
    assert list(warning) == ["row", "column", "value", "message"]
    assert (warning["row"], warning["column"], warning["value"]) == (3, "Q1. Plan?", "maybe")
    assert second["rejected"] == [{"row": 4, "reason": "Score (%) '191' is outside 0-100"}]


def test_required_column_missing_exits_2_naming_it(tmp_path, capsys):
    path = write(tmp_path, "scores.csv", "Service,Inspection,Date,Theme,Score\n"
                                         "S,SQS 2013,25/11/2013,Overall,91\n")
    code, out, err = run(capsys, "validate", str(path), "--kind", "inspection")
    assert code == 2
    assert err.startswith("yosanalysis validate: error: ")
    assert str(path) in err and "'framework'" in err
    assert "Traceback" not in err and out == ""


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "is empty"),
        (b"Service,Inspection,Framework,Date,Theme\n", "has a header but no rows of data"),
        (b"\x00\x01\x02binary\x00\xff", "binary data"),
    ],
)
def test_unusable_file_exits_2_without_traceback(tmp_path, capsys, data, problem):
    path = write(tmp_path, "bad.csv", data)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"yosanalysis validate: error: {path}: ")
    assert problem in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_several_files_one_unusable_reports_the_good_ones_and_exits_2(tmp_path, capsys):
    good = write(tmp_path, "scores.csv", INSPECTION)
    bad = write(tmp_path, "empty.csv", b"")
    code, out, err = run(capsys, "validate", str(bad), str(good), "--json")
    assert code == 2
    assert json.loads(out)["file"] == str(good)
    assert f"{bad}: is empty" in err


def test_unrecognised_header_asks_for_kind(tmp_path, capsys):
    path = write(tmp_path, "odd.csv", "a,b\n1,2\n")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2 and "--kind" in err


def test_clean_writes_canonical_and_rejected_files(tmp_path, capsys):
    write(tmp_path / "in", "bank.csv", BANK)
    audit = write(tmp_path / "in", "audit.csv", AUDIT)
    out_dir = tmp_path / "out"
    code, out, _ = run(capsys, "clean", str(audit), "--kind", "audit",
                       "--questions", str(tmp_path / "in" / "bank.csv"), "--out", str(out_dir))
    assert code == 1
    assert sorted(p.name for p in out_dir.iterdir()) == ["audit.clean.csv",
                                                         "audit.rejected.csv"]
    with (out_dir / "audit.clean.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["service", "audit", "date", "case_ref", "theme", "question",
                             "answer", "auditor", "comment"]
    assert {r["date"] for r in rows} == {"2013-02-01"}
    assert [(r["case_ref"], r["question"], r["answer"]) for r in rows] == [
        ("SYN-0001", "Q1", "Yes"), ("SYN-0001", "Q10", "N/A"), ("SYN-0002", "Q10", ""),
    ]
    with (out_dir / "audit.rejected.csv").open(encoding="utf-8", newline="") as handle:
        rejected = list(csv.DictReader(handle))
    assert list(rejected[0]) == ["row", "YOS", "Audit round", "Date of audit", "Case ref",
                                 "Q1. Plan?", "Q10) Reviewed?", "reason"]
    assert rejected[0]["row"] == "4" and rejected[0]["Date of audit"] == "31/02/2013"
    assert "is not a date" in rejected[0]["reason"]
    assert "rows read 3, kept 2, rejected 1" in out
    assert "audit.clean.csv" in out


def test_clean_inspection_all_kept_exits_0(tmp_path, capsys):
    path = write(tmp_path / "in", "scores.csv", INSPECTION)
    code, _, _ = run(capsys, "clean", str(path), "--kind", "inspection",
                     "--out", str(tmp_path / "out"))
    assert code == 0
    text = (tmp_path / "out" / "scores.clean.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ("service,inspection,framework,date,theme,item,score,rating,"
                                    "points,cases")
    assert "2013-11-25" in text
    rejected = (tmp_path / "out" / "scores.rejected.csv").read_text(encoding="utf-8")
    assert rejected.splitlines() == [
        "row,Service,Inspection,Framework,Date,Theme,Item,Score (%),reason"
    ]


def test_clean_refuses_to_write_next_to_its_input(tmp_path, capsys):
    path = write(tmp_path, "scores.csv", INSPECTION)
    code, _, err = run(capsys, "clean", str(path), "--out", str(tmp_path))
    assert code == 2 and "--out" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.csv"]
    code, _, err = run(capsys, "clean", str(path), "--out", str(path))
    assert code == 2 and "Traceback" not in err


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_no_command_changes_any_input(tmp_path, capsys):
    inputs = tmp_path / "in"
    files = [
        write(inputs, "bank.csv", BANK),
        write(inputs, "audit.csv", AUDIT, encoding="cp1252"),
        write(inputs, "scores.csv", BAD_SCORE),
        write(inputs, "w1252.csv", INSPECTION.replace("Risk of harm", "Child’s risk £"),
              encoding="cp1252"),
        write(inputs, "bom.csv", b"\xef\xbb\xbf" + INSPECTION.encode()),
        write(inputs, "empty.csv", b""),
    ]
    before = {p: sha256(p) for p in files}
    for p in files:
        p.chmod(0o444)
    names = [str(p) for p in files]
    bank = str(inputs / "bank.csv")
    run(capsys, "validate", *names, "--questions", bank)
    run(capsys, "validate", *names, "--json", "--questions", bank)
    for p in files:
        run(capsys, "clean", str(p), "--questions", bank, "--out", str(tmp_path / "out"))
    assert {p: sha256(p) for p in files} == before
    assert sorted(p.name for p in inputs.iterdir()) == sorted(p.name for p in files)


def test_validate_real_hmip_ratings_scrape(shared_ratings, capsys):
    code, out, err = run(capsys, "validate", str(shared_ratings), "--json")
    assert code == 0  # every row kept: the doubtful ratings are warnings, never rejections
    report = json.loads(out)
    assert report["kind"] == "hmip-ratings" and report["rows_rejected"] == 0
    with shared_ratings.open(encoding="utf-8", newline="") as handle:
        line_of = {r["la_name"]: i for i, r in enumerate(csv.DictReader(handle), start=2)}
    flagged = {w["row"] for w in report["warnings"] if w["column"] == "overall_rating"}
    assert flagged == {line_of["West Sussex"], line_of["Portsmouth"], line_of["Bridgend"]}
    assert err == ""


def test_python_dash_m_validate_binary_file(tmp_path):
    path = write(tmp_path, "bad.csv", b"\x00\x00binary")
    done = subprocess.run(
        [sys.executable, "-m", "yosanalysis", "validate", str(path)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 2
    assert "binary data" in done.stderr and "Traceback" not in done.stderr


def test_python_dash_m_validate_and_clean_good_file(tmp_path):
    path = write(tmp_path / "in", "scores.csv", INSPECTION)
    done = subprocess.run(
        [sys.executable, "-m", "yosanalysis", "validate", str(path), "--json"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows_kept"] == 2
    done = subprocess.run(
        [sys.executable, "-m", "yosanalysis", "clean", str(path), "--out",
         str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "scores.clean.csv").exists()
