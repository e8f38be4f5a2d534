"""What every chart shares: the `Chart` result, the house style, the palette, the source line,
the one `save` helper and the small helpers that write numbers for readers.

Nothing here touches pyplot's global state: figures are `matplotlib.figure.Figure` objects (never
registered with pyplot, so none is left open), and the afcharts style is applied inside
`house_style()`, a context, so nothing leaks into the caller's own plots.
"""

from __future__ import annotations

import base64
import io
import math
import re
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from afcharts.af_colours import get_af_colours
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from yosanalysis.privacy.suppress import SUPPRESSED_WORD, suppressed_flags
from yosanalysis.verdicts import Verdict

__all__ = [
    "CATEGORICAL",
    "DPI",
    "FOCUS",
    "GREY_EDGE",
    "INK",
    "SIZE_CM",
    "Chart",
    "contrast_ratio",
    "house_style",
    "save",
]

#: Size of a chart on an A4 board paper, in centimetres (width, height).
SIZE_CM = (16.0, 9.0)
#: Resolution of saved PNGs.
DPI = 200
_CM = 1 / 2.54

#: The Analysis Function palettes, in their given order.
FOCUS: list[str] = [c.upper() for c in get_af_colours("focus")]
CATEGORICAL: list[str] = [c.upper() for c in get_af_colours("categorical")]
#: Every colour of every Analysis Function palette (what counts as "a palette colour").
PALETTE_COLOURS: frozenset[str] = frozenset(
    c.upper()
    for name in ("focus", "categorical", "duo", "sequential")
    for c in get_af_colours(name)
) | frozenset(c.upper() for c in get_af_colours("sequential", include_grey=True))

#: Text and annotation ink (not a palette colour): near-black, 19:1 on white.
INK = "#0B0C0C"
#: Reference lines (cut-offs, targets, medians) and the outline of grey bars: 6.9:1 on white.
GREY_EDGE = "#505A5F"
WHITE = "#FFFFFF"

_FONT = 8.5
_STYLE: list[Any] = [
    "afcharts.afcharts",
    {
        # afcharts is drawn for screens; these sizes fit a 16 x 9 cm chart on an A4 page
        "font.size": _FONT,
        "axes.titlesize": _FONT + 1.5,
        "axes.titleweight": "bold",
        "axes.titlepad": 8,
        "axes.labelsize": _FONT,
        "xtick.labelsize": _FONT - 0.5,
        "ytick.labelsize": _FONT - 0.5,
        "legend.fontsize": _FONT - 0.5,
        "svg.fonttype": "none",  # text stays text in the SVG: searchable, and read by tools
        "svg.hashsalt": "yosanalysis",  # the same chart gives the same file
    },
]

#: Verdicts of the comparison layer that are real changes (the only ones a chart marks).
REAL_CHANGES = {Verdict.IMPROVED: "▲ improved", Verdict.DECLINED: "▼ declined"}
SUPPRESSED = SUPPRESSED_WORD
#: Why a value is withheld, as its note says after "suppressed: ": its own count is small, or
#: (secondary suppression, `yosanalysis.privacy.secondary`) shown it would give away one that is.
PRIMARY_REASON = "fewer than {threshold} cases"
SECONDARY_REASON = "it would give away a figure on fewer than {threshold} cases"


@contextmanager
def house_style() -> Iterator[None]:
    """The afcharts matplotlib style, sized for an A4 board paper, applied only within the
    `with` block (nothing leaks into other plots).

    >>> import matplotlib as mpl
    >>> before = mpl.rcParams["font.size"]
    >>> with house_style():
    ...     inside = mpl.rcParams["axes.spines.top"]
    >>> inside, mpl.rcParams["font.size"] == before
    (False, True)
    """
    with plt.style.context(_STYLE):
        yield


# ------------------------------------------------------------------------------------ colours
def _luminance(colour: str) -> float:
    channels = np.array(to_rgb(colour))
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(first: str, second: str = WHITE) -> float:
    """WCAG contrast ratio of two colours (1 to 21).

    >>> round(contrast_ratio("#12436D"), 1), round(contrast_ratio("#BFBFBF"), 1)
    (10.2, 1.8)
    """
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_colour_on(fill: str) -> str:
    """Black or white ink, whichever stands out more on `fill`."""
    return WHITE if contrast_ratio(WHITE, fill) >= contrast_ratio(INK, fill) else INK


def hex_of(colour: Any) -> str:
    """A matplotlib colour as upper-case `#RRGGBB` (alpha dropped)."""
    return to_hex(colour, keep_alpha=False).upper()


# ------------------------------------------------------------------------------ reader's text


def wrap(text: Any, width: int) -> str:
    """Text wrapped onto lines of at most `width` characters (long words are not split)."""
    lines = textwrap.wrap(str(text), width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) or str(text)


def source_line(source: str | None, default: str, synthetic: bool) -> str:
    """The line under a chart naming its data: "Source: …", and "Synthetic sample data" when
    the data is synthetic.

    >>> source_line(None, "HMIP inspection scores", True)
    'Source: HMIP inspection scores. Synthetic sample data.'
    """
    text = (source or default).strip().rstrip(".")
    if not text.lower().startswith("source"):
        text = f"Source: {text}"
    return f"{text}. Synthetic sample data." if synthetic else f"{text}."


# ------------------------------------------------------------------------------- data checks
def need_columns(data: pd.DataFrame, columns: Sequence[str], chart: str) -> None:
    """ValueError naming the missing columns, if `data` lacks any of `columns`."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{chart} takes a pandas DataFrame, not {type(data).__name__}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(
            f"{chart} needs the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(map(repr, missing))}; the table has {', '.join(map(str, data.columns))}"
        )


def suppressed_reasons(counts: pd.Series, threshold: int) -> pd.Series:
    """Why a withheld row is withheld, as its note says: "fewer than 5 cases" where its own
    count is under `threshold` or unknown, else that it would give such a figure away.

    >>> suppressed_reasons(pd.Series([3, 17, None]), 5).tolist()
    ['fewer than 5 cases', 'it would give away a figure on fewer than 5 cases', 'fewer than 5 cases']
    """  # noqa: E501
    own = pd.to_numeric(counts, errors="coerce")
    large = (own >= threshold).fillna(False).astype(bool)
    primary = PRIMARY_REASON.format(threshold=threshold)
    secondary = SECONDARY_REASON.format(threshold=threshold)
    return pd.Series(primary, index=counts.index).where(~large, secondary)


def small_counts(
    data: pd.DataFrame, threshold: int, count_col: str = "n"
) -> pd.Series:
    """Rows to draw as "suppressed": flagged so already (a `suppressed` column, as
    `privacy.suppress` writes it), or resting on fewer than `threshold` cases in `count_col`.
    Charts apply this themselves, so the safe thing happens without being asked."""
    flags = suppressed_flags(data)
    if count_col in data.columns:
        counts = pd.to_numeric(data[count_col], errors="coerce")
        flags = flags | (counts < threshold).fillna(False).astype(bool)
    return flags


def pick_one(
    data: pd.DataFrame, column: str, wanted: str | None, what: str, default_last: bool = False
) -> tuple[pd.DataFrame, Any]:
    """The rows of `data` whose `column` equals `wanted`; with `wanted` None, the only value
    there is (or, when `default_last`, the last audit round in natural order), else a ValueError
    naming the choices."""
    values = list(dict.fromkeys(data[column].dropna().tolist()))
    if default_last:
        from yosanalysis.scoring import sort_rounds  # audit rounds in their natural order

        values = sort_rounds(values)
    if wanted is None:
        if len(values) == 1 or (default_last and values):
            wanted = values[-1]
        else:
            choices = ", ".join(map(str, values)) or "none"
            raise ValueError(f"the table holds several {what}s; choose one ({choices})")
    rows = data[data[column].astype(object) == wanted]
    if rows.empty:
        choices = ", ".join(map(str, values)) or "none"
        raise ValueError(f"no {what} {wanted!r} in the table; {what}s: {choices}")
    return rows, wanted


# ----------------------------------------------------------------------------- figure helpers
def new_axes(ax: Axes | None, height_cm: float = SIZE_CM[1]) -> tuple[Figure, Axes]:
    """The axes to draw on: the caller's, or a new 16 x 9 cm figure's (not known to pyplot)."""
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    fig = Figure(figsize=(SIZE_CM[0] * _CM, height_cm * _CM), dpi=DPI, layout="constrained")
    fig._yos_owned = True  # type: ignore[attr-defined]  # the chart may title the figure
    return fig, fig.add_subplot()


def _below_everything(ax: Axes) -> Callable[[Any], Bbox]:
    """Where the source line hangs: under the x axis (and any legend below the axes), from the
    left edge of the y-axis labels."""

    def anchor(renderer: Any) -> Bbox:
        boxes = [ax.bbox]
        for axis in (ax.xaxis, ax.yaxis):
            box = axis.get_tightbbox(renderer)
            if box is not None and box.width > 0:
                boxes.append(box)
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            boxes.append(legend.get_window_extent(renderer))
        x0 = min(b.x0 for b in boxes)
        y0 = min(b.y0 for b in boxes)
        anchor.last = Bbox.from_extents(x0, y0, ax.bbox.x1, ax.bbox.y1)  # type: ignore[attr-defined]
        return anchor.last  # type: ignore[attr-defined]

    return anchor


#: Space kept between a title's last letter and the figure's right edge, in points.
_TITLE_MARGIN_PT = 4


def _titles(fig: Figure) -> list[Any]:
    """The figure's title and each axes' titles, and the source line: the texts that run from
    the left towards the figure's right edge."""
    found = [fig._suptitle] if getattr(fig, "_suptitle", None) is not None else []
    for ax in fig.axes:
        found += [ax.title, ax._left_title, ax._right_title]
        found += [text for text in ax.texts if text.get_gid() == "source"]
    return [text for text in found if text.get_text()]


def fit_titles(fig: Figure, renderer: Any) -> bool:
    """Rewrap, word by word, every title (and the source line) of a drawn `fig` whose text runs
    past the figure's right edge, so no title is cut; True when any was rewrapped. Widths are
    measured with `renderer`, not guessed from a number of characters.

    >>> fig = Figure(figsize=(3, 2))
    >>> _ = fig.suptitle("A title far too long to fit on one line of a chart this narrow",
    ...                  x=0.01, ha="left")
    >>> fig.draw_without_rendering()
    >>> fit_titles(fig, fig._get_renderer()), len(fig._suptitle.get_text().splitlines())
    (True, 2)
    """
    right = fig.bbox.x1 - _TITLE_MARGIN_PT * fig.dpi / 72
    changed = False
    for text in _titles(fig):
        box = text.get_window_extent(renderer)
        if box.x1 <= right + 0.5:
            continue
        width = right - box.x0
        lines: list[str] = []
        for paragraph in text.get_text().split("\n"):
            line = ""
            for word in paragraph.split():
                trial = f"{line} {word}".strip()
                text.set_text(trial)
                if line and text.get_window_extent(renderer).width > width:
                    lines.append(line)
                    line = word
                else:
                    line = trial
            lines.append(line)
        text.set_text("\n".join(lines))
        changed = True
    return changed


def settle(fig: Figure) -> None:
    """Lay a chart out and draw it once, then fix that layout, so that every rendering of it
    (notebook, PNG, SVG, at any dpi) comes out the same and none pays for the layout again.

    Constrained layout runs on every draw, and the source line's anchor measures the axes' labels
    on every draw; on a figure of the chart's own, both are done here once and then fixed (the
    axes keep their positions, the source line its place in figure fractions), and the pixels of
    this draw are kept for the PNG at the figure's dpi (`to_png` uses them while nothing on the
    figure has changed since). A figure the caller gave keeps its own layout engine.
    """
    if not getattr(fig, "_yos_owned", False):
        fig.draw_without_rendering()
        if fit_titles(fig, fig._get_renderer()):
            fig.draw_without_rendering()
        return
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    fig.patch.set_facecolor(WHITE)
    canvas.draw()
    if fit_titles(fig, canvas.get_renderer()):
        canvas.draw()  # the layout again, around the rewrapped lines
    width, height = fig.bbox.width, fig.bbox.height
    for ax in fig.axes:
        for text in ax.texts:
            anchor = getattr(text, "xycoords", None)
            if callable(anchor) and text.get_gid() == "source":
                box = getattr(anchor, "last", None) or anchor(canvas.get_renderer())
                text.xycoords = "figure fraction"
                text.xy = (box.x0 / width, box.y0 / height)
    # no engine at all (not matplotlib's "none" placeholder, which still makes savefig draw twice)
    with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)
    fig.stale = False  # the source line was only restated in other units: the pixels still hold
    # Any later change to the figure (a line added, a label moved) makes it stale, which drops
    # the kept pixels; a later SVG or other draw does not bring them back.
    fig._yos_drawn = True  # type: ignore[attr-defined]
    fig.stale_callback = _forget_pixels


def _forget_pixels(fig: Any, stale: bool) -> None:
    if stale:
        fig._yos_drawn = False


# zlib level 3, not PIL's 6: on these flat-coloured charts a third less time for 1% more bytes
_PNG_OPTIONS = {"compress_level": 3}


def _drawn_png(fig: Figure, dpi: int, metadata: dict[str, Any]) -> bytes | None:
    """The PNG of the pixels `settle` drew, if it drew them (never for a caller's figure), they
    are at `dpi`, and nothing on the figure has changed since."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas
    if not getattr(fig, "_yos_drawn", False) or fig.stale or dpi != fig.dpi or \
            not isinstance(canvas, FigureCanvasAgg) or getattr(canvas, "renderer", None) is None:
        return None
    from matplotlib.image import imsave

    buffer = io.BytesIO()
    imsave(buffer, canvas.buffer_rgba(), format="png", origin="upper", dpi=dpi,
           metadata=metadata, pil_kwargs=_PNG_OPTIONS)
    return buffer.getvalue()


def finish(
    ax: Axes, title: str, source: str, title_width: int = 74, subtitle: str | None = None
) -> None:
    """Title the chart (with a subtitle in plain type where given) and hang the source line
    under it. On a figure of its own the title is the figure's, flush left with the source line
    (the house style); on axes the caller gave, it is the axes' title, on the left."""
    fig = ax.figure
    if getattr(fig, "_yos_owned", False):
        fig.suptitle(wrap(title, title_width), x=0.012, ha="left", fontsize=_FONT + 1.5,
                     fontweight="bold", color=INK)
        if subtitle:
            ax.set_title(wrap(subtitle, round(title_width * 1.15)), loc="left",
                         fontsize=_FONT, fontweight="normal", color=INK)
    else:
        full = wrap(title, title_width) + (f"\n{wrap(subtitle, title_width)}" if subtitle else "")
        ax.set_title(full, loc="left")
    ax.annotate(
        source,
        xy=(0, 0),
        xycoords=_below_everything(ax),
        xytext=(0, -6),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=_FONT - 1,
        color=INK,
        annotation_clip=False,
        gid="source",
    )
    settle(fig)


def margin_labels(
    ax: Axes, labels: Sequence[tuple[float, str]], *, min_gap: float, side: str = "right",
    **text: Any,
) -> list[Any]:
    """Labels in the margin beside the axes at data heights `y`, nudged apart by at least
    `min_gap` (in data units) so none overlaps another."""
    if not labels:
        return []
    order = sorted(range(len(labels)), key=lambda i: labels[i][0])
    placed = [0.0] * len(labels)
    last = -math.inf
    for i in order:
        y = max(labels[i][0], last + min_gap)
        placed[i] = last = y
    x, ha = (1.0, "left") if side == "right" else (0.0, "right")
    offset = 0.012 if side == "right" else -0.012
    return [
        ax.annotate(
            text_,
            xy=(x, y),
            xycoords=("axes fraction", "data"),
            xytext=(x + offset, placed[i]),
            textcoords=("axes fraction", "data"),
            ha=ha,
            va="center",
            annotation_clip=False,
            arrowprops=(
                {"arrowstyle": "-", "color": GREY_EDGE, "linewidth": 0.6, "shrinkA": 1,
                 "shrinkB": 0}
                if abs(placed[i] - y) > 1e-9 else None
            ),
            **{"color": INK, **text},
        )
        for i, (y, text_) in enumerate(labels)
    ]


def figure_texts(figure: Figure) -> list[str]:
    """Every piece of text drawn on a figure (titles, labels, ticks, annotations, legends)."""
    from matplotlib.text import Text

    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


# ------------------------------------------------------------------------------------ results
@dataclass
class Chart:
    """A chart: the matplotlib figure, its alt text (written from the data), the data table
    behind it (readable column names, no case references or names) and its title.

    In a notebook it shows as an image carrying its alt text; `save` writes PNG and SVG.

    >>> from matplotlib.figure import Figure
    >>> chart = Chart(Figure(), alt="Bar chart of <nothing>.", data=pd.DataFrame(), title="T")
    >>> 'alt="Bar chart of &lt;nothing&gt;."' in chart._repr_html_()
    True
    """

    figure: Figure
    alt: str
    data: pd.DataFrame
    title: str
    source: str = ""
    kind: str = field(default="chart", repr=False)

    def save(self, folder: str | Path, name: str) -> dict[str, Path]:
        """Write `<folder>/<name>.png` (200 dpi) and `<folder>/<name>.svg`; return their paths."""
        return save(self, folder, name)

    def to_png(self, dpi: int = DPI) -> bytes:
        """The chart as PNG bytes (for pictures in Word, or an HTML page)."""
        buffer = io.BytesIO()
        _write(self, buffer, "png", dpi)
        return buffer.getvalue()

    def to_svg(self) -> str:
        """The chart as SVG text."""
        buffer = io.BytesIO()
        _write(self, buffer, "svg", DPI)
        return buffer.getvalue().decode("utf-8")

    def img_html(self) -> str:
        """An `<img>` element holding the chart as an inline PNG, with its alt text."""
        width_px = round(self.figure.get_figwidth() * 96)
        png = base64.b64encode(self.to_png()).decode("ascii")
        return (
            f'<img src="data:image/png;base64,{png}" alt="{escape(self.alt, quote=True)}" '
            f'width="{width_px}" style="max-width:100%;height:auto">'
        )

    def _repr_html_(self) -> str:
        return self.img_html()

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> dict[str, Any]:
        # text/html first: nbconvert and JupyterLab both prefer it to image/png, so the exported
        # HTML carries the alt text instead of "No description has been provided for this image"
        return {"text/html": self.img_html(), "text/plain": self.alt}


_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _write(chart: Chart, target: Any, fmt: str, dpi: int) -> None:
    metadata: dict[str, Any]
    if fmt == "svg":
        metadata = {"Title": chart.title, "Description": chart.alt, "Date": None}
    else:
        metadata = {"Title": chart.title, "Description": chart.alt, "Software": None}
    if fmt == "png":
        drawn = _drawn_png(chart.figure, dpi, metadata)
        if drawn is not None:
            target.write(drawn)
            return
    with house_style():
        chart.figure.savefig(target, format=fmt, dpi=dpi, metadata=metadata, facecolor=WHITE,
                             **({"pil_kwargs": _PNG_OPTIONS} if fmt == "png" else {}))


def save(chart: Chart, folder: str | Path, name: str) -> dict[str, Path]:
    """Write a chart as `<folder>/<name>.png` (200 dpi) and `<folder>/<name>.svg`, creating the
    folder; return `{"png": path, "svg": path}`. `name` is a plain file stem (letters, digits,
    `.`, `_`, `-`).

    >>> import tempfile
    >>> chart = Chart(Figure(), alt="An empty chart.", data=pd.DataFrame(), title="Empty")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     sorted(p.name for p in save(chart, folder, "empty").values())
    ['empty.png', 'empty.svg']
    """
    if not _NAME.match(name or ""):
        raise ValueError(
            f"chart name {name!r} must be a plain file name (letters, digits, '.', '_', '-')"
        )
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = {fmt: out / f"{name}.{fmt}" for fmt in ("png", "svg")}
    for fmt, path in paths.items():
        with path.open("wb") as handle:
            _write(chart, handle, fmt, DPI)
    return paths
