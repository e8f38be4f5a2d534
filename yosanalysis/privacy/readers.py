"""Reading the files of a pack as text, in pieces that say where each came from: the readers
the pack scan (`yosanalysis.privacy.scan`) uses, one per kind of file.

Each reader gives `(where, text)` pieces, and the column headings that say "date of birth".
Text that a reader may show split in two (two cells of a table row, two lines of an SVG label,
two paragraphs) is also given joined, as a piece whose place starts with `across` (`ACROSS`),
so that a reference split across them is still found.

>>> _pairs([("in the text of a <td>, line 1", "SYN-"), ("in the text of a <td>, line 1", "0004")])
[('across two adjacent pieces of text, in the text of a <td>, line 1', 'SYN- 0004')]
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from yosanalysis.privacy.patterns import DOB_HEADING, normalise
from yosanalysis.text import collapse_spaces

__all__ = ["ACROSS", "IMAGES", "Pieces", "file_pieces", "markup_pieces"]

_BASE64_URI = re.compile(
    r"data:(?P<type>[\w.+-]+/[\w.+-]+)?(?:;[\w.+-]+=[^;,\"'\s]*)*;base64,(?P<data>[A-Za-z0-9+/=\s]*)",
    re.IGNORECASE,
)
IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico"})
#: The start of the place of a piece made of two adjacent pieces joined.
ACROSS = "across two adjacent pieces of text, "


def _heading(text: str) -> bool:
    return bool(DOB_HEADING.match(normalise(text)))


def _pairs(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each two adjacent runs of text joined by a space, placed where the first is."""
    return [(ACROSS + a[0], f"{a[1]} {b[1]}") for a, b in pairwise(runs)]


Pieces = list[tuple[str, str]]


def _strip_data_uris(text: str, pieces: Pieces) -> str:
    """`text` without base64 `data:` URIs of images (their bytes are not text); any other base64
    URI (an SVG, some text) is decoded and added to `pieces`. Line breaks are kept."""

    def replace(match: re.Match[str]) -> str:
        media = (match["type"] or "").lower()
        if not (media.startswith("image/") and "svg" not in media) and not media.startswith(
                ("font/", "application/font", "application/x-font")):
            try:
                decoded = base64.b64decode("".join(match["data"].split()), validate=False)
                pieces.append((f"in a base64 {media or 'data'} URI",
                               decoded.decode("utf-8", errors="replace")))
            except ValueError:
                pass
        return "data:" + "\n" * match.group(0).count("\n")

    return _BASE64_URI.sub(replace, text)


class _Markup(HTMLParser):
    """The text of HTML or SVG in pieces: runs of text (inline tags do not split them), every
    attribute's value and every comment, each with where it is."""

    INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em",
                        "font", "i", "kbd", "mark", "q", "s", "samp", "small", "span", "strong",
                        "sub", "sup", "time", "tspan", "u", "var"})
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                      "meta", "source", "track", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: Pieces = []
        self.headings: list[tuple[str, str]] = []
        self._stack: list[str] = []
        self._text: list[str] = []
        self._where = ""
        self._block = ""
        self._owners: list[int] = [0]  # serial numbers of the open elements
        self._serial = 0
        self._last_comment = (-1, -1)  # (owner, index in pieces) of the last comment

    def _enclosing(self) -> str:
        return next((t for t in reversed(self._stack) if t not in self.INLINE), "document")

    def flush(self) -> None:
        text = "".join(self._text)
        if text.strip():
            self.pieces.append((self._where, text))
            if self._block == "th" and _heading(text):
                self.headings.append((self._where, collapse_spaces(text)))
        self._text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.INLINE:
            self.flush()
        line = self.getpos()[0]
        for name, value in attrs:
            if not value or not value.strip():
                continue
            if name == "alt":
                where = f"in the alt text of an image, line {line}"
            else:
                where = f"in the {name} attribute of a <{tag}>, line {line}"
            self.pieces.append((where, value))
        if tag not in self.VOID:
            self._stack.append(tag)
            self._serial += 1
            self._owners.append(self._serial)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self._stack and self._stack[-1] == tag:
            self._stack.pop()
            self._owners.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.INLINE:
            self.flush()
        if tag in self._stack:
            while self._stack.pop() != tag:
                self._owners.pop()
            self._owners.pop()

    def handle_data(self, data: str) -> None:
        if not self._text:
            self._block = self._enclosing()
            self._where = f"in the text of a <{self._block}>, line {self.getpos()[0]}"
        self._text.append(data)

    def handle_comment(self, data: str) -> None:
        """Comments in one element are one piece: matplotlib writes each line of a wrapped
        chart label as a comment in the label's group."""
        self.flush()
        owner, index = self._last_comment
        if owner == self._owners[-1]:
            where, text = self.pieces[index]
            self.pieces[index] = (where, f"{text} {data}")
            return
        self.pieces.append((f"in a <!-- comment -->, line {self.getpos()[0]}", data))
        self._last_comment = (self._owners[-1], len(self.pieces) - 1)

    def handle_decl(self, decl: str) -> None:
        self.flush()

    def unknown_decl(self, data: str) -> None:  # CDATA sections in SVG
        self.flush()
        self.pieces.append((f"in the text of a <{self._enclosing()}>, line {self.getpos()[0]}",
                            data.removeprefix("CDATA[")))


def markup_pieces(text: str) -> tuple[Pieces, list[tuple[str, str]]]:
    pieces: Pieces = []
    parser = _Markup()
    parser.feed(_strip_data_uris(text, pieces))
    parser.close()
    parser.flush()
    return parser.pieces + pieces, parser.headings


def _svg_pieces(text: str) -> tuple[Pieces, list[tuple[str, str]]]:
    """The text of an SVG file (read with expat, much faster than the HTML parser on charts'
    thousands of paths): every text node, attribute and comment. Comments in one element are
    one piece: matplotlib writes each line of a wrapped label as a comment in the label's group.
    """
    pieces: Pieces = []
    text = _strip_data_uris(text, pieces)

    def walk(element: ElementTree.Element) -> None:
        name = _local(element.tag)
        label = f'<{name} id="{element.get("id")}">' if element.get("id") else f"<{name}>"
        comments: list[str] = []
        if element.text and element.text.strip():  # before the children: in reading order
            pieces.append((f"in the text of {label}", element.text))
        for child in element:
            if child.tag is ElementTree.Comment:
                comments.append(child.text or "")
            else:
                walk(child)
            if child.tail and child.tail.strip():
                pieces.append((f"in the text of {label}", child.tail))
        if comments:
            pieces.append((f"in a comment in {label}", " ".join(comments)))
        for attribute, value in element.attrib.items():
            if value.strip() and _local(attribute) != "d":  # path data is only numbers
                pieces.append((f"in the {_local(attribute)} attribute of {label}", value))

    try:
        root = ElementTree.fromstring(text, parser=ElementTree.XMLParser(
            target=ElementTree.TreeBuilder(insert_comments=True)))
    except ElementTree.ParseError:  # not well-formed XML: read it as markup instead
        markup, headings = markup_pieces(text)
        return markup + pieces, headings
    walk(root)
    return pieces, []


def _csv_pieces(text: str) -> tuple[Pieces, list[tuple[str, str]]]:
    pieces: Pieces = []
    headings: list[tuple[str, str]] = []
    rows = csv.reader(io.StringIO(text))
    header: list[str] = []
    for number, row in enumerate(rows, start=1):  # the rows of a small table written out
        if number == 1:
            header = row
            pieces += [(f"in the heading of column {i + 1}", cell) for i, cell in enumerate(row)]
            headings += [(f"in the heading of column {i + 1}", collapse_spaces(cell))
                         for i, cell in enumerate(row) if _heading(cell)]
            continue
        for i, cell in enumerate(row):
            name = header[i] if i < len(header) else str(i + 1)
            pieces.append((f"in row {number}, column '{name}'", cell))
    return pieces, headings


def _json_pieces(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            yield f"in the key {inner}", str(key)
            yield from _json_pieces(item, inner)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _json_pieces(item, f"{path}[{i}]")
    elif value is not None:
        yield f"in the value of {path or 'the document'}", str(value)


_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _xml_part_pieces(part: str, data: bytes) -> Pieces:
    """The text of one XML part of an Office file: each paragraph's text (its runs joined), the
    text of elements outside paragraphs, and every attribute (alt text lives in `descr`)."""
    root = ElementTree.fromstring(data)
    pieces: Pieces = []
    paragraphs = 0

    def paragraph_text(element: ElementTree.Element) -> str:
        chunks: list[str] = []
        for inner in element.iter():
            name = _local(inner.tag)
            if name in ("tab", "br", "cr"):
                chunks.append(" ")
            elif inner.text and name != "p":
                chunks.append(inner.text)
        return "".join(chunks)

    def attributes(element: ElementTree.Element) -> None:
        name = _local(element.tag)
        for attribute, value in element.attrib.items():
            if not value.strip():
                continue
            label = _local(attribute)
            if label in ("descr", "title") and name in ("docPr", "cNvPr"):
                pieces.append((f"in the alt text of a picture in {part}", value))
            else:
                pieces.append((f"in the {label} attribute of a <{name}> in {part}", value))

    def walk(element: ElementTree.Element) -> None:
        nonlocal paragraphs
        name = _local(element.tag)
        attributes(element)
        if name == "p":
            paragraphs += 1
            text = paragraph_text(element)
            if text.strip():
                pieces.append((f"in paragraph {paragraphs} of {part}", text))
            for inner in element.iter():
                if inner is not element:
                    attributes(inner)
            return
        if element.text and element.text.strip():
            pieces.append((f"in a <{name}> in {part}", element.text))
        for child in element:
            walk(child)

    walk(root)
    return pieces


def _docx_pieces(path: Path) -> Pieces:
    pieces: Pieces = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels", ".vml")):
                pieces += _xml_part_pieces(info.filename, archive.read(info))
    return pieces


def _pdf_pieces(path: Path) -> Pieces | str:
    """The document properties (pypdf) and each page's text (`pdftotext`, ten times faster on a
    board pack, else pypdf), or why the PDF could not be read."""
    try:
        from pypdf import PdfReader
    except ImportError:
        PdfReader = None
    tool = shutil.which("pdftotext")
    if PdfReader is None and tool is None:
        return "neither pypdf nor pdftotext is installed to read its text"
    reader = PdfReader(path) if PdfReader is not None else None
    pieces: Pieces = [(f"in the document's {str(k).lstrip('/')}", str(v))
                      for k, v in ((reader.metadata or {}).items() if reader else ())]
    if tool is not None:
        # -raw: in content order, and a word broken at a hyphen keeps it ("ABC-" + "1002" at a
        # line end stays ABC-1002; without it pdftotext joins them into ABC1002)
        done = subprocess.run([tool, "-enc", "UTF-8", "-raw", str(path), "-"],
                              capture_output=True, timeout=120, check=False)
        if done.returncode != 0:
            return f"pdftotext could not read it: {done.stderr.decode(errors='replace')}".strip()
        pages = done.stdout.decode("utf-8", errors="replace").split("\f")
        if pages and not pages[-1].strip():
            pages = pages[:-1]  # pdftotext ends the last page with a form feed too
        return pieces + [(f"on page {n}", _unbreak(text)) for n, text in enumerate(pages, start=1)]
    assert reader is not None
    return pieces + [(f"on page {n}", _unbreak(page.extract_text() or ""))
                     for n, page in enumerate(reader.pages, start=1)]


def _unbreak(text: str) -> str:
    """A page's text with the line breaks made at an invisible character (a zero-width space,
    a soft hyphen) taken out: the word goes on across them (`Spec\u200b` + `imen`)."""
    return re.sub("[\u00ad\u200b\u2060]\r?\n", "", text)


#: The places of pieces that are runs of text a reader sees one after another.
_RUNS = ("in the text of", "in a comment in", "in row", "in the heading of", "in paragraph",
         "on line", "in the value of")


def _notebook_pieces(text: str) -> Pieces:
    """A notebook's values (sources, outputs, metadata), and the text of any HTML in them."""
    pieces = list(_json_pieces(json.loads(text)))
    for where, value in list(pieces):
        if "<" in value and ">" in value:
            inner, _ = markup_pieces(value)
            pieces += [(f"{where}, {place}", part) for place, part in inner]
    return pieces


def file_pieces(path: Path) -> tuple[Pieces, list[tuple[str, str]]] | str:
    """The text of one file of a pack in pieces, each two adjacent runs of text also joined
    (`ACROSS`), and any date-of-birth column headings; or why it could not be scanned.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_text("Case,Note\\nSYN,0004\\n")
    >>> file_pieces(path)[0][-1]
    ("across two adjacent pieces of text, in row 2, column 'Case'", 'SYN 0004')
    """
    read = _file_pieces(path)
    if isinstance(read, str):
        return read
    pieces, headings = read
    runs = [(w, t) for w, t in pieces if w.startswith(_RUNS) and t.strip()]
    return pieces + _pairs(runs), headings


def _file_pieces(path: Path) -> tuple[Pieces, list[tuple[str, str]]] | str:
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            return _docx_pieces(path), []
        if suffix == ".pdf":
            pieces = _pdf_pieces(path)
            return pieces if isinstance(pieces, str) else (pieces, [])
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            return "it is not text, nor a file the scan knows how to read"
        if suffix == ".svg":
            return _svg_pieces(text)
        if suffix in (".html", ".htm", ".xml", ".xhtml"):
            return markup_pieces(text)
        if suffix == ".csv":
            return _csv_pieces(text)
        if suffix == ".json":
            return list(_json_pieces(json.loads(text))), []
        if suffix == ".ipynb":
            return _notebook_pieces(text), []
        stripped: Pieces = []
        text = _strip_data_uris(text, stripped)
        return [(f"on line {n}", line) for n, line in enumerate(text.splitlines(), start=1)
                ] + stripped, []
    except (OSError, ValueError, zipfile.BadZipFile, ElementTree.ParseError,
            subprocess.SubprocessError) as err:
        return f"it could not be read: {err}"
    except Exception as err:  # pypdf's own errors on a damaged file
        return f"it could not be read: {type(err).__name__}: {err}"
