"""Page 4, comparison with other services: where the service stands among the services inspected
under the same framework."""

from __future__ import annotations

import pandas as pd

from yosanalysis.pages.blocks import Block, Bullets, Figure, Heading, Notice, Page
from yosanalysis.pages.catalogue import TITLES

__all__ = ["comparison", "others"]

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
    position = benchmark(table, params.service, scheme=params.scheme)
    overall = position[is_overall(position["theme"])]
    headline = narrative.benchmark_sentence(overall.iloc[0]) if len(overall) else (
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
               Bullets(tuple(narrative.benchmark_sentence(row)
                             for row in position.to_dict("records")))]
    return Page(key=KEY, title=TITLE, intro=INTRO, headline=headline, blocks=blocks,
                synthetic=params.synthetic)
