"""What a file's bytes are: text in UTF-8 (with or without a byte-order mark) or Windows-1252,
never UTF-16, a workbook or binary data; and which separator (comma, semicolon, tab) its lines use.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from yosanalysis.errors import InputError

__all__ = ["decode", "detect_separator"]

_SEPARATORS = (",", ";", "\t")
_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_SAMPLE_CHARS = 64_000


def _refuse_binary(data: bytes, path: str | Path | None) -> None:
    """Raise `InputError` for UTF-16 text, a workbook or binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            path,
            "is UTF-16 text (Excel's 'Unicode Text'): save it as 'CSV UTF-8' or plain CSV",
        )
    if data.startswith(b"PK\x03\x04"):
        raise InputError(path, "is a spreadsheet workbook or zip file, not CSV text: if it is "
                         "a workbook, name it .xlsx (or .ods) and it is read as one")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(path, "is an old Excel (.xls) or password-protected workbook, not CSV:"
                         " save it as .xlsx or CSV, without a password")
    if b"\x00" in data:
        raise InputError(path, "holds binary data (NUL bytes): it is not a CSV file")


def decode(data: bytes, path: str | Path | None = None) -> tuple[str, str]:
    """The text of a file's bytes and the encoding it was read with.

    UTF-8 (a byte-order mark is dropped) is tried first, then Windows-1252. Binary data raises
    `InputError`.

    >>> decode("caf\\u00e9 \\u2019".encode("cp1252"))
    ('café ’', 'cp1252')
    >>> decode(b"\\xef\\xbb\\xbfa,b")
    ('a,b', 'utf-8-sig')
    """
    _refuse_binary(data, path)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise InputError(
                path, f"starts as UTF-8 but byte {err.start + 3} cannot be read as UTF-8"
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as err:
        raise InputError(
            path,
            f"cannot be read as text (UTF-8 or Windows-1252): byte {err.start} is "
            f"0x{data[err.start]:02x}; it is not a CSV file",
        ) from None


def detect_separator(text: str) -> str:
    """The separator of a CSV text: comma, semicolon or tab, whichever splits the header line
    (quotes respected) into the most fields; a tie goes to the comma.

    >>> detect_separator('"Score; %",Service\\n1,a\\n')
    ','
    >>> detect_separator("a\\tb;c\\tc\\n")
    '\\t'
    """
    sample = text.lstrip("\r\n")[:_SAMPLE_CHARS]
    best, most = ",", 0
    for sep in _SEPARATORS:
        try:
            first = next(csv.reader(io.StringIO(sample), delimiter=sep), [])
        except csv.Error:  # pragma: no cover - a malformed sample
            continue
        if len(first) > most:
            best, most = sep, len(first)
    return best
