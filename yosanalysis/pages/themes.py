"""Page 2, the theme breakdown: within each theme, which inspection items and which case file
audit questions scored lowest (questions by their words, ties named, nothing resting on fewer
than `suppress_below` cases named or shown)."""

from __future__ import annotations

import pandas as pd

from yosanalysis.pages.blocks import Block, Figure, Heading, Notice, Page, Paragraph
from yosanalysis.pages.catalogue import TITLES
from yosanalysis.pages.inputs import latest_round
from yosanalysis.pages.withheld import ITEM, QUESTION, flag, withheld

__all__ = ["latest_round", "theme_breakdown"]

KEY = "02_theme_breakdown"
TITLE = TITLES[KEY]
INTRO = ("Within each theme, which inspection items and which case file audit questions scored "
         "lowest. Audit scores show how many cases stand behind each figure and the range (95% "
         "interval) the true figure probably lies in.")


def _items(inputs, hidden: frozenset) -> pd.DataFrame:
    rows = inputs.inspection
    if rows is None or "item" not in rows:
        return pd.DataFrame(columns=["theme", "item", "score"])
    rows = rows[rows["item"].notna() & rows["item"].astype(str).str.strip().ne("")]
    return flag(rows, hidden, lambda r: (ITEM, str(r["theme"]), str(r["item"]).strip()))


def _questions(inputs, params, hidden: frozenset) -> tuple[pd.DataFrame, str]:
    from yosanalysis.scoring import audit_scores

    answers = inputs.answers
    if answers is None or answers.empty:
        return pd.DataFrame(columns=["theme", "question", "n", "pct"]), ""
    latest = latest_round(answers, params.rounds)
    scores = audit_scores(answers[answers["audit"].astype(str) == latest],
                          by=("theme", "question"), partially=params.partially)
    words = inputs.question_words()
    scores = flag(scores, hidden, lambda r: (QUESTION, latest, str(r["question"])))
    return scores.assign(label=scores["question"].map(lambda q: words.get(str(q), q))), latest


def _headline(items: pd.DataFrame, questions: pd.DataFrame, latest: str, params,
              worded: bool) -> str:
    from yosanalysis import narrative

    threshold = params.suppress_below
    if len(items):
        return narrative.lowest_sentence(items, "item", what="inspection item",
                                         count="cases" if "cases" in items else None,
                                         threshold=threshold)
    if questions.empty:
        return ("There are no inspection item scores or audit answers to break down "
                "(inputs.inspection, inputs.audit).")
    return narrative.lowest_sentence(questions, "label", "pct", what="audit question",
                                     where=f" in {latest}", count="n", threshold=threshold,
                                     quote=worded)


def theme_breakdown(inputs, params) -> Page:
    """The theme breakdown page: per theme, its inspection items and its audit questions in the
    later of the two rounds compared.

    >>> from yosanalysis.pages.inputs import Inputs, Params
    >>> theme_breakdown(Inputs(), Params(service="Anytown")).headline
    'There are no inspection item scores or audit answers to break down (inputs.inspection, inputs.audit).'
    """  # noqa: E501
    from yosanalysis import charts, narrative

    hidden = withheld(inputs, params)
    items = _items(inputs, hidden)
    questions, latest = _questions(inputs, params, hidden)
    words = inputs.question_words()
    blocks: list[Block] = []
    if inputs.answers is None:
        blocks.append(Notice("No case file audit was given in this report's parameters "
                             "(inputs.audit), so only inspection items are broken down.",
                             "inputs.audit"))
    if inputs.inspection is None:
        blocks.append(Notice("No inspection scores were given in this report's parameters "
                             "(inputs.inspection), so only audit questions are broken down.",
                             "inputs.inspection"))
    threshold = params.suppress_below
    common = {"scheme": params.scheme, "synthetic": params.synthetic, "threshold": threshold}
    themes = list(dict.fromkeys([*items["theme"].astype(str), *questions["theme"].astype(str)]))
    for theme in themes:
        blocks.append(Heading(theme))
        theme_items = items[items["theme"].astype(str) == theme]
        if len(theme_items):
            blocks.append(Paragraph(narrative.lowest_sentence(
                theme_items, "item", what="inspection item",
                count="cases" if "cases" in theme_items else None, threshold=threshold)))
            chart = charts.theme_breakdown(theme_items, theme=theme, **common)
            blocks.append(Figure.of(chart, f"items-{theme}", threshold=threshold, png=params.png))
        theme_questions = questions[questions["theme"].astype(str) == theme]
        if len(theme_questions):
            chart = charts.theme_breakdown(theme_questions, theme=theme, audit=latest,
                                           labels=words, **common)
            blocks.append(Figure.of(chart, f"questions-{theme}", threshold=threshold,
                                    png=params.png))
    headline = _headline(items, questions, latest, params, worded=bool(words))
    return Page(key=KEY, title=TITLE, intro=INTRO, headline=headline, blocks=blocks,
                synthetic=params.synthetic)
