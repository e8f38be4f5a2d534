"""The one way the suite fingerprints a file: the SHA-256 of its bytes."""

from __future__ import annotations

from pathlib import Path

__all__ = ["sha256_of"]


def sha256_of(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, as hex, read a megabyte at a time: the one way the suite
    fingerprints a file (the cache's keys, a build's inputs, the manifest).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = path.write_bytes(b"abc")
    >>> sha256_of(path)[:16]
    'ba7816bf8f01cfea'
    """
    import hashlib

    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
