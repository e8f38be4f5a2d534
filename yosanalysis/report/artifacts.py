"""What a pack keeps of each page besides its HTML: the page an executed notebook displayed, and
its figures (SVG, and PNG where drawn) and the numbers behind its figures and tables (CSV)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from yosanalysis.errors import ReportError
from yosanalysis.writing import write_csv

__all__ = ["page_of", "write_artifacts"]


def page_of(nb: Any) -> dict[str, Any]:
    """The page an executed notebook displayed (`Page.to_dict()`); ReportError when it shows
    none.

    >>> import nbformat
    >>> from yosanalysis.pages.blocks import MIME
    >>> shown = nbformat.v4.new_output("display_data", data={MIME: {"title": "Overview"}})
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[shown])])
    >>> page_of(nb)
    {'title': 'Overview'}
    """
    from yosanalysis.pages.blocks import MIME as PAGE_MIME

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if PAGE_MIME in data:
                return dict(data[PAGE_MIME])
    raise ReportError(f"{nb.metadata.get('title', 'a notebook')}: it displays no page "
                      "(a yosanalysis.pages function's result)")


def write_artifacts(stem: str, page: dict[str, Any], pack: Path) -> dict[str, list[str]]:
    """Each figure of `page` as `figures/<stem>-<name>.svg` (and `.png` where drawn), and the
    numbers behind each figure and each table as `tables/<stem>-<name>.csv` (cells a spreadsheet
    would run as formulas escaped); returns the files written, relative to `pack`.

    >>> import tempfile
    >>> pack = Path(tempfile.mkdtemp())
    >>> for sub in ("figures", "tables"):
    ...     (pack / sub).mkdir()
    >>> write_artifacts("01_a", {"blocks": [{"kind": "table", "name": "Scores",
    ...     "columns": ["Theme", "Score (%)"], "rows": [["=SUM(A1)", 91]]}]}, pack)
    {'figures': [], 'tables': ['tables/01_a-scores.csv']}
    >>> (pack / "tables" / "01_a-scores.csv").read_text().splitlines()[1]
    "'=SUM(A1),91"
    """
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
