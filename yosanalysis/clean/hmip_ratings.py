"""Cleaning the published HMIP youth inspection ratings (2018 framework onward): one row per
inspected service, a column per standard holding a rating word, as in the public scrape
`../shared/data/hmip_youth_ratings_2021_2025.csv`.

Requires a service column (`la_name` and the other service aliases), an overall rating column
(`overall_rating`) and at least one column named for a standard of `HMIP2018` (`assessment`,
`planning`, `outofcourt_disposal_policy_and_provision`, ...); the score (`score_%`, `score_`,
`score`) and the publication date are read when present. Other columns (`la_ref`,
`report_url`) are ignored and listed in the report.

Provides the inspection table: for each service, one row per standard with a rating
(`framework` HMIP2018, `theme` the standard's label, e.g. `2.1 Assessment`; the scrape's bare
`assessment`, `planning`, `implementation_and_delivery` are the court standards), `rating`
canonical, `points`
3/2/1/0 from the scheme), then an `Overall` row: `score` the published percentage, `points` the
points out of 36 it stands for (rounded to 2 places), `rating` the published overall rating.
The service name is cleaned to the service's own (`An inspection of Tower Hamlets and City of
London` -> `Tower Hamlets and City of London`; `Hackney - JI` -> `Hackney`), the inspection
label is `HMIP2018 <year of publication>`, with ` (joint inspection)` when the name carried the
marker. Dates are day first (dd/mm/yy or dd/mm/yyyy); with no date column, dates are left empty
with one warning for the file.

Never guessed: a rating cell holding a footnote or a header word is kept as missing with a
warning; an overall rating that disagrees with the band its points fall in
(`get_scheme("hmip-2018").band_for(points)`) is kept as published, with a warning naming the
row, both ratings and the points; a score that is not a whole number of points out of 36 is
kept, with a warning. A row is rejected when its service is blank, its score is not a percentage
or lies outside 0-100, or it repeats an earlier row's service and inspection.

>>> clean_service_name("An inspection of Tower Hamlets and City of London")
('Tower Hamlets and City of London', False)
>>> clean_service_name("Hackney - JI")
('Hackney', True)
"""

from __future__ import annotations

import difflib
import re

import numpy as np
import pandas as pd

from yosanalysis.clean.dates import read_dates
from yosanalysis.clean.report import (
    CleaningReport,
    duplicate_reasons,
    reasons_where,
    record_markers,
)
from yosanalysis.clean.schemas import CANONICAL, COLUMNS, resolve_columns, validate_table
from yosanalysis.clean.values import (
    DOUBTFUL_FRACTION,
    canonical_rating,
    clean_text,
    map_distinct,
    parse_percentages,
    rating_key,
    strip_footnote,
)
from yosanalysis.errors import InputError
from yosanalysis.io import CsvTable
from yosanalysis.schemes import get_scheme, resolve_theme, standards_of
from yosanalysis.text import collapse_spaces, loose_key, match_key

__all__ = ["FRAMEWORK", "SCHEME", "clean", "clean_service_name", "read_rating", "scrape_standard",
           "standard_columns"]

FRAMEWORK = "HMIP2018"
SCHEME = "hmip-2018"
JOINT = " (joint inspection)"

_TITLE = re.compile(
    r"^(?:an?\s+|the\s+)?(?:(?:full\s+)?joint\s+)?inspection\s+of\s+"
    r"(?:(?:the\s+)?youth\s+(?:offending|justice)\s+(?:services?|teams?|work|partnerships?)"
    r"\s+in\s+)?",
    re.IGNORECASE,
)
_JOINT = re.compile(
    r"\s*(?:[-–—:]\s*(?:JI|joint(?:\s+inspection)?)|\(\s*(?:JI|joint(?:\s+inspection)?)\s*\))"
    r"\s*$",
    re.IGNORECASE,
)


def clean_service_name(value: str) -> tuple[str, bool]:
    """The service's own name from a scraped name, and whether it carried a joint-inspection
    marker.

    >>> clean_service_name("Conwy & Denbighshire - JI"), clean_service_name("  Bolton ")
    (('Conwy & Denbighshire', True), ('Bolton', False))
    """
    text = collapse_spaces(value)
    joint = _JOINT.search(text) is not None
    text = _JOINT.sub("", text)
    text = _TITLE.sub("", text).strip(" -–—:")
    return text, joint


def read_rating(value: str) -> tuple[str | None, str | None]:
    """(canonical rating, note): the rating a cell holds under the 2018 framework, and a note
    when a footnote marker had to be removed; (None, why) when the cell holds no rating.

    >>> read_rating("Requires Improvement"), read_rating("Good1")
    (('Requires improvement', None), ('Good', "footnote marker removed from 'Good1'"))
    >>> read_rating("1 The resettlement standard does not contribute to the overall rating")[0]
    """
    text = collapse_spaces(value)
    found = canonical_rating(text, SCHEME)
    if found is not None:
        return found, None
    found = canonical_rating(strip_footnote(text), SCHEME)
    if found is not None:
        return found, f"footnote marker removed from {text!r}"
    mended = _mended(text)
    if mended is not None:
        return mended, f"broken rating word {text!r} read as {mended!r}"
    return None, "not a rating (a footnote or a header word?): kept as missing"


#: The scrape's columns whose name alone does not say the standard, and the standard each holds
#: (our reading, checked against East Sussex 2024: its `assessment` and `planning` columns hold
#: 2.1 Good and 2.2 Inadequate, the court standards; `policy_and_provision` is filled only where
#: the out-of-court 3.4 column is not).
SCRAPE_COLUMNS = {"policy and provision": "3.4 Out-of-court disposal policy and provision"}


def scrape_standard(written: str) -> str | None:
    """The standard a column of the scrape holds (a bare shared name: the court standard).

    >>> scrape_standard("assessment"), scrape_standard("joint_working")
    ('2.1 Assessment', '3.4 Out-of-court disposal policy and provision')
    """
    if match_key(written) in SCRAPE_COLUMNS:
        return SCRAPE_COLUMNS[match_key(written)]
    theme, _ = resolve_theme(FRAMEWORK, written, domain="2")  # a bare name: the court standard
    return theme


def _spellings() -> dict[str, str]:
    """Each standard's names as a scrape writes them (loose keys) -> its label: a name court
    and out-of-court standards share is the court one; `outofcourt <name>` the other."""
    found: dict[str, str] = {}
    for std in standards_of(FRAMEWORK):
        for name in (std.label, std.name, *std.aliases):
            found.setdefault(loose_key(name), std.label)
            if std.domain == "3":
                found.setdefault(loose_key(f"outofcourt {name}"), std.label)
    return found

def _mended(text: str) -> str | None:
    """The rating a short cell is a broken spelling of (`Outstandng`, `Requires improvment`),
    when exactly one rating is that close; else None."""
    key = rating_key(text)
    if not key or len(key) > 30:
        return None
    ratings = list(get_scheme(SCHEME).ratings)
    close = difflib.get_close_matches(key, [rating_key(r) for r in ratings], n=2, cutoff=0.85)
    if len(close) != 1:
        return None
    return next(r for r in ratings if rating_key(r) == close[0])


def _holds_ratings(column: pd.Series) -> bool:
    """True when most of a column's written cells are rating words."""
    values = [v for v in column.unique().tolist() if str(v).strip()]
    read = sum(read_rating(v)[0] is not None for v in values)
    return bool(values) and read * 2 >= len(values)


def _rating_columns(table: CsvTable, ignored: list[str], standards: dict[str, str],
                    report: CleaningReport) -> None:
    """Columns that hold rating words but name no standard: each is read as the standard its
    name is a misspelling of (a warning names both), or left out with a warning naming it;
    a rating is never dropped silently. `standards` is updated in place."""
    spellings = _spellings()
    free = [t for t in dict.fromkeys(spellings.values()) if t not in standards.values()]
    for key in ignored:
        if not _holds_ratings(table.frame[key]):
            continue
        header = table.header(key)
        close = difflib.get_close_matches(
            loose_key(header), [k for k, t in spellings.items() if t in free], n=1, cutoff=0.88)
        if close:
            theme = spellings[close[0]]
            standards[key] = theme
            free.remove(theme)
            report.warn(None, header, None, f"column {header!r} holds ratings and names no "
                        f"standard exactly: read as the standard {theme!r}")
        else:
            report.warn(None, header, None, f"column {header!r} holds rating words but names "
                        "no standard of the 2018 framework: its ratings are left out (rename "
                        "the column to the standard's name to use them)")


def standard_columns(table: CsvTable) -> dict[str, str]:
    """The columns naming a standard of the 2018 framework: column key -> canonical standard.
    A name court and out-of-court standards share (`assessment`) is the court standard, as in
    the scrape; several columns may hold one standard (`joint_working`, its 2018 name).

    >>> import tempfile, pathlib
    >>> from yosanalysis.io import read_csv
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = path.write_text("la_name,Out-of-court disposal policy & provision,overall\\n"
    ...                     "X,Good,Good\\n")
    >>> standard_columns(read_csv(path))
    {'out of court disposal policy and provision': '3.4 Out-of-court disposal policy and provision'}
    """
    found: dict[str, str] = {}
    for key, written in table.headers.items():
        theme = scrape_standard(written)
        if theme is not None and theme != "Overall":
            found[key] = theme
    return found


def clean(table: CsvTable, report: CleaningReport) -> pd.DataFrame:
    """The inspection-shaped table of an HMIP ratings file read by `yosanalysis.io.read_csv`;
    rejected rows and warnings go into `report`.

    >>> import tempfile, pathlib
    >>> from yosanalysis.io import read_csv
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = path.write_text("la_name,score_%,overall_rating,publication_date,assessment\\n"
    ...                     "Hackney - JI,69.44,Good,10/05/23,Outstanding\\n")
    >>> report = CleaningReport("r.csv", "hmip-ratings", rows_read=1)
    >>> data = clean(read_csv(path), report)
    >>> data[["service", "inspection", "theme", "rating", "points"]].to_numpy().tolist()
    [['Hackney', 'HMIP2018 2023 (joint inspection)', '2.1 Assessment', 'Outstanding', 3.0],
     ['Hackney', 'HMIP2018 2023 (joint inspection)', 'Overall', 'Good', 25.0]]
    """
    scheme = get_scheme(SCHEME)
    frame = table.frame
    standards = standard_columns(table)
    if not standards:
        raise InputError(
            table.path,
            "no column names a standard of the HMIP 2018 framework (e.g. assessment, planning)",
        )
    rest = [k for k in frame.columns if k not in standards]
    cols = resolve_columns(rest, COLUMNS["hmip-ratings"], table.path)
    _rating_columns(table, [k for k in rest if k not in cols.values()], standards, report)
    rest = [k for k in rest if k not in standards]
    by_theme: dict[str, list[str]] = {}
    for key, theme in standards.items():
        by_theme.setdefault(theme, []).append(key)
    report.ignored_columns = [table.header(k) for k in rest if k not in cols.values()]
    header = {name: table.header(key) for name, key in cols.items()}
    reasons: list[pd.Series] = []

    # per inspected service: name, joint marker, date, label, score, points, overall rating
    raw_service = frame[cols["service"]]
    service = map_distinct(raw_service, lambda v: clean_service_name(v)[0] or None)
    service = service.astype("str")
    joint = map_distinct(raw_service, lambda v: clean_service_name(v)[1]).astype(bool)
    reasons.append(reasons_where(service.isna(), f"{header['service']} is blank"))
    if "date" in cols:
        dates, bad = read_dates(table, cols["date"], report)
        blank = frame[cols["date"]].str.strip().eq("")
        if bad.any():
            report.warn_rows(frame.index[bad], header["date"], frame.loc[bad, cols["date"]],
                             "not a date (day first, e.g. 18/02/25 or 18/02/2025): date left "
                             "empty")
        if blank.any():
            report.warn_rows(frame.index[blank], header["date"], [""] * int(blank.sum()),
                             "no publication date: date left empty")
    else:
        dates = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
        report.warn(None, None, None, "the file has no publication date column: dates left "
                    "empty and inspections labelled without a year")
    year = dates.dt.year.astype("Int64").astype("str").fillna("")
    base = FRAMEWORK + (" " + year).where(year.ne(""), "")
    label = base.where(~joint, base + JOINT)

    if "score" in cols:
        pct = parse_percentages(frame[cols["score"]])
        score = pct.numbers
        reasons.append(reasons_where(pct.bad, f"{header['score']} {{value!r}} is not a "
                                     "percentage", frame[cols["score"]]))
        reasons.append(reasons_where(pct.out_of_range, f"{header['score']} {{value!r}} is "
                                     "outside 0-100", frame[cols["score"]]))
        # `[c]`, `[x]`: withheld, kept as missing and said so, as for an inspection file
        record_markers(report, pct.markers, header["score"], frame[cols["score"]])
        if pct.fractions:
            report.warn(None, header["score"], None,
                        "every score lies between 0 and 1: read as fractions (0.85 = 85%)")
        if pct.doubtful.any():
            report.warn_rows(frame.index[pct.doubtful], header["score"],
                             frame[cols["score"]][pct.doubtful], DOUBTFUL_FRACTION)
    else:
        score = pd.Series(np.nan, index=frame.index)
        report.warn(None, None, None, "the file has no score column: Overall rows carry no "
                    "score or points")
    points = (score * scheme.max_points / 100).round(2)

    rejected = pd.concat(reasons)
    ok = ~frame.index.isin(rejected.index)
    ident = pd.DataFrame({"service": service, "inspection": label}).loc[ok]
    rejected = pd.concat([rejected, duplicate_reasons(ident, ["service", "inspection"],
                                                      "same service and inspection")])
    ok = ~frame.index.isin(rejected.index)
    kept_rows = frame.index[ok]

    overall_text = clean_text(frame.loc[ok, cols["overall_rating"]])
    overall = map_distinct(overall_text.fillna(""), lambda v: read_rating(v)[0]).astype("str")
    note = map_distinct(overall_text.fillna(""), lambda v: read_rating(v)[1])
    p_kept = points.loc[ok]
    band = map_distinct(p_kept, lambda p: None if pd.isna(p) else scheme.band_for(p).label)
    in_points = map_distinct(p_kept, lambda p: f"{p:g} points" if pd.notna(p) else "")
    unread = overall_text.notna() & overall.isna()
    if unread.any():
        msg = "not a rating (a footnote or a header word?): kept as missing"
        report.warn_rows(
            kept_rows[unread], header["overall_rating"], overall_text[unread],
            [msg + (f"; its {p} fall in the {b} band" if b else "")
             for p, b in zip(in_points[unread], band[unread], strict=True)],
        )
    stripped = overall.notna() & note.notna()
    if stripped.any():
        report.warn_rows(kept_rows[stripped], header["overall_rating"],
                         overall_text[stripped], note[stripped])
    disagree = overall.notna() & band.notna() & overall.ne(band)
    if disagree.any():
        report.warn_rows(
            kept_rows[disagree], header["overall_rating"], overall_text[disagree],
            [f"the published overall rating {o!r} disagrees with the band of its points "
             f"({p}: {b}); kept as published"
             for o, p, b in zip(overall[disagree], in_points[disagree], band[disagree],
                                strict=True)],
        )
    fractional = p_kept.notna() & (p_kept - p_kept.round()).abs().gt(0.05)
    if fractional.any():
        report.warn_rows(
            kept_rows[fractional], header["score"], frame.loc[ok, cols["score"]][fractional],
            [f"{s:g}% of 36 points is {p}, not a whole number of points: check the published "
             "score" for s, p in zip(score.loc[ok][fractional], in_points[fractional],
                                     strict=True)],
        )

    # one row per service and standard present, then the Overall row
    theme_order = {name: i for i, name in enumerate(scheme.frameworks[FRAMEWORK].themes)}
    parts = []
    for theme, keys in by_theme.items():
        key = keys[0]
        text = clean_text(frame.loc[ok, key])
        for other in keys[1:]:  # one standard in several columns: the first filled one
            more = clean_text(frame.loc[ok, other])
            clash = text.notna() & more.notna() & text.ne(more)
            if clash.any():
                report.warn_rows(
                    text.index[clash], table.header(other), more[clash],
                    f"{table.header(key)!r} and {table.header(other)!r} both hold {theme}: "
                    f"the {table.header(key)!r} rating is kept")
            text = text.where(text.notna(), more)
        present = text.notna()
        rating = map_distinct(text[present], lambda v: read_rating(v)[0]).astype("str")
        why = map_distinct(text[present], lambda v: read_rating(v)[1])
        noted = why.notna()
        if noted.any():
            report.warn_rows(text[present].index[noted], table.header(key), text[present][noted],
                             why[noted])
        parts.append(
            pd.DataFrame(
                {
                    "row": text[present].index,
                    "order": theme_order[theme],
                    "theme": theme,
                    "score": np.nan,
                    "rating": rating.to_numpy(),
                    "points": rating.map(scheme.ratings).astype("float64").to_numpy(),
                }
            )
        )
    has_overall = score.loc[ok].notna() | overall.notna()
    parts.append(
        pd.DataFrame(
            {
                "row": kept_rows[has_overall],
                "order": len(theme_order),
                "theme": "Overall",
                "score": score.loc[ok][has_overall].to_numpy(),
                "rating": overall[has_overall].to_numpy(),
                "points": p_kept[has_overall].to_numpy(),
            }
        )
    )
    long = pd.concat(parts, ignore_index=True).sort_values(["row", "order"], kind="stable")
    rows = long["row"].to_numpy()
    data = pd.DataFrame(
        {
            "service": service.loc[rows].to_numpy(),
            "inspection": label.loc[rows].to_numpy(),
            "framework": FRAMEWORK,
            "date": dates.loc[rows].to_numpy(),
            "theme": long["theme"].to_numpy(),
            "item": pd.Series(np.nan, index=range(len(long)), dtype="str"),
            "score": long["score"].to_numpy(dtype="float64"),
            "rating": pd.Series(long["rating"].to_numpy(), dtype="str"),
            "points": long["points"].to_numpy(dtype="float64"),
            "cases": pd.array([pd.NA] * len(long), dtype="Int64"),
        }
    )
    for name in ("service", "inspection", "framework", "theme"):
        data[name] = data[name].astype("str")
    data = data[CANONICAL["inspection"]]
    schema_reasons = validate_table(data, "inspection", pd.Series(rows))
    report.reject_series(pd.concat([rejected, schema_reasons]))
    if not schema_reasons.empty:
        data = data.loc[~np.isin(rows, schema_reasons.index.to_numpy())]
    return data.reset_index(drop=True)
