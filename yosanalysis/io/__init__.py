"""Reading a CSV file as people and systems export it, with nothing domain-specific.

`read_csv` works out the encoding (UTF-8 with or without a byte-order mark, else Windows-1252,
which is what Excel writes) and the separator (comma, semicolon or tab), reads every cell as text
(so `N/A`, `NA` and `0012` reach the cleaner exactly as typed: pandas would otherwise turn `N/A`
into a missing value, a silent loss), drops wholly blank lines and wholly empty unnamed columns,
and keeps each row's number in the file as a person counts it (header = row 1). Header names are
normalised with `yosanalysis.text.match_key`, and the headers as written are kept for messages.

The row number is the line in the file on which the row starts. Blank lines before or between
rows still count, so the number is the one a text editor or a spreadsheet shows; a quoted cell
that runs over several lines moves the following rows' numbers on by its extra lines.

A file that cannot be read as CSV at all (binary, a spreadsheet workbook, empty, a header and no
rows) raises `InputError(path, problem)`. An input is only ever opened for reading.

The package is split by what each step does; every name is importable from `yosanalysis.io`:

| module | what it does |
| --- | --- |
| `guard` | `check_input`: a regular file within the size limit, refused from `stat` alone |
| `encoding` | `decode`, `detect_separator`: the bytes as text, their encoding and separator |
| `header` | `find_header`: where a table starts, below title lines |
| `table` | `CsvTable`, `table_from_cells`: cells as text made the table every cleaner reads |
| `csvfile` | `read_csv`: a CSV file read as that table |
| `read` | `read_table`: a CSV file or a workbook's sheet (`yosanalysis.workbook`) |
| `fingerprint` | `sha256_of`: the one way a file is fingerprinted |

It imports nothing from the steps after it (`clean` onwards).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "x.csv").write_bytes(b"Service;Answer\\n\\nStockton;N/A\\n")
>>> table = read_csv(folder / "x.csv")
>>> table.separator, list(table.frame.columns), table.frame.index.tolist()
(';', ['service', 'answer'], [3])
>>> table.frame.loc[3, "answer"]
'N/A'
"""

from __future__ import annotations

from yosanalysis.io.csvfile import read_csv
from yosanalysis.io.encoding import decode, detect_separator
from yosanalysis.io.fingerprint import sha256_of
from yosanalysis.io.guard import MAX_INPUT_MB, check_input, check_limit
from yosanalysis.io.header import HEADER_SEARCH_ROWS, find_header
from yosanalysis.io.read import WORKBOOK_SUFFIXES, read_table
from yosanalysis.io.table import CsvTable, table_from_cells

__all__ = [
    "HEADER_SEARCH_ROWS",
    "MAX_INPUT_MB",
    "WORKBOOK_SUFFIXES",
    "CsvTable",
    "check_input",
    "check_limit",
    "decode",
    "detect_separator",
    "find_header",
    "read_csv",
    "read_table",
    "sha256_of",
    "table_from_cells",
]
