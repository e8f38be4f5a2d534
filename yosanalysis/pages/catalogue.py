"""The pages of a board pack as data: each page's notebook, function and title, in reading order.
Kept free of pandas so the report can name its pages (and decide that nothing has changed)
before it imports anything heavy.

>>> TITLES["03_year_on_year"], FUNCTIONS["04_benchmark"]
('Year on year', 'comparison')
"""

from __future__ import annotations

__all__ = ["FUNCTIONS", "MODULES", "NOTEBOOKS", "TITLES"]

#: notebook name -> (the page's module in `yosanalysis/pages/`, its function, its title). A
#: module never shares its function's name: importing the module would hide the function.
_PAGES = {
    "01_inspection_overview": ("inspection", "overview", "Inspection overview"),
    "02_theme_breakdown": ("themes", "theme_breakdown", "Theme breakdown"),
    "03_year_on_year": ("trends", "year_on_year", "Year on year"),
    "04_benchmark": ("benchmark", "comparison", "Comparison with other services"),
    "05_recommendation_tracking": ("progress", "recommendations",
                                   "Progress on the inspectors' recommendations"),
    "06_mock_inspection": ("mock", "mock_inspection", "Mock inspection"),
}
#: The notebooks of a board pack, in reading order.
NOTEBOOKS: tuple[str, ...] = tuple(_PAGES)
#: Each page's title, by its notebook's name.
TITLES: dict[str, str] = {name: title for name, (_, _, title) in _PAGES.items()}
#: Each page's function (a name in `yosanalysis.pages`), by its notebook's name.
FUNCTIONS: dict[str, str] = {name: function for name, (_, function, _) in _PAGES.items()}
#: The module of `yosanalysis.pages` each page function lives in, by the function's name.
MODULES: dict[str, str] = {function: module for module, function, _ in _PAGES.values()}
