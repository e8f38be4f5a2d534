"""A report's parameters and its inputs, loaded and filtered once for every page.

`Params` holds what the report's YAML says about the analysis (the service, the scheme, the
rounds, how `Partially` counts, the suppression threshold …); `Inputs.load` reads each input file
given (through `yosanalysis.load`, and so through the cleaned-file cache when `cache` names a
folder), keeps the service's own rows where a page needs only those, and holds the rest. The page
functions take both and compute nothing from files themselves.

>>> from pathlib import Path
>>> sample = Path(__file__).resolve().parents[2] / "data" / "sample"
>>> params = Params(service="Stockton-on-Tees", inspection="SQS 2013")
>>> inputs = Inputs.load(params, inspection=sample / "stockton-sqs-2013-inspection.csv")
>>> sorted(inputs.given), inputs.answers is None
(['inspection'], True)
>>> sorted(set(inputs.inspection["service"]))
['Stockton-on-Tees']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from yosanalysis.privacy import DEFAULT_THRESHOLD, check_threshold

__all__ = ["INPUT_NAMES", "Inputs", "Params", "latest_round"]

#: The inputs a report may give, by the name its YAML uses under `inputs:`.
INPUT_NAMES = ("inspection", "previous_inspection", "audit", "questions", "recommendations",
               "benchmark", "ratings")


@dataclass(frozen=True)
class Params:
    """What the pages need to know beyond the data: the service (as the inputs spell it), the
    inspection's label (`""` for the service's only one), the rating scheme, whether the data is
    synthetic, the credit a `Partially` answer earns (0, 0.5 or 1), the fewest cases a change is
    tested on, the suppression threshold (counts of cases), the two audit rounds compared, and
    the inspectors' key strengths and summary as the report's YAML gives them; and whether
    charts are drawn as PNG too (for the Word paper and `figures/*.png`) or as SVG only."""

    service: str
    inspection: str = ""
    scheme: str = "hmip-2013"
    synthetic: bool = False
    partially: float = 0.0
    min_cases: int = 10
    suppress_below: int = DEFAULT_THRESHOLD
    rounds: tuple[str, ...] = ()
    key_strengths: tuple[str, ...] = ()
    summary_quote: str = ""
    png: bool = True

    def __post_init__(self) -> None:
        check_threshold(self.suppress_below)
        object.__setattr__(self, "rounds", tuple(str(r) for r in self.rounds or ()))
        object.__setattr__(self, "key_strengths",
                           tuple(str(s) for s in self.key_strengths or ()))
        object.__setattr__(self, "inspection", str(self.inspection or ""))
        object.__setattr__(self, "summary_quote", str(self.summary_quote or ""))


def _given(path: str | Path | None) -> Path | None:
    return Path(path) if path not in (None, "") else None


@dataclass
class Inputs:
    """The cleaned inputs of one report. Each is None where it was not given.

    - `inspection`: the service's rows of the inspection file (its one inspection, or the one
      `Params.inspection` names); `previous_inspection`: the service's rows of the earlier one;
    - `answers`: the service's rows of the case file audit (long: one row per case and question);
      `questions`: its question bank (`question_id, theme, question`, …);
    - `recommendations`: the inspectors' recommendations; `benchmark` and `ratings`: every
      service's scores or published ratings, for comparison with the others;
    - `given`: the names of the inputs given, with the file's name (not its folder).
    """

    inspection: pd.DataFrame | None = None
    previous_inspection: pd.DataFrame | None = None
    answers: pd.DataFrame | None = None
    questions: pd.DataFrame | None = None
    recommendations: pd.DataFrame | None = None
    benchmark: pd.DataFrame | None = None
    ratings: pd.DataFrame | None = None
    given: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, params: Params, *, inspection: str | Path | None = None,
             previous_inspection: str | Path | None = None, audit: str | Path | None = None,
             questions: str | Path | None = None, recommendations: str | Path | None = None,
             benchmark: str | Path | None = None, ratings: str | Path | None = None,
             cache: str | Path | None = None,
             options: Mapping[str, Any] | None = None) -> Inputs:
        """Read the inputs given (a path, or `""`/None for one not given) and keep the
        service's rows. `options` says how to read an input, by its name (its sheet, a column
        map, constant columns: `clean.options.InputOptions`, or the same as a mapping, as a
        report's YAML gives it). Raises `InputError` for a file that cannot be used (see
        `load`)."""
        from yosanalysis.clean import load
        from yosanalysis.clean.options import InputOptions

        how = {name: (o if isinstance(o, InputOptions) else InputOptions.from_dict(o))
               for name, o in (options or {}).items()}

        files = {"inspection": inspection, "previous_inspection": previous_inspection,
                 "audit": audit, "questions": questions, "recommendations": recommendations,
                 "benchmark": benchmark, "ratings": ratings}
        paths = {k: p for k, v in files.items() if (p := _given(v)) is not None}
        where = _given(cache)
        found = cls(given={k: p.name for k, p in paths.items()})

        def read(name: str, kind: str = "auto", bank: Any = None) -> Any:
            return load(paths[name], kind=kind, questions=bank, cache=where,
                        options=how.get(name))

        if "inspection" in paths:
            found.inspection = _inspection_rows(read("inspection").data, params.service,
                                                params.inspection)
        if "previous_inspection" in paths:
            found.previous_inspection = _inspection_rows(read("previous_inspection").data,
                                                         params.service, "")
        if "audit" in paths:
            audit = read("audit", "audit", paths.get("questions"))
            found.answers = _service_rows(audit.data, params.service)
            found.questions = audit.questions
        if "recommendations" in paths:
            found.recommendations = read("recommendations", "recommendations").data
        if "ratings" in paths:
            found.ratings = read("ratings", "hmip-ratings").data
        if "benchmark" in paths:
            kind = "hmip-ratings" if params.scheme == "hmip-2018" else "inspection"
            found.benchmark = read("benchmark", kind).data
        return found

    def inspection_date(self) -> Any:
        """The date of the inspection (the earliest `date` of its rows): when its
        recommendations were made; None where the inspection or its dates are not given."""
        if self.inspection is None or "date" not in self.inspection:
            return None
        dates = self.inspection["date"].dropna()
        return dates.min() if len(dates) else None

    def question_words(self) -> dict[str, str]:
        """Each audit question's words by its id (empty without a question bank)."""
        bank = self.questions
        if bank is None or "question" not in bank:
            return {}
        return dict(zip(bank["question_id"].astype(str), bank["question"].astype(str),
                        strict=True))


def latest_round(answers: pd.DataFrame, rounds: tuple[str, ...]) -> str:
    """The audit round a breakdown reads: the later of the report's two rounds, else the last
    round in the audit.

    >>> latest_round(pd.DataFrame({"audit": ["2013 Q4", "2014 Q1"]}), ())
    '2014 Q1'
    """
    from yosanalysis.scoring import sort_rounds

    return rounds[-1] if rounds else str(sort_rounds(answers["audit"].unique())[-1])


def _service_rows(data: pd.DataFrame, service: str) -> pd.DataFrame:
    return data[data["service"].astype(str) == service].reset_index(drop=True)


def _inspection_rows(data: pd.DataFrame, service: str, inspection: str) -> pd.DataFrame:
    rows = _service_rows(data, service)
    if inspection and "inspection" in rows:
        rows = rows[rows["inspection"].astype(str) == inspection].reset_index(drop=True)
    return rows
