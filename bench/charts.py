"""What inline SVG charts save against PNG pictures, per chart, on the sample pack's pages.

    python bench/charts.py [--repeat N]

Builds every page of the sample pack in one process, twice over (charts drawn as SVG only, then
as SVG and PNG, as the pages in the Word paper draw them), takes the quickest of `--repeat` runs of
each, and reports per chart: the time a PNG adds, and the bytes a chart puts in its HTML page as
inline SVG against a base64 PNG `<img>` at the pack's 200 dpi. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import base64
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


def build(png: bool):
    from yosanalysis import pages
    from yosanalysis.gallery import SAMPLE_FILES

    params = pages.Params(service="Stockton-on-Tees", inspection="SQS 2013",
                          scheme="hmip-2013", synthetic=True, rounds=("2013 Q4", "2014 Q4"),
                          png=png)
    inputs = pages.Inputs.load(params, **{k: SAMPLE / v for k, v in SAMPLE_FILES.items()})
    start = time.perf_counter()
    built = [page(inputs, params) for page in pages.PAGES.values()]
    return time.perf_counter() - start, built


def main() -> int:
    from yosanalysis.render.html import inline_svg

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    build(True)  # warm: imports, fonts, the house style
    svg_only = min(build(False)[0] for _ in range(args.repeat))
    runs = [build(True) for _ in range(args.repeat)]
    with_png, built = min(runs, key=lambda run: run[0])
    figures = [f for page in built for f in page.figures()]
    n = len(figures)
    svg_bytes = sum(len(inline_svg(f.svg, alt=f.alt, name=f.name).encode()) for f in figures)
    png_bytes = sum(len(f'<img src="data:image/png;base64,{base64.b64encode(f.png).decode()}"'
                        f' alt="{f.alt}">'.encode()) for f in figures)
    print(f"{n} charts on the sample pack's five pages (quickest of {args.repeat} runs each)\n")
    print("| per chart | SVG only | SVG and PNG | PNG adds |")
    print("| --- | --- | --- | --- |")
    print(f"| time to build the pages ÷ charts | {svg_only / n:.3f} s | {with_png / n:.3f} s | "
          f"{(with_png - svg_only) / n:.3f} s |")
    print(f"| bytes in the HTML page | {svg_bytes / n / 1024:.1f} kB inline SVG | "
          f"{png_bytes / n / 1024:.1f} kB base64 PNG | {(png_bytes - svg_bytes) / n / 1024:+.1f}"
          " kB if PNG replaced SVG |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
