"""A column of dates, with the order of day and month decided for the whole column.

People in England and Wales write the day first (`9/3/25` is 9 March 2025); online form tools
(Microsoft Forms, Google Forms) export month-first date-times (`9/3/25 09:02:11` is 3
September). Reading each cell on its own would take `9/3/25` day-first and reject `8/20/25`: a
silent change. So the order is decided per column, from its numeric dates (`d/m/y`, `-` and `.`
too), as the data contract says:

- a value with a day over 12 in the second place (`8/20/25`), or a 12-hour time (`9:02 AM`),
  which only month-first explains, and none over 12 in the first place: the whole column is read
  month-first, with one warning naming the column and the reading;
- otherwise day-first. But a column whose values fit both readings and that comes from a tool
  known to write month-first (a form export's date-times: the file has `Start time`,
  `Completion time` or `Timestamp` columns and the column's values carry a time of day and
  are written without leading zeros, `9/3/25 09:02:11`, as those tools write them) is
  refused (`InputError`) naming the column and the two readings: the user says which, with
  `dates: month-first` (or `day-first`) for the input, or `--dates` on the command line.

The user's word, where given (`CsvTable.date_order`), decides without looking. Excel serial
numbers (`41603`, `41603.0`: days since 30 December 1899, as Excel counts on Windows) become
their dates, with a warning per row in a CSV (in a workbook a number in a date column is
Excel's own date). Other forms are read by `yosanalysis.clean.values.parse_dates`.

>>> import pandas as pd
>>> from pathlib import Path
>>> from yosanalysis.io import CsvTable
>>> from yosanalysis.clean.report import CleaningReport
>>> frame = pd.DataFrame({"date": ["8/20/25", "9/3/25", "41603"]}, index=[2, 3, 4])
>>> table = CsvTable(Path("a.csv"), frame, {"date": "Audit date"}, "utf-8", ",")
>>> report = CleaningReport("a.csv", "audit", rows_read=3)
>>> dates, bad = read_dates(table, "date", report)
>>> dates.dt.strftime("%Y-%m-%d").tolist(), bad.tolist()
(['2025-08-20', '2025-09-03', '2013-11-25'], [False, False, False])
>>> [w["message"][:45] for w in report.warnings]
['read month-first (m/d/y) for the whole column', 'an Excel serial date: read as 2013-11-25']
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from yosanalysis.clean.datetext import parse_dates
from yosanalysis.clean.report import CleaningReport
from yosanalysis.errors import InputError
from yosanalysis.io import CsvTable
from yosanalysis.text import collapse_spaces, match_key

__all__ = ["FORM_TOOL_COLUMNS", "read_dates"]

_NUMERIC = re.compile(
    r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?)?$"
)
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Headers of the date-time columns form tools write (Microsoft Forms, Google Forms).
FORM_TOOL_COLUMNS = frozenset({"start time", "completion time", "timestamp", "submitted at",
                               "submission time", "last modified time"})
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _year(text: str) -> int:
    year = int(text)
    return year if len(text) == 4 else year + (2000 if year <= 68 else 1900)


def _spoken(day: int, month: int, year: int) -> str:
    return f"{day} {_MONTHS[month - 1]} {year}" if 1 <= month <= 12 else "no date"


def _iso(first: int, second: int, year: int, month_first: bool) -> str | None:
    day, month = (second, first) if month_first else (first, second)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _from_tool(table: CsvTable, key: str, timed: bool, unpadded: bool) -> bool:
    """True when the column was written by a form tool known to write month-first: date-times
    without leading zeros (`9/3/25 9:02:11`, as Microsoft and Google Forms write them in the US
    format) in a file with a form tool's time-stamp columns. A UK-format export pads its numbers
    (`03/09/2025 09:02:11`)."""
    keys = {match_key(h) for h in table.headers.values()}
    return timed and unpadded and (match_key(table.header(key)) in FORM_TOOL_COLUMNS
                                   or bool(keys & FORM_TOOL_COLUMNS))


def read_dates(table: CsvTable, key: str, report: CleaningReport) -> tuple[pd.Series, pd.Series]:
    """The dates of column `key` of `table` (datetime64[ns], missing where blank or unreadable)
    and a mask of the cells that hold something that is not a date; the order of day and month
    decided for the column (see the module's docstring), warnings into `report`. A column
    that fits both orders and comes from a month-first tool raises `InputError`."""
    series = table.frame[key]
    header = table.header(key)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    texts = [collapse_spaces(str(u)) for u in uniques.tolist()]
    matches = [_NUMERIC.match(t) for t in texts]
    day_first_seen = month_first_seen = ambiguous = timed = unpadded = False
    example_month_first = example_ambiguous = ""
    for text, m in zip(texts, matches, strict=True):
        if m is None:
            continue
        first, second = int(m.group(1)), int(m.group(3))
        timed = timed or m.group(5) is not None
        unpadded = unpadded or len(m.group(1)) == 1 or len(m.group(3)) == 1
        if first > 12:
            day_first_seen = True
        elif second > 12 or m.group(8):
            month_first_seen = True
            example_month_first = example_month_first or text
        elif first != second:
            ambiguous = True
            example_ambiguous = example_ambiguous or text
    order = table.date_order
    if order is None:
        if month_first_seen and not day_first_seen:
            order = "month-first"
            report.warn(None, header, None,
                        f"read month-first (m/d/y) for the whole column: {example_month_first!r}"
                        " has a day over 12 in the second place (or a 12-hour time), which only"
                        " month-first explains, as online form tools write dates")
        elif ambiguous and not day_first_seen and _from_tool(table, key, timed, unpadded):
            m = _NUMERIC.match(example_ambiguous)
            assert m is not None
            a, b, y = int(m.group(1)), int(m.group(3)), _year(m.group(4))
            raise InputError(
                table.path,
                f"column {header!r} fits both orders of day and month: {example_ambiguous!r} "
                f"is {_spoken(a, b, y)} read day-first or {_spoken(b, a, y)} read month-first, "
                "and it comes from an online form, which writes month-first; say which with "
                "'dates: month-first' (or day-first) for this input in the report's YAML, or "
                "--dates month-first on the command line",
            )
        else:
            order = "day-first"
    month_first = order == "month-first"
    serial_rows: list[tuple[int, str]] = []  # (code, ISO date) of Excel serials
    prepared: list[str] = []
    for i, (text, m) in enumerate(zip(texts, matches, strict=True)):
        serial = _SERIAL.match(text)
        if serial:
            day = _EXCEL_EPOCH + dt.timedelta(days=int(serial.group(1)))
            prepared.append(day.isoformat())
            serial_rows.append((i, day.isoformat()))
        elif m is not None:
            first, second = int(m.group(1)), int(m.group(3))
            prepared.append(_iso(first, second, _year(m.group(4)), month_first) or text)
        else:
            prepared.append(text)
    distinct = pd.Series(prepared, dtype=object)
    parsed, bad_distinct = parse_dates(distinct)
    days = np.append(parsed.to_numpy(), np.datetime64("NaT"))
    bad = np.append(bad_distinct.to_numpy(), False)
    dates = pd.Series(days[codes], index=series.index, name=series.name)
    if serial_rows and table.sheet is None:
        for code, iso in serial_rows:
            rows = series.index[codes == code]
            report.warn_rows(rows, header, [uniques[code]] * len(rows),
                             f"an Excel serial date: read as {iso}")
    return dates, pd.Series(bad[codes], index=series.index, name=series.name)
