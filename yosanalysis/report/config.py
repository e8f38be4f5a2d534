"""A board report's parameters: one YAML file per report, checked before anything runs.

The file names the service, the inspection, the rating scheme, the input files and which notebooks
to run. Every name is checked: an unknown parameter, a missing file or a service absent from the
data stops the report with one message that names the parameter.

>>> cfg = ReportConfig.from_dict({"service": "Stockton-on-Tees", "notebooks": []}, root=Path("."))
>>> cfg.report, cfg.scheme, cfg.partially
('stockton-on-tees', 'hmip-2013', 0.0)
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from yosanalysis.errors import ConfigError
from yosanalysis.format import slug
from yosanalysis.pages.catalogue import NOTEBOOKS

__all__ = ["INPUT_KINDS", "NOTEBOOKS", "ReportConfig", "load_config"]


# inputs: name -> the kinds of file `yosanalysis.load` may read it as (inspection scores may
# come from an inspection file or, for the 2018 framework, from a ratings file)
INPUT_KINDS: dict[str, tuple[str, ...]] = {
    "inspection": ("inspection", "hmip-ratings"),
    "previous_inspection": ("inspection", "hmip-ratings"),
    "audit": ("audit",),
    "questions": (),  # a question bank, read with the audit
    "recommendations": ("recommendations",),
    "benchmark": ("inspection", "hmip-ratings"),
    "ratings": ("hmip-ratings",),
}

_TOP_LEVEL = {
    "report", "title", "board", "meeting_date", "author", "service", "inspection", "scheme",
    "partially", "min_cases", "suppress_below", "synthetic", "inputs", "rounds", "key_strengths",
    "summary_quote", "notebooks", "parameters", "max_input_mb",
}
_PARTIALLY_WORDS = {"no": 0.0, "false": 0.0, "half": 0.5, "yes": 1.0, "true": 1.0}
# an input given as a mapping: its file, how to read it, and constant columns (`service: X`)
_INPUT_OPTIONS = ("file", "sheet", "columns", "dates")


def _canonical_columns(name: str) -> list[str]:
    """The canonical columns of the kinds an input may be read as."""
    from yosanalysis.clean.columns import CANONICAL, COLUMNS

    kinds = INPUT_KINDS[name] or ("question-bank",)
    names = [c for k in kinds for c in CANONICAL[k]]
    names += [c.name for k in kinds for c in COLUMNS[k]]  # hmip-ratings' own columns
    return list(dict.fromkeys(names))


def _input_entry(name: str, value: Any, source: Path | None) -> tuple[Any, Any]:
    """The file of an input and its `InputOptions`, from a path or a mapping such as
    `{file: a.xlsx, sheet: Form1, columns: {Team: service}, service: Westmere}`."""
    from yosanalysis.clean.options import DATE_ORDERS, InputOptions

    if not isinstance(value, dict):
        return value, InputOptions()
    where = f"{source}: parameter 'inputs.{name}"
    known = _canonical_columns(name)
    constants: dict[str, str] = {}
    for key, given in value.items():
        if key in _INPUT_OPTIONS:
            continue
        if key not in known:
            raise ConfigError(
                f"{where}.{key}': unknown setting{_suggest(str(key), (*_INPUT_OPTIONS, *known))};"
                f" an input takes {', '.join(_INPUT_OPTIONS)}, or a constant for one of its "
                f"columns ({', '.join(known)})")
        constants[str(key)] = str(given)
    columns = value.get("columns") or {}
    if not isinstance(columns, dict):
        raise ConfigError(f"{where}.columns' must map headers in the file to columns")
    for header, target in columns.items():
        if str(target) not in known:
            raise ConfigError(
                f"{where}.columns': {header!r} is mapped to {target!r}, which is not a column "
                f"of this input{_suggest(str(target), tuple(known))}; its columns: "
                f"{', '.join(known)}")
    dates = value.get("dates")
    if dates is not None and dates not in DATE_ORDERS:
        raise ConfigError(f"{where}.dates' must be {' or '.join(DATE_ORDERS)}; got {dates!r}")
    sheet = value.get("sheet")
    options = InputOptions(sheet=None if sheet is None else str(sheet),
                           columns={str(k): str(v) for k, v in columns.items()},
                           constants=constants, dates=dates)
    if not value.get("file"):
        raise ConfigError(f"{where}.file' is required when the input is a mapping")
    return value["file"], options


def _check_rounds(rounds: tuple[str, ...], source: Path | None) -> None:
    """The report's two rounds (its one tested comparison) must be distinct and in time order
    (`yosanalysis.scoring.round_order`), or ConfigError naming `rounds`."""
    from yosanalysis.scoring import round_order

    keys = [round_order(r) for r in rounds]
    if len(set(keys)) != len(keys):
        raise ConfigError(
            f"{source}: parameter 'rounds' names a round twice ({', '.join(rounds)}); give two "
            "different audit rounds, the earlier first"
        )
    if keys != sorted(keys):
        raise ConfigError(
            f"{source}: parameter 'rounds' must be in time order, the earlier first; got "
            f"{', '.join(rounds)} (did you mean {', '.join(sorted(rounds, key=round_order))}?)"
        )


def _input_limit(raw: dict[str, Any], source: Path | None) -> float:
    """The YAML's `max_input_mb` (default 200, `yosanalysis.io.MAX_INPUT_MB`), or ConfigError
    naming it."""
    from yosanalysis.io import MAX_INPUT_MB, check_limit

    if raw.get("max_input_mb") is None:
        return float(MAX_INPUT_MB)
    try:
        return check_limit(raw["max_input_mb"])
    except ValueError as err:
        raise ConfigError(f"{source}: parameter 'max_input_mb' {err}") from None


def _suggest(name: str, known: set[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True)
class ReportConfig:
    """The checked parameters of one board report. Paths are absolute."""

    service: str
    report: str
    title: str = "Case file audit and inspection report"
    board: str = ""
    meeting_date: str = ""
    author: str = ""
    inspection: str | None = None
    scheme: str = "hmip-2013"
    partially: float = 0.0
    min_cases: int = 10
    suppress_below: int = 5
    synthetic: bool = False
    inputs: dict[str, Path] = field(default_factory=dict)
    input_options: dict[str, Any] = field(default_factory=dict)  # name -> InputOptions
    rounds: tuple[str, ...] = ()
    key_strengths: tuple[str, ...] = ()
    summary_quote: str = ""
    notebooks: tuple[str, ...] = NOTEBOOKS
    parameters: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None
    root: Path = Path(".")
    max_input_mb: float = 200.0  # inputs larger are refused (yosanalysis.io.MAX_INPUT_MB)

    @classmethod
    def from_dict(cls, raw: dict[str, Any], *, root: Path, source: Path | None = None,
                  max_input_mb: float | None = None):
        """Check a parsed YAML mapping and build the configuration from it. `max_input_mb`
        (the command line's `--max-input-mb`) overrides the YAML's `max_input_mb`; either is
        given to every input's `InputOptions.max_mb`, so everything that reads an input (the
        checks, the notebooks, the privacy scan) refuses a file over it.

        >>> cfg = ReportConfig.from_dict({"service": "A", "max_input_mb": 500}, root=Path("."))
        >>> cfg.max_input_mb
        500.0
        >>> ReportConfig.from_dict({"service": "A", "max_input_mb": "big"}, root=Path("."))
        ... # doctest: +ELLIPSIS
        Traceback (most recent call last):
        yosanalysis.errors.ConfigError: ...'max_input_mb' must be a number of megabytes above 0...
        """
        if not isinstance(raw, dict):
            raise ConfigError(f"{source}: a report file must be a mapping of parameter: value")
        unknown = set(raw) - _TOP_LEVEL
        if unknown:
            name = sorted(unknown)[0]
            raise ConfigError(
                f"{source}: unknown parameter {name!r}{_suggest(name, _TOP_LEVEL)}; "
                f"known parameters: {', '.join(sorted(_TOP_LEVEL))}"
            )
        service = raw.get("service")
        if not isinstance(service, str) or not service.strip():
            raise ConfigError(f"{source}: parameter 'service' is required (the service's name)")
        limit = _input_limit(raw, source)  # checked even where the command line overrides it
        if max_input_mb is not None:
            from yosanalysis.io import check_limit

            limit = check_limit(max_input_mb)
        inputs = raw.get("inputs") or {}
        if not isinstance(inputs, dict):
            raise ConfigError(f"{source}: parameter 'inputs' must map input names to files")
        resolved: dict[str, Path] = {}
        options: dict[str, Any] = {}
        for name, value in inputs.items():
            if name not in INPUT_KINDS:
                raise ConfigError(
                    f"{source}: unknown input 'inputs.{name}'{_suggest(name, tuple(INPUT_KINDS))};"
                    f" known inputs: {', '.join(INPUT_KINDS)}"
                )
            if value in (None, ""):
                continue
            value, read_as = _input_entry(name, value, source)
            path = Path(value)
            path = path if path.is_absolute() else (root / path)
            if not path.is_file():
                raise ConfigError(f"{source}: parameter 'inputs.{name}': no such file {value}")
            resolved[name] = path.resolve()
            read_as = replace(read_as, max_mb=limit)
            if not read_as.empty:
                options[name] = read_as
        notebooks = tuple(raw.get("notebooks") or NOTEBOOKS)
        for nb in notebooks:
            if nb not in NOTEBOOKS:
                raise ConfigError(
                    f"{source}: parameter 'notebooks': unknown notebook {nb!r}"
                    f"{_suggest(nb, NOTEBOOKS)}; known notebooks: {', '.join(NOTEBOOKS)}"
                )
        partially = raw.get("partially", 0)
        if isinstance(partially, str) and partially.strip().lower() in _PARTIALLY_WORDS:
            partially = _PARTIALLY_WORDS[partially.strip().lower()]
        if isinstance(partially, bool):
            partially = float(partially)
        if partially not in (0, 0.5, 1):
            raise ConfigError(
                f"{source}: parameter 'partially' must be 0, 0.5 or 1 (or no, half, yes); "
                f"got {raw.get('partially')!r}"
            )
        meeting = raw.get("meeting_date", "")
        if isinstance(meeting, date):
            meeting = meeting.isoformat()
        for name in ("min_cases", "suppress_below"):
            if name in raw and (not isinstance(raw[name], int) or raw[name] < 0):
                raise ConfigError(f"{source}: parameter {name!r} must be a whole number >= 0")
        extra = raw.get("parameters") or {}
        if not isinstance(extra, dict):
            raise ConfigError(f"{source}: parameter 'parameters' must be a mapping")
        rounds = tuple(str(r) for r in (raw.get("rounds") or ()))
        _check_rounds(rounds, source)
        scheme = str(raw.get("scheme", "hmip-2013"))
        from yosanalysis.schemes import available_schemes

        if scheme not in available_schemes():
            raise ConfigError(
                f"{source}: parameter 'scheme': unknown rating scheme {scheme!r}; "
                f"known schemes: {', '.join(available_schemes())}"
            )
        return cls(
            service=service.strip(),
            report=slug(str(raw.get("report") or service), "report"),
            title=str(raw.get("title") or cls.title),
            board=str(raw.get("board") or ""),
            meeting_date=str(meeting or ""),
            author=str(raw.get("author") or ""),
            inspection=raw.get("inspection"),
            scheme=scheme,
            partially=float(partially),
            min_cases=int(raw.get("min_cases", 10)),
            suppress_below=int(raw.get("suppress_below", 5)),
            synthetic=bool(raw.get("synthetic", False)),
            inputs=resolved,
            input_options=options,
            rounds=rounds,
            key_strengths=tuple(str(s) for s in (raw.get("key_strengths") or ())),
            summary_quote=str(raw.get("summary_quote") or ""),
            notebooks=notebooks,
            parameters=dict(extra),
            source=source,
            root=root,
            max_input_mb=limit,
        )

    def notebook_parameters(self) -> dict[str, Any]:
        """Every value a notebook may take, as papermill parameters (plain, typed Python values).

        Input files become `<name>_file` parameters holding absolute paths ('' when not given).
        """
        params: dict[str, Any] = {
            "service": self.service,
            "inspection": self.inspection or "",
            "scheme": self.scheme,
            "partially": self.partially,
            "min_cases": self.min_cases,
            "suppress_below": self.suppress_below,
            "synthetic": self.synthetic,
            "rounds": list(self.rounds),
            "key_strengths": list(self.key_strengths),
            "summary_quote": self.summary_quote,
            "board": self.board,
            "meeting_date": self.meeting_date,
        }
        for name in INPUT_KINDS:
            path = self.inputs.get(name)
            params[f"{name}_file"] = str(path) if path else ""
        params.update(self.parameters)
        return params

    def read_options(self) -> dict[Path, Any]:
        """How each input file is read (`yosanalysis.clean.options.InputOptions`), by path (for
        the privacy scan, which reads the files): only the inputs that say more than their file.

        >>> cfg = ReportConfig.from_dict({"service": "A", "notebooks": []}, root=Path("."))
        >>> cfg.read_options()
        {}
        """
        return {self.inputs[n]: o for n, o in self.input_options.items() if n in self.inputs}


def load_config(path: str | Path, root: Path | None = None, *,
                max_input_mb: float | None = None) -> ReportConfig:
    """Read and check a report's YAML file. Relative input paths are read against `root`
    (default: the folder above `reports/`, i.e. the project root, or else the file's folder).
    `max_input_mb` (the command line's `--max-input-mb`) overrides the file's `max_input_mb`."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"no such report file: {path}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML: {err}") from None
    if root is None:
        parent = path.resolve().parent
        root = parent.parent if parent.name == "reports" else parent
    return ReportConfig.from_dict(raw or {}, root=root, source=path,
                                  max_input_mb=max_input_mb)
