"""Answer words, dates, percentages, numbers, ratings and text, as the contract accepts them."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from yosanalysis.clean.values import (
    ANSWERS,
    answer_word,
    canonical_rating,
    clean_text,
    map_distinct,
    parse_answers,
    parse_date,
    parse_dates,
    parse_numbers,
    parse_percentages,
    strip_footnote,
    theme_any,
)

# The contract's "Answer spellings met in practice", and a few more of the same kind.
SPELLINGS = {
    "Yes": ["Y", "yes", "YES ", "Yes - see notes", "1", "TRUE", "✓", "y", " Yes", "✔"],
    "No": ["N", "no", "0", "FALSE", "✗", "No - see plan", "NO", "✘"],
    "Partially": ["Partially", "partial", "in part", "PARTIALLY ", "Partly"],
    "N/A": ["N/A", "NA", "n/a", "not applicable", "-", "N.A.", "Not Applicable", "–"],
}


@pytest.mark.parametrize(
    ("spelling", "answer"), [(s, a) for a, spellings in SPELLINGS.items() for s in spellings]
)
def test_answer_spellings(spelling, answer):
    assert answer_word(spelling) == answer


@pytest.mark.parametrize("blank", ["", " ", "\u00a0", "\t"])
def test_blank_answer_is_unanswered_not_na(blank):
    assert answer_word(blank) == ""


@pytest.mark.parametrize("word", ["maybe", "Yess", "2", "X", "yes but no plan", "n/k", "?"])
def test_unknown_answer_words(word):
    assert answer_word(word) is None


def test_parse_answers_keeps_na_and_unanswered_apart():
    answers, unknown = parse_answers(pd.Series(["N/A", "", "Yes", "NA", "perhaps", " "]))
    assert answers.tolist()[:4] == ["N/A", np.nan, "Yes", "N/A"]
    assert answers.isna().tolist() == [False, True, False, False, True, True]
    assert unknown.tolist() == [False, False, False, False, True, False]
    assert list(answers.cat.categories) == list(ANSWERS)


@pytest.mark.parametrize(
    "text",
    ["25/11/2013", "25/11/13", "2013-11-25", "25 November 2013", "25-Nov-2013",
     "25 nov 2013", "25.11.2013", "25th November 2013", "2013-11-25 00:00:00",
     "25/11/2013 00:00", " 25/11/2013 "],
)
def test_every_date_form_reads_as_the_same_day(text):
    assert parse_date(text) == dt.date(2013, 11, 25)


def test_dates_are_day_first():
    assert parse_date("01/02/2013") == dt.date(2013, 2, 1)
    assert parse_date("1/2/13") == dt.date(2013, 2, 1)
    assert parse_date("01-Sept-2013") == dt.date(2013, 9, 1)


@pytest.mark.parametrize("text", ["11/25/2013", "31/02/2013", "next week", "2013", "41603"])
def test_impossible_or_month_first_dates_are_not_guessed(text):
    assert parse_date(text) is None


def _strptime_reference(text: str) -> dt.date | None:
    """What the documented rule gives: the first of the accepted forms that
    `datetime.strptime` takes, after spaces, ordinals, `Sept` and a time are tidied."""
    text = " ".join(text.replace("\u00a0", " ").split())
    text = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"\bsept\b", "Sep", text, flags=re.IGNORECASE)
    text = re.sub(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$", "", text).strip()
    for fmt in ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%Y/%m/%d", "%d-%m-%Y", "%d-%m-%y",
                "%d.%m.%Y", "%d.%m.%y", "%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y",
                "%d-%b-%y", "%d %b %y", "%d %B %y", "%d/%b/%Y", "%d %B, %Y", "%d %b, %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def test_a_column_of_dates_reads_as_strptime_reads_each_one():
    days = ["01", " 5", "31", "32", "25th", "٣"]
    months = ["02", "13", "Feb", "february", "SEPT", "June", "Junе"]  # the last with a Cyrillic е
    years = ["2013", "13", "69", "0000"]
    between = ["/", "-", ".", " ", "\u00a0 ", ", "]
    texts = [
        text
        for d, m, y, a, b in itertools.product(days, months, years, between, ["/", "-", " "])
        for text in (f"{d}{a}{m}{b}{y}", f"{y}{a}{m}{b}{d}", f"{d}{a}{m}{b}{y} 10:30")
    ]
    expected = [_strptime_reference(t) for t in texts]
    assert sum(e is not None for e in expected) > 200  # the set holds many real dates
    dates, bad = parse_dates(pd.Series(texts))
    assert [None if pd.isna(v) else v.date() for v in dates] == expected
    assert bad.tolist() == [e is None for e in expected]
    assert [parse_date(t) for t in texts[:2000]] == expected[:2000]


def test_parse_dates_column():
    dates, bad = parse_dates(pd.Series(["01/02/2013", "", "13/13/2013", "01/02/2013"]))
    assert str(dates.dtype) == "datetime64[ns]"
    assert dates[0] == pd.Timestamp("2013-02-01")
    assert dates.isna().tolist() == [False, True, True, False]
    assert bad.tolist() == [False, False, True, False]


@pytest.mark.parametrize("text", ["85", "85%", "85 %", "85.0", " 85 ", "85,0"])
def test_percentage_forms(text):
    p = parse_percentages(pd.Series([text, "40"]))
    assert p.numbers.tolist() == [85.0, 40.0]
    assert not p.fractions


def test_fractions_column_is_read_as_percentages():
    p = parse_percentages(pd.Series(["0.85", "1", "0", "0.5", ""]))
    assert p.fractions
    assert p.numbers.tolist()[:4] == [85.0, 100.0, 0.0, 50.0]
    assert np.isnan(p.numbers.iloc[4])


def test_zeros_and_ones_alone_are_not_fractions():
    p = parse_percentages(pd.Series(["0", "1", "1"]))
    assert not p.fractions
    assert p.numbers.tolist() == [0.0, 1.0, 1.0]


def test_fractions_written_with_a_percent_sign_are_percentages():
    p = parse_percentages(pd.Series(["0.5%", "0.85"]))
    assert not p.fractions
    assert p.numbers.tolist() == [0.5, 0.85]
    assert p.doubtful.tolist() == [False, True]


def test_a_value_under_1_among_percentages_is_doubtful():
    p = parse_percentages(pd.Series(["80", "0.9", "0", "1"]))
    assert p.numbers.tolist() == [80.0, 0.9, 0.0, 1.0]
    assert p.doubtful.tolist() == [False, True, False, False]
    assert not parse_percentages(pd.Series(["0.9", "0.5"])).doubtful.any()


def test_percentages_outside_0_100_and_non_numbers_are_flagged():
    p = parse_percentages(pd.Series(["101", "-1", "100", "eighty", "N/A", ""]))
    assert p.out_of_range.tolist() == [True, True, False, False, False, False]
    assert p.bad.tolist() == [False, False, False, True, False, False]
    assert np.isnan(p.numbers.iloc[0])  # never kept as a number
    assert p.numbers.iloc[2] == 100.0


@given(st.lists(st.text(max_size=8), max_size=20))
def test_percentages_always_lie_in_0_100(texts):
    p = parse_percentages(pd.Series(texts, dtype=object))
    kept = p.numbers.dropna()
    assert ((kept >= 0) & (kept <= 100)).all()
    assert not (p.bad & p.out_of_range).any()


@given(st.text(max_size=20))
def test_answer_word_never_invents_an_answer(text):
    assert answer_word(text) in {*ANSWERS, "", None}


def test_parse_numbers():
    values, bad = parse_numbers(pd.Series(["2", "2.5", "-", "", "two"]))
    assert values.tolist()[:2] == [2.0, 2.5]
    assert values.isna().tolist() == [False, False, True, True, True]
    assert bad.tolist() == [False, False, False, False, True]


def test_clean_text_collapses_spaces_and_blanks_are_missing():
    out = clean_text(pd.Series(["  Stockton-on-Tees  ", "A\u00a0 B", "", "  "]))
    assert out.tolist()[:2] == ["Stockton-on-Tees", "A B"]
    assert out.isna().tolist() == [False, False, True, True]


def test_clean_text_categorical():
    out = clean_text(pd.Series(["b ", "a", "b", ""]), categorical=True)
    assert isinstance(out.dtype, pd.CategoricalDtype)
    assert out.tolist()[:3] == ["b", "a", "b"]
    assert list(out.cat.categories) == ["a", "b"]


def test_map_distinct_calls_once_per_distinct_value():
    calls: list[str] = []

    def upper(value: str) -> str:
        calls.append(value)
        return value.upper()

    out = map_distinct(pd.Series(["a", "b", "a", "a", "b"]), upper)
    assert out.tolist() == ["A", "B", "A", "A", "B"]
    assert sorted(calls) == ["a", "b"]


@pytest.mark.parametrize(
    ("text", "scheme", "rating"),
    [
        ("requires improvement", "hmip-2018", "Requires improvement"),
        ("Requires  Improvement ", "hmip-2018", "Requires improvement"),
        ("Out standing", "hmip-2018", "Outstanding"),
        ("GOOD", "hmip-2018", "Good"),
        ("satisfactory", "hmip-2013", "Satisfactory"),
        ("Rating", "hmip-2018", None),
        ("Goood", "hmip-2013", None),
    ],
)
def test_canonical_rating(text, scheme, rating):
    assert canonical_rating(text, scheme) == rating


def test_strip_footnote():
    assert strip_footnote("Good1") == "Good"
    assert strip_footnote("Inadequate [2]") == "Inadequate"
    assert strip_footnote("1 The resettlement standard does not contribute.") == (
        "1 The resettlement standard does not contribute."
    )


def test_theme_any_canonical_or_as_written():
    assert theme_any("protecting the child") == "Protecting the child or young person"
    assert theme_any("  Voice  of the child ") == "Voice of the child"
