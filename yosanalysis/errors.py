"""The suite's exceptions. The command line turns each into one plain message and an exit code."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ConfigError", "InputError", "ReportError", "YosError"]


class YosError(Exception):
    """Base of every error the suite raises on purpose (bad data, bad parameters)."""

    exit_code = 2


class InputError(YosError):
    """A file that cannot be used at all: not CSV, empty, header only, a required column missing.

    >>> str(InputError("data/x.csv", "required column 'service' is missing"))
    "data/x.csv: required column 'service' is missing"
    """

    def __init__(self, path: str | Path | None, problem: str):
        self.path = None if path is None else str(path)
        self.problem = problem
        super().__init__(problem if path is None else f"{path}: {problem}")


class ConfigError(YosError):
    """A report's parameters are wrong: the message names the parameter."""


class ReportError(YosError):
    """A report could not be built: the message names the notebook, the cell and the error."""

    exit_code = 1
