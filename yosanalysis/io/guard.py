"""The guard every input passes before a byte of it is read (issue #16): a regular file, not
larger than a limit. Only `os.stat` is used, so a named pipe or a huge file is refused at once.
"""

from __future__ import annotations

from pathlib import Path

from yosanalysis.errors import InputError

__all__ = ["MAX_INPUT_ENV", "MAX_INPUT_MB", "check_input"]

#: Inputs larger than this many megabytes (10**6 bytes) are refused unless told otherwise.
MAX_INPUT_MB = 200
#: The environment variable holding another limit (set by `--max-input-mb` and the report's
#: `max_input_mb`, so that the notebooks' kernels keep to it too).
MAX_INPUT_ENV = "YOSANALYSIS_MAX_INPUT_MB"


def check_input(path: str | Path, max_mb: float | None = None) -> None:
    """Refuse, before reading it, an input that is not a regular file (a named pipe, a device,
    a socket: reading one could wait for ever) or is larger than `max_mb` megabytes (default:
    `$YOSANALYSIS_MAX_INPUT_MB`, else `MAX_INPUT_MB`, 200). Only `os.stat` is used, so a huge
    file is refused at once. Raises `InputError(path, problem)`; a missing file passes (reading
    it says so).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "big.csv"
    >>> with path.open("wb") as fh:
    ...     _ = fh.truncate(3_000_000)
    >>> check_input(path, max_mb=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    yosanalysis.errors.InputError: ...big.csv: is 3.0 MB, larger than the limit of 2 MB ...
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
    if max_mb is None:
        try:
            max_mb = float(os.environ.get(MAX_INPUT_ENV) or MAX_INPUT_MB)
        except ValueError:
            max_mb = MAX_INPUT_MB
    if info.st_size > max_mb * 1_000_000:
        raise InputError(path, f"is {info.st_size / 1e6:,.1f} MB, larger than the limit of "
                         f"{max_mb:g} MB for an input; give --max-input-mb (or max_input_mb in "
                         "the report's file) to allow it")
