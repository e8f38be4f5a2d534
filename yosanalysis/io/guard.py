"""The guard every input passes before a byte of it is read (issue #16): a regular file, not
larger than a limit. Only `os.stat` is used, so a named pipe or a huge file is refused at once.

The limit is an explicit argument all the way from where it is given (a report's
`max_input_mb`, the command line's `--max-input-mb`) to where a file is read (an input's
`yosanalysis.clean.options.InputOptions.max_mb`, handed to the notebooks with the other reading
options), never an environment variable: a kernel reads a file exactly as its report said.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from yosanalysis.errors import InputError

__all__ = ["MAX_INPUT_MB", "check_input", "check_limit"]

#: Inputs larger than this many megabytes (10**6 bytes) are refused unless told otherwise.
MAX_INPUT_MB = 200


def check_limit(value: object) -> float:
    """`value` as a limit on an input's size, in megabytes (10**6 bytes): a finite number above
    0 (a whole number or a decimal; not a word, not `true`). Raises `ValueError` saying what a
    limit must be and what was given; the caller names the parameter.

    >>> check_limit(500), check_limit(0.5)
    (500.0, 0.5)
    >>> check_limit("big")
    Traceback (most recent call last):
    ValueError: must be a number of megabytes above 0, e.g. 500; got 'big'
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or value <= 0:
        raise ValueError(f"must be a number of megabytes above 0, e.g. 500; got {value!r}")
    return float(value)


def check_input(path: str | Path, max_mb: float = MAX_INPUT_MB) -> None:
    """Refuse, before reading it, an input that is not a regular file (a named pipe, a device,
    a socket: reading one could wait for ever) or is larger than `max_mb` megabytes (default
    `MAX_INPUT_MB`, 200; a report's `max_input_mb`). Only `os.stat` is used, so a huge file is
    refused at once. Raises `InputError(path, problem)` naming the file, its size and the
    limit; a missing file passes (reading it says so).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "big.csv"
    >>> with path.open("wb") as fh:
    ...     _ = fh.truncate(3_000_000)
    >>> check_input(path, max_mb=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    yosanalysis.errors.InputError: ...big.csv: is 3.0 MB, larger than the limit of 2 MB ...
    >>> check_input(path, max_mb=4)  # within the limit: nothing to say
    """
    import os
    import stat

    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as err:
        raise InputError(path, f"cannot be opened: {err.strerror or err}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        what = ("a named pipe" if stat.S_ISFIFO(info.st_mode) else
                "a socket" if stat.S_ISSOCK(info.st_mode) else "a device")
        raise InputError(path, f"is {what}, not a regular file: save the data to a file")
    if info.st_size > max_mb * 1_000_000:
        raise InputError(path, f"is {info.st_size / 1e6:,.1f} MB, larger than the limit of "
                         f"{max_mb:g} MB for an input; give --max-input-mb (or max_input_mb in "
                         "the report's file) to allow it")


@contextmanager
def opening(path: Path) -> Iterator[None]:
    """Inside it, a failure to open or read `path` (a folder, a file that is not there, one the
    user may not read) is raised as `InputError` naming the file: the one wording of these.

    >>> with opening(Path("no-such-file.csv")):
    ...     Path("no-such-file.csv").read_bytes()
    Traceback (most recent call last):
    ...
    yosanalysis.errors.InputError: no-such-file.csv: does not exist
    """
    try:
        yield
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except FileNotFoundError:
        raise InputError(path, "does not exist") from None
    except PermissionError:
        raise InputError(path, "cannot be opened: permission denied") from None
