"""Privacy: small numbers suppressed (`privacy.suppress`, and `privacy.secondary` so that a
withheld value cannot come back by subtraction: pure functions the pages call) and
personal details kept out of everything meant for readers (`privacy.scan`, which reads the pack's
files). The scan is imported only when it is first used, so charts and pages that need the
threshold never load it.

>>> from yosanalysis.privacy import DEFAULT_THRESHOLD, format_count
>>> DEFAULT_THRESHOLD, format_count(3)
(5, 'fewer than 5')
"""

from __future__ import annotations

from typing import Any

from yosanalysis.privacy.secondary import (
    recoverable_values,
    secondary_suppression,
    suppress_hierarchy,
)
from yosanalysis.privacy.suppress import (
    COUNT_COLUMNS,
    DEFAULT_THRESHOLD,
    check_threshold,
    format_count,
    reader_table,
    suppress,
)

__all__ = [
    "COUNT_COLUMNS",
    "DEFAULT_THRESHOLD",
    "Finding",
    "check_pack",
    "check_threshold",
    "format_count",
    "personal_details",
    "reader_table",
    "recoverable_values",
    "scan_pack",
    "secondary_suppression",
    "suppress",
    "suppress_hierarchy",
]

_SCAN_NAMES = frozenset({"Finding", "check_pack", "personal_details", "scan_pack"})


def __getattr__(name: str) -> Any:
    if name in _SCAN_NAMES:
        from yosanalysis.privacy import scan

        return getattr(scan, name)
    raise AttributeError(f"module 'yosanalysis.privacy' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
