"""Cleaning a recommendations file: the inspectors' recommendations and the audit questions
that measure each.

Requires `id, recommendation, questions, target`; `due` is optional. Provides the canonical
recommendations table: `questions` normalised to the ids separated by `;` without spaces
(`Q7; Q10` -> `Q7;Q10`; a comma is read as a separator too), `target` a percentage (float,
0-100, the same forms as any percentage), `due` a date (datetime64). `split_questions` turns
the text back into a list.

A row is rejected when a required value is blank, the target is not a percentage or lies outside
0-100, the due date cannot be read, or the id repeats an earlier row's.

>>> split_questions(" Q7 ; Q10;")
['Q7', 'Q10']
>>> normalise_questions("Q7, Q10")
'Q7;Q10'
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from yosanalysis.clean.dates import read_dates
from yosanalysis.clean.report import CleaningReport, duplicate_reasons, reasons_where
from yosanalysis.clean.schemas import CANONICAL, COLUMNS, resolve_columns, validate_table
from yosanalysis.clean.values import (
    DOUBTFUL_FRACTION,
    MIXED_FRACTION,
    clean_text,
    map_distinct,
    parse_percentages,
)
from yosanalysis.io import CsvTable
from yosanalysis.text import collapse_spaces

__all__ = ["clean", "normalise_questions", "split_questions"]

DATE_FORMS = "day first, e.g. 25/11/2013, 25/11/13, 2013-11-25 or 25 November 2013"
_SPLIT = re.compile(r"[;,]")


def split_questions(value: str | None) -> list[str]:
    """The question ids in a `questions` cell, in order, blanks dropped.

    >>> split_questions("Q3;Q4"), split_questions(None)
    (['Q3', 'Q4'], [])
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    return [q for q in (collapse_spaces(p) for p in _SPLIT.split(str(value))) if q]


def normalise_questions(value: str) -> str | None:
    """The ids of a `questions` cell joined by `;`, or None when it names none.

    >>> normalise_questions(" ; ") is None
    True
    """
    ids = split_questions(value)
    return ";".join(ids) if ids else None


def clean(table: CsvTable, report: CleaningReport) -> pd.DataFrame:
    """The canonical recommendations table of a file read by `yosanalysis.io.read_csv`;
    rejected rows and warnings go into `report`.

    >>> import tempfile, pathlib
    >>> from yosanalysis.io import read_csv
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = path.write_text("ID,Recommendation,Questions,Target (%)\\n"
    ...                     "R1,Review plans,Q7; Q10,80%\\n")
    >>> r = CleaningReport("r.csv", "recommendations", rows_read=1)
    >>> clean(read_csv(path), r)[["id", "questions", "target"]].to_numpy().tolist()
    [['R1', 'Q7;Q10', 80.0]]
    """
    cols = resolve_columns(list(table.frame.columns), COLUMNS["recommendations"], table.path)
    report.ignored_columns = [
        table.header(k) for k in table.frame.columns if k not in cols.values()
    ]
    frame = table.frame
    header = {name: table.header(key) for name, key in cols.items()}
    out = pd.DataFrame(index=frame.index)
    out["id"] = clean_text(frame[cols["id"]])
    out["recommendation"] = clean_text(frame[cols["recommendation"]])
    out["questions"] = map_distinct(frame[cols["questions"]], normalise_questions).astype("str")
    pct = parse_percentages(frame[cols["target"]])
    out["target"] = pct.numbers
    if "due" in cols:
        out["due"], bad_due = read_dates(table, cols["due"], report)
    else:
        out["due"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
        bad_due = pd.Series(False, index=frame.index)
    reasons = [
        reasons_where(out[name].isna() & ~pct.bad & ~pct.out_of_range if name == "target"
                      else out[name].isna(), f"{header[name]} is blank")
        for name in ("id", "recommendation", "questions", "target")
    ]
    reasons += [
        reasons_where(pct.bad, f"{header['target']} {{value!r}} is not a percentage",
                      frame[cols["target"]]),
        reasons_where(pct.out_of_range, f"{header['target']} {{value!r}} is outside 0-100",
                      frame[cols["target"]]),
    ]
    if "due" in cols:
        reasons.append(reasons_where(bad_due, f"{header['due']} {{value!r}} is not a date "
                                     f"({DATE_FORMS})", frame[cols["due"]]))
    if pct.fractions:
        report.warn(None, header["target"], None,
                    "every target lies between 0 and 1: read as fractions (0.85 = 85%)")
    if pct.doubtful.any():
        report.warn_rows(frame.index[pct.doubtful], header["target"],
                         frame[cols["target"]][pct.doubtful], DOUBTFUL_FRACTION)
    if pct.mixed_fractions is not None and pct.mixed_fractions.any():
        mixed = pct.mixed_fractions
        report.warn_rows(frame.index[mixed], header["target"], frame[cols["target"]][mixed],
                         MIXED_FRACTION)
    rejected = pd.concat(reasons)
    ok = ~out.index.isin(rejected.index)
    rejected = pd.concat([rejected, duplicate_reasons(out.loc[ok, ["id"]], ["id"], "same id")])
    kept = out.loc[~out.index.isin(rejected.index), CANONICAL["recommendations"]]
    schema_reasons = validate_table(kept, "recommendations", pd.Series(kept.index))
    report.reject_series(pd.concat([rejected, schema_reasons]))
    return kept.loc[~kept.index.isin(schema_reasons.index)].reset_index(drop=True)
