"""Secondary suppression: a withheld value must not come back by subtraction.

Where a total and its parts are both shown (a theme and its questions; an inspection theme, the
mean of its items, and those items; a recommendation and its questions; overall and its themes),
a single withheld member of the group could be worked out from the others. UK official
statistics then withhold a second value (ONS, "Disclosure control guidance for tables produced
from surveys"; GSS, "Statistical disclosure control: secondary suppression"). This module does
the same:

- `secondary_suppression` works on named members and groups, which may overlap (a question is a
  part of its theme and of the recommendation it measures): the pages call it, through
  `yosanalysis.pages.withheld`, once for everything a pack shows;
- `suppress_hierarchy` does it for one long table of totals and parts;
- `recoverable_values` computes every total-minus-parts a reader could work out from tables as
  shown: the tests run it on a pack's CSV tables.

>>> sorted(secondary_suppression({"theme": 30, "Q1": 18, "Q2": 9, "Q3": 3},
...                              [("theme", ["Q1", "Q2", "Q3"])]))
['Q2', 'Q3']
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from yosanalysis.privacy.suppress import (
    DEFAULT_THRESHOLD,
    _blanked,
    check_threshold,
    suppressed_flags,
)

__all__ = ["recoverable_values", "secondary_suppression", "suppress_hierarchy"]


def _small(count: object, threshold: int) -> bool:
    try:
        value = float(count)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return not math.isnan(value) and value < threshold


def secondary_suppression(
    counts: Mapping[Hashable, float],
    groups: Iterable[tuple[Hashable, Sequence[Hashable]]],
    threshold: int = DEFAULT_THRESHOLD,
    *,
    withheld: Iterable[Hashable] = (),
) -> frozenset[Hashable]:
    """The members to withhold: those resting on fewer than `threshold` cases (primary), those
    in `withheld` already, and enough others that no group has exactly one withheld member.

    `counts` maps each member a reader is shown (any hashable name) to its number of cases (a
    missing count is not a small one). `groups` lists `(total, parts)`: a total and the parts it
    is made of. Members not in `counts` are not shown and are ignored; a group whose total is
    not shown is no risk and is skipped. In a group with exactly one withheld member among
    those shown, the shown part with the fewest cases is withheld too (the first such, in the
    order of `parts`), or the total where no part is left; repeated over every group until
    none has exactly one, so groups that share parts are handled together. Returns the
    withheld members; raises ValueError for a bad `threshold`.

    >>> counts = {"R1": 40, "Q7": 20, "Q10": 3, "Theme": 26, "Q8": 25, "Q9": 26}
    >>> groups = [("R1", ["Q7", "Q10"]), ("Theme", ["Q8", "Q9", "Q10"])]
    >>> sorted(secondary_suppression(counts, groups))
    ['Q10', 'Q7', 'Q8']
    """
    threshold = check_threshold(threshold, 1)
    hidden = {m for m, n in counts.items() if _small(n, threshold)}
    hidden |= {m for m in withheld if m in counts}
    shown_groups = [(total, [p for p in dict.fromkeys(parts) if p in counts])
                    for total, parts in groups if total in counts]
    changed = True
    while changed:  # each pass withholds at least one more member, so it ends
        changed = False
        for total, parts in shown_groups:
            members = [total, *parts]
            if sum(m in hidden for m in members) != 1:
                continue
            left = [p for p in parts if p not in hidden]
            if left:
                sizes = [float(counts[p]) if not pd.isna(counts[p]) else math.inf for p in left]
                choice = left[int(np.argmin(sizes))]
            else:
                choice = total
            hidden.add(choice)
            changed = True
    return frozenset(hidden)


def _is_total(parts: pd.Series) -> pd.Series:
    return parts.isna() | parts.astype(str).str.strip().eq("")


#: Columns blanked on a withheld row besides the count: the answers and values that rest on it.
_HIERARCHY_VALUES = ("n", "answers", "cases", "yes", "partially", "no", "successes", "pct",
                     "low", "high", "score", "value")


def suppress_hierarchy(
    frame: pd.DataFrame,
    *,
    total_key: str,
    part_key: str,
    count: str = "cases",
    threshold: int = DEFAULT_THRESHOLD,
) -> pd.DataFrame:
    """`frame` with primary and secondary suppression: every row on fewer than `threshold`
    `count` withheld, and then, wherever a withheld value could be worked out from its total
    and the other parts, a second value withheld too — as UK official statistics do
    (ONS, "Disclosure control guidance for tables produced from surveys"; GSS, "Secondary
    suppression").

    `frame` holds totals and their parts in one long table: a total is a row whose `part_key`
    is empty (a theme's row, with `question` blank), its parts the rows sharing its
    `total_key`. In each group a single withheld value among the total and its parts could be
    recovered (total − shown parts, or the sum of the parts), so the smallest shown part is
    withheld as well, or the total where no other part is left; repeated until no group has
    exactly one. On withheld rows the `count` and the columns resting on it (`n`, `answers`,
    `cases`, `yes`, `partially`, `no`, `successes`, `pct`, `low`, `high`, `score`, `value`,
    where present) are blanked; `suppressed` says which rows were (flags already there are
    kept). Returns a copy; raises ValueError for a missing column or a bad threshold.

    >>> theme = pd.DataFrame({"theme": "Reviews", "question": [None, "Q1", "Q2", "Q3"],
    ...                       "cases": [30, 18, 9, 3], "yes": [20, 12, 6, 2]})
    >>> out = suppress_hierarchy(theme, total_key="theme", part_key="question")
    >>> out["suppressed"].tolist()
    [False, False, True, True]
    >>> recoverable_values([out], total_key="theme", part_key="question", columns=["yes"])
    []
    """
    threshold = check_threshold(threshold, 1)
    missing = [c for c in (total_key, part_key, count) if c not in frame.columns]
    if missing:
        raise ValueError(f"suppress_hierarchy: no column {', '.join(map(repr, missing))}")
    counts = pd.to_numeric(frame[count], errors="coerce")
    totals = _is_total(frame[part_key])
    flagged = suppressed_flags(frame)
    groups = [(rows[totals[rows]][0], list(rows[~totals[rows]]))
              for rows in map(pd.Index, frame.groupby(total_key, sort=False,
                                                       dropna=False).groups.values())
              if totals[rows].any()]
    chosen = secondary_suppression(counts.to_dict(), groups, threshold,
                                   withheld=frame.index[flagged])
    hidden = pd.Series(frame.index.isin(list(chosen)), index=frame.index)
    blank = [c for c in dict.fromkeys((count, *_HIERARCHY_VALUES)) if c in frame.columns]
    out = frame.assign(**{c: _blanked(frame[c], hidden) for c in blank})
    return out.assign(suppressed=hidden.to_numpy(dtype=bool))


def recoverable_values(
    tables: Sequence[pd.DataFrame],
    *,
    total_key: str,
    part_key: str,
    columns: Sequence[str],
) -> list[tuple[object, object, str, float]]:
    """Every value a reader could recover by subtraction from `tables` as shown: for each
    group of a total and its parts (as `suppress_hierarchy` reads them) and each additive
    column in `columns`, where the total is shown and exactly one part is blank, that part is
    `total − shown parts`; where only the total is blank, it is the sum of the parts. Returns
    `(total, part, column, value)` tuples (part None for a total); an empty list means no
    withheld value can be worked out this way. Tests use it on a pack's CSV tables.

    >>> shown = pd.DataFrame({"theme": "Reviews", "question": [None, "Q1", "Q2"],
    ...                       "yes": [20, 12, None]})
    >>> recoverable_values([shown], total_key="theme", part_key="question", columns=["yes"])
    [('Reviews', 'Q2', 'yes', 8.0)]
    """
    found: list[tuple[object, object, str, float]] = []
    for table in tables:
        if not {total_key, part_key} <= set(table.columns):
            continue
        totals = _is_total(table[part_key])
        for key, group in table.groupby(total_key, sort=False, dropna=False):
            is_total = totals[group.index]
            for column in (c for c in columns if c in group.columns):
                values = pd.to_numeric(group[column], errors="coerce")
                total, parts = values[is_total], values[~is_total]
                if len(total) != 1 or not len(parts):
                    continue
                blank_parts = parts[parts.isna()]
                if pd.notna(total.iloc[0]) and len(blank_parts) == 1:
                    part = group.loc[blank_parts.index[0], part_key]
                    found.append((key, part, column, float(total.iloc[0] - parts.sum())))
                elif pd.isna(total.iloc[0]) and not len(blank_parts):
                    found.append((key, None, column, float(parts.sum())))
    return found
