"""A report's inputs as the YAML gives them (sheet, columns, constants, dates), what the report
says it dropped, --strict, a YAML anywhere, and the command line's help."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tests.conftest import ROOT
from yosanalysis.cli import build_parser, main
from yosanalysis.errors import ConfigError
from yosanalysis.report import project_root
from yosanalysis.report.config import load_config
from yosanalysis.report.pack import BuildResult
from yosanalysis.report.provenance import check_inputs

BANK = "question_id,theme,question\nQ1,Assessment,Plan?\nQ2,Planning,Safe?\n"
AUDIT = ("ID,Completion time,Name,Audit round,Case reference,Q1. Plan?,Q2. Safe?\n"
         "1,02/09/2025 10:09:00,Alex Example,2025 Q3,WM-1,Yes,No\n"
         "2,03/09/2025 10:09:00,Sam Sample,2025 Q3,WM-2,No,No\n"
         "3,31/02/2025 10:09:00,Sam Sample,2025 Q3,WM-3,No,No\n")
RECS = ("id,recommendation,questions,target,due\nR1,Plans,Q1,80,31/12/2025\n"
        "R2,Safety,Q2;Q13,80,sometime\nR3,Reviews,Q10,80,\n")


def project(folder: Path, audit: str = AUDIT) -> Path:
    """Data files and a YAML outside any reports/ folder: paths read against its folder."""
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "audit.csv").write_text(audit, encoding="utf-8")
    (folder / "data" / "bank.csv").write_text(BANK, encoding="utf-8")
    (folder / "data" / "recs.csv").write_text(RECS, encoding="utf-8")
    config = folder / "westmere.yaml"
    config.write_text(
        "service: Westmere\nnotebooks: [05_recommendation_tracking]\ninputs:\n"
        "  audit:\n    file: data/audit.csv\n    service: Westmere\n"
        "  questions: data/bank.csv\n  recommendations: data/recs.csv\n", encoding="utf-8")
    return config


def test_an_input_mapping_gives_its_file_and_how_to_read_it(tmp_path):
    config = project(tmp_path)
    cfg = load_config(config)
    assert cfg.inputs["audit"] == (tmp_path / "data" / "audit.csv").resolve()
    assert cfg.input_options["audit"].constants == {"service": "Westmere"}
    counts = check_inputs(cfg)
    assert counts["audit"] == {"rows_read": 3, "rows_kept": 2, "rows_rejected": 1}


@pytest.mark.parametrize(
    ("entry", "named"),
    [
        ("    file: data/audit.csv\n    servise: W\n", "did you mean 'service'"),
        ("    file: data/audit.csv\n    columns: {Name: reviewer}\n", "'reviewer', which is not"),
        ("    file: data/audit.csv\n    dates: US\n", "'inputs.audit.dates' must be day-first"),
        ("    sheet: Form1\n", "'inputs.audit.file' is required"),
    ],
)
def test_a_mistake_in_an_input_mapping_is_named(tmp_path, entry, named):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "audit.csv").write_text(AUDIT, encoding="utf-8")
    config = tmp_path / "r.yaml"
    config.write_text(f"service: W\ninputs:\n  audit:\n{entry}", encoding="utf-8")
    with pytest.raises(ConfigError, match=named):
        load_config(config)


def test_a_yaml_outside_the_project_takes_the_projects_notebooks(tmp_path):
    cfg = load_config(project(tmp_path / "elsewhere"))
    assert cfg.root == (tmp_path / "elsewhere").resolve()
    assert project_root(cfg.root) == ROOT
    assert (project_root(cfg.root) / "notebooks" / "05_recommendation_tracking.ipynb").is_file()


def test_every_row_rejected_says_so_and_why(tmp_path):
    american = AUDIT.replace("02/09/2025 10:09:00", "13/13/2025").replace(
        "03/09/2025 10:09:00", "14/14/2025")
    cfg = load_config(project(tmp_path, american))
    with pytest.raises(ConfigError) as stopped:
        check_inputs(cfg)
    message = str(stopped.value)
    assert "every row of" in message and "audit.csv was rejected (3 rows)" in message
    assert "first reasons: row 2: Completion time '13/13/2025' is not a date" in message


def test_report_says_what_it_dropped_and_strict_refuses(tmp_path, capsys, monkeypatch):
    config = project(tmp_path)
    built: list[str] = []

    def fake_build(path, **options):  # the notebooks are run by the slow end-to-end tests
        built.append(str(path))
        return BuildResult(tmp_path / "outputs" / "westmere", True, 0.1, [], tmp_path / "x.pdf")

    monkeypatch.setattr("yosanalysis.report.build_report", fake_build)
    assert main(["report", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "inputs.audit (audit.csv): 1 of 3 rows rejected; first reasons: row 4: " \
           "Completion time '31/02/2025 10:09:00' is not a date" in out
    assert "inputs.recommendations (recs.csv): 1 of 3 rows rejected; first reasons: row 3: " \
           "due 'sometime' is not a date" in out
    assert "inputs.recommendations: R3 is measured by Q10, not in the question bank" in out
    assert main(["report", "--config", str(config), "--strict"]) == 1
    captured = capsys.readouterr()
    assert "1 of 3 rows rejected" in captured.err and "nothing was built" in captured.err
    assert len(built) == 1


def test_every_option_of_every_command_says_its_default_and_each_its_exit_codes():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        assert "exit codes:" in (sub.epilog or ""), name
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction) or not action.option_strings:
                continue
            text = action.help or ""
            assert "default" in text or "required" in text, (name, action.option_strings)
    assert "(default: reports/sample.yaml)" in " ".join(commands["report"].format_help().split())


def test_make_passes_options_to_report_and_lab_says_which_url():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "yosanalysis report --config $(CONFIG) $(ARGS)" in makefile
    assert "--allow-root" in makefile and "URL" in makefile
