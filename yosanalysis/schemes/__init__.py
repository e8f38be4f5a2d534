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
'Out-of-court disposal policy and provision'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from yosanalysis.text import loose_key, match_key

__all__ = [
    "Band",
    "Scheme",
    "available_schemes",
    "canonical_framework",
    "canonical_theme",
    "get_scheme",
    "scheme_for_framework",
]


@dataclass(frozen=True)
class Band:
    """One band of a rating scheme: the lowest value it takes, its label and its stars."""

    label: str
    min: float
    stars: int
    text: str = ""


@dataclass(frozen=True)
class Framework:
    """An inspection framework: its code, title, aliases and themes (canonical name -> aliases)."""

    code: str
    title: str
    aliases: tuple[str, ...]
    themes: dict[str, tuple[str, ...]]


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

    def band_for(self, value: float) -> Band:
        """The band a value falls in; a value outside the scheme's range raises ValueError.

        >>> get_scheme("hmip-2018").band_for(26).label
        'Good'
        """
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


def _read(name: str) -> Scheme:
    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    frameworks = {
        code: Framework(
            code=code,
            title=spec.get("title", code),
            aliases=tuple(spec.get("aliases", [])),
            themes={t["name"]: tuple(t.get("aliases", [])) for t in spec.get("themes", [])},
        )
        for code, spec in raw.get("frameworks", {}).items()
    }
    return Scheme(
        name=raw["name"],
        title=raw.get("title", raw["name"]),
        measure=raw["measure"],
        range=tuple(raw["range"]),
        bands=tuple(Band(**b) for b in raw["bands"]),
        frameworks=frameworks,
        ratings=dict(raw.get("ratings", {})),
        crosswalk=dict(raw.get("crosswalk", {})),
        max_points=raw.get("max_points"),
    )


@cache
def available_schemes() -> tuple[str, ...]:
    """Names of the schemes shipped in this folder.

    >>> available_schemes()
    ('cci', 'hmip-2013', 'hmip-2018')
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
    """The framework code (`CCI`, `SQS`, `FJI`, `HMIP2018`) a spelling or alias stands for."""
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


def canonical_theme(framework: str, value: str) -> str | None:
    """The canonical spelling of a theme or standard of `framework`, or None if it has none.

    `Overall` is a theme of every framework.
    """
    key = match_key(value)
    if key == "overall":
        return "Overall"
    code = canonical_framework(framework)
    if code is None:
        return None
    fw = _frameworks()[code][0]
    for name, aliases in fw.themes.items():
        if key in {match_key(name), *map(match_key, aliases)}:
            return name
    loose = loose_key(value)  # `RE-OFFENDING`, `child/young person`, words split by a PDF
    for name, aliases in fw.themes.items():
        if loose in {loose_key(name), *map(loose_key, aliases)}:
            return name
    return None
