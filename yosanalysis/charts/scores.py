"""Charts of one inspection or audit: the theme scores, and the breakdown within a theme."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from yosanalysis.charts._base import (
    CATEGORICAL,
    FOCUS,
    GREY_EDGE,
    INK,
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
from yosanalysis.format import (
    count_words,
    names_list,
    percent,
    round_half_up_series,
    stars,
    stars_spoken,
)
from yosanalysis.privacy import DEFAULT_THRESHOLD
from yosanalysis.schemes import Scheme, get_scheme
from yosanalysis.scoring import is_overall

__all__ = ["theme_breakdown", "theme_scores"]

#: The colour marking the overall average: the categorical palette's orange (3.0:1 on white,
#: 3.4:1 on the dark blue bars it crosses), dashed so that colour is not its only cue.
OVERALL_COLOUR = CATEGORICAL[3]


def _cut_offs(sch: Scheme) -> list[tuple[float, str]]:
    """(value, band label) of every cut-off of a percentage scheme, lowest first."""
    if sch.measure != "percent":
        raise ValueError(
            f"the {sch.name} scheme bands {sch.measure}, not percentages: theme charts draw "
            "percentage scores (use ratings_spread for hmip-2018 ratings)"
        )
    return sorted((float(b.min), b.label) for b in sch.bands if b.min > sch.range[0])


def _all_word(n: int) -> str:
    return "both" if n == 2 else ("the one" if n == 1 else "all " + count_words(n, "x")[:-3])


def _note(hidden: pd.Series, threshold: int, other: pd.Series | None = None,
          counts: pd.Series | None = None) -> pd.Series:
    text = pd.Series("", index=hidden.index) if other is None else other
    if counts is None:
        counts = pd.Series(np.nan, index=hidden.index)
    return text.where(~hidden, f"{SUPPRESSED}: " + suppressed_reasons(counts, threshold))


def theme_scores(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    scheme: str = "hmip-2013",
    overall: bool = True,
    threshold: int = DEFAULT_THRESHOLD,
) -> Chart:
    """A bar per theme with its score written on it, the scheme's band cut-offs drawn and named,
    each theme's band and stars written under its bar and the overall average marked; the value
    axis runs from 0 to 100%.

    `data` is `inspection_summary`'s table (`theme, score, band, stars`, one row per theme, then
    `Overall`; `band` and `stars` are worked out from `scheme` where absent); bars keep its
    order. A row whose `suppressed` column is True is drawn as the word "suppressed". Scores are
    written as whole percentages, halves rounded up. `overall=False` leaves the overall average
    out. `threshold` is the suppression threshold the notes quote.

    >>> summary = pd.DataFrame({
    ...     "theme": ["Protecting the public", "Ensuring that sentence is served", "Overall"],
    ...     "score": [91.0, 96.0, 93.5], "band": "Good", "stars": 4})
    >>> chart = theme_scores(summary)
    >>> chart.title
    'Overall score 94%, with both themes in the Good band'
    >>> chart.alt.split(": ", 1)[1].split(";")[0]
    'Protecting the public 91% (Good, 4 of 4 stars)'
    """
    need_columns(data, ["theme", "score"], "theme_scores")
    sch = get_scheme(scheme)
    cut_offs = _cut_offs(sch)
    out_of = max(4, *(b.stars for b in sch.bands))
    overall_mask = is_overall(data["theme"])
    themes = data[~overall_mask].reset_index(drop=True)
    hidden = suppressed_flags(themes)
    scores = pd.to_numeric(themes["score"], errors="coerce").astype(float).where(~hidden)
    drawn = scores.notna()

    def band_of(value: float) -> object:
        return np.nan if pd.isna(value) else sch.band_for(value)

    bands = (
        themes["band"].astype(object) if "band" in themes
        else scores.map(lambda v: getattr(band_of(v), "label", np.nan))
    ).where(drawn)
    star_counts = (
        themes["stars"].astype(object) if "stars" in themes
        else scores.map(lambda v: getattr(band_of(v), "stars", np.nan))
    ).where(drawn)

    overall_rows = data[overall_mask]
    overall_score = None
    overall_band = None
    if overall and len(overall_rows) and not suppressed_flags(overall_rows).iloc[0]:
        value = pd.to_numeric(overall_rows["score"], errors="coerce").iloc[0]
        if pd.notna(value):
            overall_score = float(value)
            overall_band = (
                str(overall_rows["band"].iloc[0]) if "band" in overall_rows
                and pd.notna(overall_rows["band"].iloc[0]) else sch.band_for(value).label
            )
    n_shown = int(drawn.sum())
    distinct_bands = list(dict.fromkeys(bands.dropna().astype(str)))
    one_band = len(distinct_bands) == 1 and n_shown > 0

    if title is None:
        if one_band:
            themes_word = "theme" if n_shown == 1 else "themes"
            phrase = f"{_all_word(n_shown)} {themes_word} in the {distinct_bands[0]} band"
        elif n_shown:
            phrase = f"theme scores from {percent(scores.min())} to {percent(scores.max())}"
        else:
            phrase = "every theme score suppressed"
        title = (
            f"Overall score {percent(overall_score)}, with {phrase}" if overall_score is not None
            else phrase[0].upper() + phrase[1:]
        )
    source_text = source_line(source, "HMIP inspection scores", synthetic)
    names = themes["theme"].map(lambda t: wrap(t, 18))
    lines = names.str.count("\n")
    names = names + lines.map(lambda k: "\n" * (int(lines.max()) - k) if len(lines) else "")
    under_bar = (
        names
        + ("\n" + bands.fillna("").astype(str) + " " + star_counts.map(lambda s: stars(s, out_of)))
        .where(drawn, "")
        .where(~hidden, "\n(suppressed)")
    )

    with house_style():
        fig, ax = new_axes(ax)
        x = np.arange(len(themes))
        bars = ax.bar(x[drawn], scores[drawn], width=0.62, color=FOCUS[0], zorder=2,
                      gid="scores")
        for rect, value in zip(bars, scores[drawn], strict=True):  # one label per bar
            inside = value >= 12
            ax.text(rect.get_x() + rect.get_width() / 2, value / 2 if inside else value + 1.5,
                    percent(value), ha="center", va="center" if inside else "bottom",
                    color=WHITE if inside else INK, fontweight="bold", zorder=4)
        for position in x[~drawn]:
            ax.text(position, 2, SUPPRESSED, ha="center", va="bottom", rotation=90, color=INK)
        ax.set_xticks(x, under_bar.tolist())
        ax.tick_params(axis="x", length=0)
        ax.set_xlim(-0.5, len(themes) - 0.5)
        ax.set_ylim(0, 100)
        ax.set_yticks([0, *(c for c, _ in cut_offs), 100])
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:g}%")
        ax.grid(False)
        for value, _ in cut_offs:
            ax.axhline(value, color=GREY_EDGE, linestyle=(0, (4, 3)), linewidth=1, zorder=1,
                       gid=f"cut-off-{value:g}")
        notes = [(value, f"{label} from {value:g}%") for value, label in cut_offs]
        if overall_score is not None:
            ax.axhline(overall_score, color=OVERALL_COLOUR, linestyle=(0, (6, 2)), linewidth=2,
                       zorder=3, gid="overall")
            notes.append((overall_score, f"Overall average {percent(overall_score)}"))
        margin_labels(ax, notes, min_gap=7, fontsize="small")
        finish(ax, title, source_text)

    # alt text: every value shown and every band, stars as words
    shown_text = (
        themes["theme"].astype(str) + " " + scores.map(percent) + " ("
        + bands.fillna("").astype(str)
        + star_counts.map(lambda s: stars_spoken(s, out_of)).map(lambda s: f", {s}" if s else "")
        + ")"
    )
    shown_text = shown_text.where(
        ~hidden, themes["theme"].astype(str) + f" {SUPPRESSED} (fewer than {threshold} cases)"
    )
    cut_text = names_list([f"{value:g}% ({label})" for value, label in cut_offs])
    alt = (
        f"Bar chart of {count_words(len(themes), 'theme score')}, on a scale of 0 to 100%, with "
        f"the band cut-offs of the {sch.title} marked at {cut_text}: "
        + "; ".join(shown_text)
        + "."
    )
    if overall_score is not None:
        alt += f" The overall average is {percent(overall_score)} ({overall_band})."
    if one_band:
        are = "theme is" if n_shown == 1 else "themes are"
        alt += f" {_all_word(n_shown).capitalize()} {are} in the {distinct_bands[0]} band."
    elif n_shown:
        counts = bands.dropna().astype(str).value_counts(sort=False)
        listed = names_list(
            [f"{count_words(int(k), 'theme')} in the {b} band" for b, k in counts.items()]
        )
        alt += f" {listed[0].upper()}{listed[1:]}."

    table = pd.DataFrame({
        "Theme": themes["theme"].astype(str),
        "Score (%)": round_half_up_series(scores),
        "Band": bands,
        # a number reads aloud
        "Stars": pd.to_numeric(star_counts, errors="coerce").astype("Int64"),
        "Note": _note(hidden, threshold),
    })
    if overall_score is not None:
        table = pd.concat([table, pd.DataFrame({
            "Theme": ["Overall average"],
            "Score (%)": round_half_up_series(pd.Series([overall_score])),
            "Band": [overall_band], "Stars": pd.array([pd.NA], dtype="Int64"), "Note": [""],
        })], ignore_index=True)
    if not hidden.any():
        table = table.drop(columns="Note")
    return Chart(fig, alt=alt, data=table, title=title, source=source_text, kind="theme_scores")


def _breakdown_rows(
    data: pd.DataFrame, theme: str | None, audit: str | None, threshold: int
) -> tuple[pd.DataFrame, str | None, str | None, bool]:
    """The rows of one theme (and one audit round) as `label, value, n, low, high,
    suppressed`; the theme and round chosen; whether they come from audit answers."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"theme_breakdown takes a pandas DataFrame, not {type(data).__name__}")
    if "pct" in data.columns:
        label_col = "question" if "question" in data.columns else "theme"
        need_columns(data, [label_col, "pct"], "theme_breakdown")
        rows = data
        if "audit" in rows.columns:
            rows, audit = pick_one(rows, "audit", audit, "audit round", default_last=True)
        if label_col != "theme" and "theme" in rows.columns:
            rows, theme = pick_one(rows, "theme", theme, "theme")
        columns = {"label": rows[label_col], "value": rows["pct"]}
        flags = small_counts(rows, threshold)
    else:
        need_columns(data, ["theme", "item", "score"], "theme_breakdown")
        rows = data[~is_overall(data["theme"])]
        for column in ("service", "inspection"):
            if column in rows.columns and rows[column].dropna().unique().size > 1:
                raise ValueError(
                    f"the table holds several {column}s "
                    f"({', '.join(map(str, rows[column].unique()))}); give theme_breakdown one"
                )
        rows, theme = pick_one(rows, "theme", theme, "theme")
        rows = rows[rows["item"].notna() & rows["item"].astype(str).str.strip().ne("")]
        if rows.empty:
            raise ValueError(f"the theme {theme!r} has no item scores to break down")
        columns = {"label": rows["item"], "value": rows["score"],
                   "n": rows["cases"] if "cases" in rows else np.nan}
        flags = suppressed_flags(rows)  # published inspection scores: flagged ones only
    frame = pd.DataFrame({
        "label": columns["label"].astype(str),
        "value": pd.to_numeric(columns["value"], errors="coerce").astype(float),
        "n": pd.to_numeric(columns.get("n", rows.get("n", np.nan)), errors="coerce"),
        "low": pd.to_numeric(rows["low"], errors="coerce") if "low" in rows else np.nan,
        "high": pd.to_numeric(rows["high"], errors="coerce") if "high" in rows else np.nan,
        "suppressed": flags,
    }, index=rows.index)
    return frame, theme, audit, "pct" in data.columns


def theme_breakdown(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    scheme: str = "hmip-2013",
    theme: str | None = None,
    audit: str | None = None,
    labels: Mapping[str, str] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> Chart:
    """The item (or question) scores within one theme as horizontal bars, sorted from the lowest
    (at the top) to the highest, the lowest highlighted in the focus colour and labelled
    "lowest"; the value axis runs from 0 to 100%.

    `data` is either inspection item scores (the canonical inspection table: `theme, item,
    score`, with `cases` where known) or `audit_scores` by question (`question, n, pct, low,
    high`, with `audit` and `theme` where grouped by them). Audit scores show the number of
    cases beside each bar and the 95% interval as whiskers. `theme` chooses the theme (needed
    when the table holds several); `audit` the round (default: the last in the table); `labels`
    maps item or question ids to the words shown. Rows flagged `suppressed` are drawn as
    "suppressed". `scheme` is accepted for the common shape of the chart functions (the
    breakdown draws no bands).

    >>> items = pd.DataFrame({"theme": "Protecting the child or young person",
    ...     "item": ["Assessment", "Planning", "Review"], "score": [90.0, 90.0, 80.0]})
    >>> chart = theme_breakdown(items)
    >>> chart.data["Item"].tolist()
    ['Review', 'Assessment', 'Planning']
    >>> chart.title
    'Protecting the child or young person: lowest score Review (80%)'
    """
    get_scheme(scheme)  # an unknown scheme is an error here as everywhere
    rows, theme, audit, from_audit = _breakdown_rows(data, theme, audit, threshold)
    rows = rows.assign(key=rows["label"])  # the id, for the title
    if labels:
        rows = rows.assign(label=rows["label"].map(lambda v: labels.get(v, v)))
    rows = rows.assign(value=rows["value"].where(~rows["suppressed"]))
    rows = rows.sort_values(["suppressed", "value"], kind="stable", na_position="last")
    rows = rows.reset_index(drop=True)
    hidden = rows["suppressed"]
    drawn = rows["value"].notna()
    lowest_value = rows.loc[drawn, "value"].min()
    shown = round_half_up_series(rows["value"])
    # ties at the percentage a reader sees are all the lowest
    lowest = drawn & shown.eq(shown[drawn].min()).fillna(False).astype(bool)
    has_interval = drawn & rows["low"].notna() & rows["high"].notna()
    what = "question" if from_audit else "item"
    n_rows = len(rows)
    counted = drawn & rows["n"].notna()

    value_text = rows["value"].map(percent).where(~hidden, "")
    margin = (
        value_text
        + pd.Series(" – lowest", index=rows.index).where(lowest, "")
        + ("  (n = " + rows["n"].astype("Int64").astype(str) + ")").where(
            counted & from_audit, ""
        )
    )
    if title is None:
        about = theme or f"Scores by {what}"
        when = f" in {audit}" if audit else ""
        worded = rows["label"].ne(rows["key"])
        low_names = rows.loc[lowest, "label"].where(~worded[lowest],
                                                    "“" + rows.loc[lowest, "label"] + "”")
        low_names = low_names.tolist()
        title = (
            f"{about}{when}: lowest score {names_list(low_names)} ({percent(lowest_value)})"
            if low_names else f"{about}{when}: every score suppressed"
        )
    default_source = "case file audit" if from_audit else "HMIP inspection item scores"
    source_text = source_line(source, default_source, synthetic)

    with house_style():
        fig, ax = new_axes(ax, max(SIZE_CM[1], 3.2 + 0.85 * n_rows))
        y = np.arange(n_rows)
        ax.barh(
            y[drawn], rows.loc[drawn, "value"], height=0.6, linewidth=0.8, zorder=2, gid="scores",
            color=np.where(lowest[drawn], FOCUS[0], FOCUS[1]).tolist(),
            edgecolor=np.where(lowest[drawn], FOCUS[0], GREY_EDGE).tolist(),
        )
        if has_interval.any():
            sel = rows[has_interval]
            ax.errorbar(sel["value"], y[has_interval],
                        xerr=[sel["value"] - sel["low"], sel["high"] - sel["value"]],
                        fmt="none", ecolor=INK, elinewidth=1, capsize=3, zorder=3)
        for position in y[~drawn]:
            ax.text(1, position, SUPPRESSED, va="center", ha="left", color=INK)
        ax.set_yticks(y, rows["label"].map(lambda t: wrap(t, 34)).tolist())
        ax.set_ylim(n_rows - 0.5, -0.5)
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:g}%")
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="y", length=0)
        margin_labels(ax, list(zip(y.astype(float), margin, strict=True)), min_gap=0)
        finish(ax, title, source_text)

    described = rows["label"] + " " + rows["value"].map(percent)
    if from_audit:
        described += (" of " + rows["n"].astype("Int64").astype(str) + " cases").where(counted, "")
        described += (
            ", 95% interval " + rows["low"].map(percent) + " to " + rows["high"].map(percent)
        ).where(has_interval, "")
    else:
        described += (" (" + rows["n"].astype("Int64").astype(str) + " cases)").where(counted, "")
    reasons = suppressed_reasons(rows["n"], threshold)
    described = (described + pd.Series(" (lowest)", index=rows.index).where(lowest, "")).where(
        ~hidden, rows["label"] + f" {SUPPRESSED} (" + reasons + ")"
    )
    alt = (
        f"Horizontal bar chart of {count_words(n_rows, what + ' score')}"
        + (f" in {theme}" if theme else "")
        + (f", {audit}" if audit else "")
        + ", sorted from lowest to highest, on a scale of 0 to 100%"
        + (", with 95% intervals" if has_interval.any() else "")
        + ": " + "; ".join(described) + "."
    )
    table = pd.DataFrame({what.capitalize(): rows["label"],
                          "Score (%)": round_half_up_series(rows["value"])})
    if rows["label"].ne(rows["key"]).any():  # the question's words, and its code beside them
        table.insert(1, "Code", rows["key"])
    if from_audit:
        table = table.assign(**{
            "Cases": rows["n"].astype("Int64").where(~hidden),
            "Interval low (%)": round_half_up_series(rows["low"].where(~hidden)),
            "Interval high (%)": round_half_up_series(rows["high"].where(~hidden)),
        })
    elif counted.any():
        table = table.assign(Cases=rows["n"].astype("Int64").where(~hidden))
    lowest_note = pd.Series("lowest", index=rows.index).where(lowest, "")
    table["Note"] = _note(hidden, threshold, lowest_note, rows["n"])
    return Chart(fig, alt=alt, data=table, title=title, source=source_text, kind="theme_breakdown")
