"""Comparisons: audit rounds against earlier rounds (`rounds`), inspections against earlier
inspections, also across frameworks, and a service against other services (`inspections`),
recommendations against their targets (`recommendations`), all resting on the difference of two
rates (`two`).

Audit comparisons take the case (the child) as the unit: see `yosanalysis.cases` and
docs/methods.md.

>>> compare_two(16, 20, 17, 20).verdict
'no clear evidence of change'
>>> compare_two(12, 30, 27, 30).verdict
'improved'
"""

from __future__ import annotations

from yosanalysis.compare.inspections import (
    NOT_TESTED,
    ONE_SIDE,
    benchmark,
    compare_inspections,
    ratings_distribution,
)
from yosanalysis.compare.recommendations import baseline_round, track_recommendations
from yosanalysis.compare.rounds import (
    compare_between,
    compare_rounds,
    services_overview,
    year_earlier,
)
from yosanalysis.compare.two import (
    DECLINED,
    IMPROVED,
    NO_CHANGE,
    TOO_FEW,
    Comparison,
    _newcombe,
    _verdicts,
    compare_two,
    newcombe_interval,
)

__all__ = [
    "DECLINED",
    "IMPROVED",
    "NO_CHANGE",
    "TOO_FEW",
    "Comparison",
    "baseline_round",
    "benchmark",
    "compare_between",
    "compare_inspections",
    "compare_rounds",
    "compare_two",
    "newcombe_interval",
    "ratings_distribution",
    "services_overview",
    "track_recommendations",
    "year_earlier",
]
_PRIVATE = (NOT_TESTED, ONE_SIDE, _newcombe, _verdicts)  # kept importable for older callers
