"""The draft board paper (`board-paper.docx`), opened as Word opens it: python-docx for what a
reader sees, the zipped XML for what assistive technology and a forwarded copy carry."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from pathlib import Path

import docx
import pandas as pd
import pytest
import yaml
from docx.oxml.ns import qn
from PIL import Image

from tests.conftest import ROOT
from yosanalysis.report.board_paper import BOARD_PAPER_NAME, paragraph_outline, write_board_paper
from yosanalysis.report.config import ReportConfig, load_config

SCRIPT = "<script>alert(1)</script>"
# the manager's sections around the pack's own pages (BOARD_PAPER_PAGES)
SECTIONS = [
    "Introduction",
    "Inspection overview",
    "Progress on the inspectors' recommendations",
    "Recommendations to the Board",
]
# the seed board paper's figures (Stockton-on-Tees, January 2014)
SEED_HEADLINE = ("The overall average score for Stockton-on-Tees was 91%, with scores ranging "
                 "from 80% to 100%.")
SEED_THEMES = [
    ("Reducing the likelihood of reoffending", 91),
    ("Protecting the public", 91),
    ("Protecting the child or young person", 87),
    ("Ensuring that sentence is served", 96),
]
SEED_DESCRIPTORS = [
    ["Case assessment scores", "Descriptor", "Stars"],
    ["80% +", "Good", "★★★★"],
    ["65-79%", "Satisfactory", "★★★☆"],
    ["50-64%", "Unsatisfactory", "★★☆☆"],
    ["< 50%", "Poor", "★☆☆☆"],
]


@pytest.fixture(scope="module")
def papers(tmp_path_factory) -> dict[str, Path]:
    """The board paper of each report, built once: the sample, Northshire (2018 framework), and
    the sample with a script tag planted in a recommendation's wording (not synthetic)."""
    out = tmp_path_factory.mktemp("papers")
    built = {name: write_board_paper(load_config(ROOT / "reports" / f"{name}.yaml"), out / name)
             for name in ("sample", "northshire")}
    raw = yaml.safe_load((ROOT / "reports" / "sample.yaml").read_text(encoding="utf-8"))
    recs = pd.read_csv(ROOT / raw["inputs"]["recommendations"], dtype=str)
    recs["recommendation"] = SCRIPT + " " + recs["recommendation"]
    planted = out / "planted"
    planted.mkdir()
    recs.to_csv(planted / "recommendations.csv", index=False)
    raw["inputs"] = {k: str(ROOT / v) for k, v in raw["inputs"].items() if v}
    raw["inputs"]["recommendations"] = str(planted / "recommendations.csv")
    raw["synthetic"] = False
    config = planted / "planted.yaml"
    config.write_text(yaml.safe_dump(raw), encoding="utf-8")
    built["planted"] = write_board_paper(load_config(config), planted / "paper.docx")
    return built


def texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def section(path: Path, heading: str) -> list[docx.text.paragraph.Paragraph]:
    """The paragraphs under the heading `heading` (of any level), up to the next heading of the
    same level or above."""
    found, level = [], None
    for p in docx.Document(str(path)).paragraphs:
        name = p.style.name
        this = int(name.split()[1]) if re.fullmatch(r"Heading \d", name) else None
        if level is not None and this is not None and this <= level:
            level = None
        if this is not None and p.text == heading and level is None:
            level = this
        elif level is not None:
            found.append(p)
    return found


def parts(path: Path) -> dict[str, str]:
    """Every part of the package as text: XML as it is, pictures as the text they carry."""
    found = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            blob = zf.read(name)
            if name.endswith((".png", ".jpeg", ".jpg")):
                found[name] = " ".join(map(str, Image.open(io.BytesIO(blob)).info.values()))
            else:
                found[name] = blob.decode("utf-8")
    return found


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def personal_details(cfg: ReportConfig) -> set[str]:
    from yosanalysis import load

    data = load(cfg.inputs["audit"], kind="audit", questions=cfg.inputs.get("questions")).data
    return set(data["case_ref"].dropna().astype(str)) | set(data["auditor"].dropna().astype(str))


# ------------------------------------------------------------------------------- headings
@pytest.mark.parametrize("name", ["sample", "northshire"])
def test_headings_are_word_headings_in_order(papers, name):
    outline = paragraph_outline(papers[name])
    levels = [level for level, _ in outline]
    assert levels[0] == 0 and levels.count(0) == 1
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels))
    cfg = load_config(ROOT / "reports" / f"{name}.yaml")
    mock = ["Mock inspection"] if "06_mock_inspection" in cfg.notebooks else []
    assert [text for level, text in outline if level == 1] == [*SECTIONS[:-1], *mock,
                                                                SECTIONS[-1]]
    service = load_config(ROOT / "reports" / f"{name}.yaml").service
    assert outline[0][1] == f"HMI Probation inspection outcome: {service}"
    # navigable: the heading styles carry outline levels
    styles = parts(papers[name])["word/styles.xml"]
    for level in (1, 2):
        style = re.search(rf'w:styleId="Heading{level}".*?</w:style>', styles, re.S).group(0)
        assert f'<w:outlineLvl w:val="{level - 1}"/>' in style


def test_each_recommendation_has_its_own_heading(papers):
    outline = paragraph_outline(papers["northshire"])
    progress = [text for level, text in outline if level == 2 and text.startswith("Recommendat")]
    assert progress == ["Recommendation R1", "Recommendation R2"]


# ------------------------------------------------------------------------------- scores
def test_sample_scores_say_the_seed_figures(papers):
    scores = [p.text for p in section(papers["sample"], "Inspection overview")]
    assert any(t.startswith(SEED_HEADLINE) for t in scores)
    lines = [re.fullmatch(r"(.+) – (\d+)% \(Good ★★★★\)", t) for t in scores]
    assert [(m.group(1), int(m.group(2))) for m in lines if m] == SEED_THEMES


def test_descriptor_table_is_a_word_table_with_a_header_row(papers):
    tables = docx.Document(str(papers["sample"])).tables
    found = [t for t in tables if table_rows(t)[0] == SEED_DESCRIPTORS[0]]
    assert len(found) == 1
    assert table_rows(found[0]) == SEED_DESCRIPTORS
    rows = found[0]._tbl.tr_lst
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None
    assert all(r.trPr is None or r.trPr.find(qn("w:tblHeader")) is None for r in rows[1:])


@pytest.mark.parametrize("name", ["sample", "northshire"])
def test_every_table_has_a_repeating_header_row_and_a_caption(papers, name):
    tables = docx.Document(str(papers[name])).tables
    assert tables
    for table in tables:
        assert table._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is not None
        caption = table._tbl.tblPr.find(qn("w:tblCaption"))
        assert caption is not None and caption.get(qn("w:val")).strip()


def test_northshire_rated_standards_in_a_table_not_a_chart(papers):
    from yosanalysis import inspection_summary, load, narrative

    cfg = load_config(ROOT / "reports" / "northshire.yaml")
    summary = inspection_summary(load(cfg.inputs["inspection"]).data, service=cfg.service,
                                 scheme=cfg.scheme)
    scores = [p.text for p in section(papers["northshire"], "Inspection overview")]
    assert narrative.ratings_headline(summary, cfg.service) in scores
    assert not any("%" in t and " – " in t for t in scores)  # no percentage theme lines
    standards = summary[summary["theme"] != "Overall"]
    table = next(t for t in docx.Document(str(papers["northshire"])).tables
                 if table_rows(t)[0][0] == "Standard")
    rows = table_rows(table)
    assert rows[0] == ["Standard", "Rating"]  # as the HTML page shows it: no stars
    assert rows[1:-1] == standards[["theme", "band"]].astype(str).to_numpy().tolist()
    # the only pictures are the recommendations' progress charts
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"',
                              parts(papers["northshire"])["word/document.xml"])
    assert len(descriptions) == 2
    assert all(d.startswith("Line chart of recommendation") for d in descriptions)


# ------------------------------------------------------------------------------- pictures
@pytest.mark.parametrize("name", ["sample", "northshire"])
def test_every_picture_has_alt_text_that_names_values(papers, name):
    document = docx.Document(str(papers[name]))
    xml = parts(papers[name])["word/document.xml"]
    pictures = re.findall(r"<wp:docPr [^>]*>", xml)
    assert len(pictures) == len(document.inline_shapes) > 0
    for tag in pictures:
        descr = re.search(r'descr="([^"]*)"', tag)
        title = re.search(r'title="([^"]*)"', tag)
        assert descr and title and title.group(1).strip()
        assert re.search(r"\d+%", descr.group(1)), descr.group(1)


def test_theme_chart_alt_text_gives_the_seed_scores(papers):
    xml = parts(papers["sample"])["word/document.xml"]
    chart = next(d for d in re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', xml)
                 if d.startswith("Bar chart"))
    for theme, score in SEED_THEMES:
        assert f"{theme} {score}%" in chart


def test_each_recommendation_has_a_status_sentence(papers):
    progress = [p.text for p in section(papers["northshire"],
                                        "Progress on the inspectors' recommendations")]
    for rec in ("R1", "R2"):
        assert sum(t.startswith(f"Recommendation {rec} was ") for t in progress) == 1


# ------------------------------------------------------------------------- parameters
def test_key_strengths_and_recommendations_from_the_parameters(papers):
    cfg = load_config(ROOT / "reports" / "sample.yaml")
    strengths = [p.text for p in section(papers["sample"],
                                         "Key strengths identified by inspectors")]
    assert strengths == list(cfg.key_strengths)
    recs = [p.text for p in section(papers["sample"], "The inspectors' recommendations")]
    assert any(t.startswith("R1: In all cases, reviews of assessments") for t in recs)


def test_what_is_not_given_is_a_placeholder_in_square_brackets(papers):
    strengths = section(papers["northshire"], "Key strengths identified by inspectors")
    assert strengths and all(re.fullmatch(r"\[.+\]", p.text) for p in strengths)
    board = [p.text for p in section(papers["northshire"], SECTIONS[-1]) if p.text]
    assert board and all(re.fullmatch(r"\[.+\]", t) for t in board)


def test_a_report_with_no_inputs_still_has_every_section(tmp_path):
    cfg = ReportConfig.from_dict({"service": "Anytown", "notebooks": []}, root=tmp_path)
    path = write_board_paper(cfg, tmp_path)
    assert path == tmp_path / BOARD_PAPER_NAME
    # every page of the paper is there, each saying what it lacks
    assert [t for level, t in paragraph_outline(path) if level == 1] == [
        *SECTIONS[:-1], "Mock inspection", SECTIONS[-1]]
    assert not docx.Document(str(path)).inline_shapes
    assert "[No inspection scores were given" in "\n".join(texts(path))


# -------------------------------------------------------------------- document properties
@pytest.mark.parametrize("name", ["sample", "northshire"])
def test_title_and_language_are_set(papers, name):
    document = docx.Document(str(papers[name]))
    service = load_config(ROOT / "reports" / f"{name}.yaml").service
    assert document.core_properties.title == f"HMI Probation inspection outcome: {service}"
    assert document.core_properties.language == "en-GB"
    styles = parts(papers[name])["word/styles.xml"]
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group(0)
    assert re.search(r'<w:lang [^>]*w:val="en-GB"', defaults)
    assert "en-US" not in styles


def test_synthetic_data_is_noted_only_where_it_is(papers):
    def noted(path: Path) -> bool:
        document = docx.Document(str(path))
        footers = [p.text for p in document.sections[0].footer.paragraphs]
        return any("Synthetic sample data" in t for t in texts(path) + footers)

    assert noted(papers["sample"]) and noted(papers["northshire"])
    assert not noted(papers["planted"])


# --------------------------------------------------------------------- safety and privacy
def test_a_script_tag_in_a_recommendation_shows_as_text(papers):
    shown = texts(papers["planted"])
    assert any(t.startswith(f"R1: {SCRIPT} In all cases") for t in shown)
    xml = parts(papers["planted"])["word/document.xml"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml
    assert "<script" not in xml


@pytest.mark.parametrize("name", ["sample", "northshire"])
def test_no_case_reference_or_auditor_name_anywhere(papers, name):
    personal = personal_details(load_config(ROOT / "reports" / f"{name}.yaml"))
    assert any(p.startswith("SYN-") for p in personal)  # the check has something to find
    for part, text in parts(papers[name]).items():
        assert "SYN-" not in text, part
        assert not [p for p in personal if p in text], part
