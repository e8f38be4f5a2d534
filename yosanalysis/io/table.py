"""A table of text cells, from a CSV file or a workbook's sheet, made the `CsvTable` every
cleaner reads: blank rows dropped, the header row found, wholly empty unnamed columns dropped,
headers made unique keys (`yosanalysis.text.match_key`), each row numbered as a person counts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from yosanalysis.errors import InputError
from yosanalysis.io.encoding import _SEPARATOR_NAMES
from yosanalysis.io.header import HEADER_SEARCH_ROWS, find_header
from yosanalysis.text import collapse_spaces, match_key

__all__ = ["CsvTable", "table_from_cells"]


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
