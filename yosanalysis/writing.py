"""Writing the suite's own files safely: CSV cells a spreadsheet cannot run as formulas, and
files written whole that can never reach an input.

One home for both rules (issue #16):

- **Formula injection.** A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
  taken by Excel and LibreOffice as a formula (`=HYPERLINK("http://…?leak="&A1, …)`). Such a cell
  gets a leading single quote (the OWASP rule, "CSV Injection"), which spreadsheets show as text;
  plain numbers (`-3.5`, `+4`) are left alone, so they stay numbers. `escape_cell` is the rule,
  `write_csv` applies it to every cell and header of a table.
- **Writes that cannot reach an input.** `write_atomic` refuses a target that is a symbolic link
  or is one of the inputs (compared after resolving links), writes a temporary file beside the
  target and renames it into place, so a reader never sees half a file and a link planted in
  the output folder is never written through.

>>> escape_cell("=HYPERLINK(\\"http://x\\")"), escape_cell("-3.5"), escape_cell("- a note")
('\\'=HYPERLINK("http://x")', '-3.5', "'- a note")
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from yosanalysis.errors import InputError

__all__ = ["FORMULA_STARTS", "escape_cell", "escape_frame", "write_atomic", "write_csv"]

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?%?")


def escape_cell(value: Any) -> Any:
    """`value` with a leading `'` if it is text a spreadsheet would run as a formula; numbers,
    missing values and other text unchanged. Source: OWASP, "CSV Injection".

    >>> escape_cell("@SUM(A1)"), escape_cell("\\t=1"), escape_cell(-2), escape_cell("+44")
    ("'@SUM(A1)", "'\\t=1", -2, '+44')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and \
            not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def escape_frame(frame: Any) -> Any:
    """A copy of the DataFrame `frame` with `escape_cell` applied to every text cell and to
    the headers (numbers, dates and categories of numbers are left as they are).

    >>> import pandas as pd
    >>> escape_frame(pd.DataFrame({"=A": ["=1+1", "ok"], "n": [-1.5, 2]})).to_dict("list")
    {"'=A": ["'=1+1", 'ok'], 'n': [-1.5, 2.0]}
    """
    import pandas as pd

    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            out[column] = values.map(escape_cell, na_action="ignore")
    out.columns = [escape_cell(str(c)) if isinstance(c, str) else c for c in out.columns]
    return out


def write_atomic(path: str | Path, data: str | bytes, *, inputs: Iterable[str | Path] = (),
                 encoding: str = "utf-8") -> Path:
    """Write `data` to `path` whole: into a temporary file beside it, then renamed into place.
    Raises `InputError` if `path` is a symbolic link, or is (after resolving links) one of
    `inputs`: nothing is written then. Returns `path`.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.txt", "hello").read_text()
    'hello'
    >>> (folder / "link.txt").symlink_to(folder / "a.txt")
    >>> write_atomic(folder / "link.txt", "x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    yosanalysis.errors.InputError: ...link.txt: is a symbolic link: ...
    """
    path = Path(path)
    if path.is_symlink():
        raise InputError(path, "is a symbolic link: the suite never writes through one (it could "
                         "change the file it points to); remove it and run again")
    target = path.resolve()
    for source in inputs:
        if Path(source).resolve() == target:
            raise InputError(path, "is an input file: the suite never writes onto its inputs")
    payload = data.encode(encoding) if isinstance(data, str) else data
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.chmod(name, 0o666 & ~_umask())
        os.replace(name, path)  # replaces a link planted meanwhile, never what it points to
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_csv(path: str | Path, table: Any = None, *, header: Sequence[Any] | None = None,
              rows: Iterable[Sequence[Any]] | None = None, inputs: Iterable[str | Path] = (),
              date_format: str | None = None) -> Path:
    """Write a CSV file the suite produces (UTF-8, comma-separated) with every cell escaped by
    `escape_cell`, atomically and never onto an input or through a link (`write_atomic`).
    Give either a DataFrame `table` (written without its index) or a `header` and `rows`.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> print(write_csv(path, header=["Item", "Change"], rows=[["=1+2", -3.5]]).read_text(), end="")
    Item,Change
    '=1+2,-3.5
    """
    if table is not None:
        text = escape_frame(table).to_csv(index=False, date_format=date_format,
                                          lineterminator="\n")
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        if header is not None:
            writer.writerow([escape_cell(c) for c in header])
        writer.writerows([escape_cell(c) for c in row] for row in rows or ())
        text = buffer.getvalue()
    return write_atomic(path, text, inputs=inputs)
