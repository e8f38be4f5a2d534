"""Kernels reused across notebooks: no notebook sees another's variables, a failure is reported as
with a fresh kernel, and a pack built in reused kernels is the pack built in fresh ones."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT
from yosanalysis.report.execute import NotebookFailed, run_notebook
from yosanalysis.report.kernels import KernelPool

pytestmark = pytest.mark.slow


def notebook(folder: Path, name: str, code: str) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('service = "Example"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(code)]
    nb.metadata["kernelspec"] = {"name": "yosanalysis", "display_name": "yosanalysis",
                                 "language": "python"}
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


SETS = """\
import sys
secret = "left behind"
sys.yos_kernel_marker = "still imported"  # a module's state: what a reused kernel keeps
import matplotlib.pyplot as plt
plt.figure()
"""
CHECKS = """\
import os, sys
assert getattr(sys, "yos_kernel_marker", None) == "still imported", "not the same kernel"
assert "secret" not in globals(), "a variable of the notebook before is visible"
import matplotlib.pyplot as plt
assert not plt.get_fignums(), "a figure of the notebook before is open"
print(os.getcwd(), service, os.environ.get("YOSANALYSIS_TEST_SETTING"))
"""


def test_no_notebook_sees_another_notebooks_variables(tmp_path, monkeypatch):
    first = notebook(tmp_path, "first", SETS)
    second = notebook(tmp_path, "second", CHECKS)
    # any YOSANALYSIS_* setting (the cache folder, Chromium) reaches the kernels
    monkeypatch.setenv("YOSANALYSIS_TEST_SETTING", "5")
    with KernelPool(1) as pool:
        run_notebook(first, tmp_path / "first.out.ipynb", {}, cwd=tmp_path, kernels=pool)
        # a setting this process gives its kernels, changed since the kernel started
        monkeypatch.setenv("YOSANALYSIS_TEST_SETTING", "7")
        nb, _ = run_notebook(second, tmp_path / "second.out.ipynb", {"service": "Other"},
                             cwd=tmp_path, kernels=pool)
        assert pool.started == 1
    printed = nb.cells[-1].outputs[0]["text"]
    assert printed == f"{tmp_path} Other 7\n"


def test_cells_are_numbered_as_in_a_fresh_kernel(tmp_path):
    first = notebook(tmp_path, "first", SETS)
    second = notebook(tmp_path, "second", "x = 1")
    params = {"service": "Other"}  # papermill adds a cell for them
    fresh, _ = run_notebook(second, tmp_path / "fresh.ipynb", params, cwd=tmp_path)
    with KernelPool(1) as pool:
        run_notebook(first, tmp_path / "first.out.ipynb", params, cwd=tmp_path, kernels=pool)
        reused, _ = run_notebook(second, tmp_path / "reused.ipynb", params, cwd=tmp_path,
                                 kernels=pool)
    assert [c.get("execution_count") for c in reused.cells] == \
        [c.get("execution_count") for c in fresh.cells] == [1, 2, 3]


def test_a_failed_notebook_is_reported_as_before_and_its_kernel_kept(tmp_path):
    failing = notebook(tmp_path, "failing", SETS.replace("secret", "x") +
                       "raise ValueError('planted failure')")
    second = notebook(tmp_path, "second", CHECKS.replace("secret", "x"))
    with KernelPool(1) as pool:
        with pytest.raises(NotebookFailed) as caught:
            run_notebook(failing, tmp_path / "failing.out.ipynb", {}, cwd=tmp_path,
                         kernels=pool)
        run_notebook(second, tmp_path / "second.out.ipynb", {}, cwd=tmp_path, kernels=pool)
        assert pool.started == 1
    with pytest.raises(NotebookFailed) as alone:  # in a fresh kernel, as papermill starts one
        run_notebook(failing, tmp_path / "alone.ipynb", {}, cwd=tmp_path)
    assert str(caught.value) == str(alone.value) == \
        "notebook failing failed in cell 2: ValueError: planted failure"
    assert caught.value.executed == tmp_path / "failing.out.ipynb"
    assert "planted failure" in caught.value.executed.read_text(encoding="utf-8")


def test_a_pack_starts_one_kernel_a_job_and_reuses_it(tmp_path, monkeypatch):
    from tests.test_report_build import make_project
    from yosanalysis.report import build_report
    from yosanalysis.report import kernels as module

    started = []
    real = module._Kernel.__init__

    def counting(self, *args, **kwargs):
        started.append(args)
        real(self, *args, **kwargs)

    monkeypatch.setattr(module._Kernel, "__init__", counting)
    result = build_report(make_project(tmp_path), jobs=1)
    assert [p["notebook"] for p in result.pages] == ["01_inspection_overview",
                                                     "02_theme_breakdown"]
    assert len(started) == 1


BUILT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} [A-Z]{2,5}")  # the footer's build time


def test_reused_kernels_give_the_pages_fresh_kernels_give(sample_pack, tmp_path, monkeypatch):
    """The session's sample pack ran its five notebooks in two reused kernels; here each runs
    in a kernel of its own, as papermill starts one, and every page, figure and table is the
    same, byte for byte, but for the time of the build."""
    from tests.conftest import build_sample_pack
    from yosanalysis.report import execute

    def fresh(*args, kernels=None, **kwargs):
        return run_notebook(*args, **kwargs)

    monkeypatch.setattr(execute, "run_notebook", fresh)
    other = build_sample_pack(tmp_path)

    def reader(pack: Path) -> dict[str, bytes]:
        return {p.relative_to(pack).as_posix(): p.read_bytes() for p in sorted(pack.rglob("*"))
                if p.suffix in {".html", ".svg", ".png", ".csv"}}

    ours, theirs = reader(sample_pack), reader(other)
    assert sorted(ours) == sorted(theirs)
    assert any(name.endswith(".png") for name in ours)
    for name, content in ours.items():
        if name.endswith(".html"):
            content = BUILT.sub("BUILT", content.decode("utf-8")).encode()
            theirs[name] = BUILT.sub("BUILT", theirs[name].decode("utf-8")).encode()
        assert content == theirs[name], name
    assert ROOT.is_dir()
