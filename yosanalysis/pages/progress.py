"""Page 5, progress on the inspectors' recommendations: each measured by the case file audit
questions that bear on it (named by their words), round by round, against its target."""

from __future__ import annotations

import pandas as pd

from yosanalysis.pages.blocks import Block, Figure, Heading, Notice, Page, Paragraph, Quote
from yosanalysis.pages.catalogue import TITLES
from yosanalysis.pages.withheld import RECOMMENDATION, flag, withheld
from yosanalysis.privacy.suppress import is_suppressed, suppressed_flags

__all__ = ["measured_by", "recommendations", "status_sentence"]

KEY = "05_recommendation_tracking"
TITLE = TITLES[KEY]
INTRO = ("Each recommendation is measured by the case file audit questions that bear on it, "
         "round by round, against its target.")


def measured_by(question_ids: str, words: dict[str, str]) -> str:
    """The sentence naming the audit questions that measure a recommendation, by their words
    (the code after them); an id the question bank does not hold is said to be missing.

    >>> measured_by("Q7;Q10", {"Q7": "Was the plan reviewed?"})
    'Measured by the audit questions “Was the plan reviewed?” (Q7) and Q10 (not in the question bank).'
    """  # noqa: E501
    from yosanalysis.format import names_list

    ids = [q.strip() for q in str(question_ids).split(";") if q.strip()]
    named = [f"“{words[q]}” ({q})" if q in words else
             (f"{q} (not in the question bank)" if words else q) for q in ids]
    noun = "question" if len(named) == 1 else "questions"
    return f"Measured by the audit {noun} {names_list(named)}."


def status_sentence(row: dict, threshold: int) -> str:
    """The sentence on a recommendation's latest round; where that round rests on fewer than
    `threshold` cases, or is flagged `suppressed` (`yosanalysis.pages.withheld`), it says so
    and shows no figure.

    >>> status_sentence({"id": "R2", "audit": "2014 Q4", "pct": 66.7, "n": 3, "cases": 2,
    ...                  "target": 80, "status": "too few cases"}, threshold=5)
    'Recommendation R2 rests on fewer than 5 cases in 2014 Q4, so its figure is not shown.'
    """
    from yosanalysis import narrative
    from yosanalysis.format import is_missing

    cases = row.get("cases")
    if is_missing(cases):
        cases = row.get("answers", row.get("n"))
    if not is_missing(cases) and 0 < int(cases) < threshold:
        return (f"Recommendation {row['id']} rests on fewer than {threshold} cases in "
                f"{row['audit']}, so its figure is not shown.")
    if is_suppressed(row):
        return narrative.withheld_sentence(f"Recommendation {row['id']}", str(row["audit"]),
                                           threshold)
    return narrative.recommendation_sentence(row)


def _headline(latest: pd.DataFrame, threshold: int) -> str:
    """One sentence on every recommendation's latest round (nothing under `threshold` cases
    counted as met or not met)."""
    from yosanalysis.format import count_words, names_list

    if len(latest) == 1:
        return status_sentence(latest.iloc[0].to_dict(), threshold)
    answers = latest["answers"] if "answers" in latest else latest["n"]  # `n` before issue 13
    cases = latest["cases"].where(latest["cases"].notna(), answers)
    flagged = suppressed_flags(latest)
    small = (cases > 0) & (cases < threshold)
    shown = latest[~small & ~flagged]
    met = int((shown["status"] == "met").sum())
    not_met = int((shown["status"] == "not met").sum())
    close = int((shown["status"] == "too close to call at this number of cases").sum())
    held = int((flagged & ~small).sum())
    rest = len(latest) - met - not_met - close - held
    said = [f"{met} met {'its' if met == 1 else 'their'} target" if met else "none met its target"]
    if not_met:
        said.append(f"{not_met} did not")
    if close:
        said.append(f"{close} {'was' if close == 1 else 'were'} too close to call at this number "
                    "of cases")
    if rest:
        said.append(f"{rest} had too few cases to say")
    if held:
        said.append(f"{held} {'is' if held == 1 else 'are'} withheld")
    rounds = list(dict.fromkeys(latest["audit"].astype(str)))
    when = f" in {rounds[0]}" if len(rounds) == 1 else " in their latest audit rounds"
    return (f"Of the {count_words(len(latest), 'recommendation')} measured{when}, "
            f"{names_list(said)}.")


def recommendations(inputs, params) -> Page:
    """The recommendation-tracking page (needs `inputs.recommendations` and `inputs.answers`).

    >>> from yosanalysis.pages.inputs import Inputs, Params
    >>> recommendations(Inputs(), Params(service="Anytown")).headline
    'Tracking needs a recommendations file and a case file audit (inputs.recommendations and inputs.audit); this report has neither.'
    """  # noqa: E501
    from yosanalysis import charts
    from yosanalysis.compare import track_recommendations

    recs, answers = inputs.recommendations, inputs.answers
    if recs is None or answers is None:
        lacking = ("neither" if recs is None and answers is None else
                   "no recommendations file" if recs is None else "no case file audit")
        headline = ("Tracking needs a recommendations file and a case file audit "
                    f"(inputs.recommendations and inputs.audit); this report has {lacking}.")
        parameter = "inputs.recommendations" if recs is None else "inputs.audit"
        return Page(key=KEY, title=TITLE, intro=INTRO, headline=headline,
                    blocks=[Notice(headline, parameter)], synthetic=params.synthetic)
    # progress is measured from the round before the recommendation was made: the inspection
    tracked = track_recommendations(recs, answers, partially=params.partially,
                                    min_cases=params.min_cases, made=inputs.inspection_date())
    tracked = flag(tracked, withheld(inputs, params),
                   lambda r: (RECOMMENDATION, str(r["audit"]), str(r["id"])))
    latest = tracked.groupby("id", sort=False).tail(1)
    words = inputs.question_words()
    threshold = params.suppress_below
    blocks: list[Block] = []
    for rec in recs.to_dict("records"):  # one section per recommendation: a handful
        blocks += [Heading(f"Recommendation {rec['id']}"), Quote(str(rec["recommendation"])),
                   Paragraph(measured_by(rec["questions"], words))]
        mine = latest[latest["id"] == rec["id"]]
        if mine.empty:
            blocks.append(Paragraph(f"Recommendation {rec['id']} was not measured in any audit "
                                    "round."))
            continue
        chart = charts.recommendation_progress(tracked, recommendation=rec["id"],
                                               scheme=params.scheme, synthetic=params.synthetic,
                                               threshold=threshold)
        blocks += [Figure.of(chart, f"progress-{rec['id']}", threshold=threshold, png=params.png),
                   Paragraph(status_sentence(mine.iloc[0].to_dict(), threshold))]
    return Page(key=KEY, title=TITLE, intro=INTRO, headline=_headline(latest, threshold),
                blocks=blocks, synthetic=params.synthetic)
