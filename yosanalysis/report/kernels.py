"""Jupyter kernels started once and reused for many notebooks: the machinery a build pays once.

A kernel's start (about 1.3 s here) and the first cell's imports and house style (about 1 s) were
paid again for every notebook of every pack. A `KernelPool` starts at most `size` kernels, when
first wanted, and lends them to notebooks one at a time. Before each notebook the kernel's
namespace is reset (IPython's `reset`, as `%reset -f` does, in a new history session, so cells are
numbered from 1 again), its open pyplot figures are closed, and its working folder and
`YOSANALYSIS_*` settings are set, so that a notebook sees none of another's variables and its
executed copy is what a fresh kernel gives. Modules stay imported: that is the saving. Notebooks
are still executed by papermill (its parameter injection, its error cells, its
`PapermillExecutionError`), through an engine that runs them in the lent kernel.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["ENGINE", "KernelPool", "ensure_engine"]

log = logging.getLogger(__name__)

#: The papermill engine name under which notebooks run in a lent kernel.
ENGINE = "yosanalysis-pooled"

#: Settings this process passes its kernels through the environment (the
#: cache folder): a lent kernel gets this process's values of these at each notebook, as a kernel
#: started now would.
ENV_PREFIX = "YOSANALYSIS_"

_RESET = """\
get_ipython().reset(new_session=True)
import os as _os, sys as _sys
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
_os.chdir({cwd!r})
[_os.environ.pop(k) for k in list(_os.environ) if k.startswith({prefix!r})]
_os.environ.update({env!r})
del _os, _sys
"""


class _Kernel:
    """One started kernel: its (asynchronous) manager, for nbclient, and a blocking client of
    our own for the reset between notebooks."""

    def __init__(self, name: str, cwd: Path) -> None:
        from jupyter_client.blocking import BlockingKernelClient
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.manager = AsyncKernelManager(kernel_name=name)
        run_sync(self.manager.start_kernel)(
            cwd=str(cwd), extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
        self.client = BlockingKernelClient(parent=self.manager)  # alive: asks the manager
        self.client.load_connection_info(self.manager.get_connection_info())
        try:
            self.client.start_channels()
            self.client.wait_for_ready(timeout=60)
        except BaseException:  # started but not answering: leave no kernel process behind
            self.shutdown()
            raise
        self.used = 0

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return bool(run_sync(self.manager.is_alive)())

    def reset(self, cwd: Path) -> None:
        """A clean namespace, execution count 1, no pyplot figures, `cwd` as working folder and
        this process's `YOSANALYSIS_*` environment; RuntimeError if the kernel could not."""
        import os

        env = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
        code = _RESET.format(cwd=str(cwd), prefix=ENV_PREFIX, env=env)
        reply = self.client.execute_interactive(code, silent=True,
                                                store_history=False, timeout=60,
                                                output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise RuntimeError(f"could not reset the kernel: {content.get('ename')}: "
                               f"{content.get('evalue')}")

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        try:
            self.client.stop_channels()
            run_sync(self.manager.shutdown_kernel)(now=False)
        except Exception as err:  # a kernel already gone: nothing more to stop
            log.debug("shutting down a kernel: %s", err)
            try:
                run_sync(self.manager.shutdown_kernel)(now=True)
            except Exception:
                pass


class KernelPool:
    """At most `size` kernels of `kernel_name`, started when first wanted and reused, one
    notebook at a time each; `close()` (or leaving a `with` block) shuts them all down.

    Thread-safe: notebooks running in `size` threads each borrow their own kernel. A kernel that
    died or timed out during a notebook is shut down and replaced by a new one when next wanted.

    >>> with KernelPool(2) as pool:  # starts nothing until a notebook borrows a kernel
    ...     pool.started
    0
    """

    def __init__(self, size: int, kernel_name: str = "yosanalysis") -> None:
        self.size = max(1, size)
        self.kernel_name = kernel_name
        self._idle: queue.SimpleQueue[_Kernel] = queue.SimpleQueue()
        self._all: list[_Kernel] = []
        self._count = 0  # kernels started or starting
        self._lock = threading.Lock()
        self._closed = False

    @property
    def started(self) -> int:
        """Kernels running now."""
        return len(self._all)

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def kernel(self, cwd: Path) -> Iterator[Any]:
        """Lend a kernel, reset and working in `cwd`, as its `AsyncKernelManager`. It is given
        back at the end of the block, or when the block raised papermill's
        `PapermillExecutionError` (a cell's error: the kernel is sound); on any other error
        (the kernel died, a cell timed out and may still run) it is shut down, and a new one
        started when next wanted."""
        from papermill.exceptions import PapermillExecutionError

        if self._closed:
            raise RuntimeError("the kernel pool is closed")
        kernel = self._take(cwd)
        keep = False
        try:
            kernel.reset(cwd)
            kernel.used += 1
            yield kernel.manager
            keep = True
        except PapermillExecutionError:
            keep = True
            raise
        finally:
            if keep and not self._closed and kernel.alive():
                self._idle.put(kernel)
            else:
                self._drop(kernel)

    def _take(self, cwd: Path) -> _Kernel:
        """An idle kernel, or a new one while fewer than `size` run, or the next given back."""
        while True:
            try:
                return self._idle.get_nowait()
            except queue.Empty:
                pass
            with self._lock:
                start = self._count < self.size
                if start:
                    self._count += 1
            if start:
                break
            try:  # wait for one given back; look again now and then (one may have died)
                return self._idle.get(timeout=0.5)
            except queue.Empty:
                continue
        try:
            kernel = _Kernel(self.kernel_name, cwd)
        except BaseException:
            with self._lock:
                self._count -= 1
            raise
        with self._lock:
            self._all.append(kernel)
        if self._closed:  # closed while it started: it would outlive the pool
            self._drop(kernel)
            raise RuntimeError("the kernel pool is closed")
        return kernel

    def _drop(self, kernel: _Kernel) -> None:
        with self._lock:
            if kernel in self._all:
                self._all.remove(kernel)
                self._count -= 1
        kernel.shutdown()

    def close(self) -> None:
        """Shut every kernel down (idempotent)."""
        self._closed = True
        with self._lock:
            kernels, self._all, self._count = self._all, [], 0
        for kernel in kernels:
            kernel.shutdown()


def _register_engine() -> None:
    """The papermill engine `ENGINE`: nbclient's, run in the kernel manager passed as `km`,
    whose client channels are closed after each notebook (the kernel itself is the pool's)."""
    from papermill.engines import NBClientEngine, PapermillNotebookClient, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    class PooledEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                     stdout_file: Any = None, stderr_file: Any = None,
                                     start_timeout: int = 60, execution_timeout: Any = None,
                                     **kwargs: Any) -> Any:
            from papermill.engines import logger

            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            client = PapermillNotebookClient(nb_man, **merge_kwargs(
                kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=logger, log_output=log_output,
                stdout_file=stdout_file, stderr_file=stderr_file))
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()
                    client.kc = None

    papermill_engines.register(ENGINE, PooledEngine)


_register_engine_once = threading.Lock()
_registered = False


def ensure_engine() -> str:
    """Register the papermill engine `ENGINE` (once per process); return its name."""
    global _registered
    with _register_engine_once:
        if not _registered:
            _register_engine()
            _registered = True
    return ENGINE
