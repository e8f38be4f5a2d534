"""The `validate` and `clean` sub-commands of the `yosanalysis` command line.

Exit codes: 0 when every row of every file was kept, 1 when some rows were rejected or a cell
held a spreadsheet error (`#N/A`, `#REF!`: never read as a value), 2 when a
file cannot be used at all (its problem goes to stderr as one line naming the file, never a
traceback). `validate` goes on to the next file after an unusable one and still exits 2.

>>> import argparse, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "recs.csv"
>>> _ = path.write_text("id,recommendation,questions,target\\nR1,Review plans,Q7,80\\n")
>>> validate(argparse.Namespace(files=[str(path)], kind="auto", questions=None, json=True))
... # doctest: +ELLIPSIS
{"file": "...recs.csv", "kind": "recommendations", "rows_read": 1, "rows_kept": 1, ...}
0
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from yosanalysis.clean import Loaded, load
from yosanalysis.clean.options import InputOptions
from yosanalysis.errors import ConfigError, InputError
from yosanalysis.io import MAX_INPUT_MB
from yosanalysis.writing import write_csv

__all__ = ["clean", "exit_code", "options_of", "validate"]


def _pairs(given: list[str] | None, what: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in given or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"{what} must be written NAME=VALUE; got {item!r}")
        pairs[name.strip()] = value.strip()
    return pairs


def options_of(args: argparse.Namespace) -> InputOptions:
    """How to read the files, from the command line's --sheet, --dates, --set, --column and
    --max-input-mb.

    >>> options_of(argparse.Namespace(sheet="Form1", dates=None, constants=["service=Westmere"],
    ...                               columns=[])).to_dict()
    {'sheet': 'Form1', 'columns': {}, 'constants': {'service': 'Westmere'}, 'dates': None}
    """
    return InputOptions(
        sheet=getattr(args, "sheet", None),
        columns=_pairs(getattr(args, "columns", None), "--column"),
        constants=_pairs(getattr(args, "constants", None), "--set"),
        dates=getattr(args, "dates", None),
        max_mb=getattr(args, "max_input_mb", None) or MAX_INPUT_MB,
    )


def exit_code(loaded: Loaded) -> int:
    """0 when every row was kept and no cell held a spreadsheet error, else 1.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "recs.csv"
    >>> _ = path.write_text("id,recommendation,questions,target\\nR1,Review,Q7,180\\n")
    >>> exit_code(load(path))
    1
    """
    return 0 if loaded.report.ok else 1


def validate(args: argparse.Namespace) -> int:
    """Check each file and print its cleaning report (one JSON object a line with `--json`)."""
    worst = 0
    for name in args.files:
        try:
            loaded = load(name, kind=args.kind, questions=args.questions,
                          options=options_of(args))
        except InputError as err:
            print(f"yosanalysis validate: error: {err}", file=sys.stderr)
            worst = 2
            continue
        except OSError as err:  # unreadable for another reason (an I/O error): say so, go on
            print(f"yosanalysis validate: error: {name}: cannot be read: "
                  f"{err.strerror or err}", file=sys.stderr)
            worst = 2
            continue
        if args.json:
            print(json.dumps(loaded.report.to_dict(), ensure_ascii=False))
        else:
            print(loaded.report.summary())
        worst = max(worst, exit_code(loaded))
    return worst


def _check_out(inputs: list[Path], out: Path) -> None:
    """Refuse an output folder that is an input's own folder, or an input itself."""
    target = out.resolve()
    for source in inputs:
        src = source.resolve()
        if target == src:
            raise InputError(out, "is an input file: --out must be a folder for the results")
        if target == src.parent:
            raise InputError(out, f"is the folder of the input {source.name}: choose another "
                             "--out, so that nothing is written next to the inputs")
    if target.exists() and not target.is_dir():
        raise InputError(out, "is a file, not a folder")


def clean(args: argparse.Namespace) -> int:
    """Write `OUT/<stem>.clean.csv` (the canonical table, ISO dates, UTF-8) and
    `OUT/<stem>.rejected.csv` (the rejected rows as read, with `row` and `reason`).

    Both are written whole (a temporary file renamed into place), never through a symbolic link
    and never onto an input; a cell a spreadsheet would run as a formula starts with `'` (see
    `yosanalysis.writing`)."""
    source = Path(args.file)
    out = Path(args.out)
    inputs = [source] + ([Path(args.questions)] if args.questions else [])
    _check_out(inputs, out)
    loaded = load(source, kind=args.kind, questions=args.questions, options=options_of(args))
    clean_path = out / f"{source.stem}.clean.csv"
    rejected_path = out / f"{source.stem}.rejected.csv"
    out.mkdir(parents=True, exist_ok=True)
    for target in (clean_path, rejected_path):  # both refused before either is written
        if target.is_symlink():
            raise InputError(target, "is a symbolic link: the suite never writes through one "
                             "(it could change the file it points to); remove it and run again")
        if any(target.resolve() == i.resolve() for i in inputs):
            raise InputError(target, "is an input file: the suite never writes onto its inputs")
    write_csv(clean_path, loaded.data, inputs=inputs, date_format="%Y-%m-%d")
    write_csv(rejected_path, loaded.rejected_rows(), inputs=inputs)
    print(loaded.report.summary())
    print(f"  wrote {clean_path} ({len(loaded.data):,} rows)")
    print(f"  wrote {rejected_path} ({loaded.report.rows_rejected:,} rows)")
    return exit_code(loaded)
