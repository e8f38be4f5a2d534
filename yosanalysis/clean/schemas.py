"""The canonical tables of the data contract: their columns, the headers accepted for each, and
pandera schemas that check every cleaned table before it leaves the cleaner.

Column headers are matched whatever their case, spacing and punctuation (`Score (%)` is
`score`, ` Service ` is `service`), plus the aliases people use (the contract's "Column
headers"). The schemas are validated lazily, so every problem is found at once. The loaders
already reject what the schemas check, so a failure here is a bug in the cleaner; where it
concerns a row it still becomes a rejected row with a reason, never a lost row.

>>> [c.name for c in COLUMNS["audit"]]
['service', 'audit', 'date', 'case_ref', 'theme', 'question', 'answer', 'auditor', 'comment']
>>> find_column(["Case Reference", "YOT"], COLUMNS["audit"][0])
'YOT'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from yosanalysis.clean.values import ANSWERS
from yosanalysis.errors import InputError
from yosanalysis.schemes import available_schemes, get_scheme
from yosanalysis.text import match_key

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


@dataclass(frozen=True)
class ColumnSpec:
    """A column of a canonical table: its name, whether the input must have it, and the other
    headers that mean the same."""

    name: str
    required: bool = False
    aliases: tuple[str, ...] = ()

    def keys(self) -> tuple[str, ...]:
        """The header keys that name this column, its own name first."""
        return (match_key(self.name), *(match_key(a) for a in self.aliases))

    def describe(self) -> str:
        """The column and its accepted headers, for messages.

        >>> ColumnSpec("comment", False, ("comments",)).describe()
        "'comment' (also accepted: comments)"
        """
        if not self.aliases:
            return f"'{self.name}'"
        return f"'{self.name}' (also accepted: {', '.join(self.aliases)})"


SERVICE = ColumnSpec(
    "service",
    True,
    ("YOS", "YOT", "YJS", "service name", "la_name", "youth justice service",
     "youth offending team", "youth offending service", "local authority"),
)
DATE_AUDIT = ColumnSpec("date", True, ("date of audit", "audit date", "date audited"))
DATE_INSPECTION = ColumnSpec(
    "date",
    True,
    ("inspection date", "publication date", "date published", "published", "fieldwork date",
     "fieldwork start", "report date"),
)
COMMENT = ColumnSpec("comment", False, ("comments", "notes", "note"))

COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "inspection": (
        SERVICE,
        ColumnSpec("inspection", True, ("inspection label", "inspection name")),
        ColumnSpec("framework", True, ("inspection framework", "inspection type")),
        DATE_INSPECTION,
        ColumnSpec("theme", True, ("standard",)),
        ColumnSpec("item", False, ("question", "criterion", "section")),
        ColumnSpec("score", False, ("percentage", "percent", "score percentage", "score pct")),
        ColumnSpec("rating", False, ("judgement", "grade")),
        ColumnSpec("points", False, ("rating points",)),
        ColumnSpec("cases", False, ("number of cases", "cases inspected", "sample size", "n")),
    ),
    "audit": (
        SERVICE,
        ColumnSpec("audit", True, ("audit round", "round", "period")),
        DATE_AUDIT,
        ColumnSpec("case_ref", True, ("case reference", "case ref", "case id", "case number",
                                      "case no")),
        ColumnSpec("theme", True, ()),
        ColumnSpec("question", True, ("question id",)),
        ColumnSpec("answer", True, ("response",)),
        ColumnSpec("auditor", False, ("audited by", "reviewer")),
        COMMENT,
    ),
    "recommendations": (
        ColumnSpec("id", True, ("recommendation id", "ref", "number", "no")),
        ColumnSpec("recommendation", True, ("recommendation text", "wording", "text")),
        ColumnSpec("questions", True, ("question ids", "audit questions", "measured by",
                                       "question")),
        ColumnSpec("target", True, ("target percentage", "target pct")),
        ColumnSpec("due", False, ("due date", "deadline", "target date", "by")),
    ),
    "question-bank": (
        ColumnSpec("question_id", True, ("id", "question id", "qid", "question number",
                                         "question no", "number", "no")),
        ColumnSpec("theme", True, ("domain",)),
        ColumnSpec("question", False, ("question text", "text", "wording")),
    ),
    "hmip-ratings": (
        SERVICE,
        ColumnSpec("score", False, ("score percentage", "percentage", "percent", "score pct")),
        ColumnSpec("overall_rating", True, ("overall", "overall rating", "rating")),
        ColumnSpec("date", False, (*DATE_INSPECTION.aliases, "date")),
    ),
}

# The column order of each canonical table (hmip-ratings cleans into the inspection shape).
CANONICAL: dict[str, list[str]] = {
    "inspection": [c.name for c in COLUMNS["inspection"]],
    "audit": [c.name for c in COLUMNS["audit"]],
    "recommendations": [c.name for c in COLUMNS["recommendations"]],
    "question-bank": [c.name for c in COLUMNS["question-bank"]],
}
CANONICAL["hmip-ratings"] = CANONICAL["inspection"]


def find_column(headers: Iterable[str], spec: ColumnSpec) -> str | None:
    """The header (as given) that names `spec`'s column: its own name before any alias.

    >>> find_column(["Score (%)", "Service "], COLUMNS["inspection"][6])
    'Score (%)'
    """
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(match_key(header), header)
    for key in spec.keys():
        if key in by_key:
            return by_key[key]
    return None


def resolve_columns(
    keys: Sequence[str], specs: Sequence[ColumnSpec], path: object = None
) -> dict[str, str]:
    """Which column key of a table (`yosanalysis.io.CsvTable.frame.columns`) holds each
    canonical column. A missing required column raises `InputError` naming it.

    >>> resolve_columns(["yot", "date of audit"], COLUMNS["audit"][:1] + COLUMNS["audit"][2:3])
    {'service': 'yot', 'date': 'date of audit'}
    """
    found: dict[str, str] = {}
    used: set[str] = set()
    missing: list[ColumnSpec] = []
    for spec in specs:
        key = find_column([k for k in keys if k not in used], spec)
        if key is None:
            if spec.required:
                missing.append(spec)
            continue
        found[spec.name] = key
        used.add(key)
    if missing:
        if len(missing) == 1:
            problem = f"required column {missing[0].describe()} is missing"
        else:
            problem = "required columns " + "; ".join(m.describe() for m in missing)
            problem += " are missing"
        raise InputError(path, problem)
    return found


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
