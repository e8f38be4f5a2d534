"""The personal details in a report's inputs: what the pack scan looks for.

Case references come from the audit's case reference column (any header the data contract
accepts). People's names and e-mail addresses come from every column whose header says it holds
people (`PERSON_WORDS`: auditor, reviewer, practitioner, name, email, completed by...), whether
or not the cleaner uses that column: a person column the cleaner cannot place is still read, and
is named in a warning (logged), so that an analyst can tell the cleaner about it.

>>> import pandas as pd
>>> raw = pd.DataFrame({"case ref": ["SYN-0001"], "practitioner": ["Sam Sample"],
...                     "service name": ["Stockton"]})
>>> personal_details([raw])
{'Sam Sample': "person's name", 'SYN-0001': 'case reference'}
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from yosanalysis.text import collapse_spaces, match_key

__all__ = ["AUDITOR", "CASE_REFERENCE", "EMAIL", "PERSON", "person_columns",
           "personal_details"]

log = logging.getLogger(__name__)

CASE_REFERENCE = "case reference"
AUDITOR = "auditor's name"
PERSON = "person's name"
EMAIL = "email address"
#: Words in a header that say its column holds people (matched on `match_key` of the header).
PERSON_WORDS = ("auditor", "audited by", "reviewer", "reviewed by", "practitioner",
                "completed by", "email", "e mail", "responder", "respondent", "assessor",
                "case worker", "caseworker", "case manager", "name", "surname",
                "forename")
#: Words that, next to `name`, say the column names something other than a person.
_NOT_PEOPLE = frozenset({
    "service", "la", "authority", "local", "council", "theme", "question", "team", "area",
    "organisation", "organization", "inspection", "file", "report", "yos", "yot", "round",
    "audit", "framework", "scheme", "item", "standard", "indicator", "site", "region", "court",
    "office", "programme", "program", "intervention", "project", "provider", "form", "sheet",
    "column", "category", "domain", "section", "rating", "board", "unit", "school", "setting",
})
#: Values of a column that mean "not known", never looked for.
_NOT_A_DETAIL = frozenset({
    "", "-", "–", "—", "n/a", "na", "n.a.", "none", "nan", "null", "unknown", "not known",
    "not applicable", "tbc", "n/k", "nk",
})
_SHORTEST = 3


def person_columns(headers: Iterable[str]) -> list[str]:
    """The headers (as given) of columns that hold people's names or e-mail addresses.

    >>> person_columns(["Case ref", "Auditor name", "Service name", "Email", "Q1", "Responder"])
    ['Auditor name', 'Email', 'Responder']
    """
    found = []
    for header in headers:
        key = match_key(str(header))
        words = set(key.split())
        hits = [w for w in PERSON_WORDS if re.search(rf"(?<!\w){w}(?!\w)", key)]
        if not hits:
            continue
        if hits == ["name"] and words & _NOT_PEOPLE:
            continue
        found.append(str(header))
    return found


def _values(column: pd.Series) -> list[str]:
    values = pd.Series(column.dropna().unique()).astype(str).map(collapse_spaces)
    keep = values[(values.str.len() >= _SHORTEST) & ~values.str.lower().isin(_NOT_A_DETAIL)]
    return keep.tolist()


def _details_of(frame: pd.DataFrame, source: str,
                written: dict[str, str] | None = None) -> dict[str, str]:
    """The details in `frame` (columns: headers, or their match keys with `written` giving each
    key's header as written, for the warning)."""
    from yosanalysis.clean.columns import COLUMNS, find_column
    from yosanalysis.clean.columns import person_columns as placed_columns

    specs = {spec.name: spec for spec in COLUMNS["audit"]}
    headers = [str(c) for c in frame.columns]
    case = find_column(headers, specs["case_ref"])
    auditor = find_column(headers, specs["auditor"])
    placed = set(placed_columns(headers))  # the auditor column and the form exports' aliases
    found: dict[str, str] = {}
    for header in dict.fromkeys([*placed_columns(headers), *person_columns(headers)]):
        if header == case:
            continue
        if header not in placed:
            log.warning("%s: the column %r seems to hold people's names or e-mail addresses, "
                        "but the cleaner does not use it; the pack is checked for its values "
                        "all the same", source, (written or {}).get(header, header))
        kind = AUDITOR if header == auditor or header in placed else PERSON
        for value in _values(frame[header]):
            found[value] = EMAIL if "@" in value else kind
    if case is not None:  # a case reference wins over a name
        found.update(dict.fromkeys(_values(frame[case]), CASE_REFERENCE))
    return found


def personal_details(
    sources: Iterable[pd.DataFrame | str | Path | tuple[str | Path, str | Path | None]],
    options: Mapping[Path, Any] | None = None,
) -> dict[str, str]:
    """Every case reference, person's name and e-mail address in the inputs: `{value: kind}`
    where kind is `case reference`, `auditor's name` (the column the cleaner reads as the
    auditor), `person's name` (another person column, see `person_columns`; it is also logged
    as a warning) or `email address`; ready for `scan_pack`.

    Each source is a table (a cleaned audit, or any table with such columns), or an input file:
    a path, or an `(audit file, question bank)` pair as a report's parameters give them (the
    bank is not needed: the file is read as text, so that rows the cleaner rejected count too;
    a workbook or a file the report's YAML gives a sheet or column map is read so, with
    `yosanalysis.clean.options.read_input` and the file's `options`, by path). Values shorter
    than 3 characters and words meaning "not known" are left out; a file or table with none of
    these columns gives nothing. Raises `InputError` for a file that cannot be read.

    >>> audit = pd.DataFrame({"case_ref": ["SYN-0001", "SYN-0002", "SYN-0001"],
    ...                       "auditor": ["Jo Specimen", "JS", None]})
    >>> personal_details([audit])
    {'Jo Specimen': "auditor's name", 'SYN-0001': 'case reference', 'SYN-0002': 'case reference'}
    """
    from yosanalysis.clean.options import read_input

    found: dict[str, str] = {}
    for source in sources:
        if isinstance(source, pd.DataFrame):
            frame, name, written = source, "a table", None
        else:
            path = Path(source[0] if isinstance(source, tuple) else source)
            # CSV or workbook, read with the options the report gave it (sheet, column map,
            # size limit); a pipe or a file over the limit is refused before it is read
            table = read_input(path, (options or {}).get(path))
            frame, name, written = table.frame, path.name, table.headers
        for value, kind in _details_of(frame, name, written).items():
            if found.get(value) != CASE_REFERENCE:
                found[value] = kind
    return found
