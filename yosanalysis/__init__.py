"""yosanalysis — cleans youth justice case file audits and inspection scores, and turns them into
the charts, tables and sentences of a Management Board pack.

The public functions are importable from the top level; each lives in the module named for its step
(io -> clean -> scoring -> compare -> charts / narrative -> report), and is imported only when first
used, so the command line starts quickly.

>>> import yosanalysis
>>> yosanalysis.__version__
'0.1.0'
>>> {"load", "inspection_summary", "compare_rounds", "wilson_interval"} <= set(dir(yosanalysis))
True
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# Modules whose `__all__` names are re-exported here, in the order of the flow.
_PUBLIC_MODULES = (
    "yosanalysis.format",
    "yosanalysis.clean",
    "yosanalysis.scoring",
    "yosanalysis.compare",
    "yosanalysis.mock",
    "yosanalysis.narrative",
    "yosanalysis.charts",
    "yosanalysis.privacy",
)


_SUBMODULES = ("cases", "charts", "clean", "compare", "format", "mock", "narrative", "pages",
               "privacy", "render", "schemes", "scoring", "spc", "verdicts")


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module = importlib.import_module(f"yosanalysis.{name}")
        globals()[name] = module
        return module
    for module_name in _PUBLIC_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if err.name == module_name:
                continue
            raise
        if name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            globals()[name] = value
            return value
    raise AttributeError(f"module 'yosanalysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The package's own names, its submodules and every public function of the flow, so that
    `dir(yosanalysis)` and tab completion in JupyterLab list the API (this imports the modules).
    """
    names = set(globals()) | set(_SUBMODULES)
    for module_name in _PUBLIC_MODULES:
        names |= set(importlib.import_module(module_name).__all__)
    return sorted(names)
