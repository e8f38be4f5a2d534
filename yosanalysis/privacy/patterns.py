"""What the pack scan looks for, and the normalised text it looks in (issue #16).

Text is normalised before anything is matched (`normalise`): Unicode NFKC (full-width letters
and digits become plain ones), zero-width characters, soft hyphens and apostrophes removed, case
folded. Each personal detail is then looked for by its structure, not its spelling:

- a **case reference** (or an e-mail address) by its letters and digits in order, with any short
  run of spaces or separators (`-`, en dash, `.`, `/`, `_`...) between any two of them or none:
  `SYN-0004` is found as `SYN0004`, `syn–0004`, `SYN.0004`, `S Y N 0 0 0 4`;
- a **person's name** in every usual arrangement (`names`): in full, forename and surname,
  initial(s) and surname, `Surname, Forename`, `Surname, J`, each with or without a title;
- a **date of birth** (`DATE_OF_BIRTH`): any date form the cleaner accepts (`12/03/2008`,
  `2008-03-12`, `25-Nov-2008`, `12 March 2008`, `March 12, 2008`...) or spelled out (`the twelfth
  of March two thousand and eight`), after a usual label (`DOB`, `D.O.B.`, `date of birth`,
  `date-of-birth`, `Date of Birth (dd/mm/yyyy):`, `birth date`, `born`, `born on the`).

>>> matcher = Matcher({"SYN-0004": "case reference", "Jo Specimen": "auditor's name"})
>>> [m for m in matcher.find(normalise("Ｓｙｎ 0 0 0 4 seen by SPECIMEN, J."))]
[('case reference', 'SYN-0004', 0), ("auditor's name", 'Jo Specimen', 20)]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

__all__ = ["DATE_OF_BIRTH", "DOB_HEADING", "Matcher", "names", "normalise"]

_SHORTEST = 3
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062"
                                    "\u2063\u2064\ufeff\u180e\u034f\u202a\u202b\u202c\u202d"
                                    "\u202e\u2066\u2067\u2068\u2069'\u2019\u2018\u02bc`\u00b4"),
                           None)


def normalise(text: str) -> str:
    """`text` as the scan reads it: NFKC, invisible characters, soft hyphens and apostrophes
    removed, case folded.

    >>> normalise("ＡＢＣ\\u200b-1001 O\\u2019Brien\\u00ad")
    'abc-1001 obrien'
    """
    text = unicodedata.normalize("NFKC", str(text)).translate(_INVISIBLE).casefold()
    return unicodedata.normalize("NFKC", text)


# -- case references and e-mail addresses: letters and digits in order ------------------------
#: Between any two characters of a reference: a short run of spaces or separators, or none.
#: Never the NUL that parts the pieces of a file's text, nor a comma (`12,345` is a count).
_SEP = r"[\s._/\\|:·•‐‑‒–—―−+~@-]{0,3}"
_ALNUM = re.compile(r"[^\W_]", re.UNICODE)


def _structure(value: str) -> str:
    """The letters and digits of a normalised value: what a reference is matched by."""
    return "".join(_ALNUM.findall(normalise(value)))


# -- names ---------------------------------------------------------------------------------------
_TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame")
_NAME_SEP = r"[\s._-]{1,4}"


def names(value: str) -> list[str]:
    """Every usual arrangement of a person's name, normalised, words separated by one space:
    in full, forename(s) and surname, initial(s) and surname, `Surname, Forename(s)` and
    `Surname, I.` (always with the comma, and the initial with its dot: otherwise a surname
    that is also a word would be found in ordinary text, `for example, a`), each also after a
    title. One word gives itself.

    >>> names("Dr Jo Specimen")[:5]
    ['jo specimen', 'specimen,jo', 'specimen,j.', 'j specimen', 'mr specimen']
    """
    words = [w for w in re.split(r"[\s._,-]+", normalise(value)) if w]
    while len(words) > 1 and words[0].rstrip(".") in _TITLES:
        words = words[1:]
    if not words:
        return []
    if len(words) == 1:
        return [words[0]]
    forenames, surname = words[:-1], words[-1]
    first = forenames[0]
    found = [" ".join(words), f"{first} {surname}", f"{surname},{' '.join(forenames)}",
             f"{surname},{first}", f"{surname},{first[0]}."]  # `Example, A.`: not `example, a`
    if len(surname) >= _SHORTEST:  # `J Li` would be found in too much ordinary text
        initials = [w[0] for w in forenames]
        found += [f"{first[0]} {surname}", f"{' '.join(initials)} {surname}"]
        for title in _TITLES:
            found += [f"{title} {surname}", f"{title} {first} {surname}",
                      f"{title} {first[0]} {surname}", f"{title} {' '.join(words)}"]
    return list(dict.fromkeys(found))


def _name_key(text: str) -> str:
    """A name as found in text, written as `names` writes its arrangements."""
    return ",".join(" ".join(w for w in re.split(r"[\s._-]+", part) if w)
                    for part in text.split(","))


# -- one regular expression for many values (a trie) --------------------------------------------
def _trie(words: Iterable[str], glue: str) -> str:
    """One regular expression matching any of `words` (a trie, so thousands of values cost
    little more than one): `glue` goes between any two characters, and a space stands for any
    short run of spaces, dots, commas or hyphens."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = []
        for char, child in sorted(node.items()):
            if not char:
                continue
            atom = {" ": _NAME_SEP, ",": r"[\s.]*,\s*"}.get(char, re.escape(char))
            rest = emit(child)
            if rest:
                rest = glue + rest
                atom += f"(?:{rest})?" if "" in child else rest
            branches.append(atom)
        if not branches:
            return ""
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return emit(root)


class Matcher:
    """Looks for given personal details in normalised text.

    `secrets` maps each value to its kind (`case reference`, `auditor's name`, `person's name`,
    `email address`, or anything else, matched as a reference is), or is a plain collection of
    values. Names are matched in every arrangement `names` gives; everything else by its
    letters and digits (`_structure`). Values shorter than 3 characters are left out.
    """

    def __init__(self, secrets: Mapping[str, str] | Iterable[str]) -> None:
        kinds = secrets if isinstance(secrets, Mapping) else dict.fromkeys(secrets,
                                                                            "personal detail")
        self.lookup: dict[str, tuple[str, str]] = {}
        structured: list[str] = []
        named: list[str] = []
        for value, kind in kinds.items():
            shown = " ".join(str(value).split())
            if len(shown) < _SHORTEST:
                continue
            if kind.endswith("name") and "@" not in shown:
                for variant in names(shown):
                    if len(variant.replace(" ", "")) >= _SHORTEST:
                        self.lookup.setdefault("n:" + _name_key(variant), (kind, shown))
                        named.append(variant)
            else:
                key = _structure(shown)
                if len(key) >= _SHORTEST:
                    self.lookup.setdefault("s:" + key, (kind, shown))
                    structured.append(key)
        parts = []
        if structured:
            parts.append(f"(?P<s>{_trie(sorted(set(structured)), _SEP)})")
        if named:
            parts.append(f"(?P<n>{_trie(sorted(set(named)), '')})")
        self.pattern = re.compile(rf"(?<![^\W_])(?:{'|'.join(parts)})(?![^\W_])"
                                  if parts else r"(?!x)x")

    def find(self, text: str) -> Iterator[tuple[str, str, int]]:
        """(kind, value as given, offset) of each detail found in the normalised `text`."""
        for match in self.pattern.finditer(text):
            if match.lastgroup == "s":
                key = "s:" + _structure(match.group(0))
            else:
                key = "n:" + _name_key(match.group(0))
            kind, value = self.lookup.get(key, ("personal detail", match.group(0)))
            yield kind, value, match.start()


# -- dates of birth ------------------------------------------------------------------------------
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ORDINAL_UNITS = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
_ORDINAL = (rf"(?:{_ORDINAL_UNITS}|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|"
            rf"sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|"
            rf"(?:twenty|thirty)[\s-]?{_ORDINAL_UNITS})")
_SMALL = rf"(?:{_TENS}(?:[\s-]?{_UNITS})?|{_TEENS}|{_UNITS})"
_YEAR_WORDS = (rf"(?:two\s+thousand(?:\s+and)?(?:\s+{_SMALL})?|"
               rf"(?:nineteen|twenty)\s+(?:hundred(?:\s+and\s+{_SMALL})?|{_SMALL}|oh\s+{_UNITS}))")
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORDINAL})"
_YEAR = rf"(?:\d{{4}}|\d{{2}}|{_YEAR_WORDS})"
_D = r"\s*[-/.\s]\s*"
_DATE = (rf"(?:\d{{1,2}}{_D}\d{{1,2}}{_D}\d{{2,4}}|\d{{4}}{_D}\d{{1,2}}{_D}\d{{1,2}}"
         rf"|(?:the\s+)?{_DAY}(?:\s+of)?[\s,./-]*{_MONTH}[\s,./-]*{_YEAR}"
         rf"|{_MONTH}[\s,./-]*(?:the\s+)?{_DAY}(?:\s+of)?,?[\s,./-]*{_YEAR}"
         rf"|{_MONTH},?\s+(?:\d{{4}}|{_YEAR_WORDS})|(?:19|20)\d{{2}})")
_LABEL = (r"(?:d\s?\.?\s?o\s?\.?\s?b\b\.?|date[\s_-]*of[\s_-]*birth|birth[\s_-]*date|"
          r"born(?:\s+(?:on|in))?)")
_HINT = r"(?:\s*\(\s*[dmy]{1,4}\s*[/.-]\s*[dmy]{1,4}\s*[/.-]\s*[dmy]{1,4}\s*\))?"
#: A date of birth after its label, in normalised text.
DATE_OF_BIRTH = re.compile(
    rf"(?<![^\W_]){_LABEL}{_HINT}\s*\)?\s*[:=–—-]?\s*(?:(?:is|was)\s+)?(?:on\s+)?"
    rf"(?:the\s+)?{_DATE}(?![^\W_])")
#: A column heading that says its column holds dates of birth.
DOB_HEADING = re.compile(rf"^\s*{_LABEL}{_HINT}\s*:?\s*$")
