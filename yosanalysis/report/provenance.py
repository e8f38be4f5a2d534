"""Where a pack comes from: the fingerprint of everything it depends on (to skip a rebuild
when nothing changed), the inputs checked and their rows counted, the git commit, and the rows
of the front page's "How this pack was made" table.

>>> git_commit(Path("/")) is None
True
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

from yosanalysis import __version__
from yosanalysis.errors import ConfigError
from yosanalysis.io import sha256_of
from yosanalysis.report.config import INPUT_KINDS, ReportConfig

__all__ = ["check_inputs", "fingerprint", "footer_rows", "git_commit"]

PACKAGE = Path(__file__).resolve().parents[1]


def fingerprint(cfg: ReportConfig, notebooks_dir: Path) -> str:
    """A hash of everything a pack depends on: the notebooks, the parameters, the data files and
    the package (its version and its source files)."""
    digest = hashlib.sha256()
    digest.update(__version__.encode())
    digest.update(json.dumps(cfg.notebook_parameters(), sort_keys=True, default=str).encode())
    digest.update(json.dumps([cfg.title, cfg.report, list(cfg.notebooks)]).encode())
    digest.update(json.dumps({n: o.to_dict() for n, o in sorted(cfg.input_options.items())},
                             sort_keys=True).encode())
    from yosanalysis.report.pdf import chromium_path

    digest.update(f"pdf:{chromium_path() is not None}".encode())  # Chromium installed since?
    for name in cfg.notebooks:
        digest.update((notebooks_dir / f"{name}.ipynb").read_bytes())
    for path in sorted(cfg.inputs.values()):
        digest.update(sha256_of(path).encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in {".py", ".yaml", ".j2", ".css", ".json"} and path.is_file():
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def git_commit(root: Path) -> str | None:
    """The project's git commit (short), "(with uncommitted changes)" when files tracked by git
    changed; None outside a git checkout or without git."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, text=True,
                             capture_output=True, timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, text=True, capture_output=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{out} (with uncommitted changes)" if dirty.strip() else out


def check_inputs(cfg: ReportConfig, cache: Path | None = None) -> dict[str, dict[str, int]]:
    """Every input loads, and the service appears in the files that hold services. Returns, per
    input, the rows read, kept and rejected, for the pack's provenance. `cache` is the folder of
    cleaned inputs (see `yosanalysis.clean.cache`), None for none."""
    from yosanalysis.errors import InputError

    counts: dict[str, dict[str, int]] = {}
    for name, path in cfg.inputs.items():
        kinds = INPUT_KINDS[name]
        if not kinds:
            continue
        from yosanalysis.clean import load

        questions = cfg.inputs.get("questions") if "audit" in kinds else None
        try:
            loaded = load(path, kind=kinds[0] if len(kinds) == 1 else "auto",
                          questions=questions, options=cfg.input_options.get(name),
                          cache=cache)
        except InputError as err:
            raise ConfigError(f"parameter 'inputs.{name}': {err}") from None
        if loaded.report.rows_read and not loaded.report.rows_kept:
            from yosanalysis.report.dropped import first_reasons

            raise ConfigError(
                f"parameter 'inputs.{name}': every row of {loaded.report.where} was rejected "
                f"({loaded.report.rows_rejected:,} rows), so there is nothing to report; "
                f"{first_reasons(loaded.report)}")
        if loaded.kind not in kinds:
            raise ConfigError(f"parameter 'inputs.{name}': {path.name} holds {loaded.kind} "
                              f"data, not {' or '.join(kinds)} data")
        data = loaded.data
        counts[name] = {"rows_read": loaded.report.rows_read,
                        "rows_kept": loaded.report.rows_kept,
                        "rows_rejected": loaded.report.rows_rejected}
        services = set(data["service"].dropna().unique()) if "service" in data else set()
        holds_service = ("inspection", "audit", "previous_inspection", "benchmark")
        if name in holds_service and cfg.service not in services:
            raise ConfigError(
                f"parameter 'service': {cfg.service!r} is not in inputs.{name} ({path.name}); "
                f"services there: {', '.join(sorted(map(str, services))[:10])}"
            )
        mine = data[data["service"] == cfg.service] if "service" in data else data
        if name == "audit" and cfg.rounds:
            present = set(mine["audit"].astype(str))
            for label in cfg.rounds:
                if label not in present:
                    from yosanalysis.scoring import sort_rounds

                    raise ConfigError(
                        f"parameter 'rounds': {label!r} is not an audit round of {cfg.service} "
                        f"in inputs.audit; rounds there: {', '.join(sort_rounds(present))}"
                    )
        if name == "inspection" and cfg.inspection:
            labels = set(mine["inspection"].astype(str))
            if cfg.inspection not in labels:
                raise ConfigError(
                    f"parameter 'inspection': {cfg.inspection!r} is not an inspection of "
                    f"{cfg.service} in inputs.inspection; there: {', '.join(sorted(labels))}"
                )
    return counts


def footer_rows(cfg: ReportConfig, commit: str | None, built: str,
                 counts: dict[str, dict[str, int]],
                 hashes: dict[str, str]) -> list[tuple[str, str]]:
    """The rows of the front page's "How this pack was made" table: when and from what the pack
    was built (`commit` from `git_commit`, `counts` from `check_inputs`, `hashes` the inputs'
    SHA-256)."""
    rows = [
        ("Built", built),
        ("yosanalysis version", __version__),
        ("Git commit", commit or "not in a git checkout"),
        ("Service", cfg.service),
        ("Inspection", cfg.inspection or "–"),
        ("Rating scheme", cfg.scheme),
        ("'Partially' answers count as", f"{cfg.partially:g} of a 'Yes'"),
        ("Audit rounds compared", ", ".join(cfg.rounds) or "all"),
    ]
    for name, path in cfg.inputs.items():
        rows.append((f"Data file ({name})", f"{path.name} · SHA-256 {hashes[name]}"))
        if name in counts:
            c = counts[name]
            note = (f"; {c['rows_rejected']:,} rejected: run `yosanalysis validate` on the file"
                    if c["rows_rejected"] else "")
            rows.append((f"Rows of {path.name}",
                         f"{c['rows_read']:,} read, {c['rows_kept']:,} used{note}"))
    if cfg.synthetic:
        rows.append(("Data", "Synthetic sample data, and figures from a public board paper"))
    return rows
