"""The pages of a board pack as data: each page's notebook, function and title, in reading order.
Kept free of pandas so the report can name its pages (and decide that nothing has changed)
before it imports anything heavy.

>>> TITLES["03_year_on_year"], FUNCTIONS["04_benchmark"]
('Year on year', 'comparison')
"""

from __future__ import annotations

__all__ = ["FUNCTIONS", "NOTEBOOKS", "TITLES"]

#: notebook name -> (the page function in `yosanalysis.pages`, the page's title)
_PAGES = {
    "01_inspection_overview": ("overview", "Inspection overview"),
    "02_theme_breakdown": ("theme_breakdown", "Theme breakdown"),
    "03_year_on_year": ("year_on_year", "Year on year"),
    "04_benchmark": ("comparison", "Comparison with other services"),
    "05_recommendation_tracking": ("recommendations",
                                   "Progress on the inspectors' recommendations"),
}
#: The notebooks of a board pack, in reading order.
NOTEBOOKS: tuple[str, ...] = tuple(_PAGES)
#: Each page's title, by its notebook's name.
TITLES: dict[str, str] = {name: title for name, (_, title) in _PAGES.items()}
#: Each page's function (a name in `yosanalysis.pages`), by its notebook's name.
FUNCTIONS: dict[str, str] = {name: function for name, (function, _) in _PAGES.items()}
