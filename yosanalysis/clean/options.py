"""How to read one input: its sheet, headers mapped to canonical columns, constant columns, the
order of day and month in its dates, and the largest file read.

A form export rarely matches the data contract as it stands: one service per file (so no
`service` column), a header the aliases do not know. A report's YAML says so per input, and
`validate`/`clean` take the same on the command line::

    inputs:
      audit:
        file: ../exports/audit-form.xlsx
        sheet: Form1
        columns: {"Which team?": service, "Reviewer (full name)": auditor}
        service: Westmere          # a constant: every row is this service
        dates: month-first         # only where the file cannot show it

`read_input(path, options)` reads the file (`yosanalysis.io.read_table`) and applies them: a
mapped header is renamed to its canonical column (the header as written stays in messages), a
constant becomes a column of that value. `max_mb` is the size limit (megabytes; default 200,
`yosanalysis.io.MAX_INPUT_MB`): a larger file is refused before it is read. A report gives every
input the same limit, its `max_input_mb` (`--max-input-mb` on the command line). A report hands
each input's options explicitly to everything that reads it: its checks, the notebooks (their
`input_options` parameter, given to `yosanalysis.pages.Inputs.load`) and the privacy scan, so
each reads the file the same way, within the same limit.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
>>> _ = path.write_text("Team,Reviewer\\nWestmere,Jo Specimen\\n")
>>> table = read_input(path, InputOptions(columns={"Reviewer": "auditor"},
...                                       constants={"audit": "2025 Q3"}))
>>> table.frame.to_dict("records"), table.header("auditor")
([{'team': 'Westmere', 'auditor': 'Jo Specimen', 'audit': '2025 Q3'}], 'Reviewer')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from yosanalysis.errors import InputError
from yosanalysis.io import MAX_INPUT_MB, CsvTable, check_limit, read_table
from yosanalysis.text import match_key

__all__ = ["DATE_ORDERS", "InputOptions", "read_input"]
DATE_ORDERS = ("day-first", "month-first")


@dataclass(frozen=True)
class InputOptions:
    """How to read one input (see the module's docstring). `columns` maps a header as written
    to a canonical column name; `constants` maps a canonical column to the value of every row;
    `dates` is `day-first`, `month-first` or None (decided from the values); `max_mb` is the
    largest file read, in megabytes (`ValueError` unless a number above 0)."""

    sheet: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    constants: Mapping[str, str] = field(default_factory=dict)
    dates: str | None = None
    max_mb: float = MAX_INPUT_MB

    def __post_init__(self) -> None:
        if self.dates is not None and self.dates not in DATE_ORDERS:
            raise ValueError(f"dates must be one of {', '.join(DATE_ORDERS)}; got {self.dates!r}")
        try:
            object.__setattr__(self, "max_mb", check_limit(self.max_mb))
        except ValueError as err:
            raise ValueError(f"max_mb {err}") from None

    @property
    def empty(self) -> bool:
        """True when nothing is asked beyond reading the file as it is, within the default
        size limit."""
        return not (self.sheet or self.columns or self.constants or self.dates) \
            and self.max_mb == MAX_INPUT_MB

    @property
    def reading(self) -> InputOptions:
        """These options without the size limit: what decides the cleaned table (the cache's
        key), which a file's size limit does not change.

        >>> InputOptions(sheet="Form1", max_mb=500).reading == InputOptions(sheet="Form1")
        True
        """
        return replace(self, max_mb=MAX_INPUT_MB)

    def to_dict(self) -> dict[str, Any]:
        """A plain mapping (for JSON: the notebooks' `input_options`, the cache's key); the
        size limit only where it is not the default.

        >>> InputOptions(sheet="Form1").to_dict()
        {'sheet': 'Form1', 'columns': {}, 'constants': {}, 'dates': None}
        >>> InputOptions(max_mb=500).to_dict()["max_mb"]
        500.0
        """
        plain: dict[str, Any] = {"sheet": self.sheet, "columns": dict(self.columns),
                                 "constants": dict(self.constants), "dates": self.dates}
        if self.max_mb != MAX_INPUT_MB:
            plain["max_mb"] = self.max_mb
        return plain

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> InputOptions:
        """The options of a plain mapping (as `to_dict` gives).

        >>> InputOptions.from_dict({"sheet": "Form1", "max_mb": 5}).max_mb
        5.0
        """
        limit = raw.get("max_mb")
        return cls(sheet=raw.get("sheet"), columns=dict(raw.get("columns") or {}),
                   constants=dict(raw.get("constants") or {}), dates=raw.get("dates"),
                   max_mb=MAX_INPUT_MB if limit is None else limit)


def apply(table: CsvTable, options: InputOptions) -> CsvTable:
    """`table` with `options.columns` renamed and `options.constants` added. A mapped header
    that is not in the file raises `InputError` naming it and the headers there."""
    frame, headers = table.frame, dict(table.headers)
    if options.columns:
        by_written = {match_key(h): k for k, h in table.headers.items()}
        renames: dict[str, str] = {}
        for written, canonical in options.columns.items():
            key = by_written.get(match_key(str(written)))
            if key is None:
                raise InputError(
                    table.path, f"has no column {written!r} to read as {canonical!r} (columns "
                    "mapping); its columns: " + ", ".join(table.headers.values()))
            renames[key] = match_key(str(canonical))
        # a column already named as a mapped target makes way for the mapped one
        clashes = {k: f"{k} (not used)" for k in frame.columns
                   if k in renames.values() and k not in renames}
        renames = {**clashes, **renames}
        frame = frame.rename(columns=renames)
        headers = {renames.get(k, k): h for k, h in headers.items()}
    notes = list(table.notes)
    if options.constants:
        frame = frame.copy()
        for name, value in options.constants.items():
            key = match_key(str(name))
            if key in frame.columns:
                raise InputError(table.path, f"has a column {headers[key]!r} already, so "
                                 f"'{name}: {value}' cannot set it for every row")
            frame[key] = str(value)
            headers[key] = str(name)
            notes.append(f"{name} is {value!r} for every row (set by the report's parameters)")
    return replace(table, frame=frame, headers=headers, notes=notes)


def read_input(path: str | Path, options: InputOptions | None = None) -> CsvTable:
    """Read an input with its options (none when not given). A file larger than the options'
    `max_mb` raises `InputError` naming the file, its size and the limit, before it is read.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = path.write_text("Service\\nWestmere\\n")
    >>> read_input(path).frame.to_dict("records")
    [{'service': 'Westmere'}]
    """
    chosen = options if options is not None else InputOptions()
    table = read_table(path, chosen.sheet, max_mb=chosen.max_mb)
    if chosen.dates:
        table = replace(table, date_order=chosen.dates)
    return apply(table, chosen) if (chosen.columns or chosen.constants) else table
