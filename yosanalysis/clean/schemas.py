"""pandera schemas that check every cleaned table before it leaves the cleaner; the canonical
tables' columns and accepted headers are in `yosanalysis.clean.columns` (re-exported here).

The schemas are validated lazily, so every problem is found at once. The loaders
already reject what the schemas check, so a failure here is a bug in the cleaner; where it
concerns a row it still becomes a rejected row with a reason, never a lost row.

>>> [c.name for c in COLUMNS["audit"]]
['service', 'audit', 'date', 'case_ref', 'theme', 'question', 'answer', 'auditor', 'comment']
>>> schema("recommendations").columns["target"].dtype
DataType(float64)
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from yosanalysis.clean.columns import CANONICAL, COLUMNS, ColumnSpec, find_column, resolve_columns
from yosanalysis.clean.values import ANSWERS
from yosanalysis.schemes import available_schemes, get_scheme

__all__ = [
    "CANONICAL",
    "COLUMNS",
    "ColumnSpec",
    "find_column",
    "resolve_columns",
    "schema",
    "validate_table",
]


# pandera sets up its pandas back end (importing much of itself, and hypothesis where it is
# installed) on the first validation; it is done here, with the imports, so that the first
# file cleaned in a process does not carry a fixed cost of a fifth of a second.
pa.DataFrameSchema.register_default_backends(pd.DataFrame)


# -- pandera schemas ------------------------------------------------------------------------
def _not_empty(series: pd.Series) -> pd.Series | bool:
    """True where a text cell is missing or holds something (the cleaner turns empty text into
    missing); a categorical column is checked through its categories."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = series.cat.categories
        return bool((categories.astype(str) != "").all())
    return series.isna() | series.ne("")


def _text(nullable: bool = False) -> pa.Column:
    return pa.Column(None, checks=pa.Check(_not_empty, name="not empty"), nullable=nullable)


def _dates(nullable: bool) -> pa.Column:
    return pa.Column("datetime64[ns]", nullable=nullable)


@cache
def _frameworks() -> tuple[str, ...]:
    return tuple(code for name in available_schemes() for code in get_scheme(name).frameworks)


@cache
def schema(kind: str) -> pa.DataFrameSchema:
    """The pandera schema of a canonical table (`inspection`, `audit`, `recommendations`,
    `question-bank`; `hmip-ratings` is the inspection table).

    >>> list(schema("recommendations").columns)
    ['id', 'recommendation', 'questions', 'target', 'due']
    """
    if kind in ("inspection", "hmip-ratings"):
        columns = {
            "service": _text(),
            "inspection": _text(),
            "framework": pa.Column(None, pa.Check.isin(list(_frameworks()))),
            "date": _dates(nullable=True),  # HMIP ratings scrapes may have no dates
            "theme": _text(),
            "item": _text(nullable=True),
            "score": pa.Column("float64", pa.Check.in_range(0, 100), nullable=True),
            "rating": _text(nullable=True),
            "points": pa.Column("float64", pa.Check.in_range(0, 36), nullable=True),
            "cases": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        }
        unique = ["service", "inspection", "theme", "item"]
    elif kind == "audit":
        columns = {
            "service": _text(),
            "audit": _text(),
            "date": _dates(nullable=False),
            "case_ref": _text(),
            "theme": _text(),
            "question": _text(),
            "answer": pa.Column(None, pa.Check.isin(list(ANSWERS)), nullable=True),
            "auditor": _text(nullable=True),
            "comment": _text(nullable=True),
        }
        # one row per case and question: built so by the loader (a check over millions of
        # rows would cost more than the cleaning)
        unique = None
    elif kind == "recommendations":
        columns = {
            "id": _text(),
            "recommendation": _text(),
            "questions": _text(),
            "target": pa.Column("float64", pa.Check.in_range(0, 100)),
            "due": _dates(nullable=True),
        }
        unique = ["id"]
    elif kind == "question-bank":
        columns = {
            "question_id": _text(),
            "theme": _text(),
            "question": _text(nullable=True),
        }
        unique = ["question_id"]
    else:
        raise ValueError(f"no schema for kind {kind!r}")
    return pa.DataFrameSchema(
        columns, strict=True, ordered=True, unique=unique, report_duplicates="exclude_first"
    )


def validate_table(
    frame: pd.DataFrame, kind: str, rows: pd.Series | np.ndarray
) -> pd.Series:
    """Check a cleaned table against its schema, all checks at once. Returns the reasons for
    the rows that fail (a Series indexed by the file's row numbers, from `rows`, which is
    aligned with `frame`); the caller drops those rows. A failure that is not about a row
    (a missing column, a wrong dtype) is a bug in the cleaner and raises RuntimeError.

    >>> frame = pd.DataFrame({"question_id": ["Q1"], "theme": ["Planning"], "question": [None]})
    >>> validate_table(frame, "question-bank", pd.Series([2])).empty
    True
    """
    try:
        schema(kind).validate(frame, lazy=True, inplace=True)  # inplace: no copy of the table
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        whole = cases["index"].isna()
        if whole.any():
            raise RuntimeError(
                f"bug: the cleaned {kind} table breaks its schema: "
                + "; ".join(
                    f"{c} {k}: {f}"
                    for c, k, f in cases.loc[whole, ["column", "check", "failure_case"]]
                    .astype(str)
                    .itertuples(index=False)
                )
            ) from None
        positions = frame.index.get_indexer(cases["index"].astype(np.int64))
        reasons = (
            cases["column"].astype(str)
            + " "
            + cases["failure_case"].astype(str).map(repr)
            + " fails the check "
            + cases["check"].astype(str)
        )
        return pd.Series(
            reasons.to_numpy(), index=np.asarray(rows)[positions], dtype=object
        ).groupby(level=0).agg(lambda s: "; ".join(dict.fromkeys(s)))
    return pd.Series(dtype=object)
