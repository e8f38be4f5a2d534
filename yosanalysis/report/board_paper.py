"""The draft board paper, `board-paper.docx`: a Word document in the structure of the seed paper
(HMI Probation inspection outcome, Stockton on Tees, January 2014) for the service's manager to
finish and send to the Management Board.

It is the pack's own pages in Word (the inspection overview, the progress on the recommendations
and, where the report has it, the mock inspection: `BOARD_PAPER_PAGES`), exactly as the reader's
HTML shows them, between the parts only the manager can write: an introduction, what the scores
mean, and the recommendations to the Board, left as placeholders in [square brackets]. It
computes nothing itself: in a build it renders the pages the notebooks displayed; called on its
own it asks the same page functions.

>>> import tempfile
>>> from yosanalysis.report.config import ReportConfig
>>> cfg = ReportConfig.from_dict({"service": "Anytown", "notebooks": []}, root=Path("."))
>>> with tempfile.TemporaryDirectory() as folder:
...     path = write_board_paper(cfg, Path(folder))
...     headings = paragraph_outline(path)
>>> path.name
'board-paper.docx'
>>> headings[:3]
[(0, 'HMI Probation inspection outcome: Anytown'), (1, 'Introduction'), (1, 'Inspection overview')]
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from yosanalysis.format import long_date
from yosanalysis.render.docx import LANG, Paper, word_text
from yosanalysis.report.config import ReportConfig

__all__ = ["BOARD_PAPER_NAME", "BOARD_PAPER_PAGES", "board_paper", "paragraph_outline",
           "write_board_paper"]

#: The board paper's file name in a pack.
BOARD_PAPER_NAME = "board-paper.docx"
#: The pages of the pack the board paper holds, by notebook name, in order.
BOARD_PAPER_PAGES = ("01_inspection_overview", "05_recommendation_tracking", "06_mock_inspection")

_LANG = LANG


def _front(paper: Paper, cfg: ReportConfig) -> None:
    paper.heading(_title(cfg), 0)
    meeting = f", meeting of {long_date(cfg.meeting_date)}" if cfg.meeting_date else ""
    board = cfg.board or "Management Board"
    paper.para(f"Draft paper for the {board}{meeting}", style="Subtitle")
    paper.para("Draft written by yosanalysis from the report's parameters and data files. Text in "
               "[square brackets] is for the manager to complete or remove before the paper is "
               "sent.")
    if cfg.synthetic:
        paper.para(" this paper was written from synthetic or illustrative data files, not "
                   "from a real service's records.", bold="Synthetic sample data:")


def _introduction(paper: Paper, cfg: ReportConfig) -> None:
    paper.heading("Introduction", 1)
    what = f"{cfg.inspection} inspection" if cfg.inspection else "inspection"
    paper.para(f"HMI Probation (HMIP) published its report of the {what} of youth justice work "
               f"in {cfg.service} on [date of publication].")
    paper.placeholder("Attach the report as Appendix A and give its web address; attach the "
                      "detailed scores as Appendix B.")
    paper.placeholder("How the service was inspected: the inspection programme, its dates, the "
                      "cases and period it looked at, and who the inspectors met.")


_AFTER = {
    "01_inspection_overview": "What these scores mean for the service, and the manager's view of "
                              "the outcome for the partnership.",
    "05_recommendation_tracking": "What the service has done about each recommendation, and what "
                                  "it proposes to the Board.",
    "06_mock_inspection": "What the service will do before its next inspection about the "
                          "standards its own audit reads lowest.",
}


def _pages(cfg: ReportConfig) -> dict[str, dict[str, Any]]:
    """The board paper's pages, computed by the page functions (for a paper written outside a
    build)."""
    from yosanalysis import pages

    params = pages.Params(service=cfg.service, inspection=cfg.inspection or "",
                          scheme=cfg.scheme, synthetic=cfg.synthetic, partially=cfg.partially,
                          min_cases=cfg.min_cases, suppress_below=cfg.suppress_below,
                          rounds=cfg.rounds, key_strengths=cfg.key_strengths,
                          summary_quote=cfg.summary_quote)
    inputs = pages.Inputs.load(params, **{name: path for name, path in cfg.inputs.items()},
                               options=cfg.input_options)
    return {name: pages.PAGES[name](inputs, params).to_dict() for name in BOARD_PAPER_PAGES
            if name in cfg.notebooks}


def _to_board(paper: Paper, cfg: ReportConfig) -> None:
    paper.heading("Recommendations to the Board", 1)
    paper.placeholder("That the Board notes the outcome of the inspection and the scores above.",
                      style="List Number")
    paper.placeholder("That the Board notes the progress on the inspectors' recommendations, and "
                      "how and when it will next hear of it.", style="List Number")
    paper.para("")
    if cfg.author:
        paper.para(cfg.author)
    else:
        paper.placeholder("Name")
    paper.placeholder("Job title")
    paper.placeholder("Date")


def _title(cfg: ReportConfig) -> str:
    return f"HMI Probation inspection outcome: {cfg.service}"


def _inspection_label(cfg: ReportConfig, found: dict[str, Any]) -> str:
    row = found.get("inspection")
    label = cfg.inspection or (
        str(row.iloc[0]["inspection"]) if row is not None and len(row)
        and pd.notna(row.iloc[0]["inspection"]) else "")
    return f"{label} inspection" if label else "inspection"


# -------------------------------------------------------------------------------- public
def board_paper(cfg: ReportConfig, pages: dict[str, dict[str, Any]] | None = None) -> Any:
    """The draft board paper for `cfg`, as a python-docx `Document` (not yet saved), from
    `pages` (each page's `Page.to_dict()` by its notebook's name, as a build has them; the
    paper's pages are computed when not given).

    >>> from yosanalysis.report.config import ReportConfig
    >>> cfg = ReportConfig.from_dict({"service": "Anytown", "notebooks": []}, root=Path("."))
    >>> doc = board_paper(cfg)
    >>> doc.core_properties.title, doc.core_properties.language
    ('HMI Probation inspection outcome: Anytown', 'en-GB')
    """
    from yosanalysis.pages.blocks import Page
    from yosanalysis.render.docx import render_page

    shown = pages if pages is not None else _pages(cfg)
    paper = Paper()
    _front(paper, cfg)
    _introduction(paper, cfg)
    for name in BOARD_PAPER_PAGES:
        if name in shown:
            render_page(paper, Page.from_dict(shown[name]))
            paper.placeholder(_AFTER[name])
    _to_board(paper, cfg)
    if cfg.synthetic:
        paper.doc.sections[0].footer.paragraphs[0].text = "Synthetic sample data"
    now = datetime.now(UTC).replace(microsecond=0)
    core = paper.doc.core_properties
    core.title = word_text(_title(cfg))
    core.subject = word_text(cfg.title)
    core.language = _LANG
    core.author = core.last_modified_by = word_text(cfg.author) or "yosanalysis"
    core.comments = "Draft board paper written by yosanalysis" + (
        " from synthetic sample data" if cfg.synthetic else "")
    core.keywords = "youth justice; HMI Probation; inspection; case file audit"
    core.created = core.modified = now
    core.revision = 1
    _tidy_package(paper.doc)
    return paper.doc


def _tidy_package(doc: Any) -> None:
    """Drop the template's stale preview picture, and give the template's Word 2010 copy of the
    styles the document's language too."""
    package = doc.part.package
    for key in [k for k, rel in package.rels.items() if rel.reltype.endswith("/thumbnail")]:
        package.rels.pop(key)
    for part in package.iter_parts():
        if str(part.partname) == "/word/stylesWithEffects.xml":
            part._blob = re.sub(
                rb"<w:lang\b[^>]*>",
                lambda m: m.group(0).replace(b'"en-US"', f'"{_LANG}"'.encode()), part._blob)


def write_board_paper(cfg: ReportConfig, path: Path,
                      pages: dict[str, dict[str, Any]] | None = None) -> Path:
    """Write the draft board paper for `cfg` and return its path: `path` itself when it ends in
    `.docx`, else `path/board-paper.docx` (the folder is created).

    >>> import tempfile
    >>> from yosanalysis.report.config import ReportConfig
    >>> cfg = ReportConfig.from_dict({"service": "Anytown", "notebooks": []}, root=Path("."))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_board_paper(cfg, Path(folder)).name
    'board-paper.docx'
    """
    path = Path(path)
    target = path if path.suffix.lower() == ".docx" else path / BOARD_PAPER_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    board_paper(cfg, pages).save(target)
    return target


def paragraph_outline(path: str | Path) -> list[tuple[int, str]]:
    """The headings of a Word document in order, as `(level, text)`: 0 for Title, then the
    number of each `Heading N` style. What a reader's navigation pane shows.

    >>> import tempfile
    >>> from docx import Document
    >>> doc = Document()
    >>> _ = doc.add_heading("Paper", 0), doc.add_heading("Scores", 1), doc.add_paragraph("Text")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     doc.save(Path(folder) / "x.docx")
    ...     paragraph_outline(Path(folder) / "x.docx")
    [(0, 'Paper'), (1, 'Scores')]
    """
    from docx import Document

    found = []
    for paragraph in Document(str(path)).paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name == "Title":
            found.append((0, paragraph.text))
        elif re.fullmatch(r"Heading \d", name):
            found.append((int(name.split()[1]), paragraph.text))
    return found

