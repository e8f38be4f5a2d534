"""The draft board paper, `board-paper.docx`: a Word document in the structure of the seed paper
(HMI Probation inspection outcome, Stockton on Tees, January 2014) for the service's manager to
finish and send to the Management Board.

It composes the same calls as the notebooks (`inspection_summary`, `benchmark`,
`track_recommendations`, the `narrative` sentences and the `charts`); it computes nothing itself.
Sections: Introduction, Information, Scores (the headline sentence, the theme lines, the theme
chart and the descriptor table with stars; for the 2018 framework the overall rating and a table
of standards and ratings instead), Key strengths identified by inspectors, The inspectors'
recommendations, Progress on the inspectors' recommendations (a chart and a status sentence per
recommendation) and Recommendations to the Board. What only the manager can write is left as a
placeholder in [square brackets].

Made to be accessible and safe to forward: Word heading styles in order (Title, Heading 1,
Heading 2), real Word tables whose header row repeats on each page, every chart a picture with
its alt text, the document's title and language (en-GB) set, text colours of at least 4.5:1.
Free text from the inputs goes in as text, never markup; nothing personal is read into it (only
aggregates: no case reference, no auditor's name).

>>> import tempfile
>>> from yosanalysis.report.config import ReportConfig
>>> cfg = ReportConfig.from_dict({"service": "Anytown", "notebooks": []}, root=Path("."))
>>> with tempfile.TemporaryDirectory() as folder:
...     path = write_board_paper(cfg, Path(folder))
...     headings = paragraph_outline(path)
>>> path.name
'board-paper.docx'
>>> headings[:3]
[(0, 'HMI Probation inspection outcome: Anytown'), (1, 'Introduction'), (1, 'Information')]
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from yosanalysis.format import long_date
from yosanalysis.report.config import ReportConfig

__all__ = ["BOARD_PAPER_NAME", "board_paper", "paragraph_outline", "write_board_paper"]

#: The board paper's file name in a pack.
BOARD_PAPER_NAME = "board-paper.docx"

_LANG = "en-GB"
_HEADING_COLOUR = "12436D"  # Analysis Function dark blue: 10.2:1 on white
_INK = "0B0C0C"  # near-black, 19:1 on white
_PICTURE_WIDTH_CM = 16.0
# characters XML 1.0 cannot hold (lxml refuses them): dropped from free text
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# ----------------------------------------------------------------------------------- helpers
def _text(value: object) -> str:
    """Free text as Word can hold it: a string, without characters XML 1.0 forbids."""
    return _NOT_XML.sub("", "" if value is None else str(value))


class _Paper:
    """A python-docx Document with the few kinds of block a board paper needs."""

    def __init__(self, threshold: int = 5) -> None:
        from docx import Document
        from docx.shared import Cm

        self.threshold = threshold
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
        self.doc.add_heading(_text(text), level)

    def para(self, text: str, style: str | None = None, bold: str = "") -> Any:
        """A paragraph; `bold`, when given, is a leading phrase set in bold."""
        paragraph = self.doc.add_paragraph(style=style)
        if bold:
            paragraph.add_run(_text(bold)).bold = True
        paragraph.add_run(_text(text))
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

    def picture(self, chart: Any) -> None:
        """A chart as a picture carrying its alt text (`descr`) and title, then its caption."""
        from docx.oxml.ns import qn
        from docx.shared import Cm

        self.figures += 1
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        shape = paragraph.add_run().add_picture(io.BytesIO(chart.to_png()),
                                                width=Cm(_PICTURE_WIDTH_CM))
        alt, title = _text(chart.alt), _text(chart.title)
        inline = shape._inline
        inline.docPr.set("descr", alt)
        inline.docPr.set("title", title)
        for props in inline.iter(qn("pic:cNvPr")):
            props.set("descr", alt)
            props.set("title", title)
        self.para(f"Figure {self.figures}: {title}", style="Caption")

    def table(self, frame: pd.DataFrame, caption: str) -> None:
        """A real Word table: a caption above it, a header row marked as such (repeated on each
        page, bold), and the caption as the table's title for assistive technology."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        from yosanalysis.privacy import reader_table

        frame = reader_table(frame, threshold=self.threshold)
        self.tables += 1
        self.caption(f"Table {self.tables}: {caption}")
        columns = [str(c) for c in frame.columns]
        table = self.doc.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, columns, strict=True):
            cell.paragraphs[0].add_run(_text(name)).bold = True
        shown = frame.astype(object).where(frame.notna(), "–").astype(str)
        for values in shown.itertuples(index=False):  # writing cells: one Word row per row
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = _text(value)
        for row in table.rows:  # a row is never split across two pages
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        # the header row, repeated at the top of each page (after cantSplit: the schema's order)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        properties = table._tbl.tblPr
        for tag, value in (("w:tblCaption", caption), ("w:tblDescription", caption)):
            element = OxmlElement(tag)
            element.set(qn("w:val"), _text(value)[:255])
            properties.append(element)


# ---------------------------------------------------------------------------- the data
def _load(cfg: ReportConfig) -> dict[str, Any]:
    """Everything the paper reports, from the same calls as the notebooks."""
    import yosanalysis as yos

    found: dict[str, Any] = {}
    if "inspection" in cfg.inputs:
        scores = yos.load(cfg.inputs["inspection"]).data
        summary = yos.inspection_summary(scores, service=cfg.service,
                                         inspection=cfg.inspection or None, scheme=cfg.scheme)
        found["summary"] = summary
        mine = scores[scores["service"] == cfg.service]
        if cfg.inspection:
            mine = mine[mine["inspection"].astype(str) == cfg.inspection]
        found["inspection"] = mine[["inspection", "framework", "date"]].dropna(how="all").head(1)
    if "benchmark" in cfg.inputs and "summary" in found:
        others = yos.load(cfg.inputs["benchmark"]).data
        if cfg.service in set(others["service"].dropna().astype(str)):
            position = yos.benchmark(others, cfg.service, scheme=cfg.scheme)
            overall = position[position["theme"].astype(str) == "Overall"]
            found["benchmark"] = overall.iloc[0] if len(overall) else None
    if "recommendations" in cfg.inputs:
        found["recommendations"] = yos.load(cfg.inputs["recommendations"],
                                            kind="recommendations").data
        if "audit" in cfg.inputs:
            audit = yos.load(cfg.inputs["audit"], kind="audit",
                             questions=cfg.inputs.get("questions"))
            answers = audit.data[audit.data["service"] == cfg.service]
            found["tracked"] = yos.track_recommendations(
                found["recommendations"], answers, partially=cfg.partially,
                min_cases=cfg.min_cases)
    return found


# ----------------------------------------------------------------------------- sections
def _front(paper: _Paper, cfg: ReportConfig) -> None:
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


def _introduction(paper: _Paper, cfg: ReportConfig, found: dict[str, Any]) -> None:
    paper.heading("Introduction", 1)
    what = _inspection_label(cfg, found)
    paper.para(f"HMI Probation (HMIP) published its report of the {what} of youth justice work "
               f"in {cfg.service} on [date of publication].")
    paper.placeholder("Attach the report as Appendix A and give its web address; attach the "
                      "detailed scores as Appendix B.")


def _information(paper: _Paper, cfg: ReportConfig, found: dict[str, Any]) -> None:
    paper.heading("Information", 1)
    summary = found.get("summary")
    row = found.get("inspection")
    if summary is None:
        paper.placeholder("How the service was inspected: the inspection programme, its dates "
                          "and what the inspectors looked at. (No inspection file was given in "
                          "this report's parameters: inputs.inspection.)")
    else:
        themes = summary.loc[summary["theme"].astype(str) != "Overall", "theme"].astype(str)
        kind = "standards" if cfg.scheme == "hmip-2018" else "key themes"
        framework = ""
        when = ""
        if row is not None and len(row):
            first = row.iloc[0]
            if pd.notna(first["framework"]):
                framework = f" under the {first['framework']} framework"
            if pd.notna(first["date"]):
                when = f" (dated {long_date(first['date'])} in the inspection data)"
        paper.para(f"{cfg.service} was inspected by HMIP{framework}{when}. The inspection looked "
                   f"at how well the service works across {len(themes)} {kind}:")
        paper.bullets(themes.tolist())
        paper.placeholder("The inspection's dates, the cases and period it looked at, and who the "
                          "inspectors met.")
    if cfg.summary_quote:
        paper.para("The summary of the report states:")
        paper.quote(cfg.summary_quote)
    else:
        paper.placeholder("The summary of the inspectors' report, quoted. (No summary_quote in "
                          "this report's parameters.)")
    paper.placeholder("The manager's view of the outcome for the partnership.")


def _scores(paper: _Paper, cfg: ReportConfig, found: dict[str, Any]) -> None:
    from yosanalysis import charts, narrative

    paper.heading("Scores", 1)
    summary = found.get("summary")
    if summary is None:
        paper.placeholder("The inspection's scores. (No inspection file was given in this "
                          "report's parameters: inputs.inspection.)")
        return
    paper.placeholder("Detailed scoring for the service is attached at Appendix B.")
    if cfg.scheme == "hmip-2018":
        paper.para(narrative.ratings_headline(summary, cfg.service))
        standards = summary[summary["theme"].astype(str) != "Overall"]
        from yosanalysis.format import stars as stars_text

        table = pd.DataFrame({
            "Standard": standards["theme"].astype(str),
            "Rating": standards["band"].astype(object),
            "Stars": standards["stars"].map(lambda s: "" if pd.isna(s) else stars_text(int(s))),
        })
        paper.table(table, f"Ratings by standard: {cfg.service}")
    else:
        paper.para(narrative.headline(summary, cfg.service) + " By theme:")
        paper.bullets(narrative.theme_lines(summary, cfg.scheme))
        paper.picture(charts.theme_scores(summary, scheme=cfg.scheme, synthetic=cfg.synthetic,
                                          threshold=cfg.suppress_below))
    position = found.get("benchmark")
    if position is not None:
        paper.para(narrative.benchmark_sentence(position),
                   bold="Against the other services inspected under the same framework: ")
    paper.placeholder("What these scores mean for the service.")

    paper.heading("How HMIP's descriptors read these scores", 2)
    paper.para("HMIP's descriptors give the expected range of scores, as a benchmark for the "
               "service's own.")
    descriptors = charts.descriptor_table(cfg.scheme)
    paper.table(descriptors.data, str(descriptors.caption or "Descriptors"))


def _strengths(paper: _Paper, cfg: ReportConfig) -> None:
    paper.heading("Key strengths identified by inspectors", 1)
    if cfg.key_strengths:
        paper.bullets(cfg.key_strengths)
    else:
        paper.placeholder("The key strengths, as the inspectors wrote them. (No key_strengths in "
                          "this report's parameters.)", style="List Bullet")


def _inspectors_recommendations(paper: _Paper, found: dict[str, Any]) -> None:
    paper.heading("The inspectors' recommendations", 1)
    recs = found.get("recommendations")
    if recs is None:
        paper.placeholder("The inspectors' recommendations for improvement. (No recommendations "
                          "file was given in this report's parameters: inputs.recommendations.)",
                          style="List Bullet")
    else:
        count = len(recs)
        paper.para("There was one recommendation for improvement:" if count == 1
                   else f"There were {count} recommendations for improvement:")
        paper.bullets(f"{rec['id']}: {rec['recommendation']}" for rec in recs.to_dict("records"))
    paper.placeholder("What the service had already done about them by the time of inspection, "
                      "and what it proposes to the Board.")


def _progress(paper: _Paper, cfg: ReportConfig, found: dict[str, Any]) -> None:
    from yosanalysis import charts, narrative

    paper.heading("Progress on the inspectors' recommendations", 1)
    tracked = found.get("tracked")
    if tracked is None:
        missing = ("recommendations file (inputs.recommendations)"
                   if found.get("recommendations") is None else "audit file (inputs.audit)")
        paper.placeholder(f"Progress on each recommendation. (No {missing} was given in this "
                          "report's parameters.)")
        return
    paper.para("Each recommendation is measured by the case file audit questions that bear on "
               "it, round by round, against its target.")
    latest = tracked.groupby("id", sort=False).tail(1)
    for rec in found["recommendations"].to_dict("records"):  # one section per recommendation
        questions = ", ".join(q.strip() for q in str(rec["questions"]).split(";") if q.strip())
        paper.heading(f"{rec['id']}: measured by audit questions {questions}", 2)
        paper.quote(str(rec["recommendation"]))
        mine = latest[latest["id"] == rec["id"]]
        if mine.empty:
            paper.para(f"Recommendation {rec['id']} was not measured in any audit round.")
            continue
        paper.picture(charts.recommendation_progress(
            tracked, recommendation=rec["id"], scheme=cfg.scheme, synthetic=cfg.synthetic,
            threshold=cfg.suppress_below))
        paper.para(narrative.recommendation_sentence(mine.iloc[0]))


def _to_board(paper: _Paper, cfg: ReportConfig) -> None:
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
def board_paper(cfg: ReportConfig) -> Any:
    """The draft board paper for `cfg`, as a python-docx `Document` (not yet saved).

    >>> from yosanalysis.report.config import ReportConfig
    >>> cfg = ReportConfig.from_dict({"service": "Anytown", "notebooks": []}, root=Path("."))
    >>> doc = board_paper(cfg)
    >>> doc.core_properties.title, doc.core_properties.language
    ('HMI Probation inspection outcome: Anytown', 'en-GB')
    """
    found = _load(cfg)
    paper = _Paper(threshold=cfg.suppress_below)
    _front(paper, cfg)
    _introduction(paper, cfg, found)
    _information(paper, cfg, found)
    _scores(paper, cfg, found)
    _strengths(paper, cfg)
    _inspectors_recommendations(paper, found)
    _progress(paper, cfg, found)
    _to_board(paper, cfg)
    if cfg.synthetic:
        paper.doc.sections[0].footer.paragraphs[0].text = "Synthetic sample data"
    now = datetime.now(UTC).replace(microsecond=0)
    core = paper.doc.core_properties
    core.title = _text(_title(cfg))
    core.subject = _text(cfg.title)
    core.language = _LANG
    core.author = core.last_modified_by = _text(cfg.author) or "yosanalysis"
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


def write_board_paper(cfg: ReportConfig, path: Path) -> Path:
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
    board_paper(cfg).save(target)
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

