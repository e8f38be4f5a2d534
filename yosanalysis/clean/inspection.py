"""Cleaning an inspection file: scores from an inspection report, one row per score.

Requires the columns `service, inspection, framework, date, theme` (headers matched whatever
their case and punctuation, and the contract's aliases); `item, score, rating, points, cases`
are optional. Provides the canonical inspection table (contract order), text columns as `str`,
`date` as datetime64, `score` and `points` as float, `cases` as Int64.

A row is rejected, with its row number and a reason, when a required value is blank, the
framework is unknown, the theme is not a theme of its framework, the date cannot be read, a
score is not a percentage or lies outside 0-100, points or cases are not numbers or out of range,
or the row repeats an earlier row's service, inspection, theme and item. A rating word that is not
one of the framework's ratings is kept as missing, with a warning naming the row and value.
A theme-level row (no item) is allowed; `Overall` is a theme of every framework.

A standard of a framework rated by numbered standards (HMIP2018) is written as reports print it:
`2.1 Assessment`, `2.1`, `Assessment (court)`, `Court disposals – Assessment`, or its name with
the domain in an optional `domain` column; it cleans to its label (`2.1 Assessment`), so court and
out-of-court standards never merge. A name two domains share (`Assessment`) with no number or
domain is rejected, naming both; an unknown name is rejected, listing the accepted ones. A row per
key question (its name in `item`, its percentage of cases in `score`) sits under its standard.

>>> import tempfile, pathlib
>>> from yosanalysis.io import read_csv
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "s.csv").write_text(
...     "Service,Inspection,Framework,Date,Theme,Score (%)\\n"
...     "Stockton-on-Tees,SQS 2013,Short Quality Screening,25/11/2013,protecting the PUBLIC,91\\n"
...     "Stockton-on-Tees,SQS 2013,SQS,25/11/2013,Overall,191\\n")
>>> report = CleaningReport(file="s.csv", kind="inspection", rows_read=2)
>>> data = clean(read_csv(folder / "s.csv"), report)
>>> data[["framework", "theme", "score"]].to_dict("records")
[{'framework': 'SQS', 'theme': 'Protecting the public', 'score': 91.0}]
>>> report.rejected
[{'row': 3, 'reason': "Score (%) '191' is outside 0-100"}]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yosanalysis.clean.dates import read_dates
from yosanalysis.clean.report import (
    CleaningReport,
    duplicate_reasons,
    reasons_where,
    record_markers,
)
from yosanalysis.clean.schemas import (
    CANONICAL,
    COLUMNS,
    ColumnSpec,
    find_column,
    resolve_columns,
    validate_table,
)
from yosanalysis.clean.values import (
    DOUBTFUL_FRACTION,
    MIXED_FRACTION,
    canonical_rating,
    clean_text,
    map_distinct,
    map_pairs,
    parse_numbers,
    parse_percentages,
    read_numbers,
)
from yosanalysis.io import CsvTable
from yosanalysis.schemes import (
    available_schemes,
    canonical_framework,
    get_scheme,
    resolve_theme,
    scheme_for_framework,
)

__all__ = ["clean"]

#: An optional column naming a standard's domain (`2`, `Court disposals`), for a standard
#: written without its number; it is read, not kept (the number is part of the theme).
DOMAIN = ColumnSpec("domain", False, ("domain name", "domain number"))

DATE_FORMS = "day first, e.g. 25/11/2013, 25/11/13, 2013-11-25 or 25 November 2013"


def _known_frameworks() -> str:
    return ", ".join(code for n in available_schemes() for code in get_scheme(n).frameworks)


def _resolve(framework: str, domain: str, theme: str) -> tuple[str | None, str | None]:
    if not framework or framework == "nan" or not theme:
        return None, None
    return resolve_theme(framework, theme, domain or None)


def _rating(framework: str, value: str) -> str | None:
    if not framework or not value:
        return None
    return canonical_rating(value, scheme_for_framework(framework))


def clean(table: CsvTable, report: CleaningReport) -> pd.DataFrame:
    """The canonical inspection table of a file read by `yosanalysis.io.read_csv`; rejected
    rows and warnings go into `report` (an example is in the module's docstring)."""
    cols = resolve_columns(list(table.frame.columns), COLUMNS["inspection"], table.path)
    frame = table.frame
    header = {name: table.header(key) for name, key in cols.items()}
    raw = {name: frame[key] for name, key in cols.items()}
    blank = pd.Series("", index=frame.index, dtype="str")
    reasons: list[pd.Series] = []
    out = pd.DataFrame(index=frame.index)

    for name in ("service", "inspection"):
        out[name] = clean_text(raw[name])
    fw_text = clean_text(raw["framework"])
    out["framework"] = map_distinct(fw_text.fillna(""), lambda v: canonical_framework(v) if v
                                    else None).astype("str")
    out["date"], bad_date = read_dates(table, cols["date"], report)
    theme_text = clean_text(raw["theme"])
    domain_key = find_column(list(frame.columns), DOMAIN)
    domain_text = (clean_text(frame[domain_key]).fillna("") if domain_key is not None
                   else pd.Series("", index=frame.index))
    resolved = map_pairs(
        out["framework"].fillna("") + "\x1e" + domain_text, theme_text,
        lambda fd, t: _resolve(fd.partition("\x1e")[0], fd.partition("\x1e")[2], t),
    )
    out["theme"] = resolved.map(lambda r: r[0]).astype("str")
    out["item"] = clean_text(raw.get("item", blank))

    for name in ("service", "inspection", "framework", "date", "theme"):
        empty = raw[name].str.strip().eq("")
        reasons.append(reasons_where(empty, f"{header[name]} is blank"))
    unknown_fw = fw_text.notna() & out["framework"].isna()
    reasons.append(
        reasons_where(
            unknown_fw,
            f"{header['framework']} {{value!r}} is not a known framework "
            f"({_known_frameworks()})",
            fw_text,
        )
    )
    reasons.append(
        reasons_where(bad_date, f"{header['date']} {{value!r}} is not a date ({DATE_FORMS})",
                      raw["date"])
    )
    unknown_theme = out["framework"].notna() & theme_text.notna() & out["theme"].isna()
    if unknown_theme.any():
        messages = header["theme"] + " " + resolved[unknown_theme].map(lambda r: r[1])
        reasons.append(messages.astype(object))

    # score: a percentage
    if "score" in raw:
        pct = parse_percentages(raw["score"])
        out["score"] = pct.numbers
        reasons.append(reasons_where(pct.bad, f"{header['score']} {{value!r}} is not a "
                                     "percentage", raw["score"]))
        grouped = pct.out_of_range & pct.thousands
        reasons.append(reasons_where(pct.out_of_range & ~grouped, f"{header['score']} "
                                     "{value!r} is outside 0-100", raw["score"]))
        reasons.append(reasons_where(grouped, f"{header['score']} {{value!r}} is outside 0-100 "
                                     "(read with its comma as a thousands separator, as in a "
                                     "count: a percentage is never over 100)", raw["score"]))
        record_markers(report, pct.markers, header["score"], raw["score"])
        if pct.fractions:
            report.warn(None, header["score"], None,
                        "every score lies between 0 and 1: read as fractions (0.85 = 85%)")
        if pct.doubtful.any():
            report.warn_rows(frame.index[pct.doubtful], header["score"],
                             raw["score"][pct.doubtful], DOUBTFUL_FRACTION)
        if pct.mixed_fractions is not None and pct.mixed_fractions.any():
            mixed = pct.mixed_fractions
            report.warn_rows(frame.index[mixed], header["score"], raw["score"][mixed],
                             MIXED_FRACTION)
    else:
        out["score"] = np.nan

    # rating: the framework's rating word; an unknown word is kept as missing with a warning
    if "rating" in raw:
        rating_text = clean_text(raw["rating"])
        out["rating"] = map_pairs(out["framework"], rating_text, _rating).astype("str")
        unknown = rating_text.notna() & out["framework"].notna() & out["rating"].isna()
        if unknown.any():
            report.warn_rows(
                frame.index[unknown], header["rating"], raw["rating"][unknown],
                "'" + rating_text[unknown] + "' is not a rating of " + out["framework"][unknown]
                + ": kept as missing",
            )
    else:
        out["rating"] = pd.Series(np.nan, index=frame.index, dtype="str")

    # points: 0-3 a standard and 0-36 overall under HMIP2018; 0-36 otherwise
    if "points" in raw:
        points, bad = parse_numbers(raw["points"])
        overall = out["theme"].eq("Overall")
        top = np.where(out["framework"].eq("HMIP2018") & ~overall, 3.0, 36.0)  # HMIP2025: none
        outside = points.notna() & ((points < 0) | (points > top))
        out["points"] = points.where(~outside)
        reasons.append(reasons_where(bad, f"{header['points']} {{value!r}} is not a number",
                                     raw["points"]))
        reasons.append(reasons_where(outside, f"{header['points']} {{value!r}} is outside the "
                                     "framework's range (HMIP2018: 0-3 a standard, 0-36 "
                                     "overall)", raw["points"]))
    else:
        out["points"] = np.nan

    if "cases" in raw:
        counted = read_numbers(raw["cases"])
        cases, bad = counted.numbers, counted.bad
        record_markers(report, counted.markers, header["cases"], raw["cases"])
        not_whole = cases.notna() & ((cases < 0) | (cases != cases.round()))
        out["cases"] = cases.where(~not_whole).astype("Int64")
        reasons.append(reasons_where(bad | not_whole, f"{header['cases']} {{value!r}} is not a "
                                     "whole number of cases", raw["cases"]))
    else:
        out["cases"] = pd.array([pd.NA] * len(frame), dtype="Int64")

    out = out[CANONICAL["inspection"]]
    rejected = pd.concat([r for r in reasons if not r.empty] or [pd.Series(dtype=object)])
    ok = ~out.index.isin(rejected.index)
    keys = ["service", "inspection", "theme", "item"]
    rejected = pd.concat(
        [rejected, duplicate_reasons(out.loc[ok], keys, "same service, inspection, theme and "
                                     "item")]
    )
    ok = ~out.index.isin(rejected.index)
    kept = out.loc[ok]
    nothing = kept["score"].isna() & kept["rating"].isna() & kept["points"].isna()
    if nothing.any():
        report.warn_rows(kept.index[nothing], None, [None] * int(nothing.sum()),
                         "no score, rating or points: the row is kept but carries no measure")
    schema_reasons = validate_table(kept, "inspection", pd.Series(kept.index))
    report.reject_series(pd.concat([rejected, schema_reasons]))
    kept = kept.loc[~kept.index.isin(schema_reasons.index)]
    return kept.reset_index(drop=True)
