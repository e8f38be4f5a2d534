"""Board packs for many services in one command, and a regional summary comparing them.

`yosanalysis report --config FILE --services all` (or `--services "A,B"`) builds one pack per
service, `outputs/<report>-<service>/`, from one report file, and a summary pack
`outputs/<report>-regional/` linking them. The audit file, which at national scale holds every
service's answers, is cleaned once and split into one canonical file per service in
`outputs/.cache/` (kept for the next run, never shown to readers), so that each service's notebooks
read only their own rows.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from yosanalysis import __version__
from yosanalysis.errors import ConfigError, ReportError, YosError
from yosanalysis.format import slug
from yosanalysis.io import MAX_INPUT_MB, sha256_of
from yosanalysis.report.config import ReportConfig
from yosanalysis.report.pack import BuildResult, _publish, build_pack
from yosanalysis.writing import write_csv

__all__ = ["ServicesResult", "build_services", "progress_text", "service_slug"]

CANONICAL_AUDIT = ["service", "audit", "date", "case_ref", "theme", "question", "answer",
                   "auditor", "comment"]


def service_slug(name: str) -> str:
    """A service's name as a folder name.

    >>> service_slug("Stockton-on-Tees")
    'stockton-on-tees'
    """
    return slug(name, "service")


def progress_text(done: int, total: int, elapsed: float) -> str:
    """Packs done of `total` after `elapsed` seconds, and the time left at the rate so far
    (the `--services` progress line where stderr is not a terminal; a terminal shows a bar).

    >>> progress_text(3, 10, 90.0)
    '3 of 10 packs built in 1 min 30 s; about 3 min 30 s left'
    >>> progress_text(10, 10, 61.0)
    '10 of 10 packs built in 1 min 1 s'
    """

    def span(seconds: float) -> str:
        minutes, secs = divmod(round(seconds), 60)
        return f"{minutes} min {secs} s" if minutes else f"{secs} s"

    text = f"{done} of {total} packs built in {span(elapsed)}"
    if 0 < done < total:
        text += f"; about {span(elapsed / done * (total - done))} left"
    return text


@dataclass
class ServicesResult:
    """What `build_services` did: one result per service, the failures, and the summary pack."""

    summary: Path
    packs: dict[str, BuildResult] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def _split_audit(cfg: ReportConfig, cache_root: Path) -> tuple[dict[str, Path], list[str]]:
    """Clean the audit file once and write one canonical file per service (reused while the
    audit file and its question bank are unchanged). Returns {service: file} and the services in
    the order they first appear."""
    from yosanalysis.clean import load

    audit = cfg.inputs["audit"]
    bank = cfg.inputs.get("questions")
    options = cfg.input_options.get("audit")  # how the YAML says to read it (sheet, ...)
    read_as = json.dumps(options.to_dict(), sort_keys=True) if options else ""
    key = hashlib.sha256((sha256_of(audit) + (sha256_of(bank) if bank else "") + read_as)
                         .encode()).hexdigest()
    cache = cache_root / f"{cfg.report}-{key[:16]}"
    index = cache / "services.json"
    if index.is_file():
        found = json.loads(index.read_text(encoding="utf-8"))
        return {s: cache / f for s, f in found.items()}, list(found)
    loaded = load(audit, kind="audit", questions=bank, options=options)
    data = loaded.data
    tmp = Path(tempfile.mkdtemp(prefix=".split-", dir=cache_root))
    files: dict[str, str] = {}
    for service, rows in data.groupby("service", sort=False, observed=True):
        name = f"{service_slug(str(service))}-audit.csv"
        out = rows[CANONICAL_AUDIT].assign(date=rows["date"].dt.strftime("%Y-%m-%d"))
        out.to_csv(tmp / name, index=False, encoding="utf-8")
        files[str(service)] = name
    (tmp / "services.json").write_text(json.dumps(files, indent=1), encoding="utf-8")
    shutil.rmtree(cache, ignore_errors=True)
    tmp.rename(cache)
    return {s: cache / f for s, f in files.items()}, list(files)


def _choose(spec: str, available: list[str]) -> list[str]:
    if spec.strip().lower() == "all":
        return available
    chosen = [s.strip() for s in spec.split(",") if s.strip()]
    missing = [s for s in chosen if s not in available]
    if missing:
        raise ConfigError(f"--services: {missing[0]!r} is not in inputs.audit; services there: "
                          f"{', '.join(available[:10])}{' …' if len(available) > 10 else ''}")
    return chosen


def _summary_pack(cfg: ReportConfig, outputs: Path, result: ServicesResult,
                  split: dict[str, Path]) -> Path:
    """The regional summary: each service's latest audit round against a year earlier, with a
    link to its pack. Built holding its own lock, after removing a killed build's leftovers."""
    from yosanalysis.report.publish import clear_leftovers, report_lock

    name = f"{cfg.report}-regional"
    with report_lock(outputs, name):
        clear_leftovers(outputs, name)
        try:
            return _write_summary(cfg, outputs, result, split)
        except BaseException:
            clear_leftovers(outputs, name)
            raise


def _write_summary(cfg: ReportConfig, outputs: Path, result: ServicesResult,
                   split: dict[str, Path]) -> Path:
    import pandas as pd
    from jinja2 import Environment

    from yosanalysis.clean import load
    from yosanalysis.clean.options import InputOptions
    from yosanalysis.compare import services_overview
    from yosanalysis.format import round_half_up_series
    from yosanalysis.privacy import check_pack, personal_details, reader_table
    from yosanalysis.render.html import table_html
    from yosanalysis.report.export import TEMPLATES, css

    limit = InputOptions(max_mb=cfg.max_input_mb)
    answers = pd.concat([load(path, kind="audit", options=limit).data
                         for s, path in split.items() if s in result.packs], ignore_index=True)
    overview = services_overview(answers, partially=cfg.partially, min_cases=cfg.min_cases)
    shown = pd.DataFrame({
        "Service": overview["service"],
        "Latest round": overview["audit"],
        "Score (%)": overview["pct"],
        "Cases": overview["cases"],
        "Year earlier (%)": overview["year_pct"],
        "Year earlier cases": overview["year_cases"],
        # a change beside a withheld side would give that side away: withheld with it
        "Change (points)": overview["change"].where(
            overview[["cases", "year_cases"]].min(axis=1) >= cfg.suppress_below),
        "Verdict": overview["verdict"],
    })
    # whole numbers, as the page shows them: an exact fraction would give the answers back
    whole = ["Score (%)", "Year earlier (%)", "Change (points)"]
    shown = reader_table(shown.assign(**{c: round_half_up_series(shown[c]) for c in whole}),
                         threshold=cfg.suppress_below)
    name = f"{cfg.report}-regional"
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.building-", dir=outputs))
    (tmp / "tables").mkdir()
    write_csv(tmp / "tables" / "services.csv", shown)  # formula cells escaped
    links = [{"href": f"../{result.packs[s].pack.name}/index.html", "service": s,
              "headline": next((p["headline"] for p in result.packs[s].pages if p["headline"]),
                               "")}
             for s in overview["service"] if s in result.packs]
    template = (TEMPLATES / "regional.html.j2").read_text(encoding="utf-8")
    html = Environment(autoescape=True).from_string(template).render(
        title=cfg.title, css=css(), services=links, failed=result.failed,
        table=table_html(shown, caption="Each service's latest audit round against the same "
                         "round a year earlier (all questions pooled)", decimals=0),
        built=datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        version=__version__, synthetic=cfg.synthetic,
    )
    (tmp / "index.html").write_text(html, encoding="utf-8")
    (tmp / "manifest.json").write_text(json.dumps({
        "report": name, "services": list(result.packs), "failed": result.failed,
        "files": {p.relative_to(tmp).as_posix(): sha256_of(p) for p in tmp.rglob("*")
                  if p.is_file()},
    }, indent=2), encoding="utf-8")
    target = outputs / name
    try:
        check_pack(tmp, personal_details([cfg.inputs["audit"]], options=cfg.read_options()))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _publish(tmp, target)
    return target


def build_services(cfg: ReportConfig, spec: str, *, outputs: Path, notebooks_dir: Path,
                   jobs: int | None = None, force: bool = False) -> ServicesResult:
    """Build a pack for each service `spec` names ("all", or names separated by commas), then
    the regional summary. At most `jobs` notebooks run at once: several packs side by side, or
    one pack's notebooks side by side when there are fewer packs than jobs; up to `jobs` more packs
    are under way, being written (pages, Word paper, privacy scan, PDF) while the next ones'
    notebooks run. A service whose pack fails is named in the summary and in the command's
    error.

    The notebooks of every pack run in one pool of `jobs` kernels, started once for the run (see
    `yosanalysis.report.kernels`), and every PDF is printed by one Chromium, started as the
    first pack's notebooks start and shut down at the end of the run, on an error too (see
    `yosanalysis.report.printer`). Progress goes to stderr: a bar with the packs done of the total
    and the time left on a terminal, otherwise one line per pack (`progress_text`)."""
    import os

    from tqdm import tqdm

    from yosanalysis.clean.options import InputOptions
    from yosanalysis.report.execute import KERNEL
    from yosanalysis.report.kernels import KernelPool
    from yosanalysis.report.printer import PdfPrinter

    start = time.perf_counter()
    if "audit" not in cfg.inputs:
        raise ConfigError("--services needs inputs.audit: the services are those in the audit")
    outputs.mkdir(parents=True, exist_ok=True)
    (outputs / ".cache").mkdir(exist_ok=True)
    split, available = _split_audit(cfg, outputs / ".cache")
    chosen = _choose(spec, available)
    result = ServicesResult(summary=outputs / f"{cfg.report}-regional")
    jobs = max(1, jobs or os.cpu_count() or 1)
    # `jobs` notebooks at once in all: packs side by side, or one pack's notebooks side by side
    outer = min(jobs, len(chosen))
    inner = max(1, jobs // outer)
    # more packs under way than kernels: while one pack is written (its pages exported, its Word
    # paper, its privacy scan, its PDF), the next one's notebooks use the kernel it no longer needs
    ahead = min(len(chosen), outer + jobs)

    def one(service: str) -> BuildResult:
        mine = dataclasses.replace(
            cfg, service=service, report=f"{cfg.report}-{service_slug(service)}",
            inspection=None, inputs={**cfg.inputs, "audit": split[service]},
            # the split file is canonical already: it is read as it stands
            input_options={**{n: o for n, o in cfg.input_options.items() if n != "audit"},
                           **({"audit": InputOptions(max_mb=cfg.max_input_mb)}
                              if cfg.max_input_mb != MAX_INPUT_MB else {})},
        )
        return build_pack(mine, outputs=outputs, notebooks_dir=notebooks_dir, jobs=inner,
                          force=force, progress=False, kernels=kernels, printer=printer)

    bar = tqdm(total=len(chosen), desc="Building packs", unit="pack", file=sys.stderr,
               disable=None, bar_format="{desc}: {n_fmt} of {total_fmt} {bar} "
               "[{elapsed} so far, about {remaining} left]")
    lines = bar.disable  # not a terminal: a line per pack instead of the bar
    with KernelPool(jobs, KERNEL) as kernels, PdfPrinter() as printer, \
            ThreadPoolExecutor(max_workers=ahead) as pool:
        futures = {pool.submit(one, s): s for s in chosen}
        for done, fut in enumerate(as_completed(futures), start=1):
            service = futures[fut]
            try:
                result.packs[service] = fut.result()
            except YosError as err:
                result.failed[service] = str(err)
            bar.update(1)
            if lines:
                print(progress_text(done, len(chosen), time.perf_counter() - start),
                      file=sys.stderr, flush=True)
    bar.close()
    if not result.packs:
        first = next(iter(result.failed.items()))
        raise ReportError(f"no pack could be built; the first failure, {first[0]}: {first[1]}")
    result.summary = _summary_pack(cfg, outputs, result, split)
    result.seconds = time.perf_counter() - start
    if result.failed:
        first = next(iter(result.failed.items()))
        raise ReportError(f"{len(result.failed)} of {len(chosen)} packs failed; the first, "
                          f"{first[0]}: {first[1]}. The others and the regional summary "
                          f"({result.summary / 'index.html'}) were built.")
    return result
