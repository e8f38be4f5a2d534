"""The sample data that ships in `data/sample/`, and the generator behind `yosanalysis sample`.

Two files come from the public Stockton-on-Tees board paper of January 2014 (the SQS inspection's
scores, with illustrative item scores that reproduce the published averages exactly, and the
inspectors' recommendation). Every other file is synthetic: drawn from `numpy`'s
`default_rng(seed)`, byte for byte the same for the same seed, with fictional case references
(`SYN-0001`) and obviously fictional auditors. The audit exports are deliberately messy, in the
ways the data contract accepts (answer spellings, date formats, a byte-order mark, a stray blank
line, a wholly empty column, Windows-1252 and semicolons), so that every file loads with no
rejected row.

`yosanalysis sample --out DIR --scale national` writes national-scale inputs instead (see
`yosanalysis.sample_national`).

>>> import tempfile
>>> paths = write_sample(Path(tempfile.mkdtemp()))
>>> sorted(p.name for p in paths)[:2]
['stockton-sqs-2013-inspection.csv', 'stockton-sqs-2013-recommendations.csv']
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "FICTIONAL_AUDITORS",
    "HMIP2018_STANDARD_COLUMNS",
    "SQS_THEMES",
    "write_sample",
]

SERVICE = "Stockton-on-Tees"
SECOND_SERVICE = "Northshire"  # fictional

SQS_THEMES = (
    "Reducing the likelihood of reoffending",
    "Protecting the public",
    "Protecting the child or young person",
    "Ensuring that sentence is served",
)

# Auditors: obviously fictional names, used by later tests to prove names never reach outputs.
# The number after each name is the answer-spelling habit of that auditor (see _HABITS).
_STOCKTON_AUDITORS = (("Alex Example", 0), ("Sam Sample", 1), ("Jo Specimen", 3),
                      ("Pat Placeholder", 4), ("Taylor Test", 5))
_NORTHSHIRE_AUDITORS = (("Robin Fictional", 2), ("Morgan Mock", 5), ("Charlie Template", 1))
FICTIONAL_AUDITORS = tuple(name for name, _ in _STOCKTON_AUDITORS + _NORTHSHIRE_AUDITORS)

# The HMIP 2018-framework standard columns of the public ratings scrape, in its column order,
# with the standard each stands for (the scrape's bare `assessment`, `planning` and
# `implementation_and_delivery` hold the court standards); the three out-of-court case standards,
# which the public scrape leaves out, follow in the same style.
HMIP2018_STANDARD_COLUMNS = {
    "staff": "1.2 Staff",
    "partnerships_and_services": "1.3 Partnerships and services",
    "information_and_facilities": "1.4 Information and facilities",
    "assessment": "2.1 Assessment",
    "planning": "2.2 Planning",
    "reviewing": "2.4 Reviewing",
    "implementation_and_delivery": "2.3 Implementation and delivery",
    "resettlement_policy_and_provision": "Resettlement policy and provision",
    "governance_and_leadership": "1.1 Governance and leadership",
    "outofcourt_disposal_policy_and_provision": "3.4 Out-of-court disposal policy and provision",
    "outofcourt_assessment": "3.1 Assessment",
    "outofcourt_planning": "3.2 Planning",
    "outofcourt_implementation_and_delivery": "3.3 Implementation and delivery",
}
# resettlement is rated but does not count toward the overall rating
_COUNTED = np.array([not v.startswith("Resettlement") for v in HMIP2018_STANDARD_COLUMNS.values()])
_RATING_WORDS = ("Inadequate", "Requires improvement", "Good", "Outstanding")  # index = points
_OVERALL_WORDS = ("Inadequate", "Requires Improvement", "Good", "Outstanding")  # as HMIP's site
# hmip-2018 overall bands (lowest points of each band), per the data contract
_OVERALL_MIN_POINTS = (0, 7, 19, 31)

# ---------------------------------------------------------------------------------------------
# The Stockton-on-Tees SQS inspection (25-27 November 2013), from the public board paper.
# Published: theme averages 91, 91, 87, 96; overall 91; scores ranging 80-100; the two review
# items 85 (risk of harm) and 80 (vulnerability). Every other item score is illustrative: whole
# numbers chosen so the theme means are exactly the published ones. `cases` is illustrative too
# (HMIP looked at up to 20 cases; an item counts the cases it applied to), chosen so each score
# is a whole-number percentage of its cases.
STOCKTON_SQS_ITEMS = (
    # theme, item, score, cases
    (SQS_THEMES[0], "Quality of the pre-sentence report", 100, 18),
    (SQS_THEMES[0], "Assessment of the likelihood of reoffending", 95, 20),
    (SQS_THEMES[0], "Planning to reduce the likelihood of reoffending", 88, 17),
    (SQS_THEMES[0], "Delivery of interventions", 90, 20),
    (SQS_THEMES[0], "Review of the likelihood of reoffending", 82, 17),
    (SQS_THEMES[1], "Assessment of risk of harm to others", 94, 17),
    (SQS_THEMES[1], "Planning to manage risk of harm", 90, 20),
    (SQS_THEMES[1], "Delivery of work to protect the public", 95, 20),
    (SQS_THEMES[1], "Review of risk of harm", 85, 20),
    (SQS_THEMES[2], "Assessment of vulnerability", 94, 16),
    (SQS_THEMES[2], "Planning to address vulnerability", 87, 15),
    (SQS_THEMES[2], "Delivery of work to safeguard the child or young person", 87, 15),
    (SQS_THEMES[2], "Review of vulnerability", 80, 20),
    (SQS_THEMES[3], "Engagement with the child or young person and their parents or carers",
     100, 18),
    (SQS_THEMES[3], "Responding to diversity and barriers to engagement", 94, 18),
    (SQS_THEMES[3], "Compliance and enforcement", 94, 17),
)

RECOMMENDATION_R1 = (
    "In all cases, reviews of assessments and plans to tackle the risk of harm to others and "
    "vulnerability should be timely and completed quickly in the event of a significant change "
    "in circumstances"
)

KEY_STRENGTHS = (
    "Excellent engagement with children and young people and their parents / carers in carrying "
    "out initial assessments and intervention plans",
    "The identification of diversity issues and what needed to be done to overcome barriers to "
    "change",
    "High quality assessments of the likelihood of reoffending, risk of harm and vulnerability "
    "both at report and initial assessment stage",
)

# ---------------------------------------------------------------------------------------------
# Answers. Codes index the rows of the spelling tables.
_YES, _NO, _PARTIALLY, _NA, _BLANK = range(5)
# Every spelling of the data contract's "Answer spellings", by answer (blank = unanswered).
_SPELLINGS = (
    ("Yes", "Y", "yes", "YES ", "Yes - see notes", "1", "TRUE", "✓"),
    ("No", "N", "no", "0", "FALSE", "✗"),
    ("Partially", "partial", "in part"),
    ("N/A", "NA", "n/a", "not applicable", "-"),
    ("",),
)
_TICKS = frozenset({"✓", "✗"})  # not in Windows-1252
# An auditor's (or an audit tool's) habitual spelling of Yes, No, Partially, N/A.
_HABITS = (
    ("Yes", "No", "Partially", "N/A"),
    ("Y", "N", "partial", "NA"),
    ("yes", "no", "partial", "n/a"),
    ("✓", "✗", "in part", "-"),
    ("1", "0", "Partially", "N/A"),
    ("TRUE", "FALSE", "Partially", "not applicable"),
)

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
# The accepted date formats of the data contract, all day-first.
_DATE_STYLES = ("dmy", "dmy2", "iso", "long", "abbr")


def _format_dates(days: np.ndarray, forms: np.ndarray) -> np.ndarray:
    """Format an array of dates, each in the accepted format whose index `forms` gives
    (see `_DATE_STYLES`). Vectorised.

    >>> day = np.full(5, np.datetime64("2013-11-25"))
    >>> _format_dates(day, np.arange(5)).tolist()
    ['25/11/2013', '25/11/13', '2013-11-25', '25 November 2013', '25-Nov-2013']
    """
    days = np.asarray(days, dtype="datetime64[D]")
    month_start = days.astype("datetime64[M]")
    year = days.astype("datetime64[Y]").astype(int) + 1970
    month = month_start.astype(int) % 12 + 1
    dd = np.strings.zfill(((days - month_start).astype(int) + 1).astype(str), 2)
    mm = np.strings.zfill(month.astype(str), 2)
    yyyy = year.astype(str)
    yy = np.strings.zfill((year % 100).astype(str), 2)
    name = np.array(_MONTHS)[month - 1]
    add = np.strings.add

    def join(*parts: np.ndarray | str) -> np.ndarray:
        result = parts[0]
        for part in parts[1:]:
            result = add(result, part)
        return result

    table = np.stack([
        join(dd, "/", mm, "/", yyyy),
        join(dd, "/", mm, "/", yy),
        join(yyyy, "-", mm, "-", dd),
        join(dd, " ", name, " ", yyyy),
        join(dd, "-", np.strings.slice(name, 0, 3), "-", yyyy),
    ]).astype(object)
    return table[np.asarray(forms), np.arange(len(days))]


def quarter_rounds(first_year: int, first_quarter: int, count: int) -> pd.DataFrame:
    """Quarterly audit rounds: label (`2013 Q4`), first day and number of days in the quarter.

    >>> quarter_rounds(2013, 4, 2)["label"].tolist()
    ['2013 Q4', '2014 Q1']
    """
    index = (first_year * 4 + first_quarter - 1) + np.arange(count)
    years, quarters = index // 4, index % 4 + 1
    starts = np.array(
        [f"{y}-{3 * (q - 1) + 1:02d}-01" for y, q in zip(years, quarters, strict=True)],
        dtype="datetime64[D]",
    )
    ends = (starts.astype("datetime64[M]") + 3).astype("datetime64[D]")
    return pd.DataFrame({
        "label": [f"{y} Q{q}" for y, q in zip(years, quarters, strict=True)],
        "start": starts,
        "days": (ends - starts).astype(int),
    })


def _spelling_tables(ticks: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(habit table [habit, code], variant table [code, k], number of variants per code)."""
    habits = np.array([[*h, ""] for h in _HABITS], dtype=object)
    variants = [[s for s in spellings if ticks or s not in _TICKS] for spellings in _SPELLINGS]
    width = max(map(len, variants))
    table = np.array([v + [""] * (width - len(v)) for v in variants], dtype=object)
    return habits, table, np.array([len(v) for v in variants])


def answer_codes(
    rng: np.random.Generator,
    p_yes: np.ndarray,
    p_partially: np.ndarray | float,
    p_na: np.ndarray | float,
    p_unanswered: float,
) -> np.ndarray:
    """Draw an answer code (0 Yes, 1 No, 2 Partially, 3 N/A, 4 unanswered) per case and question.

    `p_yes` has one row per case and one column per question; N/A and unanswered are drawn first,
    then Yes, Partially or No among the answered, applicable cases.

    >>> answer_codes(np.random.default_rng(1), np.ones((2, 3)), 0.0, 0.0, 0.0).tolist()
    [[0, 0, 0], [0, 0, 0]]
    """
    u = rng.random((3, *p_yes.shape))
    codes = np.where(u[2] < p_yes, _YES, np.where(u[2] < p_yes + p_partially, _PARTIALLY, _NO))
    codes = np.where(u[1] < p_na, _NA, codes)
    return np.where(u[0] < p_unanswered, _BLANK, codes)


def spell_answers(
    rng: np.random.Generator,
    codes: np.ndarray,
    habits: np.ndarray,
    *,
    odd_rate: float = 0.04,
    ticks: bool = True,
) -> np.ndarray:
    """Write answer codes as an export would: each row in its auditor's habitual spelling
    (`habits`, one index per row), and now and then (`odd_rate`) in any accepted spelling.

    >>> spell_answers(np.random.default_rng(1), np.array([[0, 1, 3, 4]]), np.array([1]),
    ...               odd_rate=0).tolist()
    [['Y', 'N', 'NA', '']]
    """
    habit_table, variants, counts = _spelling_tables(ticks)
    if not ticks:  # a Windows-1252 export has no tick marks: such habits fall back to words
        habit_table = habit_table.copy()
        habit_table[3] = habit_table[0]
    spelled = habit_table[habits[:, None], codes]
    pick = (rng.random(codes.shape) * counts[codes]).astype(int)
    odd = rng.random(codes.shape) < odd_rate
    return np.where(odd, variants[codes, pick], spelled)


def question_header(qid: str, text: str, position: int) -> str:
    """A wide export's column header for a question: its id, one of the separators the contract
    accepts (chosen by position), and its text.

    >>> [question_header(f"Q{i + 1}", "Text?", i) for i in range(5)]
    ['Q1. Text?', 'Q2) Text?', 'Q3: Text?', 'Q4 - Text?', 'Q5 Text?']
    """
    sep = (". ", ") ", ": ", " - ", " ")[position % 5]
    return f"{qid}{sep}{text}"


def wide_audit(
    rng: np.random.Generator,
    *,
    service: str,
    rounds: pd.DataFrame,
    cases: np.ndarray,
    bank: pd.DataFrame,
    p_yes: np.ndarray,
    p_partially: np.ndarray | float,
    p_na: np.ndarray | float,
    auditors: Sequence[tuple[str, int]],
    comments: Sequence[str],
    columns: Sequence[str] = ("Service", "Audit round", "Date of audit", "Case Reference",
                              "Auditor", "Comments"),
    p_unanswered: float = 0.015,
    comment_rate: float = 0.12,
    ticks: bool = True,
    empty_column: bool = True,
    first_case: int = 1,
) -> pd.DataFrame:
    """One service's case file audits as a wide export: a row per audited case, a column per
    question. Vectorised: no loop over cases.

    `rounds` comes from `quarter_rounds`; `cases` is the number of cases per round; `p_yes` has a
    row per round and a column per question of `bank` (`p_partially` and `p_na` likewise, or one
    value per question, or one value); `columns` names the service, round, date,
    case reference, auditor and comment columns, as the export spells them.

    >>> bank = pd.DataFrame({"question_id": ["Q1"], "theme": ["Staff"], "question": ["Ok?"]})
    >>> df = wide_audit(np.random.default_rng(0), service="X", rounds=quarter_rounds(2013, 1, 2),
    ...                 cases=np.array([2, 3]), bank=bank, p_yes=np.full((2, 1), 0.9),
    ...                 p_partially=0.0, p_na=0.0, auditors=[("Alex Example", 0)], comments=["c"])
    >>> df.shape, df["Case Reference"].iloc[-1]
    ((5, 8), 'SYN-0005')
    """
    n = int(cases.sum())
    round_of = np.repeat(np.arange(len(rounds)), cases)
    starts = rounds["start"].to_numpy().astype("datetime64[D]")
    offsets = (rng.random(n) * rounds["days"].to_numpy()[round_of]).astype(int)
    days = np.busday_offset(starts[round_of] + offsets, 0, roll="modifiedfollowing")  # weekdays
    dates = _format_dates(days, rng.integers(0, len(_DATE_STYLES), n))
    who = rng.integers(0, len(auditors), n)
    names = np.array([a for a, _ in auditors], dtype=object)[who]
    habits = np.array([h for _, h in auditors])[who]
    def per_case(p: np.ndarray | float) -> np.ndarray:  # a row per round -> a row per case
        p = np.asarray(p, dtype=float)
        return p[round_of] if p.ndim == 2 else p

    codes = answer_codes(rng, per_case(p_yes), per_case(p_partially), per_case(p_na),
                         p_unanswered)
    answers = spell_answers(rng, codes, habits, ticks=ticks)
    padded = rng.random(n) < 0.03  # a few service names with stray surrounding spaces
    pool = np.array(list(comments), dtype=object)
    noted = rng.random(n) < comment_rate
    comment = np.where(noted, pool[rng.integers(0, len(pool), n)], "")
    refs = np.strings.add("SYN-", np.strings.zfill(np.arange(first_case, first_case + n)
                                                   .astype(str), 4))
    col_service, col_round, col_date, col_ref, col_auditor, col_comment = columns
    frame = {
        col_service: np.where(padded, f" {service} ", service),
        col_round: rounds["label"].to_numpy()[round_of],
        col_date: dates,
        col_ref: refs,
        col_auditor: names,
    }
    headers = [
        question_header(q, t, i)
        for i, (q, t) in enumerate(zip(bank["question_id"], bank["question"], strict=True))
    ]
    frame.update(dict(zip(headers, answers.T, strict=True)))
    if empty_column:
        frame[""] = np.full(n, "", dtype=object)
    frame[col_comment] = comment
    return pd.DataFrame(frame)


def write_csv(
    frame: pd.DataFrame,
    path: Path,
    *,
    encoding: str = "utf-8",
    sep: str = ",",
    newline: str = "\n",
    blank_line_after: int | None = None,
) -> Path:
    """Write a table as CSV text; `blank_line_after` puts one empty line after that many data
    rows (a stray blank line, as hand-edited exports have). Returns the path.

    >>> import tempfile
    >>> p = write_csv(pd.DataFrame({"a": ["1", "2"]}), Path(tempfile.mkdtemp()) / "x.csv",
    ...               blank_line_after=1)
    >>> p.read_text()
    'a\\n1\\n\\n2\\n'
    """
    text = frame.to_csv(index=False, sep=sep, lineterminator=newline)
    if blank_line_after is not None:
        lines = text.split(newline)
        lines.insert(blank_line_after + 1, "")
        text = newline.join(lines)
    path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------------------------------------
# The individual sample files. Each synthetic file draws from its own generator, seeded from
# (seed, file number), so that changing one file never changes another.

def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, stream])


def stockton_inspection() -> pd.DataFrame:
    """The Stockton-on-Tees SQS 2013 inspection: published theme averages, illustrative items.

    >>> df = stockton_inspection()
    >>> df.groupby("Theme", sort=False)["Score (%)"].mean().tolist()
    [91.0, 91.0, 87.0, 96.0]
    """
    items = pd.DataFrame(STOCKTON_SQS_ITEMS, columns=["Theme", "Item", "Score (%)", "Cases"])
    return items.assign(
        Service=SERVICE,
        Inspection="SQS 2013",
        Framework="Short Quality Screening",
        Date="25/11/2013",
    )[["Service", "Inspection", "Framework", "Date", "Theme", "Item", "Score (%)", "Cases"]]


def stockton_cci(rng: np.random.Generator) -> pd.DataFrame:
    """Synthetic theme-level scores of the previous (2010) Core Case Inspection.

    >>> stockton_cci(np.random.default_rng(2013))["score"].between(68, 86).all()
    np.True_
    """
    themes = ("Safeguarding", "Risk of Harm", "Likelihood of Reoffending")
    low, high = np.array([68, 70, 74]), np.array([80, 82, 86])
    return pd.DataFrame({
        "service": SERVICE,
        "inspection": "CCI 2010",
        "framework": "Core Case Inspection",
        "date": "15-Mar-2010",
        "theme": themes,
        "item": "",
        "score": rng.integers(low, high + 1),
        "cases": int(rng.integers(30, 41)),
    })


_STOCKTON_QUESTIONS = (
    ("Q1", SQS_THEMES[0], "Was the assessment of the likelihood of reoffending completed on time "
     "and of sufficient quality?"),
    ("Q2", SQS_THEMES[0], "Did the plan address the factors most linked to offending?"),
    ("Q3", SQS_THEMES[0], "Were the planned interventions delivered?"),
    ("Q4", SQS_THEMES[1], "Was the risk of harm assessment completed on time and of sufficient "
     "quality?"),
    ("Q5", SQS_THEMES[1], "Did the plan set out how risk of harm to others would be managed?"),
    ("Q6", SQS_THEMES[1], "Were the actions to manage risk of harm carried out?"),
    ("Q7", SQS_THEMES[1], "Was the risk of harm assessment reviewed on time and after "
     "significant change?"),
    ("Q8", SQS_THEMES[2], "Was the vulnerability assessment completed on time and of sufficient "
     "quality?"),
    ("Q9", SQS_THEMES[2], "Did the plan address the child or young person's safety and "
     "well-being?"),
    ("Q10", SQS_THEMES[2], "Was the vulnerability assessment reviewed on time and after "
     "significant change?"),
    ("Q11", SQS_THEMES[3], "Were the child or young person and their parents or carers engaged "
     "in the assessment and plan?"),
    ("Q12", SQS_THEMES[3], "Were diversity needs and barriers to engagement identified and "
     "addressed?"),
    ("Q13", SQS_THEMES[3], "Was non-compliance responded to appropriately?"),
)
STOCKTON_REVIEW_QUESTIONS = ("Q7", "Q10")

_STOCKTON_COMMENTS = (
    "Review overdue, chased with case manager",
    'Plan says "monitor" but sets no actions',
    "Risk review not done after change of address",
    "Good work with parents, see supervision notes",
    "<b>see file</b>",
    "Vulnerability review done, but two weeks late",
    'Assessment thorough; plan is "SMART"',
    "Interventions delivered as planned",
)


def stockton_question_bank() -> pd.DataFrame:
    """The synthetic Stockton-on-Tees audit question bank (`question_id, theme, question`).

    >>> stockton_question_bank().set_index("question_id").loc["Q7", "theme"]
    'Protecting the public'
    """
    return pd.DataFrame(_STOCKTON_QUESTIONS, columns=["question_id", "theme", "question"])


def stockton_audit(rng: np.random.Generator) -> pd.DataFrame:
    """Synthetic quarterly case file audits, 2012 Q1 to 2014 Q4, 15-30 cases a round: the review
    questions improve after the November 2013 inspection; the others stay high.

    >>> stockton_audit(np.random.default_rng(1))["Audit round"].iloc[[0, -1]].tolist()
    ['2012 Q1', '2014 Q4']
    """
    bank = stockton_question_bank()
    rounds = quarter_rounds(2012, 1, 12)
    cases = rng.integers(15, 31, size=len(rounds))
    base = np.array([0.92, 0.88, 0.90, 0.93, 0.89, 0.90, 0.0, 0.91, 0.87, 0.0, 0.95, 0.90, 0.88])
    p_yes = np.clip(base + rng.normal(0, 0.02, (len(rounds), len(bank))), 0.80, 0.97)
    review = np.array([0.60, 0.62, 0.64, 0.66, 0.70, 0.74, 0.78, 0.80, 0.84, 0.87, 0.89, 0.92])
    is_review = bank["question_id"].isin(STOCKTON_REVIEW_QUESTIONS).to_numpy()
    p_yes[:, is_review] = np.column_stack([review, review - 0.03])
    # late reviews are often recorded as "Partially" before the inspection
    p_partially = np.where(is_review, np.where(np.arange(12) < 8, 0.10, 0.04)[:, None], 0.04)
    p_partially = np.minimum(p_partially, 1 - p_yes)
    p_na = np.array([0.02, 0.02, 0.05, 0.02, 0.02, 0.03, 0.12, 0.02, 0.02, 0.12, 0.02, 0.03, 0.45])
    return wide_audit(
        rng, service=SERVICE, rounds=rounds, cases=cases, bank=bank, p_yes=p_yes,
        p_partially=p_partially, p_na=p_na, auditors=_STOCKTON_AUDITORS,
        comments=_STOCKTON_COMMENTS,
    )


def stockton_recommendations() -> pd.DataFrame:
    """The inspectors' recommendation (quoted from the board paper), the audit questions that
    measure it, and an illustrative target and due date.

    >>> stockton_recommendations()["questions"].tolist()
    ['Q7;Q10']
    """
    return pd.DataFrame({
        "id": ["R1"], "recommendation": [RECOMMENDATION_R1], "questions": ["Q7;Q10"],
        "target": [90], "due": ["31/12/2014"],
    })


def sqs_benchmark(rng: np.random.Generator, services: int = 30) -> pd.DataFrame:
    """Synthetic SQS theme scores of fictional services, 2013-2014, plus Stockton-on-Tees's own
    published theme averages, so the service can be ranked among them.

    >>> sqs_benchmark(np.random.default_rng(1), services=2)["Service"].nunique()
    3
    """
    names = np.array([f"Synthetic service {i:02d}" for i in range(1, services + 1)], dtype=object)
    base = rng.normal(82, 8, services)
    offsets = np.array([0.0, -2.0, -4.0, 5.0])
    scores = np.clip(np.rint(base[:, None] + offsets + rng.normal(0, 5, (services, 4))), 60, 98)
    days = np.datetime64("2013-04-01") + rng.integers(0, 640, services)
    dates = _format_dates(days, np.zeros(services, dtype=int))
    years = days.astype("datetime64[Y]").astype(int) + 1970
    sample = rng.integers(14, 21, services)
    text = scores.astype(int).astype(str).astype(object)
    percent = rng.random(scores.shape) < 0.1  # a few written as "85%"
    text = np.where(percent, text + "%", text)
    others = pd.DataFrame({
        "Service": np.repeat(names, 4),
        "Inspection": np.repeat([f"SQS {y}" for y in years], 4),
        "Framework": "SQS",
        "Date": np.repeat(dates, 4),
        "Theme": np.tile(SQS_THEMES, services),
        "Score": text.ravel(),
        "Cases": np.repeat(sample, 4),
    })
    own = pd.DataFrame({
        "Service": SERVICE, "Inspection": "SQS 2013", "Framework": "SQS", "Date": "25/11/2013",
        "Theme": SQS_THEMES,
        "Score": (stockton_inspection().groupby("Theme", sort=False)["Score (%)"].mean()
                  .astype(int).astype(str).to_numpy()),
        "Cases": 20,
    })
    return pd.concat([others, own], ignore_index=True)


def _messy_rating(rng: np.random.Generator, words: np.ndarray, rate: float) -> np.ndarray:
    """Rating words as a scrape spells them now and then: other case, stray spaces.

    >>> _messy_rating(np.random.default_rng(0), np.array(["Good"], dtype=object), 0).tolist()
    ['Good']
    """
    forms = np.stack([
        words,
        np.strings.lower(words.astype(str)).astype(object),
        np.strings.upper(words.astype(str)).astype(object),
        (" " + words.astype(str) + " ").astype(object),
        np.strings.replace(words.astype(str), " ", "  ").astype(object),
    ])
    odd = rng.random(words.shape) < rate
    pick = np.where(odd, rng.integers(1, len(forms), words.shape), 0)
    return np.take_along_axis(forms, pick[None], axis=0)[0]


def hmip2018_ratings(
    rng: np.random.Generator,
    names: Sequence[str],
    *,
    fixed: dict[str, tuple[str, Sequence[int]]] | None = None,
    messy: bool = True,
) -> pd.DataFrame:
    """Synthetic HMIP 2018-framework ratings in the public scrape's columns: one row per service,
    every one of the 13 standards rated, `score_%` = the 12 counted standards' points / 36 x 100
    (resettlement not counted), and the overall rating the band those points fall in. `fixed`
    gives chosen (dd/mm/yy date, 13 points in `HMIP2018_STANDARD_COLUMNS` order) for some
    services.

    >>> df = hmip2018_ratings(np.random.default_rng(0), ["A", "B"], messy=False)
    >>> list(df.columns[:4])
    ['la_name', 'la_ref', 'score_%', 'overall_rating']
    """
    fixed = fixed or {}
    n = len(names)
    quality = rng.normal(0, 1, n)
    width = len(HMIP2018_STANDARD_COLUMNS)
    points = np.clip(np.rint(1.9 + 0.8 * quality[:, None] + rng.normal(0, 0.55, (n, width))),
                     0, 3)
    points = points.astype(int)
    days = np.busday_offset(np.datetime64("2021-03-01") + rng.integers(0, 1490, n), 0,
                            roll="modifiedfollowing")
    forms = np.where(rng.random(n) < (0.15 if messy else 0), 0, 1)  # dd/mm/yyyy or dd/mm/yy
    dates = _format_dates(days, forms)
    names_arr = np.array(list(names), dtype=object)
    for i, name in enumerate(names_arr):  # a loop over the few chosen services
        if name in fixed:
            dates[i], points[i] = fixed[name][0], np.asarray(fixed[name][1])
            days[i] = np.datetime64(
                "20" + dates[i][6:8] + "-" + dates[i][3:5] + "-" + dates[i][0:2]
            )
    order = np.argsort(days, kind="stable")[::-1]
    total = points[:, _COUNTED].sum(axis=1)
    overall = np.searchsorted(_OVERALL_MIN_POINTS, total, side="right") - 1
    refs = np.strings.replace(np.strings.lower(names_arr.astype(str)), " ", "")
    years = days.astype("datetime64[Y]").astype(int) + 1970
    shown = names_arr.copy()
    if messy and n > 12:  # a joint-inspection marker and a name inside report-title text
        shown[5] = f"{shown[5]} - JI"
        shown[11] = f"An inspection of {shown[11]}"
    ratings = np.array(_RATING_WORDS, dtype=object)[points]
    if messy:
        ratings = _messy_rating(rng, ratings, 0.06)
    frame = pd.DataFrame({
        "la_name": shown,
        "la_ref": refs,
        "score_%": np.round(total / 36 * 100, 2),
        "overall_rating": np.array(_OVERALL_WORDS, dtype=object)[overall],
        "publication_date": dates,
        "report_url": [f"https://www.example.org/synthetic-hmip/{r}{y}/"
                       for r, y in zip(refs, years, strict=True)],
        **dict(zip(HMIP2018_STANDARD_COLUMNS, ratings.T, strict=True)),
    })
    return frame.iloc[order].reset_index(drop=True)


# HMIP 2018-framework audit questions: a stem per standard and the aspects it asks about.
_HMIP2018_STEMS = {
    "Assessment": "Did assessment focus sufficiently on {}?",
    "Planning": "Did planning focus sufficiently on {}?",
    "Implementation and delivery": "Did implementation and delivery focus sufficiently on {}?",
    "Reviewing": "Did reviewing focus sufficiently on {}?",
}
_HMIP2018_ASPECTS = (
    "supporting the child's desistance",
    "keeping the child safe",
    "keeping other people safe",
    "the child's diversity needs",
    "the child's own views",
    "involving parents or carers",
    "the needs and wishes of victims",
    "education, training and employment",
    "physical and mental health",
    "changes in the child's circumstances",
)


def hmip2018_question_bank(questions: int = 12) -> pd.DataFrame:
    """An audit question bank with the HMIP 2018 case standards as themes, the questions shared
    out evenly among Assessment, Planning, Implementation and delivery, and Reviewing.

    >>> hmip2018_question_bank(12).groupby("theme", sort=False).size().tolist()
    [3, 3, 3, 3]
    """
    themes = np.array(list(_HMIP2018_STEMS))
    share = np.array_split(np.arange(questions), len(themes))
    theme_of = np.concatenate([np.full(len(s), i) for i, s in enumerate(share)])
    aspect_of = np.concatenate([np.arange(len(s)) for s in share]) % len(_HMIP2018_ASPECTS)
    stems = np.array(list(_HMIP2018_STEMS.values()))[theme_of]
    text = [s.format(_HMIP2018_ASPECTS[a]) for s, a in zip(stems, aspect_of, strict=True)]
    return pd.DataFrame({
        "question_id": [f"Q{i}" for i in range(1, questions + 1)],
        "theme": themes[theme_of],
        "question": text,
    })


_NORTHSHIRE_COMMENTS = (
    "Child’s plan not updated after move to new school",
    "Reparation: £50 voucher scheme, recorded on file",
    "Review late, manager aware",
    'Good, "child-friendly" plan',
    "Review done; no change noted",
    "Victim’s wishes recorded, not yet acted on",
)
# Northshire's chosen HMIP 2018 inspection (fictional): 18 counted points, Requires improvement,
# with 2.4 Reviewing Inadequate (points in HMIP2018_STANDARD_COLUMNS order).
NORTHSHIRE_RATING = ("19/09/23", (2, 2, 1, 2, 1, 0, 2, 1, 2, 1, 2, 2, 1))
STOCKTON_RATING = ("15/03/22", (2, 3, 2, 3, 2, 2, 3, 2, 2, 2, 2, 2, 2))  # 27 points, Good


def northshire_audit(rng: np.random.Generator) -> pd.DataFrame:
    """Synthetic Northshire audits, 2023 Q1 to 2025 Q2, exported by another tool: Windows-1252,
    semicolons, other header aliases. Reviewing improves after the 2023 inspection.

    >>> northshire_audit(np.random.default_rng(1)).columns[0]
    'YOT'
    """
    bank = hmip2018_question_bank(12)
    rounds = quarter_rounds(2023, 1, 10)
    cases = rng.integers(15, 31, size=len(rounds))
    step = np.arange(len(rounds))
    base = {"Assessment": 0.86, "Planning": 0.74, "Implementation and delivery": 0.83,
            "Reviewing": 0.55}
    gain = {"Assessment": 0.0, "Planning": 0.012, "Implementation and delivery": 0.005,
            "Reviewing": 0.035}
    start = bank["theme"].map(base).to_numpy()
    slope = bank["theme"].map(gain).to_numpy()
    p_yes = np.clip(start + slope * step[:, None] + rng.normal(0, 0.02, (10, 12)), 0.4, 0.96)
    return wide_audit(
        rng, service=SECOND_SERVICE, rounds=rounds, cases=cases, bank=bank, p_yes=p_yes,
        p_partially=np.minimum(0.06, 1 - p_yes), p_na=0.04, auditors=_NORTHSHIRE_AUDITORS,
        comments=_NORTHSHIRE_COMMENTS,
        columns=("YOT", "Round", "Audit date", "Case ID", "Auditor", "Comments"),
        ticks=False, empty_column=False, first_case=5001,
    )


def northshire_recommendations() -> pd.DataFrame:
    """Fictional recommendations for Northshire, measured by its audit questions.

    >>> northshire_recommendations()["id"].tolist()
    ['R1', 'R2']
    """
    return pd.DataFrame({
        "id": ["R1", "R2"],
        "recommendation": [
            "Reviews of assessment and planning should respond promptly to changes in the "
            "child's circumstances, and consider keeping the child and other people safe",
            "Planning should set out clearly how the child and other people will be kept safe",
        ],
        "questions": ["Q10;Q11;Q12", "Q5;Q6"],
        "target": ["85", "85%"],
        "due": ["31/03/2025", "30 September 2024"],
    })


SAMPLE_FILES = (
    "stockton-sqs-2013-inspection.csv",
    "stockton-sqs-2013-recommendations.csv",
    "synthetic-stockton-cci-2010-inspection.csv",
    "synthetic-stockton-audit-2012-2014.csv",
    "synthetic-stockton-question-bank.csv",
    "synthetic-sqs-benchmark.csv",
    "synthetic-hmip2018-ratings.csv",
    "synthetic-northshire-audit-2023-2025.csv",
    "synthetic-northshire-question-bank.csv",
    "synthetic-northshire-recommendations.csv",
    "synthetic-northshire-hmip2018-inspection.csv",
    "synthetic-hmip2025-inspection.csv",
    "synthetic-casework-northshire-audit-2024-2025.csv",
    "synthetic-casework-northshire-question-bank.csv",
)


def write_sample(out: Path, seed: int = 2013) -> list[Path]:
    """Write the sample files into `out` (created if need be) and return their paths, sorted.

    The same seed always gives the same bytes.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> len(write_sample(folder)), (folder / "synthetic-stockton-audit-2012-2014.csv").exists()
    (14, True)
    """
    from yosanalysis import sample_mock

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    ratings_names = [f"Synthetic service {i:02d}" for i in range(1, 41)]
    ratings_names[17:17] = [SERVICE]
    ratings_names[33:33] = [SECOND_SERVICE]
    written = [
        write_csv(stockton_inspection(), out / SAMPLE_FILES[0]),
        write_csv(stockton_recommendations(), out / SAMPLE_FILES[1]),
        write_csv(stockton_cci(_rng(seed, 1)), out / SAMPLE_FILES[2]),
        # exported from a spreadsheet: UTF-8 with a byte-order mark, Windows line ends, a stray
        # blank line and a wholly empty column
        write_csv(stockton_audit(_rng(seed, 2)), out / SAMPLE_FILES[3], encoding="utf-8-sig",
                  newline="\r\n", blank_line_after=23),
        write_csv(stockton_question_bank(), out / SAMPLE_FILES[4]),
        write_csv(sqs_benchmark(_rng(seed, 3)), out / SAMPLE_FILES[5]),
        write_csv(
            hmip2018_ratings(_rng(seed, 4), ratings_names,
                             fixed={SERVICE: STOCKTON_RATING, SECOND_SERVICE: NORTHSHIRE_RATING}),
            out / SAMPLE_FILES[6],
        ),
        # exported by another tool: Windows-1252, semicolons, Windows line ends
        write_csv(northshire_audit(_rng(seed, 5)), out / SAMPLE_FILES[7], encoding="cp1252",
                  sep=";", newline="\r\n"),
        # its questions mapped to the court standards and key questions (a mock inspection)
        write_csv(sample_mock.court_standards(hmip2018_question_bank(12)), out / SAMPLE_FILES[8]),
        write_csv(northshire_recommendations(), out / SAMPLE_FILES[9]),
        # HMIP's frameworks from 2018 and the mock inspection (yosanalysis.sample_mock)
        write_csv(sample_mock.northshire_hmip2018_inspection(), out / SAMPLE_FILES[10]),
        write_csv(sample_mock.hmip2025_inspection(), out / SAMPLE_FILES[11]),
        write_csv(sample_mock.casework_audit(_rng(seed, 6)), out / SAMPLE_FILES[12]),
        write_csv(sample_mock.casework_question_bank(), out / SAMPLE_FILES[13]),
    ]
    return sorted(written)
