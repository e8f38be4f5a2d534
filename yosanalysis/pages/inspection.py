"""Page 1, the inspection overview: the scores (or ratings) the inspectors gave the service, read
against HMIP's descriptors, and what they said the service does well and should improve."""

from __future__ import annotations

import pandas as pd

from yosanalysis.pages.blocks import (
    Block,
    Bullets,
    Figure,
    Heading,
    Notice,
    Page,
    Paragraph,
    Quote,
    Table,
)
from yosanalysis.pages.catalogue import TITLES
from yosanalysis.pages.withheld import (
    INSPECTION_OVERALL,
    INSPECTION_THEME,
    ITEM,
    flag,
    withheld,
)
from yosanalysis.privacy.suppress import SUPPRESSED_WORD as SUPPRESSED
from yosanalysis.privacy.suppress import suppressed_flags

__all__ = ["overview", "summary_table", "withhold_summary"]

KEY = "01_inspection_overview"
TITLE = TITLES[KEY]
INTRO = ("The scores the inspectors gave the service, read against HM Inspectorate of "
         "Probation's descriptors, and what they found the service does well and should "
         "improve.")


def summary_table(summary: pd.DataFrame, scheme: str) -> pd.DataFrame:
    """`inspection_summary` as a reader's table: named columns and stars as text; for a rated
    framework (standards with a rating and no percentage) the standard and its rating only.

    >>> s = pd.DataFrame({"theme": ["Planning", "Overall"], "score": [90.0, 90.0],
    ...     "min": [85.0, 85.0], "max": [95.0, 95.0], "items": [2, 2], "band": ["Good", "Good"],
    ...     "stars": [4, 4]})
    >>> summary_table(s, "hmip-2013")["Stars"].tolist()
    ['★★★★', '★★★★']
    """
    from yosanalysis.format import stars
    from yosanalysis.schemes import get_scheme

    hidden = suppressed_flags(summary)
    if get_scheme(scheme).rates_standards:  # HMIP from 2018: ratings, no stars
        return pd.DataFrame({"Standard": summary["theme"],
                             "Rating": summary["band"].astype(object).mask(hidden, SUPPRESSED)})
    spread = hidden | (summary["items_withheld"].fillna(False).astype(bool)
                       if "items_withheld" in summary else False)
    return pd.DataFrame({
        "Theme": summary["theme"],
        "Score (%)": summary["score"].round(1).astype(object).mask(hidden, SUPPRESSED),
        "Lowest item (%)": summary["min"].round(1).astype(object).mask(spread, SUPPRESSED),
        "Highest item (%)": summary["max"].round(1).astype(object).mask(spread, SUPPRESSED),
        "Items": summary["items"],
        "Band": summary["band"].astype(object).mask(hidden, SUPPRESSED),
        "Stars": summary["stars"].map(stars).astype(object).mask(hidden, SUPPRESSED),
    })


def withhold_summary(summary: pd.DataFrame, hidden: frozenset) -> pd.DataFrame:
    """`inspection_summary` with what the pack withholds (`pages.withheld`) marked: a theme (or
    the overall score) withheld is flagged `suppressed`; a theme with a withheld item has its
    lowest and highest item blanked and `items_withheld` set (they could be that item), and so
    has the overall row when any item is withheld.

    >>> s = pd.DataFrame({"theme": ["Planning", "Overall"], "score": [90.0, 90.0],
    ...     "min": [85.0, 85.0], "max": [95.0, 95.0]})
    >>> out = withhold_summary(s, frozenset({("item", "Planning", "Review")}))
    >>> out[["suppressed", "items_withheld"]].values.tolist(), out["min"].tolist()
    ([[False, True], [False, True]], [nan, nan])
    """
    from yosanalysis.scoring import is_overall

    overall = is_overall(summary["theme"])
    summary = flag(summary.assign(_overall=overall), hidden,
                   lambda r: INSPECTION_OVERALL if r["_overall"] else
                   (INSPECTION_THEME, str(r["theme"]))).drop(columns="_overall")
    themes = {member[1] for member in hidden if member[0] == ITEM}
    spread = summary["theme"].astype(str).isin(themes) | (overall & bool(themes))
    return summary.assign(min=summary["min"].mask(spread), max=summary["max"].mask(spread),
                          items_withheld=spread.to_numpy(dtype=bool))


def _scores(inputs, params) -> tuple[str, list[Block]]:
    from yosanalysis import charts, narrative
    from yosanalysis.schemes import get_scheme
    from yosanalysis.scoring import inspection_summary

    if inputs.inspection is None or inputs.inspection.empty:
        text = ("No inspection scores were given in this report's parameters "
                "(inputs.inspection), so there are no scores to show.")
        return text, [Notice(text, "inputs.inspection")]
    summary = withhold_summary(
        inspection_summary(inputs.inspection, service=params.service,
                           inspection=params.inspection or None, scheme=params.scheme),
        withheld(inputs, params))
    blocks: list[Block] = [Heading("Scores")]
    caption = f"Scores by theme: {params.service}"
    if get_scheme(params.scheme).rates_standards:  # 2018 and 2025: rated standards
        headline = narrative.ratings_headline(summary, params.service)
        caption = f"Ratings by standard: {params.service}"
    else:
        headline = narrative.headline(summary, params.service, params.suppress_below)
        blocks.append(Bullets(tuple(narrative.theme_lines(summary, params.scheme))))
        chart = charts.theme_scores(summary, scheme=params.scheme, synthetic=params.synthetic,
                                    threshold=params.suppress_below)
        blocks.append(Figure.of(chart, "theme-scores", threshold=params.suppress_below,
                                png=params.png))
    blocks.append(Table.of(summary_table(summary, params.scheme), "summary", caption,
                           threshold=params.suppress_below))
    descriptors = charts.descriptor_table(params.scheme)
    blocks += [Heading("How HMIP's descriptors read these scores"),
               Paragraph("HMIP's descriptors give the expected range of scores, as a benchmark "
                         "for the service's own."),
               Table.of(descriptors.data, "descriptors",
                        str(descriptors.caption or "Descriptors"), threshold=0)]
    return headline, blocks


def _inspectors(inputs, params) -> list[Block]:
    blocks: list[Block] = [Heading("What the inspectors said")]
    if params.summary_quote:
        blocks.append(Quote(params.summary_quote))
    blocks.append(Heading("Key strengths identified by inspectors", 3))
    if params.key_strengths:
        blocks.append(Bullets(params.key_strengths))
    else:
        blocks.append(Notice("No key strengths were given in this report's parameters "
                             "(key_strengths).", "key_strengths"))
    blocks.append(Heading("The inspectors' recommendations", 3))
    if inputs.recommendations is None:
        blocks.append(Notice("No recommendations file was given in this report's parameters "
                             "(inputs.recommendations).", "inputs.recommendations"))
    else:
        recs = inputs.recommendations
        blocks.append(Bullets(tuple(f"{i}: {text}" for i, text in
                                    zip(recs["id"], recs["recommendation"], strict=True))))
    return blocks


def overview(inputs, params) -> Page:
    """The inspection overview page of `params.service`, from `inputs.inspection` (and the
    recommendations, key strengths and summary quote where given).

    >>> from yosanalysis.pages.inputs import Inputs, Params
    >>> page = overview(Inputs(), Params(service="Anytown"))
    >>> print(page.headline)
    No inspection scores were given in this report's parameters (inputs.inspection), so there are no scores to show.
    """  # noqa: E501
    headline, blocks = _scores(inputs, params)
    return Page(key=KEY, title=TITLE, intro=INTRO, headline=headline,
                blocks=blocks + _inspectors(inputs, params), synthetic=params.synthetic)
