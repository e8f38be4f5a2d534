"""Where a table starts: the header row, below any title lines, notes or a merged group row."""

from __future__ import annotations

__all__ = ["HEADER_SEARCH_ROWS", "find_header"]

#: How many rows (blank ones left out) are looked at for the header row.
HEADER_SEARCH_ROWS = 12


def _filled(row: list[str]) -> int:
    return sum(1 for cell in row if cell.strip())


def _looks_like_data(cell: str) -> bool:
    """A cell a header never holds: a number or a date."""
    text = cell.strip()
    return bool(text) and (text.replace(".", "", 1).replace(",", "").isdigit()
                           or (text[:1].isdigit() and text.count("/") == 2))


def find_header(rows: list[list[str]]) -> int:
    """The position, among `rows` (the first non-blank rows of a table, each a list of cells),
    of the header row: the first row that fills more than half as many cells as the widest
    row (at least two, where rows have two or more) and is not mostly numbers or dates. Title
    lines, a note and a merged group row above the header fill fewer cells; where the first row
    qualifies, it is the header, as before.

    >>> find_header([["Report title", "", "", ""], ["", "Group", "", ""], ["A", "B", "C", ""],
    ...              ["1", "2", "3", "4"]])
    2
    >>> find_header([["A", "B", ""], ["1", "2", "3"]])
    0
    """
    counts = [_filled(r) for r in rows[:HEADER_SEARCH_ROWS]]
    if not counts:
        return 0
    widest = max(counts)
    least = min(2, widest)
    for position, (row, filled) in enumerate(zip(rows, counts, strict=False)):
        if filled >= least and filled > widest / 2 and \
                2 * sum(_looks_like_data(c) for c in row) <= filled:
            return position
    return 0
