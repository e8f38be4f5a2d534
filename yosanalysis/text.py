"""Small text helpers shared by every layer: the one way the suite compares spellings."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["collapse_spaces", "loose_key", "match_key"]

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def collapse_spaces(value: str) -> str:
    """Trim a string and collapse runs of white space (including non-breaking spaces) to one.

    >>> collapse_spaces("  Protecting\\u00a0the   public ")
    'Protecting the public'
    """
    return _SPACES.sub(" ", value.replace("\u00a0", " ")).strip()


def match_key(value: str) -> str:
    """The key two spellings share when they mean the same thing: case, accents, spacing and
    punctuation ignored, and `&` read as `and`.

    >>> match_key(" Score (%) ") == match_key("score")
    True
    >>> match_key("Out-of-court disposal policy & provision")
    'out of court disposal policy and provision'
    """
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("&", " and ")
    return _NOT_WORD.sub(" ", text).strip()


def loose_key(value: str) -> str:
    """A looser key than `match_key`, for names typed or scraped from reports: spaces and
    hyphens inside words ignored too (`RE-OFFENDING`, `partners hips`, as a PDF splits words)
    and `/` read as `or` (`child/young person`), as the data contract asks of themes.

    >>> loose_key("REDUCING THE LIKELIHOOD OF RE-OFFENDING") == loose_key(
    ...     "Reducing the likelihood of reoffending")
    True
    >>> loose_key("Protecting the child/young person") == loose_key(
    ...     "Protecting the child or young person")
    True
    """
    return match_key(str(value).replace("/", " or ")).replace(" ", "")
