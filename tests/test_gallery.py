"""`yosanalysis gallery`: every chart from the sample data, on one accessible, self-contained
page, with nothing personal in it."""

from __future__ import annotations

import itertools
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from yosanalysis import cli
from yosanalysis.gallery import SAMPLE_FILES

# Warnings from matplotlib, seaborn and the suite are errors here. Resources that an earlier test
# (a notebook kernel's event loop, say) left for the garbage collector are not this test's.
pytestmark = [
    pytest.mark.filterwarnings("error"),
    pytest.mark.filterwarnings("default::ResourceWarning"),
    pytest.mark.filterwarnings("default::pytest.PytestUnraisableExceptionWarning"),
]


class Page(HTMLParser):
    """The parts of a page the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}
        self._open: list[str] = []
        self.details: list[dict[str, object]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)
        if tag == "details":
            self.details.append({"summary": "", "tables": 0, "captions": 0, "th_col": 0})
        if self.details and "details" in self._open:
            current = self.details[-1]
            attributes = dict(attrs)
            if tag == "table":
                current["tables"] = int(current["tables"]) + 1
            if tag == "th" and attributes.get("scope") == "col":
                current["th_col"] = int(current["th_col"]) + 1

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        if self._open:
            self.text.setdefault(self._open[-1], []).append(data)
            if self.details and "details" in self._open:
                current = self.details[-1]
                if self._open[-1] == "summary":
                    current["summary"] = str(current["summary"]) + data
                if self._open[-1] == "caption":
                    current["captions"] = int(current["captions"]) + 1

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for t, attrs in self.tags if t == tag]


@pytest.fixture(scope="module")
def gallery(tmp_path_factory, request) -> Path:
    """The gallery of the sample data, written once for every test here."""
    sample = Path(request.config.rootpath) / "data" / "sample"
    missing = [name for name in SAMPLE_FILES.values() if not (sample / name).is_file()]
    if missing:
        pytest.fail(f"sample files missing: {missing}")
    out = tmp_path_factory.mktemp("gallery")
    assert cli.main(["gallery", "--out", str(out), "--data", str(sample)]) == 0
    return out


@pytest.fixture(scope="module")
def page(gallery) -> Page:
    parser = Page()
    parser.feed((gallery / "index.html").read_text(encoding="utf-8"))
    return parser


def charts_shown(page: Page) -> list[dict[str, str | None]]:
    """The inline SVG charts of the page."""
    return [a for a in page.all("svg") if a.get("role") == "img"]


def test_every_chart_is_written_as_png_and_svg(gallery, page):
    links = [str(a["href"]) for a in page.all("a") if str(a.get("href", "")).endswith(".svg")]
    names = [Path(link).stem for link in links]
    assert len(names) == len(set(names)) == len(charts_shown(page)) >= 9
    for name in names:
        png, svg = gallery / f"{name}.png", gallery / f"{name}.svg"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "<svg" in svg.read_text(encoding="utf-8")
    # every page's kind of chart: scores, breakdowns, trends, comparisons, ratings, progress
    kinds = ("01-theme-scores", "02-items-", "02-questions-", "03-themes-between-rounds",
             "03-trend-", "03-since-last-inspection", "04-benchmark-", "04-ratings-spread",
             "05-progress-")
    for kind in kinds:
        assert any(name.startswith(kind) for name in names), kind


def test_the_page_is_accessible_in_structure(page):
    (html,) = page.all("html")
    assert html["lang"] == "en-GB"
    assert "".join(page.text.get("title", [])).strip()
    assert len(page.all("h1")) == 1
    levels = [int(tag[1]) for tag, _ in page.tags if re.fullmatch(r"h[1-6]", tag)]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))  # none skipped
    for svg in charts_shown(page):
        assert (svg.get("aria-label") or "").strip()
    assert len(page.text.get("title", [])) == len(charts_shown(page)) + 1  # each chart titled


def test_every_chart_has_its_data_one_click_away(page):
    data_blocks = [d for d in page.details if str(d["summary"]).startswith("Show the data")]
    assert len(data_blocks) == len(charts_shown(page))
    for block in data_blocks:
        assert block["tables"] == 1 and block["captions"] == 1 and int(block["th_col"]) >= 2


def test_the_descriptor_table_is_a_real_table(page):
    captions = page.text.get("caption", [])
    assert any(c.startswith("HMIP case assessment descriptors (December 2013)")
               and "not directly applied" in c for c in captions)
    body = " ".join(page.text.get("td", []) + page.text.get("th", []))
    for words in ("80% +", "Good", "65-79%", "Satisfactory", "50-64%", "Unsatisfactory",
                  "< 50%", "Poor"):
        assert words in body


def test_the_page_asks_nothing_of_the_network(gallery, page):
    html = (gallery / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    for tag, attrs in page.tags:
        for key in ("src", "href"):
            if key not in attrs:
                continue
            value = str(attrs[key] or "")
            assert not re.match(r"^(https?:)?//", value), (tag, value)
            if not value.startswith("#"):  # a file of the gallery, or a place on the page
                assert (gallery / value).is_file(), value
            else:
                assert any(a.get("id") == value[1:] for _, a in page.tags), value
    assert not re.search(r"url\((?!#)", html)  # nothing but the charts' own clip paths


def test_the_charts_show_the_seed_figures(page):
    alt = next(str(svg["aria-label"]) for svg in charts_shown(page)
               if str(svg["aria-label"]).startswith("Bar chart of four theme scores"))
    for theme, score in (("Reducing the likelihood of reoffending", 91),
                         ("Protecting the public", 91),
                         ("Protecting the child or young person", 87),
                         ("Ensuring that sentence is served", 96)):
        assert f"{theme} {score}% (Good, 4 of 4 stars)" in alt
    assert "The overall average is 91% (Good)." in alt


def test_no_case_reference_or_auditor_reaches_the_gallery(gallery, request):
    from yosanalysis.clean import load

    sample = Path(request.config.rootpath) / "data" / "sample"
    audit = load(sample / SAMPLE_FILES["audit"], kind="audit",
                 questions=sample / SAMPLE_FILES["questions"]).data
    refs = set(audit["case_ref"].dropna().astype(str))
    names = set(audit["auditor"].dropna().astype(str))
    assert refs and names
    pattern = re.compile("|".join(re.escape(x) for x in sorted(refs | names, key=len,
                                                                reverse=True)))
    for path in sorted(gallery.iterdir()):
        if path.suffix in {".html", ".svg"}:
            found = pattern.search(path.read_text(encoding="utf-8"))
            assert found is None, f"{path.name} holds {found.group()!r}"


def test_a_missing_sample_file_is_one_clear_error(tmp_path, request, capsys):
    sample = Path(request.config.rootpath) / "data" / "sample"
    partial = tmp_path / "data"
    partial.mkdir()
    for name in list(SAMPLE_FILES.values())[:-1]:
        shutil.copy(sample / name, partial / name)
    code = cli.main(["gallery", "--out", str(tmp_path / "out"), "--data", str(partial)])
    err = capsys.readouterr().err
    assert code == 2
    assert SAMPLE_FILES["ratings"] in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
