"""The scan of a pack for personal details: the last step of every report.

`personal_details` (`privacy.details`) collects the case references, names and e-mail addresses
found in the inputs; `scan_pack` reads every file of the pack (`privacy.readers`), normalises its
text and looks for each of them by its structure, and for dates of birth, in every usual form
(`privacy.patterns`); `check_pack` turns any finding into a `ReportError`, so that the pack is
not published.

>>> import tempfile
>>> pack = Path(tempfile.mkdtemp())
>>> _ = (pack / "index.html").write_text("<p>Case SYN\u20130004 was reviewed late.</p>")
>>> [str(f) for f in scan_pack(pack, {"SYN-0004": "case reference"})]
['index.html: case reference SYN-0004 (in the text of a <p>, line 1)']
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from yosanalysis.errors import ReportError
from yosanalysis.privacy.details import personal_details
from yosanalysis.privacy.patterns import DATE_OF_BIRTH as _DOB
from yosanalysis.privacy.patterns import Matcher, normalise
from yosanalysis.privacy.readers import ACROSS, IMAGES, Pieces, file_pieces
from yosanalysis.text import collapse_spaces

__all__ = ["Finding", "check_pack", "personal_details", "scan_pack"]

DATE_OF_BIRTH = "date of birth"
UNSCANNED = "unscanned"
_SEPARATOR = "\x00"  # between the pieces of text searched at once: neither a word nor a space


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


def _search(file: str, pieces: Pieces, matcher: Matcher) -> list[Finding]:
    """Every detail in `pieces` (normalised and searched at once). A detail found only in two
    adjacent pieces joined (`ACROSS`) counts; one found in a piece on its own is not counted
    again from its joined copies."""
    alone = [(w, t) for w, t in pieces if not w.startswith(ACROSS)]
    joined = [(w, t) for w, t in pieces if w.startswith(ACROSS)]
    found: list[Finding] = []
    for group in (alone, joined):
        texts = [normalise(t) for _, t in group]
        starts: list[int] = []
        offset = 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + len(_SEPARATOR)
        joined_text = _SEPARATOR.join(texts)
        seen = {(f.kind, f.value) for f in found}

        def where(at: int, group: Pieces = group, starts: list[int] = starts) -> str:
            return group[bisect.bisect_right(starts, at) - 1][0]

        for kind, value, at in matcher.find(joined_text):
            if (kind, value) not in seen:
                found.append(Finding(file, kind, value, where(at)))
        for match in _DOB.finditer(joined_text):
            value = collapse_spaces(match.group(0))
            if group is alone or not any(f.kind == DATE_OF_BIRTH for f in found):
                found.append(Finding(file, DATE_OF_BIRTH, value, where(match.start())))
    return found


def scan_pack(pack: str | Path, secrets: Mapping[str, str] | Iterable[str], *,
              files: Iterable[str] | None = None) -> list[Finding]:
    """Every place in the files of `pack` (all of them, or those `files` names, as paths
    within the pack) where a personal detail appears.

    `secrets` maps each value to look for to its kind (as `personal_details` returns it), or is
    a plain collection of values. Text is normalised first (Unicode NFKC, so full-width letters
    are plain; zero-width characters, soft hyphens and apostrophes removed; case folded), then
    searched (see `yosanalysis.privacy.patterns`): a case reference or e-mail address by its
    letters and digits in order, whatever separators or spaces stand between them
    (`SYN0004`, `SYN–0004`, `SYN.0004`, `S Y N 0 0 0 4`); a name in every usual arrangement
    (`J. Specimen`, `Specimen, Jo`, `Ms Specimen`); a date of birth in any date form after any
    usual label (`DOB`, `D.O.B.`, `date-of-birth`, `Date of Birth (dd/mm/yyyy):`, `born on the
    12th of March 2008`), and columns headed so. Text a reader sees side by side (two cells of
    a table row, two lines of an SVG label, two paragraphs) is also searched joined. Values
    shorter than 3 characters are ignored.

    Read (`yosanalysis.privacy.readers`): the files' names, HTML and SVG (text, every attribute
    including alt text, comments, but not the bytes of base64 images), CSV tables (cells and
    headings), JSON such as `manifest.json` (keys and values), notebooks (every value, and the
    text of HTML outputs), Word files (every XML part: paragraphs, alt text, document
    properties), PDFs (each page's text, with `pdftotext`, else pypdf, and the document
    properties), and any other text file. Images are not read: every chart is also an SVG in
    `figures/`, which is. Nothing is skipped. A file that cannot be read (a PDF with neither
    pypdf nor pdftotext installed, a damaged Word file, an unknown binary) is a finding of kind
    `unscanned`: nothing goes to readers unchecked.

    >>> import tempfile
    >>> pack = Path(tempfile.mkdtemp())
    >>> _ = (pack / "tables").mkdir()
    >>> _ = (pack / "tables" / "t.csv").write_text("Question,Note\\nQ1,seen by J. SPECIMEN\\n")
    >>> [f.where for f in scan_pack(pack, {"Jo Specimen": "auditor's name"})]
    ["in row 2, column 'Note'"]
    """
    pack = Path(pack)
    if not pack.is_dir():
        raise ReportError(f"privacy check: there is no pack folder {pack} to scan")
    matcher = Matcher(secrets)
    findings: list[Finding] = []
    chosen = None if files is None else {Path(f).as_posix() for f in files}
    missing = sorted(f for f in chosen or () if not (pack / f).is_file())
    if missing:
        raise ReportError(f"privacy check: {pack} has no file {missing[0]} to scan")
    for path in sorted(pack.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(pack).as_posix()
        if chosen is not None and name not in chosen:
            continue
        findings += _search(name, [("in the file's name", name)], matcher)
        if path.suffix.lower() in IMAGES:
            continue
        read = file_pieces(path)
        if isinstance(read, str):
            findings.append(Finding(name, UNSCANNED, "", read))
            continue
        pieces, headings = read
        findings += [Finding(name, DATE_OF_BIRTH, f"a column headed '{text}'", where)
                     for where, text in headings]
        findings += _search(name, pieces, matcher)
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
