"""Cleaning case file audits: the long form (one row per case and question) and the wide form
that audit tools export (one row per case, a column per question) with its question bank.

Requires, long form: `service, audit, date, case_ref, theme, question, answer` (`theme` may be
left out when a question bank gives it); wide form: `service, audit, date, case_ref` and one
column per question, plus a question bank (`question_id, theme, question`). Both may carry
`auditor` and `comment`. Where the question bank maps questions to an HMIP `standard` and
`key_question`, the table gains those two columns after the contract's nine (for
`yosanalysis.mock_inspection`). Headers are matched whatever their case and punctuation, with the
contract's aliases. Provides the canonical audit table, one row per case and question, in the
contract's column order; its text columns are categorical (text repeats over millions of rows:
service, audit, case_ref, theme, question, answer, auditor, comment), `question` and `theme`
with their categories in the bank's order, `answer` in the order Yes, No, Partially, N/A;
`date` is datetime64.

Wide form. A column belongs to question `Q3` when its header starts with `Q3` followed by `.`,
`)`, `:`, `-` or a space (so `Q1` is never `Q10`); when two ids fit, the longer wins. A column
`Q3 comments` (or `notes`) holds the comments on question 3; a `comment` column holds comments
on the whole case, used for every question that has no comment of its own. Columns that are
neither a question nor audit metadata are ignored and listed in the report. A file row (one
audited case) is the unit of rows read, kept and rejected: a case is rejected when its service,
audit, date or case reference is blank, its date cannot be read, or it repeats an earlier case
(same service, audit and case reference; the reason names the earlier row).

Answers are read by `yosanalysis.clean.values.answer_word`. A blank cell is kept as an
unanswered question (a missing answer), counted apart from `N/A`. An answer that is not an answer
word is never guessed. The choice made here: in the wide form the case is kept and only that
question's row is left out of the table (marking it unanswered would be a guess too), with a
warning naming the row, the question's header as in the file and the value; the report counts
such answers. In the long form, where the row *is* the answer, the row is rejected with that
reason. Comment text is kept as written (spaces collapsed), whatever markup it holds.

>>> import tempfile, pathlib
>>> from yosanalysis.io import read_csv
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "bank.csv").write_text("question_id,theme,question\\nQ1,Planning,Plan?\\n"
...                                      "Q10,Reviewing,Reviewed?\\n")
>>> _ = (folder / "a.csv").write_text("YOS,Round,Audit date,Case ref,Q1. Plan?,Q10) Reviewed?\\n"
...                                   "Stockton,2013 Q3,01/02/2013,SYN-1,Yes,n/a\\n")
>>> report = CleaningReport(file="a.csv", kind="audit", rows_read=1)
>>> bank = clean_question_bank(read_csv(folder / "bank.csv"), CleaningReport("b", "q"))
>>> data = clean(read_csv(folder / "a.csv"), report, bank)
>>> data[["question", "theme", "answer"]].astype(str).to_numpy().tolist()
[['Q1', 'Planning', 'Yes'], ['Q10', 'Reviewing', 'N/A']]
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from yosanalysis.clean.cells import spreadsheet_error
from yosanalysis.clean.dates import read_dates
from yosanalysis.clean.report import CleaningReport, duplicate_reasons, reasons_where
from yosanalysis.clean.schemas import CANONICAL, COLUMNS, resolve_columns, validate_table
from yosanalysis.clean.values import (
    ANSWERS,
    answer_problem,
    answer_word,
    clean_text,
    map_distinct,
    parse_answers,
    theme_any,
)
from yosanalysis.errors import InputError
from yosanalysis.io import CsvTable
from yosanalysis.schemes import (
    available_schemes,
    canonical_key_question,
    get_scheme,
    resolve_theme,
)
from yosanalysis.text import collapse_spaces, match_key

__all__ = [
    "QUESTION_LIKE",
    "clean",
    "clean_question_bank",
    "form_of",
    "is_long",
    "match_questions",
]

DATE_FORMS = "day first, e.g. 25/11/2013, 25/11/13, 2013-11-25 or 25 November 2013"
# A header that looks like a question column of a wide export: `Q3. ...`, `q12)`, `Q4b - ...`.
QUESTION_LIKE = re.compile(r"^\s*Q\d+[a-z]?(?:[.):\-–\s]|$)", re.IGNORECASE)
_SEPARATORS = ".):-– \t"
_COMMENT_WORDS = {"comment", "comments", "note", "notes"}
_ERROR = -4  # a spreadsheet error (#N/A, #REF!): reported as an error, never an answer
_MULTIPLE = -3  # several answers ticked in one cell: none is taken
_UNKNOWN = -2
_BLANK = -1
_CASE_KEYS = ["service", "audit", "case_ref"]


def _categorical(series: pd.Series) -> pd.Series:
    return clean_text(series, categorical=True)


def _code_type(categories: int) -> type[np.signedinteger]:
    """The integer type pandas gives the codes of a categorical with so many categories."""
    for kind in (np.int8, np.int16, np.int32):
        if categories < np.iinfo(kind).max:
            return kind
    return np.int64


def _from_codes(codes: np.ndarray, categories: list | pd.Index) -> pd.Categorical:
    """A categorical from codes known to be valid (-1 or a category's position): the codes
    are not checked again, a pass over millions of rows saved."""
    codes = codes.astype(_code_type(len(categories)), copy=False)
    return pd.Categorical.from_codes(codes, categories=categories, validate=False)


# -- question bank --------------------------------------------------------------------------
def _read_standard(value: str) -> tuple[str | None, str | None]:
    """(label, None) of the standard a bank names, trying each framework rated by standards."""
    if not value:
        return None, None
    why = None
    for name in available_schemes():
        for code, fw in get_scheme(name).frameworks.items():
            if fw.standards:
                found, problem = resolve_theme(code, value)
                if found is not None and found != "Overall":
                    return found, None
                why = why or problem
    return None, why


def _read_key_question(value: str) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    for name in available_schemes():
        for code, fw in get_scheme(name).frameworks.items():
            if fw.standards and (found := canonical_key_question(code, value)):
                return found, None
    return collapse_spaces(value), None


_STANDARD_READERS = {"standard": _read_standard, "key_question": _read_key_question}

#: The columns a question bank may add to the audit table, after the contract's nine.
STANDARD_COLUMNS = ("standard", "key_question")


def _with_standards(data: pd.DataFrame, bank: pd.DataFrame | None) -> pd.DataFrame:
    """The audit table with the bank's `standard` and `key_question` per question, where the
    bank has them (categorical; missing for a question the bank maps to none)."""
    if bank is None:
        return data
    for name in STANDARD_COLUMNS:
        if name in bank.columns:
            lookup = dict(zip(bank["question_id"].astype(str), bank[name], strict=True))
            values = data["question"].astype(str).map(lookup)
            data[name] = pd.Categorical(values, categories=pd.unique(bank[name].dropna()))
    return data


def clean_question_bank(table: CsvTable, report: CleaningReport) -> pd.DataFrame:
    """The question bank (`question_id, theme, question`, and where given `standard` and
    `key_question`) of a file; rows without an id or a theme, and repeated ids, are rejected.
    Themes that belong to a framework take its canonical spelling; others are kept as written
    (spaces collapsed). A `standard` is read as `yosanalysis.schemes.resolve_theme` reads it
    (`2.1`, `2.1 Assessment`, `Assessment (court)`; a name two domains share, or no standard of
    any framework, rejects the row with the reason), a `key_question` takes its short name
    (`Keeping the child safe` -> `safety of the child`) or is kept as written.

    >>> import tempfile, pathlib
    >>> from yosanalysis.io import read_csv
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bank.csv"
    >>> _ = path.write_text("ID,Theme,Question text\\nQ1,protecting the public,Risk?\\nQ1,X,Y\\n")
    >>> r = CleaningReport("bank.csv", "question-bank", rows_read=2)
    >>> clean_question_bank(read_csv(path), r).to_numpy().tolist()
    [['Q1', 'Protecting the public', 'Risk?']]
    >>> r.rejected
    [{'row': 3, 'reason': 'repeats row 2 (same question id)'}]
    """
    cols = resolve_columns(list(table.frame.columns), COLUMNS["question-bank"], table.path)
    frame = table.frame
    header = {name: table.header(key) for name, key in cols.items()}
    out = pd.DataFrame(index=frame.index)
    out["question_id"] = clean_text(frame[cols["question_id"]])
    out["theme"] = map_distinct(frame[cols["theme"]], lambda v: theme_any(v) or None).astype(
        "str"
    )
    if "question" in cols:
        out["question"] = clean_text(frame[cols["question"]])
    else:
        out["question"] = pd.Series(np.nan, index=frame.index, dtype="str")
    reasons = [
        reasons_where(out["question_id"].isna(), f"{header['question_id']} is blank"),
        reasons_where(out["theme"].isna(), f"{header['theme']} is blank"),
    ]
    for name in ("standard", "key_question"):  # optional: for a mock inspection
        if name not in cols:
            continue
        text = clean_text(frame[cols[name]])
        read = map_distinct(text.fillna(""), _STANDARD_READERS[name])
        out[name] = read.map(lambda r: r[0]).astype("str")
        bad = text.notna() & out[name].isna()
        if bad.any():
            reasons.append((header[name] + " " + read[bad].map(lambda r: r[1])).astype(object))
    rejected = pd.concat(reasons)
    ok = ~out.index.isin(rejected.index)
    ids = out.loc[ok, ["question_id"]].assign(key=lambda d: d["question_id"].str.lower())
    rejected = pd.concat([rejected, duplicate_reasons(ids, ["key"], "same question id")])
    report.reject_series(rejected)
    return out.loc[~out.index.isin(rejected.index)].reset_index(drop=True)


def match_questions(headers: dict[str, str], ids: list[str]) -> dict[str, tuple[str, str]]:
    """Which question each column belongs to: column key -> (question id, `answer` or
    `comment`). `headers` maps column keys to headers as written.

    >>> match_questions({"a": "Q1. Plan?", "b": "Q10: Review", "c": "Q1 comments", "d": "Q1a"},
    ...                 ["Q1", "Q10"])
    {'a': ('Q1', 'answer'), 'b': ('Q10', 'answer'), 'c': ('Q1', 'comment')}
    """
    by_length = sorted(ids, key=len, reverse=True)
    found: dict[str, tuple[str, str]] = {}
    for key, written in headers.items():
        text = collapse_spaces(written)
        lowered = text.lower()
        for qid in by_length:
            n = len(qid)
            if lowered.startswith(qid.lower()) and (len(text) == n or text[n] in _SEPARATORS):
                rest = text[n:].strip(_SEPARATORS)
                role = "comment" if match_key(rest) in _COMMENT_WORDS else "answer"
                found[key] = (qid, role)
                break
    return found


def is_long(keys: list[str]) -> bool:
    """True when a table's columns are those of the long form (a question and an answer column).

    >>> is_long(["case ref", "question", "answer"]), is_long(["case ref", "q1 plan"])
    (True, False)
    """
    specs = {c.name: c for c in COLUMNS["audit"]}
    return all(
        any(k in keys for k in specs[name].keys()) for name in ("question", "answer")
    )


# -- the two forms --------------------------------------------------------------------------
def form_of(table: CsvTable) -> str:
    """`long` or `wide`; a table that is neither raises `InputError` saying what is missing.

    >>> import tempfile, pathlib
    >>> from yosanalysis.io import read_csv
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = path.write_text("YOS,Round,Date,Case ref,Q1. Plan?\\nS,R1,01/02/2013,SYN-1,Yes\\n")
    >>> form_of(read_csv(path))
    'wide'
    """
    if is_long(list(table.frame.columns)):
        return "long"
    if any(QUESTION_LIKE.match(h) for h in table.headers.values()):
        return "wide"
    raise InputError(
        table.path,
        "is not an audit file: it has neither the long form's 'question' and 'answer' columns "
        "nor question columns (Q1. ..., Q2. ...) of a wide export",
    )


def clean(
    table: CsvTable, report: CleaningReport, questions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The canonical audit table of a file read by `yosanalysis.io.read_csv`, long or wide
    (wide needs the question bank `questions`, as returned by `clean_question_bank`); see the
    module's docstring for a wide example.

    >>> import tempfile, pathlib
    >>> from yosanalysis.io import read_csv
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "long.csv"
    >>> _ = path.write_text("service,audit,date,case_ref,theme,question,answer\\n"
    ...                     "S,2013 Q3,25/11/2013,SYN-1,Planning,Q1,yes\\n")
    >>> clean(read_csv(path), CleaningReport("long.csv", "audit", rows_read=1))["answer"].tolist()
    ['Yes']
    """
    if form_of(table) == "long":
        return _clean_long(table, report, questions)
    if questions is None or questions.empty:
        raise InputError(
            table.path,
            "is a wide audit export (a column per question): give its question bank with "
            "--questions BANK.csv",
        )
    return _clean_wide(table, report, questions)


def _case_columns(table: CsvTable, cols: dict[str, str],
                  report: CleaningReport) -> tuple[pd.DataFrame, list[pd.Series]]:
    """The per-row metadata (service, audit, date, case_ref, auditor, comment) and the reasons
    for rejecting rows on it."""
    frame = table.frame
    header = {name: table.header(key) for name, key in cols.items()}
    columns: dict[str, pd.Series | pd.Categorical] = {}
    for name in ("service", "audit", "case_ref"):
        columns[name] = _categorical(frame[cols[name]])
    columns["date"], bad_date = read_dates(table, cols["date"], report)
    nothing = np.full(len(frame), -1, dtype=np.int8)
    for name in ("auditor", "comment"):
        columns[name] = (
            _categorical(frame[cols[name]]) if name in cols
            else pd.Categorical.from_codes(nothing, categories=[])
        )
    meta = pd.DataFrame(columns, index=frame.index, copy=False)
    reasons = []
    for name in ("service", "audit", "date", "case_ref"):
        empty = meta[name].isna() & ~bad_date if name == "date" else meta[name].isna()
        reasons.append(reasons_where(empty, f"{header[name]} is blank"))
    reasons.append(
        reasons_where(bad_date, f"{header['date']} {{value!r}} is not a date ({DATE_FORMS})",
                      frame[cols["date"]])
    )
    return meta, reasons


def _count_answers(report: CleaningReport, codes: np.ndarray, where: str) -> None:
    # -4 spreadsheet error, -3 several answers, -2 unknown, -1 blank, 0..3 answers
    counted = np.bincount(codes.astype(np.int64) + 4, minlength=8)
    errors, multiple = int(counted[0]), int(counted[1])
    unknown, unanswered = int(counted[2]), int(counted[3])
    by_answer = dict(zip(ANSWERS, (int(c) for c in counted[4:]), strict=True))
    report.counts.update(
        {
            "answers": int(counted[3:].sum()),
            "spreadsheet_errors": errors,
            "multiple_answers": multiple,
            "yes": by_answer["Yes"],
            "no": by_answer["No"],
            "partially": by_answer["Partially"],
            "not_applicable": by_answer["N/A"],
            "unanswered": unanswered,
            "unknown_answers": unknown,
        }
    )
    note = (
        f"answer cells kept {counted[3:].sum():,}: Yes {by_answer['Yes']:,}, "
        f"No {by_answer['No']:,}, Partially {by_answer['Partially']:,}, N/A {by_answer['N/A']:,}, "
        f"unanswered (blank) {unanswered:,}"
    )
    if unknown:
        note += f"; unknown answer words {unknown:,} {where}"
    if multiple:
        note += f"; several answers in one cell {multiple:,} {where}"
    if errors:
        note += f"; spreadsheet errors {errors:,} {where}"
    report.notes.append(note)


def _clean_wide(
    table: CsvTable, report: CleaningReport, bank: pd.DataFrame
) -> pd.DataFrame:
    frame = table.frame
    ids = bank["question_id"].astype(str).tolist()
    roles = match_questions(table.headers, ids)
    answer_cols: dict[str, str] = {}  # question id -> column key
    comment_cols: dict[str, str] = {}
    for key, (qid, role) in roles.items():
        target = answer_cols if role == "answer" else comment_cols
        if qid in target:
            raise InputError(
                table.path,
                f"columns {table.header(target[qid])!r} and {table.header(key)!r} both "
                f"belong to question {qid}",
            )
        target[qid] = key
    if not answer_cols:
        raise InputError(
            table.path,
            f"no column matches a question of the question bank ({', '.join(ids[:5])}"
            f"{', ...' if len(ids) > 5 else ''}): question headers must start with the "
            "question id, e.g. 'Q3. Was the plan reviewed?'",
        )
    rest = [k for k in frame.columns if k not in roles]
    meta_specs = [c for c in COLUMNS["audit"] if c.name not in ("theme", "question", "answer")]
    cols = resolve_columns(rest, meta_specs, table.path)
    orphans = [k for qid, k in comment_cols.items() if qid not in answer_cols]
    report.ignored_columns = [
        table.header(k) for k in frame.columns
        if (k in rest and k not in cols.values()) or k in orphans
    ]
    for qid in ids:
        if qid not in answer_cols:
            report.warn(None, None, qid, f"question {qid} of the question bank has no column "
                        "in this file")

    meta, reasons = _case_columns(table, cols, report)
    rejected = pd.concat(reasons)
    ok = ~meta.index.isin(rejected.index)
    rejected = pd.concat(
        [rejected, duplicate_reasons(meta.loc[ok, _CASE_KEYS], _CASE_KEYS,
                                     "same service, audit and case reference")]
    )
    ok = ~meta.index.isin(rejected.index)
    every = bool(ok.all())  # no case rejected: nothing to pick out
    cases = meta if every else meta.loc[ok]
    n = len(cases)

    # answers: one code per case and question, each distinct spelling read once per column
    order = [qid for qid in ids if qid in answer_cols]
    code_of = {a: i for i, a in enumerate(ANSWERS)}
    codes = np.empty((n, len(order)), dtype=np.int8)
    ok_rows = np.asarray(ok, dtype=bool)
    # comments: the question's own comment where it has one, else the case's comment
    case_comment = cases["comment"].array
    categories = list(case_comment.categories)
    position = {c: i for i, c in enumerate(categories)}
    comment_codes: np.ndarray | None = None  # made when a question has comments of its own
    for j, qid in enumerate(order):
        column = frame[answer_cols[qid]].to_numpy(dtype=object)
        if not every:
            column = column[ok_rows]
        col_codes, uniques = pd.factorize(column, use_na_sentinel=True)
        words = [answer_word(u) for u in uniques.tolist()]
        lookup = np.array(
            [(_ERROR if spreadsheet_error(u) else _MULTIPLE if answer_problem(u) else _UNKNOWN)
             if w is None else _BLANK if w == "" else code_of[w]
             for u, w in zip(uniques.tolist(), words, strict=True)],
            dtype=np.int8,
        )
        codes[:, j] = lookup[col_codes]
        header_j = table.header(answer_cols[qid])
        for special in (_ERROR, _MULTIPLE):
            if (lookup == special).any():
                hit = codes[:, j] == special
                messages = [answer_problem(v) + ": this answer is left out, the case's other "
                            "answers are kept" for v in column[hit]]
                record = report.error_rows if special == _ERROR else report.warn_rows
                record(cases.index[hit], header_j, [v.strip() for v in column[hit]], messages)
        if (lookup == _UNKNOWN).any():
            unknown = codes[:, j] == _UNKNOWN
            report.warn_rows(
                cases.index[unknown],
                table.header(answer_cols[qid]),
                column[unknown],
                [f"{v.strip()!r} is not an answer word (Yes, No, Partially or N/A): this answer"
                 " is left out; the case's other answers are kept" for v in column[unknown]],
            )
        if qid in comment_cols:
            if comment_codes is None:
                comment_codes = np.repeat(
                    case_comment.codes.astype(np.int32)[:, None], len(order), axis=1
                )
            own = _categorical(frame[comment_cols[qid]] if every
                               else frame.loc[ok, comment_cols[qid]]).array
            for c in own.categories:
                position.setdefault(c, len(position))
            categories = list(position)
            mapped = np.array([position[c] for c in own.categories] + [-1], dtype=np.int32)
            own_codes = mapped[own.codes]
            comment_codes[:, j] = np.where(own_codes >= 0, own_codes, comment_codes[:, j])
    _count_answers(report, codes.ravel(), "(those answers left out)")

    # the long table: a row per case and question, in that order, but for unknown answers
    answers = codes.ravel()
    del codes
    keep = answers >= _BLANK
    spread_case: Callable[[np.ndarray], np.ndarray]
    spread_question: Callable[[np.ndarray], np.ndarray]
    if keep.all():  # a row for every case and question: repeat and tile, no positions
        def spread_case(a: np.ndarray) -> np.ndarray:
            return np.repeat(a, len(order))

        def spread_question(a: np.ndarray) -> np.ndarray:
            return np.tile(a, n)
    else:
        case_pos = np.repeat(np.arange(n, dtype=np.int32), len(order))[keep]
        q_pos = np.tile(np.arange(len(order), dtype=np.int32), n)[keep]

        def spread_case(a: np.ndarray) -> np.ndarray:
            return a[case_pos]

        def spread_question(a: np.ndarray) -> np.ndarray:
            return a[q_pos]

        answers = answers[keep]
    comments = (
        spread_case(case_comment.codes) if comment_codes is None
        else comment_codes.ravel()[keep] if len(answers) < comment_codes.size
        else comment_codes.ravel()
    )
    del keep
    themes = bank.set_index("question_id")["theme"]
    theme_order = list(dict.fromkeys(themes.loc[order]))
    theme_code = np.array([theme_order.index(themes[qid]) for qid in order])
    question_code = np.arange(len(order))

    def long_frame(
        by_case: Callable[[np.ndarray], np.ndarray],
        by_question: Callable[[np.ndarray], np.ndarray],
        answers: np.ndarray,
        comments: np.ndarray,
    ) -> pd.DataFrame:
        def case_column(name: str) -> pd.Categorical:
            values = cases[name].array
            return _from_codes(by_case(values.codes), values.categories)

        return pd.DataFrame(
            {
                "service": case_column("service"),
                "audit": case_column("audit"),
                "date": by_case(cases["date"].to_numpy()),
                "case_ref": case_column("case_ref"),
                "theme": _from_codes(by_question(theme_code), theme_order),
                "question": _from_codes(by_question(question_code), order),
                "answer": _from_codes(answers, list(ANSWERS)),
                "auditor": case_column("auditor"),
                "comment": _from_codes(comments, categories),
            },
            copy=False,
        )

    data = long_frame(spread_case, spread_question, answers, comments)
    del answers, comments, comment_codes
    # The schema's checks look at one cell at a time, so they hold for the table when they
    # hold for a table in which every value of every column appears: every kept case, every
    # question, every answer (and none) and every comment (and none). That table has a row
    # per case rather than per answer; only if it fails is the whole table checked, for the
    # rows to reject.
    schema_reasons = pd.Series(dtype=object)
    witness_ok = False
    if n:
        size = max(n, len(order), len(ANSWERS) + 1, len(categories) + 1)
        some_case = np.resize(np.arange(n), size)
        some_question = np.resize(np.arange(len(order)), size)
        witness = long_frame(
            lambda a: a[some_case],
            lambda a: a[some_question],
            np.resize(np.arange(-1, len(ANSWERS)), size),
            np.resize(np.arange(-1, len(categories)), size),
        )
        witness_ok = validate_table(witness, "audit", np.zeros(size, dtype=np.int64)).empty
    if not witness_ok:
        rows = spread_case(cases.index.to_numpy())
        schema_reasons = validate_table(data, "audit", rows)
        if not schema_reasons.empty:
            data = data.loc[~np.isin(rows, schema_reasons.index.to_numpy())]
            data = data.reset_index(drop=True)
    report.reject_series(pd.concat([rejected, schema_reasons]))
    return _with_standards(data, bank)


def _clean_long(
    table: CsvTable, report: CleaningReport, bank: pd.DataFrame | None
) -> pd.DataFrame:
    specs = list(COLUMNS["audit"])
    if bank is not None and not bank.empty:  # the bank can give the themes
        specs = [s if s.name != "theme" else type(s)(s.name, False, s.aliases) for s in specs]
    cols = resolve_columns(list(table.frame.columns), specs, table.path)
    report.ignored_columns = [
        table.header(k) for k in table.frame.columns if k not in cols.values()
    ]
    frame = table.frame
    header = {name: table.header(key) for name, key in cols.items()}
    meta, reasons = _case_columns(table, cols, report)
    question = clean_text(frame[cols["question"]])
    reasons.append(reasons_where(question.isna(), f"{header['question']} is blank"))
    if "theme" in cols:
        theme = map_distinct(frame[cols["theme"]], lambda v: theme_any(v) or None).astype("str")
        reasons.append(reasons_where(theme.isna(), f"{header['theme']} is blank"))
    else:
        assert bank is not None
        lookup = dict(zip(bank["question_id"].str.lower(), bank["theme"], strict=True))
        theme = map_distinct(question.fillna(""), lambda q: lookup.get(q.lower())).astype("str")
        reasons.append(
            reasons_where(question.notna() & theme.isna(),
                          f"{header['question']} {{value!r}} is not in the question bank",
                          question)
        )
    answers, unknown = parse_answers(frame[cols["answer"]])
    problem = map_distinct(frame[cols["answer"]], answer_problem)
    known_problem = unknown & problem.notna()
    reasons.append(
        reasons_where(unknown & ~known_problem, f"{header['answer']} {{value!r}} is not an "
                      "answer word (Yes, No, Partially or N/A)", frame[cols["answer"]])
    )
    if known_problem.any():
        reasons.append(pd.Series(
            [f"{header['answer']} {v.strip()!r}: {m}" for v, m in
             zip(frame[cols["answer"]][known_problem], problem[known_problem], strict=True)],
            index=frame.index[known_problem.to_numpy()], dtype=object))
        errors = known_problem & map_distinct(frame[cols["answer"]],
                                              spreadsheet_error).notna()
        if errors.any():
            report.error_rows(frame.index[errors.to_numpy()], header["answer"],
                              frame[cols["answer"]][errors].str.strip().tolist(),
                              problem[errors].tolist())
    rejected = pd.concat(reasons)
    out = meta.assign(theme=theme, question=question, answer=answers)
    ok = ~out.index.isin(rejected.index)
    keys = [*_CASE_KEYS, "question"]
    rejected = pd.concat([rejected, duplicate_reasons(out.loc[ok, keys], keys,
                                                      "same service, audit, case reference "
                                                      "and question")])
    ok = ~out.index.isin(rejected.index)
    kept = out.loc[ok]
    codes = np.where(kept["answer"].isna(), _BLANK, kept["answer"].cat.codes)
    _count_answers(report, codes.astype(np.int64), "")
    theme_order = pd.unique(kept["theme"].dropna()).tolist()  # order of first appearance
    question_order = pd.unique(kept["question"].dropna()).tolist()
    if bank is not None and not bank.empty:  # the bank's order first
        present = set(question_order)
        known = [q for q in bank["question_id"] if q in present]
        question_order = known + [q for q in question_order if q not in set(known)]
    data = kept.assign(
        theme=pd.Categorical(kept["theme"], categories=theme_order),
        question=pd.Categorical(kept["question"], categories=question_order),
    )[CANONICAL["audit"]]
    rows = pd.Series(data.index)
    schema_reasons = validate_table(data, "audit", rows)
    report.reject_series(pd.concat([rejected, schema_reasons]))
    data = data.loc[~data.index.isin(schema_reasons.index)]
    return _with_standards(data.reset_index(drop=True), bank)
