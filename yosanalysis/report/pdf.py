"""The board pack as one PDF, printed by headless Chromium (Debian package `chromium`).

The pack's pages (the front page, then every notebook page in order) are joined into one printable
HTML document: the navigation bars go, links between pages become links within the document, the
provenance table is kept once at the end, and the A4 print rules of `pack.css` apply (a page break
before each section, no chart cut in two). Chromium prints it with a document outline built from
the headings, tagged (structure tree, `/Lang`, alt text on figures): see
`yosanalysis.report.printer`, whose one Chromium prints every pack of a command.

Where Chromium is not installed, `print_pack` returns None and the caller says that it skipped the
PDF: the rest of the pack does not depend on it.

>>> path = chromium_path()
>>> path is None or Path(path).is_file()
True
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from yosanalysis.report.printer import CHROMIUM_FLAGS, PdfPrinter, chromium_path, print_pdf

__all__ = ["CHROMIUM_FLAGS", "PDF_NAME", "SKIPPED", "PdfPrinter", "chromium_path", "print_pack",
           "print_pdf", "printable_html"]

PDF_NAME = "board-pack.pdf"
#: What the report says when it cannot print the PDF.
SKIPPED = "Chromium is not installed: skipped the PDF"

# Added to the pack's own style sheet in the printed document only. Each page of the pack starts
# a sheet; within a page nothing forces a break (so no sheet holds a lone small table), headings
# stay with what follows, no chart or table row is cut, and every sheet carries the pack's title
# at its head and its number at its foot (CSS page-margin boxes, drawn by Chromium 131 or later).
_PRINT_CSS = """
@page { size: A4; margin: 18mm 15mm 16mm;
  @top-left { content: "%(title)s"; font: 8.5pt Arial, Helvetica, sans-serif;
              color: #3d3d3d; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages);
                  font: 8.5pt Arial, Helvetica, sans-serif; color: #3d3d3d; } }
@page :first { @top-left { content: none; } }
section.yos-print-page { break-before: page; page-break-before: always; }
section.yos-print-page:first-of-type { break-before: auto; page-break-before: auto; }
h2 { break-before: auto !important; page-break-before: auto !important; }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
p.yos-intro, p.yos-headline, h2 + p, h3 + p { break-after: avoid; page-break-after: avoid; }
section#page-provenance table { font-size: 8pt; }
section#page-provenance th, section#page-provenance td { padding: 0.1rem 0.4rem; }
figure, img, svg, table.yos-table tr, blockquote, ul { break-inside: avoid;
  page-break-inside: avoid; }
/* a table of a dozen rows or so stays whole with its caption; a longer one breaks between rows */
div.yos-table-wrap:has(tbody tr:nth-child(-n+14):last-child) { break-inside: avoid;
  page-break-inside: avoid; }
img, figure svg { max-height: 230mm; width: auto; object-fit: contain; }
details.yos-data, .yos-print-skip { display: none !important; }
a.anchor-link { display: none; }
/* Chromium's outline drops the space where a heading wraps ("andcase") unless spaces are kept */
h1, h2, h3, h4, h5, h6 { white-space: pre-wrap; }
"""


def _page_files(pack: Path) -> list[Path]:
    """The pack's pages in reading order: the front page's links, else every page by name."""
    from bs4 import BeautifulSoup

    index = pack / "index.html"
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), features="html.parser")
    ordered: list[Path] = []
    for link in soup.select("ol.yos-contents a[href]") or soup.select("a[href]"):
        href = link["href"].split("#")[0]
        target = pack / href
        if re.fullmatch(r"\d\d_[\w-]+\.html", href) and target.is_file() and target not in ordered:
            ordered.append(target)
    return ordered or sorted(pack.glob("[0-9][0-9]_*.html"))


def printable_html(pack: Path) -> str:
    """One HTML document holding the whole pack for printing: the front page, then each page in
    order, each in its own `<section>` starting on a new sheet. Links between pages become links
    within the document, other relative links become plain text (the front page's entry for the
    PDF itself goes), navigation bars are dropped and the provenance table is kept once, at the
    end.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "index.html").write_text(
    ...     '<html lang="en-GB"><head><title>Pack</title></head><body><main><h1>Pack</h1>'
    ...     '<ol class="yos-contents"><li><a href="01_a.html">A</a></li></ol><ul><li>'
    ...     '<a href="board-pack.pdf">PDF</a></li><li><a href="manifest.json">Files</a></li></ul>'
    ...     '</main></body></html>')
    >>> _ = (folder / "01_a.html").write_text(
    ...     '<html><head><style>p {}</style></head><body><main><nav class="yos-nav">'
    ...     '<a href="index.html">Contents</a></nav><h1>A</h1><p>91%</p></main></body></html>')
    >>> html = printable_html(folder)
    >>> '<a href="#page-01_a">A</a>' in html, "Contents" in html, "91%" in html
    (True, False, True)
    >>> "board-pack.pdf" in html, "<li>Files</li>" in html
    (False, True)
    """
    from bs4 import BeautifulSoup

    pack = Path(pack)
    pages = _page_files(pack)
    index = BeautifulSoup((pack / "index.html").read_text(encoding="utf-8"),
                          features="html.parser")
    first = (BeautifulSoup(pages[0].read_text(encoding="utf-8"), features="html.parser")
             if pages else index)
    anchors = {p.name: f"page-{p.stem}" for p in pages}
    anchors["index.html"] = "page-index"

    out = BeautifulSoup("<!DOCTYPE html>\n<html><head></head><body><main></main></body></html>",
                        features="html.parser")
    out.html["lang"] = (index.html.get("lang") if index.html else None) or "en-GB"
    head, body_main = out.head, out.main
    head.append(out.new_tag("meta", charset="utf-8"))
    title = out.new_tag("title")
    title.string = index.title.get_text(strip=True) if index.title else "Board pack"
    head.append(title)
    for style in first.find_all("style"):
        head.append(BeautifulSoup(str(style), features="html.parser"))
    extra = out.new_tag("style")
    extra.string = _PRINT_CSS.replace("%(title)s", _css_string(title.string))
    head.append(extra)
    if first.body and first.body.get("class"):
        out.body["class"] = first.body["class"]

    footer = None
    for i, (path, soup) in enumerate([(pack / "index.html", index),
                                      *((p, BeautifulSoup(p.read_text(encoding="utf-8"),
                                                          features="html.parser"))
                                        for p in pages)]):
        content = soup.find("main") or soup.body
        for nav in content.select("nav.yos-nav"):
            nav.decompose()
        for anchor in content.select("a.anchor-link"):
            anchor.decompose()
        for found in content.select("footer.yos-provenance"):  # one line a page: not printed
            found.decompose()
        for found in content.select("details.yos-provenance"):  # the front page's: at the end
            heading = found.find_previous_sibling("h2")
            if heading is not None and heading.get("id") == "how-made":
                heading.decompose()
            if footer is None:
                footer = found.extract()
        for found in content.select(".yos-formats"):  # the other files of the pack
            found.decompose()
        _prefix_ids(content, anchors.get(path.name, path.stem))
        for link in content.find_all("a", href=True):
            href = link["href"]
            name, _, fragment = href.partition("#")
            if re.match(r"^[a-z][a-z0-9+.-]*:", href):
                continue  # an absolute address (mailto:, https:) stays a link
            if name == PDF_NAME:  # the PDF's own entry on the front page
                (link.find_parent("li") or link).decompose()
            elif not name and fragment:
                link["href"] = f"#{anchors.get(path.name, path.stem)}-{fragment}"
            elif name in anchors:
                link["href"] = f"#{anchors[name]}-{fragment}" if fragment else f"#{anchors[name]}"
            else:
                link.unwrap()  # a file beside the pack (manifest.json): text in print
        section = out.new_tag("section", id=anchors.get(path.name, path.stem))
        section["class"] = ["yos-print-page", "yos-print-index" if i == 0 else "yos-print-nb"]
        for child in list(content.children):
            section.append(child.extract())
        first_h2 = section.find("h2")
        if first_h2 is not None:
            first_h2["class"] = [*first_h2.get("class", []), "yos-print-first"]
        body_main.append(section)
    for heading in body_main.find_all(re.compile(r"^h[1-6]$")):
        _collapse_spaces(heading)
    if footer is not None:  # how the pack was made: its own last sheet
        last = out.new_tag("section", id="page-provenance")
        last["class"] = ["yos-print-page"]
        heading = out.new_tag("h2")
        heading.string = "How this pack was made"
        last.append(heading)
        for child in list(footer.children):
            if getattr(child, "name", None) != "summary":
                last.append(child.extract())
        body_main.append(last)
    return str(out)


def _css_string(text: str) -> str:
    r"""`text` as the inside of a CSS string: quotes and backslashes escaped, no line breaks, and
    no `<` (which could close the style element).

    >>> _css_string('Pack "A" \\ B'), _css_string("</style>")
    ('Pack \\"A\\" \\\\ B', '\\3c /style>')
    """
    quoted = re.sub(r'(["\\])', r"\\\1", " ".join(text.split()))
    return quoted.replace("<", "\\3c ")


_URL = re.compile(r"url\(#([^)]+)\)")


def _prefix_ids(content, prefix: str) -> None:
    """Every id in `content` prefixed with `prefix`, and every reference to one inside the page
    (`href="#…"`, and `url(#…)` in an inline chart's attributes) rewritten to match, so that two
    pages joined into one document never share an id and no chart loses its clip paths."""
    ids = {tag["id"] for tag in content.find_all(id=True)}
    for tag in content.find_all(id=True):
        tag["id"] = f"{prefix}-{tag['id']}"
    for tag in content.find_all(True):
        for name, value in list(tag.attrs.items()):
            if not isinstance(value, str):
                continue
            if "url(#" in value:
                tag[name] = _URL.sub(lambda m: f"url(#{prefix}-{m.group(1)})"
                                     if m.group(1) in ids else m.group(0), value)
            elif name in ("xlink:href", "href") and value.startswith("#") and value[1:] in ids \
                    and tag.name != "a":
                tag[name] = f"#{prefix}-{value[1:]}"


def _collapse_spaces(tag) -> None:
    """Runs of white space in `tag`'s text made single spaces, none at either end (headings are
    printed with `white-space: pre-wrap`)."""
    from bs4 import NavigableString

    texts = [t for t in tag.find_all(string=True) if type(t) is NavigableString]
    for i, text in enumerate(texts):
        new = re.sub(r"\s+", " ", str(text))
        new = new.lstrip() if i == 0 else new
        new = new.rstrip() if i == len(texts) - 1 else new
        if new != text:
            text.replace_with(new)


def print_pack(pack: Path, *, chromium: str | None = None, timeout: int = 300,
               printer: PdfPrinter | None = None) -> Path | None:
    """Print the whole pack in folder `pack` to `pack/board-pack.pdf` and return its path; None
    when Chromium is not installed (the caller then says "Chromium is not installed: skipped the
    PDF"). `chromium` names the program; `chromium=""` means none, so nothing is printed.
    `printer` is a `PdfPrinter` kept open for several packs; without one, a Chromium is started
    for this pack and shut down after it. Raises `ReportError` as `PdfPrinter.print` does.

    >>> print_pack(Path("."), chromium="") is None
    True
    """
    program = chromium_path() if chromium is None else (chromium or None)
    if program is None:
        return None
    pack = Path(pack)
    with tempfile.TemporaryDirectory(prefix="yos-print-") as tmp:
        source = Path(tmp) / "board-pack.html"
        source.write_text(printable_html(pack), encoding="utf-8")
        if printer is not None:
            return printer.print(source, pack / PDF_NAME, timeout=timeout)
        with PdfPrinter(program, timeout=timeout) as own:
            return own.print(source, pack / PDF_NAME)
