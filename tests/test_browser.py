"""The board pack in a real browser: headless Chromium driven by Playwright, with axe-core.

Every page of a pack (the front page and each notebook page) is opened through `file://` and
checked as a reader meets it: no console error, nothing fetched but `file:` and `data:`, every
image loaded and described, one `h1` and no skipped heading level, no WCAG 2.0/2.1/2.2 A or AA
violation found by axe-core, every link from the front page resolving, every page reachable with
the keyboard alone, and free text that holds a script tag shown as text. A screenshot of each page
is kept in `outputs/test-artifacts/screenshots/`. The printed PDF is checked for the headline
figures, its tags and its outline.

Two packs are checked: a tiny one built here from two small notebooks (a chart, a table, a
planted script tag), and the sample pack from `reports/sample.yaml` when the project has it.

Set-up: `scripts/install-browser-deps.sh` (Debian's chromium, Playwright's Python package without
its browser download, axe-core from tests/browser/package-lock.json). Where any of these is
missing the tests are skipped with the reason, except under CI (`CI` set), where they fail.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import nbformat
import pytest

from yosanalysis.report import build_pack, load_config
from yosanalysis.report.pdf import PDF_NAME, chromium_path, print_pack, printable_html

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "outputs" / "test-artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
NO_ALT = "No description has been provided for this image"
SCRIPT = "<script>alert(1)</script>"
BREAKOUT = f"</title>{SCRIPT}"  # planted in the service's name, which goes into <title> too
# The seed board paper's headline figures (the "done when"), in the sample pack.
SAMPLE_FIGURES = ["91%", "80%", "100%", "87%", "96%"]
# A 1 x 1 PNG, for planted images.
DOT = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
       "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> None:
    """Skip with the reason on a user's machine; fail under CI, where the browser tests must run."""
    fix = "run scripts/install-browser-deps.sh"
    if in_ci():
        pytest.fail(f"{reason}: CI must run the browser tests ({fix})", pytrace=False)
    pytest.skip(f"{reason} ({fix})")


# --------------------------------------------------------------------------------------------
# The packs under test


OVERVIEW = '''\
import matplotlib.pyplot as plt
import pandas as pd
from yosanalysis import charts, pages

headline = f"Work to protect the public met the standard in 91% of cases at {service}"
data = pd.DataFrame({"Theme": ["Protecting the public", "Reducing reoffending"],
                     "Score (%)": [91.0, 64.0]})
table = pages.Table.of(data, "scores", "Scores by theme", threshold=5)
'''

CHARTS = '''\
figures = []
for i, height in enumerate((5.0, 14.0)):  # the second taller than a sheet
    fig, ax = plt.subplots(figsize=(6, height))
    ax.barh(data["Theme"], data["Score (%)"], color="#12436d")
    ax.set_xlabel("Score (%)")
    chart = charts.Chart(fig, alt=f"Bar chart {i + 1}: protecting the public 91%, "
                                  "reducing reoffending 64%.",
                         data=data, title=f"Scores by theme ({i + 1})")
    figures.append(pages.Figure.of(chart, f"scores-{i + 1}", threshold=5))
pages.Page(key="02_theme_breakdown", title="Theme breakdown", headline=headline,
           blocks=[pages.Heading("Protecting the public"),
                   pages.Paragraph("Two charts: the second is taller than a sheet."),
                   *figures, table])
'''


def notebook(cells: list[tuple[str, str]]) -> Any:
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(source))
        else:
            cell = nbformat.v4.new_code_cell(source)
            if kind == "params":
                cell.metadata["tags"] = ["parameters"]
            nb.cells.append(cell)
    nb.metadata["kernelspec"] = {"name": "yosanalysis", "display_name": "yosanalysis",
                                 "language": "python"}
    return nb


def make_tiny_project(root: Path) -> Path:
    """Two notebooks (an overview with a headline, a table and a planted script tag in a comment;
    a breakdown with two tall charts in one section) and their report file."""
    (root / "notebooks").mkdir(parents=True)
    (root / "reports").mkdir()
    params = ('service = "Example"\ncomment = ""\n', "")
    nbformat.write(notebook([
        ("params", params[0]),
        ("code", OVERVIEW + 'pages.Page(key="01_inspection_overview", title="Inspection '
                            'overview", headline=headline, intro="How the service did, theme '
                            'by theme.", blocks=[table, pages.Heading("What the auditors '
                            'wrote"), pages.Paragraph(comment)])'),
    ]), root / "notebooks" / "01_inspection_overview.ipynb")
    nbformat.write(notebook([
        ("params", params[0]),
        ("code", OVERVIEW + CHARTS),
    ]), root / "notebooks" / "02_theme_breakdown.ipynb")
    report = root / "reports" / "tiny.yaml"
    report.write_text(
        "report: tiny\n"
        "title: Tiny board pack\n"
        f"service: 'Tiny {BREAKOUT} YJS'\n"
        "board: Tiny Management Board\n"
        "notebooks: [01_inspection_overview, 02_theme_breakdown]\n"
        "parameters:\n"
        f"  comment: 'The auditor typed {SCRIPT} into a comment.'\n",
        encoding="utf-8",
    )
    return report


@pytest.fixture(scope="session")
def tiny_pack(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tiny-project")
    cfg = load_config(make_tiny_project(root))
    return build_pack(cfg, outputs=root / "outputs", notebooks_dir=root / "notebooks",
                      jobs=2).pack


# `sample_pack` (the sample board pack, built once a session) comes from conftest.py.


@pytest.fixture(scope="session", params=["tiny", "sample"])
def pack(request) -> tuple[str, Path]:
    """(name, folder) of each pack under test."""
    return request.param, request.getfixturevalue(f"{request.param}_pack")


def pages_of(pack: Path) -> list[Path]:
    """The front page, then every page it lists, in order."""
    from bs4 import BeautifulSoup

    index = pack / "index.html"
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), features="html.parser")
    listed = [pack / a["href"] for a in soup.select("ol.yos-contents a[href]")]
    return [index, *listed]


# --------------------------------------------------------------------------------------------
# The browser


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        unavailable(f"axe-core is not installed ({AXE.relative_to(ROOT)} is missing)")
    return AXE


@pytest.fixture(scope="session")
def browser():
    program = chromium_path()
    if program is None:
        unavailable("Chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the Python package playwright is not installed")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=program, args=LAUNCH_ARGS)
        yield launched
        launched.close()


class Visit:
    """What happened while one page was open: console errors, requests, dialogs."""

    def __init__(self, page: Any):
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"failed to load {r.url[:80]}"))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def outside(self) -> list[str]:
        return [u[:100] for u in self.requests if urlparse(u).scheme not in ("file", "data")]


def open_page(browser: Any, path: Path) -> Visit:
    """Open `path` in a fresh page; any request to the network is recorded, then refused."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())
    visit = Visit(context.new_page())
    visit.page.goto(path.resolve().as_uri(), wait_until="load")
    return visit


IMAGES_JS = """() => Array.from(document.images).map(img => ({
  src: img.currentSrc.slice(0, 60), complete: img.complete, width: img.naturalWidth,
  alt: img.getAttribute("alt")}))"""

HEADINGS_JS = """() => Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6"))
  .map(h => [Number(h.tagName.slice(1)), h.textContent.trim().slice(0, 60)])"""

AXE_JS = """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                                      resultTypes: ["violations"]})"""


def image_problems(images: list[dict[str, Any]]) -> list[str]:
    """Images that did not load, or whose alt text is missing, empty or a placeholder.

    >>> image_problems([{"src": "x", "complete": True, "width": 1, "alt": ""}])
    ['x: no alt text']
    """
    problems = []
    for img in images:
        if not img["complete"] or img["width"] == 0:
            problems.append(f"{img['src']}: did not load")
        alt = (img["alt"] or "").strip()
        if not alt:
            problems.append(f"{img['src']}: no alt text")
        elif alt == NO_ALT or re.fullmatch(r"[\w.-]+\.(png|svg|jpe?g|gif)", alt, re.I):
            problems.append(f"{img['src']}: placeholder alt text {alt!r}")
    return problems


def heading_problems(headings: list[list[Any]]) -> list[str]:
    """One `h1`, first; no level skipped on the way down (h2 may follow h4, not h4 follow h2).

    >>> heading_problems([[1, "Pack"], [3, "Scores"]])
    ["'Scores' is an h3 straight after an h1"]
    >>> heading_problems([[1, "A"], [2, "B"], [3, "C"], [2, "D"]])
    []
    """
    levels = [level for level, _ in headings]
    problems = []
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 headings (one is needed)")
    if levels and levels[0] != 1:
        problems.append(f"the first heading {headings[0][1]!r} is an h{levels[0]}, not the h1")
    for (before, _), (level, text) in itertools.pairwise(headings):
        if level > before + 1:
            problems.append(f"{text!r} is an h{level} straight after an h{before}")
    return problems


def axe_report(violations: list[dict[str, Any]]) -> str:
    """Each violation as its rule, what it asks for, each element and how to fix it."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} [{v.get('helpUrl', '')}]")
        for node in v["nodes"][:10]:
            fix = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {fix}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more elements")
    return "\n".join(lines)


def audit(page: Any, axe: Path) -> dict[str, Any]:
    """Everything the audit reads off an open page: images, headings, axe-core's violations."""
    images = page.evaluate(IMAGES_JS)
    headings = page.evaluate(HEADINGS_JS)
    page.add_script_tag(path=str(axe))
    result = page.evaluate(AXE_JS, WCAG_TAGS)
    return {"images": image_problems(images), "headings": heading_problems(headings),
            "violations": result["violations"]}


def assert_accessible(name: str, found: dict[str, Any]) -> None:
    """Fail, saying what and where, on any axe violation, heading or image problem."""
    parts = []
    if found["violations"]:
        parts.append("axe-core found WCAG A/AA violations:\n" + axe_report(found["violations"]))
    if found["headings"]:
        parts.append("headings: " + "; ".join(found["headings"]))
    if found["images"]:
        parts.append("images: " + "; ".join(found["images"]))
    assert not parts, f"{name}:\n" + "\n".join(parts)


@pytest.fixture(scope="session")
def visits(pack, browser, axe_script) -> dict[str, dict[str, Any]]:
    """Each page of the pack opened once: what it did, what the audit found, its screenshot."""
    name, folder = pack
    shots = SCREENSHOTS / name
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    seen = {}
    for path in pages_of(folder):
        visit = open_page(browser, path)
        page = visit.page
        shot = shots / f"{path.stem}.png"
        page.screenshot(path=str(shot), full_page=True)
        scripts = page.evaluate("() => Array.from(document.scripts).map(s => s.text)")
        text = page.inner_text("body")
        found = audit(page, axe_script)
        seen[path.name] = {"visit": visit, "found": found, "screenshot": shot,
                           "scripts": scripts, "text": text}
        page.context.close()
    return seen


# --------------------------------------------------------------------------------------------
# Every page of every pack


def test_every_page_opens_without_console_errors(visits):
    errors = {page: v["visit"].errors for page, v in visits.items() if v["visit"].errors}
    assert not errors


def test_nothing_is_fetched_but_local_files_and_data(visits):
    outside = {page: v["visit"].outside() for page, v in visits.items() if v["visit"].outside()}
    assert not outside
    assert all(v["visit"].requests for v in visits.values())  # the page itself was recorded


def test_every_image_loads_and_has_a_real_alt_text(visits):
    problems = {page: v["found"]["images"] for page, v in visits.items() if v["found"]["images"]}
    assert not problems


def test_one_h1_per_page_and_no_skipped_heading_level(visits):
    problems = {page: v["found"]["headings"] for page, v in visits.items()
                if v["found"]["headings"]}
    assert not problems


def test_axe_finds_no_wcag_a_or_aa_violation(visits):
    failures = [f"{page}:\n{axe_report(v['found']['violations'])}"
                for page, v in visits.items() if v["found"]["violations"]]
    assert not failures, "axe-core found WCAG A/AA violations:\n" + "\n".join(failures)


def test_a_screenshot_of_every_page_is_kept(visits):
    for v in visits.values():
        shot = v["screenshot"]
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", shot
        assert shot.stat().st_size > 5_000, f"{shot} looks blank"


def test_no_page_opens_a_dialog(visits):
    dialogs = {page: v["visit"].dialogs for page, v in visits.items() if v["visit"].dialogs}
    assert not dialogs


def test_every_link_from_the_index_resolves(pack, browser):
    _, folder = pack
    visit = open_page(browser, folder / "index.html")
    hrefs = visit.page.evaluate("() => Array.from(document.links).map(a => a.href)")
    visit.page.context.close()
    assert hrefs
    missing = []
    for href in hrefs:
        url = urlparse(href)
        if url.scheme != "file":
            missing.append(f"{href}: not a file in the pack")
            continue
        target = Path(unquote(url.path))
        if not target.is_file():
            missing.append(f"{href}: no such file")
        elif url.fragment and f'id="{url.fragment}"' not in target.read_text(encoding="utf-8"):
            missing.append(f"{href}: no element with that id")
    assert not missing
    listed = {Path(unquote(urlparse(h).path)).name for h in hrefs}
    assert {p.name for p in pages_of(folder)[1:]} <= listed


def test_a_keyboard_walk_of_the_index_reaches_every_page(pack, browser):
    _, folder = pack
    visit = open_page(browser, folder / "index.html")
    page = visit.page
    stops = page.evaluate("() => document.querySelectorAll('a[href], button, input, select, "
                          "textarea, summary, [tabindex]').length")
    reached, unseen_focus = [], []
    for _ in range(stops + 3):
        page.keyboard.press("Tab")
        focus = page.evaluate("""() => {
          const el = document.activeElement, s = getComputedStyle(el);
          return {tag: el.tagName, href: el.getAttribute("href"), text: el.textContent.trim(),
                  visible: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0)
                           || s.boxShadow !== "none"};
        }""")
        if focus["tag"] == "BODY":
            break
        reached.append(focus["href"])
        if not focus["visible"]:
            unseen_focus.append(focus["text"][:40])
    page.context.close()
    wanted = [p.name for p in pages_of(folder)[1:]]
    assert wanted and [w for w in wanted if w not in reached] == []
    assert not unseen_focus, f"no visible focus on: {unseen_focus}"


# --------------------------------------------------------------------------------------------
# The audit fails when it should; free text stays text


def test_a_script_tag_in_free_text_shows_as_text(tiny_pack, browser):
    for name in ("index.html", "01_inspection_overview.html"):
        visit = open_page(browser, tiny_pack / name)
        page = visit.page
        text = " ".join(page.inner_text("main").split())
        scripts = page.evaluate("() => Array.from(document.scripts).map(s => s.text)")
        title = page.title()
        page.context.close()
        assert f"Tiny {BREAKOUT} YJS" in text, name
        assert f"Tiny {BREAKOUT} YJS" in title, name
        assert not [s for s in scripts if "alert(1)" in s], name
        assert visit.dialogs == [], name
        if name != "index.html":
            assert f"The auditor typed {SCRIPT} into a comment." in text
            assert title.startswith("Inspection overview")


def planted(source: Path, folder: Path, snippet: str) -> Path:
    """A copy of a pack page with `snippet` put straight after its h1."""
    html = source.read_text(encoding="utf-8")
    html, count = re.subn(r"(</h1>)", r"\1" + snippet.replace("\\", "\\\\"), html, count=1)
    assert count == 1
    copy = folder / f"planted-{source.name}"
    copy.write_text(html, encoding="utf-8")
    return copy


def test_an_image_without_alt_fails_the_audit(tiny_pack, browser, axe_script, tmp_path):
    page_file = planted(tiny_pack / "01_inspection_overview.html", tmp_path,
                        f'<p><img src="{DOT}" width="20" height="20"></p>')
    visit = open_page(browser, page_file)
    found = audit(visit.page, axe_script)
    visit.page.context.close()
    assert "image-alt" in {v["id"] for v in found["violations"]}
    assert any("no alt text" in p for p in found["images"])
    with pytest.raises(AssertionError, match=r"image-alt \(critical\).*\n.*img"):
        assert_accessible(page_file.name, found)


def test_a_skipped_heading_level_fails_the_audit(tiny_pack, browser, axe_script, tmp_path):
    page_file = planted(tiny_pack / "01_inspection_overview.html", tmp_path,
                        "<h3>A heading two levels down</h3><h1>A second h1</h1>")
    visit = open_page(browser, page_file)
    found = audit(visit.page, axe_script)
    visit.page.context.close()
    assert "'A heading two levels down' is an h3 straight after an h1" in found["headings"]
    assert "2 h1 headings (one is needed)" in found["headings"]
    with pytest.raises(AssertionError, match="h3 straight after an h1"):
        assert_accessible(page_file.name, found)


def test_the_unplanted_page_passes_the_same_audit(tiny_pack, browser, axe_script):
    visit = open_page(browser, tiny_pack / "01_inspection_overview.html")
    found = audit(visit.page, axe_script)
    visit.page.context.close()
    assert_accessible("01_inspection_overview.html", found)


# --------------------------------------------------------------------------------------------
# The chart gallery


def test_the_chart_gallery_passes_the_audit(browser, axe_script, tmp_path):
    from yosanalysis.cli import main

    assert main(["gallery", "--out", str(tmp_path / "gallery")]) == 0
    index = tmp_path / "gallery" / "index.html"
    assert index.is_file()
    visit = open_page(browser, index)
    found = audit(visit.page, axe_script)
    visit.page.screenshot(path=str(SCREENSHOTS / "gallery.png"), full_page=True)
    visit.page.context.close()
    assert not visit.errors and not visit.outside()
    assert_accessible("gallery/index.html", found)


# --------------------------------------------------------------------------------------------
# The PDF


@pytest.fixture(scope="session")
def pdf(pack) -> tuple[str, Path, Path]:
    """(name, pack, PDF) for each pack, printed once."""
    if chromium_path() is None:
        unavailable("Chromium is not installed")
    name, folder = pack
    printed = print_pack(folder)
    assert printed == folder / PDF_NAME
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy2(printed, SCREENSHOTS.parent / f"{name}-{PDF_NAME}")
    return name, folder, printed


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def test_the_pdf_holds_the_headline_figures(pdf):
    import json

    name, folder, printed = pdf
    text = pdf_text(printed)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    headlines = [" ".join(p["headline"].split()) for p in manifest["pages"] if p["headline"]]
    assert headlines
    assert [h for h in headlines if h not in text] == []
    if name == "sample":
        assert [f for f in SAMPLE_FIGURES if f not in text] == []


def test_the_pdf_is_a4_tagged_in_british_english_with_an_outline(pdf):
    from pypdf import PdfReader

    _, folder, printed = pdf
    reader = PdfReader(printed)
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"]  # a BooleanObject
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)
    outline = [item.title for item in reader.outline if hasattr(item, "title")]
    from bs4 import BeautifulSoup

    titles = [BeautifulSoup(p.read_text(encoding="utf-8"), features="html.parser").h1
              .get_text(" ", strip=True).rstrip("¶").strip() for p in pages_of(folder)]
    assert outline == titles
    assert reader.metadata.title


def drawn_images(path: Path) -> list[tuple[int, float, float, float, float]]:
    """(sheet, left, bottom, top, sheet height) of every image drawn in a PDF, in points."""
    from pypdf import PdfReader

    drawn = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        height = float(page.mediabox.height)

        def visit(op, args, cm, tm, number=number, height=height):
            if op == b"Do":  # an image's unit square mapped by the current matrix
                drawn.append((number, cm[4], cm[5], cm[5] + cm[3], height))

        page.extract_text(visitor_operand_before=visit)
    return drawn


def sheets(path: Path) -> list[list[tuple[float, float, str]]]:
    """The words of each sheet of a PDF as (top, bottom, word) in points from the sheet's top,
    without the running head and the page number in the margins (pdftotext -bbox)."""
    import subprocess
    import xml.etree.ElementTree as ET

    if shutil.which("pdftotext") is None:
        unavailable("pdftotext (poppler-utils) is not installed")
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    found = []
    for page in ET.fromstring(xhtml).iterfind(".//x:page", ns):
        height = float(page.get("height"))
        top_margin, bottom_margin = 18 * 72 / 25.4, height - 16 * 72 / 25.4
        found.append([(float(w.get("yMin")), float(w.get("yMax")), w.text or "")
                      for w in page.iterfind("x:word", ns)
                      if top_margin <= float(w.get("yMin")) <= bottom_margin])
    return found


def test_every_sheet_is_numbered_and_carries_the_packs_title(pdf):
    import subprocess

    _, folder, printed = pdf
    from pypdf import PdfReader

    count = len(PdfReader(printed).pages)
    title = BeautifulSoup_title(folder)
    for number in range(1, count + 1):
        text = " ".join(subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(printed), "-"],
            capture_output=True, text=True, check=True).stdout.split())
        assert f"Page {number} of {count}" in text, number
        if number > 1:
            assert text.startswith(title[:40]), (number, text[:80])


def BeautifulSoup_title(folder: Path) -> str:
    from bs4 import BeautifulSoup

    index = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"),
                          features="html.parser")
    return " ".join(index.title.get_text().split())


def test_no_sheet_is_under_a_third_full_but_the_last_of_a_section(pdf):
    """A sheet holding only a heading or a lone small table is a wasted sheet for a board member
    printing the pack; only the last sheet of a page of the pack may be short."""
    from bs4 import BeautifulSoup

    _, folder, printed = pdf
    titles = [" ".join(BeautifulSoup(p.read_text(encoding="utf-8"), features="html.parser")
                       .h1.get_text(" ", strip=True).rstrip("¶").split()) for p in pages_of(folder)]
    titles.append("How this pack was made")
    found = sheets(printed)
    usable = 841.92 - (18 + 16) * 72 / 25.4
    for i, words in enumerate(found):
        following = " ".join(w for _, _, w in found[i + 1]) if i + 1 < len(found) else ""
        last_of_section = not following or any(following.startswith(t) for t in titles)
        if last_of_section:
            continue
        fill = (max(bottom for _, bottom, _ in words) - 18 * 72 / 25.4) / usable if words else 0
        assert fill >= 1 / 3, f"sheet {i + 1} is {fill:.0%} full"


def test_no_chart_is_cut_across_two_sheets(pdf):
    from bs4 import BeautifulSoup

    _, folder, printed = pdf
    shown = BeautifulSoup(printable_html(folder), features="html.parser")
    for hidden in shown.select("details.yos-data"):
        hidden.decompose()  # "Show the data" blocks are not printed
    drawn = drawn_images(printed)
    # a picture cut in two is drawn twice (once on each sheet), or runs off its sheet
    assert len(drawn) == len(shown.find_all("img"))
    off = [d for d in drawn if d[2] < -1 or d[3] > d[4] + 1]
    assert not off, f"charts running off their sheet (sheet, left, bottom, top, height): {off}"
    # an inline chart is a vector drawing, never split by Chromium (an SVG is one block) and no
    # taller than a sheet: each chart of the suite is printed once, down to its source line
    name, _, _ = pdf
    charts = shown.select("figure.yos-figure svg")
    assert all(svg.get("aria-label") for svg in charts)
    if name == "sample":
        found = sheets(printed)
        sources = sum(" ".join(w for _, _, w in words).count("Source:") for words in found)
        assert sources == len(charts) > 0


def test_every_notebook_page_starts_a_new_sheet(pdf):
    from pypdf import PdfReader

    _, folder, printed = pdf
    starts = [" ".join(w for _, _, w in words) for words in sheets(printed)]
    assert len(starts) == len(PdfReader(printed).pages)
    from bs4 import BeautifulSoup

    for path in pages_of(folder)[1:]:
        h1 = BeautifulSoup(path.read_text(encoding="utf-8"), features="html.parser").h1
        title = h1.get_text(" ", strip=True).rstrip("¶").strip()
        assert any(s.startswith(title) for s in starts), title


def test_without_chromium_the_pack_is_not_printed(tiny_pack, monkeypatch, tmp_path):
    from yosanalysis.report import pdf as pdf_module

    copy = shutil.copytree(tiny_pack, tmp_path / "pack", ignore=shutil.ignore_patterns("*.pdf"))
    monkeypatch.setattr(pdf_module, "chromium_path", lambda: None)
    assert pdf_module.print_pack(copy) is None
    assert not (copy / PDF_NAME).exists()


def test_a_chromium_that_fails_is_a_clear_error(tmp_path):
    from yosanalysis.errors import ReportError
    from yosanalysis.report.pdf import print_pdf

    page = tmp_path / "page.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    with pytest.raises(ReportError, match=r"cannot print page\.pdf: Chromium exited with code 1"):
        print_pdf(page, tmp_path / "page.pdf", chromium="/bin/false")
    assert list(tmp_path.iterdir()) == [page]
