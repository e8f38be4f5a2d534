"""End to end: an audit exported from an online form as a workbook (one sheet, `Completion time`,
`Name`, `Email`, no service column) builds a pack with `service:` and `sheet:` in the YAML and
nothing renamed by hand; an auditor's name from its `Name` column stops the build when planted
in a reader-facing text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT, SAMPLE
from yosanalysis.errors import ReportError

pytestmark = pytest.mark.slow

AUDIT = SAMPLE / "synthetic-stockton-audit-2012-2014.csv"
BANK = SAMPLE / "synthetic-stockton-question-bank.csv"


def form_export(folder: Path) -> Path:
    """The sample audit as an online form exports it: a workbook whose one sheet has the form's
    own columns, date-time cells, the auditor as `Name` and `Email`, and no service."""
    from yosanalysis import load

    dates = load(AUDIT, kind="audit", questions=BANK).data.drop_duplicates("case_ref")
    when = dict(zip(dates["case_ref"].astype(str), dates["date"], strict=True))
    raw = pd.read_csv(AUDIT, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw = raw[raw["Case Reference"].isin(when)]
    form = pd.DataFrame({
        "ID": range(1, len(raw) + 1),
        "Start time": [when[c] + pd.Timedelta(hours=9) for c in raw["Case Reference"]],
        "Completion time": [when[c] + pd.Timedelta(hours=9, minutes=12)
                            for c in raw["Case Reference"]],
        "Email": [n.lower().replace(" ", ".") + "@stockton.example.org" for n in raw["Auditor"]],
        "Name": raw["Auditor"].to_numpy(),
    })
    rest = raw.drop(columns=["Service", "Date of audit", "Auditor"]).reset_index(drop=True)
    path = folder / "case-file-audit-form.xlsx"
    pd.concat([form, rest], axis=1).to_excel(path, sheet_name="Form1", index=False)
    return path


def config(folder: Path, title: str) -> Path:
    export = form_export(folder)
    path = folder / "form.yaml"  # outside any reports/ folder: paths read against it
    path.write_text(
        f"report: form-audit\nservice: Stockton-on-Tees\ntitle: {title}\n"
        "notebooks: [03_year_on_year]\nrounds: [2013 Q4, 2014 Q4]\ninputs:\n"
        f"  audit:\n    file: {export.name}\n    sheet: Form1\n    service: Stockton-on-Tees\n"
        f"  questions: {BANK}\n", encoding="utf-8")
    return path


def build(path: Path, outputs: Path):
    from yosanalysis.report import build_pack, load_config

    cfg = load_config(path)
    return build_pack(cfg, outputs=outputs, notebooks_dir=ROOT / "notebooks", force=True,
                      progress=False)


def test_a_form_export_workbook_builds_a_pack(tmp_path):
    result = build(config(tmp_path, "Case file audits"), tmp_path / "outputs")
    page = (result.pack / "03_year_on_year.html").read_text(encoding="utf-8")
    assert "2013 Q4" in page and "2014 Q4" in page
    manifest = (result.pack / "manifest.json").read_text(encoding="utf-8")
    assert '"rows_read": 288' in manifest and '"rows_rejected": 0' in manifest


def test_an_auditor_from_the_name_column_stops_the_build(tmp_path):
    name = pd.read_csv(AUDIT, dtype=str, encoding="utf-8-sig")["Auditor"].dropna().iloc[0]
    path = config(tmp_path, f"Case file audits checked by {name}")
    with pytest.raises(ReportError) as stopped:
        build(path, tmp_path / "outputs")
    message = str(stopped.value)
    assert "privacy check failed" in message and "auditor's name" in message
    assert not (tmp_path / "outputs" / "form-audit").exists()
