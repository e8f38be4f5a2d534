"""Turning an executed notebook into a page for board readers: no code, no prompts, no parameter
cells, no console output, nothing fetched from the internet; charts inline with their alt text; a
provenance footer. One exporter is made and reused for every page."""

from __future__ import annotations

import copy
import threading
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["export_html", "reader_notebook"]

_REMOVE_TAGS = {"parameters", "injected-parameters", "remove-cell", "remove_cell"}
_LOCK = threading.Lock()
TEMPLATES = Path(str(resources.files("yosanalysis.report").joinpath("templates")))


@cache
def _exporter():
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="yosanalysis",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    return exporter


def css() -> str:
    """The pack's style sheet."""
    return (TEMPLATES / "pack.css").read_text(encoding="utf-8")


def reader_notebook(nb: Any) -> Any:
    """A copy of an executed notebook holding only what a reader should see: markdown cells, and
    the display outputs of code cells (console streams and errors removed); parameter cells and
    cells tagged `remove-cell` dropped."""
    nb = copy.deepcopy(nb)
    kept = []
    for cell in nb.cells:
        if _REMOVE_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if o.get("output_type") in ("display_data", "execute_result")]
            if not cell.outputs:
                continue
        elif cell.cell_type != "markdown":
            continue
        kept.append(cell)
    nb.cells = kept
    return nb


def export_html(nb: Any, *, title: str, nav: str, footer: str) -> str:
    """The reader's HTML page of an executed notebook. `nav` and `footer` are HTML made by the
    report (escaped there); the page's language is British English."""
    from bs4 import BeautifulSoup

    reader = reader_notebook(nb)
    reader.metadata["title"] = title
    with _LOCK:
        html, _ = _exporter().from_notebook_node(reader, resources={"yos_css": css()})
    soup = BeautifulSoup(html, features="html.parser")
    soup.html["lang"] = "en-GB"
    # nbconvert makes every output block a tab stop; keyboard users should stop at links only
    for element in soup.select("[tabindex]"):
        del element["tabindex"]
    main = soup.find("main")
    if nav:
        main.insert(0, BeautifulSoup(nav, features="html.parser"))
    main.append(BeautifulSoup(footer, features="html.parser"))
    return str(soup)


def provenance_details(rows: list[tuple[str, str]]) -> str:
    """How the pack was made, once, on the front page: (label, value) pairs, escaped, in a
    collapsed `<details>` block (the manifest keeps the same detail as data)."""
    body = "".join(f'<tr><th scope="row">{escape(k)}</th><td>{escape(v)}</td></tr>'
                   for k, v in rows)
    return (
        '<details class="yos-provenance"><summary>How this pack was made</summary>'
        '<table class="yos-table"><caption>Provenance</caption>'
        f"<tbody>{body}</tbody></table></details>"
    )


def page_footer(built: str, files: list[str]) -> str:
    """The short line at the foot of every page: when the pack was built, from which files (by
    name; by number where naming them all would run past a couple of lines), and a link to the
    full detail on the front page.

    >>> print(page_footer("2026-11-30 14:02 UTC", ["audit.csv", "scores.csv"]))
    <footer class="yos-provenance"><p>Built on 2026-11-30 14:02 UTC from audit.csv and scores.csv. <a href="index.html#how-made">How this pack was made</a></p></footer>
    >>> "from 9 input files" in page_footer("today", [f"a-long-file-name-{i}.csv" for i in range(9)])
    True
    """  # noqa: E501
    from yosanalysis.format import names_list

    named = names_list(files)
    sources = "" if not files else (
        f" from {named}" if len(named) <= _NAMED_FILES else f" from {len(files)} input files")
    return (f'<footer class="yos-provenance"><p>Built on {escape(built)}{escape(sources)}. '
            '<a href="index.html#how-made">How this pack was made</a></p></footer>')


# file names longer than this together are counted, not listed, at the foot of a page
_NAMED_FILES = 120
