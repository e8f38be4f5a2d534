"""Synthetic sample files for HMIP's frameworks from 2018 and the mock inspection (written by
`yosanalysis.sample.write_sample`; every one labelled synthetic in its name):

- Northshire's 2018-framework inspection typed one row per standard, with numbers and no overall
  row (the overall rating is then computed from the counted standards' points);
- a 2025-framework inspection of a fictional service, typed from the rating words HMIP's 2025
  reports publish (work with children, work with victims, overall);
- Northshire's casework audit mapped to HMIP's court and out-of-court standards and key
  questions (about 25 court and 12 out-of-court cases a round, 2024 Q1 to 2025 Q2; a weak
  Reviewing standard improving), and its question bank with `standard` and `key_question`.

>>> bank = casework_question_bank()
>>> bank.columns.tolist()
['question_id', 'theme', 'question', 'standard', 'key_question']
>>> len(bank), bank["question_id"].iloc[-1]
(21, 'Q21')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "casework_audit",
    "casework_question_bank",
    "court_standards",
    "hmip2025_inspection",
    "northshire_hmip2018_inspection",
]

# Northshire's inspection (fictional), as a user types it from the report: number and name,
# then the rating; resettlement has no number. Ratings agree with its row of the ratings file.
_NORTHSHIRE_2018 = (
    ("1.1 Governance and leadership", "Good"),
    ("1.2 Staff", "Good"),
    ("1.3 Partnerships and services", "Good"),
    ("1.4 Information and facilities", "Requires improvement"),
    ("2.1 Assessment", "Good"),
    ("2.2 Planning", "Requires improvement"),
    ("2.3 Implementation and delivery", "Good"),
    ("2.4 Reviewing", "Inadequate"),
    ("3.1 Assessment", "Good"),
    ("3.2 Planning", "Good"),
    ("3.3 Implementation and delivery", "Requires improvement"),
    ("3.4 Out-of-court disposal policy and provision", "Requires improvement"),
    ("Resettlement policy and provision", "Requires improvement"),
)

# standard as the bank writes it (number alone, number and name, or name and domain), the
# audit's theme for it, and its chance of a sufficient answer in 2024 Q1 and the gain a round
_CASEWORK = (
    ("2.1", "Assessment (court)", 0.86, 0.0),
    ("2.2 Planning", "Planning (court)", 0.78, 0.01),
    ("Implementation and delivery (court)", "Implementation and delivery (court)", 0.84, 0.0),
    ("2.4 Reviewing", "Reviewing (court)", 0.52, 0.05),  # weak, improving
    ("3.1", "Assessment (out-of-court)", 0.82, 0.0),
    ("Out-of-court disposals – Planning", "Planning (out-of-court)", 0.74, 0.01),
    ("3.3 Implementation and delivery", "Implementation and delivery (out-of-court)", 0.85, 0.0),
)
_KEY_QUESTIONS = (
    ("Desistance", "support the child's desistance", 0.0),
    ("Keeping the child safe", "keep the child safe", -0.02),
    ("Keeping other people safe", "keep other people safe", -0.05),
)
_STEMS = {"Assessment": "Did assessment sufficiently analyse how to {}?",
          "Planning": "Did planning set out how to {}?",
          "Implementation and delivery": "Did the work delivered {}?",
          "Reviewing": "Did reviewing respond to changes that bear on how to {}?"}
_COMMENTS = ("Plan updated after review", "Victim's wishes recorded", "Review overdue",
             "Good joint work with the school", "Safety plan shared with the police")
_AUDITORS = (("Robin Fictional", 2), ("Morgan Mock", 5), ("Charlie Template", 1))


_COURT = {"Assessment": "2.1", "Planning": "2.2", "Implementation and delivery": "2.3",
          "Reviewing": "2.4"}
_ASPECT_KEY_QUESTIONS = ("desistance", "safety of the child", "safety of others")


def court_standards(bank: pd.DataFrame) -> pd.DataFrame:
    """A bank of HMIP 2018 case-standard themes (`hmip2018_question_bank`) with the court
    `standard` and `key_question` each question informs: a theme's first three questions ask
    about desistance, keeping the child safe and keeping other people safe.

    >>> from yosanalysis.sample import hmip2018_question_bank
    >>> court_standards(hmip2018_question_bank(12)).iloc[9, 3:].tolist()
    ['2.4', 'desistance']
    """
    aspect = bank.groupby("theme", sort=False).cumcount()
    return bank.assign(
        standard=bank["theme"].map(_COURT),
        key_question=aspect.map(dict(enumerate(_ASPECT_KEY_QUESTIONS))),
    )


def northshire_hmip2018_inspection() -> pd.DataFrame:
    """Northshire's 2018-framework inspection as typed from the report: one row per standard
    (13), numbers kept, no overall row.

    >>> northshire_hmip2018_inspection()["Standard"].iloc[[0, -1]].tolist()
    ['1.1 Governance and leadership', 'Resettlement policy and provision']
    """
    return pd.DataFrame({
        "Service": "Northshire", "Inspection": "HMIP 2023", "Framework": "HMIP 2018",
        "Date published": "19/09/2023",
        "Standard": [s for s, _ in _NORTHSHIRE_2018],
        "Rating": [r for _, r in _NORTHSHIRE_2018],
    })


def hmip2025_inspection() -> pd.DataFrame:
    """A fictional service's inspection under HMIP's 2025 framework, typed from the rating words
    its reports publish: work with children, work with victims and the overall rating.

    >>> hmip2025_inspection()["Standard"].tolist()
    ['Work with children', 'Work with victims', 'Overall']
    """
    return pd.DataFrame({
        "Service": "Synthetic service 41", "Inspection": "HMIP 2025",
        "Framework": "Inspection of youth justice work with children and victims",
        "Date published": "14/10/2025",
        "Standard": ["Work with children", "Work with victims", "Overall"],
        "Rating": ["Good", "Requires improvement", "Good"],
    })


def casework_question_bank() -> pd.DataFrame:
    """The casework audit's question bank: a question per standard and key question, court
    standards (2.1-2.4) then out-of-court (3.1-3.3), with `standard` and `key_question`."""
    rows = []
    for standard, theme, _, _ in _CASEWORK:
        stem = _STEMS[theme.split(" (")[0]]
        for key_question, aim, _ in _KEY_QUESTIONS:
            rows.append((theme, stem.format(aim), standard, key_question))
    frame = pd.DataFrame(rows, columns=["theme", "question", "standard", "key_question"])
    frame.insert(0, "question_id", [f"Q{i}" for i in range(1, len(frame) + 1)])
    return frame


def casework_audit(rng: np.random.Generator) -> pd.DataFrame:
    """Northshire's casework audits, 2024 Q1 to 2025 Q2, as a wide export: about 25 court and
    12 out-of-court cases a round; a court case answers `N/A` to the out-of-court questions and
    the other way round. Reviewing starts weak (about half the cases sufficient) and improves.

    >>> df = casework_audit(np.random.default_rng(1))
    >>> df.columns[:4].tolist(), df["Round"].iloc[-1]
    (['Service', 'Round', 'Date of audit', 'Case Reference'], '2025 Q2')
    """
    from yosanalysis.sample import quarter_rounds, wide_audit

    bank = casework_question_bank()
    rounds = quarter_rounds(2024, 1, 6)
    step = np.arange(len(rounds))[:, None]
    start = np.array([p + d for _, _, p, _ in _CASEWORK for _, _, d in _KEY_QUESTIONS])
    gain = np.repeat([g for _, _, _, g in _CASEWORK], len(_KEY_QUESTIONS))
    p_yes = np.clip(start + gain * step + rng.normal(0, 0.02, (len(rounds), len(bank))),
                    0.3, 0.97)
    court = bank["standard"].map(lambda s: not (s.startswith("3") or "Out-of-court" in s))
    court = court.to_numpy()
    parts = []
    for is_court, low, high, first in ((True, 22, 29, 7001), (False, 10, 15, 8001)):
        applies = court if is_court else ~court
        parts.append(wide_audit(
            rng, service="Northshire", rounds=rounds, cases=rng.integers(low, high, len(rounds)),
            bank=bank, p_yes=p_yes, p_partially=np.minimum(0.05, 1 - p_yes),
            p_na=np.where(applies, 0.03, 1.0), auditors=_AUDITORS, comments=_COMMENTS,
            columns=("Service", "Round", "Date of audit", "Case Reference", "Auditor",
                     "Comments"),
            ticks=False, empty_column=False, first_case=first, p_unanswered=0.01,
        ))
    frame = pd.concat(parts, ignore_index=True)
    order = frame["Round"].map({r: i for i, r in enumerate(rounds["label"])})
    return frame.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)
