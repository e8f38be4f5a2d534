"""The canonical tables of the data contract: their columns, in order, and the headers accepted
for each.

Column headers are matched whatever their case, spacing and punctuation (`Score (%)` is
`score`, ` Service ` is `service`), plus the aliases people use (the contract's "Column
headers"). The pandera schemas that check the cleaned tables are in `yosanalysis.clean.schemas`;
this module needs no pandera, so that reading a file's headers (to recognise its kind, or to find
its case references for the privacy check) costs nothing to import.

>>> [c.name for c in COLUMNS["audit"]]
['service', 'audit', 'date', 'case_ref', 'theme', 'question', 'answer', 'auditor', 'comment']
>>> find_column(["Case Reference", "YOT"], COLUMNS["audit"][0])
'YOT'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from yosanalysis.errors import InputError
from yosanalysis.text import match_key

__all__ = [
    "CANONICAL",
    "COLUMNS",
    "EXTRA",
    "FORM_DATE_ALIASES",
    "FORM_PERSON_ALIASES",
    "ColumnSpec",
    "find_column",
    "person_columns",
    "resolve_columns",
]


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


#: The columns online form tools (Microsoft Forms, Google Forms) write: their time stamps, read
#: as the audit date, and the person who filled the form in, read as the auditor.
FORM_DATE_ALIASES = ("completion time", "timestamp", "submitted at", "start time")
FORM_PERSON_ALIASES = ("auditor name", "completed by", "name", "responder", "respondent",
                       "email", "email address")

SERVICE = ColumnSpec(
    "service",
    True,
    ("YOS", "YOT", "YJS", "service name", "la_name", "youth justice service",
     "youth offending team", "youth offending service", "local authority"),
)
# a form tool's time stamps stand for the audit date only where no date column says it
DATE_AUDIT = ColumnSpec("date", True, ("date of audit", "audit date", "date audited",
                                       *FORM_DATE_ALIASES))
DATE_INSPECTION = ColumnSpec(
    "date",
    True,
    ("inspection date", "publication date", "date published", "published", "fieldwork date",
     "fieldwork start", "report date"),
)
COMMENT = ColumnSpec("comment", False, ("comments", "notes", "note"))
AUDITOR = ColumnSpec("auditor", False, ("audited by", "reviewer", *FORM_PERSON_ALIASES))

COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "inspection": (
        SERVICE,
        ColumnSpec("inspection", True, ("inspection label", "inspection name")),
        ColumnSpec("framework", True, ("inspection framework", "inspection type")),
        DATE_INSPECTION,
        ColumnSpec("theme", True, ("standard",)),
        ColumnSpec("item", False, ("question", "criterion", "section", "key question")),
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
        AUDITOR,
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
        # for a mock inspection: the HMIP standard and key question a question informs
        ColumnSpec("standard", False, ("hmip standard", "inspection standard")),
        ColumnSpec("key_question", False, ("key question", "hmip key question")),
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
    # `standard` and `key_question` are optional extras (a mock inspection's), after these
    "question-bank": [c.name for c in COLUMNS["question-bank"]][:3],
}
#: Optional columns a cleaned audit or question bank carries after its contract columns, where
#: the question bank gives them.
EXTRA: dict[str, tuple[str, ...]] = {"audit": ("standard", "key_question"),
                                     "question-bank": ("standard", "key_question")}
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


def person_columns(headers: Iterable[str]) -> list[str]:
    """Every header (as given) that names an auditor: the auditor column and the other person
    columns of a form export (`Name` and `Email` both), for the privacy scan.

    >>> person_columns(["ID", "Email", "Name", "Service"])
    ['Email', 'Name']
    """
    keys = set(AUDITOR.keys())
    return [h for h in headers if match_key(h) in keys]
