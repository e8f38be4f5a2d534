"""National-scale synthetic inputs: `yosanalysis sample --scale national --out DIR`.

By default 155 fictional services ("Synthetic service 001" ...) x 12 quarterly rounds (2022 Q1 to
2024 Q4) x 30 cases x 40 questions, about 2.2 million answers, in the same messy wide export form
as the sample's audit file (UTF-8 with a byte-order mark, Windows line ends, a stray blank line, a
wholly empty column, every accepted answer spelling and date format), in one file for all
services, with its question bank; plus an SQS inspection file and an HMIP 2018 ratings file that
cover every service. Generation is vectorised over cases and questions; the audit file is written
a few services at a time, so memory stays modest, with a progress bar on stderr.

Never write this into `data/sample/`: it is for the benchmark harness, not for the repository.

>>> import tempfile
>>> paths = write_national(Path(tempfile.mkdtemp()), services=2, rounds=2, cases=3,
...                        questions=8, progress=False)
>>> [p.name for p in paths]
['synthetic-national-audit.csv', 'synthetic-national-hmip2018-ratings.csv',
 'synthetic-national-question-bank.csv', 'synthetic-national-sqs-inspection.csv']
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from yosanalysis.sample import (
    _NORTHSHIRE_AUDITORS,
    _STOCKTON_AUDITORS,
    _STOCKTON_COMMENTS,
    STOCKTON_SQS_ITEMS,
    _format_dates,
    hmip2018_question_bank,
    hmip2018_ratings,
    quarter_rounds,
    wide_audit,
    write_csv,
    write_sample,
)

__all__ = ["NATIONAL_FILES", "main", "write_national"]

NATIONAL_FILES = (
    "synthetic-national-audit.csv",
    "synthetic-national-question-bank.csv",
    "synthetic-national-sqs-inspection.csv",
    "synthetic-national-hmip2018-ratings.csv",
)
_AUDITORS = _STOCKTON_AUDITORS + _NORTHSHIRE_AUDITORS


def service_names(services: int) -> list[str]:
    """The fictional services' names.

    >>> service_names(2)
    ['Synthetic service 001', 'Synthetic service 002']
    """
    return [f"Synthetic service {i:03d}" for i in range(1, services + 1)]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def national_inspections(rng: np.random.Generator, names: list[str]) -> pd.DataFrame:
    """SQS item scores (the sample's 16 item names) for every service, 2013-2014.

    >>> len(national_inspections(np.random.default_rng(0), service_names(2)))
    32
    """
    n, items = len(names), len(STOCKTON_SQS_ITEMS)
    themes = np.array([t for t, *_ in STOCKTON_SQS_ITEMS], dtype=object)
    labels = np.array([i for _, i, *_ in STOCKTON_SQS_ITEMS], dtype=object)
    base = rng.normal(80, 8, n)
    scores = np.clip(np.rint(base[:, None] + rng.normal(0, 7, (n, items))), 30, 100).astype(int)
    days = np.datetime64("2013-04-01") + rng.integers(0, 640, n)
    years = days.astype("datetime64[Y]").astype(int) + 1970
    framework = np.where(rng.random(n) < 0.3, "Short Quality Screening", "SQS")
    return pd.DataFrame({
        "Service": np.repeat(np.array(names, dtype=object), items),
        "Inspection": np.repeat(np.strings.add("SQS ", years.astype(str)), items),
        "Framework": np.repeat(framework, items),
        "Date": np.repeat(_format_dates(days, np.zeros(n, dtype=int)), items),
        "Theme": np.tile(themes, n),
        "Item": np.tile(labels, n),
        "Score": scores.ravel(),
        "Cases": np.repeat(rng.integers(14, 21, n), items),
    })


def write_national(
    out: Path,
    seed: int = 2013,
    *,
    services: int = 155,
    rounds: int = 12,
    cases: int = 30,
    questions: int = 40,
    chunk: int = 10,
    progress: bool = True,
) -> list[Path]:
    """Write the national-scale synthetic inputs into `out` and return their paths, sorted.

    Each service has its own level of practice and its own trend, each question its own
    difficulty and rate of N/A; `cases` cases are audited in each of `rounds` quarterly rounds
    from 2022 Q1. The same seed and sizes always give the same bytes. See the module's docstring
    for an example.
    """
    if min(services, rounds, cases, questions, chunk) < 1:
        raise ValueError("services, rounds, cases, questions and chunk must each be at least 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    names = service_names(services)
    bank = hmip2018_question_bank(questions)
    periods = quarter_rounds(2022, 1, rounds)

    # service and question parameters, drawn once
    params = np.random.default_rng([seed, 100])
    level = params.normal(1.6, 0.6, services)
    trend = params.normal(0.05, 0.05, services)
    difficulty = params.normal(0, 0.4, questions)
    p_na = params.beta(1, 15, questions)
    teams = np.argsort(params.random((services, len(_AUDITORS))), axis=1)[:, :3]
    step = np.arange(rounds)[:, None]

    audit_path = out / NATIONAL_FILES[0]
    with (
        audit_path.open("w", encoding="utf-8-sig", newline="") as handle,
        tqdm(total=services, unit="service", desc="national audit", file=sys.stderr,
             disable=not progress) as bar,
    ):
        for number, first in enumerate(range(0, services, chunk)):
            rng = np.random.default_rng([seed, 101, number])
            frames = [
                wide_audit(
                    rng, service=names[s], rounds=periods, cases=np.full(rounds, cases),
                    bank=bank,
                    p_yes=_sigmoid(level[s] + difficulty + trend[s] * step) * 0.95,
                    p_partially=0.05, p_na=p_na,
                    auditors=[_AUDITORS[a] for a in teams[s]], comments=_STOCKTON_COMMENTS,
                )
                for s in range(first, min(first + chunk, services))  # a loop over services
            ]
            text = pd.concat(frames, ignore_index=True).to_csv(
                index=False, header=number == 0, lineterminator="\r\n"
            )
            if number == 1:
                handle.write("\r\n")  # one stray blank line, as hand-edited exports have
            handle.write(text)
            bar.update(len(frames))

    written = [
        audit_path,
        write_csv(bank, out / NATIONAL_FILES[1]),
        write_csv(national_inspections(np.random.default_rng([seed, 102]), names),
                  out / NATIONAL_FILES[2]),
        write_csv(hmip2018_ratings(np.random.default_rng([seed, 103]), names),
                  out / NATIONAL_FILES[3]),
    ]
    return sorted(written)


def main(args: argparse.Namespace) -> int:
    """`yosanalysis sample --out DIR [--scale sample|national] [--seed N]`: write the files of
    either scale (the sample's from `yosanalysis.sample.write_sample`) and list them.

    >>> import tempfile
    >>> main(argparse.Namespace(out=tempfile.mkdtemp(), scale="sample", seed=2013))
    Wrote 14 sample files to ...
    0
    """
    out = Path(args.out)
    if args.scale == "national":
        paths = write_national(out, args.seed)
    else:
        paths = write_sample(out, args.seed)
    print(f"Wrote {len(paths)} {args.scale} files to {out}:")
    for path in paths:
        print(f"  {path.name}")
    return 0
