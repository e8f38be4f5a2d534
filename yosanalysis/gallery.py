"""`yosanalysis gallery --out DIR [--data DIR]`: every chart of the suite drawn from the sample
data, for review: a PNG and an SVG of each, and an `index.html` that shows them with their alt
text and the numbers behind them (a "Show the data" block under each), and the descriptor table.

The page is self-contained and accessible: `lang="en-GB"`, a title, one `h1`, every image with
its alt text, tables with captions and `<th scope="col">` headers, and nothing fetched from
elsewhere. No case reference or auditor's name reaches it: the charts take only aggregated
tables.

>>> from pathlib import Path
>>> default_data_dir().name
'sample'
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pandas as pd
from pandas.io.formats.style import Styler

from yosanalysis.charts import Chart, data_table, descriptor_table
from yosanalysis.errors import InputError
from yosanalysis.format import slug

__all__ = ["SAMPLE_FILES", "GalleryItem", "build_gallery", "default_data_dir", "main",
           "write_gallery"]

log = logging.getLogger(__name__)

#: The sample files the gallery draws on (in `data/sample`), by role.
SAMPLE_FILES = {
    "inspection": "stockton-sqs-2013-inspection.csv",
    "previous_inspection": "synthetic-stockton-cci-2010-inspection.csv",
    "audit": "synthetic-stockton-audit-2012-2014.csv",
    "questions": "synthetic-stockton-question-bank.csv",
    "recommendations": "stockton-sqs-2013-recommendations.csv",
    "benchmark": "synthetic-sqs-benchmark.csv",
    "ratings": "synthetic-hmip2018-ratings.csv",
}
SERVICE = "Stockton-on-Tees"
#: The service whose ratings the hmip-2018 chart marks (a fictional one, in the ratings file).
RATINGS_SERVICE = "Northshire"


@dataclass
class GalleryItem:
    """One entry of the gallery: a chart (saved as `<name>.png|svg`) or a table."""

    name: str
    heading: str
    chart: Chart | None = None
    table: Styler | None = None
    note: str = ""


def default_data_dir() -> Path:
    """`data/sample` of the working folder if there is one, else the project's own."""
    here = Path.cwd() / "data" / "sample"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[1] / "data" / "sample"


def _paths(data_dir: Path) -> dict[str, Path]:
    if not data_dir.is_dir():
        raise InputError(data_dir, "no such folder of sample data (give --data DIR)")
    paths = {role: data_dir / name for role, name in SAMPLE_FILES.items()}
    missing = [p.name for p in paths.values() if not p.is_file()]
    if missing:
        raise InputError(
            data_dir, f"sample file{'s' if len(missing) > 1 else ''} missing: {', '.join(missing)}"
            " (write them with `yosanalysis sample --out DIR`)"
        )
    return paths


def _label(table: pd.DataFrame, fallback: str) -> str:
    labels = table["inspection"].dropna().astype(str).unique() if "inspection" in table else []
    return str(labels[0]) if len(labels) == 1 else fallback


def build_gallery(data_dir: str | Path) -> list[GalleryItem]:
    """Every chart of the suite (and the descriptor table) from the sample data in `data_dir`."""
    from yosanalysis import charts
    from yosanalysis.clean import load
    from yosanalysis.compare import (
        compare_inspections,
        compare_rounds,
        ratings_distribution,
        track_recommendations,
    )
    from yosanalysis.scoring import audit_scores, inspection_summary

    paths = _paths(Path(data_dir))
    inspection = load(paths["inspection"], kind="inspection").data
    previous = load(paths["previous_inspection"], kind="inspection").data
    audit = load(paths["audit"], kind="audit", questions=paths["questions"])
    answers = audit.data
    recommendations = load(paths["recommendations"], kind="recommendations").data
    others = load(paths["benchmark"], kind="inspection").data
    ratings = load(paths["ratings"], kind="hmip-ratings").data

    bank = audit.questions if audit.questions is not None else pd.DataFrame(
        columns=["question_id", "theme", "question"])
    words = dict(zip(bank["question_id"].astype(str),
                     bank["question_id"].astype(str) + ". " + bank["question"].astype(str),
                     strict=True))
    this = _label(inspection, "the inspection")
    before = _label(previous, "the previous inspection")
    inspected = "HMIP Short Quality Screening of Stockton-on-Tees, November 2013"
    audited = "Stockton-on-Tees case file audits, 2012 to 2014"
    items: list[GalleryItem] = []

    summary = inspection_summary(inspection, scheme="hmip-2013")
    items.append(GalleryItem("theme-scores", "Theme scores", charts.theme_scores(
        summary, source=f"{inspected} (theme averages as published)")))
    items.append(GalleryItem(
        "descriptors", "Case assessment descriptors", table=descriptor_table("hmip-2013"),
        note="A real table, not a picture: the rating scheme's bands and stars."))

    themes = summary[summary["theme"] != "Overall"]
    lowest = str(themes.loc[themes["score"].idxmin(), "theme"])
    items.append(GalleryItem(f"breakdown-{slug(lowest)}", f"Breakdown: {lowest}",
                             charts.theme_breakdown(
        inspection, theme=lowest, source=f"{inspected} (item scores illustrative)")))
    by_question = audit_scores(answers, by=("audit", "theme", "question"))
    items.append(GalleryItem(f"audit-breakdown-{slug(lowest)}",
                             f"Breakdown from the case file audit: {lowest}",
                             charts.theme_breakdown(by_question, theme=lowest, labels=words,
                                                    source=audited, synthetic=True)))

    first = recommendations.iloc[0]
    question = str(first["questions"]).split(";")[0].strip()
    rounds_q = compare_rounds(answers, by="question")
    items.append(GalleryItem(f"trend-{slug(question)}", f"Across audit rounds: {question}",
                             charts.rounds_trend(rounds_q, name=question, labels=words,
                                                 source=audited, synthetic=True)))
    rounds_t = compare_rounds(answers, by="theme")
    items.append(GalleryItem(f"trend-{slug(lowest)}", f"Across audit rounds: {lowest}",
                             charts.rounds_trend(rounds_t, name=lowest, source=audited,
                                                 synthetic=True)))
    items.append(GalleryItem("rounds-compared", "The latest audit round against the one before",
                             charts.dumbbell(rounds_t, source=audited, synthetic=True)))
    items.append(GalleryItem(
        "inspections-compared", f"{this} against {before}",
        charts.dumbbell(compare_inspections(previous, inspection), before_label=before,
                        after_label=this, synthetic=True,
                        source=f"HMIP inspections of Stockton-on-Tees ({before} synthetic)")))

    services = others["service"].nunique()
    items.append(GalleryItem("benchmark-overall", "Against other services: overall",
                             charts.benchmark_position(
        others, service=SERVICE, synthetic=True,
        source=f"HMIP Short Quality Screening scores of {services} services")))
    items.append(GalleryItem(f"benchmark-{slug(lowest)}", f"Against other services: {lowest}",
                             charts.benchmark_position(
        others, service=SERVICE, theme=lowest, synthetic=True,
        source=f"HMIP Short Quality Screening scores of {services} services")))

    rated = ratings["service"].astype(str)
    marked = RATINGS_SERVICE if rated.eq(RATINGS_SERVICE).any() else sorted(rated.unique())[0]
    items.append(GalleryItem(
        "ratings-spread", "Ratings under the 2018 framework",
        charts.ratings_spread(ratings_distribution(ratings, marked), service=marked,
                              synthetic=True, source="HMIP youth inspection ratings")))

    tracked = track_recommendations(recommendations, answers)
    for rec_id in tracked["id"].astype(str).unique():  # one chart per recommendation
        items.append(GalleryItem(
            f"recommendation-{slug(rec_id)}", f"Recommendation {rec_id}",
            charts.recommendation_progress(tracked, recommendation=rec_id, source=audited,
                                           synthetic=True)))
    return items


_CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; max-width: 62rem;
       margin: 0 auto; padding: 1rem 1.5rem 3rem; line-height: 1.5; }
h1 { font-size: 2rem; margin-bottom: 0.5rem; }
h2 { font-size: 1.4rem; margin-top: 2.5rem; border-top: 1px solid #b1b4b6; padding-top: 1rem; }
img { max-width: 100%; height: auto; border: 1px solid #b1b4b6; }
figure { margin: 0; }
details { margin: 0.5rem 0; }
summary { cursor: pointer; color: #1d70b8; text-decoration: underline; }
a { color: #1d70b8; }
a:focus, summary:focus { outline: 3px solid #ffdd00; background: #ffdd00; color: #0b0c0c; }
table { border-collapse: collapse; margin: 0.5rem 0; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.25rem; }
th, td { text-align: left; padding: 0.25rem 0.75rem; border-bottom: 1px solid #b1b4b6; }
thead th { border-bottom: 2px solid #0b0c0c; }
.files { font-size: 0.9rem; }
"""


def _table_html(styler: Styler) -> str:
    return styler.to_html(exclude_styles=True)


def _section(item: GalleryItem) -> str:
    parts = [f'<section id="{escape(item.name)}">', f"<h2>{escape(item.heading)}</h2>"]
    if item.note:
        parts.append(f"<p>{escape(item.note)}</p>")
    if item.chart is not None:
        chart = item.chart
        parts.append(
            f'<figure><img src="{escape(item.name)}.png" alt="{escape(chart.alt, quote=True)}"'
            f' width="{round(chart.figure.get_figwidth() * 96)}"></figure>'
        )
        parts.append(
            "<details><summary>Show the alt text</summary>"
            f"<p>{escape(chart.alt)}</p></details>"
        )
        parts.append(
            "<details><summary>Show the data</summary>"
            f"{_table_html(data_table(chart.data, chart.title))}</details>"
        )
        parts.append(
            f'<p class="files">Files: <a href="{escape(item.name)}.png">{escape(item.name)}.png'
            f'</a>, <a href="{escape(item.name)}.svg">{escape(item.name)}.svg</a></p>'
        )
    if item.table is not None:
        parts.append(_table_html(item.table))
    parts.append("</section>")
    return "\n".join(parts)


def write_gallery(items: Sequence[GalleryItem], out: str | Path) -> Path:
    """Save every chart of `items` as PNG and SVG in `out` and write `out/index.html`; return
    the path of the index."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for item in items:
        if item.chart is not None:
            item.chart.save(folder, item.name)
    contents = "\n".join(
        f'<li><a href="#{escape(i.name)}">{escape(i.heading)}</a></li>' for i in items
    )
    html = "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Chart gallery – yosanalysis</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<h1>Chart gallery</h1>",
        "<p>Every chart of yosanalysis, drawn from the sample data that ships with it, for "
        "review. Apart from the published theme averages of the Stockton-on-Tees inspection, "
        "the data is synthetic or illustrative. Each chart has its alt text and the numbers "
        "behind it one click away.</p>",
        f'<nav aria-label="Charts"><ul>{contents}</ul></nav>',
        *(_section(item) for item in items),
        "</main>",
        "</body>",
        "</html>",
        "",
    ])
    index = folder / "index.html"
    index.write_text(html, encoding="utf-8")
    return index


def main(args: argparse.Namespace) -> int:
    """Run `yosanalysis gallery`: build every chart from `--data` (default: `data/sample`) and
    write them with their index to `--out`. Returns the exit code (0)."""
    from yosanalysis.privacy import check_pack, personal_details

    data_dir = Path(args.data) if getattr(args, "data", None) else default_data_dir()
    items = build_gallery(data_dir)
    index = write_gallery(items, args.out)
    # the gallery is for review by others: the same privacy check as a board pack
    paths = _paths(data_dir)
    check_pack(Path(args.out), personal_details([paths[r] for r in paths if "audit" in r]),
               consequence="remove the gallery folder before sharing it")
    charts_written = sum(item.chart is not None for item in items)
    print(f"Wrote {charts_written} charts (PNG and SVG) and {index}")
    return 0
