"""`yosanalysis report`: the board pack in one command.

>>> from yosanalysis.report import PAGE_TITLES
>>> PAGE_TITLES["03_year_on_year"]
'Year on year'
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from yosanalysis.report.config import NOTEBOOKS, ReportConfig, load_config
from yosanalysis.report.pack import PAGE_TITLES, BuildResult, build_pack

__all__ = ["NOTEBOOKS", "PAGE_TITLES", "BuildResult", "ReportConfig", "build_pack",
           "build_report", "load_config", "main"]


def project_root(start: Path | None = None) -> Path:
    """The project folder: the nearest folder at or above `start` (default: the working folder)
    holding `notebooks/`; else the project this package was installed from (a report's YAML
    may live anywhere: its notebooks are the project's); else `start`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "notebooks").is_dir():
            return folder
    package_project = Path(__file__).resolve().parents[2]
    if (package_project / "notebooks").is_dir():
        return package_project
    return here


def build_report(config: str | Path, *, jobs: int | None = None, force: bool = False,
                 outputs: Path | None = None, notebooks: Path | None = None,
                 max_input_mb: float | None = None) -> BuildResult:
    """Build the pack described by the YAML file `config` into the project's
    `outputs/<report>/` (the project: see `project_root`; a YAML outside the project still
    builds there, its input paths read against its own folder). `max_input_mb` overrides the
    YAML's limit on the size of an input (megabytes; see `load_config`)."""
    cfg = load_config(config, max_input_mb=max_input_mb)
    project = project_root(cfg.root)
    return build_pack(cfg, outputs=outputs or project / "outputs",
                      notebooks_dir=notebooks or project / "notebooks",
                      jobs=jobs, force=force)


def main(args: Any) -> int:
    """The `yosanalysis report` sub-command."""
    limit = getattr(args, "max_input_mb", None)  # --max-input-mb, over the YAML's max_input_mb
    if getattr(args, "services", None):
        from yosanalysis.report.services import build_services

        cfg = load_config(args.config, max_input_mb=limit)
        done = build_services(cfg, args.services, outputs=project_root(cfg.root) / "outputs",
                              notebooks_dir=project_root(cfg.root) / "notebooks",
                              jobs=args.jobs, force=args.force)
        rebuilt = sum(r.rebuilt for r in done.packs.values())
        print(f"{len(done.packs)} packs ({rebuilt} rebuilt) and the regional summary in "
              f"{done.seconds:.1f} s: {done.summary / 'index.html'}")
        return 0
    from yosanalysis.report.dropped import findings, summary

    cfg = load_config(args.config, max_input_mb=limit)
    if getattr(args, "strict", False):
        found = _findings(cfg, findings)
        if found:
            print(summary(found), file=sys.stderr)
            print("yosanalysis report: error: --strict: the inputs lost or changed data (above);"
                  " nothing was built", file=sys.stderr)
            return 1
    result = build_report(args.config, jobs=args.jobs, force=args.force, max_input_mb=limit)
    where = result.pack / "index.html"
    if result.rebuilt:
        print(f"Built the board pack in {result.seconds:.1f} s: {where}")
        if result.pdf is None:
            from yosanalysis.report.pdf import SKIPPED

            print(SKIPPED)
    else:
        print(f"Nothing has changed since the last pack; it is still at {where} "
              "(use --force to rebuild).")
    print(summary(_findings(cfg, findings)))
    sys.stdout.flush()
    return 0


def _findings(cfg: ReportConfig, findings: Any) -> list[str]:
    """`findings(cfg)` with the inputs read as the build reads them (its options, its cache)."""
    return findings(cfg, cache=project_root(cfg.root) / "outputs" / ".cache" / "cleaned")
