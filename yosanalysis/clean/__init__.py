"""The cleaning layer: every input the suite reads, in the canonical shape of the data contract.

`load(path)` reads a CSV file or a workbook's sheet (`yosanalysis.io.read_table`, with the input's
`yosanalysis.clean.options.InputOptions`: sheet, column map, constants), recognises its kind from
the header unless told, cleans it with the loader of that kind and returns a `Loaded` object:
`.data` (the canonical table), `.report` (rows read, kept and rejected with reasons, warnings),
`.kind` and, for audits, `.questions` (the question bank). Kinds: `inspection`, `audit` (long, or
wide with a question bank), `hmip-ratings`, `recommendations`; a question bank itself is recognised
as `question-bank`, so a folder of inputs can be validated file by file.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "recs.csv"
>>> _ = path.write_text("id,recommendation,questions,target\\nR1,Review plans,Q7;Q10,80\\n")
>>> loaded = load(path)
>>> loaded.kind, loaded.report.rows_kept, float(loaded.data.loc[0, "target"])
('recommendations', 1, 80.0)
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from yosanalysis.clean import cache as _cache
from yosanalysis.clean.options import InputOptions, read_input
from yosanalysis.clean.report import CleaningReport
from yosanalysis.errors import InputError
from yosanalysis.io import CsvTable, check_input

# The cleaners and their pandera schemas are imported when a file is first cleaned, not with the
# package: a notebook whose inputs are already in the cache (see `yosanalysis.clean.cache`) never
# pays for them.

__all__ = ["CleaningReport", "InputOptions", "Loaded", "detect_kind", "load"]

KINDS = ("inspection", "audit", "hmip-ratings", "recommendations", "question-bank")
BANK_PATTERN = _cache.BANK_PATTERN


@dataclass
class Loaded:
    """A cleaned file: the canonical table, its cleaning report, its kind and (for audits)
    the question bank used. `rejected_as_read` holds the rejected rows as they were read."""

    data: pd.DataFrame
    report: CleaningReport
    kind: str
    questions: pd.DataFrame | None = None
    rejected_as_read: pd.DataFrame | None = field(default=None, repr=False)

    def rejected_rows(self) -> pd.DataFrame:
        """The rejected rows as they were read (headers as in the file), with a `row` column
        first and a `reason` column last.

        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "recs.csv"
        >>> _ = path.write_text("ID,Recommendation,Questions,Target\\nR1,Review,Q7,180\\n")
        >>> load(path).rejected_rows().to_dict("records")
        [{'row': 2, 'ID': 'R1', 'Recommendation': 'Review', 'Questions': 'Q7', 'Target': '180',
          'reason': "Target '180' is outside 0-100"}]
        """
        if self.rejected_as_read is None:
            return self.report.rejected_frame()
        return self.rejected_as_read.copy()


def _rejected_as_read(table: CsvTable, report: CleaningReport) -> pd.DataFrame:
    reasons = report.rejected_frame()
    picked = table.frame.loc[reasons["row"].to_numpy()]
    picked.columns = [table.header(k) for k in table.frame.columns]
    picked = picked.reset_index(drop=True)
    picked.insert(0, "row", reasons["row"].to_numpy())
    picked["reason"] = reasons["reason"].to_numpy()
    return picked


def _has(keys: set[str], kind: str, name: str) -> bool:
    from yosanalysis.clean.columns import COLUMNS, find_column

    spec = next(c for c in COLUMNS[kind] if c.name == name)
    return find_column(keys, spec) is not None


def detect_kind(columns: Iterable[str]) -> str:
    """The kind of input a header belongs to; an unrecognised header raises `InputError`.

    >>> detect_kind(["id", "Recommendation", "Questions", "Target"])
    'recommendations'
    >>> detect_kind(["la_name", "score_%", "overall_rating", "assessment", "planning"])
    'hmip-ratings'
    >>> detect_kind(["Service", "Inspection", "Framework", "Date", "Theme", "Score"])
    'inspection'
    >>> detect_kind(["YOS", "Round", "Case ref", "Q1. Plan?", "Q2) Review?"])
    'audit'
    """
    from yosanalysis.clean import audit, hmip_ratings

    headers = [str(c) for c in columns]
    keys = set(headers)
    standards = [h for h in headers if hmip_ratings.scrape_standard(h) not in (None, "Overall")]
    if all(_has(keys, "recommendations", n) for n in ("id", "recommendation", "target")) and \
            _has(keys, "recommendations", "questions"):
        return "recommendations"
    if standards and (len(standards) >= 3 or _has(keys, "hmip-ratings", "overall_rating")):
        return "hmip-ratings"
    if _has(keys, "inspection", "theme") and _has(keys, "inspection", "framework"):
        return "inspection"
    if all(_has(keys, "audit", n) for n in ("case_ref", "question", "answer")):
        return "audit"
    if any(audit.QUESTION_LIKE.match(h) for h in headers):
        return "audit"
    if _has(keys, "question-bank", "question_id") and _has(keys, "question-bank", "theme"):
        return "question-bank"
    raise InputError(
        None,
        "cannot tell what kind of file this is from its header ("
        + ", ".join(headers[:8]) + (", ..." if len(headers) > 8 else "")
        + "): give --kind inspection, audit, hmip-ratings or recommendations",
    )


def _read_bank(path: Path, report: CleaningReport, max_mb: float) -> pd.DataFrame:
    from yosanalysis.clean import audit

    table = read_input(path, InputOptions(max_mb=max_mb))
    bank_report = CleaningReport(file=str(path), kind="question-bank",
                                 rows_read=len(table.frame))
    bank = audit.clean_question_bank(table, bank_report)
    bank_report.finish()
    for r in bank_report.rejected:
        report.warn(None, None, None,
                    f"question bank {path.name} row {r['row']} left out: {r['reason']}")
    if bank.empty:
        raise InputError(path, "the question bank has no usable rows")
    return bank


def _find_bank(path: Path) -> Path:
    """The question bank next to a wide audit export: the only file there named like
    `*question*bank*.csv`; or, where there are several, the only one whose name starts as the
    export's does up to `audit` (`north-audit-2013.csv` -> `north-question-bank.csv`)."""
    found = sorted(
        p for p in path.parent.iterdir()
        if p.is_file() and p != path and fnmatch.fnmatch(p.name.lower(), BANK_PATTERN)
    )
    if len(found) > 1:
        prefix = path.stem.lower().partition("audit")[0]
        named = [p for p in found if prefix and p.name.lower().startswith(prefix)]
        if len(named) == 1 and "audit" in path.stem.lower():
            return named[0]
    if len(found) == 1:
        return found[0]
    also = f" (found several next to it: {', '.join(p.name for p in found)})" if found else ""
    raise InputError(
        path,
        "is a wide audit export (a column per question): give its question bank with "
        f"--questions BANK.csv{also}",
    )


def load(
    path: str | Path,
    kind: str = "auto",
    questions: str | Path | pd.DataFrame | None = None,
    *,
    sheet: str | None = None,
    options: InputOptions | None = None,
    cache: str | Path | None = None,
) -> Loaded:
    """Read and clean one input file; see the module's docstring.

    `kind` is `auto` (recognised from the header) or one of `inspection`, `audit`,
    `hmip-ratings`, `recommendations`, `question-bank`. `questions` is the question bank of a
    wide audit export (a path, or a table with `question_id, theme, question`); without it, a
    single file named like `*question*bank*.csv` next to the input is used, with a warning
    (where there are several, the one named like the export up to `audit`).
    A file that cannot be used at all raises `InputError` naming the file and the problem.
    `cache` is a folder where cleaned files are kept and looked for (default: the environment
    variable `YOSANALYSIS_CACHE`, else none); see `yosanalysis.clean.cache`.
    `sheet` names a workbook's sheet; `options` say how to read the file (sheet, column map,
    constants, order of dates, size limit: `yosanalysis.clean.options`); without either the
    file is read as it stands, if it is not larger than 200 MB. The question bank is held to
    the same size limit.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "scores.csv"
    >>> _ = path.write_text("Service,Inspection,Framework,Date,Theme,Score\\n"
    ...                     "Stockton,SQS 2013,SQS,25/11/2013,Overall,91\\n")
    >>> loaded = load(path)
    >>> loaded.kind, loaded.data.loc[0, "date"].date().isoformat()
    ('inspection', '2013-11-25')
    >>> _ = path.write_text("Service,Score\\n")
    >>> load(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    yosanalysis.errors.InputError: ...scores.csv: has a header but no rows of data
    """
    path = Path(path)
    chosen = options if options is not None else InputOptions()
    if sheet is not None:
        from dataclasses import replace

        chosen = replace(chosen, sheet=sheet)
    # before hashing it for the cache: a pipe or a file over the limit, refused at once
    check_input(path, chosen.max_mb)
    if isinstance(questions, (str, Path)):
        check_input(questions, chosen.max_mb)
    where = _cache.folder(cache)
    key: str | None = None
    # the size limit does not change the cleaned table, so it is not part of the cache's key
    extra = chosen.reading.to_dict() if not chosen.reading.empty else None
    if where is not None and not isinstance(questions, pd.DataFrame):
        try:
            key = _cache.entry_key(path, kind, questions, extra)
        except OSError:  # a missing file: cleaning says so, in its own words
            key = None
        kept = _cache.fetch(where, key, path) if key else None
        if kept is not None:
            kept.report.kind_detected = kind == "auto"
            return kept
    loaded = _clean(path, kind, questions, chosen)
    # kept only if the inputs are still as they were hashed (not saved again while cleaning)
    if where is not None and key and _cache.entry_key(path, kind, questions, extra) == key:
        _cache.keep(where, key, loaded)
        if kind == "auto":  # found again when asked for by its kind
            _cache.keep(where, _cache.entry_key(path, loaded.kind, questions, extra), loaded)
    return loaded


def _clean(path: Path, kind: str, questions: str | Path | pd.DataFrame | None,
           options: InputOptions) -> Loaded:
    from yosanalysis.clean import audit, hmip_ratings, inspection, recommendations
    from yosanalysis.clean.columns import CANONICAL, EXTRA

    table = read_input(path, options)
    detected = kind == "auto"
    if detected:
        try:
            kind = detect_kind(table.headers.values())
        except InputError as err:
            raise InputError(path, err.problem) from None
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; known kinds: auto, {', '.join(KINDS)}")
    report = CleaningReport(
        file=str(path), kind=kind, kind_detected=detected, rows_read=len(table.frame),
        sheet=table.sheet, notes=list(table.notes),
    )
    bank: pd.DataFrame | None = None
    if kind == "audit":
        if isinstance(questions, pd.DataFrame):
            bank = questions
        elif questions is not None:
            bank = _read_bank(Path(questions), report, options.max_mb)
        elif audit.form_of(table) == "wide":
            bank_path = _find_bank(path)
            report.warn(None, None, None, f"no question bank given: used {bank_path.name}, "
                        "found next to the file")
            bank = _read_bank(bank_path, report, options.max_mb)
        data = audit.clean(table, report, bank)
    elif kind == "inspection":
        data = inspection.clean(table, report)
    elif kind == "hmip-ratings":
        data = hmip_ratings.clean(table, report)
    elif kind == "recommendations":
        data = recommendations.clean(table, report)
    else:
        data = audit.clean_question_bank(table, report)
        bank = data
    report.finish()
    columns, extra = list(data.columns), EXTRA.get(kind, ())
    assert columns[:len(CANONICAL[kind])] == CANONICAL[kind] and all(
        c in extra for c in columns[len(CANONICAL[kind]):]), "bug: columns out of the contract"
    return Loaded(
        data=data,
        report=report,
        kind=kind,
        questions=bank,
        rejected_as_read=_rejected_as_read(table, report),
    )
