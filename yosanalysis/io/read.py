"""Reading any input file as a table of text: a CSV file, or a workbook's sheet."""

from __future__ import annotations

from pathlib import Path

from yosanalysis.errors import InputError
from yosanalysis.io.csvfile import read_csv
from yosanalysis.io.guard import MAX_INPUT_MB, check_input
from yosanalysis.io.table import CsvTable

__all__ = ["WORKBOOK_SUFFIXES", "read_table"]

#: The workbook formats read (through pandas: openpyxl for Excel, odfpy for OpenDocument).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")


def read_table(path: str | Path, sheet: str | None = None, *,
               max_mb: float = MAX_INPUT_MB) -> CsvTable:
    """Read a CSV file (`read_csv`) or a workbook (`.xlsx`, `.xlsm`, `.ods`: see
    `yosanalysis.workbook`) as a table of text; `sheet` names a workbook's sheet (default: the
    only sheet, or the first with data, said in the table's notes). A file whose bytes are not
    what its name says (a workbook named `.csv`, a CSV named `.xlsx`) raises `InputError`, as
    does a file larger than `max_mb` megabytes (`check_input`), before it is read.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = path.write_text("Title\\n\\nService,Score\\nA,91\\n")
    >>> table = read_table(path)
    >>> table.header_row, table.frame.index.tolist()
    (3, [4])
    """
    path = Path(path)
    check_input(path, max_mb)  # a pipe or a huge file, refused before a byte is read
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from yosanalysis.workbook import read_workbook

        return read_workbook(path, sheet)
    if sheet:
        raise InputError(path, f"is not a workbook, so it has no sheets: leave out the sheet "
                         f"({sheet!r})")
    return read_csv(path, max_mb=max_mb)
