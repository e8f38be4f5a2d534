"""The published HMIP youth inspection ratings: a small messy file, and the real scrape."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from yosanalysis.clean import load
from yosanalysis.clean.hmip_ratings import clean_service_name
from yosanalysis.errors import InputError
from yosanalysis.schemes import get_scheme
from yosanalysis.text import match_key

SCHEME = get_scheme("hmip-2018")

MESSY = (
    "planning,la_name,score_,overall_rating,Publication Date,assessment,report_url,"
    "Out-of-court disposal policy & provision\n"
    "Good,An inspection of youth offending services in Newtown,72.22,good,04/02/2025,"
    "Out standing,http://x,\n"
    "Inadequate,Oldtown - JI,30.56, Requires  Improvement ,17/09/24,Rating,http://y,GOOD\n"
    "Good,Midtown,72.22,Requires improvement,,Good1,,Good\n"
    "Good,Footnote Town,61.11,1 The resettlement standard does not count.,01/01/2022,Good,,\n"
)


def write(folder: Path, text: str, name: str = "ratings.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def rows_of(data: pd.DataFrame, service: str) -> pd.DataFrame:
    return data[data["service"] == service].set_index("theme")


@pytest.mark.parametrize(
    ("scraped", "name", "joint"),
    [
        ("An inspection of Tower Hamlets and City of London", "Tower Hamlets and City of London",
         False),
        ("Hackney - JI", "Hackney", True),
        ("Conwy & Denbighshire - JI", "Conwy & Denbighshire", True),
        ("Dorset (joint inspection)", "Dorset", True),
        ("An inspection of youth justice services in Kent", "Kent", False),
        ("Royal Borough of Greenwich", "Royal Borough of Greenwich", False),
    ],
)
def test_service_names_are_cleaned(scraped, name, joint):
    assert clean_service_name(scraped) == (name, joint)


def test_messy_ratings_file(tmp_path):
    loaded = load(write(tmp_path, MESSY))
    assert loaded.kind == "hmip-ratings"
    data = loaded.data
    assert list(data.columns) == ["service", "inspection", "framework", "date", "theme", "item",
                                  "score", "rating", "points", "cases"]
    assert (data["framework"] == "HMIP2018").all()
    assert set(data["service"]) == {"Newtown", "Oldtown", "Midtown", "Footnote Town"}

    newtown = rows_of(data, "Newtown")
    assert newtown.loc["2.1 Assessment", "rating"] == "Outstanding"
    assert newtown.loc["2.1 Assessment", "points"] == 3.0
    assert newtown.loc["2.2 Planning", "points"] == 2.0
    assert newtown.loc["Overall", "score"] == 72.22
    assert newtown.loc["Overall", "points"] == 26.0
    assert newtown.loc["Overall", "rating"] == "Good"
    assert newtown["inspection"].unique().tolist() == ["HMIP2018 2025"]
    assert newtown["date"].unique().tolist() == [pd.Timestamp("2025-02-04")]
    assert "3.4 Out-of-court disposal policy and provision" not in newtown.index  # blank cell

    oldtown = rows_of(data, "Oldtown")
    assert oldtown["inspection"].unique().tolist() == ["HMIP2018 2024 (joint inspection)"]
    assert oldtown.loc["Overall", "rating"] == "Requires improvement"
    assert oldtown.loc["3.4 Out-of-court disposal policy and provision", "rating"] == "Good"
    assert pd.isna(oldtown.loc["2.1 Assessment", "rating"])  # a header word, never guessed

    midtown = rows_of(data, "Midtown")
    assert midtown["inspection"].unique().tolist() == ["HMIP2018"]
    assert midtown["date"].isna().all()
    assert midtown.loc["2.1 Assessment", "rating"] == "Good"  # footnote marker removed

    footnote = rows_of(data, "Footnote Town")
    assert pd.isna(footnote.loc["Overall", "rating"])
    assert footnote.loc["Overall", "points"] == 22.0

    assert loaded.report.rows_read == 4 and loaded.report.rows_rejected == 0
    assert loaded.report.ignored_columns == ["report_url"]


def test_messy_ratings_warnings(tmp_path):
    loaded = load(write(tmp_path, MESSY))
    by_row: dict[int, list[dict]] = {}
    for w in loaded.report.warnings:
        by_row.setdefault(w["row"], []).append(w)
    (header_word,) = by_row[3]
    assert (header_word["column"], header_word["value"]) == ("assessment", "Rating")
    assert "kept as missing" in header_word["message"]
    columns = {w["column"] for w in by_row[4]}
    assert columns == {"Publication Date", "overall_rating", "assessment"}
    disagree = next(w for w in by_row[4] if w["column"] == "overall_rating")
    assert "'Requires improvement'" in disagree["message"] and "26 points: Good" in (
        disagree["message"]
    )
    (footnote,) = by_row[5]
    assert footnote["column"] == "overall_rating"
    assert footnote["value"].startswith("1 The resettlement")
    assert "kept as missing" in footnote["message"]


def test_a_withheld_score_is_kept_as_missing_and_recorded(tmp_path):
    text = ("la_name,score_%,overall_rating,publication_date,assessment\n"
            "A,[c],Good,01/02/2025,Good\nB,75 [r],Good,01/02/2025,Good\n")
    loaded = load(write(tmp_path, text))
    overall = loaded.data[loaded.data["theme"] == "Overall"].set_index("service")
    assert pd.isna(overall.loc["A", "score"]) and pd.isna(overall.loc["A", "points"])
    assert overall.loc["B", "score"] == 75
    assert [(m["row"], m["value"], m["withheld"]) for m in loaded.report.markers] == [
        (2, "[c]", True), (3, "75 [r]", False)]
    assert any(w["row"] == 2 and "withheld ([c]: confidential)" in w["message"]
               for w in loaded.report.warnings)
    assert loaded.report.rows_rejected == 0


def test_no_date_column_gives_one_warning_for_the_file(tmp_path):
    text = ("la_name,score_%,overall_rating,assessment,planning\n"
            "A,50,Requires improvement,Good,Good\n")
    loaded = load(write(tmp_path, text))
    file_warnings = [w for w in loaded.report.warnings if w["row"] is None]
    assert len(file_warnings) == 1 and "no publication date" in file_warnings[0]["message"]
    assert loaded.data["date"].isna().all()
    assert loaded.data["inspection"].unique().tolist() == ["HMIP2018"]


@pytest.mark.parametrize("header", ["score_%", "score_", "score", "Score (%)"])
def test_score_headers(tmp_path, header):
    text = f"la_name,{header},overall_rating,assessment\nA,50,Requires improvement,Good\n"
    data = load(write(tmp_path, text)).data
    assert data.loc[data["theme"] == "Overall", "score"].tolist() == [50.0]


def test_bad_score_rejects_the_row(tmp_path):
    text = ("la_name,score_%,overall_rating,assessment\nA,150,Good,Good\nB,n/k,Good,Good\n"
            "C,50,Requires improvement,Good\n,50,Good,Good\nC,50,Good,Good\n")
    loaded = load(write(tmp_path, text))
    assert {r["row"]: r["reason"] for r in loaded.report.rejected} == {
        2: "score_% '150' is outside 0-100",
        3: "score_% 'n/k' is not a percentage",
        5: "la_name is blank",
        6: "repeats row 4 (same service and inspection)",
    }
    assert set(loaded.data["service"]) == {"C"}


def test_file_without_standards_is_an_input_error(tmp_path):
    path = write(tmp_path, "la_name,score_%,overall_rating\nA,50,Good\n")
    with pytest.raises(InputError, match="standard"):
        load(path, kind="hmip-ratings")


# -- the real scrape in ../shared/data --------------------------------------------------------
def published(path: Path) -> list[dict[str, str]]:
    """The scrape's rows with their line numbers, read with nothing but the csv module."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [dict(r, line=str(i)) for i, r in enumerate(rows, start=2)]


def test_real_scrape_every_row_kept_with_one_overall_row_each(shared_ratings):
    loaded = load(shared_ratings)
    rows = published(shared_ratings)
    assert loaded.kind == "hmip-ratings"
    assert loaded.report.rows_read == len(rows)
    assert loaded.report.rows_rejected == 0
    overall = loaded.data[loaded.data["theme"] == "Overall"]
    assert len(overall) == len(rows)
    assert overall["score"].tolist() == [float(r["score_%"]) for r in rows]
    standards = loaded.data[loaded.data["theme"] != "Overall"]
    assert set(standards["points"]) <= {0.0, 1.0, 2.0, 3.0}
    cells = sum(1 for r in rows for k, v in r.items() if v and k in STANDARD_HEADERS)
    assert len(standards) == cells


STANDARD_HEADERS = {
    "staff", "partnerships_and_services", "information_and_facilities", "assessment",
    "planning", "reviewing", "implementation_and_delivery", "resettlement_policy_and_provision",
    "governance_and_leadership", "outofcourt_disposal_policy_and_provision",
    "policy_and_provision", "joint_working",
}


def test_real_scrape_service_names_and_labels(shared_ratings):
    data = load(shared_ratings).data
    services = set(data["service"])
    assert "Tower Hamlets and City of London" in services
    assert not any(" - JI" in s or s.startswith("An inspection") for s in services)
    hackney = data.loc[data["service"] == "Hackney", "inspection"].unique().tolist()
    assert hackney == ["HMIP2018 2023 (joint inspection)"]
    assert data.loc[data["service"] == "Newcastle", "date"].iloc[0] == pd.Timestamp("2025-02-18")


def test_real_scrape_bands_agree_with_published_ratings_but_for_the_flagged_rows(
    shared_ratings,
):
    """The overall band computed from each service's points agrees with its published overall
    rating on every row except West Sussex (points in Good, published Requires improvement),
    Portsmouth (a footnote where the rating should be) and Bridgend (1.64 points, published
    Requires improvement): exactly the rows the cleaner flags on the overall rating."""
    rows = published(shared_ratings)
    # the percentage is published to 2 places (86.11 for 31 of 36 points): points are read back
    # to 2 places, as the cleaner does
    disagree = {
        r["la_name"]
        for r in rows
        if match_key(SCHEME.band_for(round(float(r["score_%"]) * 36 / 100, 2)).label)
        != match_key(r["overall_rating"])
    }
    assert disagree == {"West Sussex", "Portsmouth", "Bridgend"}

    loaded = load(shared_ratings)
    flagged_lines = {
        w["row"] for w in loaded.report.warnings if w["column"] == "overall_rating"
    }
    line_of = {r["la_name"]: int(r["line"]) for r in rows}
    assert flagged_lines == {line_of[name] for name in disagree}


def test_real_scrape_fractional_points_are_flagged(shared_ratings):
    rows = published(shared_ratings)
    fractional = {
        int(r["line"]) for r in rows
        if abs(float(r["score_%"]) * 36 / 100 - round(float(r["score_%"]) * 36 / 100)) > 0.05
    }
    loaded = load(shared_ratings)
    flagged = {w["row"] for w in loaded.report.warnings if w["column"] == "score_%"}
    assert flagged == fractional
    assert fractional  # Bridgend (4.56%) and Ceredigion (4.17%) stand for part points


def test_the_older_symbols_dot_dot_and_star_are_withheld_scores_too(tmp_path):
    """`..` (ONS before 2021) and `*` (MoJ and YJB tables) alone in a cell withhold it: the
    row is kept with the score missing and the symbol recorded, not rejected as "not a
    percentage"; `78*` is not a marker."""
    text = ("la_name,score_%,overall_rating,publication_date,assessment\n"
            "A,..,Good,01/02/2025,Good\nB,*,Good,01/02/2025,Good\nC,80,Good,01/02/2025,Good\n")
    loaded = load(write(tmp_path, text))
    overall = loaded.data[loaded.data["theme"] == "Overall"].set_index("service")
    assert overall["score"].isna().tolist() == [True, True, False]
    assert loaded.report.rows_rejected == 0
    assert [(m["row"], m["value"], m["withheld"]) for m in loaded.report.markers] == [
        (2, "..", True), (3, "*", True)]
    assert any(w["row"] == 2 and "not available" in w["message"]
               for w in loaded.report.warnings)
    from yosanalysis.clean.cells import split_marker

    assert split_marker("78*") == ("78*", None)
