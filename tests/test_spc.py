"""yosanalysis.spc against a published source: the NHS-R community's NHSRplotthedots (R package,
github.com/nhs-r-community/NHSRplotthedots, version 0.2.x), which implements NHS England's
"Making Data Count" rules. Its tests (tests/testthat/test-ptd_spc_standard.R, snapshots in
tests/testthat/_snaps/ptd_spc_standard.md and ptd_spc.md) run on R's `set.seed(123);
rnorm(20)`, given here to eight places; the expected limits are copied from its snapshots."""

from __future__ import annotations

import pytest

from yosanalysis.spc import MIN_FIXED_POINTS, Rule, assurance, variation, xmr

RNORM_123 = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499,
             0.46091621, -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383,
             0.40077145, 0.11068272, -0.55584113, 1.78691314, 0.49785048, -1.96661716,
             0.70135590, -0.47279141]


def limits(chart):
    row = chart.iloc[0]
    return round(row["mean"], 2), round(row["lower"], 2), round(row["upper"], 2)


def test_limits_match_nhsrplotthedots_worked_examples() -> None:
    # r1 snapshot: mean_col 0.1416238, lpl -3.01138, upl 3.294627; no special cause
    chart = xmr(RNORM_123)
    assert limits(chart) == (0.14, -3.01, 3.29)
    assert not chart["signal"].any()
    # facets (ptd_spc.md): the first ten points 0.0746, -2.60, 2.75; the last ten 0.209,
    # -3.28, 3.70
    assert limits(xmr(RNORM_123[:10])) == (0.07, -2.60, 2.75)
    assert limits(xmr(RNORM_123[10:])) == (0.21, -3.28, 3.70)


def test_screened_moving_ranges_match_nhsrplotthedots() -> None:
    # r2/r3 snapshots: y[15] <- 10, with screen_outliers TRUE (-2.383666, 3.722497) and
    # FALSE (-4.596625, 5.935457)
    wild = list(RNORM_123)
    wild[14] = 10
    assert limits(xmr(wild)) == (0.67, -2.38, 3.72)
    assert limits(xmr(wild, screen_outliers=False)) == (0.67, -4.60, 5.94)
    assert xmr(wild).loc[14, "rule"] == Rule.OUTSIDE


def test_limits_fixed_from_a_baseline_and_trial_limits_said_so() -> None:
    fixed = xmr(RNORM_123, baseline=12)
    assert fixed.attrs["limits"] == "fixed" and fixed["limits"].eq("fixed").all()
    assert fixed["baseline"].sum() == 12
    assert limits(fixed) != limits(xmr(RNORM_123))  # as NHSRplotthedots' fix_after_n_points
    short = xmr(RNORM_123[:MIN_FIXED_POINTS - 1])
    assert short.attrs["limits"] == "trial"
    assert xmr(RNORM_123, baseline=8).attrs["limits"] == "trial"
    with pytest.raises(ValueError, match="baseline"):
        xmr(RNORM_123, baseline=30)
    with pytest.raises(ValueError, match="missing"):
        xmr([1.0, None, 2.0])


FLAT = [50, 52, 48, 51, 49, 50, 52, 48, 51, 49, 50, 51, 49, 50]


def rules(series, **options) -> set[str]:
    return set(xmr(series, baseline=len(FLAT), **options)["rule"]) - {""}


def test_a_point_outside_the_limits_fires_and_its_near_miss_does_not() -> None:
    upper = xmr(FLAT)["upper"].iloc[0]
    assert rules([*FLAT, upper + 0.5]) == {Rule.OUTSIDE}
    assert Rule.OUTSIDE not in rules([*FLAT, upper - 0.5])


def test_a_run_of_7_on_one_side_fires_and_6_does_not() -> None:
    mean = xmr(FLAT)["mean"].iloc[0]
    above = [mean + 1, mean + 1.5, mean + 1, mean + 1.5, mean + 1, mean + 1.5]
    run = rules([*FLAT, *above, mean + 1, mean - 1])
    assert run == {Rule.RUN}
    assert rules([*FLAT, *above, mean - 1]) == set()
    chart = xmr([*FLAT, *above, mean + 1], baseline=len(FLAT))
    assert chart["rule"].tail(7).eq(Rule.RUN).all()  # all seven points flagged


def test_seven_rising_fires_and_six_rising_does_not() -> None:
    # NHSRplotthedots' ptd_seven_point_trend: 7 points, 6 increases; a tie breaks the trend
    rising = [47, 47.5, 48, 49.5, 51, 52.5, 53]
    assert rules([*FLAT, 52, *rising]) == {Rule.TREND}
    assert rules([*FLAT, 52, *rising[:6], 46]) == set()
    assert rules([*FLAT, 52, *rising[:3], rising[2], *rising[3:6]]) == set()  # a tie
    falling = [53, 52.5, 51, 49.5, 48, 47.5, 47]
    chart = xmr([*FLAT, 46, *falling], baseline=len(FLAT))
    assert chart["rule"].tail(7).eq(Rule.TREND).all()
    assert chart["direction"].tail(7).eq(-1).all()


def test_two_of_three_near_a_limit_fires_on_one_side_only() -> None:
    base = xmr(FLAT).iloc[0]
    near = (base["near_upper"] + base["upper"]) / 2  # beyond two-thirds, inside the limit
    assert rules([*FLAT, near, base["mean"] + 0.5, near]) == {Rule.TWO_OF_THREE}
    # near miss: one of three near, or two near on opposite sides of the mean
    assert rules([*FLAT, near, base["mean"] + 0.5, base["mean"] + 0.5]) == set()
    low = (base["near_lower"] + base["lower"]) / 2
    assert rules([*FLAT, near, low, base["mean"] + 0.5]) == set()


def test_variation_and_assurance_icons() -> None:
    upper = xmr(FLAT)["upper"].iloc[0]
    assert str(variation(xmr(FLAT))) == "common cause"
    assert str(variation(xmr([*FLAT, upper + 1], baseline=len(FLAT)))) == \
        "special cause: improving"
    assert str(variation(xmr([*FLAT, upper + 1], baseline=len(FLAT), improvement="down")))\
        == "special cause: concerning"
    chart = xmr(FLAT, target=40)
    assert str(assurance(chart)) == "consistently passing"
    assert str(assurance(chart, 60)) == "consistently failing"
    assert str(assurance(chart, 50)) == "hit and miss"
    assert str(assurance(chart, 40, "down")) == "consistently failing"
    assert assurance(xmr(FLAT)) is None  # no target, no assurance icon
