"""The sample data in data/sample and its generator (`yosanalysis sample`).

The figures published in the Stockton-on-Tees board paper are checked from the CSV with plain
pandas, independently of the suite's cleaner and scorer. The last tests load every sample file
with `yosanalysis.load` and expect no rejected row.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import yosanalysis
from yosanalysis import sample
from yosanalysis.cli import main as cli_main
from yosanalysis.sample_national import write_national

SQS_THEMES = [
    "Reducing the likelihood of reoffending",
    "Protecting the public",
    "Protecting the child or young person",
    "Ensuring that sentence is served",
]
# The data contract's answer spellings ("Answer spellings met in practice"), by canonical answer.
CONTRACT_SPELLINGS = {
    "Yes": ["Y", "yes", "YES ", "Yes - see notes", "1", "TRUE", "✓", "Yes"],
    "No": ["N", "no", "0", "FALSE", "✗", "No"],
    "Partially": ["Partially", "partial", "in part"],
    "N/A": ["N/A", "NA", "n/a", "not applicable", "-"],
}
ANSWER = {spelling: answer for answer, spellings in CONTRACT_SPELLINGS.items()
          for spelling in spellings}
STANDARD_POINTS = {"outstanding": 3, "good": 2, "requires improvement": 1, "inadequate": 0}

STOCKTON_AUDIT = "synthetic-stockton-audit-2012-2014.csv"
NORTHSHIRE_AUDIT = "synthetic-northshire-audit-2023-2025.csv"
CASEWORK_AUDIT = "synthetic-casework-northshire-audit-2024-2025.csv"
WIDE_AUDITS = {  # file -> (question bank, encoding, separator)
    STOCKTON_AUDIT: ("synthetic-stockton-question-bank.csv", "utf-8-sig", ","),
    NORTHSHIRE_AUDIT: ("synthetic-northshire-question-bank.csv", "cp1252", ";"),
    CASEWORK_AUDIT: ("synthetic-casework-northshire-question-bank.csv", "utf-8", ","),
}
KINDS = {
    "stockton-sqs-2013-inspection.csv": "inspection",
    "synthetic-stockton-cci-2010-inspection.csv": "inspection",
    "synthetic-sqs-benchmark.csv": "inspection",
    "synthetic-hmip2018-ratings.csv": "hmip-ratings",
    "stockton-sqs-2013-recommendations.csv": "recommendations",
    "synthetic-northshire-recommendations.csv": "recommendations",
    STOCKTON_AUDIT: "audit",
    NORTHSHIRE_AUDIT: "audit",
    CASEWORK_AUDIT: "audit",
    "synthetic-northshire-hmip2018-inspection.csv": "inspection",
    "synthetic-hmip2025-inspection.csv": "inspection",
}


def read(path: Path, encoding: str = "utf-8", sep: str = ",") -> pd.DataFrame:
    """Every cell as the text written in the file (no value read as missing)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding, sep=sep)


def read_audit(sample_dir: Path, name: str) -> pd.DataFrame:
    """A wide audit file as written: metadata columns first, then a column per question."""
    _, encoding, sep = WIDE_AUDITS[name]
    return read(sample_dir / name, encoding, sep)


def question_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if re.match(r"Q\d+\b", c)]


def long_answers(frame: pd.DataFrame, round_column: str) -> pd.DataFrame:
    """One row per case and question: round, question id, answer as written and canonical."""
    return (
        frame.melt(id_vars=[round_column], value_vars=question_columns(frame),
                   var_name="question", value_name="written")
        .assign(
            question=lambda d: d["question"].str.extract(r"^(Q\d+)", expand=False),
            answer=lambda d: d["written"].map(ANSWER),
        )
    )


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return sample.write_sample(tmp_path_factory.mktemp("sample"), seed=2013)


# --- the generator ---------------------------------------------------------------------------

def test_generator_is_deterministic(tmp_path: Path, regenerated: list[Path]) -> None:
    again = sample.write_sample(tmp_path, seed=2013)
    assert [p.name for p in again] == [p.name for p in regenerated]
    for first, second in zip(regenerated, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_committed_sample_is_what_the_generator_writes(
    sample_dir: Path, regenerated: list[Path]
) -> None:
    committed = sorted(p.name for p in sample_dir.glob("*.csv"))
    assert committed == [p.name for p in regenerated]
    for path in regenerated:
        assert (sample_dir / path.name).read_bytes() == path.read_bytes(), (
            f"data/sample/{path.name} differs from the generator: run "
            "`yosanalysis sample --out data/sample`"
        )


def test_another_seed_gives_other_synthetic_data(tmp_path: Path, regenerated: list[Path]) -> None:
    other = {p.name: p.read_bytes() for p in sample.write_sample(tmp_path, seed=7)}
    first = {p.name: p.read_bytes() for p in regenerated}
    assert other[STOCKTON_AUDIT] != first[STOCKTON_AUDIT]
    # the files taken from the public board paper do not depend on the seed
    assert other["stockton-sqs-2013-inspection.csv"] == first["stockton-sqs-2013-inspection.csv"]


def test_synthetic_files_say_so_in_their_names(sample_dir: Path) -> None:
    from_board_paper = {"stockton-sqs-2013-inspection.csv", "stockton-sqs-2013-recommendations.csv"}
    for path in sample_dir.glob("*.csv"):
        assert path.name in from_board_paper or "synthetic" in path.name, path.name


def test_cli_sample_writes_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["sample", "--out", str(tmp_path / "out")]) == 0
    written = sorted(p.name for p in (tmp_path / "out").glob("*.csv"))
    assert written == sorted(sample.SAMPLE_FILES)
    out = capsys.readouterr().out
    assert f"Wrote {len(written)} sample files" in out
    assert all(name in out for name in written)


# --- no real person's details ----------------------------------------------------------------

@pytest.mark.parametrize("name", list(WIDE_AUDITS))
def test_case_references_and_auditors_are_fictional(sample_dir: Path, name: str) -> None:
    frame = read_audit(sample_dir, name)
    ref_column = next(c for c in frame.columns if c in {"Case Reference", "Case ID"})
    refs = frame[ref_column]
    assert refs.str.fullmatch(r"SYN-\d{4}").all()
    assert refs.is_unique
    assert set(frame["Auditor"]) <= set(sample.FICTIONAL_AUDITORS)
    assert len(set(frame["Auditor"])) >= 3


def test_no_case_reference_outside_the_audit_files(sample_dir: Path) -> None:
    for path in sample_dir.glob("*.csv"):
        if path.name not in WIDE_AUDITS:
            assert "SYN-" not in path.read_bytes().decode("utf-8-sig"), path.name


# --- the Stockton-on-Tees SQS inspection (public board paper) --------------------------------

@pytest.fixture
def stockton_items(sample_dir: Path) -> pd.DataFrame:
    return pd.read_csv(sample_dir / "stockton-sqs-2013-inspection.csv")


def test_stockton_inspection_reproduces_the_published_theme_averages(
    stockton_items: pd.DataFrame,
) -> None:
    themes = stockton_items.groupby("Theme", sort=False)["Score (%)"].mean()
    assert themes.index.tolist() == SQS_THEMES
    assert themes.tolist() == [91, 91, 87, 96]  # exactly, not just when rounded
    assert themes.mean() == 91.25
    assert round(themes.mean()) == 91
    assert stockton_items.groupby("Theme")["Item"].count().between(3, 5).all()


def test_stockton_inspection_range_and_review_items(stockton_items: pd.DataFrame) -> None:
    scores = stockton_items["Score (%)"]
    assert (scores.min(), scores.max()) == (80, 100)
    assert (scores == scores.round()).all()  # whole numbers
    by_item = stockton_items.set_index("Item")
    assert by_item.loc["Review of risk of harm", ["Theme", "Score (%)"]].tolist() == [
        "Protecting the public", 85]
    assert by_item.loc["Review of vulnerability", ["Theme", "Score (%)"]].tolist() == [
        "Protecting the child or young person", 80]


def test_stockton_inspection_metadata(stockton_items: pd.DataFrame) -> None:
    assert set(stockton_items["Service"]) == {"Stockton-on-Tees"}
    assert set(stockton_items["Inspection"]) == {"SQS 2013"}
    assert set(stockton_items["Framework"]) == {"Short Quality Screening"}
    assert set(stockton_items["Date"]) == {"25/11/2013"}
    assert "Overall" not in set(stockton_items["Theme"])  # overall is computed, not stored
    assert stockton_items["Cases"].between(14, 20).all()
    # each illustrative score is a whole-number percentage of its cases
    met = (stockton_items["Score (%)"] * stockton_items["Cases"] / 100).round()
    assert (met / stockton_items["Cases"] * 100).round().eq(stockton_items["Score (%)"]).all()


def test_previous_inspection_is_cci_and_lower(sample_dir: Path) -> None:
    cci = pd.read_csv(sample_dir / "synthetic-stockton-cci-2010-inspection.csv")
    assert set(cci["theme"]) == {"Safeguarding", "Risk of Harm", "Likelihood of Reoffending"}
    assert set(cci["inspection"]) == {"CCI 2010"}
    assert cci["score"].between(65, 89).all()
    assert cci["score"].max() < 87  # below every 2013 theme average


def test_recommendation_quotes_the_board_paper(sample_dir: Path) -> None:
    rec = read(sample_dir / "stockton-sqs-2013-recommendations.csv")
    assert rec.to_dict("records") == [{
        "id": "R1",
        "recommendation": "In all cases, reviews of assessments and plans to tackle the risk of "
        "harm to others and vulnerability should be timely and completed quickly in the event "
        "of a significant change in circumstances",
        "questions": "Q7;Q10",
        "target": "90",
        "due": "31/12/2014",
    }]


# --- the synthetic audits --------------------------------------------------------------------

def test_stockton_rounds_and_cases(sample_dir: Path) -> None:
    frame = read_audit(sample_dir, STOCKTON_AUDIT)
    sizes = frame.groupby("Audit round").size()
    expected = [f"{y} Q{q}" for y in (2012, 2013, 2014) for q in (1, 2, 3, 4)]
    assert sizes.index.tolist() == expected
    assert sizes.between(15, 30).all()
    assert set(frame["Service"].str.strip()) == {"Stockton-on-Tees"}


def test_northshire_rounds_and_cases(sample_dir: Path) -> None:
    frame = read_audit(sample_dir, NORTHSHIRE_AUDIT)
    sizes = frame.groupby("Round").size()
    assert sizes.index[0] == "2023 Q1" and sizes.index[-1] == "2025 Q2"
    assert len(sizes) == 10
    assert sizes.between(15, 30).all()


@pytest.mark.parametrize("name", list(WIDE_AUDITS))
def test_every_answer_is_a_contract_spelling_or_blank(sample_dir: Path, name: str) -> None:
    frame = read_audit(sample_dir, name)
    answers = long_answers(frame, frame.columns[1])
    odd = answers.loc[answers["answer"].isna() & answers["written"].ne(""), "written"]
    assert odd.empty, sorted(set(odd))
    # blanks (unanswered) and N/A both occur, and are different things
    assert answers["written"].eq("").any()
    assert answers["answer"].eq("N/A").any()


def test_stockton_audit_uses_the_whole_range_of_spellings(sample_dir: Path) -> None:
    answers = long_answers(read_audit(sample_dir, STOCKTON_AUDIT), "Audit round")
    assert set(ANSWER) <= set(answers["written"])


def test_question_headers_match_the_bank(sample_dir: Path) -> None:
    for name, (bank_name, _, _) in WIDE_AUDITS.items():
        frame = read_audit(sample_dir, name)
        bank = read(sample_dir / bank_name)
        assert bank.columns.tolist()[:3] == ["question_id", "theme", "question"]
        assert set(bank.columns[3:]) <= {"standard", "key_question"}  # for a mock inspection
        ids = [re.match(r"(Q\d+)[.):\- ]", c).group(1) for c in question_columns(frame)]
        assert ids == bank["question_id"].tolist()
        assert {"Q1", "Q10"} <= set(ids)
        assert len(ids) >= 10


def test_stockton_bank_uses_the_sqs_themes(sample_dir: Path) -> None:
    bank = read(sample_dir / "synthetic-stockton-question-bank.csv").set_index("question_id")
    assert sorted(set(bank["theme"])) == sorted(SQS_THEMES)
    assert bank.loc["Q7", "theme"] == "Protecting the public"
    assert bank.loc["Q10", "theme"] == "Protecting the child or young person"
    assert "reviewed on time" in bank.loc["Q7", "question"]


def test_stockton_audit_file_is_messy_in_accepted_ways(sample_dir: Path) -> None:
    raw = (sample_dir / STOCKTON_AUDIT).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # byte-order mark
    assert raw.count(b"\r\n\r\n") == 1  # one stray blank line
    frame = read_audit(sample_dir, STOCKTON_AUDIT)
    empty = [c for c in frame.columns if frame[c].eq("").all()]
    assert len(empty) == 1
    comments = frame["Comments"]
    assert comments.str.contains("<b>see file</b>", regex=False).any()
    assert comments.str.contains('"', regex=False).any() and comments.str.contains(",").any()
    forms = {
        "dd/mm/yyyy": r"\d\d/\d\d/\d{4}", "dd/mm/yy": r"\d\d/\d\d/\d\d", "iso": r"\d{4}-\d\d-\d\d",
        "long": r"\d\d [A-Z][a-z]+ \d{4}", "abbr": r"\d\d-[A-Z][a-z]{2}-\d{4}",
    }
    dates = frame["Date of audit"]
    for form, pattern in forms.items():
        assert dates.str.fullmatch(pattern).any(), form
    assert sum(dates.str.fullmatch(p) for p in forms.values()).eq(1).all()


def test_northshire_file_is_windows_1252_with_semicolons(sample_dir: Path) -> None:
    raw = (sample_dir / NORTHSHIRE_AUDIT).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert text.splitlines()[0].startswith("YOT;Round;Audit date;Case ID;Auditor;Q1")
    assert "’" in text and "£" in text


def _yes_rate(answers: pd.DataFrame, round_column: str, label: str,
              questions: list[str]) -> float:
    chosen = answers[answers[round_column].eq(label) & answers["question"].isin(questions)]
    applicable = chosen[chosen["answer"].isin(["Yes", "No", "Partially"])]
    return applicable["answer"].eq("Yes").mean()


def test_review_questions_improve_after_the_inspection(sample_dir: Path) -> None:
    answers = long_answers(read_audit(sample_dir, STOCKTON_AUDIT), "Audit round")
    answers = answers.rename(columns={"Audit round": "round"})
    review = ["Q7", "Q10"]
    first, last = (_yes_rate(answers, "round", r, review) for r in ("2012 Q1", "2014 Q4"))
    assert first < 0.75 < 0.8 < last
    others = [f"Q{i}" for i in range(1, 14) if f"Q{i}" not in review]
    whole = answers[answers["question"].isin(others) & answers["answer"].isin(
        ["Yes", "No", "Partially"])]
    assert 0.85 <= whole["answer"].eq("Yes").mean() <= 0.95


def test_northshire_reviewing_improves(sample_dir: Path) -> None:
    answers = long_answers(read_audit(sample_dir, NORTHSHIRE_AUDIT), "Round")
    reviewing = ["Q10", "Q11", "Q12"]
    assert (_yes_rate(answers, "Round", "2023 Q1", reviewing)
            < _yes_rate(answers, "Round", "2025 Q2", reviewing))


def test_northshire_recommendations_name_questions_in_its_bank(sample_dir: Path) -> None:
    recs = read(sample_dir / "synthetic-northshire-recommendations.csv")
    bank = read(sample_dir / "synthetic-northshire-question-bank.csv")
    asked = {q for cell in recs["questions"] for q in cell.split(";")}
    assert asked <= set(bank["question_id"])


# --- benchmark and ratings -------------------------------------------------------------------

def test_benchmark_ranks_stockton_among_fictional_services(sample_dir: Path) -> None:
    bench = read(sample_dir / "synthetic-sqs-benchmark.csv")
    scores = bench["Score"].str.rstrip("%").astype(int)
    own = bench["Service"].eq("Stockton-on-Tees")
    assert bench.loc[own, "Theme"].tolist() == SQS_THEMES
    assert scores[own].tolist() == [91, 91, 87, 96]
    others = bench.loc[~own, "Service"]
    assert others.str.fullmatch(r"Synthetic service \d\d").all()
    assert 25 <= others.nunique() <= 35
    assert scores[~own].between(60, 98).all()
    assert scores[~own].max() - scores[~own].min() >= 25
    years = bench["Date"].str[-4:]
    assert set(years) <= {"2013", "2014"}
    assert (bench.groupby("Service")["Theme"].nunique() == 4).all()


def test_ratings_file_has_the_real_scrapes_columns(sample_dir: Path, shared_ratings: Path) -> None:
    """The scrape's columns up to its 3.4 column, then the three out-of-court case standards the
    scrape leaves out, in its style (its `policy_and_provision` and `joint_working` columns hold
    3.4 under other names: one column for it is enough)."""
    ours = read(sample_dir / "synthetic-hmip2018-ratings.csv").columns.tolist()
    theirs = read(shared_ratings).columns.tolist()
    assert ours[:16] == theirs[:16]
    assert ours[16:] == ["outofcourt_assessment", "outofcourt_planning",
                         "outofcourt_implementation_and_delivery"]


def _band(points: pd.Series) -> pd.Series:
    """hmip-2018 overall bands from the data contract: 31-36, 19-30, 7-18, 0-6."""
    return pd.cut(points, [-1, 6, 18, 30, 36],
                  labels=["inadequate", "requires improvement", "good", "outstanding"]).astype(str)


def _check_ratings(ratings: pd.DataFrame) -> pd.Series:
    standards = ratings.iloc[:, 6:].apply(
        lambda col: col.str.split().str.join(" ").str.lower().map(STANDARD_POINTS))
    assert standards.notna().all().all()  # every standard rated, in a recognisable word
    # resettlement is rated but not counted toward the overall points
    points = standards.drop(columns=["resettlement_policy_and_provision"]).sum(axis=1)
    score = ratings["score_%"].astype(float)
    assert np.allclose(score, (points / 36 * 100).round(2))
    assert (ratings["overall_rating"].str.lower() == _band(points)).all()
    return points


def test_ratings_are_consistent(sample_dir: Path) -> None:
    ratings = read(sample_dir / "synthetic-hmip2018-ratings.csv")
    _check_ratings(ratings)
    names = ratings["la_name"]
    assert {"Stockton-on-Tees", "Northshire"} <= set(names)
    assert names.str.contains("Synthetic service").sum() >= 38
    years = ratings["publication_date"].str.split("/").str[-1].str[-2:].astype(int)
    assert years.between(21, 25).all()
    northshire = ratings[names.eq("Northshire")].iloc[0]
    assert northshire["overall_rating"] == "Requires Improvement"


# --- national scale, tried small -------------------------------------------------------------

def test_national_generator_at_small_scale(tmp_path: Path) -> None:
    sizes = {"services": 3, "rounds": 2, "cases": 5, "questions": 12}
    paths = write_national(tmp_path / "a", 2013, chunk=2, progress=False, **sizes)
    assert [p.name for p in paths] == sorted([
        "synthetic-national-audit.csv", "synthetic-national-question-bank.csv",
        "synthetic-national-sqs-inspection.csv", "synthetic-national-hmip2018-ratings.csv",
    ])
    files = {p.name: p for p in paths}
    audit = read(files["synthetic-national-audit.csv"], encoding="utf-8-sig")
    assert len(audit) == 3 * 2 * 5
    assert len(question_columns(audit)) == 12
    assert audit.groupby([audit["Service"].str.strip(), "Audit round"]).size().eq(5).all()
    assert audit["Audit round"].unique().tolist() == ["2022 Q1", "2022 Q2"]
    assert audit["Case Reference"].str.fullmatch(r"SYN-\d{4}").all()
    assert set(audit["Auditor"]) <= set(sample.FICTIONAL_AUDITORS)
    answers = long_answers(audit, "Audit round")
    assert answers.loc[answers["written"].ne(""), "answer"].notna().all()
    bank = read(files["synthetic-national-question-bank.csv"])
    assert len(bank) == 12 and bank["theme"].nunique() == 4
    services = set(audit["Service"].str.strip())
    assert len(services) == 3
    inspection = read(files["synthetic-national-sqs-inspection.csv"])
    assert set(inspection["Service"]) == services
    ratings = read(files["synthetic-national-hmip2018-ratings.csv"])
    assert set(ratings["la_name"]) == services
    _check_ratings(ratings)
    # deterministic, whatever the chunk size
    again = write_national(tmp_path / "b", 2013, chunk=2, progress=False, **sizes)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]


def test_national_generator_refuses_empty_sizes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        write_national(tmp_path, services=0, progress=False)


# --- every sample file loads without a rejected row (needs yosanalysis.load) ----------------

@pytest.mark.parametrize("name", sorted(KINDS))
def test_sample_file_loads_with_no_rejected_row(sample_dir: Path, name: str) -> None:
    bank = WIDE_AUDITS.get(name, (None,))[0]
    questions = None if bank is None else sample_dir / bank
    for kind in (KINDS[name], "auto"):
        loaded = yosanalysis.load(sample_dir / name, kind=kind, questions=questions)
        report = loaded.report
        assert report.rows_rejected == 0, report.rejected
        assert report.rows_kept == report.rows_read > 0
        assert len(loaded.data) > 0


def test_loaded_stockton_audit_keeps_every_answer(sample_dir: Path) -> None:
    frame = read_audit(sample_dir, STOCKTON_AUDIT)
    loaded = yosanalysis.load(sample_dir / STOCKTON_AUDIT, kind="audit",
                              questions=sample_dir / "synthetic-stockton-question-bank.csv")
    data = loaded.data
    assert loaded.report.rows_read == len(frame)
    assert len(data) == len(frame) * len(question_columns(frame))
    expected = long_answers(frame, "Audit round")["answer"].value_counts()
    assert data["answer"].value_counts().sort_index().to_dict() == \
        expected.sort_index().to_dict()
    unanswered = data["answer"].isna() | data["answer"].eq("")
    assert unanswered.sum() == long_answers(frame, "Audit round")["written"].eq("").sum()


# --- the data README and the report parameter files ------------------------------------------

def test_data_readme_gives_the_provenance_of_every_sample_file(sample_dir: Path) -> None:
    readme = (sample_dir.parent / "README.md").read_text(encoding="utf-8")
    for path in sample_dir.glob("*.csv"):
        assert f"`{path.name}`" in readme, path.name
    assert "yosanalysis sample --out data/sample" in readme
    assert "data/raw/" in readme


def test_board_paper_quotes_are_verbatim(sample_dir: Path) -> None:
    paper = sample_dir.parents[1].parent / "shared/reference/stockton-sqs-2013-board-paper.txt"
    if not paper.exists():
        pytest.skip(f"{paper} is absent: ../shared comes with the project's CI only")
    text = paper.read_text(encoding="utf-8")
    assert f"- {sample.RECOMMENDATION_R1}\n" in text
    for strength in sample.KEY_STRENGTHS:
        assert f"- {strength}\n" in text


@pytest.mark.parametrize("name", ["sample.yaml", "northshire.yaml"])
def test_report_parameter_files_point_at_sample_files(sample_dir: Path, name: str) -> None:
    import yaml
    root = sample_dir.parents[1]
    params = yaml.safe_load((root / "reports" / name).read_text(encoding="utf-8"))
    inputs = [p for p in params["inputs"].values() if p is not None]
    assert inputs and all((root / p).is_file() for p in inputs), inputs
    # every page; the mock inspection (06) where the audit's bank maps standards (Northshire)
    assert params["notebooks"] == [
        "01_inspection_overview", "02_theme_breakdown", "03_year_on_year", "04_benchmark",
        "05_recommendation_tracking",
    ] + (["06_mock_inspection"] if name == "northshire.yaml" else [])
    audit = read_audit(sample_dir, Path(params["inputs"]["audit"]).name)
    assert set(params["rounds"]) <= set(audit.iloc[:, 1])


def test_sample_report_carries_the_board_papers_key_strengths(sample_dir: Path) -> None:
    import yaml
    params = yaml.safe_load((sample_dir.parents[1] / "reports/sample.yaml").read_text("utf-8"))
    assert params["key_strengths"] == list(sample.KEY_STRENGTHS)
    assert params["service"] == "Stockton-on-Tees"
    assert params["scheme"] == "hmip-2013"
    assert params["partially"] == 0
