"""Reading a sheet of a workbook (`.xlsx`, `.xlsm`, `.ods`) as the same table of text as a CSV.

Online form tools export only workbooks, and analysts keep their audits in them, so a workbook is
read as a CSV file is: the cells of one sheet through pandas' readers (openpyxl for Excel, odfpy
for OpenDocument), then `yosanalysis.io.table_from_cells` (blank rows, the header row, empty
columns). Rows are numbered as the spreadsheet shows them (its first row is 1, whatever lies
above the header), and messages name the sheet.

A cell keeps its type: a date cell becomes an ISO date (`2025-09-03`, with its time where it has
one), so it is never read again as day-first or month-first text; a number cell becomes the
number as written (`85`, `0.85`); `TRUE`/`FALSE` cells become those words. Spreadsheet errors
(`#N/A`, `#REF!`) arrive as the text Excel shows, for the cleaners to report.

The sheet is the one named (`sheet=`), else the only one, else the first that holds any data;
the table's notes say which was chosen and why. The bytes must be what the name says: a workbook
is a zip file, so a CSV named `.xlsx` is refused, as is an old `.xls` or password-protected
workbook. A zip that unpacks to more than `MAX_UNPACKED_MB` (a compressed "zip bomb", or a sheet
far larger than an audit) is refused with one message, before anything is unpacked.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.xlsx"
>>> pd.DataFrame({"Service": ["Westmere"], "Date": [pd.Timestamp("2025-09-03")],
...               "Score": [85]}).to_excel(path, sheet_name="Audit", index=False)
>>> table = read_workbook(path)
>>> table.sheet, table.frame.loc[2].tolist(), table.notes
('Audit', ['Westmere', '2025-09-03', '85'], ["sheet 'Audit' (the only sheet)"])
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from pathlib import Path

import pandas as pd

from yosanalysis.errors import InputError
from yosanalysis.io import CsvTable, table_from_cells
from yosanalysis.io.guard import opening

__all__ = ["MAX_FILE_MB", "MAX_UNPACKED_MB", "cell_text", "read_workbook"]

#: The most a workbook's parts may unpack to, in megabytes (a sheet of 100,000 audited cases
#: with 60 questions is about 60 MB).
MAX_UNPACKED_MB = 200
#: The largest workbook file read, in megabytes.
MAX_FILE_MB = 50


def cell_text(value: object) -> str:
    """A workbook cell as text that the cleaners read as the cell meant it.

    >>> cell_text(dt.datetime(2025, 9, 3)), cell_text(dt.datetime(2025, 9, 3, 12, 58, 2))
    ('2025-09-03', '2025-09-03 12:58:02')
    >>> cell_text(85.0), cell_text(0.85), cell_text(True), cell_text(None), cell_text("#N/A")
    ('85', '0.85', 'TRUE', '', '#N/A')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        if pd.isna(value):
            return ""
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    return str(value)


def _check_bytes(path: Path) -> str:
    """Refuse a file that is not a workbook in its bytes, or too large to unpack safely; the
    pandas engine that reads it, by its contents (an Excel workbook holds `xl/workbook.xml`,
    an OpenDocument one `content.xml`), whatever its name says."""
    with opening(path):
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(path, "is an old Excel (.xls) or password-protected workbook: save it "
                         "as .xlsx (without a password) or as CSV")
    if not head.startswith(b"PK\x03\x04"):
        raise InputError(path, f"is named {path.suffix} but is not a workbook (it is not a zip "
                         "file): if it is text, name it .csv")
    too_big = (f"is a compressed or oversized workbook: it is over the limits of "
               f"{MAX_FILE_MB} MB on disk and {MAX_UNPACKED_MB} MB unpacked; save the sheet "
               "as CSV")
    if size > MAX_FILE_MB * 1_000_000:
        raise InputError(path, too_big)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise InputError(path, "is a damaged workbook: it cannot be opened as one") from None
    if sum(info.file_size for info in infos) > MAX_UNPACKED_MB * 1_000_000:
        raise InputError(path, too_big)
    names = {info.filename for info in infos}
    if "xl/workbook.xml" in names:
        return "openpyxl"
    if "content.xml" in names:
        return "odf"
    raise InputError(path, "is a zip file but not a workbook (.xlsx, .xlsm or .ods)")


def _cells(book: pd.ExcelFile, name: str) -> pd.DataFrame:
    return pd.read_excel(book, sheet_name=name, header=None, dtype=object)


def read_workbook(path: str | Path, sheet: str | None = None) -> CsvTable:
    """One sheet of a workbook as a `CsvTable`; see the module's docstring. A missing sheet, an
    empty workbook or a file that is not a workbook raises `InputError`."""
    path = Path(path)
    engine = _check_bytes(path)
    try:
        book = pd.ExcelFile(path, engine=engine)
    except Exception as err:  # any reader's failure on a damaged or unusual file
        raise InputError(path, f"cannot be read as a workbook: {err}") from None
    with book:
        names = [str(n) for n in book.sheet_names]
        try:
            if sheet is not None:
                if sheet not in names:
                    raise InputError(path, f"has no sheet {sheet!r}; its sheets: "
                                     + ", ".join(repr(n) for n in names))
                chosen, raw = sheet, _cells(book, sheet)
                note = f"sheet {sheet!r} (as asked)"
            else:
                chosen, raw, note = "", pd.DataFrame(), ""
                for name in names:
                    raw = _cells(book, name)
                    if raw.notna().to_numpy().any():
                        chosen = name
                        break
                if not chosen:
                    raise InputError(path, "is a workbook with no data in any sheet")
                if len(names) == 1:
                    note = f"sheet {chosen!r} (the only sheet)"
                else:
                    others = ", ".join(repr(n) for n in names if n != chosen)
                    note = (f"sheet {chosen!r} (the first with data; also in the workbook: "
                            f"{others}; choose another with --sheet or 'sheet:')")
        except InputError:
            raise
        except Exception as err:
            raise InputError(path, f"cannot be read as a workbook: {err}") from None
    cells = raw.map(cell_text) if not raw.empty else raw
    cells.columns = range(cells.shape[1])
    cells.index = pd.Index(range(1, len(cells) + 1), name="row")  # as the spreadsheet shows
    return table_from_cells(cells, path, encoding="", separator="", sheet=chosen, notes=[note])
