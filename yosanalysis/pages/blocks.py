"""What a page is made of: a title, an introduction, a headline finding and an ordered list of
blocks (headings, paragraphs, bullets, quotes, notices, figures and tables).

A page is built once, by its page function (`yosanalysis.pages`), with every value already
suppressed and worded for a reader; the renderers (`yosanalysis.render.html` for the notebook
and the reader's HTML, `yosanalysis.render.docx` for the Word paper) only lay the blocks out.
`Page.to_dict()` is the page as plain data (JSON): what a notebook's output carries to the report,
so the Word paper and the pack's `figures/` and `tables/` are made from the very page the reader's
HTML shows, never computed again.

>>> page = Page(key="demo", title="Demo", headline="Scores rose.",
...             blocks=[Heading("Scores"), Paragraph("Two of three themes rose.")])
>>> [b["kind"] for b in page.to_dict()["blocks"]]
['heading', 'paragraph']
>>> Page.from_dict(page.to_dict()).blocks[1].text
'Two of three themes rose.'
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = ["MIME", "Block", "Bullets", "Figure", "Heading", "Notice", "Page", "Paragraph",
           "Quote", "Table"]

#: The mimetype under which a notebook's output carries a page as data.
MIME = "application/vnd.yosanalysis.page+json"


@dataclass(frozen=True)
class Heading:
    """A section heading within a page (level 2 or 3; the page's title is level 1)."""

    text: str
    level: int = 2
    kind: str = field(default="heading", init=False)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text (never markup)."""

    text: str
    kind: str = field(default="paragraph", init=False)


@dataclass(frozen=True)
class Quote:
    """Words quoted from a report (a block quote)."""

    text: str
    kind: str = field(default="quote", init=False)


@dataclass(frozen=True)
class Notice:
    """What a page says in place of a section whose input was not given: names the parameter
    that would supply it."""

    text: str
    parameter: str = ""
    kind: str = field(default="notice", init=False)


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]
    kind: str = field(default="bullets", init=False)


@dataclass(frozen=True)
class Table:
    """A table as a reader sees it: readable column names, small counts already suppressed
    (`privacy.reader_table`), values as they are to be shown."""

    data: pd.DataFrame
    name: str
    caption: str
    decimals: int = 0
    kind: str = field(default="table", init=False)

    @classmethod
    def of(cls, data: pd.DataFrame, name: str, caption: str, *, threshold: int,
           decimals: int = 0, counts: tuple[str, ...] = (),
           percentages: tuple[str, ...] = ()) -> Table:
        """The table block of `data` as a reader may see it: a count of cases under `threshold`
        shows as "fewer than 5" and a percentage resting on it as "suppressed"
        (`privacy.reader_table`; `counts`/`percentages` name columns beyond those it knows by
        name), values rounded to `decimals` places.

        >>> t = Table.of(pd.DataFrame({"Question": ["Q1"], "Score (%)": [66.7], "Cases": [3]}),
        ...              "q", "Questions", threshold=5)
        >>> t.rows()
        [['Q1', 'suppressed', 'fewer than 5']]
        """
        from yosanalysis.privacy import reader_table

        rounded = data.round(decimals) if len(data.columns) else data
        shown = reader_table(rounded, threshold=threshold, counts=counts,
                             percentages=percentages)
        return cls(shown, name, caption, decimals)

    def rows(self) -> list[list[Any]]:
        """The rows as plain values (missing as None), for JSON and CSV."""
        shown = self.data.astype(object).where(self.data.notna(), None)
        return shown.to_numpy().tolist()


@dataclass(frozen=True)
class Figure:
    """A chart: its title, its alt text (written from the data), the data behind it (a reader's
    table, suppressed) and the drawing as SVG (inline on the HTML page) and PNG (the Word paper
    and `figures/`). Made from a `charts.Chart` with `Figure.of`."""

    name: str
    title: str
    alt: str
    data: pd.DataFrame
    svg: str
    png: bytes = b""
    kind: str = field(default="figure", init=False)

    @classmethod
    def of(cls, chart: Any, name: str, *, threshold: int, png: bool = True) -> Figure:
        """The figure block of a `charts.Chart`: drawn now (SVG, and PNG unless `png=False`),
        the matplotlib figure closed, the data table suppressed under `threshold` cases."""
        data = chart.data if isinstance(chart.data, pd.DataFrame) else pd.DataFrame()
        shown = Table.of(data, name, str(chart.title or ""), threshold=threshold, decimals=1)
        figure = cls(name=name, title=str(chart.title or ""), alt=str(chart.alt), data=shown.data,
                     svg=chart.to_svg(), png=chart.to_png() if png else b"")
        chart.figure.clear()
        return figure


Block = Heading | Paragraph | Quote | Notice | Bullets | Table | Figure


def _frame(columns: list[str], rows: list[list[Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns) if columns else pd.DataFrame()


@dataclass
class Page:
    """One page of a board pack: `key` (its file name), title, introduction, headline finding
    and blocks, in reading order. Shown in a notebook as itself (HTML, with the page as data
    for the report)."""

    key: str
    title: str
    headline: str
    blocks: list[Block]
    intro: str = ""
    synthetic: bool = False

    def figures(self) -> list[Figure]:
        """The page's figures, in order."""
        return [b for b in self.blocks if isinstance(b, Figure)]

    def tables(self) -> list[Table]:
        """The page's tables, in order."""
        return [b for b in self.blocks if isinstance(b, Table)]

    def to_dict(self) -> dict[str, Any]:
        """The page as plain data (JSON-ready): figures with base64 PNG and SVG text, tables and
        figure data as columns and rows."""
        blocks: list[dict[str, Any]] = []
        for block in self.blocks:
            if isinstance(block, Table):
                blocks.append({"kind": "table", "name": block.name, "caption": block.caption,
                               "decimals": block.decimals,
                               "columns": [str(c) for c in block.data.columns],
                               "rows": block.rows()})
            elif isinstance(block, Figure):
                data = Table(block.data, block.name, block.title)
                blocks.append({"kind": "figure", "name": block.name, "title": block.title,
                               "alt": block.alt, "svg": block.svg,
                               "png": base64.b64encode(block.png).decode("ascii"),
                               "columns": [str(c) for c in block.data.columns],
                               "rows": data.rows()})
            elif isinstance(block, Bullets):
                blocks.append({"kind": "bullets", "items": list(block.items)})
            elif isinstance(block, Heading):
                blocks.append({"kind": "heading", "text": block.text, "level": block.level})
            elif isinstance(block, Notice):
                blocks.append({"kind": "notice", "text": block.text,
                               "parameter": block.parameter})
            else:
                blocks.append({"kind": block.kind, "text": block.text})
        return {"key": self.key, "title": self.title, "intro": self.intro,
                "headline": self.headline, "synthetic": self.synthetic, "blocks": blocks}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Page:
        """The page `to_dict` wrote (the renderers read pages this way from a notebook)."""
        blocks: list[Block] = []
        for b in data["blocks"]:
            kind = b["kind"]
            if kind == "table":
                blocks.append(Table(_frame(b["columns"], b["rows"]), b["name"], b["caption"],
                                    b.get("decimals", 0)))
            elif kind == "figure":
                blocks.append(Figure(name=b["name"], title=b["title"], alt=b["alt"],
                                     data=_frame(b["columns"], b["rows"]), svg=b["svg"],
                                     png=base64.b64decode(b.get("png") or "")))
            elif kind == "bullets":
                blocks.append(Bullets(tuple(b["items"])))
            elif kind == "heading":
                blocks.append(Heading(b["text"], b.get("level", 2)))
            elif kind == "notice":
                blocks.append(Notice(b["text"], b.get("parameter", "")))
            elif kind == "quote":
                blocks.append(Quote(b["text"]))
            else:
                blocks.append(Paragraph(b["text"]))
        return cls(key=data["key"], title=data["title"], headline=data["headline"],
                   blocks=blocks, intro=data.get("intro", ""),
                   synthetic=bool(data.get("synthetic", False)))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        from yosanalysis.render.html import page_html

        return {"text/html": page_html(self), "text/plain": self.headline, MIME: self.to_dict()}
