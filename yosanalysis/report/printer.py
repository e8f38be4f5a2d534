"""One headless Chromium kept open to print every PDF of a command (issue 17).

Starting Chromium costs about 1 s; a `--services` run printed a PDF per pack, each with a
Chromium of its own. A `PdfPrinter` starts the system's Chromium once, when the first PDF is
wanted (or ahead of it, in the background, on `start()`: a build calls it as its notebooks
start), through Playwright (never a browser Playwright downloads: `executable_path` is
`chromium_path()`), prints each page given to it in a new tab, and shuts Chromium down when it is
closed (leaving a `with` block, on an error or on Ctrl-C too). The PDF is what Chromium's own
`--print-to-pdf` gave: the sheet size and margins of the page's CSS `@page` rule, no header or
footer lines, a document outline from the headings, tagged (structure tree, `/Lang`, alt text).

Offline as before: the page is loaded from `file://`, Chromium fetches nothing in the background
(`CHROMIUM_FLAGS`), and any request from the page to the network is refused.

Playwright's sync API is bound to the thread that started it, and packs are printed from several
threads: the printer runs Playwright's async API in a thread of its own and hands it each PDF.

>>> with PdfPrinter() as printer:  # starts nothing until a PDF is printed
...     printer.launches
0
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from yosanalysis.errors import ReportError

__all__ = ["CHROMIUM_FLAGS", "PdfPrinter", "chromium_path", "print_pdf"]

log = logging.getLogger(__name__)

_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_FALLBACK = Path("/usr/bin/chromium")

# Headless, offline and quiet: no sandbox (CI runs as root), no GPU, nothing fetched in the
# background (updates, sync, QUIC probes), no first-run pages. (Playwright adds `--headless`.)
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
)
_NETWORK = re.compile(r"^(https?|wss?|ftp)://")


def chromium_path() -> str | None:
    """The Chromium (or Chrome) program to print with: `$YOSANALYSIS_CHROMIUM` when set, else the
    first of `chromium`, `chromium-browser`, `google-chrome`, `google-chrome-stable` on the PATH,
    else `/usr/bin/chromium` when it exists; None when there is none.

    >>> import os
    >>> old = os.environ.get("YOSANALYSIS_CHROMIUM")
    >>> os.environ["YOSANALYSIS_CHROMIUM"] = "/bin/sh"
    >>> chromium_path()
    '/bin/sh'
    >>> _ = os.environ.pop("YOSANALYSIS_CHROMIUM") if old is None else os.environ.update(
    ...     YOSANALYSIS_CHROMIUM=old)
    """
    chosen = os.environ.get("YOSANALYSIS_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() else shutil.which(chosen)
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return str(_FALLBACK) if _FALLBACK.is_file() else None


class _Failed(Exception):
    """Why Chromium could not print (the caller names the file)."""


def _launch_failure(err: Exception) -> str:
    """Playwright's message for a Chromium that did not start, as one line: its exit code and
    the last error it wrote (Playwright logs Chromium's stderr as `[pid=…][err] …`), when the log
    gives them.

    >>> _launch_failure(Exception("BrowserType.launch: Target closed\\nCall log:\\n"
    ...     "  - [pid=1][err] [1:1:ERROR:ozone] Missing X server\\n"
    ...     "  - [pid=1] <process did exit: exitCode=1, signal=null>"))
    'Chromium exited with code 1: [1:1:ERROR:ozone] Missing X server'
    """
    text = str(err)
    code = re.search(r"exitCode=(\d+)", text)
    said = [m.group(1).strip() for m in re.finditer(r"\[err\] (.*)", text)]
    errors = [line for line in said if "ERROR" in line and "dbus" not in line] or said
    last = f": {errors[-1]}" if errors else ""
    if code:
        return f"Chromium exited with code {code.group(1)}{last}"
    first = (text.strip().splitlines() or ["no message"])[0]
    return f"Chromium did not start: {first.split(': ', 1)[-1]}{last}"


def _quiet(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """The printer's loop's errors nobody awaited (Playwright's, when Ctrl-C has stopped its
    driver first) go to the debug log, not to the reader's terminal."""
    log.debug("PDF printer: %s %s", context.get("message"), context.get("exception") or "")


class PdfPrinter:
    """Headless Chromium (`chromium`, default `chromium_path()`), started when the first PDF is
    printed and kept open for every later one, until `close()` or the end of a `with` block.

    `print(html, pdf)` is thread-safe; PDFs are printed one at a time. A print that fails or
    takes longer than `timeout` seconds raises `ReportError` and shuts that Chromium down (the
    next print starts another). `launches` counts the Chromium processes started; `profile` is
    the running one's user-data folder (its processes name it), else None.
    """

    def __init__(self, chromium: str | None = None, *, timeout: float = 300.0) -> None:
        self.chromium = chromium
        self.timeout = timeout
        self.launches = 0
        self.profile: Path | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False
        self._busy: asyncio.Lock | None = None
        self._playwright: Any = None
        self._context: Any = None

    def __enter__(self) -> PdfPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def program(self) -> str | None:
        """The Chromium this printer runs: `chromium` as given, else `chromium_path()`."""
        return self.chromium or chromium_path()

    def start(self) -> None:
        """Start Chromium now, in the background, so that it is ready when the first PDF is
        printed (a build calls this as its notebooks start). Returns at once; a Chromium that
        is absent or does not start is reported by `print`, which tries again."""
        program = self.program()
        if not program or not (Path(program).is_file() or shutil.which(program)):
            return
        asyncio.run_coroutine_threadsafe(self._warm(program), self._running_loop())

    def print(self, html: Path, pdf: Path, *, timeout: float | None = None) -> Path:
        """Print the HTML file `html` to `pdf` (written whole or not at all); return `pdf`.

        Raises `ReportError` naming `pdf` when Chromium is absent, fails, or takes longer than
        `timeout` seconds (default: the printer's)."""
        program = self.program()
        if not program or not (Path(program).is_file() or shutil.which(program)):
            raise ReportError(f"cannot print {pdf}: {program or 'Chromium'} is not installed")
        if importlib.util.find_spec("playwright") is None:
            raise ReportError(f"cannot print {pdf}: the Python package playwright (a dependency "
                              "of yosanalysis) is not installed: pip install playwright")
        html, pdf = Path(html).resolve(), Path(pdf).resolve()
        pdf.parent.mkdir(parents=True, exist_ok=True)
        partial = pdf.with_name(f".{pdf.name}.partial")
        partial.unlink(missing_ok=True)
        seconds = self.timeout if timeout is None else timeout
        loop = self._running_loop()
        job = asyncio.run_coroutine_threadsafe(self._print(program, html, partial, seconds), loop)
        try:
            job.result()
        except _Failed as err:
            partial.unlink(missing_ok=True)
            raise ReportError(f"cannot print {pdf.name}: {err}") from None
        except BaseException:
            job.cancel()
            partial.unlink(missing_ok=True)
            raise
        if not partial.is_file() or partial.stat().st_size == 0:
            partial.unlink(missing_ok=True)
            raise ReportError(f"cannot print {pdf.name}: Chromium wrote no PDF")
        partial.replace(pdf)
        return pdf

    def close(self) -> None:
        """Shut Chromium and Playwright down and stop the printer's thread (idempotent)."""
        with self._lock:
            self._closed = True
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(wait=10), loop).result(timeout=60)
        except Exception as err:  # already gone, or it would not stop: the driver's exit ends it
            log.debug("closing the PDF printer: %s", err)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)

    # --- in the printer's thread ------------------------------------------------------------

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._closed:
                raise RuntimeError("the PDF printer is closed")
            if self._loop is None:
                loop = asyncio.new_event_loop()
                ready = threading.Event()

                def run() -> None:
                    asyncio.set_event_loop(loop)
                    loop.set_exception_handler(_quiet)
                    loop.call_soon(ready.set)
                    loop.run_forever()
                    loop.close()

                self._thread = threading.Thread(target=run, name="yos-pdf-printer", daemon=True)
                self._thread.start()
                ready.wait()
                self._loop = loop
            return self._loop

    async def _print(self, program: str, html: Path, partial: Path, timeout: float) -> None:
        from playwright.async_api import Error as PlaywrightError

        if self._busy is None:
            self._busy = asyncio.Lock()
        async with self._busy:
            try:
                context = await asyncio.wait_for(self._browser(program, timeout), timeout)
            except TimeoutError:  # a launch cut short may still finish: stop its driver too
                await self._shutdown()
                raise _Failed(f"Chromium took longer than {timeout:g} s to start") from None
            except PlaywrightError as err:
                await self._stop_browser()
                raise _Failed(_launch_failure(err)) from None
            page = None
            try:
                page = await context.new_page()
                await asyncio.wait_for(self._render(page, html, partial), timeout)
            except TimeoutError:
                page = None
                await self._stop_browser()  # it may still be busy: a new one for the next
                raise _Failed(f"Chromium took longer than {timeout:g} s") from None
            except PlaywrightError as err:
                page = None
                await self._stop_browser()
                first = (str(err).strip().splitlines() or ["no message"])[0]
                raise _Failed(f"Chromium failed: {first}") from None
            finally:
                if page is not None:
                    try:
                        await page.close()
                    except PlaywrightError as err:
                        log.debug("closing a printed tab: %s", err)

    async def _warm(self, program: str) -> None:
        from playwright.async_api import Error as PlaywrightError

        if self._busy is None:
            self._busy = asyncio.Lock()
        async with self._busy:
            try:
                await asyncio.wait_for(self._browser(program, self.timeout), self.timeout)
            except (TimeoutError, PlaywrightError) as err:  # `print` starts another, and says
                log.debug("starting Chromium ahead: %s", err)
                await self._shutdown()

    async def _browser(self, program: str, timeout: float) -> Any:
        """The open Chromium's context; Chromium (and Playwright) started if none is open."""
        if self._context is not None:
            return self._context
        from playwright.async_api import async_playwright

        if self._playwright is None:
            self._playwright = await async_playwright().start()
        self.profile = Path(tempfile.mkdtemp(prefix="yos-chromium-"))
        self.launches += 1
        self._context = await self._playwright.chromium.launch_persistent_context(
            str(self.profile), executable_path=program, headless=True, args=list(CHROMIUM_FLAGS),
            env={**os.environ, "HOME": str(self.profile)}, timeout=timeout * 1000,
            locale="en-GB")
        await self._context.route(_NETWORK, lambda route: route.abort())
        return self._context

    @staticmethod
    async def _render(page: Any, html: Path, partial: Path) -> None:
        await page.goto(html.as_uri(), wait_until="load")
        await page.pdf(path=str(partial), prefer_css_page_size=True, print_background=True,
                       display_header_footer=False, outline=True, tagged=True)

    async def _stop_browser(self) -> None:
        """Close the open Chromium; if it will not close, stop Playwright, whose driver kills
        the browsers it started as it exits."""
        context, self._context = self._context, None
        profile, self.profile = self.profile, None
        if context is not None:
            try:
                await asyncio.wait_for(context.close(), 15)
            except Exception as err:
                log.debug("closing Chromium: %s; stopping Playwright", err)
                await self._stop_playwright()
        if profile is not None:
            shutil.rmtree(profile, ignore_errors=True)

    async def _stop_playwright(self) -> None:
        playwright, self._playwright = self._playwright, None
        if playwright is not None:
            try:
                await asyncio.wait_for(playwright.stop(), 15)
            except Exception as err:
                log.debug("stopping Playwright: %s", err)

    async def _shutdown(self, wait: float = 0) -> None:
        """Stop Chromium and Playwright; first wait up to `wait` seconds for a start or a
        print under way to finish (one that has not by then fails as Chromium closes)."""
        busy, held = self._busy, False
        if wait and busy is not None:
            try:
                await asyncio.wait_for(busy.acquire(), wait)
                held = True
            except TimeoutError:
                pass
        try:
            await self._stop_browser()
            await self._stop_playwright()
        finally:
            if held and busy is not None:
                busy.release()


def print_pdf(html: Path, pdf: Path, *, chromium: str | None = None, timeout: int = 120) -> Path:
    """Print the HTML file `html` to `pdf` (A4 from the page's `@page` rule, no header or footer
    lines, a document outline from the headings) with a headless Chromium started for it and
    shut down after; return `pdf`. To print several, keep one `PdfPrinter` open instead.

    Raises `ReportError` when Chromium is absent, fails or runs longer than `timeout` seconds.

    >>> print_pdf(Path("page.html"), Path("page.pdf"), chromium="/no/such/chromium")
    Traceback (most recent call last):
    ...
    yosanalysis.errors.ReportError: cannot print page.pdf: /no/such/chromium is not installed
    """
    with PdfPrinter(chromium, timeout=timeout) as printer:
        return printer.print(html, pdf)
