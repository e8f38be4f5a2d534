"""Charts against other services: where this service stands among all services on a theme (or
overall), and, for the 2018 framework, the spread of ratings per standard with this service's
rating marked."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from yosanalysis.charts._base import (
    CATEGORICAL,
    FOCUS,
    GREY_EDGE,
    INK,
    SIZE_CM,
    SUPPRESSED,
    Chart,
    finish,
    house_style,
    need_columns,
    new_axes,
    source_line,
    suppressed_flags,
    text_colour_on,
    wrap,
)
from yosanalysis.format import count_words, ordinal, percent, round_half_up_series
from yosanalysis.privacy import DEFAULT_THRESHOLD
from yosanalysis.schemes import get_scheme
from yosanalysis.text import match_key

__all__ = ["benchmark_position", "ratings_spread"]


def _blank(values: pd.Series) -> pd.Series:
    return values.isna() | values.astype(str).str.strip().eq("")


def service_theme_scores(data: pd.DataFrame, theme: str) -> pd.DataFrame:
    """Each service's score on `theme` (`service, score, suppressed`), from an inspection-shape
    table: the mean of a theme's item scores, or its theme-level score where it has no items;
    `Overall` is the mean of a service's theme scores, or its `Overall` row where it has no
    theme scores (the rules of `inspection_summary`). A missing score (withheld at source, or
    blank) makes its theme, and its service's overall score, `suppressed`."""
    need_columns(data, ["service", "theme", "score"], "benchmark_position")
    table = data.assign(
        score=pd.to_numeric(data["score"], errors="coerce").astype(float),
        _key=data["theme"].map(lambda t: match_key(str(t))),
        _hidden=suppressed_flags(data),
        _item=~_blank(data["item"]) if "item" in data else False,
    )
    # a score withheld at source (`[c]`) or missing is not a zero: its service is shown as
    # suppressed, never dropped (a service without its own score would have no page)
    table = table.assign(_hidden=table["_hidden"] | table["score"].isna())
    per_theme = (
        table.groupby(["service", "_key", "_item"], sort=False)
        .agg(score=("score", "mean"), suppressed=("_hidden", "any"))
        .reset_index()
        .sort_values("_item", ascending=False, kind="stable")  # items first, then theme rows
        .drop_duplicates(["service", "_key"])
    )
    wanted = match_key(theme)
    if wanted == "overall":
        themes = per_theme[per_theme["_key"] != "overall"]
        from_themes = themes.groupby("service", sort=False).agg(
            score=("score", "mean"), suppressed=("suppressed", "any"))
        given = per_theme[per_theme["_key"] == "overall"].set_index("service")[
            ["score", "suppressed"]]
        chosen = from_themes.combine_first(given).reset_index()
    else:
        chosen = per_theme[per_theme["_key"] == wanted][["service", "score", "suppressed"]]
    if chosen.empty:
        known = ", ".join(dict.fromkeys(data["theme"].astype(str)))
        raise ValueError(f"no scores for the theme {theme!r}; themes: {known}")
    return chosen.reset_index(drop=True)


def benchmark_position(
    data: pd.DataFrame,
    *,
    service: str,
    ax: Axes | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    scheme: str = "hmip-2013",
    theme: str = "Overall",
    names: bool | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> Chart:
    """Every service's score on one theme (or overall) as horizontal bars from the highest to
    the lowest, with `service` highlighted in the focus palette's first colour, named in bold
    and its score and rank written beside it; the others are grey, and the median of all
    services is marked. The value axis runs from 0 to 100%.

    `data` is an inspection-shape table of all services (`service, theme, score`, with `item`
    where it holds item scores); `theme` is a theme or `Overall`. `names` shows every service's
    name (default: when there are 25 services or fewer; otherwise only the highlighted one).

    >>> scores = pd.DataFrame({"service": ["A", "B", "C", "D"], "theme": "Overall",
    ...                        "score": [72.0, 91.0, 85.0, 64.0]})
    >>> chart = benchmark_position(scores, service="C")
    >>> chart.title
    'C ranked 2nd of four services on overall score, with 85%'
    """
    get_scheme(scheme)
    scores = service_theme_scores(data, theme)
    target = match_key(service)
    is_this = scores["service"].map(lambda s: match_key(str(s)) == target)
    if not is_this.any():
        known = ", ".join(map(str, scores["service"].head(10)))
        raise ValueError(f"no service {service!r} among the {theme} scores; services include "
                         f"{known}")
    hidden = scores["suppressed"].astype(bool)
    scores = scores.assign(
        score=scores["score"].where(~hidden), this=is_this, suppressed=hidden
    ).sort_values(["suppressed", "score"], ascending=[True, False], kind="stable",
                  na_position="last").reset_index(drop=True)
    hidden = scores["suppressed"]
    this = scores["this"]
    ranked = scores["score"].rank(method="min", ascending=False)
    n_ranked = int(scores["score"].notna().sum())
    mine = scores[this].iloc[0]
    my_rank = ranked[this].iloc[0]
    median = float(scores["score"].median()) if n_ranked else np.nan
    name = str(mine["service"])
    n = len(scores)
    show_names = n <= 25 if names is None else names
    what = "Overall score" if match_key(theme) == "overall" else theme
    my_text = (
        f"{percent(mine['score'])} – {ordinal(int(my_rank))} of {n_ranked}"
        if pd.notna(mine["score"]) else SUPPRESSED
    )
    if title is None:
        title = (
            f"{name} ranked {ordinal(int(my_rank))} of {count_words(n_ranked, 'service')} on "
            f"{'overall score' if what == 'Overall score' else what}, with "
            f"{percent(mine['score'])}" if pd.notna(mine["score"])
            else f"{what} of {count_words(n, 'service')}: {name}'s score is suppressed"
        )
    source_text = source_line(source, f"HMIP inspection scores of {n} services", synthetic)

    with house_style():
        height = max(SIZE_CM[1], 3.0 + 0.42 * n) if show_names else SIZE_CM[1]
        fig, ax = new_axes(ax, height)
        y = np.arange(n)
        drawn = scores["score"].notna()
        ax.barh(y[drawn], scores.loc[drawn, "score"], height=0.72, zorder=2, gid="services",
                color=np.where(this[drawn], FOCUS[0], FOCUS[1]).tolist(),
                edgecolor=np.where(this[drawn], FOCUS[0], GREY_EDGE).tolist(),
                linewidth=0.5)
        for position in y[~drawn.to_numpy()]:
            ax.text(1, position, SUPPRESSED, va="center", ha="left", color=INK,
                    fontsize="small")
        if show_names:
            ax.set_yticks(y, scores["service"].astype(str).map(lambda s: wrap(s, 30)).tolist())
        else:
            ax.set_yticks(y[this.to_numpy()], [wrap(name, 30)])
        for label, is_mine in zip(ax.get_yticklabels(), this[this | show_names], strict=True):
            if is_mine:
                label.set_fontweight("bold")
        ax.set_ylim(n - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:g}%")
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        if n_ranked:
            ax.axvline(median, color=INK, linestyle=(0, (4, 3)), linewidth=1, zorder=3,
                       gid="median")
            ax.annotate(f"Median {percent(median)}", xy=(median, 1),
                        xycoords=("data", "axes fraction"),
                        xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                        fontsize="small", color=INK, annotation_clip=False)
        mine_y = float(y[this.to_numpy()][0])
        ax.annotate(my_text, xy=(mine["score"] if pd.notna(mine["score"]) else 0, mine_y),
                    xytext=(4, 0), textcoords="offset points", ha="left", va="center",
                    fontweight="bold", color=INK, annotation_clip=False, gid="highlight",
                    zorder=5, bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
        finish(ax, title, source_text)

    measure = "overall scores" if what == "Overall score" else f"{what} scores"
    alt = (
        f"Horizontal bar chart of {count_words(n, 'service')}' {measure}, from highest to "
        f"lowest, on a scale of 0 to 100%, with {name} highlighted: {name} "
        + (f"{percent(mine['score'])}, {ordinal(int(my_rank))} of {n_ranked}"
           if pd.notna(mine["score"]) else f"{SUPPRESSED} (fewer than {threshold} cases)")
        + (f"; scores range from {percent(scores['score'].min())} to "
           f"{percent(scores['score'].max())}, "
           f"median {percent(median)}." if n_ranked else ".")
    )
    table = pd.DataFrame({
        "Service": scores["service"].astype(str),
        f"{what} (%)" if what != "Overall score" else "Overall score (%)": round_half_up_series(
            scores["score"]),
        "Rank": ranked.astype("Int64"),
        "Highlighted": np.where(this, "yes", ""),
    })
    if hidden.any():
        table["Note"] = np.where(hidden, f"{SUPPRESSED}: fewer than {threshold} cases", "")
    return Chart(fig, alt=alt, data=table, title=title, source=source_text,
                 kind="benchmark_position")


def _long_ratings(data: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """`ratings_distribution`'s wide table (`theme`, a column per rating, `services`, the
    service's `rating`) as one row per standard and rating (`theme, rating, count,
    service_rating`); a long table is returned as it is."""
    if not isinstance(data, pd.DataFrame) or "count" in data.columns:
        return data
    keys = {match_key(r): r for r in order}
    columns = {c: keys[match_key(str(c))] for c in data.columns if match_key(str(c)) in keys}
    if not columns or "theme" not in data.columns:
        return data
    wide = data.rename(columns=columns).assign(_flag=suppressed_flags(data))
    long = wide.melt(id_vars=["theme", "_flag"], value_vars=list(columns.values()),
                     var_name="rating", value_name="count")
    mine = (dict(zip(wide["theme"], wide["rating"], strict=True))
            if "rating" in data.columns and "rating" not in columns else {})
    return long.assign(service_rating=long["theme"].map(mine), suppressed=long["_flag"]).drop(
        columns="_flag")


def ratings_spread(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    scheme: str = "hmip-2018",
    service: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> Chart:
    """The spread of ratings per standard among all inspected services, as 100% stacked bars
    (Outstanding, Good, Requires improvement, Inadequate from left to right, in the categorical
    palette's first four colours, each segment labelled with the rating's initials and its count
    where it fits, e.g. "RI 12"), with this service's rating outlined in black and written under
    the standard's name.

    `data` is `ratings_distribution`'s table: wide (`theme`, a column per rating, `services`,
    the service's `rating`) or long (`theme, rating, count, service_rating`). `service` names the
    service in the labels (default "This service").

    >>> spread = pd.DataFrame({"theme": ["Assessment"] * 4,
    ...     "rating": ["Outstanding", "Good", "Requires improvement", "Inadequate"],
    ...     "count": [5, 30, 12, 2], "service_rating": "Good"})
    >>> chart = ratings_spread(spread, service="Anytown")
    >>> print(chart.data.to_string(index=False))
      Standard  Outstanding  Good  Requires improvement  Inadequate  Services rated Anytown's rating
    Assessment            5    30                    12           2              49            Good
    """
    sch = get_scheme(scheme)
    if not sch.ratings:
        raise ValueError(f"the {scheme} scheme has no ratings per standard")
    order = [r for r, _ in sorted(sch.ratings.items(), key=lambda kv: -kv[1])]
    data = _long_ratings(data, order)
    need_columns(data, ["theme", "rating", "count"], "ratings_spread")
    if len(order) > len(CATEGORICAL):
        raise ValueError(f"the {scheme} scheme has more ratings than the palette has colours")
    colours = dict(zip(order, CATEGORICAL, strict=False))
    short = {r: "".join(word[0].upper() for word in r.split()) for r in order}
    by_key = {match_key(r): r for r in order}
    ratings = data["rating"].map(lambda r: by_key.get(match_key(str(r))))
    unknown = data.loc[ratings.isna(), "rating"].dropna().unique()
    if len(unknown):
        raise ValueError(f"ratings not in the {scheme} scheme: {', '.join(map(str, unknown))}")
    themes = list(dict.fromkeys(data["theme"].astype(str)))
    hidden_themes = set(data.loc[suppressed_flags(data), "theme"].astype(str))
    counts = (
        data.assign(rating=ratings, count=pd.to_numeric(data["count"], errors="coerce"),
                    theme=data["theme"].astype(str))
        .pivot_table(index="theme", columns="rating", values="count", aggfunc="sum",
                     fill_value=0, observed=False)
        .reindex(index=themes, columns=order, fill_value=0)
        .astype(int)
    )
    counts = counts.astype(float).mask(pd.Series(counts.index.isin(hidden_themes),
                                                 index=counts.index), axis=0)
    totals = counts.sum(axis=1, min_count=1)
    shares = counts.div(totals, axis=0) * 100
    mine = (
        data.assign(theme=data["theme"].astype(str))
        .groupby("theme", sort=False)["service_rating"].first()
        .map(lambda r: np.nan if pd.isna(r) else by_key.get(match_key(str(r)), str(r)))
        .reindex(themes)
        if "service_rating" in data else pd.Series(np.nan, index=themes, dtype=object)
    )
    who = service or "This service"
    n_services = int(totals.max()) if totals.notna().any() else 0
    hidden = pd.Series(counts.index.isin(hidden_themes), index=themes)

    standards = pd.Series([match_key(t) != "overall" for t in themes], index=themes)
    if title is None:
        good_or_better = order[: max(1, len(order) // 2)]
        rated = mine.notna() & ~hidden & standards
        at_least = int(mine[rated].isin(good_or_better).sum())
        title = (
            f"{who} was rated {good_or_better[-1]} or better in {at_least} of "
            f"{int(rated.sum())} standards, against the ratings of {n_services:,} services"
            if rated.any() else f"Ratings of {count_words(n_services, 'service')} by standard"
        )
    source_text = source_line(source, "HMIP youth inspection ratings", synthetic)
    ticks = [
        wrap(t, 30) + (f"\n{who}: {mine[t]}" if pd.notna(mine[t]) and not hidden[t] else "")
        for t in themes
    ]

    with house_style():
        fig, ax = new_axes(ax, max(SIZE_CM[1], 3.2 + 0.95 * len(themes)))
        y = np.arange(len(themes))
        left = np.zeros(len(themes))
        for rating in order:  # one layer per rating (four at most)
            width = shares[rating].fillna(0).to_numpy()
            is_mine = (mine == rating).to_numpy() & ~hidden.to_numpy()
            bars = ax.barh(y, width, left=left, height=0.62, color=colours[rating],
                           edgecolor="white", linewidth=1, label=rating, zorder=2,
                           gid=f"rating-{match_key(rating).replace(' ', '-')}")
            for bar, own in zip(bars, is_mine, strict=True):
                if own:
                    bar.set_edgecolor(INK)
                    bar.set_linewidth(2.2)
                    bar.set_zorder(3)
            ink = text_colour_on(colours[rating])
            for i in np.flatnonzero(width >= 8):  # the rating's letters too: not colour alone
                ax.text(left[i] + width[i] / 2, y[i],
                        f"{short[rating]} {int(counts[rating].iloc[i])}",
                        ha="center", va="center", color=ink, fontsize="small", zorder=4)
            left = left + width
        for position in y[hidden.to_numpy()]:
            ax.text(1, position, SUPPRESSED, va="center", ha="left", color=INK)
        ax.set_yticks(y, ticks)
        ax.set_ylim(len(themes) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:g}%")
        ax.set_xlabel("Share of inspected services")
        ax.grid(axis="x", visible=False)
        ax.grid(axis="y", visible=False)
        handles = [Patch(facecolor=colours[r], edgecolor="white", label=f"{r} ({short[r]})")
                   for r in order]
        handles.append(Patch(facecolor="white", edgecolor=INK, linewidth=2.2,
                             label=f"{who}'s rating"))
        ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.01, 0.5),
                  borderaxespad=0)
        finish(ax, title, source_text)

    described = [
        f"{t}: {SUPPRESSED}" if hidden[t] else
        f"{t}: " + ", ".join(f"{int(counts.loc[t, r])} {r}" for r in order)
        + (f"; {who} {mine[t]}" if pd.notna(mine[t]) else f"; {who} not rated")
        for t in themes
    ]
    alt = (
        f"Stacked bar chart of the ratings of {count_words(n_services, 'inspected service')} "
        f"for {count_words(int(standards.sum()), 'standard')}"
        + (" and overall" if not standards.all() else "")
        + ", as shares of the services rated, "
        f"with {who}'s rating outlined: " + ". ".join(described) + "."
    )
    table = counts.astype("Int64").reset_index().rename(columns={"theme": "Standard"})
    table.columns.name = None
    table = table.assign(**{"Services rated": totals.astype("Int64").to_numpy(),
                            f"{who}'s rating": mine.fillna("").to_numpy()})
    return Chart(fig, alt=alt, data=table, title=title, source=source_text,
                 kind="ratings_spread")
