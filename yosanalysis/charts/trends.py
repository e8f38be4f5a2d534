"""Charts across time: a theme or question across audit rounds, two inspections or rounds side
by side (a dumbbell), and a recommendation's progress against its target.

Only the changes that the comparison layer found real (`verdict` "improved" or "declined") are
marked as changes; every other difference is drawn without comment, and the alt text says that
the comparison found no clear evidence of change (or had too few cases to say).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from yosanalysis.charts._base import (
    CATEGORICAL,
    FOCUS,
    GREY_EDGE,
    INK,
    REAL_CHANGES,
    SIZE_CM,
    SUPPRESSED,
    WHITE,
    Chart,
    finish,
    house_style,
    margin_labels,
    need_columns,
    new_axes,
    pick_one,
    small_counts,
    source_line,
    suppressed_flags,
    suppressed_reasons,
    wrap,
)
from yosanalysis.format import count_words, names_list, percent, round_half_up_series
from yosanalysis.privacy import DEFAULT_THRESHOLD
from yosanalysis.schemes import get_scheme
from yosanalysis.verdicts import Verdict

__all__ = ["dumbbell", "recommendation_progress", "rounds_trend"]

#: The two ends of a dumbbell: the duo palette (earlier in orange, later in dark blue), with
#: different marker shapes so that colour is not the only cue.
BEFORE_COLOUR, AFTER_COLOUR = CATEGORICAL[3], CATEGORICAL[0]


def _key_column(data: pd.DataFrame, chart: str) -> str:
    for column in ("question", "theme"):
        if column in data.columns:
            return column
    raise ValueError(f"{chart} needs a 'theme' or 'question' column; the table has "
                     + ", ".join(map(str, data.columns)))


def _round_order(rounds: pd.Series) -> list:
    from yosanalysis.scoring import sort_rounds

    return sort_rounds(rounds)


def _round_tick(label: object) -> str:
    return str(label).replace(" ", "\n", 1)


def _verdict_phrase(verdict: object) -> str:
    text = "" if verdict is None or pd.isna(verdict) else str(verdict)
    return REAL_CHANGES.get(text, text)


def _percent_axis(ax: Axes, axis: str = "y") -> None:
    if axis == "y":
        ax.set_ylim(0, 100)
        ax.set_yticks([0, 20, 40, 60, 80, 100])
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:g}%")
    else:
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:g}%")


def _count_column(rows: pd.DataFrame) -> str | None:
    """The count a series shows as `n`: `n` where the table has it (tables made before issue
    13), else `answers` beside `cases` (track_recommendations), else `cases` (compare_rounds)."""
    if "n" in rows:
        return "n"
    if "answers" in rows and "cases" in rows and "id" in rows:
        return "answers"
    return "cases" if "cases" in rows else None


def _series(
    data: pd.DataFrame, column: str, wanted: str | None, what: str, chart: str, threshold: int
) -> tuple[pd.DataFrame, str]:
    need_columns(data, [column, "audit", "pct"], chart)
    rows, chosen = pick_one(data, column, wanted, what)
    rows = rows.assign(audit=rows["audit"].astype(str))
    order = {r: i for i, r in enumerate(_round_order(rows["audit"]))}
    rows = rows.assign(_order=rows["audit"].map(order)).sort_values("_order", kind="stable")
    # children are counted by `cases` where the table has it (pooled answers in `n` may count a
    # child twice), else by `n`
    hidden = small_counts(rows, threshold, "cases" if "cases" in rows else "n")
    rows = rows.assign(
        pct=pd.to_numeric(rows["pct"], errors="coerce").astype(float).where(~hidden),
        low=(pd.to_numeric(rows["low"], errors="coerce") if "low" in rows else np.nan),
        high=(pd.to_numeric(rows["high"], errors="coerce") if "high" in rows else np.nan),
        n=(pd.to_numeric(rows[_count_column(rows)], errors="coerce") if _count_column(rows)
           else np.nan),
        cases=(pd.to_numeric(rows["cases"], errors="coerce") if "cases" in rows else np.nan),
        suppressed=hidden,
    ).reset_index(drop=True)
    shown = ~rows["suppressed"]
    rows = rows.assign(low=rows["low"].where(shown), high=rows["high"].where(shown),
                       n=rows["n"].where(shown), cases=rows["cases"].where(shown))
    return rows, chosen


def _draw_points(
    ax: Axes, rows: pd.DataFrame, colour: str, filled: pd.Series | None = None
) -> None:
    x = np.arange(len(rows))
    drawn = rows["pct"].notna().to_numpy()
    # the line breaks at a suppressed round rather than bridging it
    ax.plot(x, rows["pct"].to_numpy(dtype=float), color=colour, linewidth=1.5, zorder=2,
            gid="trend")
    whiskers = drawn & rows["low"].notna().to_numpy() & rows["high"].notna().to_numpy()
    if whiskers.any():
        sel = rows[whiskers]
        ax.errorbar(x[whiskers], sel["pct"], yerr=[sel["pct"] - sel["low"],
                                                   sel["high"] - sel["pct"]],
                    fmt="none", ecolor=colour, elinewidth=1, capsize=3, zorder=2)
    fill = (
        np.full(len(rows), True) if filled is None else filled.to_numpy(dtype=bool)
    )
    for hollow in (False, True):
        chosen = drawn & (fill != hollow)
        if chosen.any():
            ax.plot(x[chosen], rows.loc[chosen, "pct"], linestyle="none", marker="o",
                    markersize=6, markeredgewidth=1.5, color=colour,
                    markerfacecolor=WHITE if hollow else colour, zorder=3)
    for position in x[~drawn]:
        ax.text(position, 50, SUPPRESSED, rotation=90, ha="center", va="center", color=INK,
                bbox={"facecolor": WHITE, "edgecolor": "none", "pad": 1})


def rounds_trend(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    scheme: str = "hmip-2013",
    name: str | None = None,
    against: str = "previous",
    labels: Mapping[str, str] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> Chart:
    """One theme or question across audit rounds: its percentage per round with 95% (Wilson)
    interval whiskers, the round, value and number of cases under each point, and a mark
    ("▲ improved" / "▼ declined") only where the comparison found a real change.

    `data` is `compare_rounds`' table (`theme` or `question`, `audit, pct, n, low, high,
    verdict, year_verdict`, …) or `audit_scores`' (no verdicts: then no change is marked).
    `name` chooses the theme or question (needed when the table holds several); `against` is
    `"previous"` (the change from the round before, `verdict`) or `"year"` (from the same round a
    year earlier, `year_verdict`). `labels` maps question ids to the words shown. Rounds are put
    in their natural order. Rows flagged `suppressed` are drawn as "suppressed".

    >>> rounds = pd.DataFrame({"question": "Q7", "audit": ["2013 Q1", "2013 Q2", "2013 Q3"],
    ...     "pct": [60.0, 62.0, 90.0], "n": [20, 25, 30], "low": [39.0, 43.0, 74.0],
    ...     "high": [78.0, 78.0, 97.0],
    ...     "verdict": [None, "no clear evidence of change", "improved"]})
    >>> chart = rounds_trend(rounds)
    >>> chart.title
    'Q7: 60% in 2013 Q1 and 90% in 2013 Q3; a real change: improved in 2013 Q3'
    """
    get_scheme(scheme)
    if against not in ("previous", "year"):
        raise ValueError(f"against must be 'previous' or 'year', not {against!r}")
    key = _key_column(data, "rounds_trend")
    rows, chosen = _series(data, key, name, key, "rounds_trend", threshold)
    shown_name = (labels or {}).get(chosen, str(chosen))
    if rows["cases"].notna().any():  # children, not answers pooled over questions
        rows = rows.assign(n=rows["cases"])
    verdict_col = "verdict" if against == "previous" else "year_verdict"
    verdicts = (
        rows[verdict_col].astype(object).where(~rows["suppressed"])
        if verdict_col in rows else pd.Series(np.nan, index=rows.index, dtype=object)
    )
    real = verdicts.isin(list(REAL_CHANGES))
    drawn = rows["pct"].notna()
    first = rows[drawn].head(1)
    last = rows[drawn].tail(1)
    since = "the round before" if against == "previous" else "a year earlier"

    if title is None:
        span = (
            f"{percent(first['pct'].iloc[0])} in {first['audit'].iloc[0]} and "
            f"{percent(last['pct'].iloc[0])} in {last['audit'].iloc[0]}"
            if len(first) and len(rows[drawn]) > 1
            else (f"{percent(first['pct'].iloc[0])} in {first['audit'].iloc[0]}" if len(first)
                  else "every round suppressed")
        )
        changes = [f"{verdicts[i]} in {rows['audit'][i]}" for i in rows.index[real]]
        if changes:
            head = "a real change" if len(changes) == 1 else "real changes"
            tail = f"{head}: {names_list(changes)}" + (
                " (against a year earlier)" if against == "year" else "")
        elif verdict_col in rows:
            tail = ("no change from one round to the next beyond chance" if against == "previous"
                    else "no change from a year earlier beyond chance")
        else:
            tail = ""
        title = f"{chosen}: {span}" + (f"; {tail}" if tail else "")
    source_text = source_line(source, "case file audit", synthetic)
    n_text = ("n = " + rows["n"].astype("Int64").astype(str)).where(rows["n"].notna(), "")
    ticks = (
        rows["audit"].map(_round_tick) + "\n" + rows["pct"].map(percent).where(drawn, "–")
        + "\n" + n_text
    )

    with house_style():
        fig, ax = new_axes(ax)
        _draw_points(ax, rows, FOCUS[0])
        x = np.arange(len(rows))
        for position in x[real.to_numpy()]:
            top, low = rows["high"].iloc[position], rows["low"].iloc[position]
            value = rows["pct"].iloc[position]
            up = (top if pd.notna(top) else value) + 3
            below = (low if pd.notna(low) else value) - 3
            above = up <= 92
            ax.text(position, up if above else below, _verdict_phrase(verdicts.iloc[position]),
                    ha="center", va="bottom" if above else "top", color=INK,
                    fontsize="small", fontweight="bold", gid="change")
        ax.set_xticks(x, ticks.tolist())
        ax.set_xlim(-0.5, len(rows) - 0.5)
        ax.tick_params(axis="x", length=0)
        _percent_axis(ax)
        finish(ax, title, source_text,
               subtitle=shown_name if shown_name != str(chosen) else None)

    described = (
        rows["audit"].astype(str) + " " + rows["pct"].map(percent)
        + (" of " + rows["n"].astype("Int64").astype(str) + " cases").where(rows["n"].notna(), "")
        + (" (95% interval " + rows["low"].map(percent) + " to " + rows["high"].map(percent) + ")")
        .where(rows["low"].notna() & rows["high"].notna(), "")
        + (", " + verdicts.astype(str) + " since " + since).where(real, "")
    ).where(drawn, rows["audit"].astype(str) + f" {SUPPRESSED} (fewer than {threshold} cases)")
    alt = (
        f"Line chart of {shown_name} across {count_words(len(rows), 'audit round')}, on a "
        "scale of 0 to 100%, with 95% intervals: " + "; ".join(described) + "."
    )
    if verdict_col in rows:
        compared = verdicts.notna() & ~real & verdicts.ne(Verdict.TOO_FEW)
        if real.any():
            alt += " Only the changes marked were found beyond chance."
        elif compared.any():
            alt += (f" The comparison found no clear evidence of change from {since} in any "
                    "round it could test.")
        if verdicts.eq("too few cases to say").any():
            few = rows.loc[verdicts.eq("too few cases to say"), "audit"].astype(str).tolist()
            alt += f" Too few cases to say in {names_list(few)}."

    table = pd.DataFrame({
        "Round": rows["audit"].astype(str),
        "Score (%)": round_half_up_series(rows["pct"]),
        "Cases": rows["n"].astype("Int64"),
        "Interval low (%)": round_half_up_series(rows["low"]),
        "Interval high (%)": round_half_up_series(rows["high"]),
    })
    if verdict_col in rows:
        table[f"Change from {since}"] = verdicts.fillna("").astype(str)
    table["Note"] = pd.Series("", index=rows.index).where(
        ~rows["suppressed"], f"{SUPPRESSED}: fewer than {threshold} cases")
    if not rows["suppressed"].any():
        table = table.drop(columns="Note")
    table.insert(0, key.capitalize(), shown_name)
    return Chart(fig, alt=alt, data=table, title=title, source=source_text, kind="rounds_trend")


def _dumbbell_rows(
    data: pd.DataFrame, audit: str | None, before_label: str | None, after_label: str | None,
    threshold: int,
) -> tuple[pd.DataFrame, str, str, str, bool]:
    """`label, before, after, before_n, after_n, verdict, indicative, before_hidden,
    after_hidden` from either comparison table; the two labels; the key column; whether the
    values come from audit rounds."""
    if {"before", "after"} <= set(data.columns):
        need_columns(data, ["theme", "before", "after"], "dumbbell")
        flags = suppressed_flags(data)
        frame = pd.DataFrame({
            "label": data["theme"].astype(str),
            "before": pd.to_numeric(data["before"], errors="coerce").astype(float),
            "after": pd.to_numeric(data["after"], errors="coerce").astype(float),
            "before_n": _counts(data, "before"),
            "after_n": _counts(data, "after"),
            "verdict": (data["verdict"].astype(object) if "verdict" in data
                        else pd.Series(None, index=data.index, dtype=object)),
            "indicative": (data["indicative"].fillna(False).astype(bool)
                           if "indicative" in data else False),
            "before_hidden": flags,
            "after_hidden": flags,
        })
        if {"before_n", "before_answers", "before_cases"} & set(data.columns):
            # audit rounds (compare_between) and inspections with their cases
            # (compare_inspections): small counts of children are suppressed, as the table is
            frame["before_hidden"] = flags | (frame["before_n"] < threshold).fillna(False)
            frame["after_hidden"] = flags | (frame["after_n"] < threshold).fillna(False)
        return frame, before_label or "Before", after_label or "After", "theme", False
    key = _key_column(data, "dumbbell")
    need_columns(data, [key, "audit", "pct", "prev_pct"], "dumbbell")
    order = _round_order(data["audit"])
    if audit is None:
        audit = order[-1] if order else None
    rows, audit = pick_one(data, "audit", audit, "audit round")
    previous = rows["prev_audit"].dropna().astype(str).unique() if "prev_audit" in rows else []
    # children (`cases`, compare_rounds) where known, else `n` (tables made before issue 13)
    before_col, after_col = ("prev_cases", "cases") if "cases" in rows else ("prev_n", "n")
    frame = pd.DataFrame({
        "label": rows[key].astype(str),
        "before": pd.to_numeric(rows["prev_pct"], errors="coerce").astype(float),
        "after": pd.to_numeric(rows["pct"], errors="coerce").astype(float),
        "before_n": pd.to_numeric(rows[before_col], errors="coerce") if before_col in rows
        else np.nan,
        "after_n": pd.to_numeric(rows[after_col], errors="coerce") if after_col in rows
        else np.nan,
        "verdict": (rows["verdict"].astype(object) if "verdict" in rows
                    else pd.Series(None, index=rows.index, dtype=object)),
        "indicative": False,
        "before_hidden": small_counts(rows, threshold, before_col),
        "after_hidden": small_counts(rows, threshold, after_col),
    })
    before = before_label or (previous[0] if len(previous) == 1 else "Previous round")
    return frame, before, after_label or str(audit), key, True


def _end_text(values: pd.Series, counts: pd.Series, hidden: pd.Series, when: str,
              threshold: int) -> pd.Series:
    """How the alt text says one end of each dumbbell: "70% in CCI 2010 (20 cases)"."""
    why = SUPPRESSED + f" in {when} (" + suppressed_reasons(counts, threshold) + ")"
    return (
        values.map(percent) + f" in {when}"
        + (" (" + counts.astype("Int64").astype(str) + " cases)").where(counts.notna(), "")
    ).where(~hidden, why)


def _counts(data: pd.DataFrame, side: str) -> Any:
    """The counts behind one side of a comparison: `<side>_cases` (compare_inspections) or
    `<side>_n` (compare_between), else unknown."""
    for column in (f"{side}_cases", f"{side}_n"):
        if column in data:
            return pd.to_numeric(data[column], errors="coerce")
    return np.nan


def dumbbell(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    scheme: str = "hmip-2013",
    audit: str | None = None,
    before_label: str | None = None,
    after_label: str | None = None,
    labels: Mapping[str, str] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> Chart:
    """Two inspections, or two audit rounds, side by side: a row per theme (or question) with
    the earlier score (orange square) joined to the later (dark blue circle), both values written
    beside the row. An arrow and the words "▲ improved" / "▼ declined" mark only the changes the
    comparison found real; comparisons across frameworks are drawn with a dashed join and marked
    "indicative".

    `data` is `compare_inspections`' table (`theme, before, after, change, indicative, verdict`;
    name the two with `before_label` / `after_label`) or `compare_rounds`' (the round `audit`,
    default the last, against `prev_audit`; a value resting on fewer than `threshold` cases is
    drawn as "suppressed"). `labels` maps question ids to the words shown.

    >>> compared = pd.DataFrame({"theme": ["Protecting the public", "Safeguarding"],
    ...     "before": [70.0, 80.0], "after": [91.0, 87.0], "change": [21.0, 7.0],
    ...     "indicative": True, "verdict": ["improved", "no clear evidence of change"]})
    >>> chart = dumbbell(compared, before_label="CCI 2010", after_label="SQS 2013")
    >>> chart.title
    'SQS 2013 against CCI 2010 (indicative): one of two themes improved'
    """
    get_scheme(scheme)
    rows, before_label, after_label, key, from_audit = _dumbbell_rows(
        data, audit, before_label, after_label, threshold)
    if labels:
        rows = rows.assign(label=rows["label"].map(lambda v: labels.get(v, v)))
    rows = rows.reset_index(drop=True)
    b_hidden, a_hidden = rows["before_hidden"], rows["after_hidden"]
    rows = rows.assign(before=rows["before"].where(~b_hidden),
                       after=rows["after"].where(~a_hidden))
    both = rows["before"].notna() & rows["after"].notna()
    verdicts = rows["verdict"]
    real = verdicts.isin(list(REAL_CHANGES)) & both
    indicative = rows["indicative"].astype(bool)
    what = key
    n_rows = len(rows)

    if title is None:
        counts = verdicts[real].value_counts(sort=False)
        found = names_list([f"{count_words(int(k), what).split()[0]} of "
                            f"{count_words(n_rows, what)} {v}" for v, k in counts.items()])
        qualifier = " (indicative)" if indicative.any() else ""
        title = f"{after_label} against {before_label}{qualifier}: " + (
            found if found else f"no clear evidence of change in any {what}"
        )
    source_text = source_line(
        source, "case file audit" if from_audit else "HMIP inspection scores", synthetic)
    margin = (
        rows["before"].map(percent).replace("no data", "no score").where(~b_hidden, SUPPRESSED)
        + " → " + rows["after"].map(percent).replace("no data", "no score").where(~a_hidden,
                                                                                SUPPRESSED)
        + ("  " + verdicts.map(_verdict_phrase)).where(real, "")
        + pd.Series("  (indicative)", index=rows.index).where(indicative, "")
    )

    with house_style():
        fig, ax = new_axes(ax, max(SIZE_CM[1], 3.6 + 0.9 * n_rows))
        y = np.arange(n_rows)
        for i in np.flatnonzero(both.to_numpy()):  # one join per row
            start, end = rows["before"].iloc[i], rows["after"].iloc[i]
            style = (0, (3, 2)) if indicative.iloc[i] else "-"
            if real.iloc[i]:
                ax.annotate("", xy=(end, y[i]), xytext=(start, y[i]),
                            arrowprops={"arrowstyle": "-|>", "color": INK, "linewidth": 1.4,
                                        "linestyle": style, "shrinkA": 5, "shrinkB": 6,
                                        "mutation_scale": 12},
                            zorder=2, gid="real-change")
            else:
                ax.plot([start, end], [y[i], y[i]], color=GREY_EDGE, linewidth=1.4,
                        linestyle=style, zorder=1)
        ax.plot(rows["before"], y, linestyle="none", marker="s", markersize=7,
                color=BEFORE_COLOUR, zorder=3, gid="before")
        ax.plot(rows["after"], y, linestyle="none", marker="o", markersize=8,
                color=AFTER_COLOUR, zorder=4, gid="after")
        for position in y[(b_hidden & a_hidden).to_numpy()]:
            ax.text(2, position, SUPPRESSED, va="center", ha="left", color=INK)
        ax.set_yticks(y, rows["label"].map(lambda t: wrap(t, 30)).tolist())
        ax.set_ylim(n_rows - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        _percent_axis(ax, "x")
        margin_labels(ax, list(zip(y.astype(float), margin, strict=True)), min_gap=0)
        handles = [
            Line2D([], [], linestyle="none", marker="s", markersize=7, color=BEFORE_COLOUR),
            Line2D([], [], linestyle="none", marker="o", markersize=8, color=AFTER_COLOUR),
        ]
        names = [f"{before_label} (square)", f"{after_label} (circle)"]
        if getattr(fig, "_yos_owned", False):
            ax.legend(handles, names, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2,
                      borderaxespad=0.3, handletextpad=0.3)
        else:
            ax.legend(handles, names, loc="best")
        finish(ax, title, source_text)

    described = (
        rows["label"] + " "
        + _end_text(rows["before"], rows["before_n"], b_hidden, before_label, threshold)
        + " and " + _end_text(rows["after"], rows["after_n"], a_hidden, after_label, threshold)
        + (", " + verdicts.astype(str)).where(verdicts.notna() & both, "")
        + pd.Series(" (indicative)", index=rows.index).where(indicative, "")
    )
    alt = (
        f"Dumbbell chart comparing {after_label} with {before_label} for "
        f"{count_words(n_rows, what)}, on a scale of 0 to 100%: " + "; ".join(described) + "."
    )
    if indicative.any():
        alt += (" Comparisons marked indicative set scores from different inspection frameworks"
                " side by side, so they show direction only.")
    testable = verdicts.notna() & verdicts.ne(Verdict.TOO_FEW)
    if not real.any() and testable.any():
        alt += " The comparison found no clear evidence of change."
    if verdicts.eq("too few cases to say").any():
        alt += " For some, there were too few cases to say."

    table = pd.DataFrame({
        what.capitalize(): rows["label"],
        f"{before_label} (%)": round_half_up_series(rows["before"]),
        f"{after_label} (%)": round_half_up_series(rows["after"]),
    })
    if rows["before_n"].notna().any() or rows["after_n"].notna().any():
        table[f"{before_label} cases"] = rows["before_n"].astype("Int64").where(~b_hidden)
        table[f"{after_label} cases"] = rows["after_n"].astype("Int64").where(~a_hidden)
    table["Change"] = verdicts.fillna("").astype(str)
    if indicative.any():
        table["Indicative"] = np.where(indicative, "yes", "no")
    if (b_hidden | a_hidden).any():
        # the row's own smaller side says why: too few cases, or protecting another figure
        smaller = pd.concat([rows["before_n"], rows["after_n"]], axis=1).min(axis=1)
        table["Note"] = np.where(b_hidden | a_hidden, SUPPRESSED + ": "
                                 + suppressed_reasons(smaller, threshold), "")
    return Chart(fig, alt=alt, data=table, title=title, source=source_text, kind="dumbbell")


def recommendation_progress(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    scheme: str = "hmip-2013",
    recommendation: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> Chart:
    """A recommendation's measured percentage per audit round, with 95% interval whiskers,
    against its target (a dashed line, named), and each round's status written under it:
    "met" (filled point), "not met" (hollow point) or "too few cases".

    `data` is `track_recommendations`' table (`id, recommendation, audit, pct, n, low, high,
    target, status, trend`, with `cases` and `trend_since` where known); `recommendation`
    chooses the `id` (needed when it holds several). Where the table counts the children
    behind each round (`cases`, as pooled answers in `n` may count a child twice), a round on
    fewer than `threshold` of them is drawn as "suppressed".

    >>> tracked = pd.DataFrame({"id": "R1", "recommendation": "Reviews should be timely",
    ...     "audit": ["2013 Q4", "2014 Q1"], "pct": [70.0, 92.0], "n": [20, 25],
    ...     "low": [48.0, 75.0], "high": [85.0, 98.0], "target": 90.0,
    ...     "status": ["not met", "met"], "trend": "improving"})
    >>> recommendation_progress(tracked).title
    'R1: 92% in 2014 Q1 against a target of 90% (met)'
    """
    get_scheme(scheme)
    need_columns(data, ["id", "audit", "pct", "target"], "recommendation_progress")
    rows, chosen = _series(
        data, "id", recommendation, "recommendation", "recommendation_progress", threshold
    )
    wording = (str(rows["recommendation"].dropna().iloc[0])
               if "recommendation" in rows and rows["recommendation"].notna().any() else "")
    targets = pd.to_numeric(rows["target"], errors="coerce").dropna().unique()
    if len(targets) != 1:
        raise ValueError(f"recommendation {chosen!r} needs one target; the table has "
                         f"{', '.join(f'{t:g}' for t in targets) or 'none'}")
    target = float(targets[0])
    status = (rows["status"].astype(object) if "status" in rows
              else pd.Series(np.nan, index=rows.index, dtype=object))
    status = status.where(~rows["suppressed"], "too few cases")
    drawn = rows["pct"].notna()
    last = rows[drawn].tail(1)
    trend = (str(rows["trend"].dropna().iloc[-1])
             if "trend" in rows and rows["trend"].notna().any() else "")
    since = (str(rows["trend_since"].dropna().iloc[-1])
             if trend and "trend_since" in rows and rows["trend_since"].notna().any() else "")
    has_cases = rows["cases"].notna().any()

    if title is None:
        if len(last):
            now = status[last.index[0]]
            title = (f"{chosen}: {percent(last['pct'].iloc[0])} in {last['audit'].iloc[0]} against "
                     f"a target of {target:g}%" + (f" ({now})" if pd.notna(now) else ""))
        else:
            title = f"{chosen}: every round suppressed (target {target:g}%)"
    source_text = source_line(source, "case file audit", synthetic)
    words = status.fillna("").astype(str)
    if len(rows) > 6:  # narrow columns: one word a line
        words = words.str.replace(" ", "\n", regex=False)
    ticks = (rows["audit"].map(_round_tick) + "\n" + rows["pct"].map(percent).where(drawn, "–")
             + "\n" + words)

    with house_style():
        fig, ax = new_axes(ax)
        ax.axhline(target, color=GREY_EDGE, linestyle=(0, (4, 3)), linewidth=1.2, zorder=1,
                   gid="target")
        _draw_points(ax, rows, FOCUS[0], filled=status.eq("met"))
        x = np.arange(len(rows))
        ax.set_xticks(x, ticks.tolist())
        ax.set_xlim(-0.5, len(rows) - 0.5)
        ax.tick_params(axis="x", length=0)
        _percent_axis(ax)
        margin_labels(ax, [(target, f"Target {target:g}%")], min_gap=0, fontsize="small")
        finish(ax, title, source_text, subtitle=wording or None)

    described = (
        rows["audit"].astype(str) + " " + rows["pct"].map(percent)
        + (
            (" (" + rows["n"].astype("Int64").astype(str) + " answers from "
             + rows["cases"].astype("Int64").astype(str) + " cases)")
            if has_cases else " of " + rows["n"].astype("Int64").astype(str) + " cases"
        ).where(rows["n"].notna(), "")
        + (" (95% interval " + rows["low"].map(percent) + " to " + rows["high"].map(percent) + ")")
        .where(rows["low"].notna() & rows["high"].notna(), "")
        + (", " + status.astype(str)).where(status.notna(), "")
    ).where(drawn, rows["audit"].astype(str) + f" {SUPPRESSED} (fewer than {threshold} cases)")
    alt = (
        f"Line chart of recommendation {chosen}"
        + (f" ({wording})" if wording else "")
        + f" measured in {count_words(len(rows), 'audit round')} against a target of "
        f"{target:g}%, on a scale of 0 to 100%, with 95% intervals: "
        + "; ".join(described) + "."
        + (f" Trend{' since ' + since if since else ''}: {trend}." if trend else "")
    )
    table = pd.DataFrame({
        "Recommendation": str(chosen),
        "Round": rows["audit"].astype(str),
        "Measured (%)": round_half_up_series(rows["pct"]),
        **({"Answers": rows["n"].astype("Int64"), "Cases": rows["cases"].astype("Int64")}
           if has_cases else {"Cases": rows["n"].astype("Int64")}),
        "Interval low (%)": round_half_up_series(rows["low"]),
        "Interval high (%)": round_half_up_series(rows["high"]),
        "Target (%)": target,
        "Status": status.fillna("").astype(str),
    })
    return Chart(fig, alt=alt, data=table, title=title, source=source_text,
                 kind="recommendation_progress")
