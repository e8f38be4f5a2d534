"""A folder of cleaned tables, so that an input is cleaned once however many notebooks read it.

A board pack reads the same files in several places: the report checks every input before it
starts, then each notebook loads what it needs in a kernel of its own. Cleaning is cheap for one
service's files, but each kernel would also pay for importing the cleaners and their pandera
schemas. With a cache folder, `load` looks for the cleaned table first and keeps what it cleaned.

An entry is found by what decides the result, never by a file's name or date: the bytes of the
file, the kind asked for, the bytes of the question bank (given, or the ones lying next to a file
that may need one), and the source of the package itself (so a changed cleaner never serves an
old result). An entry holds data only, never code: each table as a Parquet file (pyarrow) and the
cleaning report, kind and table names as JSON, written into a folder of its own and renamed into
place whole; reading one cannot run code (pickle could), and a damaged or planted entry is at
worst cleaned again. The folder is the project's own (`outputs/.cache/cleaned/`, git-ignored) and
holds personal data exactly as the inputs do: it is created private (0700), and a folder another
user owns, or others can write to, is not used (a warning says so and files are cleaned afresh).
Nothing is pruned: `make clean` empties it with the rest of `outputs/`.

The folder is `load(..., cache=FOLDER)` (a report passes its own, `outputs/.cache/cleaned`, to
its checks and its notebooks), or the environment variable `YOSANALYSIS_CACHE`, which an analyst
may set for JupyterLab.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = folder / "recs.csv"
>>> _ = path.write_text("id,recommendation,questions,target\\nR1,Review plans,Q7;Q10,80\\n")
>>> key = entry_key(path, "recommendations", None)
>>> fetch(folder / "cache", key, path) is None
True
"""

from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import json
import logging
import os
import shutil
import stat
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from yosanalysis.io import sha256_of

if TYPE_CHECKING:
    from yosanalysis.clean import Loaded

__all__ = ["BANK_PATTERN", "ENV", "entry_key", "fetch", "folder", "keep", "safe_folder"]

log = logging.getLogger(__name__)

#: The environment variable naming the cache folder.
ENV = "YOSANALYSIS_CACHE"
#: Files taken for the question bank lying next to a wide audit export (see `load`).
BANK_PATTERN = "*question*bank*.csv"


def folder(given: str | Path | None = None) -> Path | None:
    """The cache folder to use: the one given, else `$YOSANALYSIS_CACHE`, else none.

    >>> folder("/tmp/x")
    PosixPath('/tmp/x')
    """
    chosen = given if given is not None else os.environ.get(ENV) or None
    return Path(chosen) if chosen else None


def _digest(path: Path) -> str:
    return sha256_of(path)


@cache
def _package_digest() -> str:
    """The package's own source and rating schemes, and the versions of Python and the libraries
    cleaning uses: a changed cleaner, or an upgraded pandas, means new entries."""
    import sys
    from importlib.metadata import PackageNotFoundError, version

    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256(sys.version.encode())
    for name in ("pandas", "numpy", "pandera"):
        try:
            h.update(f"\0{name} {version(name)}".encode())
        except PackageNotFoundError:
            h.update(f"\0{name} none".encode())
    for part in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".yaml")):
        h.update(part.relative_to(root).as_posix().encode())
        h.update(part.read_bytes())
    return h.hexdigest()


def entry_key(path: Path, kind: str, questions: str | Path | None,
              options: dict | None = None) -> str:
    """The name of a file's entry: a digest of everything that decides its cleaned table
    (`options`: how the file is read, `yosanalysis.clean.options.InputOptions.to_dict`).

    Where no question bank is given, the banks lying next to the file count instead (a wide audit
    export uses the one found there, chosen by the file's name where there are several).
    """
    h = hashlib.sha256()
    h.update(_package_digest().encode())
    h.update(f"\0{kind}\0{path.name}\0".encode())  # the name can choose the bank found
    h.update(_digest(path).encode())
    if options:
        import json

        h.update(b"\0options\0" + json.dumps(options, sort_keys=True).encode())
    if questions is not None:
        h.update(b"\0bank\0" + _digest(Path(questions)).encode())
    else:  # as `load` looks for them: any case
        for bank in sorted(path.parent.iterdir()):
            if bank.is_file() and bank != path and \
                    fnmatch.fnmatch(bank.name.lower(), BANK_PATTERN):
                h.update(f"\0{bank.name}\0".encode() + _digest(bank).encode())
    return h.hexdigest()


#: The tables of a cleaned file kept as Parquet: attribute of `Loaded` -> file in the entry.
_TABLES = {"data": "data.parquet", "questions": "questions.parquet",
           "rejected_as_read": "rejected.parquet"}
_META = "entry.json"
_WARNED: set[str] = set()


def safe_folder(where: Path, *, create: bool = False) -> bool:
    """True if `where` is a folder fit to keep cleaned data in: owned by this user, a real folder
    (not a symbolic link), and not writable by the group or others. With `create`, a missing
    folder is made private (0700). An unfit folder is logged once as a warning, and False.

    >>> import tempfile, pathlib
    >>> base = pathlib.Path(tempfile.mkdtemp())
    >>> safe_folder(base / "cache", create=True), oct((base / "cache").stat().st_mode & 0o777)
    (True, '0o700')
    >>> (base / "cache").chmod(0o777); safe_folder(base / "cache")
    False
    """
    where = Path(where)
    try:
        if create and not os.path.lexists(where):
            where.parent.mkdir(parents=True, exist_ok=True)
            where.mkdir(mode=0o700)
        info = os.lstat(where)
    except FileExistsError:
        return safe_folder(where)
    except OSError:
        return False
    problem = None
    if not stat.S_ISDIR(info.st_mode):
        problem = "is not a folder (a symbolic link or a file)"
    elif hasattr(os, "getuid") and info.st_uid != os.getuid():
        problem = "belongs to another user"
    elif info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        problem = "can be written by other users"
    if problem is None:
        return True
    if str(where) not in _WARNED:
        _WARNED.add(str(where))
        log.warning("the cache folder %s %s: it is not used, and files are cleaned afresh "
                    "(remove it, or make it yours with chmod 700)", where, problem)
    return False


def fetch(where: Path, key: str, path: Path) -> Loaded | None:
    """The cleaned file kept under `key`, reported as read from `path`; None if there is none
    (or it cannot be read, or the folder is not safe: it is then cleaned again). Only data is
    read: Parquet tables and JSON."""
    entry = Path(where) / key
    if not entry.is_dir() or not safe_folder(where):
        return None
    try:
        import pandas as pd

        from yosanalysis.clean import Loaded
        from yosanalysis.clean.report import CleaningReport

        meta = json.loads((entry / _META).read_text(encoding="utf-8"))
        tables = {name: pd.read_parquet(entry / file) if name in meta["tables"] else None
                  for name, file in _TABLES.items()}
        if tables["data"] is None:
            return None
        report = CleaningReport(**meta["report"])
        loaded = Loaded(data=tables["data"], report=report, kind=str(meta["kind"]),
                        questions=tables["questions"],
                        rejected_as_read=tables["rejected_as_read"])
    except Exception:  # missing, damaged or planted in any way: clean again
        return None
    loaded.report.file = str(path)
    return loaded


def keep(where: Path, key: str, loaded: Loaded) -> None:
    """Keep a cleaned file under `key`: its tables as Parquet, its report as JSON, written into
    a new folder then renamed into place, so a reader at the same moment never sees half an
    entry. A folder that cannot be written (or is not safe, see `safe_folder`), or a table
    Parquet cannot hold, is no error: nothing is kept."""
    where = Path(where)
    if not safe_folder(where, create=True):
        return
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".entry-", dir=where))
    except OSError:
        return
    try:
        stored = []
        for name, file in _TABLES.items():
            table = getattr(loaded, name)
            if table is not None:
                table.to_parquet(tmp / file)
                stored.append(name)
        meta = {"kind": loaded.kind, "tables": stored,
                "report": dataclasses.asdict(loaded.report)}
        (tmp / _META).write_text(json.dumps(meta, default=str), encoding="utf-8")
        os.rename(tmp, where / key)  # fails if another process kept the same entry first
    except Exception:  # OSError, or a table pyarrow cannot hold (duplicate headers...)
        shutil.rmtree(tmp, ignore_errors=True)
