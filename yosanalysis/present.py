"""What a notebook shows a reader: charts with their alt text and data, tables, and sentences.

Notebooks call these instead of `display` so that every output is accessible and can be collected
by the report: each carries, beside its HTML, a machine-readable copy
(`application/vnd.yosanalysis+json`) from which `yosanalysis.report` writes `figures/` and
`tables/`. Nothing here writes a file. Text is always escaped: free text from inputs (service names,
comments, recommendation wording) shows as text, never as markup.

Small numbers are suppressed in every table a reader sees, in its HTML and in its machine-readable
rows alike (see `yosanalysis.privacy.reader_table`): a count of cases under the threshold shows as
"fewer than 5", a percentage resting on it as "suppressed". A notebook sets the threshold once from
its `suppress_below` parameter with `set_threshold`; it is 5 until then.

>>> import pandas as pd

>>> bundle = table_bundle(pd.DataFrame({"Theme": ["Protecting the public"], "Score (%)": [91.0]}),
...                       name="scores", caption="Theme scores")
>>> '<th scope="col">Score (%)</th>' in bundle["text/html"]
True
>>> bundle[MIME]["rows"]
[['Protecting the public', 91.0]]
>>> small = table_bundle(pd.DataFrame({"Question": ["Q1"], "Score (%)": [66.7], "Cases": [3]}))
>>> small[MIME]["rows"]
[['Q1', 'suppressed', 'fewer than 5']]
"""

from __future__ import annotations

import base64
import io
import math
import re
from collections.abc import Sequence
from html import escape
from typing import Any

import pandas as pd

from yosanalysis.format import slug
from yosanalysis.privacy import DEFAULT_THRESHOLD, check_threshold, reader_table

__all__ = ["MIME", "bullets", "figure_bundle", "get_threshold", "heading", "headline", "say",
           "set_threshold", "show", "summary_table", "table_bundle", "table_html"]

MIME = "application/vnd.yosanalysis+json"

# Counts under this many cases are suppressed in every table shown (set by `set_threshold`).
_threshold = DEFAULT_THRESHOLD


def set_threshold(threshold: int) -> int:
    """Suppress counts under `threshold` (and the percentages resting on them) in every table
    shown from now on; returns the threshold it replaces. Notebooks call it once with their
    `suppress_below` parameter. 0 suppresses nothing.

    >>> previous = set_threshold(10)
    >>> previous, get_threshold()
    (5, 10)
    >>> _ = set_threshold(previous)
    """
    global _threshold
    previous, _threshold = _threshold, check_threshold(threshold)
    return previous


def get_threshold() -> int:
    """The suppression threshold tables are shown with (5 unless `set_threshold` said otherwise).

    >>> get_threshold()
    5
    """
    return _threshold


def _for_readers(data: pd.DataFrame, counts: Sequence[str], percentages: Sequence[str],
                 threshold: int | None) -> pd.DataFrame:
    return reader_table(data, threshold=_threshold if threshold is None else threshold,
                        counts=counts, percentages=percentages)


def _slug(text: str) -> str:
    return slug(text)[:60].strip("-") or "item"


def _cell(value: Any, decimals: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{decimals}f}"
    return str(value)


_STARS = re.compile(r"^[★☆]+$")


def _stars_html(text: str) -> str:
    """Escaped cell text; a run of stars also reads as words to a screen reader.

    >>> _stars_html("★★★☆")
    '<span aria-hidden="true">★★★☆</span><span class="yos-sr">3 of 4 stars</span>'
    """
    if _STARS.match(text):
        return (f'<span aria-hidden="true">{text}</span>'
                f'<span class="yos-sr">{text.count("★")} of {len(text)} stars</span>')
    return escape(text)


def table_html(data: pd.DataFrame, caption: str = "", decimals: int = 0,
               row_headers: bool = True, *, counts: Sequence[str] = (),
               percentages: Sequence[str] = (), threshold: int | None = None) -> str:
    """An accessible HTML table: a caption, `<th scope="col">` headers and, by default, the first
    column as row headers. Every value is escaped; missing values show as an en dash. Small
    counts are suppressed (`counts` and `percentages` name columns beyond those recognised by
    name; `threshold` overrides `set_threshold` for this table).

    >>> html = table_html(pd.DataFrame({"a": ["<b>"], "b": [1.26]}), caption="T", decimals=1)
    >>> "&lt;b&gt;" in html and "<td>1.3</td>" in html
    True
    >>> "<td>fewer than 5</td>" in table_html(pd.DataFrame({"Theme": ["Staff"], "n": [2]}))
    True
    """
    return _table_html(_for_readers(data, counts, percentages, threshold), caption, decimals,
                       row_headers)


def _table_html(data: pd.DataFrame, caption: str, decimals: int, row_headers: bool) -> str:
    parts = ['<table class="yos-table">']
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in data.columns)
    parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
    for row in data.itertuples(index=False, name=None):  # rendering, not analysis
        cells = []
        for i, value in enumerate(row):
            text = _stars_html(_cell(value, decimals))
            if i == 0 and row_headers:
                cells.append(f'<th scope="row">{text}</th>')
            else:
                cells.append(f"<td>{text}</td>")
        parts.append(f"<tr>{''.join(cells)}</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _records(data: pd.DataFrame, decimals: int, counts: Sequence[str] = (),
             percentages: Sequence[str] = (), threshold: int | None = None,
             ) -> tuple[list[str], list[list[Any]]]:
    """Column names and rows as plain values (for JSON and CSV), small counts suppressed."""
    rounded = data.round(max(decimals, 1)) if len(data.columns) else data
    shown = _for_readers(rounded, counts, percentages, threshold)
    rows = shown.where(shown.notna(), None).to_numpy().tolist()
    return [str(c) for c in data.columns], rows


def table_bundle(data: Any, *, name: str | None = None, caption: str = "",
                 decimals: int = 0, counts: Sequence[str] = (),
                 percentages: Sequence[str] = (), threshold: int | None = None,
                 ) -> dict[str, Any]:
    """The display bundle of a table (a DataFrame, or a pandas Styler whose data is used), with
    small counts suppressed in its HTML and in its rows alike (see `table_html`)."""
    frame = data.data if hasattr(data, "data") and not isinstance(data, pd.DataFrame) else data
    frame = pd.DataFrame(frame)
    columns, rows = _records(frame, decimals, counts, percentages, threshold)
    shown = _for_readers(frame, counts, percentages, threshold)
    html = f'<div class="yos-table-wrap">{_table_html(shown, caption, decimals, True)}</div>'
    return {
        "text/html": html,
        "text/plain": caption or "table",
        MIME: {"kind": "table", "name": _slug(name or caption or "table"), "title": caption,
               "columns": columns, "rows": rows},
    }


def figure_bundle(chart: Any, *, name: str | None = None, dpi: int = 200,
                  counts: Sequence[str] = (), percentages: Sequence[str] = (),
                  threshold: int | None = None) -> dict[str, Any]:
    """The display bundle of a chart: an `<img>` carrying the chart's alt text, the numbers behind
    it in a "Show the data" block (small counts suppressed, as in `table_html`), and PNG and SVG
    copies for the report's `figures/` folder."""
    if hasattr(chart, "to_png") and hasattr(chart, "to_svg"):
        # the chart renders itself in its house style (text kept as text in the SVG)
        buffers = {"png": chart.to_png(dpi=dpi), "svg": chart.to_svg().encode("utf-8")}
    else:
        buffers = {}
        for fmt in ("png", "svg"):
            buf = io.BytesIO()
            chart.figure.savefig(buf, format=fmt, dpi=dpi, bbox_inches="tight",
                                 metadata={"Date": None} if fmt == "svg" else None)
            buffers[fmt] = buf.getvalue()
    png = base64.b64encode(buffers["png"]).decode("ascii")
    title = str(getattr(chart, "title", "") or "")
    alt = str(chart.alt)
    data = getattr(chart, "data", None)
    table = ""
    columns: list[str] = []
    rows: list[list[Any]] = []
    if isinstance(data, pd.DataFrame) and not data.empty:
        shown = table_html(data, caption=title or "The data behind the chart", decimals=1,
                           counts=counts, percentages=percentages, threshold=threshold)
        table = (
            "<details class=\"yos-data\"><summary>Show the data"
            f"{' for ' + escape(title) if title else ''}</summary>{shown}</details>"
        )
        columns, rows = _records(data, 1, counts, percentages, threshold)
    html = (
        '<figure class="yos-figure">'
        f'<img src="data:image/png;base64,{png}" alt="{escape(alt, quote=True)}" '
        'style="max-width:100%;height:auto" />'
        f"{table}</figure>"
    )
    key = _slug(name or title or "chart")
    return {
        "text/html": html,
        "image/png": png,
        "image/svg+xml": buffers["svg"].decode("utf-8"),
        "text/plain": alt,
        MIME: {"kind": "figure", "name": key, "title": title, "alt": alt,
               "columns": columns, "rows": rows},
    }


def _display(bundle: dict[str, Any]) -> None:
    from IPython.display import display

    display(bundle, raw=True)


def show(obj: Any, name: str | None = None, *, caption: str = "", decimals: int = 0,
         counts: Sequence[str] = (), percentages: Sequence[str] = (),
         threshold: int | None = None) -> None:
    """Show a chart (anything with `.figure` and `.alt`) or a table in the notebook, accessibly,
    small counts suppressed in every table (see `table_html`).

    In the report, charts are saved to `figures/<name>.png|svg` and tables to `tables/<name>.csv`.
    """
    rules = {"counts": counts, "percentages": percentages, "threshold": threshold}
    if hasattr(obj, "figure") and hasattr(obj, "alt"):
        _display(figure_bundle(obj, name=name, **rules))
        import matplotlib.pyplot as plt

        plt.close(obj.figure)
    else:
        _display(table_bundle(obj, name=name, caption=caption, decimals=decimals, **rules))


def say(text: str, *, level: str = "p") -> None:
    """Show a sentence or paragraph, escaped (never read as markup)."""
    _display({"text/html": f"<{level}>{escape(text)}</{level}>", "text/plain": text})


def headline(text: str) -> None:
    """Show the page's headline finding; the report puts it on the pack's front page."""
    _display({
        "text/html": f'<p class="yos-headline"><strong>{escape(text)}</strong></p>',
        "text/plain": text,
        MIME: {"kind": "headline", "name": "headline", "text": text},
    })


def bullets(items: list[str]) -> None:
    """Show a bulleted list, each item escaped."""
    lis = "".join(f"<li>{escape(str(i))}</li>" for i in items)
    _display({"text/html": f"<ul>{lis}</ul>", "text/plain": "\n".join(f"- {i}" for i in items)})


def heading(text: str, level: int = 2) -> None:
    """Show a section heading made from data (a theme's name, say), escaped."""
    level = min(max(int(level), 2), 6)
    _display({"text/html": f"<h{level}>{escape(text)}</h{level}>", "text/plain": text})


def summary_table(summary: pd.DataFrame, scheme: str = "hmip-2013") -> pd.DataFrame:
    """`inspection_summary` as a reader's table: named columns, stars as text; for the 2018
    framework (rated standards, no percentages) the standard and its rating only.

    >>> s = pd.DataFrame({"theme": ["Planning", "Overall"], "score": [90.0, 90.0],
    ...     "min": [85.0, 85.0], "max": [95.0, 95.0], "items": [2, 2], "band": ["Good", "Good"],
    ...     "stars": [4, 4]})
    >>> summary_table(s).columns.tolist()
    ['Theme', 'Score (%)', 'Lowest item (%)', 'Highest item (%)', 'Items', 'Band', 'Stars']
    >>> summary_table(s)["Stars"].tolist()
    ['★★★★', '★★★★']
    """
    if scheme == "hmip-2018":
        return pd.DataFrame({"Standard": summary["theme"], "Rating": summary["band"]})
    from yosanalysis.format import stars as stars_text

    stars = summary["stars"].map(lambda n: "" if pd.isna(n) else stars_text(int(n)))
    return pd.DataFrame({
        "Theme": summary["theme"],
        "Score (%)": summary["score"],
        "Lowest item (%)": summary["min"],
        "Highest item (%)": summary["max"],
        "Items": summary["items"],
        "Band": summary["band"],
        "Stars": stars,
    })
