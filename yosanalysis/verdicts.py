"""The words a comparison, a control chart or a target check ends in, as enums that `compare`,
`spc`, `narrative` and `charts` share, so a renamed verdict is renamed everywhere at once.

The values are `str` (a `StrEnum`), so a verdict is written to a table or a CSV as its words and
compares equal to them.

>>> Verdict.IMPROVED == "improved", str(Verdict.TOO_FEW)
(True, 'too few cases to say')
>>> Verdict.IMPROVED.is_change, Verdict.NO_CHANGE.is_change
(True, False)
>>> str(TargetStatus.TOO_CLOSE)
'too close to call at this number of cases'
>>> Variation.IMPROVING.icon_text, Assurance.HIT_AND_MISS.icon_text
('↑ special cause: improving', '? hit and miss')
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Assurance", "TargetStatus", "Variation", "Verdict"]


class Verdict(StrEnum):
    """The verdict of one comparison of two rates (see `yosanalysis.compare`).

    `NO_CHANGE` says what the data can show — no clear evidence of change — never that nothing
    changed: a sentence that uses it also gives the interval.
    """

    IMPROVED = "improved"
    DECLINED = "declined"
    NO_CHANGE = "no clear evidence of change"
    TOO_FEW = "too few cases to say"
    #: Not said: the figures are withheld so that a small one cannot be worked out from them
    #: (`yosanalysis.pages.withheld`); pages write it, `compare` never returns it.
    WITHHELD = "withheld"

    @property
    def is_change(self) -> bool:
        """True for a change beyond chance: `improved` or `declined`."""
        return self in (Verdict.IMPROVED, Verdict.DECLINED)


class TargetStatus(StrEnum):
    """Whether a recommendation's target is met in a round (see
    `yosanalysis.compare.track_recommendations`): `met` when the whole interval of the
    percentage lies at or above the target, `not met` when it lies wholly below, else too close
    to call; `too few cases` under the report's `min_cases`."""

    MET = "met"
    NOT_MET = "not met"
    TOO_CLOSE = "too close to call at this number of cases"
    TOO_FEW = "too few cases"


class Variation(StrEnum):
    """The variation icon of a control chart (NHS England, "Making Data Count"): what the latest
    points say about the process (see `yosanalysis.spc.variation`)."""

    COMMON = "common cause"
    IMPROVING = "special cause: improving"
    CONCERNING = "special cause: concerning"
    NEUTRAL = "special cause: neither better nor worse"

    @property
    def icon_text(self) -> str:
        """The words drawn in the icon, led by a symbol so it does not rest on colour alone."""
        return {"common cause": "~ common cause", "special cause: improving":
                "↑ special cause: improving", "special cause: concerning":
                "! special cause: concerning"}.get(self.value, "• " + self.value)


class Assurance(StrEnum):
    """The assurance icon of a control chart with a target ("Making Data Count"): whether the
    process, as its limits show it, will meet the target (see `yosanalysis.spc.assurance`)."""

    PASSING = "consistently passing"
    FAILING = "consistently failing"
    HIT_AND_MISS = "hit and miss"

    @property
    def icon_text(self) -> str:
        """The words drawn in the icon, led by a letter or symbol (P, F, ?)."""
        return {"consistently passing": "P consistently passing",
                "consistently failing": "F consistently failing"}.get(self.value,
                                                                       "? " + self.value)
