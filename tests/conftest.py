"""Fixtures shared by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# No property test is timed: timing belongs to the benchmark harness (`make bench`), and a busy
# machine must not fail a test that is right.
settings.register_profile("yosanalysis", deadline=None)
settings.load_profile("yosanalysis")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
SHARED = ROOT.parent / "shared"
HMIP_RATINGS = SHARED / "data" / "hmip_youth_ratings_2021_2025.csv"


@pytest.fixture
def shared_ratings() -> Path:
    """The real, messy HMIP ratings scrape in ../shared/data; skipped, with the reason, where
    ../shared is absent (a user's machine). CI always has it."""
    if not HMIP_RATINGS.exists():
        pytest.skip(f"{HMIP_RATINGS} is absent: ../shared comes with the project's CI only")
    return HMIP_RATINGS


@pytest.fixture
def sample_dir() -> Path:
    """The sample data that ships with the project."""
    return SAMPLE


def build_sample_pack(outputs: Path, config: str = "sample.yaml") -> Path:
    """Build a report of `reports/<config>` into `outputs` (not the project's outputs/)."""
    from yosanalysis.report import build_pack, load_config

    cfg = load_config(ROOT / "reports" / config)
    return build_pack(cfg, outputs=outputs, notebooks_dir=ROOT / "notebooks", force=True).pack


@pytest.fixture(scope="session")
def sample_pack(tmp_path_factory) -> Path:
    """The sample board pack, built once per test session."""
    return build_sample_pack(tmp_path_factory.mktemp("packs"))


@pytest.fixture(scope="session")
def northshire_pack(tmp_path_factory) -> Path:
    """The second report (a synthetic service under the 2018 framework), built once."""
    return build_sample_pack(tmp_path_factory.mktemp("packs"), "northshire.yaml")
