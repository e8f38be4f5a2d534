"""The safe edges of a build: one build of a report at a time, nothing left over from a killed
one, inputs read in one version, no write that can reach an input, a full disk named, and the
pack published whole (issue #16).

- `report_lock(outputs, report)`: an exclusive `fcntl.flock` on `outputs/.<report>.lock`; a
  second build of the same report refuses at once with a message (`ReportError`).
- `clear_leftovers(outputs, report)`: under the lock, removes the `.<report>.building-*` folders
  of builds that were killed (no live build can own them: it would hold the lock), and puts the
  last good pack back if a build was killed in the middle of publishing it.
- `InputVersions`: each input's SHA-256 when the build starts; `.check()` before publishing
  raises `ReportError` naming any input that changed meanwhile.
- `check_targets(...)`: refuses to build where publishing would remove or write through an input
  (an input inside the pack's folders, or one of them a symbolic link).
- `publish(tmp, pack)`: moves a finished pack into place.
- `disk_full(err, folder)`: the one-line message for `ENOSPC`, naming the folder.

>>> import tempfile
>>> outputs = Path(tempfile.mkdtemp())
>>> with report_lock(outputs, "sample"):
...     (outputs / ".sample.lock").is_file()
True
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from yosanalysis.errors import ConfigError, ReportError
from yosanalysis.io import sha256_of

if TYPE_CHECKING:
    from yosanalysis.report.config import ReportConfig

__all__ = ["InputVersions", "analyst_folder", "check_targets", "clear_leftovers", "disk_full",
           "folder_secrets", "publish", "relative_to_project", "report_lock"]


def analyst_folder(outputs: Path, report: str) -> Path:
    """Where a report's executed notebooks are kept for analysts, outside the reader pack:
    `outputs/<report>.analyst/` (they hold the inputs' full paths and every cell's output).

    >>> analyst_folder(Path("outputs"), "sample").as_posix()
    'outputs/sample.analyst'
    """
    return outputs / f"{report}.analyst"


@contextmanager
def report_lock(outputs: Path, report: str) -> Iterator[Path]:
    """Hold the lock of `report` in `outputs` (an `fcntl.flock` on `.<report>.lock`, released
    when the build ends or its process dies). Raises `ReportError` if another build of the same
    report holds it. On a system without `fcntl` nothing is locked."""
    outputs.mkdir(parents=True, exist_ok=True)
    path = outputs / f".{report}.lock"
    if path.is_symlink():
        raise ReportError(f"{path} is a symbolic link: remove it, then run the report again")
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield path
        return
    handle = path.open("a")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReportError(
                f"another build of the report {report!r} is running (it holds {path}); wait "
                "for it to finish, then run the report again") from None
        yield path
    finally:
        handle.close()


def clear_leftovers(outputs: Path, report: str) -> list[Path]:
    """Remove what killed builds of `report` left in `outputs` (call it holding the lock):
    `.<report>.building-*` folders, and a `.<report>.old` pack (put back as the pack if the
    build was killed between moving the old pack aside and moving the new one in). Returns the
    folders removed.

    >>> import tempfile
    >>> outputs = Path(tempfile.mkdtemp())
    >>> (outputs / ".sample.building-x1").mkdir()
    >>> [p.name for p in clear_leftovers(outputs, "sample")]
    ['.sample.building-x1']
    """
    removed = []
    for stale in sorted(outputs.glob(f".{report}.building-*")):
        if stale.is_symlink() or not stale.is_dir():
            stale.unlink(missing_ok=True)
        else:
            shutil.rmtree(stale, ignore_errors=True)
        removed.append(stale)
    pack, old = outputs / report, outputs / f".{report}.old"
    if old.is_dir() and not old.is_symlink():
        if not pack.exists():
            old.rename(pack)  # killed mid-publish: the last good pack comes back
        else:
            shutil.rmtree(old, ignore_errors=True)
            removed.append(old)
    return removed



class InputVersions:
    """The SHA-256 of each input when a build starts, to check before publishing that the
    pack was built from one version of each.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = path.write_text("x")
    >>> versions = InputVersions({"audit": path})
    >>> _ = path.write_text("y")
    >>> versions.check()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    yosanalysis.errors.ReportError: inputs.audit (a.csv) changed while the pack was being built...
    """

    def __init__(self, inputs: Mapping[str, Path]) -> None:
        self.inputs = dict(inputs)
        self.hashes = {name: sha256_of(path) for name, path in self.inputs.items()}

    def check(self, consequence: str = "the pack was not published") -> None:
        """Raise `ReportError` naming the first input whose bytes are not those hashed at the
        start (or that is gone)."""
        for name, path in self.inputs.items():
            try:
                now = sha256_of(path)
            except OSError:
                now = None
            if now != self.hashes[name]:
                raise ReportError(
                    f"inputs.{name} ({path.name}) changed while the pack was being built, so its "
                    f"pages could come from two versions of it; {consequence}. Run the report "
                    "again once the file is saved.")


def check_targets(inputs: Mapping[str, Path], outputs: Path, report: str) -> None:
    """Raise `ConfigError` if publishing `report` could reach an input: an input inside the
    pack folder or one of the folders the build replaces (`.old`, `.failed`, `.analyst`), or
    one of those folders (or `outputs` itself) a symbolic link."""
    targets = [outputs / report, outputs / f".{report}.old", outputs / f"{report}.failed",
               analyst_folder(outputs, report)]
    for target in targets:
        if target.is_symlink():
            raise ConfigError(f"{target} is a symbolic link: the report never writes through "
                              "one; remove it, then run the report again")
    resolved = [t.resolve() for t in targets]
    for name, path in inputs.items():
        real = path.resolve()
        for target in resolved:
            if real == target or target in real.parents:
                raise ConfigError(
                    f"parameter 'inputs.{name}': {path} is inside {target}, which the report "
                    "replaces when it publishes; keep the inputs outside outputs/")


def publish(tmp: Path, pack: Path) -> None:
    """Move the finished pack `tmp` into place as `pack`, the old one aside and then removed
    (a build killed in between is put right by `clear_leftovers`)."""
    # mkdtemp makes a folder only its owner can read; a published pack is for others too
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)
    old = pack.with_name(f".{pack.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if pack.exists():
        pack.rename(old)
    tmp.rename(pack)
    if old.exists():
        shutil.rmtree(old)


def disk_full(err: OSError, folder: Path) -> ReportError | None:
    """For a full disk (`ENOSPC`, or a quota: `EDQUOT`), the one-line error naming the folder
    being written; None for any other error.

    >>> print(disk_full(OSError(errno.ENOSPC, "No space left on device"), Path("outputs")))
    ... # doctest: +NORMALIZE_WHITESPACE
    the disk holding outputs is full (No space left on device): nothing was published; free
    some space, then run the report again
    """
    if err.errno not in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return None
    return ReportError(f"the disk holding {folder} is full ({err.strerror or 'no space left'}): "
                       "nothing was published; free some space, then run the report again")


def relative_to_project(path: Path, root: Path) -> str:
    """`path` relative to the project folder `root` (its name alone if it lies elsewhere), as
    the manifest names inputs.

    >>> relative_to_project(Path("/p/data/a.csv"), Path("/p")), relative_to_project(
    ...     Path("/elsewhere/a.csv"), Path("/p"))
    ('data/a.csv', 'a.csv')
    """
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def folder_secrets(cfg: ReportConfig, outputs: Path) -> dict[str, str]:
    """The absolute folders of the project, the outputs and the inputs: none may reach a reader
    (a folder may be named after a child or an auditor). Short ones (`/tmp`) are left out: the
    scan would find them in ordinary words."""
    folders = {cfg.root, outputs, *(p.parent for p in cfg.inputs.values())}
    found = {}
    for folder in folders:
        text = str(folder.resolve())
        if len(Path(text).parts) > 2 and sum(c.isalnum() for c in text) >= 8:
            found[text] = "folder path"
    return found
