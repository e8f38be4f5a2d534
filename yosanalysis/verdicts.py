"""The words a comparison ends in, as enums that `compare`, `narrative` and `charts` share, so a
renamed verdict is renamed everywhere at once.

The values are `str` (a `StrEnum`), so a verdict is written to a table or a CSV as its words and
compares equal to them.

>>> Verdict.IMPROVED == "improved", str(Verdict.TOO_FEW)
(True, 'too few cases to say')
>>> Verdict.IMPROVED.is_change, Verdict.NO_CHANGE.is_change
(True, False)
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Verdict"]


class Verdict(StrEnum):
    """The verdict of one comparison of two rates (see `yosanalysis.compare`)."""

    IMPROVED = "improved"
    DECLINED = "declined"
    NO_CHANGE = "no real change"
    TOO_FEW = "too few cases to say"

    @property
    def is_change(self) -> bool:
        """True for a change beyond chance: `improved` or `declined`."""
        return self in (Verdict.IMPROVED, Verdict.DECLINED)
