"""Report parameters are checked before anything runs; each mistake names the parameter."""

from __future__ import annotations

from pathlib import Path

import pytest

from yosanalysis.cli import main
from yosanalysis.errors import ConfigError
from yosanalysis.report.config import NOTEBOOKS, load_config


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "reports").mkdir(exist_ok=True)
    path = tmp_path / "reports" / "r.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_minimal_file_takes_the_defaults(tmp_path):
    cfg = load_config(write(tmp_path, "service: Stockton-on-Tees\n"))
    assert cfg.service == "Stockton-on-Tees"
    assert cfg.report == "stockton-on-tees"
    assert cfg.notebooks == NOTEBOOKS
    assert cfg.root == tmp_path.resolve()
    assert cfg.partially == 0.0


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("service: X\nservise: Y\n", "'servise'"),
        ("service: X\ninputs:\n  audits: a.csv\n", "'inputs.audits'"),
        ("service: X\ninputs:\n  audit: nowhere.csv\n", "'inputs.audit'"),
        ("service: X\nnotebooks: [09_nothing]\n", "'notebooks'"),
        ("service: X\npartially: 0.3\n", "'partially'"),
        ("service: X\nscheme: hmip-2099\n", "'scheme'"),
        ("inspection: SQS 2013\n", "'service'"),
        ("service: X\nmin_cases: -1\n", "'min_cases'"),
        # issue 13: the one tested comparison runs forward in time, between two rounds
        ("service: X\nrounds: [2025 Q3, 2024 Q3]\n", "'rounds'.*time order"),
        ("service: X\nrounds: [2024 Q3, 2024 Q3]\n", "'rounds' names a round twice"),
    ],
)
def test_each_mistake_names_its_parameter(tmp_path, text, named):
    with pytest.raises(ConfigError, match=named):
        load_config(write(tmp_path, text))


def test_a_misspelt_parameter_gets_a_suggestion(tmp_path):
    with pytest.raises(ConfigError, match="did you mean 'service'"):
        load_config(write(tmp_path, "service: X\nservise: Y\n"))


def test_partially_takes_words(tmp_path):
    assert load_config(write(tmp_path, "service: X\npartially: half\n")).partially == 0.5
    assert load_config(write(tmp_path, "service: X\npartially: yes\n")).partially == 1.0


def test_input_paths_are_read_against_the_project_root(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.csv").write_text("x\n1\n", encoding="utf-8")
    cfg = load_config(write(tmp_path, "service: X\ninputs:\n  audit: data/a.csv\n"))
    assert cfg.inputs["audit"] == (tmp_path / "data" / "a.csv").resolve()
    assert cfg.notebook_parameters()["audit_file"] == str((tmp_path / "data" / "a.csv").resolve())
    assert cfg.notebook_parameters()["inspection_file"] == ""


def test_the_command_line_reports_a_bad_file_in_one_line(tmp_path, capsys):
    code = main(["report", "--config", str(write(tmp_path, "service: X\nservise: Y\n"))])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown parameter 'servise'" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_missing_report_file_is_named(tmp_path, capsys):
    assert main(["report", "--config", str(tmp_path / "none.yaml")]) == 2
    assert "no such report file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (("service: Stockton-on-Tees", "service: Nowhere-on-Sea"), "'service'"),
        (("  - 2013 Q4", "  - 2099 Q4"), "'rounds'"),
        (("inspection: SQS 2013", "inspection: SQS 2099"), "'inspection'"),
    ],
)
def test_values_absent_from_the_data_are_named_before_anything_runs(tmp_path, change, named):
    from tests.conftest import ROOT
    from yosanalysis.report import build_report

    text = (ROOT / "reports" / "sample.yaml").read_text(encoding="utf-8")
    assert change[0] in text
    (tmp_path / "reports").mkdir()
    config = tmp_path / "reports" / "sample.yaml"
    config.write_text(text.replace(change[0], change[1]).replace("data/sample/",
                      str(ROOT / "data" / "sample") + "/"), encoding="utf-8")
    with pytest.raises(ConfigError, match=named):
        build_report(config, outputs=tmp_path / "outputs", notebooks=ROOT / "notebooks")
    assert not (tmp_path / "outputs" / "sample").exists()


def test_rounds_in_time_order_are_kept(tmp_path):
    cfg = load_config(write(tmp_path, "service: X\nrounds: [2024 Q3, 2025 Q3]\n"))
    assert cfg.rounds == ("2024 Q3", "2025 Q3")
