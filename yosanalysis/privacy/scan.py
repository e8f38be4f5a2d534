"""The scan of a pack for personal details: the last step of every report.

`personal_details` collects the case references and auditors' names found in the inputs,
`scan_pack` reads every file meant for readers and lists each place one of them (or a date of
birth) appears, and `check_pack` turns any finding into a `ReportError`, so that the pack is not
published.

>>> import tempfile
>>> pack = Path(tempfile.mkdtemp())
>>> _ = (pack / "index.html").write_text("<p>Case SYN-0004 was reviewed late.</p>")
>>> [str(f) for f in scan_pack(pack, {"SYN-0004": "case reference"})]
['index.html: case reference SYN-0004 (in the text of a <p>, line 1)']
"""

from __future__ import annotations

import base64
import bisect
import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pandas as pd

from yosanalysis.errors import ReportError
from yosanalysis.text import collapse_spaces

__all__ = ["Finding", "check_pack", "personal_details", "scan_pack"]

CASE_REFERENCE = "case reference"
AUDITOR = "auditor's name"
DATE_OF_BIRTH = "date of birth"
UNSCANNED = "unscanned"
#: Values of a case reference or auditor column that mean "not known", never looked for.
_NOT_A_DETAIL = frozenset({
    "", "-", "–", "—", "n/a", "na", "n.a.", "none", "nan", "null", "unknown", "not known",
    "not applicable", "tbc", "n/k", "nk",
})
_SHORTEST = 3
_SEPARATOR = "\x00"  # between the pieces of text searched at once: neither a word nor a space
_BASE64_URI = re.compile(
    r"data:(?P<type>[\w.+-]+/[\w.+-]+)?(?:;[\w.+-]+=[^;,\"'\s]*)*;base64,(?P<data>[A-Za-z0-9+/=\s]*)",
    re.IGNORECASE,
)
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{2,4}}"
         rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|{_MONTH},?\s+\d{{4}}"
         r"|(?:19|20)\d{2})")
_DOB = re.compile(
    r"(?<!\w)(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+(?:on|in))?)"
    rf"\s*\)?\s*[:=–-]?\s*{_DATE}(?!\w)",
    re.IGNORECASE,
)
_DOB_HEADING = re.compile(r"^\s*(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date)\s*$",
                          re.IGNORECASE)
_IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico"})


@dataclass(frozen=True)
class Finding:
    """Something in a pack's file that must not reach readers.

    `file` is the file's path relative to the pack; `kind` is `case reference`, `auditor's
    name`, `date of birth`, or `unscanned` (a file that could not be read: it fails the check
    too); `value` is what was found; `where` says where in the file.

    >>> print(Finding("tables/a.csv", "case reference", "SYN-0001", "in row 3, column 'Note'"))
    tables/a.csv: case reference SYN-0001 (in row 3, column 'Note')
    """

    file: str
    kind: str
    value: str
    where: str

    @property
    def what(self) -> str:
        """The kind of thing found and the thing itself, e.g. `case reference SYN-0001`."""
        if self.kind == UNSCANNED:
            return "a file that could not be scanned"
        if self.kind == DATE_OF_BIRTH:
            return f"a date of birth ({self.value})"
        return f"{self.kind} {self.value}"

    def sentence(self) -> str:
        """The finding as a clause for a message, without the personal detail itself (messages
        end up in logs and e-mails): `index.html shows a case reference (in ...)`."""
        if self.kind == UNSCANNED:
            return f"{self.file} could not be scanned ({self.where})"
        article = "an" if self.kind[:1].lower() in "aeiou" else "a"
        return f"{self.file} shows {article} {self.kind} ({self.where})"

    def __str__(self) -> str:
        return f"{self.file}: {self.what} ({self.where})"


def _details_of(frame: pd.DataFrame) -> dict[str, str]:
    from yosanalysis.clean.columns import COLUMNS, find_column, person_columns

    specs = {spec.name: spec for spec in COLUMNS["audit"]}
    headers = [str(c) for c in frame.columns]
    found: dict[str, str] = {}
    for name, kind in (("auditor", AUDITOR), ("case_ref", CASE_REFERENCE)):
        # every person column of a form export (`Name` and `Email`), one case reference column
        columns = person_columns(headers) if name == "auditor" else \
            [c for c in [find_column(headers, specs[name])] if c is not None]
        for column in columns:
            values = pd.Series(frame[column].dropna().unique()).astype(str).map(collapse_spaces)
            keep = values[(values.str.len() >= _SHORTEST)
                          & ~values.str.lower().isin(_NOT_A_DETAIL)]
            found.update(dict.fromkeys(keep.tolist(), kind))  # a case reference wins
    return found


def personal_details(
    sources: Iterable[pd.DataFrame | str | Path | tuple[str | Path, str | Path | None]],
) -> dict[str, str]:
    """Every case reference and auditor's name in the inputs: `{value: kind}` where kind is
    `case reference` or `auditor's name`, ready for `scan_pack`.

    Each source is a table (a cleaned audit, or any table with a case reference or auditor
    column under a header the data contract accepts), or an input file: a path, or an
    `(audit file, question bank)` pair as a report's parameters give them (the bank is not
    needed: the file is read as text, so that rows the cleaner rejected count too). Values
    shorter than 3 characters and words meaning "not known" are left out; a file or table
    with neither column gives nothing.

    >>> audit = pd.DataFrame({"case_ref": ["SYN-0001", "SYN-0002", "SYN-0001"],
    ...                       "auditor": ["Jo Specimen", "JS", None]})
    >>> personal_details([audit])
    {'Jo Specimen': "auditor's name", 'SYN-0001': 'case reference', 'SYN-0002': 'case reference'}
    """
    from yosanalysis.clean.options import read_input

    found: dict[str, str] = {}
    for source in sources:
        if isinstance(source, pd.DataFrame):
            frame = source
        else:
            path = source[0] if isinstance(source, tuple) else source
            # CSV or workbook, read with the options the report gave it (sheet, column map)
            frame = read_input(Path(path)).frame  # columns: the headers' match keys
        found.update(_details_of(frame))
    return found


def _atom(char: str) -> str:
    return r"[\s_-]+" if char == " " else re.escape(char)


def _trie_pattern(words: Iterable[str]) -> str:
    """One regular expression matching any of `words` (a trie, so that thousands of case
    references cost little more than one)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [_atom(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        ends_here = "" in node
        if len(branches) == 1:
            return f"(?:{branches[0]})?" if ends_here else branches[0]
        return f"(?:{'|'.join(branches)})" + ("?" if ends_here else "")

    return emit(trie)


def _matcher(secrets: Mapping[str, str] | Iterable[str]) -> tuple[re.Pattern[str] | None,
                                                                  dict[str, tuple[str, str]]]:
    kinds = secrets if isinstance(secrets, Mapping) else dict.fromkeys(secrets, "personal detail")
    lookup: dict[str, tuple[str, str]] = {}
    for value, kind in kinds.items():
        shown = collapse_spaces(str(value))
        if len(shown) >= _SHORTEST:
            lookup.setdefault(_lookup_key(shown), (kind, shown))
    if not lookup:
        return None, lookup
    pattern = re.compile(rf"(?<!\w)(?:{_trie_pattern(sorted(lookup))})(?!\w)", re.IGNORECASE)
    return pattern, lookup


def _lookup_key(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text).lower()


# A file's text as pieces: (where, text). The pieces are searched at once, joined by a
# separator that no match can cross.
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
            if self._block == "th" and _DOB_HEADING.match(text):
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


def _markup_pieces(text: str) -> tuple[Pieces, list[tuple[str, str]]]:
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
        if element.text and element.text.strip():
            pieces.append((f"in the text of {label}", element.text))

    try:
        root = ElementTree.fromstring(text, parser=ElementTree.XMLParser(
            target=ElementTree.TreeBuilder(insert_comments=True)))
    except ElementTree.ParseError:  # not well-formed XML: read it as markup instead
        markup, headings = _markup_pieces(text)
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
                         for i, cell in enumerate(row) if _DOB_HEADING.match(cell)]
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
        return pieces + [(f"on page {n}", text) for n, text in enumerate(pages, start=1)]
    assert reader is not None
    return pieces + [(f"on page {n}", page.extract_text() or "")
                     for n, page in enumerate(reader.pages, start=1)]


def _file_pieces(path: Path) -> tuple[Pieces, list[tuple[str, str]]] | str:
    """The text of one file of a pack in pieces, and any date-of-birth column headings; or why
    it could not be scanned."""
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
            return _markup_pieces(text)
        if suffix == ".csv":
            return _csv_pieces(text)
        if suffix == ".json":
            return list(_json_pieces(json.loads(text))), []
        stripped: Pieces = []
        text = _strip_data_uris(text, stripped)
        return [(f"on line {n}", line) for n, line in enumerate(text.splitlines(), start=1)
                ] + stripped, []
    except (OSError, ValueError, zipfile.BadZipFile, ElementTree.ParseError,
            subprocess.SubprocessError) as err:
        return f"it could not be read: {err}"
    except Exception as err:  # pypdf's own errors on a damaged file
        return f"it could not be read: {type(err).__name__}: {err}"


def _search(file: str, pieces: Pieces, pattern: re.Pattern[str] | None,
            lookup: dict[str, tuple[str, str]]) -> list[Finding]:
    starts: list[int] = []
    offset = 0
    for _, text in pieces:
        starts.append(offset)
        offset += len(text) + len(_SEPARATOR)
    joined = _SEPARATOR.join(text for _, text in pieces)
    found: list[Finding] = []
    searches = [(p, k) for p, k in ((pattern, None), (_DOB, DATE_OF_BIRTH)) if p is not None]
    for regex, fixed in searches:
        for match in regex.finditer(joined):
            where = pieces[bisect.bisect_right(starts, match.start()) - 1][0]
            if fixed is not None:
                found.append(Finding(file, fixed, collapse_spaces(match.group(0)), where))
                continue
            kind, value = lookup.get(_lookup_key(match.group(0)),
                                     ("personal detail", match.group(0)))
            found.append(Finding(file, kind, value, where))
    return found


def _reader_files(pack: Path) -> list[Path]:
    return [p for p in sorted(pack.rglob("*"))
            if p.is_file() and p.relative_to(pack).parts[0] != "notebooks"]


def scan_pack(pack: str | Path, secrets: Mapping[str, str] | Iterable[str], *,
              files: Iterable[str] | None = None) -> list[Finding]:
    """Every place in the files of `pack` meant for readers where a personal detail appears
    (of all of them, or of those `files` names, as paths within the pack).

    `secrets` maps each value to look for to its kind (as `personal_details` returns it), or is
    a plain collection of values. Values are matched as whole words, whatever their case and
    spacing (a space also matches `-` or `_`, so a name made into a file name is found);
    values shorter than 3 characters are ignored. Dates of birth are looked for too: "DOB",
    "D.O.B.", "date of birth", "born" followed by a date, and columns headed so.

    Read: the files' names, HTML and SVG (text, every attribute including alt text, comments,
    but not the bytes of base64 images), CSV tables (cells and headings), JSON such as
    `manifest.json` (keys and values), Word files (every XML part: paragraphs, alt text,
    document properties), PDFs (each page's text, with `pdftotext`, else pypdf, and the document
    properties), and any other text file. Images are not read: every chart is also an SVG in
    `figures/`, which is. Skipped: `notebooks/`, the executed notebooks kept for analysts,
    which are not for readers. A file that cannot be read (a PDF with neither pypdf nor
    pdftotext installed, a damaged Word file, an unknown binary) is a finding of kind
    `unscanned`: nothing goes to readers unchecked.

    >>> import tempfile
    >>> pack = Path(tempfile.mkdtemp())
    >>> _ = (pack / "tables").mkdir()
    >>> _ = (pack / "tables" / "t.csv").write_text("Question,Note\\nQ1,seen by jo specimen\\n")
    >>> [f.where for f in scan_pack(pack, {"Jo Specimen": "auditor's name"})]
    ["in row 2, column 'Note'"]
    """
    pack = Path(pack)
    if not pack.is_dir():
        raise ReportError(f"privacy check: there is no pack folder {pack} to scan")
    pattern, lookup = _matcher(secrets)
    findings: list[Finding] = []
    chosen = None if files is None else {Path(f).as_posix() for f in files}
    missing = sorted(f for f in chosen or () if not (pack / f).is_file())
    if missing:
        raise ReportError(f"privacy check: {pack} has no file {missing[0]} to scan")
    for path in _reader_files(pack):
        if chosen is not None and path.relative_to(pack).as_posix() not in chosen:
            continue
        name = path.relative_to(pack).as_posix()
        findings += _search(name, [("in the file's name", name)], pattern, lookup)
        if path.suffix.lower() in _IMAGES:
            continue
        read = _file_pieces(path)
        if isinstance(read, str):
            findings.append(Finding(name, UNSCANNED, "", read))
            continue
        pieces, headings = read
        findings += [Finding(name, DATE_OF_BIRTH, f"a column headed '{text}'", where)
                     for where, text in headings]
        findings += _search(name, pieces, pattern, lookup)
    return list(dict.fromkeys(findings))


def check_pack(pack: str | Path, secrets: Mapping[str, str] | Iterable[str], *,
               consequence: str = "the pack was not published",
               files: Iterable[str] | None = None) -> None:
    """Scan `pack` (or the `files` named in it; see `scan_pack`) and raise `ReportError` if
    anything was found: one line naming the first file and what it shows, and how many findings
    there are in all. The findings are on the error as `.findings`.

    >>> import tempfile
    >>> pack = Path(tempfile.mkdtemp())
    >>> _ = (pack / "index.html").write_text("<p>Reviewed by Jo Specimen</p>")
    >>> check_pack(pack, {"Jo Specimen": "auditor's name"})  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    yosanalysis.errors.ReportError: privacy check failed: index.html shows an auditor's name (in
    the text of a <p>, line 1) (1 finding in 1 file); the pack was not published
    >>> check_pack(pack, {"SYN-0001": "case reference"}) is None
    True
    """
    findings = scan_pack(pack, secrets, files=files)
    if not findings:
        return
    where = len({f.file for f in findings})
    count = f"{len(findings)} finding{'s' if len(findings) != 1 else ''} in {where} " \
            f"file{'s' if where != 1 else ''}"
    error = ReportError(f"privacy check failed: {findings[0].sentence()} ({count}); "
                        f"{consequence}")
    error.findings = findings  # type: ignore[attr-defined]
    raise error
