"""`yosanalysis report --services`: a pack per service from one national file, and a regional
summary linking them."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT
from tests.test_printer import running_under
from yosanalysis.cli import main
from yosanalysis.report.printer import chromium_path
from yosanalysis.sample_national import write_national

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    """A small national project (2 services, 5 rounds) and its report file."""
    root = tmp_path_factory.mktemp("national")
    files = write_national(root / "data", services=2, rounds=5, cases=8, questions=8,
                           progress=False)
    by = {f.name: f for f in files}
    (root / "reports").mkdir()
    (root / "notebooks").symlink_to(ROOT / "notebooks")
    config = root / "reports" / "national.yaml"
    config.write_text(
        "report: national\nservice: Synthetic service 001\nsynthetic: true\n"
        "inputs:\n"
        f"  inspection: {by['synthetic-national-sqs-inspection.csv']}\n"
        f"  benchmark: {by['synthetic-national-sqs-inspection.csv']}\n"
        f"  audit: {by['synthetic-national-audit.csv']}\n"
        f"  questions: {by['synthetic-national-question-bank.csv']}\n",
        encoding="utf-8",
    )
    from yosanalysis.report.printer import PdfPrinter

    printers = []
    real = PdfPrinter.__init__

    def recording(self, *args, **kwargs):
        real(self, *args, **kwargs)
        printers.append(self)

    scratch = root / "tmp"  # where the printer makes Chromium's profile
    scratch.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PdfPrinter, "__init__", recording)
        patch.setattr(tempfile, "tempdir", str(scratch))
        assert main(["report", "--config", str(config), "--services", "all", "--jobs", "2"]) == 0
    (root / "printers.json").write_text(json.dumps({
        "launches": [p.launches for p in printers], "running": running_under(scratch)}))
    return root


def test_a_pack_per_service_and_a_regional_summary(national):
    outputs = national / "outputs"
    for slug in ("synthetic-service-001", "synthetic-service-002"):
        page = outputs / f"national-{slug}" / "01_inspection_overview.html"
        number = slug[-3:]
        assert f"The overall average score for Synthetic service {number} was" in page.read_text()
    index = (outputs / "national-regional" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert "../national-synthetic-service-001/index.html" in links
    assert "../national-synthetic-service-002/index.html" in links
    for link in links:
        assert (outputs / "national-regional" / link).resolve().is_file(), link
    table = pd.read_csv(outputs / "national-regional" / "tables" / "services.csv")
    assert table["Service"].tolist() == ["Synthetic service 001", "Synthetic service 002"]
    assert (table["Latest round"] == "2023 Q1").all()
    assert "SYN-0001" not in index


def test_one_chromium_prints_every_packs_pdf_and_none_is_left_running(national):
    if chromium_path() is None:
        pytest.skip("Chromium is not installed: no PDF printed")
    printed = json.loads((national / "printers.json").read_text())
    assert printed == {"launches": [1], "running": []}  # one printer, one Chromium, for 2 packs
    for slug in ("synthetic-service-001", "synthetic-service-002"):
        assert (national / "outputs" / f"national-{slug}" / "board-pack.pdf").stat().st_size


def test_a_rerun_with_nothing_changed_rebuilds_nothing(national, capsys):
    capsys.readouterr()
    config = national / "reports" / "national.yaml"
    assert main(["report", "--config", str(config), "--services", "all"]) == 0
    shown = capsys.readouterr()
    assert "(0 rebuilt)" in shown.out
    # off a terminal, a line per pack: packs done of the total, and the time left
    lines = shown.err.strip().splitlines()
    assert re.fullmatch(r"1 of 2 packs built in \d+ s; about \d+ s left", lines[0])
    assert re.fullmatch(r"2 of 2 packs built in \d+ s", lines[1])


def test_an_unknown_service_is_named(national, capsys):
    config = national / "reports" / "national.yaml"
    assert main(["report", "--config", str(config), "--services", "Nowhere"]) == 2
    err = capsys.readouterr().err
    assert "'Nowhere' is not in inputs.audit" in err and "Traceback" not in err


def test_the_regional_table_gives_the_figures_as_the_page_shows_them(national):
    """Whole percentages in the CSV as on the page: an exact fraction such as 88.0794701986755
    (133 of 151) would give back the counts of answers behind it."""
    table = pd.read_csv(national / "outputs" / "national-regional" / "tables" / "services.csv",
                        dtype=str, keep_default_na=False)
    checked = 0
    for column in ("Score (%)", "Year earlier (%)", "Change (points)"):
        for cell in table[column]:
            if cell in ("", "suppressed"):
                continue
            assert re.fullmatch(r"-?\d+", cell), (column, cell)
            checked += 1
    assert checked >= 4
