"""Reading a CSV file as people and systems export it, with nothing domain-specific.

`read_csv` works out the encoding (UTF-8 with or without a byte-order mark, else Windows-1252,
which is what Excel writes) and the separator (comma, semicolon or tab), reads every cell as text
(so `N/A`, `NA` and `0012` reach the cleaner exactly as typed: pandas would otherwise turn `N/A`
into a missing value, a silent loss), drops wholly blank lines and wholly empty unnamed columns,
and keeps each row's number in the file as a person counts it (header = row 1). Header names are
normalised with `yosanalysis.text.match_key`, and the headers as written are kept for messages.

The row number is the line in the file on which the row starts. Blank lines before or between
rows still count, so the number is the one a text editor or a spreadsheet shows; a quoted cell
that runs over several lines moves the following rows' numbers on by its extra lines.

A file that cannot be read as CSV at all (binary, a spreadsheet workbook, empty, a header and no
rows) raises `InputError(path, problem)`. An input is only ever opened for reading.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "x.csv").write_bytes(b"Service;Answer\\n\\nStockton;N/A\\n")
>>> table = read_csv(folder / "x.csv")
>>> table.separator, list(table.frame.columns), table.frame.index.tolist()
(';', ['service', 'answer'], [3])
>>> table.frame.loc[3, "answer"]
'N/A'
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from yosanalysis.errors import InputError
from yosanalysis.text import collapse_spaces, match_key

__all__ = [
    "MAX_INPUT_ENV",
    "MAX_INPUT_MB",
    "WORKBOOK_SUFFIXES",
    "CsvTable",
    "check_input",
    "decode",
    "detect_separator",
    "find_header",
    "read_csv",
    "read_table",
    "sha256_of",
    "table_from_cells",
]

#: The workbook formats read (through pandas: openpyxl for Excel, odfpy for OpenDocument).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")

_SEPARATORS = (",", ";", "\t")
_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_SAMPLE_CHARS = 64_000


# -- the guard every input passes before a byte of it is read (issue #16) ----------------------
#: Inputs larger than this many megabytes (10**6 bytes) are refused unless told otherwise.
MAX_INPUT_MB = 200
#: The environment variable holding another limit (set by `--max-input-mb` and the report's
#: `max_input_mb`, so that the notebooks' kernels keep to it too).
MAX_INPUT_ENV = "YOSANALYSIS_MAX_INPUT_MB"


def check_input(path: str | Path, max_mb: float | None = None) -> None:
    """Refuse, before reading it, an input that is not a regular file (a named pipe, a device,
    a socket: reading one could wait for ever) or is larger than `max_mb` megabytes (default:
    `$YOSANALYSIS_MAX_INPUT_MB`, else `MAX_INPUT_MB`, 200). Only `os.stat` is used, so a huge
    file is refused at once. Raises `InputError(path, problem)`; a missing file passes (reading
    it says so).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "big.csv"
    >>> with path.open("wb") as fh:
    ...     _ = fh.truncate(3_000_000)
    >>> check_input(path, max_mb=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    yosanalysis.errors.InputError: ...big.csv: is 3.0 MB, larger than the limit of 2 MB ...
    """
    import os
    import stat

    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as err:
        raise InputError(path, f"cannot be opened: {err.strerror or err}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        what = ("a named pipe" if stat.S_ISFIFO(info.st_mode) else
                "a socket" if stat.S_ISSOCK(info.st_mode) else "a device")
        raise InputError(path, f"is {what}, not a regular file: save the data to a file")
    if max_mb is None:
        try:
            max_mb = float(os.environ.get(MAX_INPUT_ENV) or MAX_INPUT_MB)
        except ValueError:
            max_mb = MAX_INPUT_MB
    if info.st_size > max_mb * 1_000_000:
        raise InputError(path, f"is {info.st_size / 1e6:,.1f} MB, larger than the limit of "
                         f"{max_mb:g} MB for an input; give --max-input-mb (or max_input_mb in "
                         "the report's file) to allow it")


@dataclass(frozen=True)
class CsvTable:
    """A CSV file read as text.

    `frame` holds every cell as a string (empty string for an empty cell), its columns are the
    normalised header keys (unique) and its index is the row number in the file (header = 1).
    `headers` maps each key to the header as written (spaces collapsed), for messages.
    """

    path: Path
    frame: pd.DataFrame
    headers: dict[str, str]
    encoding: str
    separator: str
    blank_lines: int = 0
    dropped_columns: list[str] = field(default_factory=list)
    sheet: str | None = None
    header_row: int = 1
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    date_order: str | None = None  # `day-first` or `month-first` when the user said so

    @property
    def where(self) -> str:
        """The file, and its sheet for a workbook, for messages: `a.xlsx, sheet 'Audit'`."""
        return f"{self.path.name}, sheet {self.sheet!r}" if self.sheet else self.path.name

    def header(self, key: str) -> str:
        """The header of column `key` as it is written in the file."""
        return self.headers.get(key, key)

    @property
    def separator_name(self) -> str:
        """`comma`, `semicolon` or `tab`."""
        return _SEPARATOR_NAMES.get(self.separator, repr(self.separator))


def _refuse_binary(data: bytes, path: str | Path | None) -> None:
    """Raise `InputError` for UTF-16 text, a workbook or binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            path,
            "is UTF-16 text (Excel's 'Unicode Text'): save it as 'CSV UTF-8' or plain CSV",
        )
    if data.startswith(b"PK\x03\x04"):
        raise InputError(path, "is a spreadsheet workbook or zip file, not CSV text: if it is "
                         "a workbook, name it .xlsx (or .ods) and it is read as one")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(path, "is an old Excel (.xls) or password-protected workbook, not CSV:"
                         " save it as .xlsx or CSV, without a password")
    if b"\x00" in data:
        raise InputError(path, "holds binary data (NUL bytes): it is not a CSV file")


def decode(data: bytes, path: str | Path | None = None) -> tuple[str, str]:
    """The text of a file's bytes and the encoding it was read with.

    UTF-8 (a byte-order mark is dropped) is tried first, then Windows-1252. Binary data raises
    `InputError`.

    >>> decode("caf\\u00e9 \\u2019".encode("cp1252"))
    ('café ’', 'cp1252')
    >>> decode(b"\\xef\\xbb\\xbfa,b")
    ('a,b', 'utf-8-sig')
    """
    _refuse_binary(data, path)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise InputError(
                path, f"starts as UTF-8 but byte {err.start + 3} cannot be read as UTF-8"
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as err:
        raise InputError(
            path,
            f"cannot be read as text (UTF-8 or Windows-1252): byte {err.start} is "
            f"0x{data[err.start]:02x}; it is not a CSV file",
        ) from None


def detect_separator(text: str) -> str:
    """The separator of a CSV text: comma, semicolon or tab, whichever splits the header line
    (quotes respected) into the most fields; a tie goes to the comma.

    >>> detect_separator('"Score; %",Service\\n1,a\\n')
    ','
    >>> detect_separator("a\\tb;c\\tc\\n")
    '\\t'
    """
    sample = text.lstrip("\r\n")[:_SAMPLE_CHARS]
    best, most = ",", 0
    for sep in _SEPARATORS:
        try:
            first = next(csv.reader(io.StringIO(sample), delimiter=sep), [])
        except csv.Error:  # pragma: no cover - a malformed sample
            continue
        if len(first) > most:
            best, most = sep, len(first)
    return best


def _unique_keys(headers: list[str]) -> list[str]:
    keys: list[str] = []
    seen: dict[str, int] = {}
    for position, header in enumerate(headers, start=1):
        key = match_key(header) or f"column {position}"
        if key in seen:
            seen[key] += 1
            key = f"{key} {seen[key]}"
        else:
            seen[key] = 1
        keys.append(key)
    return keys


def _blank_values(values: np.ndarray) -> np.ndarray:
    """True for the cells that are empty or hold only white space (each distinct value looked
    at once)."""
    codes, uniques = pd.factorize(values)
    blank = np.fromiter((not u.strip() for u in uniques), dtype=bool, count=len(uniques))
    return blank[codes]


def _blank_cells(column: pd.Series) -> pd.Series:
    """Cells that are empty or hold only white space."""
    return pd.Series(_blank_values(column.to_numpy(dtype=object)), index=column.index)


def _skip_leading_blank_lines(data: bytes) -> tuple[bytes, int]:
    """The bytes from the first line that is not blank, and how many lines came before it."""
    position, skipped = 0, 0
    while True:
        end = data.find(b"\n", position)
        if end < 0 or data[position:end].strip():
            return (data[position:] if position else data), skipped
        position, skipped = end + 1, skipped + 1


def _widest_row(text: str, separator: str, path: Path) -> int:
    """The largest number of cells in a row (quotes respected)."""
    try:
        return max(len(row) for row in csv.reader(io.StringIO(text), delimiter=separator))
    except csv.Error as err:
        raise InputError(path, f"is not a well-formed CSV file: {err}") from None


def _blank_rows(raw: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is blank. Each column is looked at only on the rows still blank
    after the columns before it, so a file without blank lines costs one column's look."""
    candidates = np.arange(len(raw))
    for c in raw.columns:
        if not len(candidates):
            break
        values = raw[c].to_numpy(dtype=object)
        if len(candidates) < len(raw):
            values = values[candidates]
        candidates = candidates[_blank_values(values)]
    blank = np.zeros(len(raw), dtype=bool)
    blank[candidates] = True
    return blank


def _parse(data: bytes, read_as: str, path: Path) -> tuple[pd.DataFrame, str, int]:
    """The cells of a file's bytes (after any byte-order mark) read as text with encoding
    `read_as`, indexed by the line on which each record starts; its separator."""
    data, offset = _skip_leading_blank_lines(data)
    separator = detect_separator(data[: _SAMPLE_CHARS * 2].decode(read_as, errors="ignore"))
    options = {
        "sep": separator,
        "header": None,
        "dtype": str,
        "keep_default_na": False,
        "na_filter": False,  # an empty cell, or a cell missing from a short row, is ""
        "skip_blank_lines": False,
        "engine": "c",
        "encoding": read_as,
    }
    try:
        raw = pd.read_csv(io.BytesIO(data), **options)
    except pd.errors.EmptyDataError:
        raise InputError(path, "is empty") from None
    except pd.errors.ParserError:
        # some rows have more cells than the header: read them all, naming the extra columns
        # by position (empty ones are dropped below, others are listed as ignored)
        width = _widest_row(data.decode(read_as), separator, path)
        try:
            raw = pd.read_csv(io.BytesIO(data), names=list(range(width)), **options)
        except pd.errors.ParserError as err:
            problem = str(err).replace("Error tokenizing data. C error: ", "").strip()
            if "EOF inside string" in problem:
                problem = 'a quote mark (") opens a cell that is never closed'
            raise InputError(path, f"is not a well-formed CSV file: {problem}") from None
    raw.columns = range(raw.shape[1])
    # the line on which each record starts: records before it plus the extra lines of quoted
    # cells that run over several lines
    starts = np.arange(1, len(raw) + 1) + offset
    if data.count(b"\n") - data.endswith(b"\n") >= len(raw):  # some cell spans lines
        extra = sum(raw[c].str.count("\n").to_numpy() for c in raw.columns)
        starts = starts + np.concatenate(([0], np.cumsum(extra)[:-1]))
    raw.index = pd.Index(starts, name="row")
    return raw, separator, offset


def read_csv(path: str | Path) -> CsvTable:
    """Read a CSV file as text; see the module's docstring for what is done and why.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = path.write_bytes("Service\\tComment\\nStockton\\t£5\\n".encode("cp1252"))
    >>> table = read_csv(path)
    >>> table.encoding, table.separator_name, table.frame.loc[2, "comment"]
    ('cp1252', 'tab', '£5')
    """
    path = Path(path)
    check_input(path)
    try:
        with path.open("rb") as handle:  # read-only, always
            data = handle.read()
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except FileNotFoundError:
        raise InputError(path, "does not exist") from None
    except PermissionError:
        raise InputError(path, "cannot be opened: permission denied") from None
    _refuse_binary(data, path)
    if not data.strip():
        raise InputError(path, "is empty")
    # UTF-8 is read straight away (pandas decodes every cell, so a byte that is not UTF-8
    # stops it); only then is the file decoded as a whole, to say why or to read Windows-1252
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        raw, separator, _ = _parse(data[3:] if encoding == "utf-8-sig" else data, "utf-8", path)
    except UnicodeDecodeError:
        encoding = decode(data, path)[1]  # raises InputError when it is not text at all
        read_as = "utf-8" if encoding == "utf-8-sig" else encoding
        raw, separator, _ = _parse(
            data[3:] if encoding == "utf-8-sig" else data, read_as, path
        )
    return table_from_cells(raw, path, encoding=encoding, separator=separator)


# -- where the table starts -----------------------------------------------------------------
#: How many rows (blank ones left out) are looked at for the header row.
HEADER_SEARCH_ROWS = 12


def _filled(row: list[str]) -> int:
    return sum(1 for cell in row if cell.strip())


def _looks_like_data(cell: str) -> bool:
    """A cell a header never holds: a number or a date."""
    text = cell.strip()
    return bool(text) and (text.replace(".", "", 1).replace(",", "").isdigit()
                           or (text[:1].isdigit() and text.count("/") == 2))


def find_header(rows: list[list[str]]) -> int:
    """The position, among `rows` (the first non-blank rows of a table, each a list of cells),
    of the header row: the first row that fills more than half as many cells as the widest
    row (at least two, where rows have two or more) and is not mostly numbers or dates. Title
    lines, a note and a merged group row above the header fill fewer cells; where the first row
    qualifies, it is the header, as before.

    >>> find_header([["Report title", "", "", ""], ["", "Group", "", ""], ["A", "B", "C", ""],
    ...              ["1", "2", "3", "4"]])
    2
    >>> find_header([["A", "B", ""], ["1", "2", "3"]])
    0
    """
    counts = [_filled(r) for r in rows[:HEADER_SEARCH_ROWS]]
    if not counts:
        return 0
    widest = max(counts)
    least = min(2, widest)
    for position, (row, filled) in enumerate(zip(rows, counts, strict=False)):
        if filled >= least and filled > widest / 2 and \
                2 * sum(_looks_like_data(c) for c in row) <= filled:
            return position
    return 0


def table_from_cells(
    raw: pd.DataFrame, path: Path, *, encoding: str = "", separator: str = "",
    sheet: str | None = None, notes: list[str] | None = None,
) -> CsvTable:
    """A table of text cells (`raw`: columns by position, index the row number as a person
    counts it) made a `CsvTable`: blank rows dropped, the header row found (rows above it
    reported as skipped, see `find_header`), wholly empty unnamed columns dropped, headers made
    keys. Used for CSV files and workbooks alike, so both are cleaned the same way.

    >>> raw = pd.DataFrame([["Scores 2013", ""], ["", ""], ["Service", "Score"], ["A", "91"]],
    ...                    index=[1, 2, 3, 4])
    >>> t = table_from_cells(raw, Path("s.csv"))
    >>> t.header_row, t.frame.to_dict("index"), t.skipped_rows
    (3, {4: {'service': 'A', 'score': '91'}}, [(1, 'Scores 2013')])
    """
    notes = list(notes or [])
    blank = _blank_rows(raw)
    blank_lines = int(blank.sum())
    blank_at = raw.index[blank][:HEADER_SEARCH_ROWS].tolist() if blank_lines else []
    if blank_lines:
        raw = raw.loc[~blank]
    where = f" (sheet {sheet!r})" if sheet else ""
    if raw.empty:
        raise InputError(path, f"is empty{where}")
    top = [[str(c) for c in row] for row in raw.iloc[:HEADER_SEARCH_ROWS].to_numpy().tolist()]
    position = find_header(top)
    skipped = [
        (int(raw.index[i]), collapse_spaces(" ".join(c for c in top[i] if c.strip())))
        for i in range(position)
    ]
    if skipped:
        header_row = int(raw.index[position])
        above = [r for r in blank_at if r < header_row]
        notes.append(
            f"header found on row {header_row}: rows above it skipped ("
            + "; ".join(f"row {r}: {text[:60]!r}" for r, text in skipped)
            + (f"; blank: row {', '.join(map(str, above))}" if above else "") + ")"
        )
        raw = raw.iloc[position:]
    header_cells = [collapse_spaces(str(h)) for h in raw.iloc[0].tolist()]
    body = raw.iloc[1:]
    # wholly empty columns without a header (trailing separators) carry nothing
    empty = [
        c for c, h in zip(raw.columns, header_cells, strict=True)
        if not h and _blank_cells(body[c]).all()
    ]
    dropped = [f"column {c + 1}" for c in empty]
    keep = [c for c in raw.columns if c not in empty]
    headers = [h for c, h in zip(raw.columns, header_cells, strict=True) if c not in empty]
    if body.empty:
        raise InputError(path, f"has a header but no rows of data{where}")
    keys = _unique_keys(headers)
    frame = body[keep].set_axis(keys, axis=1)
    return CsvTable(
        path=path,
        frame=frame,
        headers=dict(zip(keys, headers, strict=True)),
        encoding=encoding,
        separator=separator,
        blank_lines=blank_lines,
        dropped_columns=dropped,
        sheet=sheet,
        header_row=int(raw.index[0]),
        skipped_rows=skipped,
        notes=notes,
    )


def read_table(path: str | Path, sheet: str | None = None) -> CsvTable:
    """Read a CSV file (`read_csv`) or a workbook (`.xlsx`, `.xlsm`, `.ods`: see
    `yosanalysis.workbook`) as a table of text; `sheet` names a workbook's sheet (default: the
    only sheet, or the first with data, said in the table's notes). A file whose bytes are not
    what its name says (a workbook named `.csv`, a CSV named `.xlsx`) raises `InputError`.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = path.write_text("Title\\n\\nService,Score\\nA,91\\n")
    >>> table = read_table(path)
    >>> table.header_row, table.frame.index.tolist()
    (3, [4])
    """
    path = Path(path)
    check_input(path)  # a pipe or a huge file, refused before a byte is read
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from yosanalysis.workbook import read_workbook

        return read_workbook(path, sheet)
    if sheet:
        raise InputError(path, f"is not a workbook, so it has no sheets: leave out the sheet "
                         f"({sheet!r})")
    return read_csv(path)


def sha256_of(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, as hex, read a megabyte at a time: the one way the suite
    fingerprints a file (the cache's keys, a build's inputs, the manifest).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = path.write_bytes(b"abc")
    >>> sha256_of(path)[:16]
    'ba7816bf8f01cfea'
    """
    import hashlib

    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
