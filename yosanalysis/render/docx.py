"""A page as Word: the blocks of `yosanalysis.pages` laid out with python-docx, for the draft
board paper (`yosanalysis.report.board_paper`).

Made to be accessible and safe to forward: Word heading styles in order (Title, Heading 1,
Heading 2, Heading 3), real Word tables whose header row repeats on each page, every chart a
picture with its alt text, text colours of at least 4.5:1. Free text goes in as text, never
markup. Nothing is computed here: the page's values arrive suppressed and worded.

>>> from yosanalysis.pages.blocks import Page, Paragraph
>>> paper = Paper()
>>> render_page(paper, Page(key="p", title="Scores", headline="All good.",
...                         blocks=[Paragraph("Fine.")]))
>>> [p.text for p in paper.doc.paragraphs]
['Scores', 'All good.', 'Fine.']
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from yosanalysis.format import cell
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

__all__ = ["LANG", "Paper", "render_page", "word_text"]

LANG = "en-GB"
_LANG = LANG
_HEADING_COLOUR = "12436D"  # Analysis Function dark blue: 10.2:1 on white
_INK = "0B0C0C"  # near-black, 19:1 on white
_PICTURE_WIDTH_CM = 16.0
# characters XML 1.0 cannot hold (lxml refuses them): dropped from free text
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def word_text(value: object) -> str:
    """Free text as Word can hold it: a string, without characters XML 1.0 forbids."""
    return _NOT_XML.sub("", "" if value is None else str(value))


class Paper:
    """A python-docx Document with the few kinds of block a board paper needs."""

    def __init__(self) -> None:
        from docx import Document
        from docx.shared import Cm

        self.doc = Document()
        self.figures = 0
        self.tables = 0
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.5))
        section.top_margin = section.bottom_margin = Cm(2.2)
        self._style()

    def _style(self) -> None:
        from docx.oxml.ns import qn
        from docx.shared import RGBColor

        styles = self.doc.styles
        for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Caption"):
            font = styles[name].font
            font.color.rgb = RGBColor.from_string(_HEADING_COLOUR if name != "Caption" else _INK)
            colour = styles[name].element.rPr.color
            for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
                colour.attrib.pop(qn(attribute), None)
        # the document's language, in the defaults every style inherits and in any style's own
        for lang in self.doc.styles.element.iter(qn("w:lang")):
            lang.set(qn("w:val"), _LANG)
            lang.set(qn("w:eastAsia"), _LANG)
        for lang in self.doc.settings.element.iter(qn("w:themeFontLang")):
            lang.set(qn("w:val"), _LANG)

    # -------------------------------------------------------------------------- blocks
    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(word_text(text), level)

    def para(self, text: str, style: str | None = None, bold: str = "") -> Any:
        """A paragraph; `bold`, when given, is a leading phrase set in bold."""
        paragraph = self.doc.add_paragraph(style=style)
        if bold:
            paragraph.add_run(word_text(bold)).bold = True
        paragraph.add_run(word_text(text))
        return paragraph

    def placeholder(self, text: str, style: str | None = None) -> None:
        """Text for the manager to write, in [square brackets]."""
        self.para(f"[{text}]", style=style)

    def bullets(self, items: Iterable[str], style: str = "List Bullet") -> None:
        for item in items:
            self.para(item, style=style)

    def quote(self, text: str) -> None:
        self.para(f"“{text.strip()}”", style="Quote")

    def caption(self, text: str) -> Any:
        paragraph = self.para(text, style="Caption")
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def picture(self, png: bytes, alt: str, title: str) -> None:
        """A chart as a picture carrying its alt text (`descr`) and title, then its caption."""
        from docx.oxml.ns import qn
        from docx.shared import Cm

        self.figures += 1
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(_PICTURE_WIDTH_CM))
        alt, title = word_text(alt), word_text(title)
        inline = shape._inline
        inline.docPr.set("descr", alt)
        inline.docPr.set("title", title)
        for props in inline.iter(qn("pic:cNvPr")):
            props.set("descr", alt)
            props.set("title", title)
        self.para(f"Figure {self.figures}: {title}", style="Caption")

    def table(self, frame: pd.DataFrame, caption: str, decimals: int = 0) -> None:
        """A real Word table: a caption above it, a header row marked as such (repeated on each
        page, bold), and the caption as the table's title for assistive technology."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self.tables += 1
        self.caption(f"Table {self.tables}: {caption}")
        columns = [str(c) for c in frame.columns]
        table = self.doc.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        for box, name in zip(table.rows[0].cells, columns, strict=True):
            box.paragraphs[0].add_run(word_text(name)).bold = True
        for values in frame.itertuples(index=False, name=None):  # one Word row per row
            cells = table.add_row().cells
            for box, value in zip(cells, values, strict=True):
                box.text = word_text(cell(value, decimals))
        for row in table.rows:  # a row is never split across two pages
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        # the header row, repeated at the top of each page (after cantSplit: the schema's order)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        properties = table._tbl.tblPr
        for tag, value in (("w:tblCaption", caption), ("w:tblDescription", caption)):
            element = OxmlElement(tag)
            element.set(qn("w:val"), word_text(value)[:255])
            properties.append(element)


def render_page(paper: Paper, page: Page, level: int = 1) -> None:
    """Add `page` to `paper`: its title as a heading of `level`, its headline in bold, then its
    blocks (a page's level-2 headings one level below its title)."""
    paper.heading(page.title, level)
    paper.para(page.headline, bold="").runs[-1].bold = True
    for block in page.blocks:
        if isinstance(block, Heading):
            paper.heading(block.text, min(level + block.level - 1, 9))
        elif isinstance(block, Quote):
            paper.quote(block.text)
        elif isinstance(block, Notice):
            paper.placeholder(block.text)
        elif isinstance(block, Bullets):
            paper.bullets(block.items)
        elif isinstance(block, Table):
            paper.table(block.data, block.caption, block.decimals)
        elif isinstance(block, Figure):
            if block.png:
                paper.picture(block.png, block.alt, block.title)
            else:
                paper.para(block.alt)
        elif isinstance(block, Paragraph):
            paper.para(block.text)
