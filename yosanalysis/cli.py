"""The `yosanalysis` command (also `python -m yosanalysis`).

Each sub-command is defined here and carried out by the module that owns the work, imported only
when that sub-command runs. Errors the suite raises on purpose (bad data, bad parameters) become one
message on stderr and an exit code, never a traceback.

>>> build_parser().parse_args(["validate", "a.csv", "--json"]).json
True
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from yosanalysis import __version__
from yosanalysis.errors import YosError

KINDS = ("auto", "inspection", "audit", "hmip-ratings", "recommendations")

# sub-command -> "module:function"; the function takes the parsed arguments and returns an exit code
_HANDLERS = {
    "validate": "yosanalysis.clean.commands:validate",
    "clean": "yosanalysis.clean.commands:clean",
    "sample": "yosanalysis.sample_national:main",
    "gallery": "yosanalysis.gallery:main",
    "report": "yosanalysis.report:main",
}


_CLEAN_EXITS = (
    "exit codes: 0 every row of every file kept; 1 some rows rejected or a cell held a "
    "spreadsheet error (#N/A, #REF!); 2 a file cannot be used at all (the reason on stderr)"
)
_EXITS = "exit codes: 0 done; 2 bad parameters or data (one line on stderr saying why)"


def _reading_options(p: argparse.ArgumentParser) -> None:
    """The options that say how to read an input file (as an input's keys in a report's YAML)."""
    p.add_argument("--kind", choices=KINDS, default="auto",
                   help="kind of input (default: auto, recognised from the header)")
    p.add_argument("--questions", metavar="BANK.csv", default=None,
                   help="question bank of a wide audit export (default: the one file named "
                   "*question*bank*.csv next to the export)")
    p.add_argument("--sheet", metavar="NAME", default=None,
                   help="the sheet of a workbook (.xlsx, .xlsm, .ods) to read (default: the "
                   "only sheet, or the first with data; the report says which)")
    p.add_argument("--dates", choices=("day-first", "month-first"), default=None,
                   help="the order of day and month in the file's dates (default: decided per "
                   "column: day-first unless the values show month-first)")
    p.add_argument("--set", dest="constants", action="append", default=[],
                   metavar="COLUMN=VALUE",
                   help="give every row this value, for a column the file lacks, e.g. "
                   "--set service=Westmere (default: none; may be repeated)")
    p.add_argument("--column", dest="columns", action="append", default=[],
                   metavar="HEADER=COLUMN",
                   help="read the file's column HEADER as the canonical COLUMN, e.g. "
                   "--column 'Reviewer=auditor' (default: none; may be repeated)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `yosanalysis` command; every option's help gives its
    default, and every sub-command's help its exit codes.

    >>> "reports/sample.yaml" in build_parser()._subparsers._group_actions[0].choices[
    ...     "report"].format_help()
    True
    """
    parser = argparse.ArgumentParser(
        prog="yosanalysis",
        description="Clean youth justice audit and inspection data and build board packs.",
        epilog="Run `yosanalysis COMMAND --help` for a command's options and exit codes.",
    )
    parser.add_argument("--version", action="version", version=f"yosanalysis {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="log what is being done (default: warnings only)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check input files and report every rejected row",
                       description="Check input files (CSV or workbooks) and print, for each, "
                       "the rows kept and rejected with reasons, and every value interpreted.",
                       epilog=_CLEAN_EXITS)
    p.add_argument("files", nargs="+", metavar="FILE", help="the files to check")
    _reading_options(p)
    p.add_argument("--json", action="store_true",
                   help="one JSON object per file, one per line (default: readable text)")
    _max_input(p)

    p = sub.add_parser("clean", help="write the canonical table and the rejected rows of a file",
                       description="Write DIR/<stem>.clean.csv (the canonical table) and "
                       "DIR/<stem>.rejected.csv (the rejected rows as read, with reasons).",
                       epilog=_CLEAN_EXITS)
    p.add_argument("file", metavar="FILE", help="the file to clean (CSV or a workbook)")
    _reading_options(p)
    p.add_argument("--out", required=True, metavar="DIR",
                   help="folder to write into (required; never the input's own folder)")
    _max_input(p)

    p = sub.add_parser("sample", help="write the synthetic sample data (seeded, deterministic)",
                       epilog=_EXITS)
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write into (required)")
    p.add_argument("--scale", choices=("sample", "national"), default="sample",
                   help="one region's services, or every service in England and Wales "
                   "(default: sample)")
    p.add_argument("--seed", type=int, default=2013,
                   help="random seed: the same seed writes the same files (default: 2013)")

    p = sub.add_parser("gallery", help="write every chart from the sample data, for review",
                       epilog=_EXITS)
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write into (required)")
    p.add_argument("--data", default=None, metavar="DIR",
                   help="sample data folder (default: the project's data/sample)")

    p = sub.add_parser(
        "report", help="run the notebooks and build the board pack",
        description="Build the board pack a report's YAML describes into the project's "
        "outputs/<report>/, then say what the inputs lost (rows rejected, warnings, question "
        "ids not in the question bank).",
        epilog="exit codes: 0 built (or nothing changed); 1 a notebook failed, the privacy "
        "check stopped the pack, or --strict and the inputs lost data; 2 bad parameters or "
        "an unusable input (one line on stderr saying why)")
    p.add_argument("--config", default="reports/sample.yaml", metavar="FILE",
                   help="the report's YAML file; input paths in it are read against the project "
                   "root for a file in reports/, else against its own folder "
                   "(default: reports/sample.yaml)")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="notebooks run at once (default: the number of CPUs)")
    p.add_argument("--force", action="store_true",
                   help="rebuild even if nothing has changed (default: skip an unchanged pack)")
    p.add_argument("--services", default=None,
                   help="'all', or names separated by commas: a pack per service and a "
                   "regional summary (default: the YAML's one service)")
    p.add_argument("--strict", action="store_true",
                   help="refuse to build when an input has rejected rows, spreadsheet errors, "
                   "warnings or recommendations measured by unknown question ids "
                   "(default: build, and list them)")
    _max_input(p)
    return parser


def _megabytes(text: str) -> float:
    """The value of `--max-input-mb`: a number of megabytes above 0 (`io.check_limit`).

    >>> _megabytes("500")
    500.0
    """
    from yosanalysis.io import check_limit

    try:
        return check_limit(float(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a number of megabytes above 0, e.g. 500; got {text!r}") from None


def _max_input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-input-mb", type=_megabytes, default=None, metavar="MB",
                        help="refuse inputs larger than this many megabytes (default: 200, or "
                        "the report's max_input_mb)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    module_name, func_name = _HANDLERS[args.command].split(":")
    handler = getattr(importlib.import_module(module_name), func_name)
    try:
        return int(handler(args) or 0)
    except YosError as err:
        print(f"yosanalysis {args.command}: error: {err}", file=sys.stderr)
        return err.exit_code
    except OSError as err:  # a folder that cannot be written, a full disk: one line, no trace
        where = f" {err.filename}" if err.filename else ""
        print(f"yosanalysis {args.command}: error:{where}: {err.strerror or err}",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("yosanalysis: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
