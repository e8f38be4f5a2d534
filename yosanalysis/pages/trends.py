"""Page 3, year on year: how the case file audit scores moved between the two rounds the report
compares, every round theme by theme, and the change since the last inspection."""

from __future__ import annotations

import pandas as pd

from yosanalysis.pages.blocks import Block, Bullets, Figure, Heading, Notice, Page, Paragraph
from yosanalysis.pages.catalogue import TITLES
from yosanalysis.pages.withheld import (
    AUDIT_THEME,
    INSPECTION_OVERALL,
    INSPECTION_THEME,
    PREVIOUS_OVERALL,
    PREVIOUS_THEME,
    flag,
    withheld,
)

__all__ = ["compared_rounds", "year_on_year"]

KEY = "03_year_on_year"
TITLE = TITLES[KEY]
INTRO = ("How the case file audit scores moved between rounds, and since the last inspection. A "
         "change is called an improvement or a decline only when it is larger than chance alone "
         "would give with this many cases; otherwise the page says so.")


def compared_rounds(answers: pd.DataFrame, rounds: tuple[str, ...]) -> tuple[str, str]:
    """The two rounds compared: the report's `rounds` (earlier, later), else the audit's first
    and last.

    >>> compared_rounds(pd.DataFrame({"audit": ["2014 Q1", "2013 Q1", "2013 Q3"]}), ())
    ('2013 Q1', '2014 Q1')
    """
    from yosanalysis.scoring import sort_rounds

    if len(rounds) >= 2:
        return rounds[0], rounds[-1]
    ordered = sort_rounds(answers["audit"].unique())
    return str(ordered[0]), str(ordered[-1])


def _between(inputs, params, hidden: frozenset) -> tuple[str, list[Block]]:
    from yosanalysis import charts, narrative
    from yosanalysis.compare import compare_between, compare_rounds

    answers = inputs.answers
    before, after = compared_rounds(answers, params.rounds)
    between = compare_between(answers, before, after, by="theme", partially=params.partially,
                              min_cases=params.min_cases)
    trend = compare_rounds(answers, by="theme", partially=params.partially,
                           min_cases=params.min_cases)
    between = flag(between, hidden, lambda r: (AUDIT_THEME, before, str(r["theme"])),
                   lambda r: (AUDIT_THEME, after, str(r["theme"])))
    trend = flag(trend, hidden, lambda r: (AUDIT_THEME, str(r["audit"]), str(r["theme"])))
    threshold = params.suppress_below
    common = {"scheme": params.scheme, "synthetic": params.synthetic, "threshold": threshold}
    blocks: list[Block] = [
        Heading("Between the two audit rounds compared"),
        Paragraph("Each theme's score is the share of its answers that met the standard; the "
                  "counts are children (cases), and the range a change probably lies in allows "
                  "for the answers about one child going together. These two rounds are the one "
                  "comparison this report tests."),
        Figure.of(charts.dumbbell(between, before_label=before, after_label=after,
                                  source="case file audit", **common),
                  "themes-between-rounds", threshold=threshold, png=params.png),
        Bullets(tuple(narrative.row_change_sentence(row, row["theme"], before, after,
                                                    min_cases=params.min_cases,
                                                    threshold=threshold)
                      for row in between.to_dict("records"))),
        Heading("Every audit round, theme by theme"),
        Paragraph("Each theme's rounds as a control chart (NHS England's Making Data Count): "
                  "the limits show how far a score moves by chance alone, and only a point the "
                  "rules pick out is called special cause. Rounds on fewer than "
                  f"{threshold} cases are not shown."),
    ]
    for theme in trend["theme"].unique():
        chart = charts.control_chart(trend, name=theme, synthetic=params.synthetic,
                                     threshold=threshold, source="case file audit")
        blocks.append(Figure.of(chart, f"trend-{theme}", threshold=threshold, png=params.png))
    return narrative.changes_summary(between, before, after), blocks


def _since_inspection(inputs, params, hidden: frozenset) -> list[Block]:
    from yosanalysis import charts, narrative
    from yosanalysis.compare import compare_inspections

    blocks: list[Block] = [Heading("Since the last inspection")]
    earlier, later = inputs.previous_inspection, inputs.inspection
    if earlier is None or later is None or earlier.empty or later.empty:
        missing = "inputs.previous_inspection" if earlier is None or earlier.empty \
            else "inputs.inspection"
        blocks.append(Notice("No earlier inspection to compare with was given in this report's "
                             f"parameters ({missing}).", missing))
        return blocks
    from yosanalysis.scoring import is_overall

    since = compare_inspections(earlier, later)
    # a row shows both inspections: withheld where either side is (the overall by its own name)
    since = flag(since.assign(_overall=is_overall(since["theme"])), hidden,
                 lambda r: INSPECTION_OVERALL if r["_overall"] else
                 (INSPECTION_THEME, str(r["theme"])),
                 lambda r: PREVIOUS_OVERALL if r["_overall"] else
                 (PREVIOUS_THEME, str(r["theme"]))).drop(columns="_overall")
    first, last = str(earlier["inspection"].iloc[0]), str(later["inspection"].iloc[0])
    compared = since.dropna(subset=["before"])
    blocks.append(Paragraph(narrative.changes_summary(compared, first, last)))
    if since["indicative"].any():
        blocks.append(Paragraph("The two inspections used different frameworks, so this "
                                "comparison is indicative only: the questions behind the scores "
                                "differ."))
    chart = charts.dumbbell(compared, before_label=first, after_label=last, scheme=params.scheme,
                            synthetic=params.synthetic, threshold=params.suppress_below)
    blocks.append(Figure.of(chart, "since-last-inspection", threshold=params.suppress_below,
                            png=params.png))
    return blocks


def year_on_year(inputs, params) -> Page:
    """The year-on-year page: the report's two audit rounds compared theme by theme, every
    round's trend, and the change since the previous inspection.

    >>> from yosanalysis.pages.inputs import Inputs, Params
    >>> year_on_year(Inputs(), Params(service="Anytown")).headline
    "No case file audit was given in this report's parameters (inputs.audit)."
    """
    hidden = withheld(inputs, params)  # once for the page's two parts
    if inputs.answers is None or inputs.answers.empty:
        headline = "No case file audit was given in this report's parameters (inputs.audit)."
        blocks: list[Block] = [Notice(headline, "inputs.audit")]
    else:
        headline, blocks = _between(inputs, params, hidden)
    return Page(key=KEY, title=TITLE, intro=INTRO, headline=headline,
                blocks=blocks + _since_inspection(inputs, params, hidden),
                synthetic=params.synthetic)
