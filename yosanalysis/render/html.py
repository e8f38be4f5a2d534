"""A page as HTML: what a notebook shows, and so what the reader's page holds.

Everything is escaped: free text from inputs (service names, comments, recommendation wording)
shows as text, never as markup. Charts are inline SVG (crisp on a tablet at any zoom, their words
findable and read by screen readers), each with `role="img"`, its alt text as its accessible
name and title, and the numbers behind it in a "Show the data" block. Tables are real tables with
a caption, column headers and row headers; a cell of stars is also read as words.

>>> from yosanalysis.pages.blocks import Page, Paragraph
>>> html = page_html(Page(key="p", title="Scores", headline="<b>All good</b>",
...                       blocks=[Paragraph("Fine & dandy")]))
>>> "&lt;b&gt;All good&lt;/b&gt;" in html and "Fine &amp; dandy" in html
True
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

import pandas as pd

from yosanalysis.format import cell, slug, stars_spoken
from yosanalysis.pages.blocks import (
    Bullets,
    Figure,
    Heading,
    Notice,
    Page,
    Paragraph,
    Quote,
    Table,
)

__all__ = ["block_html", "inline_svg", "page_html", "table_html"]

_STARS = re.compile(r"^[★☆]+$")
_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_TITLE = re.compile(r"<title>.*?</title>\s*", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(url\(#|href="#)([^")]+)')
_SIZE = re.compile(r'<svg\b([^>]*?)\swidth="([\d.]+)pt"\s+height="([\d.]+)pt"')


def _cell_html(text: str) -> str:
    """Escaped cell text; a run of stars also reads as words to a screen reader.

    >>> _cell_html("★★★☆")
    '<span aria-hidden="true">★★★☆</span><span class="yos-sr">3 of 4 stars</span>'
    """
    if _STARS.match(text):
        return (f'<span aria-hidden="true">{text}</span>'
                f'<span class="yos-sr">{stars_spoken(text.count("★"), len(text))}</span>')
    return escape(text)


def table_html(data: pd.DataFrame, caption: str = "", decimals: int = 0,
               row_headers: bool = True) -> str:
    """An accessible HTML table of `data` as given (suppress it first): a caption,
    `<th scope="col">` headers and, by default, the first column as row headers. Missing values
    show as an en dash.

    >>> html = table_html(pd.DataFrame({"a": ["<b>"], "b": [1.26]}), caption="T", decimals=1)
    >>> "&lt;b&gt;" in html and "<td>1.3</td>" in html
    True
    """
    parts = ['<table class="yos-table">']
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in data.columns)
    parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
    for row in data.itertuples(index=False, name=None):  # rendering: one <tr> per row
        cells = []
        for i, value in enumerate(row):
            text = _cell_html(cell(value, decimals))
            cells.append(f'<th scope="row">{text}</th>' if i == 0 and row_headers
                         else f"<td>{text}</td>")
        parts.append(f"<tr>{''.join(cells)}</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def inline_svg(svg: str, *, alt: str, name: str) -> str:
    """A matplotlib SVG made fit to sit inside an HTML page: no XML prolog or metadata, its
    element ids prefixed with `name` (two charts on a page never share an id), scaled to the
    width of the page (never wider than drawn), `role="img"` with the alt text as its name.

    >>> svg = ('<?xml version="1.0"?><svg width="100pt" height="50pt" viewBox="0 0 100 50" '
    ...        'xmlns="http://www.w3.org/2000/svg"><metadata>x</metadata><defs>'
    ...        '<clipPath id="c1"/></defs><g clip-path="url(#c1)"/></svg>')
    >>> html = inline_svg(svg, alt="A <chart>", name="s")
    >>> html.startswith('<svg role="img" aria-label="A &lt;chart&gt;" width="100%"')
    True
    >>> '<title>A &lt;chart&gt;</title>' in html, 'id="s-c1"' in html, 'url(#s-c1)' in html
    (True, True, True)
    >>> "metadata" in html or "<?xml" in html
    False
    """
    text = _METADATA.sub("", _PROLOG.sub("", svg, count=1))
    text = _TITLE.sub("", text, count=1)  # its own title gives way to the alt text
    prefix = slug(name)
    seen: dict[str, int] = {}

    def unique(m: re.Match[str]) -> str:  # matplotlib repeats a `gid` given to several artists
        seen[m.group(1)] = seen.get(m.group(1), 0) + 1
        again = f"-{seen[m.group(1)]}" if seen[m.group(1)] > 1 else ""
        return f'id="{prefix}-{m.group(1)}{again}"'

    text = _ID.sub(unique, text)
    text = _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", text)
    label = escape(alt, quote=True)

    def sized(m: re.Match[str]) -> str:
        width_px = round(float(m.group(2)) * 4 / 3)
        return (f'<svg role="img" aria-label="{label}"{m.group(1)} width="100%" '
                f'style="max-width:{width_px}px;height:auto"')

    text = _SIZE.sub(sized, text, count=1)
    start = text.index(">", text.index("<svg")) + 1
    return f"{text[:start]}<title>{escape(alt)}</title>{text[start:]}".strip()


def _figure_html(block: Figure) -> str:
    data = ""
    if len(block.data.columns):
        title = block.title or "the chart"
        data = (f'<details class="yos-data"><summary>Show the data for {escape(title)}</summary>'
                f'<div class="yos-table-wrap">{table_html(block.data, title, 1)}</div>'
                "</details>")
    svg = inline_svg(block.svg, alt=block.alt, name=block.name)
    return f'<figure class="yos-figure" id="{slug(block.name)}">{svg}{data}</figure>'


def block_html(block: Any) -> str:
    """One block as HTML."""
    if isinstance(block, Heading):
        level = min(max(int(block.level), 2), 6)
        return f"<h{level}>{escape(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Quote):
        return f"<blockquote><p>{escape(block.text)}</p></blockquote>"
    if isinstance(block, Notice):
        return f'<p class="yos-notice">{escape(block.text)}</p>'
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{escape(str(i))}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Table):
        return (f'<div class="yos-table-wrap">'
                f"{table_html(block.data, block.caption, block.decimals)}</div>")
    if isinstance(block, Figure):
        return _figure_html(block)
    raise TypeError(f"not a page block: {block!r}")


def page_html(page: Page) -> str:
    """The page as an HTML fragment: its title (`h1`), introduction, headline and blocks."""
    parts = [f'<div class="yos-page" id="page-{slug(page.key)}">',
             f"<h1>{escape(page.title)}</h1>"]
    if page.synthetic:
        parts.append('<p class="yos-synthetic"><strong>Synthetic sample data</strong>: not a '
                     "real service's records.</p>")
    if page.intro:
        parts.append(f'<p class="yos-intro">{escape(page.intro)}</p>')
    parts.append(f'<p class="yos-headline"><strong>{escape(page.headline)}</strong></p>')
    parts.extend(block_html(b) for b in page.blocks)
    parts.append("</div>")
    return "\n".join(parts)
