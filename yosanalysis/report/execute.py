"""Running one notebook with papermill, in this process, on the project's Jupyter kernel.

Papermill's own `cwd` argument changes the whole process's working directory, which is not safe
when several notebooks run at once in threads; the kernel's working directory is set through
nbclient's `resources["metadata"]["path"]` instead, which touches nothing in this process.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yosanalysis.errors import ConfigError

if TYPE_CHECKING:
    from yosanalysis.report.kernels import KernelPool

__all__ = ["KERNEL", "NotebookFailed", "declared_parameters", "ensure_kernel", "run_notebook"]

KERNEL = "yosanalysis"
log = logging.getLogger(__name__)


@dataclass
class NotebookFailed(Exception):
    """A notebook stopped with an error: which notebook, which cell, what error."""

    notebook: str
    cell: int | None
    error: str
    executed: Path

    def __str__(self) -> str:
        where = f" in cell {self.cell}" if self.cell is not None else ""
        return f"notebook {self.notebook} failed{where}: {self.error}"


def ensure_kernel() -> str:
    """The name of the project's kernel, registering it inside this environment if it is missing
    or stale (what `make setup` does), so `yosanalysis report` also works without make.

    Stale: the kernel found under that name starts another Python than this one (the project
    was moved, or another copy of it registered its own). It is registered again here; if a
    stale one still comes first (found in a folder Jupyter searches before this environment's),
    the error names it, rather than letting the notebooks run with another Python's packages.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    def found() -> tuple[str | None, str | None]:
        try:
            spec = KernelSpecManager().get_kernel_spec(KERNEL)
        except NoSuchKernel:
            return None, None
        return (spec.argv[0] if spec.argv else ""), spec.resource_dir

    def ours(program: str | None) -> bool:  # a Python of this environment (python, python3...)
        return bool(program) and Path(program).is_file() and \
            Path(program).parent.resolve() == Path(sys.executable).parent.resolve()

    program, where = found()
    if ours(program):
        return KERNEL
    from ipykernel.kernelspec import install

    install(kernel_name=KERNEL, display_name="Python (yosanalysis)", prefix=sys.prefix)
    log.warning("registered the Jupyter kernel %r in %s%s", KERNEL, sys.prefix,
                "" if program is None else f" (the one found started {program})")
    program, where = found()
    if not ours(program):
        raise ConfigError(
            f"the Jupyter kernel {KERNEL!r} in {where} starts {program}, not this environment's "
            f"Python ({sys.executable}): remove that folder, then run the report again"
        )
    return KERNEL


def declared_parameters(notebook: Path) -> set[str]:
    """The names in a notebook's `parameters` cell."""
    import papermill

    return set(papermill.inspect_notebook(str(notebook)))


def run_notebook(notebook: Path, output: Path, parameters: dict[str, Any], *, cwd: Path,
                 timeout: int = 600, kernels: KernelPool | None = None) -> tuple[Any, float]:
    """Execute `notebook` into `output` with `parameters`; return the executed notebook and the
    seconds it took. Every parameter must be declared by the notebook (papermill only warns).

    With `kernels` (a `yosanalysis.report.kernels.KernelPool`) the notebook runs in one of its
    kernels, reset first (no variable of an earlier notebook is left); without, in a new kernel
    started for it and shut down after. Raises ConfigError for an undeclared parameter and
    NotebookFailed (notebook, cell, error) when the notebook stops with an error."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    unknown = set(parameters) - declared_parameters(notebook)
    if unknown:
        raise ConfigError(
            f"notebook {notebook.stem} has no parameter {sorted(unknown)[0]!r}; "
            f"its parameters are: {', '.join(sorted(declared_parameters(notebook)))}"
        )
    start = time.perf_counter()
    options = dict(parameters=parameters, kernel_name=KERNEL, progress_bar=False,
                   log_output=False, request_save_on_cell_execute=False,
                   execution_timeout=timeout)
    try:
        if kernels is None:
            nb = papermill.execute_notebook(
                str(notebook), str(output), **options,
                resources={"metadata": {"path": str(cwd)}},
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            )
        else:
            from yosanalysis.report.kernels import ensure_engine

            with kernels.kernel(cwd) as km:
                nb = papermill.execute_notebook(str(notebook), str(output), **options,
                                                engine_name=ensure_engine(), km=km)
    except PapermillExecutionError as err:
        raise NotebookFailed(notebook.stem, err.exec_count, f"{err.ename}: {err.evalue}",
                             output) from None
    except Exception as err:  # kernel died, timeout, ... : still one clear message
        raise NotebookFailed(notebook.stem, None, f"{type(err).__name__}: {err}", output) from None
    return nb, time.perf_counter() - start
