"""End to end: the real notebooks on the sample data and on a second report, checked as a board
reader receives them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT, SAMPLE
from yosanalysis.cli import main

pytestmark = pytest.mark.slow
READER_SUFFIXES = {".html", ".csv", ".svg", ".json"}


def reader_files(pack: Path) -> list[Path]:
    """Everything in a pack meant for readers (the executed notebooks are for analysts)."""
    return [p for p in pack.rglob("*") if p.is_file() and p.suffix in READER_SUFFIXES
            and "notebooks" not in p.relative_to(pack).parts and p.name != "manifest.json"]


def personal_details() -> set[str]:
    """Every case reference and auditor name in the sample's audit files."""
    from yosanalysis import load

    found: set[str] = set()
    for audit in SAMPLE.glob("*audit*.csv"):
        bank = next(SAMPLE.glob(audit.name.split("-audit")[0] + "-question-bank.csv"))
        data = load(audit, kind="audit", questions=bank).data
        found |= set(data["case_ref"].dropna().astype(str))
        found |= set(data["auditor"].dropna().astype(str))
    return found


@pytest.mark.parametrize("pack_name", ["sample_pack", "northshire_pack"])
def test_every_page_is_there(pack_name, request):
    pack = request.getfixturevalue(pack_name)
    for page in ("index", "01_inspection_overview", "02_theme_breakdown", "03_year_on_year",
                 "04_benchmark", "05_recommendation_tracking"):
        assert (pack / f"{page}.html").is_file(), page
    assert list((pack / "figures").glob("*.png")) and list((pack / "figures").glob("*.svg"))
    assert list((pack / "tables").glob("*.csv"))
    assert (pack / "manifest.json").is_file()


def test_the_overview_says_what_the_board_paper_said(sample_pack):
    text = re.sub(r"<[^>]+>", " ", (sample_pack / "01_inspection_overview.html").read_text())
    text = re.sub(r"\s+", " ", text)
    assert "The overall average score for Stockton-on-Tees was 91%, with scores ranging from " \
           "80% to 100%." in text
    for line in ("Reducing the likelihood of reoffending – 91% (Good ★★★★)",
                 "Protecting the public – 91% (Good ★★★★)",
                 "Protecting the child or young person – 87% (Good ★★★★)",
                 "Ensuring that sentence is served – 96% (Good ★★★★)"):
        assert line in text
    for cell in ("80% +", "65-79%", "50-64%", "&lt; 50%", "★★★☆", "Unsatisfactory"):
        assert cell in (sample_pack / "01_inspection_overview.html").read_text()


def test_the_second_report_describes_its_own_service(northshire_pack):
    html = (northshire_pack / "01_inspection_overview.html").read_text()
    assert "The overall rating for Northshire was Requires improvement" in html
    assert "Stockton" not in (northshire_pack / "index.html").read_text()


def test_the_2018_framework_pack_has_no_stars_and_no_nan(northshire_pack):
    """HMIP gives ratings, never stars; its typed report has no overall row, so the overall
    rating is computed from the counted standards and says so; court and out-of-court
    standards stand apart."""
    for path in reader_files(northshire_pack):
        if path.suffix in (".html", ".csv"):
            text = path.read_text(encoding="utf-8")
            assert "★" not in text, path.name
            words = re.sub(r"<[^>]+>", " ", text)  # what a reader sees (no embedded images)
            assert not re.search(r"\b(nan|NaN)\b|&lt;NA&gt;", words), path.name
    html = (northshire_pack / "01_inspection_overview.html").read_text()
    assert "computed from the 12 counted standards" in html
    assert "2.1 Assessment" in html and "3.1 Assessment" in html


def test_the_2018_framework_pack_has_the_mock_inspection_page(northshire_pack):
    html = (northshire_pack / "06_mock_inspection.html").read_text()
    assert "Indicative ratings by standard" in html
    assert html.count("not HMIP&#x27;s judgement") + html.count("not HMIP's judgement") >= 3
    assert "06_mock_inspection.html" in (northshire_pack / "index.html").read_text()


def test_the_sample_packs_descriptor_table_carries_the_2013_caveat(sample_pack):
    html = (sample_pack / "01_inspection_overview.html").read_text()
    assert "not directly applied to the SQS inspection framework" in html


@pytest.mark.parametrize("pack_name", ["sample_pack", "northshire_pack"])
def test_pages_fetch_nothing_and_show_no_code(pack_name, request):
    pack = request.getfixturevalue(pack_name)
    for page in pack.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=[\"']?https?:", html), page.name
        assert not re.search(r"<link[^>]+href=[\"']?https?:", html), page.name
        # code is rendered in pygments' highlight blocks with input prompts: neither is there
        assert not re.search(r'class="[^"]*\b(highlight|jp-InputPrompt)\b', html), page.name
        assert "import yosanalysis" not in html and "yos.load(" not in html, page.name
        assert "injected-parameters" not in html, page.name


@pytest.mark.parametrize("pack_name", ["sample_pack", "northshire_pack"])
def test_every_image_has_a_real_alt_text(pack_name, request):
    pack = request.getfixturevalue(pack_name)
    count = 0
    for page in pack.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img" not in html, f"{page.name}: charts are inline SVG, not pictures"
        for svg in re.findall(r"<svg\b[^>]*>", html):
            count += 1
            assert 'role="img"' in svg, f"{page.name}: a chart without role=img"
            alt = re.search(r'aria-label="([^"]*)"', svg)
            assert alt, f"{page.name}: a chart without alt text"
            assert len(alt.group(1)) > 40, f"{page.name}: alt text too short: {alt.group(1)}"
    assert count >= 3


@pytest.mark.parametrize("pack_name", ["sample_pack", "northshire_pack"])
def test_no_case_reference_or_auditor_reaches_a_reader(pack_name, request):
    pack = request.getfixturevalue(pack_name)
    secrets = personal_details()
    assert any(s.startswith("SYN-") for s in secrets)
    for path in reader_files(pack):
        text = path.read_text(encoding="utf-8", errors="replace")
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{path.name} shows {leaked[:3]}"


def test_no_file_in_the_pack_holds_an_absolute_path(sample_pack):
    """Issue #16: the executed notebooks (which hold the inputs' full paths) are kept for
    analysts beside the pack, and the manifest names inputs relative to the project."""
    import json

    roots = {str(ROOT), str(sample_pack.parent), str(sample_pack.parent.resolve())}
    for path in sample_pack.rglob("*"):
        if path.is_file() and path.suffix not in (".png", ".pdf"):
            text = path.read_bytes().decode("utf-8", errors="replace")
            assert not [r for r in roots if r in text], path.name
    assert not (sample_pack / "notebooks").exists()
    assert list((sample_pack.parent / "sample.analyst").glob("*.ipynb"))
    manifest = json.loads((sample_pack / "manifest.json").read_text(encoding="utf-8"))
    assert {i["file"] for i in manifest["inputs"]} >= {
        "data/sample/synthetic-stockton-audit-2012-2014.csv"}


def test_no_table_holds_a_cell_a_spreadsheet_would_run(sample_pack):
    from test_inputs_guarded import formula_cells

    tables = sorted((sample_pack / "tables").glob("*.csv"))
    assert tables
    for table in tables:
        assert formula_cells(table) == [], table.name


def test_tables_hold_the_numbers_shown(sample_pack):
    summary = pd.read_csv(sample_pack / "tables" / "01_inspection_overview-summary.csv")
    assert summary["Score (%)"].round().tolist() == [91, 91, 87, 96, 91]
    assert summary["Theme"].iloc[-1] == "Overall"


def copy_project(tmp_path: Path) -> Path:
    """A copy of the notebooks, the sample data and the sample report file; returns the report
    file."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    shutil.copytree(SAMPLE, project / "data" / "sample")
    (project / "reports").mkdir()
    config = project / "reports" / "sample.yaml"
    shutil.copy(ROOT / "reports" / "sample.yaml", config)
    return config


@pytest.mark.parametrize(
    ("planted_in", "old", "new", "shown_in"),
    [
        # an auditor's name in the recommendation's wording: shown as text on the overview
        ("stockton-sqs-2013-recommendations.csv", "In all cases, reviews",
         "As Alex Example found, in all cases reviews", "01_inspection_overview.html"),
        # a case reference in a question's wording: a label of a chart
        ("synthetic-stockton-question-bank.csv", "Was the vulnerability assessment reviewed",
         "Was the vulnerability assessment (as in SYN-0003) reviewed", "02_theme_breakdown"),
        # issue #16: the same details written another way: a reference with an en dash and
        # spaces in a question's label; an auditor as "Surname, I." in a recommendation
        ("synthetic-stockton-question-bank.csv", "Was the vulnerability assessment reviewed",
         "Was the vulnerability assessment (as in syn \u2013 0 0 0 3) reviewed",
         "02_theme_breakdown"),
        ("stockton-sqs-2013-recommendations.csv", "In all cases, reviews",
         "As Specimen, J. found, in all cases reviews", "01_inspection_overview.html"),
    ],
)
def test_a_planted_personal_detail_stops_the_report(tmp_path, capsys, planted_in, old, new,
                                                     shown_in):
    config = copy_project(tmp_path)
    source = config.parents[1] / "data" / "sample" / planted_in
    text = source.read_bytes().decode("utf-8-sig")
    assert old in text
    source.write_text(text.replace(old, new), encoding="utf-8")
    code = main(["report", "--config", str(config)])
    err = capsys.readouterr().err
    assert code == 1
    assert "privacy check failed" in err and shown_in in err
    assert "Traceback" not in err
    assert not (config.parents[1] / "outputs" / "sample").exists()


def test_a_broken_input_fails_clearly_and_keeps_the_last_good_pack(tmp_path, capsys):
    config = copy_project(tmp_path)
    project = config.parents[1]
    assert main(["report", "--config", str(config), "--jobs", "2"]) == 0
    index = (project / "outputs" / "sample" / "index.html").read_bytes()
    audit = project / "data" / "sample" / "synthetic-stockton-audit-2012-2014.csv"
    audit.write_bytes(b"\x00\x01\x02 not a csv file")
    capsys.readouterr()
    code = main(["report", "--config", str(config)])
    err = capsys.readouterr().err
    assert code == 2
    assert "inputs.audit" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert (project / "outputs" / "sample" / "index.html").read_bytes() == index


def test_each_input_is_cleaned_once_and_kept_for_the_notebooks(sample_pack):
    """The build cleans every input while checking the parameters and keeps it in
    outputs/.cache/cleaned/ for the kernels (which then never import the cleaners); nothing of
    the cache is published, and the build leaves no setting behind."""
    import os

    from yosanalysis.clean.cache import ENV, entry_key, fetch
    from yosanalysis.report import load_config
    from yosanalysis.report.config import INPUT_KINDS

    cfg = load_config(Path(__file__).resolve().parents[1] / "reports" / "sample.yaml")
    folder = sample_pack.parent / ".cache" / "cleaned"
    for name, path in cfg.inputs.items():
        kinds = INPUT_KINDS[name]
        if not kinds:
            continue
        kind = kinds[0] if len(kinds) == 1 else "auto"
        bank = cfg.inputs.get("questions") if "audit" in kinds else None
        kept = fetch(folder, entry_key(path, kind, bank), path)
        assert kept is not None and kept.kind in kinds, name
    assert not list(sample_pack.rglob("*.pickle"))
    assert ENV not in os.environ


# ------------------------------------------- one page, the same in the Word paper as in HTML
NUMBERS = re.compile(r"\d[\d,]*(?:\.\d+)?%|\b\d[\d,]* (?:cases?|answers?|services?|points?)\b")


def page_text(path: Path) -> str:
    """What a reader of an HTML page can read: its text and every chart's alt text."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), features="html.parser")
    main_part = soup.find("main") or soup
    alts = [svg.get("aria-label", "") for svg in main_part.find_all("svg")]
    for svg in main_part.find_all("svg"):
        svg.decompose()
    return " ".join(" ".join([main_part.get_text(" "), *alts]).split())


def word_sections(path: Path) -> dict[str, list[str]]:
    """The Word paper's text (paragraphs, table cells, pictures' alt text) under each Heading 1."""
    import docx

    document = docx.Document(str(path))
    found: dict[str, list[str]] = {}
    current = ""
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = docx.text.paragraph.Paragraph(child, document)
            if paragraph.style.name == "Heading 1":
                current = paragraph.text
            found.setdefault(current, []).append(paragraph.text)
            found[current] += re.findall(r'descr="([^"]*)"', child.xml)
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            found.setdefault(current, []).extend(c.text for row in table.rows for c in row.cells)
    return found


@pytest.mark.parametrize("pack_name", ["sample_pack", "northshire_pack"])
def test_every_figure_of_the_word_paper_reads_the_same_on_its_html_page(pack_name, request):
    from yosanalysis.pages import TITLES

    pack = request.getfixturevalue(pack_name)
    sections = word_sections(pack / "board-paper.docx")
    compared = 0
    for notebook, title in TITLES.items():
        if title not in sections:
            continue
        html = page_text(pack / f"{notebook}.html")
        for text in sections[title]:
            for number in NUMBERS.findall(text):
                compared += 1
                assert number in html, f"{title}: {number!r} of {text[:80]!r} is not on the page"
            if text.strip() and not text.startswith("["):  # the manager's placeholders aside
                words = re.sub(r"^(?:Figure|Table) \d+: ", "", " ".join(text.split()))
                words = words.strip("“”")  # Word sets a quotation in quotation marks
                assert words in html, f"{title}: {words[:80]!r} is not on the page"
    assert compared >= 10


def test_a_counted_standard_missing_reads_not_given_and_never_nan_anywhere_in_the_pack(tmp_path):
    """A 2018-framework inspection typed without one counted standard: the overall rating is
    "not given" on the page, in the Word paper, the PDF (where printed) and every table."""
    from tests.test_frameworks import EAST_SUSSEX, typed
    from yosanalysis.report import build_pack, load_config

    rows = [r for r in EAST_SUSSEX if not r[0].startswith("3.4")]
    scores = typed(tmp_path, rows)
    config = tmp_path / "east-sussex.yaml"
    config.write_text(f"report: east-sussex\nservice: East Sussex\nscheme: hmip-2018\n"
                      f"inputs:\n  inspection: {scores}\nnotebooks: [01_inspection_overview]\n",
                      encoding="utf-8")
    pack = build_pack(load_config(config), outputs=tmp_path / "outputs",
                      notebooks_dir=ROOT / "notebooks", force=True, progress=False).pack
    page = (pack / "01_inspection_overview.html").read_text(encoding="utf-8")
    assert "The overall rating for East Sussex was not given" in page
    import docx

    paper = "\n".join(p.text for p in docx.Document(str(pack / "board-paper.docx")).paragraphs)
    assert "was not given" in paper
    texts = {p.name: p.read_text(encoding="utf-8", errors="replace") for p in reader_files(pack)}
    if (pack / "board-pack.pdf").exists():
        from pypdf import PdfReader

        texts["board-pack.pdf"] = " ".join(p.extract_text() or ""
                                           for p in PdfReader(pack / "board-pack.pdf").pages)
    texts["board-paper.docx"] = paper
    for name, text in texts.items():
        assert not re.search(r"\bnan\b|<NA>", re.sub(r"<[^>]+>", " ", text),
                             re.IGNORECASE), name
