"""Page 6, the mock inspection: how HMIP's published rules would rate the service's case
standards on the cases its own audit holds (`yosanalysis.mock_inspection`), with the chance of
each rating at this number of cases, and the indicative overall rating where every counted
standard is covered. Every rating on the page is the service's own reading, not HMIP's
judgement, and says so."""

from __future__ import annotations

import pandas as pd

from yosanalysis.pages.blocks import Block, Heading, Notice, Page, Paragraph, Table
from yosanalysis.pages.catalogue import TITLES
from yosanalysis.pages.withheld import QUESTION, withheld
from yosanalysis.privacy.suppress import SUPPRESSED_WORD as SUPPRESSED

__all__ = ["mock_inspection", "withheld_key_questions", "withheld_standards"]

KEY = "06_mock_inspection"
TITLE = TITLES[KEY]
INTRO = ("How HMI Probation's published rules would rate the service's case standards on the "
         "cases its own audit holds today: the service's own reading, not HMIP's judgement.")


def _round(answers: pd.DataFrame, params) -> str:
    from yosanalysis.scoring import sort_rounds

    rounds = sort_rounds(answers["audit"].dropna().astype(str))
    wanted = [r for r in reversed(params.rounds) if r in rounds]
    return wanted[0] if wanted else rounds[-1]


def _pct(value: float) -> str:
    from yosanalysis.format import percent

    return percent(value)


def withheld_key_questions(answers: pd.DataFrame, kq: pd.DataFrame, audit: str,
                           hidden: frozenset) -> pd.Series:
    """Which key questions of `kq` (`mock_inspection_key_questions`) rest on an audit question
    the pack withholds in `audit` (`pages.withheld`: `(QUESTION, audit, id)`): a key question
    measured by one question is that question, shown again, so it is withheld with it.

    >>> answers = pd.DataFrame({"audit": "2025 Q2", "question": ["Q1", "Q2"],
    ...     "standard": "2.1", "key_question": ["desistance", "safety of others"]})
    >>> kq = pd.DataFrame({"standard": "2.1", "key_question": ["desistance", "safety of others"]})
    >>> withheld_key_questions(answers, kq, "2025 Q2", frozenset({("question", "2025 Q2", "Q2")})
    ...                        ).tolist()
    [False, True]
    """
    held = {str(m[2]) for m in hidden if m[0] == QUESTION and str(m[1]) == str(audit)}
    if not held or kq.empty:
        return pd.Series(False, index=kq.index)
    asked = answers[answers["audit"].astype(str) == str(audit)] if "audit" in answers \
        else answers
    standard = asked["standard"].astype(str)
    key = (asked["key_question"] if "key_question" in asked
           else pd.Series(pd.NA, index=asked.index))
    flags = []
    for row in kq.to_dict("records"):  # a standard's few key questions
        mine = standard == str(row["standard"])
        named = mine & (key.astype(str) == str(row["key_question"]))
        questions = asked.loc[named if named.any() else mine & key.isna(), "question"]
        flags.append(bool(set(questions.astype(str)) & held))
    return pd.Series(flags, index=kq.index, dtype=bool)


def withheld_standards(table: pd.DataFrame, kq: pd.DataFrame, threshold: int,
                       withheld_kq: pd.Series | None = None) -> pd.Series:
    """Which standards' ratings are withheld: those on fewer than `threshold` cases, and those
    whose lowest key question (which sets the rating, and is named beside it) rests on fewer,
    or is withheld (`withheld_kq`, a flag per row of `kq`).

    >>> table = pd.DataFrame({"standard": ["2.1", "2.4"], "cases": [20, 20],
    ...                       "lowest_key_question": ["a", "b"]})
    >>> kq = pd.DataFrame({"standard": ["2.1", "2.4"], "key_question": ["a", "b"],
    ...                    "cases": [20, 3]})
    >>> withheld_standards(table, kq, 5).tolist()
    [False, True]
    """
    if not threshold:
        return pd.Series(False, index=table.index)
    kq_cases = dict(zip(zip(kq["standard"], kq["key_question"], strict=True), kq["cases"],
                        strict=True))
    lowest = [kq_cases.get(key, 0) for key in zip(table["standard"],
                                                  table["lowest_key_question"], strict=True)]
    small = (table["cases"] < threshold) | (pd.Series(lowest, index=table.index) < threshold)
    if withheld_kq is None or not withheld_kq.any():
        return small
    held = set(zip(kq.loc[withheld_kq, "standard"], kq.loc[withheld_kq, "key_question"],
                   strict=True))
    named = [key in held for key in zip(table["standard"], table["lowest_key_question"],
                                        strict=True)]
    return small | pd.Series(named, index=table.index, dtype=bool)


def _standards_table(table: pd.DataFrame, threshold: int,
                     hidden: pd.Series | None = None) -> pd.DataFrame:
    shown = pd.DataFrame({
        "Standard": table["standard"],
        "Cases": table["cases"],
        "Lowest key question": table["lowest_key_question"],
        "Lowest key question (%)": table["lowest_pct"].round(0),
        "Interval low (%)": table["low"].round(0),
        "Interval high (%)": table["high"].round(0),
        "Indicative rating (own reading)": table["rating"],
        "Chance Outstanding (%)": (table["p_outstanding"] * 100).round(0),
        "Chance Good (%)": (table["p_good"] * 100).round(0),
        "Chance Requires improvement (%)": (table["p_requires_improvement"] * 100).round(0),
        "Chance Inadequate (%)": (table["p_inadequate"] * 100).round(0),
    })
    # a rating, like a percentage, rests on its cases (and its lowest key question's): withheld
    # with them, and so is everything worked out from that key question
    if hidden is None:
        hidden = table["cases"] < threshold if threshold else table["cases"] < 0
    shown = shown.astype(object)
    shown.loc[hidden, [c for c in shown.columns if c not in ("Standard", "Cases")]] = \
        "suppressed"
    return shown


def _key_question_table(kq: pd.DataFrame, hidden: pd.Series | None = None,
                        threshold: int = 0) -> pd.DataFrame:
    shown = pd.DataFrame({
        "Standard": kq["standard"], "Key question": kq["key_question"], "Cases": kq["cases"],
        "Sufficient (%)": kq["pct"].round(0), "Interval low (%)": kq["low"].round(0),
        "Interval high (%)": kq["high"].round(0),
    })
    if hidden is None or not hidden.any():
        return shown
    # withheld to protect a question the theme breakdown withholds: its cases too, as there (a
    # row on fewer than `threshold` cases is left to say "fewer than 5")
    hidden = hidden & (kq["cases"] >= threshold)
    shown = shown.astype(object)
    shown.loc[hidden, ["Cases", "Sufficient (%)", "Interval low (%)", "Interval high (%)"]] = \
        SUPPRESSED
    return shown


def _overall_sentence(overall, table: pd.DataFrame, hidden: pd.Series, threshold: int) -> str:
    """The overall rating's sentence, unless it rests on a withheld standard's rating (the
    points of the others and the overall would give that rating away)."""
    counted = table["counted"].fillna(False).astype(bool) if "counted" in table else hidden
    if overall.points is not None and (hidden & counted).any():
        return ("The indicative overall rating is withheld: with the other standards' ratings "
                "it would give away a rating resting on fewer than "
                f"{threshold} cases.")
    return overall.sentence


def mock_inspection(inputs, params) -> Page:
    """The mock inspection page of `params.service`, from `inputs.answers` (an audit whose
    question bank maps questions to a `standard` and `key_question`) under `params.scheme`'s
    case-rating rule, on the latest of `params.rounds` the audit holds (else its latest round).
    A page that cannot be made says why, and which input would make it (a `Notice`).

    >>> from yosanalysis.pages.inputs import Inputs, Params
    >>> print(mock_inspection(Inputs(), Params(service="Anytown")).headline)
    No case file audit was given in this report's parameters (inputs.audit), so there is no mock inspection.
    """  # noqa: E501
    from yosanalysis.mock import (
        CAVEAT,
        mock_inspection_key_questions,
        mock_inspection_overall,
    )
    from yosanalysis.mock import mock_inspection as rate
    from yosanalysis.schemes import get_scheme

    def notice(text: str, parameter: str) -> Page:
        return Page(key=KEY, title=TITLE, intro=INTRO, headline=text,
                    blocks=[Notice(text, parameter)], synthetic=params.synthetic)

    answers = inputs.answers
    if answers is None or answers.empty:
        return notice("No case file audit was given in this report's parameters "
                      "(inputs.audit), so there is no mock inspection.", "inputs.audit")
    if "standard" not in answers.columns or answers["standard"].isna().all():
        return notice("The audit's question bank maps no question to an HMIP standard (its "
                      "`standard` and `key_question` columns), so there is no mock inspection.",
                      "inputs.questions")
    if get_scheme(params.scheme).case_rating is None:
        return notice(f"The {params.scheme} scheme has no published rule for rating a case "
                      "standard from its cases, so there is no mock inspection.", "scheme")
    threshold = params.suppress_below
    audit = _round(answers, params)
    table = rate(answers, params.scheme, partially=params.partially, audit=audit)
    kq = mock_inspection_key_questions(answers, params.scheme, partially=params.partially,
                                       audit=audit)
    overall = mock_inspection_overall(table, params.scheme)
    kq_hidden = withheld_key_questions(answers, kq, audit, withheld(inputs, params))
    hidden = withheld_standards(table, kq, threshold, kq_hidden)
    shown = table[~hidden]
    if shown.empty:
        headline = (f"Fewer than {threshold} cases stand behind every standard in {audit}, so "
                    "no indicative rating is shown.")
    else:
        weakest = shown.loc[shown["lowest_pct"].idxmin()]
        # with a rating withheld, the weakest shown need not be the weakest
        of = " of those shown" if hidden.any() else ""
        headline = (f"On its own audit of {audit}, {params.service}'s weakest case standard{of} "
                    f"was {weakest['standard']}: {_pct(weakest['lowest_pct'])} of "
                    f"{int(weakest['cases'])} cases sufficient on {weakest['lowest_key_question']}"
                    f", an indicative {weakest['rating']} by HMIP's published rule (the "
                    "service's own reading, not HMIP's judgement).")
    rule = get_scheme(params.scheme).case_rating
    blocks: list[Block] = [
        Paragraph(CAVEAT),
        Heading(f"Indicative ratings by standard, {audit}"),
        Table.of(_standards_table(table, threshold, hidden), "mock-standards",
                 f"Mock inspection of {params.service}, {audit}: indicative ratings (the "
                 "service's own reading of its cases, not HMIP's judgement)",
                 threshold=threshold),
        Paragraph(_overall_sentence(overall, table, hidden, threshold) + " " + CAVEAT),
        Heading(f"Key questions, {audit}", 3),
        Table.of(_key_question_table(kq, kq_hidden, threshold), "mock-key-questions",
                 f"Cases sufficient on each key question: {params.service}, {audit}",
                 threshold=threshold),
        Heading("How the ratings are reached", 3),
        Paragraph("Per case (child), a key question is sufficient when every applicable audit "
                  "answer on it is Yes (a Partially counts as the report's parameters say). A "
                  "standard's indicative rating is set by its lowest key question: "
                  + ", ".join(f"{b.min:g}% or more {b.label}" for b in rule.bands[:-1])
                  + f", below that {rule.bands[-1].label}. Source: {rule.source} The chance of "
                  "each rating comes from resampling the audited cases."),
    ]
    return Page(key=KEY, title=TITLE, intro=INTRO, headline=headline, blocks=blocks,
                synthetic=params.synthetic)
