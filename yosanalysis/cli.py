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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `yosanalysis` command."""
    parser = argparse.ArgumentParser(
        prog="yosanalysis",
        description="Clean youth justice audit and inspection data and build board packs.",
    )
    parser.add_argument("--version", action="version", version=f"yosanalysis {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is being done")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check input files and report every rejected row")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--kind", choices=KINDS, default="auto", help="kind of input (default: auto)")
    p.add_argument("--questions", metavar="BANK.csv", help="question bank for wide audit files")
    p.add_argument("--json", action="store_true", help="one JSON object per file, one per line")

    p = sub.add_parser("clean", help="write the canonical table and the rejected rows of a file")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--kind", choices=KINDS, default="auto", help="kind of input (default: auto)")
    p.add_argument("--questions", metavar="BANK.csv", help="question bank for wide audit files")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write into")

    p = sub.add_parser("sample", help="write the synthetic sample data (seeded, deterministic)")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--scale", choices=("sample", "national"), default="sample")
    p.add_argument("--seed", type=int, default=2013)

    p = sub.add_parser("gallery", help="write every chart from the sample data, for review")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--data", default=None, metavar="DIR", help="sample data folder")

    p = sub.add_parser("report", help="run the notebooks and build the board pack")
    p.add_argument("--config", default="reports/sample.yaml", metavar="FILE")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="notebooks run at once")
    p.add_argument("--force", action="store_true", help="rebuild even if nothing has changed")
    p.add_argument("--services", default=None, help="'all', or names separated by commas")
    return parser


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
