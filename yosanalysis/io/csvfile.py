"""Reading a CSV file's bytes as a table of text: its encoding and separator, every cell as
typed, and each record's row number as the line on which it starts (see `yosanalysis.io`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from yosanalysis.errors import InputError
from yosanalysis.io.encoding import _SAMPLE_CHARS, _refuse_binary, decode, detect_separator
from yosanalysis.io.guard import MAX_INPUT_MB, check_input, opening
from yosanalysis.io.table import CsvTable, table_from_cells

__all__ = ["read_csv"]


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


def read_csv(path: str | Path, *, max_mb: float = MAX_INPUT_MB) -> CsvTable:
    """Read a CSV file as text; see `yosanalysis.io` for what is done and why. A file larger
    than `max_mb` megabytes raises `InputError` before it is read (`check_input`).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = path.write_bytes("Service\\tComment\\nStockton\\t£5\\n".encode("cp1252"))
    >>> table = read_csv(path)
    >>> table.encoding, table.separator_name, table.frame.loc[2, "comment"]
    ('cp1252', 'tab', '£5')
    """
    path = Path(path)
    check_input(path, max_mb)
    with opening(path), path.open("rb") as handle:  # read-only, always
        data = handle.read()
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
