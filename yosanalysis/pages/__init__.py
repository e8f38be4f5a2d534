"""The pages of a board pack, each defined once: a function `(inputs, params) -> Page` that
computes everything a reader sees on it (headline, sentences, charts, tables), with every value
suppressed and worded, and nothing else. The notebooks display these pages, the reader's HTML is
that display, the Word paper renders the same pages' blocks, and the gallery draws their charts.

| page | function | notebook |
| --- | --- | --- |
| Inspection overview | `overview` | `01_inspection_overview` |
| Theme breakdown | `theme_breakdown` | `02_theme_breakdown` |
| Year on year | `year_on_year` | `03_year_on_year` |
| Comparison with other services | `comparison` | `04_benchmark` |
| Progress on the inspectors' recommendations | `recommendations` | `05_recommendation_tracking` |
| Mock inspection | `mock_inspection` | `06_mock_inspection` |

A page that lacks an optional input says which parameter would supply it (a `Notice`).

>>> from yosanalysis.pages import Inputs, Params, overview
>>> page = overview(Inputs(), Params(service="Anytown"))
>>> [block.kind for block in page.blocks][:2]
['notice', 'heading']
>>> PAGES["01_inspection_overview"] is overview
True
"""

from __future__ import annotations

import importlib
from typing import Any

from yosanalysis.pages.catalogue import FUNCTIONS, MODULES, NOTEBOOKS, TITLES

__all__ = [
    "FUNCTIONS",
    "INPUT_NAMES",
    "MIME",
    "NOTEBOOKS",
    "PAGES",
    "TITLES",
    "Block",
    "Bullets",
    "Figure",
    "Heading",
    "Inputs",
    "Notice",
    "Page",
    "Paragraph",
    "Params",
    "Quote",
    "Table",
    "comparison",
    "mock_inspection",
    "overview",
    "recommendations",
    "theme_breakdown",
    "year_on_year",
]

# Where each public name lives; imported when first used (the catalogue needs no pandas).
_HOMES = {
    **dict.fromkeys(("MIME", "Block", "Bullets", "Figure", "Heading", "Notice", "Page",
                     "Paragraph", "Quote", "Table"), "blocks"),
    **dict.fromkeys(("INPUT_NAMES", "Inputs", "Params"), "inputs"),
    **MODULES,
}


def __getattr__(name: str) -> Any:
    if name == "PAGES":
        value: Any = {key: __getattr__(function) for key, function in FUNCTIONS.items()}
    elif name in _HOMES:
        value = getattr(importlib.import_module(f"yosanalysis.pages.{_HOMES[name]}"), name)
    else:
        raise AttributeError(f"module 'yosanalysis.pages' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
