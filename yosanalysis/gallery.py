"""`yosanalysis gallery --out DIR [--data DIR]`: every chart of the suite, for review — the
pages of the sample board packs (the Stockton-on-Tees sample, and the 2018-framework ratings of
the fictional Northshire), drawn by the same page functions as a pack, so a chart reads here
exactly as it does on a board's page. Each chart is written as SVG and PNG, and `index.html`
shows them, page by page, with their alt text and the numbers behind them (a "Show the data"
block under each), and the pages' tables.

The page is self-contained and accessible: `lang="en-GB"`, a title, one `h1`, every chart an
inline SVG with `role="img"` and its alt text, tables with captions and `<th scope="col">`
headers, and nothing fetched from elsewhere. No case reference or auditor's name reaches it: the
pages take only aggregated tables, and the same privacy scan as a pack checks it.

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
    """One entry of the gallery: a page's figure or table (`block`), under the page's title."""

    name: str
    heading: str
    block: object


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


def gallery_pages(data_dir: str | Path) -> list:
    """The pages the gallery shows: every page of the sample pack, and the comparison page of
    the 2018-framework ratings (as `yosanalysis.pages.Page`)."""
    from yosanalysis import pages

    paths = _paths(Path(data_dir))
    params = pages.Params(service=SERVICE, inspection="SQS 2013", scheme="hmip-2013",
                          synthetic=True, rounds=("2013 Q4", "2014 Q4"))
    inputs = pages.Inputs.load(params, **paths)
    shown = [page(inputs, params) for page in pages.PAGES.values()]
    rated = pages.Params(service=RATINGS_SERVICE, scheme="hmip-2018", synthetic=True)
    shown.append(pages.comparison(pages.Inputs(ratings=inputs.ratings), rated))
    return shown


def build_gallery(data_dir: str | Path) -> list[GalleryItem]:
    """Every chart (and table) of the sample pages in `data_dir`, in the pages' order."""
    from yosanalysis.pages.blocks import Figure, Table

    items: list[GalleryItem] = []
    seen: set[str] = set()
    for page in gallery_pages(data_dir):
        for block in page.blocks:
            if not isinstance(block, Figure | Table):
                continue
            name = f"{page.key[:2]}-{slug(block.name)[:60].strip('-')}"
            if name in seen:  # the same chart on two pages (the ratings, say): once is enough
                continue
            seen.add(name)
            what = block.title if isinstance(block, Figure) else block.caption
            items.append(GalleryItem(name, f"{page.title}: {what}", block))
    return items


def _css() -> str:
    """The pack's own style sheet, and a rule or two for the gallery's index."""
    from yosanalysis.report.export import css

    return css() + "\nsection { border-top: 1px solid #b1b4b6; margin-top: 2rem; }\n" \
        ".files { font-size: 0.9rem; }\n"


def _section(item: GalleryItem) -> str:
    from yosanalysis.pages.blocks import Figure
    from yosanalysis.render.html import block_html

    parts = [f'<section id="{escape(item.name)}">', f"<h2>{escape(item.heading)}</h2>",
             block_html(item.block)]
    if isinstance(item.block, Figure):
        parts.append("<details><summary>Show the alt text</summary>"
                     f"<p>{escape(item.block.alt)}</p></details>")
        links = [f'<a href="{escape(item.name)}.{fmt}">{escape(item.name)}.{fmt}</a>'
                 for fmt in ("svg", "png") if fmt == "svg" or item.block.png]
        parts.append(f'<p class="files">Files: {", ".join(links)}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def write_gallery(items: Sequence[GalleryItem], out: str | Path) -> Path:
    """Save every chart of `items` as PNG and SVG in `out` and write `out/index.html`; return
    the path of the index."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    from yosanalysis.pages.blocks import Figure

    for item in items:
        if isinstance(item.block, Figure):
            (folder / f"{item.name}.svg").write_text(item.block.svg, encoding="utf-8")
            if item.block.png:
                (folder / f"{item.name}.png").write_bytes(item.block.png)
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
        f"<style>{_css()}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<h1>Chart gallery</h1>",
        "<p>Every chart of yosanalysis, drawn by the pages of the sample board packs from the "
        "sample data that ships with it, for review. Apart from the published theme averages "
        "of the Stockton-on-Tees inspection, the data is synthetic or illustrative. Each chart "
        "has its alt text and the numbers behind it one click away.</p>",
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
    from yosanalysis.pages.blocks import Figure

    charts_written = sum(isinstance(item.block, Figure) for item in items)
    print(f"Wrote {charts_written} charts (PNG and SVG) and {index}")
    return 0
