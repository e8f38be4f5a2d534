"""One headless Chromium kept open to print every PDF of a command (`report.printer`): it is
started once, its PDFs are what the pack's PDF checks ask for, it fetches nothing from the
network, and nothing of it is left running when the command ends, fails, is interrupted or a
print hangs.

Chromium's processes are found by the folder they were started with: each test points the
temporary folder at its own `tmp_path`, where the printer makes Chromium's profile, and looks for
running processes whose command line names it (other builds on the machine never do).
"""

from __future__ import annotations

import http.server
import os
import tempfile
import threading
from pathlib import Path

import pytest

from yosanalysis.errors import ReportError
from yosanalysis.report.printer import PdfPrinter, chromium_path


def running_under(folder: Path) -> list[str]:
    """The processes running now whose command line names `folder`."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or proc.name == str(os.getpid()):
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8",
                                                                                  "replace")
        except OSError:
            continue
        if str(folder) in command:
            found.append(f"{proc.name}: {command[:120]}")
    return found


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """A temporary folder of this test's own, where the printer makes Chromium's profile."""
    if chromium_path() is None:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail("Chromium is not installed: CI must run the printer's tests")
        pytest.skip("Chromium is not installed (run scripts/install-browser-deps.sh)")
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def page(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.html"
    path.write_text('<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
                    f"<title>{name}</title><style>@page {{ size: A4; margin: 18mm }}</style>"
                    f"</head><body>{body}</body></html>", encoding="utf-8")
    return path


def test_one_chromium_prints_every_pdf_it_is_given(scratch, tmp_path):
    from pypdf import PdfReader

    pdfs = []
    with PdfPrinter() as printer:
        assert printer.launches == 0  # nothing started before the first PDF
        for i in range(3):
            html = page(tmp_path, f"pack{i}", f"<h1>Pack {i}</h1><p>Score 9{i}%</p>"
                        f"<h2>Section {i}</h2><p>Text</p>")
            pdfs.append(printer.print(html, tmp_path / "out" / f"pack{i}.pdf"))
        assert printer.launches == 1
        assert running_under(printer.profile)  # its processes are found by its profile
    assert running_under(scratch) == []
    assert list(scratch.iterdir()) == []  # the profile is removed too
    for i, pdf in enumerate(pdfs):
        reader = PdfReader(pdf)
        assert f"Score 9{i}%" in reader.pages[0].extract_text()
        width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
        assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)
        catalog = reader.trailer["/Root"]
        assert catalog["/MarkInfo"]["/Marked"] and catalog["/Lang"] == "en-GB"
        outline = [item.title for item in reader.outline if hasattr(item, "title")]
        assert outline == [f"Pack {i}"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "pack0.pdf", "pack1.pdf", "pack2.pdf"]  # no partial file left beside them


def test_an_interrupted_command_leaves_no_chromium_running(scratch, tmp_path):
    html = page(tmp_path, "pack", "<h1>Pack</h1>")
    with pytest.raises(KeyboardInterrupt), PdfPrinter() as printer:
        printer.print(html, tmp_path / "pack.pdf")
        assert running_under(scratch)
        raise KeyboardInterrupt
    assert running_under(scratch) == []


def test_a_print_that_hangs_is_a_clear_error_and_its_chromium_is_shut_down(scratch, tmp_path):
    good = page(tmp_path, "good", "<h1>Good</h1>")
    hangs = page(tmp_path, "hangs", "<h1>Hangs</h1><script>while (true) {}</script>")
    with PdfPrinter() as printer:
        printer.print(good, tmp_path / "good.pdf")
        first = printer.profile
        with pytest.raises(ReportError, match=r"^cannot print hangs\.pdf: Chromium took longer "
                                              r"than 3 s$"):
            printer.print(hangs, tmp_path / "hangs.pdf", timeout=3)
        assert running_under(first) == []  # the hung Chromium is gone
        assert not (tmp_path / "hangs.pdf").exists()
        printer.print(good, tmp_path / "again.pdf")  # a new one prints the next
        assert printer.launches == 2
    assert running_under(scratch) == []


def test_a_chromium_that_does_not_start_is_named_with_the_file(scratch, tmp_path):
    html = page(tmp_path, "pack", "<h1>Pack</h1>")
    with PdfPrinter("/bin/false") as printer, pytest.raises(
            ReportError, match=r"^cannot print pack\.pdf: Chromium exited with code 1"):
        printer.print(html, tmp_path / "pack.pdf")
    assert not (tmp_path / "pack.pdf").exists()
    assert running_under(scratch) == []


def test_the_printed_page_fetches_nothing_from_the_network(scratch, tmp_path):
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"http://127.0.0.1:{server.server_address[1]}"
        html = page(tmp_path, "pack", f'<h1>Pack</h1><img src="{address}/chart.png" alt="x">'
                    f'<link rel="stylesheet" href="{address}/style.css">')
        with PdfPrinter() as printer:
            printer.print(html, tmp_path / "pack.pdf")
    finally:
        server.shutdown()
    assert asked == []
    assert (tmp_path / "pack.pdf").stat().st_size > 0


@pytest.mark.slow
def test_a_build_that_fails_after_printing_leaves_no_chromium_running(scratch, tmp_path,
                                                                      monkeypatch):
    from tests.test_report_build import make_project
    from yosanalysis.report import build_report
    from yosanalysis.report import pack as pack_module

    printers: list[PdfPrinter] = []
    real = PdfPrinter.__init__

    def recording(self, *args, **kwargs):
        real(self, *args, **kwargs)
        printers.append(self)

    def failing(tmp, target):
        assert (tmp / "board-pack.pdf").is_file()  # printed before publishing
        raise ReportError("planted failure while publishing")

    monkeypatch.setattr(PdfPrinter, "__init__", recording)
    monkeypatch.setattr(pack_module, "publish", failing)
    with pytest.raises(ReportError, match="planted failure"):
        build_report(make_project(tmp_path / "project"), jobs=1)
    assert [p.launches for p in printers] == [1]
    assert running_under(scratch) == []


def test_without_playwright_the_message_says_what_to_install(tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "playwright" else real(name, *a))
    with PdfPrinter("/bin/sh") as printer, pytest.raises(
            ReportError, match=r"cannot print .*pack\.pdf: the Python package playwright .* "
                               r"pip install playwright$"):
        printer.print(page(tmp_path, "pack", "<h1>Pack</h1>"), tmp_path / "pack.pdf")
    assert printer.launches == 0


def test_a_printer_closed_while_its_chromium_starts_leaves_none_running(scratch):
    """A build that fails before its PDF closes a printer whose Chromium is still starting."""
    printer = PdfPrinter()
    printer.start()
    printer.close()
    assert printer.launches <= 1  # the start under way finished, then Chromium was shut down
    assert running_under(scratch) == []
