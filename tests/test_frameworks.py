"""HMIP's frameworks as data: a report's ratings typed one row per standard clean into the
framework's standards, court and out-of-court apart, and the overall rating is published,
computed from the counted standards, or "not given" — never `nan`."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import yosanalysis as yos
from yosanalysis import narrative
from yosanalysis.clean import load
from yosanalysis.pages import overview as overview_page
from yosanalysis.schemes import get_scheme, resolve_theme, standards_of

# East Sussex YJS, HMIP report published 17 September 2024, typed from its ratings table as a new
# user would: one row per standard, with its number, no overall row.
EAST_SUSSEX = (
    ("1.1 Governance and leadership", "Good"),
    ("1.2 Staff", "Good"),
    ("1.3 Partnerships and services", "Outstanding"),
    ("1.4 Information and facilities", "Outstanding"),
    ("2.1 Assessment", "Good"),
    ("2.2 Planning", "Inadequate"),
    ("2.3 Implementation and delivery", "Outstanding"),
    ("2.4 Reviewing", "Outstanding"),
    ("3.1 Assessment", "Requires improvement"),
    ("3.2 Planning", "Requires improvement"),
    ("3.3 Implementation and delivery", "Outstanding"),
    ("3.4 Out-of-court disposal policy and provision", "Good"),
    ("Resettlement policy and provision", "Requires improvement"),
)
HEADER = "Service,Inspection,Framework,Date,Standard,Rating\n"


def overview_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The overview page's table of a 2018-framework summary (`yosanalysis.pages.overview`)."""
    import sys

    return sys.modules[overview_page.__module__].summary_table(summary, "hmip-2018")


def typed(folder: Path, rows, name: str = "east-sussex.csv", service: str = "East Sussex",
          framework: str = "HMIP 2018", header: str = HEADER) -> Path:
    lines = [f"{service},HMIP 2024,{framework},17/09/2024,{theme},{rating}\n"
             for theme, rating in rows]
    path = folder / name
    path.write_text(header + "".join(lines), encoding="utf-8")
    return path


def test_east_sussex_cleans_to_13_standards_and_good_from_25_of_36(tmp_path):
    loaded = load(typed(tmp_path, EAST_SUSSEX))
    assert loaded.report.rejected == []
    assert loaded.data["theme"].tolist() == [t for t, _ in EAST_SUSSEX]
    summary = yos.inspection_summary(loaded.data, scheme="hmip-2018")
    standards = summary[summary["theme"] != "Overall"]
    assert len(standards) == 13
    assert standards["band"].tolist() == [r for _, r in EAST_SUSSEX]
    overall = summary.set_index("theme").loc["Overall"]
    assert overall["band"] == "Good"
    assert overall["points"] == 25  # resettlement (Requires improvement, 1 point) not counted
    assert overall["source"] == "computed"
    assert "25 of 36" in overall["note"] and "Resettlement policy and provision not counted" in (
        overall["note"])
    assert not standards.set_index("theme").loc["Resettlement policy and provision", "counted"]
    assert narrative.ratings_headline(summary, "East Sussex") == (
        "The overall rating for East Sussex was Good, with 69% of the available points "
        "(computed from the 12 counted standards' points: 25 of 36; Resettlement policy and "
        "provision not counted)."
    )


def test_the_published_scrape_gives_east_sussex_the_same_points():
    path = Path(__file__).resolve().parents[1].parent / "shared" / "data" / (
        "hmip_youth_ratings_2021_2025.csv")
    if not path.exists():
        pytest.skip(f"the HMIP ratings scrape is absent ({path})")
    data = load(path, kind="hmip-ratings").data
    mine = data[data["service"] == "East Sussex"]
    overall = mine[mine["theme"] == "Overall"].iloc[0]
    assert overall["points"] == 25 and overall["rating"] == "Good"
    # the scrape's bare "assessment" and "planning" columns hold the court standards
    rated = mine.set_index("theme")["rating"]
    assert rated["2.1 Assessment"] == "Good" and rated["2.2 Planning"] == "Inadequate"


@pytest.mark.parametrize("written", ["2.1 Assessment", "2.1", "Assessment (court)",
                                     "Court disposals – Assessment", "court disposals: assessment"])
def test_a_standard_is_read_as_reports_print_it(tmp_path, written):
    data = load(typed(tmp_path, [(written, "Good")])).data
    assert data["theme"].tolist() == ["2.1 Assessment"]


def test_court_and_out_of_court_standards_never_merge(tmp_path):
    rows = [("Assessment (court)", "Good"), ("Out-of-court disposals – Assessment", "Inadequate"),
            ("Planning", "Good")]
    loaded = load(typed(tmp_path, rows))
    assert loaded.data["theme"].tolist() == ["2.1 Assessment", "3.1 Assessment"]
    assert loaded.data["rating"].tolist() == ["Good", "Inadequate"]
    [rejected] = loaded.report.rejected
    assert rejected["row"] == 4
    assert "'Planning' is more than one standard of HMIP2018 (2.2 Planning or 3.2 Planning)" in (
        rejected["reason"])


def test_a_domain_column_settles_a_shared_name(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("Service,Inspection,Framework,Date,Domain,Standard,Rating\n"
                    "S,HMIP 2024,HMIP2018,01/02/2024,Court disposals,Planning,Good\n"
                    "S,HMIP 2024,HMIP2018,01/02/2024,3,Planning,Inadequate\n", encoding="utf-8")
    assert load(path).data["theme"].tolist() == ["2.2 Planning", "3.2 Planning"]


def test_a_rejected_standard_lists_the_accepted_ones(tmp_path):
    loaded = load(typed(tmp_path, [("2.1 Planning", "Good"), ("Leadership", "Good")]))
    reasons = [r["reason"] for r in loaded.report.rejected]
    assert len(reasons) == 2
    for reason in reasons:
        assert "accepted" in reason
        assert "1.1 Governance and leadership" in reason and "3.2 Planning" in reason
        assert "Resettlement policy and provision" in reason


def test_key_question_rows_keep_their_percentages(tmp_path):
    path = tmp_path / "kq.csv"
    path.write_text("Service,Inspection,Framework,Date,Standard,Key question,Score,Rating\n"
                    "S,HMIP 2024,HMIP2018,01/02/2024,2.1,,,Good\n"
                    "S,HMIP 2024,HMIP2018,01/02/2024,2.1,Desistance,85,\n"
                    "S,HMIP 2024,HMIP2018,01/02/2024,2.1,Keeping the child safe,70%,\n",
                    encoding="utf-8")
    data = load(path, kind="inspection").data
    assert data["item"].fillna("").tolist() == ["", "Desistance", "Keeping the child safe"]
    assert data["score"].fillna(-1).tolist() == [-1, 85.0, 70.0]


def test_one_counted_standard_missing_gives_not_given_never_nan(tmp_path):
    rows = [r for r in EAST_SUSSEX if not r[0].startswith("3.4")]
    summary = yos.inspection_summary(load(typed(tmp_path, rows)).data, scheme="hmip-2018")
    overall = summary.set_index("theme").loc["Overall"]
    assert overall["band"] == "not given" and overall["source"] == "not given"
    assert "3.4 Out-of-court disposal policy and provision" in overall["note"]
    headline = narrative.ratings_headline(summary, "St Helens")
    assert not re.search(r"\bnan\b", headline, re.IGNORECASE)
    assert headline.startswith("The overall rating for St Helens was not given")
    table = overview_table(summary)
    assert not re.search(r"\bnan\b|<NA>", table.astype(str).to_string(), re.IGNORECASE)
    assert table.iloc[-1].tolist()[:2] == ["Overall", "not given"]


def test_no_stars_on_any_2018_rating(tmp_path):
    summary = yos.inspection_summary(load(typed(tmp_path, EAST_SUSSEX)).data, scheme="hmip-2018")
    assert summary["stars"].isna().all()
    assert "Stars" not in overview_table(summary).columns
    assert not get_scheme("hmip-2018").has_stars
    assert yos.band(25, "hmip-2018").stars_text == ""
    descriptors = yos.charts.descriptor_table("hmip-2018")
    assert "★" not in descriptors.to_html() and "Stars" not in descriptors.data.columns


def test_the_2013_descriptors_carry_the_board_papers_caveat():
    html = yos.charts.descriptor_table("hmip-2013").to_html()
    paper = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / (
        "stockton-sqs-2013-board-paper.txt")
    quoted = ("Whilst not directly applied to the SQS inspection framework, it helps provide an "
              "understanding of the expected range of scores and benchmark local performance.")
    assert quoted in html
    if paper.exists():  # the quotation is word for word
        assert quoted in paper.read_text(encoding="utf-8")


def test_the_2018_scheme_holds_the_frameworks_standards_and_rules():
    standards = standards_of("HMIP2018")
    assert [s.label for s in standards if s.counted] == [
        "1.1 Governance and leadership", "1.2 Staff", "1.3 Partnerships and services",
        "1.4 Information and facilities", "2.1 Assessment", "2.2 Planning",
        "2.3 Implementation and delivery", "2.4 Reviewing", "3.1 Assessment", "3.2 Planning",
        "3.3 Implementation and delivery", "3.4 Out-of-court disposal policy and provision"]
    assert resolve_theme("HMIP2018", "Joint working")[0] == (
        "3.4 Out-of-court disposal policy and provision")
    scheme = get_scheme("hmip-2018")
    assert scheme.ratings == {"Outstanding": 3, "Good": 2, "Requires improvement": 1,
                              "Inadequate": 0}
    assert [(b.label, b.min) for b in scheme.bands] == [
        ("Outstanding", 31), ("Good", 19), ("Requires improvement", 7), ("Inadequate", 0)]
    rule = scheme.case_rating
    assert rule.rule == "lowest key question" and "reading" in rule.source.lower()
    assert [(b.label, b.min) for b in rule.bands] == [
        ("Outstanding", 80), ("Good", 65), ("Requires improvement", 50), ("Inadequate", 0)]


# A 2025-framework report typed from the rating words HMIP publishes (a fictional service).
def test_a_2025_framework_file_cleans_and_reports_the_published_ratings(tmp_path):
    rows = [("Work with children", "Good"), ("Work with victims", "Requires improvement"),
            ("Overall", "Good")]
    loaded = load(typed(tmp_path, rows, framework="Inspection of youth justice work with "
                        "children and victims"))
    assert loaded.report.rejected == [] and loaded.report.warnings == []
    assert set(loaded.data["framework"]) == {"HMIP2025"}
    summary = yos.inspection_summary(loaded.data, scheme=None)
    assert summary["band"].tolist() == ["Good", "Requires improvement", "Good"]
    assert summary["stars"].isna().all()
    assert narrative.ratings_headline(summary, "East Sussex") == (
        "The overall rating for East Sussex was Good.")


def test_a_2025_file_without_an_overall_rating_says_the_rule_is_not_published(tmp_path):
    rows = [("Work with children", "Good"), ("Work with victims", "Outstanding")]
    summary = yos.inspection_summary(load(typed(tmp_path, rows, framework="HMIP 2025")).data,
                                     scheme="hmip-2025")
    overall = summary.set_index("theme").loc["Overall"]
    assert overall["band"] == "not given"
    assert "HMIP publishes no rule" in overall["note"]
    assert pd.isna(overall["points"])


def _run_overview(monkeypatch, **parameters) -> list[str]:
    """The overview page (notebook 01's one call: `yosanalysis.pages.overview`) on the given
    inputs, as the reader's HTML."""
    from yosanalysis import pages
    from yosanalysis.render.html import page_html

    inspection_file = parameters.pop("inspection_file")
    parameters.pop("recommendations_file", None)
    params = pages.Params(**parameters)
    inputs = pages.Inputs.load(params, inspection=inspection_file)
    return [page_html(pages.overview(inputs, params))]


def test_a_2025_framework_inspection_shows_in_the_overview(monkeypatch, sample_dir):
    shown = _run_overview(
        monkeypatch, service="Synthetic service 41", inspection="", scheme="hmip-2025",
        inspection_file=str(sample_dir / "synthetic-hmip2025-inspection.csv"),
        recommendations_file="")
    html = "\n".join(shown)
    assert "The overall rating for Synthetic service 41 was Good." in html
    assert "Work with victims" in html and "Requires improvement" in html
    assert "★" not in html and not re.search(r"\bnan\b", html)


def test_the_2018_overview_of_a_typed_report_has_no_stars_and_no_nan(monkeypatch, sample_dir):
    shown = _run_overview(
        monkeypatch, service="Northshire", inspection="", scheme="hmip-2018",
        inspection_file=str(sample_dir / "synthetic-northshire-hmip2018-inspection.csv"),
        recommendations_file="")
    html = "\n".join(shown)
    assert "The overall rating for Northshire was Requires improvement" in html
    assert "computed from the 12 counted standards" in html
    assert "3.1 Assessment" in html and "2.1 Assessment" in html
    assert "★" not in html and not re.search(r"\bnan\b", html)


def test_the_2013_overview_carries_the_descriptors_caveat(monkeypatch, sample_dir):
    html = "\n".join(_run_overview(
        monkeypatch, service="Stockton-on-Tees", inspection="SQS 2013", scheme="hmip-2013",
        inspection_file=str(sample_dir / "stockton-sqs-2013-inspection.csv")))
    assert "not directly applied to the SQS inspection framework" in html
