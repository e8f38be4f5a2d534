"""A control chart for a series of audit rounds (NHS England's "Making Data Count" XmR chart,
computed by `yosanalysis.spc.xmr`): the points, their mean, the natural process limits, the
target where there is one, special-cause points marked by shape and named, and the variation
and assurance icons drawn as boxed words (a symbol and a phrase), never colour alone.

Rounds resting on fewer than `threshold` cases are left out of the limits and drawn as the word
"suppressed".
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from yosanalysis.charts._base import (
    FOCUS,
    GREY_EDGE,
    INK,
    SUPPRESSED,
    WHITE,
    Chart,
    finish,
    house_style,
    need_columns,
    new_axes,
    source_line,
)
from yosanalysis.charts.trends import _percent_axis, _round_tick, _series
from yosanalysis.format import (
    count_words,
    names_list,
    percent,
    round_half_up,
    round_half_up_series,
)
from yosanalysis.privacy import DEFAULT_THRESHOLD
from yosanalysis.spc import assurance, variation, xmr
from yosanalysis.verdicts import Variation

__all__ = ["control_chart"]

_MARKERS = {Variation.IMPROVING.value: "^", Variation.CONCERNING.value: "v",
            Variation.NEUTRAL.value: "D"}


def _key(data: pd.DataFrame) -> str | None:
    return next((c for c in ("question", "theme", "id") if c in data.columns), None)


def control_chart(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    threshold: int = DEFAULT_THRESHOLD,
    target: float | None = None,
    improvement: str = "up",
    name: str | None = None,
    baseline: int | None = None,
) -> Chart:
    """A control chart of one theme, question or recommendation across audit rounds.

    `data` is `compare_rounds`' table (`theme` or `question`, `audit, pct, cases`, …), or
    `track_recommendations`' (`id`, with its `target`), or any table of `audit, pct` with
    `cases`; `name` chooses the theme, question or recommendation where it holds several.
    `target` (percent; default: the table's `target` where it has one) draws the target and
    the assurance icon; `improvement` is `up` (higher is better), `down` or `neutral`;
    `baseline` fixes the limits from the first so many shown rounds (`yosanalysis.spc.xmr`).
    Units are percentages; rounds on fewer than `threshold` cases are suppressed.

    >>> rounds = pd.DataFrame({"theme": "Reviews", "audit": [f"{y} Q{q}" for y in (2013, 2014)
    ...     for q in (1, 2, 3, 4)], "pct": [70, 72, 69, 71, 70, 73, 71, 90], "cases": 24})
    >>> chart = control_chart(rounds, target=80)
    >>> chart.title
    'Reviews: special cause: improving in 2014 Q4; the target of 80% is consistently failing'
    """
    need_columns(data, ["audit", "pct"], "control_chart")
    key = _key(data)
    table = data if key else data.assign(_series="series")
    rows, chosen = _series(table, key or "_series", name, key or "series", "control_chart",
                           threshold)
    label = str(chosen) if key else "The series"
    if target is None and "target" in rows and rows["target"].notna().any():
        target = float(pd.to_numeric(rows["target"], errors="coerce").dropna().iloc[0])
    shown = rows["pct"].notna()
    points = rows[shown].reset_index(drop=True)
    if len(points) < 2:
        raise ValueError(f"a control chart needs at least two rounds with figures; {label} "
                         f"has {count_words(len(points), 'round')}")
    use = None if baseline is None else min(int(baseline), len(points))
    spc = xmr(points["pct"], baseline=use, improvement=improvement, target=target)
    kind, sure = variation(spc), assurance(spc)
    x_all = np.arange(len(rows))
    x = x_all[shown.to_numpy()]
    special = spc["signal"].to_numpy()
    with house_style():
        fig, ax = new_axes(ax)
        ax.plot(x, spc["value"], color=FOCUS[0], linewidth=1.5, zorder=2, gid="series")
        ax.plot(x[~special], spc["value"][~special], linestyle="none", marker="o",
                markersize=5, color=FOCUS[0], zorder=3)
        for point_kind, marker in _MARKERS.items():  # special causes: a shape each, not colour
            chosen_points = special & spc["variation"].eq(point_kind).to_numpy()
            if chosen_points.any():
                ax.plot(x[chosen_points], spc["value"][chosen_points], linestyle="none",
                        marker=marker, markersize=8, color=INK, markerfacecolor=WHITE,
                        markeredgewidth=1.5, zorder=4, gid="special-cause")
        ax.axhline(spc["mean"].iloc[0], color=GREY_EDGE, linewidth=1, zorder=1, gid="mean")
        for limit in ("lower", "upper"):
            value = spc[limit].iloc[0]
            if 0 <= value <= 100:
                ax.axhline(value, color=GREY_EDGE, linewidth=1, linestyle=(0, (4, 3)),
                           zorder=1, gid=f"{limit}-limit")
        if target is not None:
            ax.axhline(target, color=INK, linewidth=1.2, linestyle=(0, (1, 2)), zorder=1,
                       gid="target")
            ax.text(len(rows) - 0.45, target, f"Target {target:g}%", va="bottom", ha="right",
                    fontsize="small", color=INK)
        for position in x_all[~shown.to_numpy()]:
            ax.text(position, 50, SUPPRESSED, rotation=90, ha="center", va="center", color=INK)
        icons = [f"Variation: {kind.icon_text}"]
        if sure is not None:
            icons.append(f"Assurance: {sure.icon_text}")
        ax.text(0.01, 0.03, "\n".join(icons), transform=ax.transAxes, ha="left", va="bottom",
                fontsize="small", color=INK, gid="icons",
                bbox={"boxstyle": "round,pad=0.4", "facecolor": WHITE, "edgecolor": INK})
        ax.set_xticks(x_all, [_round_tick(r) for r in rows["audit"]])
        ax.set_xlim(-0.5, len(rows) - 0.5)
        _percent_axis(ax)
        signals = points.loc[special, "audit"].astype(str).tolist()
        if title is None:
            what = (f"{kind} in {signals[-1]}" if kind is not Variation.COMMON and signals
                    else "common cause variation only")
            title = f"{label}: {what}"
            if sure is not None:
                title += f"; the target of {target:g}% is {sure}"
        source_text = source_line(source, "case file audit", synthetic)
        finish(ax, title, source_text)

    limits = spc.attrs["limits"]
    # the mean and limits as the reader sees them, the same in the words and the table: whole
    # percentages, limits within a percentage's own bounds of 0 and 100
    mean = round_half_up(float(spc["mean"].iloc[0]))
    lower = round_half_up(min(max(float(spc["lower"].iloc[0]), 0.0), 100.0))
    upper = round_half_up(min(max(float(spc["upper"].iloc[0]), 0.0), 100.0))
    alt = (f"Control chart of {label} across {count_words(len(rows), 'audit round')}, on a "
           f"scale of 0 to 100%: mean {percent(mean)}, process limits "
           f"{percent(lower)} to {percent(upper)}"
           + (" (trial limits: fewer than 12 rounds)" if limits == "trial" else "") + ". ")
    if signals:
        named = [f"{r} ({rule}, {v})" for r, rule, v in zip(
            signals, spc.loc[special, "rule"], spc.loc[special, "variation"], strict=True)]
        alt += f"Special cause variation: {names_list(named)}. "
    else:
        alt += "No special cause variation. "
    alt += f"Variation icon: {kind}."
    if sure is not None:
        alt += f" Assurance icon against the target of {target:g}%: {sure}."
    hidden = rows.loc[~shown, "audit"].astype(str).tolist()
    if hidden:
        alt += (f" {names_list(hidden)} {SUPPRESSED} (fewer than {threshold} cases), left out "
                "of the limits.")
    frame = pd.DataFrame({
        "Round": rows["audit"].astype(str).to_numpy(),
        "Score (%)": round_half_up_series(rows["pct"]).to_numpy(),
        "Cases": rows["cases"].astype("Int64").to_numpy() if rows["cases"].notna().any()
        else pd.array([pd.NA] * len(rows), dtype="Int64"),
    })
    signal_words = pd.Series("", index=rows.index, dtype=object)
    signal_words[shown] = np.where(special, spc["rule"] + " (" + spc["variation"] + ")", "")
    frame["Special cause"] = signal_words.to_numpy()
    frame["Mean (%)"] = mean
    frame["Lower limit (%)"] = lower
    frame["Upper limit (%)"] = upper
    return Chart(fig, alt=alt, data=frame, title=title, source=source_text,
                 kind="control_chart")
