"""The chart floor: the work a pack cannot avoid, drawing its charts, in one plain Python process.

    python bench/chart_floor.py --charts N --png P

Imports matplotlib, then draws N board-sized charts (16 x 9 cm, a bar chart of five bars with a
title, axis labels and a value label on each bar, constrained layout, as the suite's charts are),
saves each as SVG and the first P of them also as a 200 dpi PNG, in memory. Prints one JSON line:
the seconds from the start of the process's own work (the import of matplotlib included) to the
last chart saved. No yosanalysis code is imported: this is what any Python program drawing the
same charts pays. `bench/run.py` counts N and P from the sample pack's pages and runs this in the
same run as each pack it measures, so a busy machine slows both sides alike.
"""

from __future__ import annotations

import argparse
import io
import json
import time

START = time.perf_counter()


def draw(i: int, png: bool) -> int:
    """One chart, saved as SVG (and PNG when `png`); the bytes written."""
    from matplotlib.figure import Figure

    cm = 1 / 2.54
    fig = Figure(figsize=(16 * cm, 9 * cm), dpi=200, layout="constrained")
    ax = fig.add_subplot()
    labels = ["Assessment", "Planning", "Implementation", "Reviewing", "Overall"]
    values = [(37 * (i + 1) + 13 * k) % 60 + 30 for k in range(len(labels))]
    bars = ax.barh(labels, values, color="#1f5fa8")
    ax.bar_label(bars, labels=[f"{v}%" for v in values], padding=3)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Answers 'Yes' (%)")
    ax.set_title(f"Chart {i + 1}: share of 'Yes' answers by theme", loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    written = 0
    svg = io.BytesIO()
    fig.savefig(svg, format="svg")
    written += svg.tell()
    if png:
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=200)
        written += out.tell()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, required=True, help="charts drawn as SVG")
    parser.add_argument("--png", type=int, default=0, help="of which also drawn as 200 dpi PNG")
    args = parser.parse_args()
    import matplotlib

    matplotlib.use("agg")
    size = sum(draw(i, i < args.png) for i in range(args.charts))
    print(json.dumps({"seconds": round(time.perf_counter() - START, 3), "charts": args.charts,
                      "png": args.png, "bytes": size}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
