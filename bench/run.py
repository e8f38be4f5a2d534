"""The benchmark harness (`make bench`): measures the suite's costs as ratios within one run, so a
noisy machine cancels out, and writes `bench/results/<date>.json` and the table in
`docs/performance.md`. Benchmarks are not tests: nothing here passes or fails on a number.

    python bench/run.py [--quick] [--only cleaning|report|services|all] [--services 1,10,50]

`all` builds a pack for every one of the national sample's 155 services (`--services all`,
--jobs 2) and measures the whole run's time and its peak memory (the command, its kernels and
Chromium, summed).

`--quick` uses a smaller national file (for trying the harness out); the numbers in the docs come
from a full run. `--only PART` measures one part again; on a day with a full run, it replaces
that part of the day's results and the docs' table names both commands.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
BIN = Path(PY).parent


def timed(fn, *args, **kwargs) -> float:
    start = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - start


def best_of(n: int, fn, *args, **kwargs) -> float:
    return min(timed(fn, *args, **kwargs) for _ in range(n))


# --- cleaning at national scale ------------------------------------------------------------

CLEAN_PROBE = r"""
import json, sys, time, tracemalloc
import pandas as pd
from yosanalysis import load
import yosanalysis.clean.audit  # the cleaners' imports, as the floor's pandas, are not timed
path, bank, mode, measure = sys.argv[1:5]
# time and memory in separate runs: tracemalloc records every allocation, which slows code
# that makes many small Python objects far more than C code such as read_csv, so a time taken
# under it is no fair ratio (Python docs, tracemalloc: "overhead")
if measure == "memory":
    tracemalloc.start()
t = time.perf_counter()
if mode == "floor":
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    out = {"rows": len(frame)}
else:
    loaded = load(path, kind="audit", questions=bank)
    out = {"frame_bytes": int(loaded.data.memory_usage(deep=True).sum()),
           "answers": len(loaded.data), "rows_read": loaded.report.rows_read}
out["seconds"] = time.perf_counter() - t
if measure == "memory":
    out["peak"] = tracemalloc.get_traced_memory()[1]
print(json.dumps(out))
"""


def probe(path: Path, bank: Path, mode: str, measure: str = "time") -> dict:
    out = subprocess.run([PY, "-c", CLEAN_PROBE, str(path), str(bank), mode, measure],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def bench_cleaning(work: Path, quick: bool) -> dict:
    from yosanalysis.sample_national import write_national

    size = dict(services=20, rounds=4) if quick else {}
    files = write_national(work / "national", progress=False, **size)
    audit = next(p for p in files if "audit" in p.name)
    bank = next(p for p in files if "question" in p.name)
    floor = min((probe(audit, bank, "floor") for _ in range(3)), key=lambda r: r["seconds"])
    clean = min((probe(audit, bank, "clean") for _ in range(3)), key=lambda r: r["seconds"])
    clean["peak"] = probe(audit, bank, "clean", "memory")["peak"]  # a run of its own
    return {
        "file_mb": round(audit.stat().st_size / 1e6, 1),
        "answers": clean["answers"],
        "rows": clean["rows_read"],
        "read_csv_seconds": round(floor["seconds"], 2),
        "clean_seconds": round(clean["seconds"], 2),
        "clean_over_read_csv": round(clean["seconds"] / floor["seconds"], 2),
        "peak_mb": round(clean["peak"] / 1e6, 1),
        "frame_mb": round(clean["frame_bytes"] / 1e6, 1),
        "peak_over_frame": round(clean["peak"] / clean["frame_bytes"], 2),
    }


# --- the chart floor: the work a pack cannot avoid -------------------------------------------

def pack_charts() -> tuple[int, int]:
    """The charts the sample pack draws, and how many of them also as PNG: its pages (those of
    `reports/sample.yaml`) built with `yosanalysis.pages` (as `bench/charts.py` builds them), a
    PNG for each chart of the pages in the Word paper (`BOARD_PAPER_PAGES`), as the pack draws
    them."""
    sys.path.insert(0, str(ROOT / "bench"))
    from charts import build

    from yosanalysis.pages import PAGES
    from yosanalysis.report import load_config
    from yosanalysis.report.board_paper import BOARD_PAPER_PAGES

    shown = load_config(ROOT / "reports" / "sample.yaml").notebooks
    _, built = build(False)
    counts = {name: len(page.figures()) for name, page in zip(PAGES, built, strict=True)
              if name in shown}
    return sum(counts.values()), sum(n for name, n in counts.items() if name in BOARD_PAPER_PAGES)


def chart_floor(charts: int, png: int) -> float:
    """Seconds, wall clock, of one plain Python process drawing `charts` board-sized charts as
    SVG and `png` of them as 200 dpi PNG (`bench/chart_floor.py`), process start included."""
    start = time.perf_counter()
    subprocess.run([PY, ROOT / "bench" / "chart_floor.py", "--charts", str(charts), "--png",
                    str(png)], check=True, capture_output=True)
    return time.perf_counter() - start


def drawn_by(pack: Path) -> tuple[int, int]:
    """The SVG and PNG files a built pack's manifest lists (a check on `pack_charts`)."""
    figures = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))["figures"]
    return sum(f.endswith(".svg") for f in figures), sum(f.endswith(".png") for f in figures)


def floor_of(charts: tuple[int, int], n: int = 3) -> float:
    return min(chart_floor(*charts) for _ in range(n))


# --- the sample report against the chart floor and the naive way -----------------------------

def naive(work: Path) -> None:
    """One `papermill` then one `jupyter nbconvert` process per notebook, one after another."""
    from yosanalysis.report import load_config
    from yosanalysis.report.execute import declared_parameters

    cfg = load_config(ROOT / "reports" / "sample.yaml")
    params = cfg.notebook_parameters()
    out = work / "naive"
    out.mkdir(exist_ok=True)
    for name in cfg.notebooks:
        source = ROOT / "notebooks" / f"{name}.ipynb"
        mine = {k: v for k, v in params.items() if k in declared_parameters(source)}
        yaml_file = out / f"{name}.yaml"
        yaml_file.write_text(json.dumps(mine))
        executed = out / f"{name}.ipynb"
        subprocess.run([BIN / "papermill", source, executed, "-k", "yosanalysis", "-f",
                        yaml_file, "--cwd", ROOT / "notebooks", "--no-progress-bar"],
                       check=True, capture_output=True)
        subprocess.run([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input",
                        executed], check=True, capture_output=True)


def make_report(extra: list[str]) -> None:
    subprocess.run(["make", "-s", "report", *extra], cwd=ROOT, check=True, capture_output=True)


def bench_report(work: Path, charts: tuple[int, int]) -> dict:
    from yosanalysis.report import build_report

    sample_cfg = ROOT / "reports" / "sample.yaml"
    outputs = work / "outputs"
    jobs = os.cpu_count() or 1
    # one warm-up each (kernel specs, font caches), then the best of three, taken in turns
    build_report(sample_cfg, force=True, outputs=outputs)
    chart_floor(*charts)
    report, floor = [], []
    for _ in range(3):
        report.append(timed(build_report, sample_cfg, force=True, outputs=outputs))
        floor.append(chart_floor(*charts))
    drawn = drawn_by(outputs / "sample")
    naive_s = best_of(1, naive, work)
    make_report([])  # make sure the project's own pack is current
    rerun = best_of(3, make_report, [])
    return {
        "notebooks": 5,
        "jobs": jobs,
        "charts": charts[0],
        "png": charts[1],
        "pack_svg_png_files": list(drawn),
        "report_seconds": round(min(report), 2),
        "report_runs": [round(t, 2) for t in report],
        "floor_seconds": round(min(floor), 2),
        "floor_runs": [round(t, 2) for t in floor],
        "naive_seconds": round(naive_s, 2),
        "report_over_floor": round(min(report) / min(floor), 2),
        "naive_over_report": round(naive_s / min(report), 2),
        "rerun_make_report_seconds": round(rerun, 2),
    }


# --- packs for many services ---------------------------------------------------------------

def national_report(files: list[Path], config: Path) -> Path:
    """Write the YAML of a report on the national sample's `files` (`write_national`) to
    `config`; returns it."""
    by = {f.name: f for f in files}
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        "report: national\nservice: Synthetic service 001\nsynthetic: true\ninputs:\n"
        f"  inspection: {by['synthetic-national-sqs-inspection.csv']}\n"
        f"  benchmark: {by['synthetic-national-sqs-inspection.csv']}\n"
        f"  audit: {by['synthetic-national-audit.csv']}\n"
        f"  questions: {by['synthetic-national-question-bank.csv']}\n", encoding="utf-8")
    return config


def bench_services(work: Path, sizes: list[int]) -> dict:
    """Time per pack for N services (`--services`), with --jobs 1 and --jobs 2, from one national
    file of max(sizes) services."""
    from yosanalysis.report import load_config
    from yosanalysis.report.services import build_services, service_slug
    from yosanalysis.sample_national import write_national

    project = work / "services"
    files = write_national(project / "data", services=max(sizes), progress=False)
    cfg = load_config(national_report(files, project / "reports" / "national.yaml"))
    names = [f"Synthetic service {i:03d}" for i in range(1, max(sizes) + 1)]
    out: dict = {}
    for jobs in (1, 2):
        for n in sizes:
            seconds = timed(build_services, cfg, ",".join(names[:n]), outputs=work / "svc-out",
                            notebooks_dir=ROOT / "notebooks", jobs=jobs, force=True)
            out[f"n{n}_jobs{jobs}_seconds_per_pack"] = round(seconds / n, 2)
            # these packs have no inspection pages' charts: the floor draws what they drew
            drawn = [drawn_by(work / "svc-out" / f"national-{service_slug(s)}")
                     for s in names[:n]]
            charts = (round(sum(d[0] for d in drawn) / n), round(sum(d[1] for d in drawn) / n))
            out[f"n{n}_jobs{jobs}_charts"] = list(charts)
            floor = floor_of(charts)  # measured beside each pack figure
            out[f"n{n}_jobs{jobs}_floor_seconds"] = round(floor, 2)
            out[f"n{n}_jobs{jobs}_per_pack_over_floor"] = round(seconds / n / floor, 2)
    return out


# --- every service: the whole run, its time and its peak memory ----------------------------

ALL_PROBE = r"""
import sys
from pathlib import Path
from yosanalysis.report import load_config
from yosanalysis.report.services import build_services
config, outputs, notebooks = sys.argv[1:4]
result = build_services(load_config(Path(config)), "all", outputs=Path(outputs),
                        notebooks_dir=Path(notebooks), jobs=2, force=True)
print(len(result.packs))
"""


def tree_rss(process) -> int:
    """The resident memory of a process and all its descendants, in bytes (psutil)."""
    import psutil

    total = 0
    for each in [process, *process.children(recursive=True)]:
        try:
            total += each.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def bench_all_services(work: Path) -> dict:
    """`--services all` on the national sample (155 services), --jobs 2, in its own process:
    the wall-clock time of the whole run, and the peak of the resident memory of the process
    and every process it starts (kernels, Chromium), summed, sampled every 0.2 s (psutil)."""
    import psutil

    from yosanalysis.sample_national import write_national

    project = work / "all"
    config = national_report(write_national(project / "data", progress=False),
                             project / "national.yaml")
    start = time.perf_counter()
    child = subprocess.Popen([PY, "-c", ALL_PROBE, str(config), str(work / "all-out"),
                              str(ROOT / "notebooks")], stdout=subprocess.PIPE, text=True)
    watched, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        peak = max(peak, tree_rss(watched))
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    packs = int((child.stdout.read() if child.stdout else "0").strip() or 0)
    if child.returncode != 0:
        raise SystemExit(f"--services all failed with exit code {child.returncode}")
    return {"services": packs, "jobs": 2, "seconds": round(seconds, 1),
            "seconds_per_pack": round(seconds / max(packs, 1), 2),
            "peak_rss_mb": round(peak / 2**20)}


# --- writing the results --------------------------------------------------------------------

def table(results: dict) -> str:
    c, r = results.get("cleaning"), results.get("report")
    rows = ["| measure | result | target |", "| --- | --- | --- |"]
    if c:
        rows += [
            f"| cleaning the national audit file ({c['answers']:,} answers, {c['file_mb']} MB) "
            f"÷ `pandas.read_csv` of it | {c['clean_seconds']} s ÷ {c['read_csv_seconds']} s = "
            f"**{c['clean_over_read_csv']}×** | ≤ 3× |",
            f"| peak memory while cleaning ÷ the cleaned DataFrame | {c['peak_mb']} MB ÷ "
            f"{c['frame_mb']} MB = **{c['peak_over_frame']}×** | ≤ 4× |",
        ]
    if r:
        rows += [
            f"| `yosanalysis report --force` on the sample ({r['notebooks']} notebooks, "
            f"--jobs {r['jobs']}, PDF and Word paper included) ÷ the chart floor "
            f"({r['charts']} charts, {r['png']} PNG) | {r['report_seconds']} s ÷ "
            f"{r['floor_seconds']} s = **{r['report_over_floor']}×** | ≤ 1.5× |",
            f"| the naive way (a `papermill` and a `jupyter nbconvert` process per notebook) ÷ "
            f"`make report` | {r['naive_seconds']} s ÷ {r['report_seconds']} s = "
            f"**{r['naive_over_report']}×** faster | ≥ 3× |",
            f"| a second `make report` with nothing changed | **{r['rerun_make_report_seconds']}"
            " s** | < 2 s |",
        ]
    sv = results.get("services")
    if sv:
        sizes = sorted({int(k.split("_")[0][1:]) for k in sv if k.endswith("_seconds_per_pack")})
        for n in sizes:
            for j in (1, 2):
                per = sv[f"n{n}_jobs{j}_seconds_per_pack"]
                fl = sv.get(f"n{n}_jobs{j}_floor_seconds")
                ratio = sv.get(f"n{n}_jobs{j}_per_pack_over_floor")
                target = "≤ 1.0×" if n >= 10 and j == 2 else "–"
                rows.append(f"| time per pack, {n} service{'s' if n != 1 else ''}, --jobs {j}, "
                            f"÷ the chart floor | {per} s ÷ {fl} s = **{ratio}×** | {target} |")
        large = sizes[-1]
        rows.append(f"| projected: packs for 155 services from the {large}-service run, --jobs 2"
                    f" | **{155 * sv[f'n{large}_jobs2_seconds_per_pack'] / 60:.0f} min** | "
                    "about 10 min |")
    al = results.get("all")
    if al:
        rows += [
            f"| `--services all` on the national sample ({al['services']} packs, --jobs 2): "
            f"the whole run | **{al['seconds'] / 60:.1f} min**, {al['seconds_per_pack']} s a "
            "pack | about 10 min |",
            f"| peak memory of that run (resident, the command and every kernel and Chromium it "
            f"starts, summed) | **{al['peak_rss_mb'] / 1024:.2f} GB** | < 4 GB |",
        ]
    return "\n".join(rows)


def write_docs(results: dict, path: Path) -> None:
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    text = path.read_text(encoding="utf-8")
    block = (f"{start}\nMeasured on {results['date']} ({results['machine']}) with "
             f"`{results['command']}`:\n\n{table(results)}\n{end}")
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    path.write_text(head + block + tail, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller national file")
    parser.add_argument("--only", choices=("cleaning", "report", "services", "all"),
                        default=None)
    parser.add_argument("--services", default="1,10,50",
                        help="numbers of services to build packs for (default 1,10,50)")
    args = parser.parse_args()
    results: dict = {
        "date": date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}, "
                   f"{platform.machine()}",
        "command": " ".join(["python bench/run.py", *sys.argv[1:]]),
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.only in (None, "cleaning"):
            print("cleaning the national audit file ...", file=sys.stderr)
            results["cleaning"] = bench_cleaning(work, args.quick)
        if args.only in (None, "report"):
            print("building the sample report, the chart floor and the naive way ...",
                  file=sys.stderr)
            results["report"] = bench_report(work, pack_charts())
        if args.only in (None, "services"):
            print("building packs for many services ...", file=sys.stderr)
            results["services"] = bench_services(
                work, [int(n) for n in args.services.split(",")])
        if args.only in (None, "all") and not args.quick:
            print("building a pack for every service of the national sample ...",
                  file=sys.stderr)
            results["all"] = bench_all_services(work)
        shutil.rmtree(work, ignore_errors=True)
    out = ROOT / "bench" / "results" / f"{results['date']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    if args.only and not args.quick and out.is_file():
        # one part measured again: it replaces that part of the day's full run
        earlier = json.loads(out.read_text(encoding="utf-8"))
        if all(k in earlier for k in ("cleaning", "report", "services", "all")):
            results = {**earlier, args.only: results[args.only],
                       "command": f"{earlier['command']}` then `{results['command']}"}
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if not args.quick and all(k in results for k in ("cleaning", "report", "services", "all")):
        write_docs(results, ROOT / "docs" / "performance.md")  # from full runs only
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
