"""Rating schemes and theme vocabularies, kept as data: one YAML file per scheme in this folder.

Adding a scheme is adding a file. Each file names its bands (highest first), and the frameworks it
serves with their themes and aliases. Everything else in the suite asks this module, never the
files.

>>> scheme = get_scheme("hmip-2013")
>>> [b.label for b in scheme.bands]
['Good', 'Satisfactory', 'Unsatisfactory', 'Poor']
>>> canonical_framework("Short Quality Screening")
'SQS'
>>> canonical_theme("HMIP2018", "outofcourt disposal policy & provision")
'3.4 Out-of-court disposal policy and provision'
>>> canonical_theme("HMIP2018", "Assessment (court)"), canonical_theme("HMIP2018", "3.1")
('2.1 Assessment', '3.1 Assessment')

A framework rated by numbered standards (HMIP's youth framework from 2018) lists them as
`standards`, each with its number, name, domain, whether it counts toward the overall rating and
its key questions; its themes are the standards' labels (`2.1 Assessment`), so court and
out-of-court standards of the same name never merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from yosanalysis.text import loose_key, match_key

__all__ = [
    "Band",
    "CaseRating",
    "Scheme",
    "Standard",
    "available_schemes",
    "canonical_framework",
    "canonical_key_question",
    "canonical_theme",
    "get_scheme",
    "resolve_theme",
    "scheme_for_framework",
    "standards_of",
]


@dataclass(frozen=True)
class Band:
    """One band of a rating scheme: the lowest value it takes, its label and its stars."""

    label: str
    min: float
    stars: int | None = None  # None: the scheme gives no stars (HMIP's 2018 and 2025 ratings)
    text: str = ""


@dataclass(frozen=True)
class Standard:
    """A rated standard of a framework: its number (`2.1`, or None), name, domain (number),
    whether its points count toward the overall rating, its key questions and other names."""

    number: str | None
    name: str
    domain: str | None = None
    counted: bool = True
    key_questions: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The standard as the suite writes it: `2.1 Assessment`, or the name alone.

        >>> Standard("2.1", "Assessment").label, Standard(None, "Work with victims").label
        ('2.1 Assessment', 'Work with victims')
        """
        return f"{self.number} {self.name}" if self.number else self.name


@dataclass(frozen=True)
class CaseRating:
    """How a case standard is rated from the share of inspected cases judged sufficient: the
    rule's name, its bands (percent of cases, highest first) and its source."""

    rule: str
    bands: tuple[Band, ...]
    source: str
    sufficient_when: str = "all"

    def band_for(self, pct: float) -> str:
        """The rating a share of sufficient cases (percent, 0-100) earns.

        >>> get_scheme("hmip-2018").case_rating.band_for(79.9)
        'Good'
        """
        for b in self.bands:
            if pct >= b.min:
                return b.label
        raise ValueError(f"{pct!r} is below every band of the case-rating rule")


@dataclass(frozen=True)
class Framework:
    """An inspection framework: its code, title, aliases and themes (canonical name -> aliases)."""

    code: str
    title: str
    aliases: tuple[str, ...]
    themes: dict[str, tuple[str, ...]]
    standards: tuple[Standard, ...] = ()
    key_question_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Scheme:
    """A rating scheme read from its YAML file."""

    name: str
    title: str
    measure: str
    range: tuple[float, float]
    bands: tuple[Band, ...]
    frameworks: dict[str, Framework]
    ratings: dict[str, int] = field(default_factory=dict)
    crosswalk: dict[str, str] = field(default_factory=dict)
    max_points: float | None = None
    domains: dict[str, tuple[str, ...]] = field(default_factory=dict)
    case_rating: CaseRating | None = None
    overall_rule: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    caveat: str | None = None

    @property
    def rates_standards(self) -> bool:
        """Whether the scheme rates standards with words (HMIP from 2018: `hmip-2018`,
        `hmip-2025`) rather than banding percentage scores.

        >>> get_scheme("hmip-2025").rates_standards, get_scheme("hmip-2013").rates_standards
        (True, False)
        """
        return self.measure in ("points", "rating")

    @property
    def has_stars(self) -> bool:
        """Whether the scheme's bands carry stars (HMIP's 2013 descriptors do; its youth
        ratings from 2018 do not).

        >>> get_scheme("hmip-2013").has_stars, get_scheme("hmip-2018").has_stars
        (True, False)
        """
        return any(b.stars is not None for b in self.bands)

    def band_for(self, value: float) -> Band:
        """The band a value falls in; a value outside the scheme's range raises ValueError.

        >>> get_scheme("hmip-2018").band_for(26).label
        'Good'
        """
        if self.measure == "rating":
            raise ValueError(f"{self.name} ratings are given by HMIP, not banded from a number")
        low, high = self.range
        if value != value or not low <= value <= high:  # NaN or out of range
            unit = "%" if self.measure == "percent" else " points"
            raise ValueError(
                f"{value!r} is outside the {self.name} scheme's range "
                f"{low:g}-{high:g}{unit}"
            )
        for b in self.bands:
            if value >= b.min:
                return b
        raise ValueError(f"no band of {self.name} takes {value!r}")  # pragma: no cover

    def band_by_label(self, label: str) -> Band | None:
        """The band whose label matches `label` whatever its case, spacing or punctuation."""
        key = match_key(label)
        return next((b for b in self.bands if match_key(b.label) == key), None)


def _standard(spec: dict) -> Standard:
    number = spec.get("number")
    return Standard(
        number=None if number is None else str(number),
        name=spec["name"],
        domain=None if spec.get("domain") is None else str(spec["domain"]),
        counted=bool(spec.get("counted", True)),
        key_questions=tuple(spec.get("key_questions", [])),
        aliases=tuple(spec.get("aliases", [])),
    )


def _framework(code: str, spec: dict) -> Framework:
    standards = tuple(_standard(s) for s in spec.get("standards", []))
    if standards:
        themes = {s.label: s.aliases for s in standards}
    else:
        themes = {t["name"]: tuple(t.get("aliases", [])) for t in spec.get("themes", [])}
    return Framework(
        code=code,
        title=spec.get("title", code),
        aliases=tuple(spec.get("aliases", [])),
        themes=themes,
        standards=standards,
        key_question_aliases={k: tuple(v) for k, v in
                              spec.get("key_question_aliases", {}).items()},
    )


def _read(name: str) -> Scheme:
    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    frameworks = {code: _framework(code, spec)
                  for code, spec in raw.get("frameworks", {}).items()}
    case = raw.get("case_rating")
    case_rating = None if case is None else CaseRating(
        rule=case["rule"], bands=tuple(Band(**b) for b in case["bands"]),
        source=" ".join(str(case.get("source", "")).split()),
        sufficient_when=case.get("sufficient_when", "all"),
    )
    domains = {str(d["number"]): (d["name"], *d.get("aliases", []))
               for d in raw.get("domains", [])}
    return Scheme(
        name=raw["name"],
        title=raw.get("title", raw["name"]),
        measure=raw["measure"],
        range=tuple(raw.get("range") or (0, 0)),
        bands=tuple(Band(**b) for b in raw["bands"]),
        frameworks=frameworks,
        ratings=dict(raw.get("ratings", {})),
        crosswalk=dict(raw.get("crosswalk", {})),
        max_points=raw.get("max_points"),
        domains=domains,
        case_rating=case_rating,
        overall_rule=raw.get("overall_rule"),
        sources={k: " ".join(str(v).split()) for k, v in raw.get("sources", {}).items()},
        caveat=None if raw.get("caveat") is None else " ".join(str(raw["caveat"]).split()),
    )


@cache
def available_schemes() -> tuple[str, ...]:
    """Names of the schemes shipped in this folder.

    >>> available_schemes()
    ('cci', 'hmip-2013', 'hmip-2018', 'hmip-2025')
    """
    files = resources.files(__name__).iterdir()
    return tuple(sorted(f.name[:-5] for f in files if f.name.endswith(".yaml")))


@cache
def get_scheme(name: str) -> Scheme:
    """The scheme called `name`; an unknown name raises ValueError listing the known ones."""
    if name not in available_schemes():
        raise ValueError(
            f"unknown rating scheme {name!r}; known schemes: {', '.join(available_schemes())}"
        )
    return _read(name)


@cache
def _frameworks() -> dict[str, tuple[Framework, str]]:
    found: dict[str, tuple[Framework, str]] = {}
    for name in available_schemes():
        for code, fw in get_scheme(name).frameworks.items():
            found[code] = (fw, name)
    return found


def canonical_framework(value: str) -> str | None:
    """The framework code (`CCI`, `SQS`, `FJI`, `HMIP2018`, `HMIP2025`) a spelling or alias
    stands for."""
    key = match_key(value)
    for code, (fw, _) in _frameworks().items():
        if key in {match_key(code), match_key(fw.title), *map(match_key, fw.aliases)}:
            return code
    return None


def scheme_for_framework(framework: str) -> str:
    """The name of the rating scheme a framework's scores are read against.

    >>> scheme_for_framework("CCI")
    'cci'
    """
    code = canonical_framework(framework)
    if code is None:
        raise ValueError(f"unknown inspection framework {framework!r}")
    return _frameworks()[code][1]


def standards_of(framework: str) -> tuple[Standard, ...]:
    """The rated standards of a framework, in the scheme's order (empty for a framework of
    themes, such as SQS).

    >>> [s.label for s in standards_of("HMIP2018") if not s.counted]
    ['Resettlement policy and provision']
    """
    code = canonical_framework(framework)
    return () if code is None else _frameworks()[code][0].standards


@cache
def _standard_keys(code: str) -> dict[str, tuple[str, ...]]:
    """Every spelling of a standard of `code` (match keys) -> the labels it may stand for."""
    fw, scheme_name = _frameworks()[code]
    domains = get_scheme(scheme_name).domains
    found: dict[str, list[str]] = {}

    def add(text: str, label: str) -> None:
        labels = found.setdefault(match_key(text), [])
        if label not in labels:
            labels.append(label)

    for std in fw.standards:
        names = (std.name, *std.aliases)
        add(std.label, std.label)
        for name in names:
            add(name, std.label)
            if std.number:
                add(f"{std.number} {name}", std.label)
            if std.domain:
                add(f"domain {std.domain} {name}", std.label)
                for d in domains.get(std.domain, ()):
                    add(f"{name} {d}", std.label)
                    add(f"{d} {name}", std.label)
        if std.number:
            add(std.number, std.label)
    return {k: tuple(v) for k, v in found.items()}


@cache
def _loose_standard_keys(code: str) -> dict[str, tuple[str, ...]]:
    """`_standard_keys` by `loose_key` (spaces inside words and `/` ignored)."""
    found: dict[str, list[str]] = {}
    for key, labels in _standard_keys(code).items():
        merged = found.setdefault(key.replace(" ", ""), [])
        merged.extend(label for label in labels if label not in merged)
    return {k: tuple(v) for k, v in found.items()}


def _domain_number(scheme: Scheme, value: str) -> str | None:
    key = match_key(value)
    key = key[len("domain "):] if key.startswith("domain ") else key
    words = {"one": "1", "two": "2", "three": "3", "four": "4"}
    first = key.split(" ", 1)[0] if key else ""
    if first in words or first in scheme.domains:
        return words.get(first, first)
    for number, names in scheme.domains.items():
        if key in {match_key(n) for n in names}:
            return number
    return None


def resolve_theme(
    framework: str, value: str, domain: str | None = None
) -> tuple[str | None, str | None]:
    """(canonical theme or standard, None), or (None, why not): the reason names the accepted
    spellings, or the standards an ambiguous name could be. `domain` (a number or a name, e.g.
    `2`, `Domain two`, `Out-of-court disposals`) settles a name shared by two domains.

    >>> resolve_theme("HMIP2018", "Court disposals – Assessment")
    ('2.1 Assessment', None)
    >>> resolve_theme("HMIP2018", "Planning", domain="Out-of-court disposals")
    ('3.2 Planning', None)
    >>> resolve_theme("HMIP2018", "Planning")[1]
    "'Planning' is more than one standard of HMIP2018 (2.2 Planning or 3.2 Planning): give its number (e.g. '2.2 Planning') or its domain"
    """  # noqa: E501
    key = match_key(value)
    if key == "overall":
        return "Overall", None
    code = canonical_framework(framework)
    if code is None:
        return None, f"{framework!r} is not a known framework"
    fw, scheme_name = _frameworks()[code]
    loose = loose_key(value)  # `RE-OFFENDING`, `child/young person`, words split by a PDF
    if not fw.standards:
        for name, aliases in fw.themes.items():
            if key in {match_key(name), *map(match_key, aliases)}:
                return name, None
        for name, aliases in fw.themes.items():
            if loose in {loose_key(name), *map(loose_key, aliases)}:
                return name, None
        return None, f"{value!r} is not a theme of {code}"
    labels = _standard_keys(code).get(key, ()) or _loose_standard_keys(code).get(loose, ())
    if len(labels) > 1 and domain:
        number = _domain_number(get_scheme(scheme_name), domain)
        by_label = {s.label: s for s in fw.standards}
        labels = tuple(lab for lab in labels if by_label[lab].domain == number) or labels
    if len(labels) == 1:
        return labels[0], None
    if labels:
        return None, (f"{value!r} is more than one standard of {code} ({' or '.join(labels)}): "
                      f"give its number (e.g. {labels[0]!r}) or its domain")
    accepted = "; ".join(s.label for s in fw.standards)
    return None, (f"{value!r} is not a standard of {code}; accepted (with or without the "
                  f"number, e.g. '2.1', '2.1 Assessment', 'Assessment (court)'): {accepted}")


def canonical_theme(framework: str, value: str) -> str | None:
    """The canonical spelling of a theme or standard of `framework`, or None if it has none (or
    the name is shared by two standards: see `resolve_theme`).

    `Overall` is a theme of every framework.
    """
    return resolve_theme(framework, value)[0]


def canonical_key_question(framework: str, value: str) -> str | None:
    """The short name of a key question of `framework` (`desistance`, `safety of the child`,
    `safety of others`) a spelling stands for, or None.

    >>> canonical_key_question("HMIP2018", "Keeping other people safe")
    'safety of others'
    """
    code = canonical_framework(framework)
    if code is None:
        return None
    fw = _frameworks()[code][0]
    key = match_key(value)
    names = {q for s in fw.standards for q in s.key_questions} | set(fw.key_question_aliases)
    for name in names:
        if key in {match_key(name), *map(match_key, fw.key_question_aliases.get(name, ()))}:
            return name
    return None
