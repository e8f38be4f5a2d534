"""Reading CSV files as people export them: encodings, separators, blank lines, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from yosanalysis.errors import InputError
from yosanalysis.io import decode, detect_separator, read_csv


def write(folder: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def test_windows_1252_file_keeps_curly_apostrophe_and_pound_sign(tmp_path):
    path = write(tmp_path, "w.csv", "Service,Comment\nStockton,Child’s plan cost £40\n", "cp1252")
    table = read_csv(path)
    assert table.encoding == "cp1252"
    assert table.frame.loc[2, "comment"] == "Child’s plan cost £40"


def test_utf8_file_with_curly_apostrophe_is_read_as_utf8(tmp_path):
    path = write(tmp_path, "u.csv", "Service,Comment\nStockton,Child’s plan £40\n")
    table = read_csv(path)
    assert table.encoding == "utf-8"
    assert table.frame.loc[2, "comment"] == "Child’s plan £40"


def test_byte_order_mark_does_not_reach_the_first_header(tmp_path):
    path = write(tmp_path, "b.csv", b"\xef\xbb\xbfService,Score\nStockton,91\n")
    table = read_csv(path)
    assert list(table.frame.columns) == ["service", "score"]
    assert table.header("service") == "Service"
    assert table.encoding == "utf-8-sig"


@pytest.mark.parametrize(
    ("separator", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")]
)
def test_separator_is_detected(tmp_path, separator, name):
    text = separator.join(["Service", "Score (%)", "Comment"]) + "\n"
    text += separator.join(["Stockton-on-Tees", "91", "fine"]) + "\n"
    table = read_csv(write(tmp_path, "s.csv", text))
    assert table.separator_name == name
    assert table.frame.loc[2].tolist() == ["Stockton-on-Tees", "91", "fine"]


def test_semicolon_file_with_commas_inside_cells(tmp_path):
    text = "Service;Comment;Score\nStockton;good, clear plan;91\n"
    table = read_csv(write(tmp_path, "s.csv", text))
    assert table.separator == ";"
    assert table.frame.loc[2, "comment"] == "good, clear plan"


def test_detect_separator_ignores_separators_inside_quotes():
    assert detect_separator('"a;b;c;d",x\n1,2\n') == ","


def test_not_applicable_words_survive_as_text(tmp_path):
    text = "Case ref,Q1,Q2,Q3,Q4\nSYN-1,N/A,NA,n/a,\n"
    table = read_csv(write(tmp_path, "a.csv", text))
    assert table.frame.loc[2, ["q1", "q2", "q3", "q4"]].tolist() == ["N/A", "NA", "n/a", ""]


def test_blank_lines_are_dropped_and_row_numbers_stay_the_files(tmp_path):
    text = "Service,Score\n\nStockton,91\n   \n,\nHartlepool,80\n\n"
    table = read_csv(write(tmp_path, "s.csv", text))
    assert table.frame.index.tolist() == [3, 6]
    assert table.frame["service"].tolist() == ["Stockton", "Hartlepool"]
    assert table.blank_lines >= 3


def test_blank_lines_before_the_header_are_skipped(tmp_path):
    table = read_csv(write(tmp_path, "s.csv", "\n\nService,Score\nStockton,91\n"))
    assert list(table.frame.columns) == ["service", "score"]
    assert table.frame.index.tolist() == [4]


def test_a_cell_over_several_lines_moves_later_row_numbers_on(tmp_path):
    text = 'Service,Comment\nStockton,"line one\nline two"\nHartlepool,short\n'
    table = read_csv(write(tmp_path, "s.csv", text))
    assert table.frame.index.tolist() == [2, 4]


def test_windows_line_endings(tmp_path):
    table = read_csv(write(tmp_path, "s.csv", "Service,Score\r\n\r\nStockton,91\r\n"))
    assert table.frame.index.tolist() == [3]
    assert table.frame.loc[3, "score"] == "91"


def test_wholly_empty_unnamed_columns_are_dropped(tmp_path):
    table = read_csv(write(tmp_path, "s.csv", "Service,Score,,\nStockton,91,,\n"))
    assert list(table.frame.columns) == ["service", "score"]
    assert table.dropped_columns == ["column 3", "column 4"]


def test_named_empty_column_is_kept(tmp_path):
    table = read_csv(write(tmp_path, "s.csv", "Service,Item\nStockton,\n"))
    assert list(table.frame.columns) == ["service", "item"]


def test_headers_are_normalised_and_kept_as_written(tmp_path):
    table = read_csv(write(tmp_path, "s.csv", " Service ,Score (%),Case  Ref\na,1,b\n"))
    assert list(table.frame.columns) == ["service", "score", "case ref"]
    assert table.headers == {"service": "Service", "score": "Score (%)", "case ref": "Case Ref"}


def test_headers_that_normalise_alike_stay_apart(tmp_path):
    table = read_csv(write(tmp_path, "s.csv", "Score,score (%)\n1,2\n"))
    assert list(table.frame.columns) == ["score", "score 2"]


def test_leading_zeros_are_kept(tmp_path):
    table = read_csv(write(tmp_path, "s.csv", "Case ref,Score\n0012,085\n"))
    assert table.frame.loc[2].tolist() == ["0012", "085"]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "is empty"),
        (b"\n\n  \n", "is empty"),
        (b"Service,Score\n", "has a header but no rows of data"),
        (b"Service,Score\n\n,\n", "has a header but no rows of data"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"PK\x03\x04\x14\x00\x06\x00", "spreadsheet workbook"),
        (b"\xff\xfeS\x00e\x00", "UTF-16"),
        (b"a,b\n\x81\x8d,\x90\n", "cannot be read as text"),
        # not text, and a malformed row too: the encoding is what is reported
        (b'a,b\n\x81x,"open\n', "cannot be read as text"),
        (b"\xef\xbb\xbfa,b\n\xe9,1\n", "starts as UTF-8 but byte"),
        (b"\xef\xbb\xbf\n \n", "is empty"),
        (b"\xa0\n\xa0,\n", "is empty"),  # Windows-1252 non-breaking spaces only
    ],
)
def test_unusable_files_raise_input_error(tmp_path, data, problem):
    path = write(tmp_path, "bad.csv", data)
    with pytest.raises(InputError) as caught:
        read_csv(path)
    assert problem in caught.value.problem
    assert str(path) in str(caught.value)


def test_rows_with_more_cells_than_the_header(tmp_path):
    path = write(tmp_path, "s.csv", "Service,Score\nStockton,91,\nHartlepool,80,late\n")
    table = read_csv(path)
    assert list(table.frame.columns) == ["service", "score", "column 3"]
    assert table.frame["column 3"].tolist() == ["", "late"]


def test_windows_1252_file_with_more_cells_than_the_header(tmp_path):
    path = write(tmp_path, "s.csv", "Service,Note\nStockton,£5\nHartlepool,café,late\n"
                 .encode("cp1252"))
    table = read_csv(path)
    assert table.encoding == "cp1252"
    assert table.frame.to_numpy().tolist() == [["Stockton", "£5", ""],
                                               ["Hartlepool", "café", "late"]]


def test_trailing_separators_on_data_rows_only_are_dropped(tmp_path):
    table = read_csv(write(tmp_path, "s.csv", "Service,Score\nStockton,91,,\nHartlepool,80\n"))
    assert list(table.frame.columns) == ["service", "score"]
    assert table.frame.index.tolist() == [2, 3]


def test_unclosed_quote_is_an_input_error(tmp_path):
    path = write(tmp_path, "bad.csv", 'a,b\n1,"open\n2,3,4\n')
    with pytest.raises(InputError, match="never closed"):
        read_csv(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_csv(tmp_path / "nothing.csv")
    with pytest.raises(InputError, match="is a folder"):
        read_csv(tmp_path)


def test_read_only_file_is_read_and_left_unchanged(tmp_path):
    path = write(tmp_path, "s.csv", "Service,Score\nStockton,91\n")
    before = path.read_bytes()
    path.chmod(0o444)
    read_csv(path)
    assert path.read_bytes() == before


def test_decode_prefers_utf8():
    assert decode("£".encode()) == ("£", "utf-8")
    assert decode("£".encode("cp1252")) == ("£", "cp1252")


# -- the package's shape: small modules, every public name where it was, one-way imports -------
IO_PUBLIC = ("HEADER_SEARCH_ROWS", "MAX_INPUT_MB", "WORKBOOK_SUFFIXES", "CsvTable",
             "check_input", "decode", "detect_separator", "find_header", "read_csv",
             "read_table", "sha256_of", "table_from_cells")
IO_DIR = Path(__file__).resolve().parents[1] / "yosanalysis" / "io"
# what io may import of the package: the helpers before the flow, itself, and the workbook
# reader (which is io's own step, kept in its own module)
IO_MAY_IMPORT = ("yosanalysis.errors", "yosanalysis.text", "yosanalysis.io",
                 "yosanalysis.workbook")


@pytest.mark.parametrize("name", IO_PUBLIC)
def test_every_public_name_is_importable_from_yosanalysis_io(name):
    import importlib

    import yosanalysis.io as io_package

    value = getattr(io_package, name)
    assert name in io_package.__all__
    if callable(value):
        home = importlib.import_module(value.__module__)
        assert home.__name__.startswith("yosanalysis.io."), home.__name__
        assert getattr(home, name) is value  # one definition, re-exported


def _package_imports(path: Path) -> set[str]:
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m == "yosanalysis" or m.startswith("yosanalysis.")}


@pytest.mark.parametrize("path", sorted(IO_DIR.glob("*.py")), ids=lambda p: p.name)
def test_io_modules_are_small_and_import_nothing_after_io(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) < 400
    later = {m for m in _package_imports(path)
             if not any(m == allowed or m.startswith(allowed + ".") for allowed in IO_MAY_IMPORT)}
    assert not later, f"{path.name} imports {sorted(later)}: io comes first in the flow"


def test_the_import_check_sees_a_late_import(tmp_path):
    # the check above can fail: a module importing clean is caught
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from yosanalysis.clean import load\n")
    assert _package_imports(module) == {"yosanalysis.clean"}
