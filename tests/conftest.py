"""Fixtures shared by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

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
