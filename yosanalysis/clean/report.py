"""The cleaning report: what happened to every row of a file.

Every row read is accounted for: kept, or rejected with its row number in the file (as a person
counts rows: header = row 1) and a reason. Values the cleaner could not interpret but did not
reject for are listed as warnings naming the row, the column (its header as in the file), the
value and what was done with it. `rows_read == rows_kept + rows_rejected`, always.

>>> report = CleaningReport(file="scores.csv", kind="inspection", rows_read=3)
>>> report.reject([4], ["score '120' is outside 0-100"])
>>> report.warn(3, "Rating", "Goood", "'Goood' is not a rating of SQS: kept as missing")
>>> report.finish()
>>> report.rows_kept, report.rows_rejected
(2, 1)
>>> print(report.summary())  # doctest: +NORMALIZE_WHITESPACE
scores.csv (kind: inspection)
  rows read 3, kept 2, rejected 1
  rejected:
    row 4: score '120' is outside 0-100
  warnings:
    row 3, Rating, 'Goood': 'Goood' is not a rating of SQS: kept as missing
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = ["CleaningReport", "duplicate_reasons", "reasons_where", "record_markers"]

_SHOWN = 20  # rows of each list shown in the readable summary


def _plain(value: Any) -> Any:
    """A value fit for JSON: numpy scalars to Python, missing to None."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


@dataclass
class CleaningReport:
    """What the cleaner did with one file.

    `rejected` holds `{row, reason}` records, `warnings` holds `{row, column, value, message}`
    records (`row` is None for a warning about the whole file), `ignored_columns` the headers of
    columns the cleaner did not use, and `counts` extra tallies (for audits: answers by kind).
    `sheet` is the workbook's sheet read (None for CSV); `errors` holds the spreadsheet errors
    met (`{row, column, value, message}`: `#N/A` and the like, never taken for a value);
    `markers` the statistical markers kept (`{row, column, value, marker, meaning}`: `[c]`,
    `<5`, `[r]`), each withheld value kept as missing, never as 0.
    """

    file: str
    kind: str
    kind_detected: bool = False
    rows_read: int = 0
    rows_kept: int = 0
    rows_rejected: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    sheet: str | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    markers: list[dict[str, Any]] = field(default_factory=list)

    # -- recording -------------------------------------------------------------------------
    def reject(self, rows: Iterable[int], reasons: Iterable[str]) -> None:
        """Record rejected rows and their reasons (one reason per row)."""
        self.rejected.extend(
            {"row": int(r), "reason": str(m)} for r, m in zip(rows, reasons, strict=True)
        )

    def reject_series(self, reasons: pd.Series) -> None:
        """Record rejections from a Series of reasons indexed by row number; several reasons
        for one row are joined with `; `.

        >>> r = CleaningReport("a.csv", "audit", rows_read=3)
        >>> r.reject_series(pd.Series(["date is blank", "case_ref is blank"], index=[3, 3]))
        >>> r.rejected
        [{'row': 3, 'reason': 'date is blank; case_ref is blank'}]
        """
        if reasons.empty:
            return
        joined = reasons.astype(str).groupby(level=0, sort=True).agg("; ".join)
        self.reject(joined.index, joined.to_numpy())

    def warn(self, row: int | None, column: str | None, value: Any, message: str) -> None:
        """Record one warning; `row` None for the whole file."""
        self.warnings.append(
            {
                "row": None if row is None else int(row),
                "column": column,
                "value": _plain(value),
                "message": message,
            }
        )

    def warn_rows(
        self,
        rows: Sequence[int] | pd.Index | pd.Series,
        column: str,
        values: Sequence[Any] | pd.Series,
        messages: str | Sequence[str] | pd.Series,
    ) -> None:
        """Record one warning per row, all about the same column.

        >>> r = CleaningReport("a.csv", "audit")
        >>> r.warn_rows([3, 5], "Q1", ["maybe", "?"], "not an answer word")
        >>> [(w["row"], w["value"]) for w in r.warnings]
        [(3, 'maybe'), (5, '?')]
        """
        rows, values = list(rows), list(values)
        texts = [messages] * len(rows) if isinstance(messages, str) else list(messages)
        self.warnings.extend(
            {"row": int(r), "column": column, "value": _plain(v), "message": str(m)}
            for r, v, m in zip(rows, values, texts, strict=True)
        )

    def error_rows(
        self,
        rows: Sequence[int] | pd.Index,
        column: str,
        values: Sequence[Any],
        messages: str | Sequence[str],
    ) -> None:
        """Record one spreadsheet error per row, all in the same column.

        >>> r = CleaningReport("a.csv", "audit")
        >>> r.error_rows([3], "Q2", ["#N/A"], "spreadsheet error")
        >>> r.errors
        [{'row': 3, 'column': 'Q2', 'value': '#N/A', 'message': 'spreadsheet error'}]
        """
        rows, values = list(rows), list(values)
        texts = [messages] * len(rows) if isinstance(messages, str) else list(messages)
        self.errors.extend(
            {"row": int(r), "column": column, "value": _plain(v), "message": str(m)}
            for r, v, m in zip(rows, values, texts, strict=True)
        )

    def finish(self) -> None:
        """Set the kept count, sort the lists by row, and check that every row is accounted
        for (an AssertionError here is a bug in the cleaner, not a problem with the data)."""
        rows = [r["row"] for r in self.rejected]
        assert len(rows) == len(set(rows)), "a row was rejected twice"
        self.rejected.sort(key=lambda r: r["row"])
        self.warnings.sort(key=lambda w: (-1 if w["row"] is None else w["row"]))
        self.errors.sort(key=lambda w: w["row"])
        self.rows_rejected = len(self.rejected)
        self.rows_kept = self.rows_read - self.rows_rejected
        assert self.rows_kept >= 0, "more rows rejected than read"
        assert self.rows_read == self.rows_kept + self.rows_rejected

    # -- reading ---------------------------------------------------------------------------
    @property
    def ok(self) -> bool:
        """True when every row was kept and no cell held a spreadsheet error."""
        return self.rows_rejected == 0 and not self.errors

    @property
    def where(self) -> str:
        """The file, and the sheet read for a workbook."""
        return f"{self.file}, sheet {self.sheet!r}" if self.sheet else self.file

    def to_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready dict: what the text summary says, as data.

        >>> list(CleaningReport("a.csv", "audit").to_dict())  # doctest: +NORMALIZE_WHITESPACE
        ['file', 'kind', 'rows_read', 'rows_kept', 'rows_rejected', 'rejected', 'warnings',
         'errors', 'markers', 'ignored_columns', 'notes', 'sheet']
        """
        return {
            "file": self.file,
            "kind": self.kind,
            "rows_read": self.rows_read,
            "rows_kept": self.rows_kept,
            "rows_rejected": self.rows_rejected,
            "rejected": [dict(r) for r in self.rejected],
            "warnings": [dict(w) for w in self.warnings],
            "errors": [dict(e) for e in self.errors],
            "markers": [dict(m) for m in self.markers],
            "ignored_columns": list(self.ignored_columns),
            "notes": list(self.notes),
            "sheet": self.sheet,
        }

    def rejected_frame(self) -> pd.DataFrame:
        """The rejected rows as a table with the columns `row` and `reason`.

        >>> r = CleaningReport("a.csv", "audit", rows_read=2)
        >>> r.reject([2], ["date is blank"])
        >>> r.rejected_frame().to_dict("records")
        [{'row': 2, 'reason': 'date is blank'}]
        """
        return pd.DataFrame(self.rejected, columns=["row", "reason"]).astype({"row": "int64"})

    def warnings_frame(self) -> pd.DataFrame:
        """The warnings as a table with the columns `row, column, value, message`."""
        frame = pd.DataFrame(self.warnings, columns=["row", "column", "value", "message"])
        return frame.astype({"row": "Int64"})

    def summary(self, limit: int = _SHOWN) -> str:
        """The report as readable lines; each list shows at most `limit` entries."""
        how = ", recognised from the header" if self.kind_detected else ""
        lines = [
            f"{self.where} (kind: {self.kind}{how})",
            f"  rows read {self.rows_read:,}, kept {self.rows_kept:,}, "
            f"rejected {self.rows_rejected:,}",
        ]
        lines += [f"  {note}" for note in self.notes]
        if self.ignored_columns:
            lines.append("  columns ignored: " + ", ".join(self.ignored_columns))
        if self.rejected:
            lines.append("  rejected:")
            lines += [f"    row {r['row']}: {r['reason']}" for r in self.rejected[:limit]]
            if len(self.rejected) > limit:
                lines.append(f"    ... and {len(self.rejected) - limit:,} more rejected rows")
        if self.errors:
            lines.append("  spreadsheet errors (never read as values):")
            lines += [f"    row {e['row']}, {e['column']}, {e['value']!r}: {e['message']}"
                      for e in self.errors[:limit]]
            if len(self.errors) > limit:
                lines.append(f"    ... and {len(self.errors) - limit:,} more errors")
        if self.markers:
            withheld = sum(1 for m in self.markers if m["withheld"])
            lines.append(f"  statistical markers: {len(self.markers):,} ({withheld:,} withheld "
                         "values, kept as withheld, never as 0)")
        if self.warnings:
            lines.append("  warnings:")
            for w in self.warnings[:limit]:
                where = "file" if w["row"] is None else f"row {w['row']}"
                if w["column"]:
                    where += f", {w['column']}"
                if w["value"] not in (None, ""):
                    where += f", {w['value']!r}"
                lines.append(f"    {where}: {w['message']}")
            if len(self.warnings) > limit:
                lines.append(f"    ... and {len(self.warnings) - limit:,} more warnings")
        return "\n".join(lines)


def reasons_where(mask: pd.Series, message: str, values: pd.Series | None = None) -> pd.Series:
    """A reason for each row where `mask` holds (a Series indexed by row number). `message`
    may hold `{value}`, filled from `values` row by row.

    >>> mask = pd.Series([False, True], index=[2, 3])
    >>> reasons_where(mask, "score {value!r} is outside 0-100", pd.Series(["5", "120"], [2, 3]))
    3    score '120' is outside 0-100
    dtype: object
    """
    rows = mask.index[mask.to_numpy(dtype=bool)]
    if values is None:
        return pd.Series(message, index=rows, dtype=object)
    picked = values.loc[rows]
    return pd.Series([message.format(value=v) for v in picked], index=rows, dtype=object)


def duplicate_reasons(frame: pd.DataFrame, keys: list[str], what: str) -> pd.Series:
    """A reason for each row of `frame` (indexed by row number) that repeats an earlier row's
    `keys`, naming the earlier row; `what` says what the keys are.

    >>> frame = pd.DataFrame({"id": ["R1", "R2", "R1"]}, index=[2, 3, 4])
    >>> duplicate_reasons(frame, ["id"], "same id").tolist()
    ['repeats row 2 (same id)']
    """
    if frame.empty:
        return pd.Series(dtype=object)
    repeated = frame.duplicated(subset=keys, keep="first")
    if not repeated.any():
        return pd.Series(dtype=object)
    first_row = (
        frame.assign(_row=frame.index)
        .groupby(keys, dropna=False, observed=True, sort=False)["_row"]
        .transform("first")
    )
    rows = frame.index[repeated.to_numpy()]
    return pd.Series(
        [f"repeats row {r} ({what})" for r in first_row.loc[rows]], index=rows, dtype=object
    )


def record_markers(report: CleaningReport, markers: pd.Series | None, column: str,
                   values: pd.Series) -> None:
    """Record the statistical markers of a column (`yosanalysis.clean.values.Numbers.markers`)
    in `report.markers`, and a warning for each withheld value (a marker without a number),
    which is kept as missing, never as 0.

    >>> r = CleaningReport("b.csv", "inspection")
    >>> values = pd.Series(["[c]", "80"], [2, 3])
    >>> record_markers(r, pd.Series(["[c]", None], [2, 3]), "Score", values)
    >>> r.markers
    [{'row': 2, 'column': 'Score', 'value': '[c]', 'marker': '[c]', 'meaning': 'confidential', \
'withheld': True}]
    """
    from yosanalysis.clean.cells import marker_meaning, split_marker

    if markers is None or not markers.notna().any():
        return
    for row, marker in markers.dropna().items():
        value = str(values.loc[row]).strip()
        withheld = not split_marker(value)[0]
        meaning = marker_meaning(marker)
        report.markers.append({"row": int(row), "column": column, "value": value,
                               "marker": marker, "meaning": meaning, "withheld": withheld})
        if withheld:
            report.warn(row, column, value, f"withheld ({marker}: {meaning}): kept as a "
                        "missing value, never as 0")
        else:
            report.warn(row, column, value, f"{split_marker(value)[0]} kept, marked {marker} "
                        f"({meaning})")
