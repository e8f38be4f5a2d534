"""What a report left out of its inputs, said after every build: per input, the rows rejected
(with the first reasons), the spreadsheet errors and the warnings; and recommendations measured
by question ids that are not in the question bank. `yosanalysis report --strict` refuses to
build while there is any.

>>> from yosanalysis.clean.report import CleaningReport
>>> r = CleaningReport("recs.csv", "recommendations", rows_read=2)
>>> r.reject([3], ["due '42x' is not a date"])
>>> r.finish()
>>> first_reasons(r)
"first reasons: row 3: due '42x' is not a date"
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yosanalysis.clean.report import CleaningReport
from yosanalysis.report.config import INPUT_KINDS, ReportConfig

__all__ = ["findings", "first_reasons", "summary"]

_FIRST = 3


def first_reasons(report: CleaningReport, limit: int = _FIRST) -> str:
    """The first rejected rows of a report and why, in one line."""
    shown = "; ".join(f"row {r['row']}: {r['reason']}" for r in report.rejected[:limit])
    more = f" (and {len(report.rejected) - limit:,} more)" if len(report.rejected) > limit else ""
    return f"first reasons: {shown}{more}"


def _input_lines(name: str, path: Path, report: CleaningReport) -> list[str]:
    sheet = f", sheet {report.sheet!r}" if report.sheet else ""
    where = f"inputs.{name} ({path.name}{sheet})"
    lines = []
    if report.rows_rejected:
        lines.append(f"{where}: {report.rows_rejected:,} of {report.rows_read:,} rows rejected; "
                     + first_reasons(report))
    if report.errors:
        e = report.errors[0]
        lines.append(f"{where}: {len(report.errors):,} spreadsheet errors left out (first: row "
                     f"{e['row']}, {e['column']}: {e['value']})")
    if report.warnings:
        w = report.warnings[0]
        at = "file" if w["row"] is None else f"row {w['row']}"
        lines.append(f"{where}: {len(report.warnings):,} warnings (first: {at}: "
                     f"{w['message']}); `yosanalysis validate {path}` lists them")
    return lines


def findings(cfg: ReportConfig, cache: Path | None = None) -> list[str]:
    """One line per thing the report's inputs lost or had to interpret, in input order; empty
    when every row of every input was kept as written. Inputs are loaded as the report loads
    them (with `cache`, the build's folder of cleaned files, this is cheap after a build)."""
    from yosanalysis.clean import load
    from yosanalysis.clean.recommendations import split_questions

    lines: list[str] = []
    loaded: dict[str, Any] = {}
    for name, path in cfg.inputs.items():
        kinds = INPUT_KINDS[name]
        if not kinds:
            continue
        questions = cfg.inputs.get("questions") if "audit" in kinds else None
        item = load(path, kind=kinds[0] if len(kinds) == 1 else "auto", questions=questions,
                    options=cfg.input_options.get(name), cache=cache)
        loaded[name] = item
        lines += _input_lines(name, path, item.report)
    recs = loaded.get("recommendations")
    if recs is not None:
        known: set[str] | None = None
        audit = loaded.get("audit")
        if audit is not None and audit.questions is not None:
            known = set(audit.questions["question_id"].astype(str))
        elif audit is not None:
            known = set(audit.data["question"].astype(str))
        elif "questions" in cfg.inputs:
            bank = load(cfg.inputs["questions"], kind="question-bank",
                        options=cfg.input_options.get("questions"))
            known = set(bank.data["question_id"].astype(str))
        if known is not None:
            for rid, cell in zip(recs.data["id"], recs.data["questions"], strict=True):
                missing = [q for q in split_questions(cell) if q not in known]
                if missing:
                    lines.append(
                        f"inputs.recommendations: {rid} is measured by "
                        f"{', '.join(missing)}, not in the question bank: "
                        f"{'it is' if len(missing) == 1 else 'they are'} left out of its "
                        "progress")
    return lines


def summary(lines: list[str]) -> str:
    """The findings as the lines `yosanalysis report` prints after a build.

    >>> print(summary([]))
    Every row of every input was used as written.
    >>> print(summary(["inputs.audit (a.csv): 1 of 5 rows rejected; first reasons: row 3: x"]))
    What the report left out or had to interpret (--strict makes this an error):
      inputs.audit (a.csv): 1 of 5 rows rejected; first reasons: row 3: x
    """
    if not lines:
        return "Every row of every input was used as written."
    return "\n".join(["What the report left out or had to interpret (--strict makes this an "
                      "error):", *(f"  {line}" for line in lines)])
