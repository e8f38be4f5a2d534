"""Hygiene of the project itself: one dependency list, notebooks without outputs, real data kept
out of git, the README's commands real."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib

import pytest
import yaml

from tests.conftest import ROOT


def test_environment_yml_installs_the_package_through_pip():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    deps = env["dependencies"]
    assert any(str(d).startswith("python") for d in deps)
    assert "pip" in deps
    pip = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    # The package's own dependency list is the only one: environment.yml installs it, nothing else
    assert pip == ["-e .[dev]"]


def test_pyproject_declares_the_runtime_and_dev_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=!~ \[]", d)[0].lower() for d in project["dependencies"]}
    for needed in ("pandas", "matplotlib", "seaborn", "papermill", "nbconvert", "jupyterlab",
                   "ipykernel", "pandera", "afcharts", "pyyaml"):
        assert needed in names, needed
    dev = {re.split(r"[<>=!~ \[]", d)[0].lower() for d in project["optional-dependencies"]["dev"]}
    assert {"pytest", "hypothesis", "ruff"} <= dev


def notebooks():
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_notebooks_are_stored_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} holds outputs: strip them"
            assert cell.get("execution_count") is None, f"{path.name} holds execution counts"


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_notebooks_have_a_parameters_cell_and_the_project_kernel(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"
    assert nb["metadata"]["kernelspec"]["name"] == "yosanalysis"


def git_files() -> list[str]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return out.splitlines()


def test_no_data_outside_the_sample_and_no_outputs_are_tracked():
    for name in git_files():
        if name.startswith("data/"):
            assert name == "data/README.md" or name.startswith("data/sample/"), name
        if name.startswith("outputs/"):
            assert name == "outputs/.gitkeep", name


def test_gitignore_keeps_real_data_and_outputs_out():
    probe = ["data/raw/audit.csv", "data/live.csv", "outputs/sample/index.html"]
    out = subprocess.run(["git", "check-ignore", *probe], cwd=ROOT, capture_output=True,
                         text=True)
    assert sorted(out.stdout.split()) == sorted(probe)


def test_no_tracked_file_is_large():
    for name in git_files():
        path = ROOT / name
        if path.is_file():
            assert path.stat().st_size < 1_000_000, f"{name} is over 1 MB"


def test_make_help_lists_the_readme_commands():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"^make (\w+)", readme, flags=re.M):
        assert f"make {target}" in out, target


def test_the_readme_example_runs_as_written(monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", readme, flags=re.S).group(1)
    monkeypatch.chdir(ROOT / "notebooks")
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)  # the analyst's first steps
    yos = namespace["yos"]
    summary = namespace["summary"]
    assert yos.narrative.headline(summary) == (
        "The overall average score was 91%, with scores ranging from 80% to 100%."
    )
    low, high = yos.wilson_interval(17, 20)
    assert (round(low, 1), round(high, 1)) == (64.0, 94.8)
    assert namespace["page"].headline == ("The overall average score for Stockton-on-Tees was "
                                          "91%, with scores ranging from 80% to 100%.")


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_notebooks_are_parameters_and_calls(path):
    """No branching or looping in a notebook: that logic lives in a page function, where the
    tests reach it."""
    import ast

    nb = json.loads(path.read_text(encoding="utf-8"))
    logic = (ast.If, ast.For, ast.While, ast.IfExp, ast.ListComp, ast.SetComp, ast.DictComp,
             ast.GeneratorExp, ast.AsyncFor, ast.Try, ast.FunctionDef, ast.Lambda)
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        found = [type(node).__name__ for node in ast.walk(tree) if isinstance(node, logic)]
        assert not found, f"{path.name}: {found} in a code cell"


def test_every_dependency_is_pinned_with_hashes_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {m.group(1).lower().replace("_", "-")
              for m in re.finditer(r"^([A-Za-z0-9_.-]+)==\S+", lock, flags=re.M)}
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["dev"]]:
        name = re.split(r"[<>=!~ \[;]", requirement)[0].lower().replace("_", "-")
        assert name in pinned, f"{name} is not in requirements.lock: run `make lock`"
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", lock.split("\n", 2)[2])
    assert all("--hash=sha256:" in block for block in blocks if "==" in block)


# the concepts a reader sees, each defined once in the package (a second copy drifts)
ONE_HOME = {
    "percent rounding": r"^def round_half_up\(",
    "stars": r"^def stars\(",
    "slug": r"^def slug\(",
    "the threshold check": r"^def check_threshold\(",
    "the date-format list": r"^_?DATE_FORMATS\b.*=",
    "finding the Overall row": r"^def (?:_?is_overall|_?overall_row)\(",
}


@pytest.mark.parametrize("concept", list(ONE_HOME))
def test_each_concept_has_one_home(concept):
    pattern = re.compile(ONE_HOME[concept], flags=re.M)
    homes = [path.relative_to(ROOT).as_posix() for path in (ROOT / "yosanalysis").rglob("*.py")
             if pattern.search(path.read_text(encoding="utf-8"))]
    assert len(homes) == 1, f"{concept}: {homes}"
