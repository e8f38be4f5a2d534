"""Page 4, comparison with other services: where the service stands among the services inspected
under the same framework."""

from __future__ import annotations

import pandas as pd

from yosanalysis.pages.blocks import Block, Bullets, Figure, Heading, Notice, Page
from yosanalysis.pages.catalogue import TITLES
from yosanalysis.pages.withheld import INSPECTION_OVERALL, INSPECTION_THEME, withheld

__all__ = ["comparison", "others", "withheld_rows"]

KEY = "04_benchmark"
TITLE = TITLES[KEY]
INTRO = "Where the service stands among the other services inspected under the same framework."


def others(inputs, params) -> pd.DataFrame | None:
    """Every service's scores to compare with: for a rated framework the published ratings
    (`inputs.ratings`, else `inputs.benchmark`), otherwise `inputs.benchmark`; None when the
    report gives neither or the service is not among them."""
    from yosanalysis.schemes import get_scheme

    rated = get_scheme(params.scheme).measure == "points"
    table = (inputs.ratings if inputs.ratings is not None else inputs.benchmark) if rated \
        else inputs.benchmark
    if table is None or params.service not in set(table["service"].dropna().astype(str)):
        return None
    return table


def withheld_rows(table: pd.DataFrame, inputs, params) -> pd.Series:
    """The rows of every service's scores a reader must not see (True): a score on fewer than
    `params.suppress_below` cases (the table's `cases`), and the service's own themes (and
    overall score) the pack withholds from its inspection overview (`pages.withheld`), which
    the same scores here would show again.

    >>> from yosanalysis.pages.inputs import Inputs, Params
    >>> t = pd.DataFrame({"service": ["A", "B"], "theme": "Reviews", "score": [80.0, 17.0],
    ...                   "cases": [20, 3]})
    >>> withheld_rows(t, Inputs(), Params(service="A")).tolist()
    [False, True]
    """
    from yosanalysis.scoring import is_overall
    from yosanalysis.text import match_key

    hidden = pd.Series(False, index=table.index)
    if "cases" in table:
        hidden |= (pd.to_numeric(table["cases"], errors="coerce")
                   < params.suppress_below).fillna(False).astype(bool)
    held = withheld(inputs, params)
    themes = {match_key(m[1]) for m in held if m[0] == INSPECTION_THEME}
    mine = table["service"].map(lambda s: match_key(str(s))) == match_key(params.service)
    own = table["theme"].map(lambda t: match_key(str(t))).isin(themes)
    if INSPECTION_OVERALL in held:
        own |= is_overall(table["theme"])
    return hidden | (mine & own)


def comparison(inputs, params) -> Page:
    """The comparison page: the service's overall place, then theme by theme (charts of every
    service's scores, or of the spread of ratings for a rated framework).

    >>> from yosanalysis.pages.inputs import Inputs, Params
    >>> comparison(Inputs(), Params(service="Anytown")).headline
    "No other services' scores were given in this report's parameters (inputs.benchmark, or inputs.ratings for a rated framework)."
    """  # noqa: E501
    from yosanalysis import charts, narrative
    from yosanalysis.compare import benchmark, ratings_distribution
    from yosanalysis.schemes import get_scheme
    from yosanalysis.scoring import is_overall

    table = others(inputs, params)
    threshold = params.suppress_below
    if table is None:
        headline = ("No other services' scores were given in this report's parameters "
                    "(inputs.benchmark, or inputs.ratings for a rated framework).")
        if inputs.benchmark is not None or inputs.ratings is not None:
            headline = (f"{params.service} is not among the services in the scores given for "
                        "comparison (inputs.benchmark, inputs.ratings).")
        return Page(key=KEY, title=TITLE, intro=INTRO, headline=headline,
                    blocks=[Notice(headline, "inputs.benchmark")], synthetic=params.synthetic)
    from yosanalysis.text import match_key

    # withheld scores are flagged for the charts (a service's overall with any of its themes)
    # and left out of the other services' places; the service's own withheld themes are said
    # to be withheld
    hidden = withheld_rows(table, inputs, params)
    mine = table["service"].map(lambda s: match_key(str(s))) == match_key(params.service)
    position = benchmark(table.assign(score=table["score"].where(~(hidden & ~mine))),
                         params.service, scheme=params.scheme)
    own = {match_key(str(t)) for t in table.loc[hidden & mine, "theme"]}
    table = table.assign(suppressed=hidden)
    overall = position[is_overall(position["theme"])]

    def sentence(row: dict) -> str:
        if match_key(str(row["theme"])) in own:
            return narrative.withheld_sentence(str(row["theme"]), str(params.inspection or
                                                                  "this inspection"), threshold)
        return narrative.benchmark_sentence(row)

    headline = sentence(overall.iloc[0].to_dict()) if len(overall) else (
        f"{params.service} has no overall score to compare with the other services.")
    blocks: list[Block] = []
    if get_scheme(params.scheme).measure == "points":
        spread = ratings_distribution(table, params.service)
        chart = charts.ratings_spread(spread, service=params.service,
                                      synthetic=params.synthetic, threshold=threshold)
        blocks.append(Figure.of(chart, "ratings-spread", threshold=threshold, png=params.png))
    else:
        for theme in position["theme"]:
            chart = charts.benchmark_position(table, service=params.service, theme=theme,
                                              scheme=params.scheme, synthetic=params.synthetic,
                                              threshold=threshold)
            blocks.append(Figure.of(chart, f"benchmark-{theme}", threshold=threshold,
                                    png=params.png))
    blocks += [Heading("Rank among services, theme by theme"),
               Bullets(tuple(sentence(row) for row in position.to_dict("records")))]
    return Page(key=KEY, title=TITLE, intro=INTRO, headline=headline, blocks=blocks,
                synthetic=params.synthetic)
