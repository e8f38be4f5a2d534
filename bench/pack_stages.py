"""Where a `--services` pack's time goes: one run of N services' packs (the national sample, as
`bench/run.py --only services` builds them) at `--jobs J`, its time per pack, the CPU time of
this process and of its children, and the wall-clock seconds spent in each stage of the build,
summed over the packs (stages overlap: they run in several threads). Not a test, and not the
harness: a probe for finding fixed costs per pack.

    python bench/pack_stages.py --services 10 --jobs 2 [--work DIR] [--printing]

`--printing` then prints the PDFs of the packs just built one after another twice: with a
Chromium started for each (`chromium --print-to-pdf`, as builds did before issue 17) and with
one `PdfPrinter` kept open, and says the seconds and CPU seconds of each way.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def stage_timer() -> tuple[dict[str, float], dict[str, int]]:
    """Wrap each stage of a build so that its wall-clock seconds are summed per stage."""
    import yosanalysis.privacy.scan as scan
    import yosanalysis.report.board_paper as board_paper
    import yosanalysis.report.execute as execute
    import yosanalysis.report.export as export
    import yosanalysis.report.pack as pack
    import yosanalysis.report.pdf as pdf
    import yosanalysis.report.printer as printer

    totals: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    lock = threading.Lock()

    def wrap(owner, name: str, label: str) -> None:
        real = getattr(owner, name)

        @functools.wraps(real)
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                with lock:
                    totals[label] += time.perf_counter() - start
                    counts[label] += 1

        setattr(owner, name, timed)

    for owner, name, label in [
        (pack, "_build_pack", "whole build of a pack"),
        (execute, "run_notebook", "a notebook run (papermill, in a kernel)"),
        (export, "export_html", "a page exported to HTML (nbconvert)"),
        (board_paper, "write_board_paper", "the Word paper"),
        (scan, "check_pack", "a privacy scan (2 a pack)"),
        (pdf, "printable_html", "the printable HTML of a pack"),
        (printer.PdfPrinter, "print", "printing the PDF (Chromium)"),
        (pack, "check_inputs", "inputs checked"),
    ]:
        wrap(owner, name, label)
    return totals, counts


def services_run(work: Path, n: int, jobs: int) -> tuple[float, Path]:
    """Build N services' packs into `work/out`; returns the seconds and the outputs folder."""
    from run import national_report  # bench/run.py, beside this script

    from yosanalysis.report import load_config
    from yosanalysis.report.services import build_services
    from yosanalysis.sample_national import write_national

    project = work / "project"
    config = project / "reports" / "national.yaml"
    if not config.is_file():
        national_report(write_national(project / "data", services=n, progress=False), config)
    cfg = load_config(config)
    names = [f"Synthetic service {i:03d}" for i in range(1, n + 1)]
    start = time.perf_counter()
    build_services(cfg, ",".join(names), outputs=work / "out", notebooks_dir=ROOT / "notebooks",
                   jobs=jobs, force=True)
    return time.perf_counter() - start, work / "out"


def printing(outputs: Path) -> None:
    """The packs' PDFs printed one after another: a Chromium each, then one kept open."""
    from yosanalysis.report.pdf import printable_html
    from yosanalysis.report.printer import CHROMIUM_FLAGS, PdfPrinter, chromium_path

    packs = sorted(p for p in outputs.glob("national-synthetic-service-*")
                   if p.is_dir() and not p.name.endswith(".analyst"))
    with tempfile.TemporaryDirectory() as tmp:
        sources = []
        for i, pack in enumerate(packs):
            sources.append(Path(tmp) / f"pack{i}.html")
            sources[-1].write_text(printable_html(pack), encoding="utf-8")
        start, cpu = time.perf_counter(), _cpu()
        for i, source in enumerate(sources):
            with tempfile.TemporaryDirectory() as profile:
                subprocess.run([chromium_path(), "--headless", *CHROMIUM_FLAGS,
                                f"--user-data-dir={profile}", "--no-pdf-header-footer",
                                "--generate-pdf-document-outline",
                                f"--print-to-pdf={Path(tmp) / f'old{i}.pdf'}", source.as_uri()],
                               capture_output=True, check=True, env={**os.environ,
                                                                     "HOME": profile})
        each = (time.perf_counter() - start) / len(sources)
        print(f"a Chromium per PDF: {each:.2f} s a PDF, {(_cpu() - cpu) / len(sources):.2f} s "
              "of CPU")
        start, cpu = time.perf_counter(), _cpu()
        with PdfPrinter() as printer:
            for i, source in enumerate(sources):
                printer.print(source, Path(tmp) / f"new{i}.pdf")
        each = (time.perf_counter() - start) / len(sources)
        print(f"one Chromium kept open: {each:.2f} s a PDF (its start included), "
              f"{(_cpu() - cpu) / len(sources):.2f} s of CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=None,
                        help="a folder kept between runs (default: a temporary one)")
    parser.add_argument("--printing", action="store_true")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="yos-stages-"))
    totals, counts = stage_timer()
    cpu = os.times()
    seconds, outputs = services_run(work, args.services, args.jobs)
    after = os.times()
    print(f"{args.services} services, --jobs {args.jobs}: {seconds:.2f} s, "
          f"{seconds / args.services:.2f} s a pack; load average "
          f"{', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print(f"CPU a pack: this process {(after.user + after.system - cpu.user - cpu.system) / args.services:.2f} s, "  # noqa: E501
          f"its children {(after.children_user + after.children_system - cpu.children_user - cpu.children_system) / args.services:.2f} s")  # noqa: E501
    for label, total in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {label:42s} {counts[label]:4d} × {total / counts[label]:.2f} s"
              f" = {total / args.services:.2f} s a pack")
    if args.printing:
        printing(outputs)


if __name__ == "__main__":
    main()
