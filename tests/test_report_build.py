"""The pack builder on tiny notebooks: pages for readers, atomic publication, the failure path and
the skip when nothing has changed. (The real notebooks are exercised in test_report_e2e.py.)"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

from yosanalysis.cli import main
from yosanalysis.errors import ConfigError, ReportError
from yosanalysis.report import build_report

pytestmark = pytest.mark.slow

BODY = """\
import pandas as pd
from yosanalysis import pages
print("CONSOLE-MARKER")
if fail:
    raise ValueError("planted failure")
scores = pd.DataFrame({"Theme": ["Protecting the public"], "Score (%)": [91.0]})
pages.Page(key="tiny", title="Tiny page", headline=f"Headline for {service}",
           blocks=[pages.Table.of(scores, "scores", "Theme scores", threshold=5)])
"""


def make_project(root: Path, *, fail: bool = False) -> Path:
    """A project with two notebooks and a report file; returns the report file."""
    (root / "notebooks").mkdir(parents=True, exist_ok=True)
    (root / "reports").mkdir(exist_ok=True)
    for name in ("01_inspection_overview", "02_theme_breakdown"):
        nb = nbformat.v4.new_notebook()
        params = nbformat.v4.new_code_cell('service = "Example"\nfail = False\n# PARAM-MARKER')
        params.metadata["tags"] = ["parameters"]
        nb.cells = [
            nbformat.v4.new_markdown_cell(f"# {name}"),
            params,
            nbformat.v4.new_code_cell(BODY),
        ]
        nb.metadata["kernelspec"] = {"name": "yosanalysis", "display_name": "yosanalysis",
                                     "language": "python"}
        nbformat.write(nb, root / "notebooks" / f"{name}.ipynb")
    report = root / "reports" / "t.yaml"
    report.write_text(
        "report: t\nservice: Test service\n"
        "notebooks: [01_inspection_overview, 02_theme_breakdown]\n"
        f"parameters:\n  fail: {str(fail).lower()}\n",
        encoding="utf-8",
    )
    return report


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    report = make_project(root)
    result = build_report(report, jobs=2)
    return root, result


def test_the_pack_has_every_page_and_its_parts(built):
    root, result = built
    pack = root / "outputs" / "t"
    assert result.rebuilt and result.pack == pack
    for name in ("index.html", "01_inspection_overview.html", "02_theme_breakdown.html",
                 "manifest.json", "tables/01_inspection_overview-scores.csv"):
        assert (pack / name).is_file(), name
    # the executed notebooks are for analysts, outside the reader pack
    assert not (pack / "notebooks").exists()
    assert (root / "outputs" / "t.analyst" / "01_inspection_overview.ipynb").is_file()
    assert (pack / "tables/02_theme_breakdown-scores.csv").read_text(encoding="utf-8") == (
        "Theme,Score (%)\nProtecting the public,91.0\n"
    )


def test_reader_pages_hold_no_code_console_or_parameters(built):
    root, _ = built
    html = (root / "outputs/t/01_inspection_overview.html").read_text(encoding="utf-8")
    assert "Headline for Test service" in html
    assert "CONSOLE-MARKER" not in html
    assert "PARAM-MARKER" not in html
    assert "import pandas" not in html
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"?https?://", html)
    assert '<html lang="en-GB">' in html
    assert "<title>Theme breakdown" not in html and "<title>Inspection overview" in html
    # provenance: one short line at the foot of a page, the full detail on the front page only
    footer = re.search(r'<footer class="yos-provenance">(.*?)</footer>', html, re.S).group(1)
    assert "SHA-256" not in html and "yosanalysis version" not in html
    # two lines or so on a tablet: a date, the files' names (or their number), a link
    assert len(re.sub(r"<[^>]+>", "", footer)) < 200 and 'href="index.html#how-made"' in footer
    index = (root / "outputs/t/index.html").read_text(encoding="utf-8")
    details = re.search(r'<details class="yos-provenance">.*?</details>', index, re.S).group(0)
    assert "yosanalysis version" in details and "Git commit" in details


def test_the_front_page_links_every_page_with_its_headline(built):
    root, _ = built
    index = (root / "outputs/t/index.html").read_text(encoding="utf-8")
    assert '<a href="01_inspection_overview.html">Inspection overview</a>' in index
    assert '<a href="02_theme_breakdown.html">Theme breakdown</a>' in index
    assert index.count("Headline for Test service") == 2
    manifest = json.loads((root / "outputs/t/manifest.json").read_text(encoding="utf-8"))
    assert [p["notebook"] for p in manifest["pages"]] == ["01_inspection_overview",
                                                          "02_theme_breakdown"]
    assert "index.html" in manifest["files"]


def test_nothing_changed_means_nothing_rebuilt(built):
    root, _ = built
    before = digest(root / "outputs/t")
    again = build_report(root / "reports/t.yaml")
    assert not again.rebuilt
    assert digest(root / "outputs/t") == before


def test_a_failing_notebook_keeps_the_last_good_pack(built, capsys):
    root, _ = built
    before = digest(root / "outputs/t")
    report = root / "reports/t.yaml"
    report.write_text(report.read_text().replace("fail: false", "fail: true"))
    try:
        code = main(["report", "--config", str(report)])
    finally:
        report.write_text(report.read_text().replace("fail: true", "fail: false"))
    err = capsys.readouterr().err
    assert code == 1
    assert "failed in cell" in err and "ValueError: planted failure" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert digest(root / "outputs/t") == before
    kept = list((root / "outputs/t.failed").glob("*.ipynb"))
    assert kept and "planted failure" in kept[0].read_text(encoding="utf-8")
    assert not list((root / "outputs").glob(".t.building-*"))


def test_a_parameter_no_notebook_has_is_an_error(tmp_path):
    report = make_project(tmp_path)
    report.write_text(report.read_text() + "  colour: red\n")
    with pytest.raises(ConfigError, match=r"parameters\.colour"):
        build_report(report)
    assert not (tmp_path / "outputs" / "t").exists()


def test_force_rebuilds(built):
    root, _ = built
    assert build_report(root / "reports/t.yaml", force=True, jobs=1).rebuilt


def test_report_error_exit_code_is_one():
    assert ReportError("x").exit_code == 1


def test_the_pdf_is_scanned_before_the_pack_is_published(tmp_path, monkeypatch):
    """The pages are scanned while Chromium prints; the PDF itself is scanned after, before
    anything is published: a PDF that cannot be read stops the build."""
    import yosanalysis.report.pdf as pdf

    def unreadable_pdf(pack, **kwargs):
        target = Path(pack) / pdf.PDF_NAME
        target.write_text("%PDF-1.4 not really", encoding="utf-8")
        return target

    monkeypatch.setattr(pdf, "print_pack", unreadable_pdf)
    monkeypatch.setattr(pdf, "chromium_path", lambda: "/usr/bin/chromium")
    report = make_project(tmp_path)
    with pytest.raises(ReportError, match=r"board-pack\.pdf could not be scanned.*not published"):
        build_report(report, jobs=2)
    assert not (tmp_path / "outputs" / "t").exists()
    assert not list((tmp_path / "outputs").glob(".t.building-*"))


def test_a_stale_kernel_that_comes_first_is_named(tmp_path, monkeypatch):
    """A kernel called yosanalysis that starts another Python (a moved project, another copy)
    is not used: the report registers this environment's again, and where a stale one still
    comes first it stops with a message naming its folder."""
    from yosanalysis.report.execute import ensure_kernel

    stale = tmp_path / "jupyter" / "kernels" / "yosanalysis"
    stale.mkdir(parents=True)
    (stale / "kernel.json").write_text(json.dumps({
        "argv": ["/moved/project/.venv/bin/python", "-m", "ipykernel_launcher", "-f",
                 "{connection_file}"],
        "display_name": "Python (yosanalysis)", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    registered = []  # this environment's kernel is not touched: the registration is recorded
    monkeypatch.setattr("ipykernel.kernelspec.install",
                        lambda **kwargs: registered.append(kwargs["prefix"]))
    with pytest.raises(ConfigError, match=r"starts /moved/project/\.venv/bin/python, not this "
                                          r"environment's Python .*remove that folder"):
        ensure_kernel()
    assert registered == [sys.prefix]
    monkeypatch.delenv("JUPYTER_PATH")
    assert ensure_kernel() == "yosanalysis"
    assert registered == [sys.prefix]  # the environment's own kernel is fine: left alone
