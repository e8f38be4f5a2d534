"""Building a board pack: check the parameters, run the notebooks in parallel, export the pages,
collect figures and tables, write the front page and the manifest, and publish atomically.

The pack is built in a temporary folder beside its destination and moved into place only when
every notebook succeeded and the privacy scan found nothing; on a failure the executed notebook
is kept in `outputs/<report>.failed/` and the last good pack is left as it was. The executed
notebooks are kept for analysts in `outputs/<report>.analyst/`, never in the reader pack (they
hold the inputs' full paths). When nothing the pack depends on has changed since the last good
pack (notebooks, parameters, data files, the package), the work is skipped.

One build of a report runs at a time (a lock), leftovers of killed builds are removed when the
next starts, inputs over the size limit are refused, and an input that changes during the build
stops it before publishing (see `yosanalysis.report.publish`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yosanalysis import __version__
from yosanalysis.errors import ConfigError, InputError, ReportError
from yosanalysis.io import sha256_of
from yosanalysis.pages.catalogue import TITLES as PAGE_TITLES
from yosanalysis.report.config import INPUT_KINDS, ReportConfig
from yosanalysis.report.publish import (
    InputVersions,
    analyst_folder,
    check_targets,
    clear_leftovers,
    disk_full,
    folder_secrets,
    publish,
    relative_to_project,
    report_lock,
)
from yosanalysis.writing import write_csv

if TYPE_CHECKING:
    from yosanalysis.report.kernels import KernelPool

__all__ = ["PAGE_TITLES", "BuildResult", "build_pack", "fingerprint"]

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).resolve().parents[1]


@dataclass
class BuildResult:
    """What `build_pack` did: where the pack is, and whether it was rebuilt."""

    pack: Path
    rebuilt: bool
    seconds: float
    pages: list[dict[str, Any]] = field(default_factory=list)
    pdf: Path | None = None



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


def _git_commit(root: Path) -> str | None:
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


def _page_of(nb: Any) -> dict[str, Any]:
    """The page an executed notebook displayed (`Page.to_dict()`); ReportError when it shows
    none."""
    from yosanalysis.pages.blocks import MIME as PAGE_MIME

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if PAGE_MIME in data:
                return dict(data[PAGE_MIME])
    raise ReportError(f"{nb.metadata.get('title', 'a notebook')}: it displays no page "
                      "(a yosanalysis.pages function's result)")


def _write_artifacts(stem: str, page: dict[str, Any], pack: Path) -> dict[str, list[str]]:
    """Each figure of `page` as `figures/<stem>-<name>.svg` (and `.png` where drawn), and the
    numbers behind each figure and each table as `tables/<stem>-<name>.csv`."""
    from yosanalysis.format import slug

    written: dict[str, list[str]] = {"figures": [], "tables": []}
    seen: dict[str, int] = {}
    for item in page["blocks"]:
        if item["kind"] not in ("figure", "table"):
            continue
        base = f"{stem}-{slug(item['name'])[:60].strip('-')}"
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            base = f"{base}-{seen[base]}"
        if item["kind"] == "figure":
            (pack / "figures" / f"{base}.svg").write_text(item["svg"], encoding="utf-8")
            written["figures"].append(f"figures/{base}.svg")
            if item.get("png"):
                (pack / "figures" / f"{base}.png").write_bytes(base64.b64decode(item["png"]))
                written["figures"].append(f"figures/{base}.png")
        if item.get("columns"):  # a cell a spreadsheet would run as a formula is escaped
            write_csv(pack / "tables" / f"{base}.csv", header=item["columns"], rows=item["rows"])
            written["tables"].append(f"tables/{base}.csv")
    return written


def _footer_rows(cfg: ReportConfig, commit: str | None, built: str,
                 counts: dict[str, dict[str, int]],
                 hashes: dict[str, str]) -> list[tuple[str, str]]:
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


_publish = publish  # the name `services` imports


def build_pack(cfg: ReportConfig, *, outputs: Path, notebooks_dir: Path, jobs: int | None = None,
               force: bool = False, progress: bool = True,
               kernels: KernelPool | None = None) -> BuildResult:
    """Build (or skip) the board pack `outputs/<cfg.report>/` from `cfg`; `progress` shows a
    progress bar on a terminal. The notebooks run in `kernels` (a `KernelPool` shared by several
    builds), or in a pool of `jobs` kernels started for this build and shut down after it.

    Each input is cleaned once, when the inputs are checked, and kept in
    `outputs/.cache/cleaned/` for the notebooks' kernels (see `yosanalysis.clean.cache`)."""
    start = time.perf_counter()
    for name in cfg.notebooks:
        if not (notebooks_dir / f"{name}.ipynb").is_file():
            raise ConfigError(f"parameter 'notebooks': no notebook {name}.ipynb in {notebooks_dir}")
    from yosanalysis.io import check_input

    for name, path in cfg.inputs.items():  # a pipe or a huge file, refused before hashing
        try:
            check_input(path, cfg.max_input_mb)
        except InputError as err:
            raise ConfigError(f"parameter 'inputs.{name}': {err}") from None
    check_targets(cfg.inputs, outputs, cfg.report)
    with report_lock(outputs, cfg.report):
        clear_leftovers(outputs, cfg.report)
        try:
            return _build_or_skip(cfg, outputs=outputs, notebooks_dir=notebooks_dir,
                                  jobs=jobs, force=force, progress=progress, start=start,
                                  kernels=kernels)
        except OSError as err:
            clear_leftovers(outputs, cfg.report)
            full = disk_full(err, outputs)
            if full is not None:
                raise full from None
            raise
        except BaseException:
            clear_leftovers(outputs, cfg.report)
            raise


def _build_or_skip(cfg: ReportConfig, *, outputs: Path, notebooks_dir: Path, jobs: int | None,
                   force: bool, progress: bool, start: float,
                   kernels: KernelPool | None) -> BuildResult:
    pack = outputs / cfg.report
    versions = InputVersions(cfg.inputs)  # the version of each input this build reads
    stamp = fingerprint(cfg, notebooks_dir)
    manifest_path = pack / "manifest.json"
    if not force and manifest_path.is_file():
        try:
            previous = json.loads(manifest_path.read_text(encoding="utf-8"))
        except ValueError:
            previous = {}
        if previous.get("fingerprint") == stamp:
            from yosanalysis.report.pdf import PDF_NAME

            pdf = pack / PDF_NAME
            return BuildResult(pack, False, time.perf_counter() - start,
                               previous.get("pages", []), pdf if pdf.exists() else None)

    (outputs / ".cache").mkdir(mode=0o700, parents=True, exist_ok=True)
    from yosanalysis.report.execute import KERNEL
    from yosanalysis.report.kernels import KernelPool

    own = kernels is None
    pool = KernelPool(max(1, jobs or os.cpu_count() or 1), KERNEL) if own else kernels
    try:
        return _build_pack(cfg, outputs=outputs, notebooks_dir=notebooks_dir, jobs=jobs,
                           progress=progress, start=start, stamp=stamp, versions=versions,
                           kernels=pool)
    finally:
        if own:
            pool.close()


def _build_pack(cfg: ReportConfig, *, outputs: Path, notebooks_dir: Path, jobs: int | None,
                progress: bool, start: float, stamp: str,
                versions: InputVersions, kernels: KernelPool) -> BuildResult:
    pack = outputs / cfg.report
    cache = (outputs / ".cache" / "cleaned").resolve()  # absolute: the kernels work elsewhere
    counts = check_inputs(cfg, cache)
    from tqdm import tqdm

    from yosanalysis.report.execute import (
        NotebookFailed,
        declared_parameters,
        ensure_kernel,
        run_notebook,
    )
    from yosanalysis.report.export import css, export_html, page_footer, provenance_details

    ensure_kernel()
    outputs.mkdir(parents=True, exist_ok=True)
    # one folder for the build: the reader pack and, beside it, the analysts' notebooks
    work = Path(tempfile.mkdtemp(prefix=f".{cfg.report}.building-", dir=outputs))
    tmp, executed = work / "pack", work / "analyst"
    for sub in (tmp / "figures", tmp / "tables", executed):
        sub.mkdir(parents=True)
    commit = _git_commit(cfg.root)
    built = datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M %Z")
    details = provenance_details(_footer_rows(cfg, commit, built, counts, versions.hashes))
    footer = page_footer(built, [path.name for path in cfg.inputs.values()])
    params = {**cfg.notebook_parameters(), "cache_dir": str(cache),
              "input_options": {n: o.to_dict() for n, o in cfg.input_options.items()
                                if n in cfg.inputs and not o.empty}}
    pages: list[dict[str, Any]] = []
    written: dict[str, list[str]] = {"figures": [], "tables": []}
    jobs = max(1, jobs or os.cpu_count() or 1)

    def nav(i: int) -> str:
        from html import escape

        links = ['<a href="index.html">Board pack contents</a>']
        if i > 0:
            prev = cfg.notebooks[i - 1]
            links.append(f'<a href="{prev}.html">Previous: {escape(PAGE_TITLES[prev])}</a>')
        if i + 1 < len(cfg.notebooks):
            nxt = cfg.notebooks[i + 1]
            links.append(f'<a href="{nxt}.html">Next: {escape(PAGE_TITLES[nxt])}</a>')
        return f'<nav class="yos-nav" aria-label="Pack pages">{" · ".join(links)}</nav>'

    declared = {n: declared_parameters(notebooks_dir / f"{n}.ipynb") for n in cfg.notebooks}
    unused = set(cfg.parameters) - set().union(*declared.values())
    if unused:
        shutil.rmtree(work, ignore_errors=True)
        raise ConfigError(f"parameter 'parameters.{sorted(unused)[0]}': no notebook of this "
                          "report has a parameter of that name")

    def one(i: int, name: str) -> dict[str, Any]:
        source = notebooks_dir / f"{name}.ipynb"
        # a chart is drawn as PNG only where the Word paper needs it; SVG everywhere
        mine = {k: v for k, v in {**params, "png": name in BOARD_PAPER_PAGES}.items()
                if k in declared[name]}
        nb, seconds = run_notebook(source, executed / f"{name}.ipynb", mine,
                                   cwd=notebooks_dir, kernels=kernels)
        title = f"{PAGE_TITLES[name]} – {cfg.service} – {cfg.title}"
        html = export_html(nb, title=title, nav=nav(i), footer=footer)
        (tmp / f"{name}.html").write_text(html, encoding="utf-8")
        page = _page_of(nb)
        return {"notebook": name, "title": PAGE_TITLES[name], "html": f"{name}.html",
                "headline": page["headline"], "seconds": round(seconds, 2), "page": page}

    from yosanalysis.report.board_paper import (
        BOARD_PAPER_NAME,
        BOARD_PAPER_PAGES,
        write_board_paper,
    )

    failed: NotebookFailed | None = None
    results: dict[str, dict[str, Any]] = {}
    bar = tqdm(total=len(cfg.notebooks), desc=f"Building {cfg.report}", unit="notebook",
               file=sys.stderr, disable=None if progress else True)
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(one, i, n): n for i, n in enumerate(cfg.notebooks)}
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for fut in done:
                    err = fut.exception()
                    if err is not None:
                        for other in pending:
                            other.cancel()
                        if isinstance(err, NotebookFailed):
                            failed = err
                            pending = set()
                            break
                        raise err
                    results[futures[fut]] = fut.result()
                    bar.update(1)
                    log.info("built %s in %.1f s", futures[fut], results[futures[fut]]["seconds"])
                if failed:
                    break
    except BaseException:
        bar.close()
        shutil.rmtree(work, ignore_errors=True)
        raise
    bar.close()
    if failed is not None:
        keep = outputs / f"{cfg.report}.failed"
        shutil.rmtree(keep, ignore_errors=True)
        keep.mkdir(parents=True)
        if failed.executed.exists():
            shutil.copy2(failed.executed, keep / failed.executed.name)
        shutil.rmtree(work, ignore_errors=True)
        kept = keep / failed.executed.name
        last = "the last good pack is untouched" if pack.exists() else "no pack was published"
        raise ReportError(f"{failed}. The executed notebook is kept in {kept}; {last}.")

    shown = {}
    for name in cfg.notebooks:
        page = results[name]
        shown[name] = page.pop("page")
        got = _write_artifacts(name, shown[name], tmp)
        written["figures"] += got["figures"]
        written["tables"] += got["tables"]
        pages.append(page)
    try:  # the Word paper: the pages the board reads, as they were shown
        write_board_paper(cfg, tmp, shown)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise

    from jinja2 import Environment

    from yosanalysis.report.pdf import PDF_NAME, chromium_path, print_pack

    extras = [{"href": BOARD_PAPER_NAME,
               "label": "Draft board paper (Word), for the manager to complete"},
              {"href": "manifest.json",
               "label": "Manifest of every file in this pack (JSON), with checksums"}]
    if chromium_path() is not None:
        extras.insert(0, {"href": PDF_NAME, "label": "The whole pack as one PDF, to print on A4"})
    index = Environment(autoescape=True).from_string(
        (Path(__file__).parent / "templates" / "index.html.j2").read_text(encoding="utf-8")
    ).render(title=cfg.title, service=cfg.service, board=cfg.board,
             meeting_date=cfg.meeting_date, synthetic=cfg.synthetic, pages=pages,
             extras=extras,
             footer=details, css=css())
    (tmp / "index.html").write_text(index, encoding="utf-8")
    from yosanalysis.privacy import check_pack, personal_details

    # The last steps: nothing personal may reach a reader. The pages, figures, tables and the
    # Word paper are scanned while Chromium prints the PDF; the PDF and the manifest after.
    consequence = "the pack was not published" + (
        "; the last good pack is untouched" if pack.exists() else "")
    try:
        secrets = {**folder_secrets(cfg, outputs), **personal_details(cfg.inputs.values(),
                                                               options=cfg.read_options())}
        scanned = [p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file()]
        with ThreadPoolExecutor(max_workers=1) as printer:
            printing = printer.submit(print_pack, tmp)
            check_pack(tmp, secrets, consequence=consequence, files=scanned)
            printed = printing.result()
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    shutil.rmtree(outputs / f"{cfg.report}.failed", ignore_errors=True)
    try:  # the manifest, then the last scan: the PDF and the manifest
        files = {p.relative_to(tmp).as_posix(): sha256_of(p) for p in sorted(tmp.rglob("*"))
                 if p.is_file()}
        manifest = {
            "report": cfg.report,
            "title": cfg.title,
            "service": cfg.service,
            "built": built,
            "yosanalysis_version": __version__,
            "git_commit": commit,
            "fingerprint": stamp,
            "config": relative_to_project(cfg.source, cfg.root) if cfg.source else None,
            "parameters": {k: v for k, v in params.items()  # no absolute path: none
                           if not k.endswith("_file") and k != "cache_dir"},
            "inputs": [{"name": n, "file": relative_to_project(p, cfg.root),
                        "sha256": versions.hashes[n], **counts.get(n, {})}
                       for n, p in cfg.inputs.items()],
            "pages": pages,
            "figures": written["figures"],
            "tables": written["tables"],
            "files": files,
            "seconds": round(time.perf_counter() - start, 2),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        done = set(scanned)
        check_pack(tmp, secrets, consequence=consequence,
                   files=[p.relative_to(tmp).as_posix() for p in tmp.rglob("*")
                          if p.is_file() and p.relative_to(tmp).as_posix() not in done])
        versions.check(consequence)  # the pack was built from one version of each input
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    publish(tmp, pack)
    analysts = analyst_folder(outputs, cfg.report)
    shutil.rmtree(analysts, ignore_errors=True)
    executed.rename(analysts)
    shutil.rmtree(work, ignore_errors=True)
    return BuildResult(pack, True, time.perf_counter() - start, pages,
                       pack / PDF_NAME if printed else None)
