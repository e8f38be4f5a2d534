"""Page 6, the mock inspection: how HMIP's published rules would rate the service's case
standards on the cases its own audit holds (`yosanalysis.mock_inspection`), with the chance of
each rating at this number of cases, and the indicative overall rating where every counted
standard is covered. Every rating on the page is the service's own reading, not HMIP's
judgement, and says so."""

from __future__ import annotations

import pandas as pd

from yosanalysis.pages.blocks import Block, Heading, Notice, Page, Paragraph, Table
from yosanalysis.pages.catalogue import TITLES

__all__ = ["mock_inspection"]

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


def withheld_standards(table: pd.DataFrame, kq: pd.DataFrame, threshold: int) -> pd.Series:
    """Which standards' ratings are withheld: those on fewer than `threshold` cases, and those
    whose lowest key question (which sets the rating, and is named beside it) rests on fewer.

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
    return (table["cases"] < threshold) | (pd.Series(lowest, index=table.index) < threshold)


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


def _key_question_table(kq: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Standard": kq["standard"], "Key question": kq["key_question"], "Cases": kq["cases"],
        "Sufficient (%)": kq["pct"].round(0), "Interval low (%)": kq["low"].round(0),
        "Interval high (%)": kq["high"].round(0),
    })


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
    hidden = withheld_standards(table, kq, threshold)
    shown = table[~hidden]
    if shown.empty:
        headline = (f"Fewer than {threshold} cases stand behind every standard in {audit}, so "
                    "no indicative rating is shown.")
    else:
        weakest = shown.loc[shown["lowest_pct"].idxmin()]
        headline = (f"On its own audit of {audit}, {params.service}'s weakest case standard was "
                    f"{weakest['standard']}: {_pct(weakest['lowest_pct'])} of "
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
        Table.of(_key_question_table(kq), "mock-key-questions",
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
