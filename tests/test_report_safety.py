"""Issue #16, the build under attack and accident: one build of a report at a time, leftovers of
killed builds removed, an input changed mid-build stops it, nothing written through a link or
onto an input, a full disk named, no absolute path in a published pack, and kill -TERM / -KILL
at several moments leave the last good pack intact."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from yosanalysis.cli import main
from yosanalysis.errors import ConfigError, ReportError
from yosanalysis.report import build_report
from yosanalysis.report.publish import report_lock

pytestmark = pytest.mark.slow

RECS = "id,recommendation,questions,target\nR1,Review plans on time,Q7;Q10,80\n"


def make_project(root: Path) -> Path:
    """The tiny two-notebook project of test_report_build, with an input file."""
    from test_report_build import make_project as tiny

    report = tiny(root)
    (root / "data").mkdir(exist_ok=True)
    (root / "data" / "recs.csv").write_text(RECS, encoding="utf-8")
    report.write_text(report.read_text(encoding="utf-8")
                      + "inputs:\n  recommendations: data/recs.csv\n", encoding="utf-8")
    return report


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("safety")
    report = make_project(root)
    assert build_report(report, jobs=2).rebuilt
    return root


def test_no_file_in_the_pack_holds_an_absolute_path(project):
    pack = project / "outputs" / "t"
    roots = {str(project), str(project.resolve())}
    for path in pack.rglob("*"):
        if path.is_file() and path.suffix != ".png":
            text = path.read_bytes().decode("utf-8", errors="replace")
            assert not [r for r in roots if r in text], path.name
    assert not (pack / "notebooks").exists()
    analyst = project / "outputs" / "t.analyst" / "01_inspection_overview.ipynb"
    assert analyst.is_file(), "the executed notebooks are kept for analysts, outside the pack"
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"][0]["file"] == "data/recs.csv"
    assert manifest["config"] == "reports/t.yaml"
    assert not any(name.startswith("notebooks/") for name in manifest["files"])


def test_a_second_build_of_the_same_report_refuses_with_a_message(project):
    with report_lock(project / "outputs", "t"), \
            pytest.raises(ReportError, match="another build of the report 't' is running"):
        build_report(project / "reports" / "t.yaml", force=True)


def test_leftovers_of_killed_builds_are_removed_and_a_half_published_pack_put_back(project):
    outputs = project / "outputs"
    before = digest(outputs / "t")
    stale = outputs / ".t.building-killed"
    (stale / "pack").mkdir(parents=True)
    (stale / "pack" / "index.html").write_text("<p>unscanned</p>", encoding="utf-8")
    other = outputs / ".t-other.building-x"  # another report's build: not ours to remove
    other.mkdir()
    (outputs / "t").rename(outputs / ".t.old")  # killed between the two renames of publishing
    result = build_report(project / "reports" / "t.yaml")
    assert not result.rebuilt, "the last good pack is back, and nothing changed since"
    assert digest(outputs / "t") == before
    assert not stale.exists() and not (outputs / ".t.old").exists()
    assert other.exists()
    other.rmdir()


def test_an_input_changed_during_the_build_stops_it(project, monkeypatch):
    import yosanalysis.report.board_paper as board_paper

    outputs = project / "outputs"
    before = digest(outputs / "t")
    recs = project / "data" / "recs.csv"
    real = board_paper.write_board_paper

    def saved_meanwhile(*args, **kwargs):
        recs.write_text(RECS.replace("80", "90"), encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(board_paper, "write_board_paper", saved_meanwhile)
    try:
        with pytest.raises(ReportError, match=r"inputs\.recommendations \(recs\.csv\) changed "
                                              r"while the pack was being built"):
            build_report(project / "reports" / "t.yaml", force=True)
    finally:
        recs.write_text(RECS, encoding="utf-8")
    assert digest(outputs / "t") == before
    assert not list(outputs.glob(".t.building-*"))


def test_a_full_disk_is_one_message_naming_the_folder(project, monkeypatch, capsys):
    import yosanalysis.report.artifacts as artifacts  # writes the tables of each page

    def full(path, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(artifacts, "write_csv", full)
    before = digest(project / "outputs" / "t")
    code = main(["report", "--config", str(project / "reports" / "t.yaml"), "--force"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"the disk holding {project / 'outputs'} is full (No space left on device)" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert digest(project / "outputs" / "t") == before
    assert not list((project / "outputs").glob(".t.building-*"))


def test_a_pack_folder_that_is_a_link_or_holds_an_input_is_refused(tmp_path):
    report = make_project(tmp_path)
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    (outputs / "t").symlink_to(tmp_path / "data", target_is_directory=True)
    with pytest.raises(ConfigError, match="is a symbolic link"):
        build_report(report)
    (outputs / "t").unlink()
    (outputs / "t").mkdir()
    (outputs / "t" / "recs.csv").write_text(RECS, encoding="utf-8")
    report.write_text(report.read_text().replace("data/recs.csv", "outputs/t/recs.csv"))
    with pytest.raises(ConfigError, match=r"inputs\.recommendations.*inside .*replaces"):
        build_report(report)
    assert (outputs / "t" / "recs.csv").read_text(encoding="utf-8") == RECS
    assert (tmp_path / "data" / "recs.csv").read_text(encoding="utf-8") == RECS


def test_an_input_over_the_limit_in_the_report_file_is_refused(tmp_path, capsys):
    report = make_project(tmp_path)
    report.write_text(report.read_text() + "max_input_mb: 0.00001\n")
    code = main(["report", "--config", str(report)])
    err = capsys.readouterr().err
    assert code == 2
    assert "inputs.recommendations" in err and "larger than the limit of 1e-05 MB" in err
    assert not (tmp_path / "outputs" / "t").exists()


def _wait_for(condition, process: subprocess.Popen, limit: float = 120.0) -> bool:
    """Poll until `condition()` holds or the process ends (bounded): the moment to kill."""
    end = time.monotonic() + limit
    while time.monotonic() < end and process.poll() is None:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.parametrize(("sig", "moment"), [
    (signal.SIGTERM, "started"),        # the build folder made, notebooks running
    (signal.SIGKILL, "pages written"),  # the pages written, scan and publish to come
])
def test_a_killed_build_leaves_the_last_good_pack_and_the_next_build_succeeds(project, sig,
                                                                              moment):
    outputs = project / "outputs"
    before = digest(outputs / "t")
    config = project / "reports" / "t.yaml"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "yosanalysis", "report", "--config", str(config), "--force"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if moment == "started":
            reached = _wait_for(lambda: any(outputs.glob(".t.building-*")), process)
        else:
            reached = _wait_for(lambda: any(outputs.glob(".t.building-*/pack/*.html")), process)
        process.send_signal(sig)
    finally:
        process.wait(timeout=120)
    assert digest(outputs / "t") == before or not reached, "the last good pack is intact"
    assert (outputs / "t" / "index.html").is_file()
    again = build_report(config, force=True)
    assert again.rebuilt and (outputs / "t" / "index.html").is_file()
    assert not list(outputs.glob(".t.building-*"))
    assert not list(outputs.glob(".t.old"))
